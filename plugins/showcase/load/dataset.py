"""Find, load and validate every file of the showcase, one file at a time.

This is step 1 and 2 of the flow (load, validate). Nothing here looks across files; that is the
catalogue's job. The same function serves the build and ``python -m showcase validate``.

Because each file stands alone, a large showcase is loaded on all cores
(:func:`showcase.parallel.map_chunks`): forked workers load chunks of files and send back the
records, while this process loads chunks of its own.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from showcase import parallel
from showcase.kinds import KINDS, ContentKind, Registry
from showcase.load import cache as load_cache
from showcase.load.media import MediaReference, media_references
from showcase.load.rawhtml import check_raw_html
from showcase.load.reader import (
    Document,
    iter_files,
    load_front_matter_file,
    load_yaml_file,
    parse_front_matter_bytes,
    parse_yaml_bytes,
    read_source,
)
from showcase.load.validation import validate_document
from showcase.parallel import map_chunks, paused_collector, workers_for
from showcase.problems import Problem, display_path
from showcase.schema.models import (
    SLUG_RE,
    Municipality,
    Organisation,
    ProvincesFile,
    RegionsFile,
    ThemesFile,
)

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class BodyChecks:
    """What linking checks of an entry's body that the file alone decides, found while loading
    for the load cache (and kept in it): the raw-HTML problems and the media references that
    need a look (:func:`showcase.load.media.media_references`)."""

    raw_html: tuple[Problem, ...]
    media: tuple[MediaReference, ...]

    @classmethod
    def of(cls, doc: Document) -> BodyChecks:
        return cls(tuple(check_raw_html(doc)), tuple(media_references(doc.body)))

    def packed(self) -> tuple[Any, ...]:
        """As kept in the load cache: ``()`` when nothing was found (most bodies)."""
        return (self.raw_html, self.media) if self.raw_html or self.media else ()

    @classmethod
    def unpacked(cls, packed: tuple[Any, ...]) -> BodyChecks:
        return cls(*packed) if packed else _NOTHING_FOUND


_NOTHING_FOUND = BodyChecks((), ())


@dataclass(frozen=True)
class Loaded(Generic[M]):
    """A valid record and the document it came from (for locating later problems)."""

    record: M
    doc: Document
    body_checks: BodyChecks | None = field(default=None, compare=False, repr=False)
    """An entry's :class:`BodyChecks` when loading found them already; else linking does."""

    @functools.cached_property
    def slug(self) -> str:
        """The file's stem: the slug of an entry (asked for often while linking)."""
        return self.doc.path.stem


@dataclass(frozen=True)
class Layout:
    """Where the files of a showcase live."""

    root: Path
    data: Path
    content: Path
    kinds: Registry = KINDS
    """The content kinds, each in its folder under ``content``."""
    load_cache: Path | None = None
    """The folder of the load cache (:mod:`showcase.load.cache`); None: every file is loaded."""

    @classmethod
    def at(
        cls,
        root: Path,
        data: str = "data",
        content: str = "content",
        kinds: Registry = KINDS,
        cache: str = "",
    ) -> Layout:
        """The layout under ``root``; ``cache`` is the settings' cache folder ("" = none)."""
        root = root.resolve()
        return cls(root, root / data, root / content, kinds, load_cache_folder(root, cache))

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
    def organisation(self) -> Path:
        return self.data / "organisation.yaml"

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

    def entries(self, kind: ContentKind) -> Path:
        """The folder of a kind's entries."""
        return self.content / kind.folder


def load_cache_folder(root: Path, cache_path: str) -> Path | None:
    """Where the load cache lives under the settings' ``cache_path`` ("" = no cache)."""
    return root / cache_path / "load" if cache_path else None


OPTIONAL_FILES = frozenset({"regions", "organisation"})
"""Single data files a showcase may do without (a test tree, a fork)."""


@dataclass
class Dataset:
    """Everything that loaded and validated on its own."""

    layout: Layout
    municipalities: list[Loaded[Municipality]] = field(default_factory=list)
    provinces: Loaded[ProvincesFile] | None = None
    themes: Loaded[ThemesFile] | None = None
    regions: Loaded[RegionsFile] | None = None
    organisation: Loaded[Organisation] | None = None
    entries: dict[str, list[Loaded[Any]]] = field(default_factory=dict)
    """The valid entries of each content kind, by kind name, in file order."""
    failed_files: set[str] = field(default_factory=set)
    """Files that did not load or validate: cross-file checks stay quiet about them."""
    files_read: int = 0
    """How many files were read (for the checker's count)."""

    def entries_of(self, kind: ContentKind) -> list[Loaded[Any]]:
        return self.entries.get(kind.name, [])

    def with_entries(self, kind: ContentKind, entries: list[Loaded[Any]]) -> Dataset:
        """The same dataset with other entries of one kind (for tests)."""
        return replace(self, entries={**self.entries, kind.name: entries})


def load_data_file(
    path: Path, model: type[M], root: Path
) -> tuple[Loaded[M] | None, list[Problem]]:
    return validate_data(*load_yaml_file(path, root), model)


def validate_data(
    doc: Document | None, problems: list[Problem], model: type[M]
) -> tuple[Loaded[M] | None, list[Problem]]:
    """A read YAML data file (``doc``, or None after ``problems``) through its model."""
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
    return validate_entry(*load_front_matter_file(path, root), model)


