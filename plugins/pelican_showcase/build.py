"""Build the site safely: ``python -m pelican_showcase.build [--settings FILE] [--output DIR]``.

Pelican writes into a fresh folder beside the output folder. Only when the whole build has
passed does that folder replace the output folder; a failed or interrupted build leaves the
previous site as it was. Data problems are printed together, as the checker prints them.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import Any

from pelican import Pelican
from pelican.settings import read_settings

from pelican_showcase import timing
from pelican_showcase.generator import SEARCH_PLAN
from showcase.check.links import check_links
from showcase.check.search import indexed_digest
from showcase.check.sitecheck import finish_html_check, java_available, scan_site, start_html_check
from showcase.cli import add_format_option
from showcase.problems import ProblemsFound, format_report

logger = logging.getLogger(__name__)


class BuildStepFailed(Exception):
    """A step after Pelican (search index, checks) failed; the message says which and why."""


PAGEFIND_OPTIONS = ("--force-language", "nl")
INDEXER = f"pagefind {metadata.version('pagefind')} {' '.join(PAGEFIND_OPTIONS)}"
"""Part of every shard's digest: another Pagefind or other options rebuild every shard."""
DIGEST_FILE = "showcase-shard.sha256"
"""In each bundle: the digest of what it was built from (see :mod:`showcase.check.search`)."""


def index_search(site: Path, previous: Path | None) -> tuple[int, int]:
    """Index the built site with Pagefind (the binary ships in the pagefind_bin wheel), one
    bundle per shard of the generator's plan. A shard whose pages give the same digest as the
    bundle in ``previous`` (the published site) keeps that bundle. Returns (rebuilt, shards)."""
    with timing.step("search index"):
        return _index_shards(site, previous)


def _index_shards(site: Path, previous: Path | None) -> tuple[int, int]:
    plan_file = site / SEARCH_PLAN
    plan = json.loads(plan_file.read_text(encoding="utf-8"))
    plan_file.unlink()
    rebuilt = 0
    for shard in plan:
        bundle, pages = shard["bundle"], shard["pages"]
        digest = indexed_digest(((page, (site / page).read_bytes()) for page in pages), INDEXER)
        old = previous / bundle if previous is not None else None
        if old is not None and _digest_of(old) == digest:
            shutil.copytree(old, site / bundle, copy_function=os.link)  # never written to
            continue
        _run_pagefind(site, bundle, pages)
        (site / bundle / DIGEST_FILE).write_text(digest + "\n", encoding="utf-8")
        rebuilt += 1
    return rebuilt, len(plan)


def _digest_of(bundle: Path) -> str | None:
    try:
        return (bundle / DIGEST_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return None


def _run_pagefind(site: Path, bundle: str, pages: list[str]) -> None:
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
        raise BuildStepFailed(f"the search index (Pagefind) failed:\n{result.stderr.strip()}")


def check_site(site: Path, settings: dict[str, Any], search: Future[tuple[int, int]]) -> None:
    """Links, markup safety and (with Java) valid HTML; any problem fails the build.

    The pages are read while ``search`` (the search index) is still being made; the links are
    resolved once it is done, as the search page links to Pagefind's files."""
    site_url = settings.get("SITEURL", "")
    workers = settings.get("SHOWCASE_WORKERS") or os.cpu_count() or 1
    html_check = None
    if settings.get("SHOWCASE_CHECK_HTML", True):
        if java_available():
            html_check = start_html_check(site)  # a JVM of its own, beside the rest
        else:
            print("note: no Java runtime, so the HTML checker was skipped", file=sys.stderr)
    try:
        with timing.step("page scan (beside the search index)"):
            pages, problems = scan_site(site, site_url, workers)
        search.result()
        with timing.step("link check"):
            problems = check_links(site, site_url, pages) + problems
    finally:
        if html_check is not None:
            with timing.step("rest of the HTML checker"):
                problems_html = finish_html_check(html_check, site)
    if html_check is not None:
        problems += problems_html
    if problems:
        raise BuildStepFailed("the built site has problems:\n" + format_report(problems, "text"))


def remove_stale_staging(output: Path) -> None:
    """Remove staging folders left by builds that were killed (their process is gone)."""
    for folder in output.parent.glob(f".{output.name}.building-*"):
        pid = re.match(r"\d+", folder.name.removeprefix(f".{output.name}.building-"))
        if pid and not _alive(int(pid.group())):
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
        previous = output if output.is_dir() else None
        # Pagefind (child processes, reading hard links outside the staging folder) and the
        # checks (reading the pages) run side by side: Pagefind alone leaves a core half idle.
        # On a failure, leaving the `with` waits for Pagefind before the staging is removed.
        with ThreadPoolExecutor(max_workers=1) as pool:
            search = pool.submit(index_search, staging, previous)
            check_site(staging, settings, search)
            rebuilt, shards = search.result()
        print(f"search index: {rebuilt} of {shards} shard(s) rebuilt")
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
    add_format_option(parser)
    parser.add_argument("--timings", action="store_true", help="print the time of each step")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return build(args.settings, args.output, report_format=args.format, timings=args.timings)


if __name__ == "__main__":
    sys.exit(main())
