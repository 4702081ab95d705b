"""Wall time per build step, printed after a build (``--timings``) and read by the benchmark.

A :class:`Timings` belongs to one build: the generator keeps its own on its instance and the
build adds the steps it runs after Pelican; nothing is kept at module level.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager


class Timings:
    def __init__(self) -> None:
        self.steps: dict[str, float] = {}

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Add the wall time of the ``with`` block to the step ``name``."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.steps[name] = self.steps.get(name, 0.0) + time.perf_counter() - started

    def add(self, other: Timings) -> None:
        for name, seconds in other.steps.items():
            self.steps[name] = self.steps.get(name, 0.0) + seconds

    def summary(self) -> str:
        """``load and link 3.1 s, synergies and open data 2.0 s, …`` in the order they ran."""
        return ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.steps.items())
