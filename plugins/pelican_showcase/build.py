"""Build the site safely: ``python -m pelican_showcase.build [--settings FILE] [--output DIR]``.

Pelican writes into a fresh folder beside the output folder. Only when the whole build has
passed does that folder replace the output folder; a failed or interrupted build leaves the
previous site as it was. Data problems are printed together, as the checker prints them.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from pelican import Pelican
from pelican.settings import read_settings

from pelican_showcase import timing
from showcase.linkcheck import check_links
from showcase.problems import ProblemsFound, format_report
from showcase.sitecheck import check_html, java_available, scan_site

logger = logging.getLogger(__name__)


class BuildStepFailed(Exception):
    """A step after Pelican (search index, checks) failed; the message says which and why."""


def index_search(site: Path) -> None:
    """Index the built site with Pagefind (the binary ships in the pagefind_bin wheel)."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(site),
            "--force-language",
            "nl",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BuildStepFailed(f"the search index (Pagefind) failed:\n{result.stderr.strip()}")


def check_site(site: Path, settings: dict[str, Any]) -> None:
    """Links, markup safety and (with Java) valid HTML; any problem fails the build."""
    site_url = settings.get("SITEURL", "")
    workers = settings.get("SHOWCASE_WORKERS") or os.cpu_count() or 1
    with timing.step("link and safety checks"):
        pages, problems = scan_site(site, site_url, workers)
        problems = check_links(site, site_url, pages) + problems
    if settings.get("SHOWCASE_CHECK_HTML", True):
        if java_available():
            with timing.step("HTML checker"):
                problems += check_html(site)
        else:
            print("note: no Java runtime, so the HTML checker was skipped", file=sys.stderr)
    if problems:
        raise BuildStepFailed("the built site has problems:\n" + format_report(problems, "text"))


def remove_stale_staging(output: Path) -> None:
    """Remove staging folders left by builds that were killed (their process is gone)."""
    for folder in output.parent.glob(f".{output.name}.building-*"):
        pid = folder.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def swap_in(new: Path, output: Path) -> None:
    """Replace ``output`` by ``new`` with two renames (the old site is removed last)."""
    old = output.with_name(f".{output.name}.old-{os.getpid()}")
    if output.exists():
        output.rename(old)
    new.rename(output)
    if old.exists():
        shutil.rmtree(old)


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
    timing.reset()
    try:
        override = {**(overrides or {}), "OUTPUT_PATH": str(staging)}
        settings = read_settings(str(settings_file), override=override)
        Pelican(settings).run()
        with timing.step("search index"):
            index_search(staging)
        check_site(staging, settings)
    except BuildStepFailed as failure:
        print(f"build failed: {failure}", file=sys.stderr)
        print(f"build failed: {output} was left as it was", file=sys.stderr)
        shutil.rmtree(staging, ignore_errors=True)
        return 1
    except ProblemsFound as failure:
        print(format_report(failure.problems, report_format), file=sys.stderr)
        print(f"build failed: {output} was left as it was", file=sys.stderr)
        shutil.rmtree(staging, ignore_errors=True)
        return 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap_in(staging, output)
    print(f"built {output} in {time.perf_counter() - started:.1f} s")
    if timings:
        print(f"steps: {timing.summary()}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    parser.add_argument("--output", type=Path, default=Path("output"))
    parser.add_argument(
        "--format",
        choices=("text", "github", "json"),
        default="github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text",
    )
    parser.add_argument("--timings", action="store_true", help="print the time of each step")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return build(args.settings, args.output, report_format=args.format, timings=args.timings)


if __name__ == "__main__":
    sys.exit(main())
