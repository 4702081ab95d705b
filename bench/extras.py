"""Time or profile the build's step "synergies, maps, open data" (``build_extras``) alone.

    python -m bench.extras TREE [--runs 3] [--workers N] [--cache DIR] [--profile]

TREE is a generated tree (``python -m bench.generate``) or the project itself. The catalogue is
loaded as the generator loads it (``check_showcase``), then ``build_extras`` is called with the
generator's arguments ``--runs`` times; each run prints its wall time and the CPU time of this
process and of the worker processes it waited for (the steadier measure on a shared machine).
``--cache`` passes a cache folder (the counted words, :mod:`showcase.derive.word_counts`);
``--profile`` prints the cProfile of one run instead, by cumulative and by own time.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import resource
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from showcase import check_showcase
from showcase.derive.extras import build_extras
from showcase.load.dataset import Layout
from showcase.problems import errors_in
from showcase.settings import read_settings_file

TODAY = dt.date(2026, 11, 29)
"""The radar's day, fixed so that runs on different days do the same work."""


def cpu_seconds() -> float:
    """CPU time of this process and of the children it waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def extras_call(root: Path, workers: int | None, cache: Path | None) -> Callable[[], object]:
    """``build_extras`` on the tree at ``root``, ready to call (the catalogue loaded)."""
    settings = read_settings_file(root / "pelicanconf.py")
    layout = Layout.at(root, settings.data_path, settings.content_path)
    catalogue, problems = check_showcase(layout)
    if errors_in(problems):
        raise SystemExit(f"{root}: the catalogue has problems; validate it first")

    def call() -> object:
        extras, found = build_extras(
            catalogue,
            layout,
            site_url="",
            publisher=settings.publisher,
            contact_url=settings.contact_url or None,
            workers=workers,
            today=TODAY,
            cache=cache,
        )
        if extras is None:
            raise SystemExit(f"{root}: build_extras found problems: {found[:3]}")
        return extras

    return call


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.extras", description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    call = extras_call(args.root.resolve(), args.workers, args.cache)
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(call)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
        return 0
    for run in range(1, args.runs + 1):
        wall, cpu = time.perf_counter(), cpu_seconds()
        call()
        wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
        print(f"build_extras run {run}: wall {wall:.2f} s, CPU {cpu:.2f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
