"""Build the site safely: ``python -m pelican_showcase.build [--settings FILE] [--output DIR]``.

Pelican writes into a fresh folder beside the output folder. Only when the whole build has
passed does that folder replace the output folder; a failed or interrupted build leaves the
previous site as it was. Data problems are printed together, as the checker prints them.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from pelican import Pelican, signals
from pelican.settings import read_settings

from pelican_showcase.generator import BuildResult, ShowcaseGenerator
from pelican_showcase.timing import Timings
from showcase import parallel
from showcase.check.links import check_links
from showcase.check.search import Shard, shard_digest
from showcase.check.sitecheck import finish_html_check, java_available, scan_site, start_html_check
from showcase.check.sources import trace_to_sources
from showcase.cli import add_format_option
from showcase.problems import ProblemsFound, format_report
from showcase.settings import ShowcaseSettings
from showcase.site.written import Previous, manifest_path

logger = logging.getLogger(__name__)


class BuildStepFailed(Exception):
    """A step after Pelican (search index, checks) failed; the message says which and why."""


PAGEFIND_OPTIONS = ("--force-language", "nl")
INDEXER = f"pagefind {metadata.version('pagefind')} {' '.join(PAGEFIND_OPTIONS)}"
"""Part of every shard's digest: another Pagefind or other options rebuild every shard."""
DIGEST_FILE = "showcase-shard.sha256"
"""In each bundle: the digest of what it was built from (see :mod:`showcase.check.search`)."""


def index_search(
    site: Path,
    shards: tuple[Shard, ...],
    indexed: Mapping[str, str],
    previous: Path | None,
    timings: Timings,
) -> tuple[int, int]:
    """Index the built site with Pagefind (the binary ships in the pagefind_bin wheel), one
    bundle per shard. A shard whose pages give the same digest (from ``indexed``: each page's
    digest, taken as it was written) as the bundle in ``previous`` (the published site) keeps
    that bundle. Returns (rebuilt, shards)."""
    with timings.step("search index"):
        rebuilt = 0
        for shard in shards:
            pages = shard.pages
            digest = shard_digest(((page, indexed[page]) for page in pages), INDEXER)
            old = previous / shard.bundle if previous is not None else None
            if old is not None and _digest_of(old) == digest:
                shutil.copytree(old, site / shard.bundle, copy_function=os.link)  # never written
                continue
            run_pagefind(site, shard.bundle, pages)
            (site / shard.bundle / DIGEST_FILE).write_text(digest + "\n", encoding="utf-8")
            rebuilt += 1
        return rebuilt, len(shards)


