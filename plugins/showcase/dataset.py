"""Find, load and validate every file of the showcase, one file at a time.

This is step 1 and 2 of the flow (load, validate). Nothing here looks across files; that is the
catalogue's job. The same function serves the build and ``python -m showcase validate``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from showcase.loader import (
    Document,
    iter_files,
    load_front_matter_file,
    load_yaml_file,
)
from showcase.models import (
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
from showcase.problems import Problem
from showcase.validation import validate_document

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


def load_dataset(layout: Layout) -> tuple[Dataset, list[Problem]]:
    """Load and validate every file; returns the valid part and every problem found."""
    data = Dataset(layout)
    problems: list[Problem] = []
    root = layout.root

    for path in iter_files(layout.municipalities, ".yaml"):
        loaded, found = load_data_file(path, Municipality, root)
        problems += found
        if loaded:
            data.municipalities.append(loaded)
        else:
            data.failed_files.add(str(path))
    singles: tuple[tuple[str, Path, type[BaseModel]], ...] = (
        ("provinces", layout.provinces, ProvincesFile),
        ("themes", layout.themes, ThemesFile),
        ("regions", layout.regions, RegionsFile),
    )
    for attr, path, model in singles:
        if not path.exists():
            if attr != "regions":
                problems.append(
                    Problem(path.relative_to(root).as_posix(), 1, 1, "", "file missing")
                )
            continue
        single, found = load_data_file(path, model, root)
        problems += found
        setattr(data, attr, single)
        if single is None:
            data.failed_files.add(str(path))
    for rubric, model in ENTRY_MODELS.items():
        target: list[Loaded[Any]] = getattr(data, _attr(rubric))
        for path in iter_files(layout.entries(rubric), ".md"):
            entry, found = load_entry_file(path, model, root)
            problems += found
            if entry:
                target.append(entry)
            else:
                data.failed_files.add(str(path))
    return data, problems


def _attr(rubric: str) -> str:
    return {"projecten": "projects"}.get(rubric, rubric)
