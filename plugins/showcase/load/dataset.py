"""Find, load and validate every file of the showcase, one file at a time.

This is step 1 and 2 of the flow (load, validate). Nothing here looks across files; that is the
catalogue's job. The same function serves the build and ``python -m showcase validate``.

Because each file stands alone, a large showcase is loaded on all cores: forked workers load
chunks of files and send back the records, while this process loads chunks of its own.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from showcase.load.reader import (
    Document,
    iter_files,
    load_front_matter_file,
    load_yaml_file,
)
from showcase.load.validation import validate_document
from showcase.problems import Problem
from showcase.schema.models import (
    SLUG_RE,
    Ervaring,
    Municipality,
    Page,
    Project,
    ProvincesFile,
    RegionsFile,
    Suggestie,
    ThemesFile,
)

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Loaded(Generic[M]):
    """A valid record and the document it came from (for locating later problems)."""

    record: M
    doc: Document

    @property
    def slug(self) -> str:
        """The file's stem: the slug of an entry."""
        return self.doc.path.stem


@dataclass(frozen=True)
class Layout:
    """Where the files of a showcase live."""

    root: Path
    data: Path
    content: Path

    @classmethod
    def at(cls, root: Path, data: str = "data", content: str = "content") -> Layout:
        root = root.resolve()
        return cls(root, root / data, root / content)

    @property
    def municipalities(self) -> Path:
        return self.data / "municipalities"

    @property
    def provinces(self) -> Path:
        return self.data / "provinces.yaml"

    @property
    def themes(self) -> Path:
        return self.data / "themes.yaml"

    @property
    def regions(self) -> Path:
        return self.data / "regions.yaml"

    @property
    def neighbours(self) -> Path:
        return self.data / "neighbours.csv"

    @property
    def map_data(self) -> Path:
        return self.data / "geo" / "flanders-2025.json"

    @property
    def boundaries(self) -> Path:
        """The same simplified map in WGS84 GeoJSON, for the open-data download."""
        return self.data / "geo" / "flanders-2025.geojson"

    def entries(self, rubric: str) -> Path:
        return self.content / rubric


ENTRY_MODELS: dict[str, type[BaseModel]] = {
    "projecten": Project,
    "ervaringen": Ervaring,
    "suggesties": Suggestie,
    "pages": Page,
}


@dataclass
class Dataset:
    """Everything that loaded and validated on its own."""

    layout: Layout
    municipalities: list[Loaded[Municipality]] = field(default_factory=list)
    provinces: Loaded[ProvincesFile] | None = None
    themes: Loaded[ThemesFile] | None = None
    regions: Loaded[RegionsFile] | None = None
    projects: list[Loaded[Project]] = field(default_factory=list)
    ervaringen: list[Loaded[Ervaring]] = field(default_factory=list)
    suggesties: list[Loaded[Suggestie]] = field(default_factory=list)
    pages: list[Loaded[Page]] = field(default_factory=list)
    failed_files: set[str] = field(default_factory=set)
    """Files that did not load or validate: cross-file checks stay quiet about them."""


def load_data_file(
    path: Path, model: type[M], root: Path
) -> tuple[Loaded[M] | None, list[Problem]]:
    doc, problems = load_yaml_file(path, root)
    if doc is None:
        return None, problems
    record, more = validate_document(model, doc)
    problems += more
    if record is None or more:
        return None, problems
    return Loaded(record, doc), problems


def load_entry_file(
    path: Path, model: type[M], root: Path
) -> tuple[Loaded[M] | None, list[Problem]]:
    doc, problems = load_front_matter_file(path, root)
    if doc is None:
        return None, problems
    if not SLUG_RE.match(path.stem):
        problems.append(
            Problem(
                doc.display,
                1,
                1,
                "",
                f"the file name '{path.name}' must be a lower-case slug, "
                "e.g. 'slimme-parkeersensoren.md'",
            )
        )
    record, more = validate_document(model, doc)
    problems += more
    if record is None or problems:
        return None, problems
    return Loaded(record, doc), problems


PARALLEL_FROM = 500
"""From this many files on, loading is split over the cores. Below it, starting a worker and
sending records back costs more than it saves (a file takes about 0.4 ms to load)."""
CHUNK = 64
"""Files per chunk of parallel work: small enough to balance the cores, large enough that the
round trip to a worker (~1 ms) stays small next to the chunk's ~25 ms."""