def _digest_of(bundle: Path) -> str | None:
    try:
        return (bundle / DIGEST_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return None


def run_pagefind(site: Path, bundle: str, pages: tuple[str, ...]) -> None:
    """Pagefind on exactly ``pages``: they are hard-linked into a folder of their own, at the
    same paths, so the URLs come out as on the site and nothing else is read."""
    # Beside the staging folder (the checks read every page inside it); a killed build's
    # folder is removed with its staging folder (remove_stale_staging).
    folder = site.with_name(f"{site.name}.index-{bundle}")
    shutil.rmtree(folder, ignore_errors=True)
    try:
        for page in pages:
            target = folder / page
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(site / page, target)
        command = [sys.executable, "-m", "pagefind", "--site", str(folder)]
        command += [*PAGEFIND_OPTIONS, "--output-path", str(site / bundle), "--quiet"]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if result.returncode != 0:
        raise BuildStepFailed(f"de zoekindex (Pagefind) liep fout:\n{result.stderr.strip()}")


def check_site(
    site: Path,
    site_url: str,
    showcase: ShowcaseSettings,
    search: parallel.Beside[tuple[int, int]],
    timings: Timings,
    result: BuildResult,
) -> bool:
    """Links, markup safety and (with Java) valid HTML; any problem fails the build.

    The pages the generator wrote were scanned as they were written (``result.written``);
    other pages are read here while ``search`` (the search index) is still being made; the
    links are resolved once it is done, as the search page links to Pagefind's files. The Nu
    HTML checker sees only the pages it has not passed in an earlier build. A problem on a page
    made from a file is reported at that file (``result.sources``, by page), with the page
    beside it. Returns whether the Nu HTML checker ran."""
    workers = parallel.workers_for(showcase.workers)
    html_check = None
    if showcase.check_html:
        if java_available():
            # A JVM of its own, beside the rest, on the pages it has not passed before.
            html_check = start_html_check(site, skip=result.written.checked())
        else:
            print(
                "let op: geen Java, dus de HTML-controle (Nu HTML checker) werd overgeslagen",
                file=sys.stderr,
            )
    try:
        with timings.step("page scan (beside the search index)"):
            pages, problems = scan_site(site, site_url, workers, result.written.links(site))
            problems = sorted(
                result.written.problems + problems, key=lambda p: (p.path, p.line, p.col)
            )
        search.result()
        with timings.step("link check"):
            problems = check_links(site, site_url, pages) + problems
    finally:
        if html_check is not None:
            with timings.step("rest of the HTML checker"):
                problems_html = finish_html_check(html_check)
    if html_check is not None:
        problems += problems_html
    if problems:
        problems = trace_to_sources(problems, result.sources, site)
        raise BuildStepFailed(
            "de gebouwde site heeft problemen:\n" + format_report(problems, "text")
        )
    return html_check is not None


def remove_stale_staging(output: Path) -> None:
    """Remove staging folders left by builds that were killed, and replaced sites whose
    removal did not finish (their process is gone)."""
    for folder in output.parent.glob(f".{output.name}.building-*"):
        pid = re.match(r"\d+", folder.name.removeprefix(f".{output.name}.building-"))
        if pid and not _alive(int(pid.group())):
            shutil.rmtree(folder, ignore_errors=True)
    for folder in output.parent.glob(f".{output.name}.old-*"):
        pid = re.match(r"\d+", folder.name.removeprefix(f".{output.name}.old-"))
        if pid and not _alive(int(pid.group())):
            remove_in_background(folder)  # perhaps still being removed: that is harmless


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def swap_in(new: Path, output: Path) -> None:
    """Replace ``output`` by ``new`` with two renames. The old site is removed last, by a
    process of its own that the build does not wait for: removing ten thousand folders can
    take longer than the build on some disks (28 s for the N = 10,000 site on an ext4 disk
    mounted with ``discard``), and nothing needs the old site any more. A removal that does
    not finish is started again by the next build."""
    old = output.with_name(f".{output.name}.old-{os.getpid()}")
    if output.exists():
        output.rename(old)
    new.rename(output)
    if old.exists():
        remove_in_background(old)


def remove_in_background(folder: Path) -> None:
    """Remove ``folder`` in a process of its own, which outlives the build if need be."""
    remover = [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], True)"]
    subprocess.Popen(
        [*remover, str(folder)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


class ShowcasePelican(Pelican):  # type: ignore[misc]
    """Pelican's run, without its closing "Done: Processed 0 articles, … 0 pages" line (Pelican
    reads no content itself here: the showcase generator does) and returning the generators,
    so that the build can ask the showcase generator what it built. ``previous``: the last
    build's output and manifest, for the showcase generator to keep unchanged pages from."""

    def __init__(self, settings: dict[str, Any], previous: Previous | None = None) -> None:
        super().__init__(settings)
        self.previous = previous

    def run_generators(self) -> list[Any]:
        context = self.settings.copy()
        context["generated_content"] = {}
        context["static_links"] = set()
        context["static_content"] = {}
        context["localsiteurl"] = self.settings["SITEURL"]
        generators = [
            cls(
                context=context,
                settings=self.settings,
                path=self.path,
                theme=self.theme,
                output_path=self.output_path,
            )
            for cls in self._get_generator_classes()
        ]
        # The build writes into a fresh staging folder: nothing to delete first.
        for generator in generators:
            if isinstance(generator, ShowcaseGenerator):
                generator.previous = self.previous
            if hasattr(generator, "generate_context"):
                generator.generate_context()
            if hasattr(generator, "check_disabled_readers"):
                generator.check_disabled_readers()
        signals.all_generators_finalized.send(generators)
        for generator in generators:
            if hasattr(generator, "refresh_metadata_intersite_links"):
                generator.refresh_metadata_intersite_links()
        writer = self._get_writer()
        for generator in generators:
            if hasattr(generator, "generate_output"):
                generator.generate_output(writer)
        signals.finalized.send(self)
        return generators


def run_pelican(
    settings: dict[str, Any], previous: Previous | None = None
) -> tuple[BuildResult, Timings]:
    """Pelican with the showcase generator; what it built and how long its steps took."""
    generators = ShowcasePelican(settings, previous).run_generators()
    showcase = next(g for g in generators if isinstance(g, ShowcaseGenerator))
    assert showcase.result is not None, "the showcase generator wrote nothing"
    return showcase.result, showcase.timings


def build(
    settings_file: Path,
    output: Path,
    *,
    report_format: str = "text",
    overrides: dict[str, Any] | None = None,
    timings: bool = False,
) -> int:
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(output)
    staging = output.with_name(f".{output.name}.building-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    started = time.perf_counter()
    steps = Timings()
    try:
        override = {**(overrides or {}), "OUTPUT_PATH": str(staging)}
        settings = read_settings(str(settings_file), override=override)
        showcase = ShowcaseSettings.from_mapping(settings)
        site_url = settings.get("SITEURL", "")
        manifest = _manifest(settings, showcase, output)
        previous = Previous.load(manifest, output, site_url) if manifest else None
        result, generator_steps = run_pelican(settings, previous)
        steps.add(generator_steps)
        published = output if output.is_dir() else None
        indexed = result.written.indexed()
        # Pagefind (child processes, reading hard links outside the staging folder) and the
        # checks (reading the pages) run side by side: Pagefind alone leaves a core half idle.
        # On a failure, Pagefind is waited for before the staging folder is removed.
        search = parallel.Beside(
            lambda: index_search(staging, result.shards, indexed, published, steps)
        )
        try:
            html_checked = check_site(staging, site_url, showcase, search, steps, result)
        finally:
            search.join()
        rebuilt, shards = search.result()
    except BuildStepFailed as failure:
        print(f"bouwen mislukt: {failure}", file=sys.stderr)
        print(f"bouwen mislukt: {output} bleef zoals het was", file=sys.stderr)
        shutil.rmtree(staging, ignore_errors=True)
        return 1
    except ProblemsFound as failure:
        print(format_report(failure.problems, report_format), file=sys.stderr)
        print(f"bouwen mislukt: {output} bleef zoals het was", file=sys.stderr)
        shutil.rmtree(staging, ignore_errors=True)
        return 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap_in(staging, output)
    if manifest:
        if html_checked:
            result.written.mark_checked()
        result.written.save(manifest, site_url)
    print(
        f"gebouwd: {output}: {_dotted(result.pages)} pagina's ({_dotted(result.projects)} "
        f"projecten, {result.municipalities} gemeenten), waarvan {_dotted(result.written.kept)} "
        f"ongewijzigd, in {_seconds(time.perf_counter() - started)}; "
        f"zoekindex: {rebuilt} van {shards} {'deel' if shards == 1 else 'delen'} opnieuw gemaakt"
    )
    if timings:
        print(f"stappen: {steps.summary()}; {result.written.rendered} pagina's opgemaakt")
    return 0


def _manifest(settings: Mapping[str, Any], showcase: ShowcaseSettings, output: Path) -> Path | None:
    """Where the manifest of the pages built into ``output`` is kept (none without a cache)."""
    if not showcase.cache_path:
        return None
    root = Path(settings["PATH"]).resolve().parent
    return manifest_path(root / showcase.cache_path, output)


def _dotted(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _seconds(value: float) -> str:
    return f"{value:.1f} s".replace(".", ",")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    parser.add_argument("--output", type=Path, default=Path("output"))
    add_format_option(parser)
    parser.add_argument("--timings", action="store_true", help="print the time of each step")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return build(args.settings, args.output, report_format=args.format, timings=args.timings)


if __name__ == "__main__":
    code = main()
    parallel.spare_final_collection()  # the catalogue is left to the operating system
    sys.exit(code)