def validate_entry(
    doc: Document | None, problems: list[Problem], model: type[M]
) -> tuple[Loaded[M] | None, list[Problem]]:
    """A read entry (``doc``, or None after ``problems``): its file name, then its model."""
    if doc is None:
        return None, problems
    path = doc.path
    if not SLUG_RE.match(path.stem):
        problems.append(
            Problem(
                doc.display,
                1,
                1,
                "",
                f"de bestandsnaam '{path.name}' moet een slug in kleine letters zijn, "
                "bv. 'slimme-parkeersensoren.md'",
            )
        )
    record, more = validate_document(model, doc)
    problems += more
    if record is None or problems:
        return None, problems
    return Loaded(record, doc), problems


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


class _Fresh:
    """A file just loaded for the cache: the digest of the bytes it was loaded from (None when it
    could not be read), what loading gave encoded (:func:`showcase.load.cache.encode`), and in
    the process that loaded it the result itself. A worker sends only the first two: the result
    is made again from the blob, rather than pickled a second time on the way."""

    __slots__ = ("blob", "digest", "result")

    def __init__(self, digest: bytes | None, blob: bytes, result: _Result | None = None) -> None:
        self.digest, self.blob, self.result = digest, blob, result

    def __reduce__(self) -> tuple[type[_Fresh], tuple[bytes | None, bytes]]:
        return (_Fresh, (self.digest, self.blob))


def _load_chunk_for_cache(jobs: Sequence[_Job], root: Path) -> list[_Fresh]:
    """:func:`_load_chunk`, each result encoded for the cache with the digest of its bytes."""
    fresh: list[_Fresh] = []
    for job in jobs:
        display = display_path(job.path, root)
        raw, problems = read_source(job.path, display)
        if raw is None:
            fresh.append(_Fresh(None, load_cache.encode(problems, None, None), (None, problems)))
            continue
        parse = parse_front_matter_bytes if job.entry else parse_yaml_bytes
        validate = validate_entry if job.entry else validate_data
        loaded, problems = validate(*parse(raw, job.path, display), job.model)
        checks = BodyChecks.of(loaded.doc) if loaded is not None and job.entry else None
        if loaded is not None:
            loaded = Loaded(loaded.record, loaded.doc, checks)
        record, doc = (loaded.record, loaded.doc) if loaded else (None, None)
        packed = checks.packed() if checks is not None else None
        blob = load_cache.encode(problems, record, doc, packed)
        fresh.append(_Fresh(load_cache.digest_of(raw), blob, (loaded, problems)))
    return fresh


def _restore(blob: bytes, job: _Job) -> _Result:
    problems, record, doc, checks = load_cache.decode(blob, job.path)
    if record is None or doc is None:
        return None, problems
    return Loaded(record, doc, None if checks is None else BodyChecks.unpacked(checks)), problems


def _load_with_cache(
    jobs: Sequence[_Job], layout: Layout, folder: Path, workers: int, threshold: int
) -> list[_Result]:
    """Every job's result: from the cache when its file's bytes are unchanged, else loaded
    (on all cores when many are), then the cache saved when anything changed."""
    models = {job.model for job in jobs}
    cache = load_cache.LoadCache(folder, load_cache.version_key(models, layout.root))
    keys = [load_cache.file_key(job.path, job.model, job.entry) for job in jobs]
    results: list[_Result | None] = [None] * len(jobs)
    missing: list[int] = []
    for index, (job, key) in enumerate(zip(jobs, keys, strict=True)):
        blob = cache.find(key, job.path)
        if blob is not None:
            try:
                results[index] = _restore(blob, job)
                continue
            except Exception:  # a stored blob that does not read back: load the file again
                cache.forget(key)
        missing.append(index)
    load = functools.partial(_load_chunk_for_cache, root=layout.root)
    loaded = map_chunks(load, [jobs[index] for index in missing], workers, threshold)
    for index, fresh in zip(missing, loaded, strict=True):
        results[index] = fresh.result or _restore(fresh.blob, jobs[index])
        if fresh.digest is not None:
            cache.keep(keys[index], fresh.digest, fresh.blob)
    cache.save()
    return [result for result in results if result is not None]


def load_dataset(
    layout: Layout,
    *,
    workers: int | None = None,
    parallel_from: int | None = None,
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
        ("organisation", layout.organisation, Organisation),
    )
    present = {attr for attr, path, _ in singles if path.exists()}
    entries = {kind: list(iter_files(layout.entries(kind), ".md")) for kind in layout.kinds}
    jobs = [_Job(path, Municipality, False) for path in municipalities]
    jobs += [_Job(path, model, False) for attr, path, model in singles if attr in present]
    for kind, paths in entries.items():
        jobs += [_Job(path, kind.model, True) for path in paths]
    data.files_read = len(jobs)
    threshold = parallel.THRESHOLDS.load_files if parallel_from is None else parallel_from
    with paused_collector():
        if layout.load_cache is not None:
            loaded_files = _load_with_cache(
                jobs, layout, layout.load_cache, workers_for(workers), threshold
            )
        else:
            load = functools.partial(_load_chunk, root=root)
            loaded_files = map_chunks(load, jobs, workers_for(workers), threshold)
    results = iter(loaded_files)

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
            if attr not in OPTIONAL_FILES:
                problems.append(
                    Problem(path.relative_to(root).as_posix(), 1, 1, "", "bestand ontbreekt")
                )
            continue
        single, found = next(results)
        problems += found
        setattr(data, attr, single)
        if single is None:
            data.failed_files.add(str(path))
    for kind, paths in entries.items():
        target = data.entries.setdefault(kind.name, [])
        for path in paths:
            entry, found = next(results)
            problems += found
            if entry:
                target.append(entry)
            else:
                data.failed_files.add(str(path))
    return data, problems
