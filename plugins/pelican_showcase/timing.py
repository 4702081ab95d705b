"""Wall time per build step, printed after a build (``--timings``) and read by the benchmark.

The steps run in one process (the generator's inside Pelican's run), so a module-level record
is enough; :func:`reset` starts a new build.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

_steps: dict[str, float] = {}


def reset() -> None:
    _steps.clear()


@contextmanager
def step(name: str) -> Iterator[None]:
    """Add the wall time of the ``with`` block to the step ``name``."""
    started = time.perf_counter()
    try:
        yield
    finally:
        _steps[name] = _steps.get(name, 0.0) + time.perf_counter() - started


def summary() -> str:
    """``load and link 3.1 s, synergies and open data 2.0 s, …`` in the order the steps ran."""
    return ", ".join(f"{name} {seconds:.1f} s" for name, seconds in _steps.items())