@contextmanager
def paused_collector() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block, then restore it as it was.

    Loading creates millions of small objects that all stay alive and almost no reference
    cycles, so each collection walks a growing heap to free nothing: at 10,000 entries that
    was a third of the load time. Reference counting still frees what is dropped."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # Everything made meanwhile is still counted as young: re-enabling alone would make
            # the next allocation walk all of it (~0.4 s at 10,000 entries). Freezing and
            # unfreezing moves it to the oldest generation without a walk.
            gc.freeze()
            gc.unfreeze()
            gc.enable()


@dataclass(frozen=True)
class _Job:
    """One file to load: a YAML data file, or Markdown with front matter (``entry``)."""

    path: Path
    model: type[BaseModel]
    entry: bool


_Result = tuple[Loaded[Any] | None, list[Problem]]


def _load_chunk(jobs: Sequence[_Job], root: Path) -> list[_Result]:
    return [
        (load_entry_file if job.entry else load_data_file)(job.path, job.model, root)
        for job in jobs
    ]


def _usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may run on
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def _load_all(jobs: Sequence[_Job], root: Path, workers: int, parallel_from: int) -> list[_Result]:
    """Every job's result, in the order of ``jobs``; on ``workers`` cores when there are at
    least ``parallel_from`` jobs and the platform can fork.

    Forking only: a forked worker starts at once with the models already imported, while a
    spawned one would import everything again and not pay for itself. Workers take chunks from
    the front, this process takes them from the back; each worker has at most two chunks
    queued, so whoever is faster (this process also unpickles what the workers send back)
    simply ends up loading more of them.
    """
    if workers < 2 or len(jobs) < parallel_from or not hasattr(os, "fork"):
        return _load_chunk(jobs, root)
    chunks = [jobs[start : start + CHUNK] for start in range(0, len(jobs), CHUNK)]
    results: list[list[_Result]] = [[] for _ in chunks]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers - 1, mp_context=context) as pool:
        sent: dict[int, Future[list[_Result]]] = {}
        front, back = 0, len(chunks)
        while front < back:
            queued = sum(not future.done() for future in sent.values())
            while queued < 2 * (workers - 1) and front < back:
                sent[front] = pool.submit(_load_chunk, chunks[front], root)
                front += 1
                queued += 1
            if front < back:
                back -= 1
                results[back] = _load_chunk(chunks[back], root)
        for index, future in sent.items():
            results[index] = future.result()
    return [result for chunk in results for result in chunk]


def load_dataset(
    layout: Layout, *, workers: int | None = None, parallel_from: int = PARALLEL_FROM
) -> tuple[Dataset, list[Problem]]:
    """Load and validate every file; returns the valid part and every problem found.

    ``workers`` is the number of cores to use (default: all this process may use); loading is
    split over them from ``parallel_from`` files on. The result does not depend on either."""
    data = Dataset(layout)
    problems: list[Problem] = []
    root = layout.root

    municipalities = list(iter_files(layout.municipalities, ".yaml"))
    singles: tuple[tuple[str, Path, type[BaseModel]], ...] = (
        ("provinces", layout.provinces, ProvincesFile),
        ("themes", layout.themes, ThemesFile),
        ("regions", layout.regions, RegionsFile),
    )
    present = {attr for attr, path, _ in singles if path.exists()}
    entries = {rubric: list(iter_files(layout.entries(rubric), ".md")) for rubric in ENTRY_MODELS}
    jobs = [_Job(path, Municipality, False) for path in municipalities]
    jobs += [_Job(path, model, False) for attr, path, model in singles if attr in present]
    for rubric, paths in entries.items():
        jobs += [_Job(path, ENTRY_MODELS[rubric], True) for path in paths]
    with paused_collector():
        results = iter(_load_all(jobs, root, workers or _usable_cores(), parallel_from))

    # The results, in the order of the jobs, go where the serial loop always put them.
    for path in municipalities:
        loaded, found = next(results)
        problems += found
        if loaded:
            data.municipalities.append(loaded)
        else:
            data.failed_files.add(str(path))
    for attr, path, _ in singles:
        if attr not in present:
            if attr != "regions":
                problems.append(
                    Problem(path.relative_to(root).as_posix(), 1, 1, "", "file missing")
                )
            continue
        single, found = next(results)
        problems += found
        setattr(data, attr, single)
        if single is None:
            data.failed_files.add(str(path))
    for rubric, paths in entries.items():
        target: list[Loaded[Any]] = getattr(data, _attr(rubric))
        for path in paths:
            entry, found = next(results)
            problems += found
            if entry:
                target.append(entry)
            else:
                data.failed_files.add(str(path))
    return data, problems


def _attr(rubric: str) -> str:
    return {"projecten": "projects"}.get(rubric, rubric)
