"""The catalogue: every record linked to every other, built once per run, then sealed.

:mod:`showcase.link.linker` builds it: it resolves references (a merged municipality's
successor, an entry's municipalities, regions, themes and projects), reports those that do not
resolve, and precomputes what the pages show: the current set and the historical sets,
per-province and per-arrondissement lists, counts, and each municipality's projects with the
reason they are shown. Templates only display what is here.

Once linking ends, :meth:`Catalogue.seal` turns every list into a tuple and refuses any further
assignment: what later steps compute (synergies, rendered bodies, maps) lives beside the
catalogue, never on it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import cached_property
from types import MappingProxyType
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel

from showcase.kinds import KINDS, PROJECT, ContentKind, Registry
from showcase.link.labels import (
    KIND_LABELS,
    STATUS_LABELS,
    is_figure,
    period_nl,
    project_period_nl,
)
from showcase.schema.models import (
    Municipality,
    Organisation,
    Page,
    Project,
    Reuse,
    period_key,
)

TODAY_SET = dt.date(2025, 1, 1)
"""The day from which the current map (285 municipalities) applies."""
SET_DATES = {
    "2025": dt.date(2025, 1, 1),  # 285: today
    "2019-2024": dt.date(2019, 1, 1),  # 300
    "2018": dt.date(2018, 12, 31),  # 308: before the 2019 mergers
}

R = TypeVar("R", bound=BaseModel)


class SealedError(AttributeError):
    """Something tried to change the catalogue after linking."""


class _Linked:
    """A linked object: printed by its key, and sealed once linking ends.

    Linked objects point at each other: a repr prints the key only, never the graph (a failing
    test prints its arguments, and a full repr would not end). :meth:`_seal` turns list fields
    into tuples and dicts of lists into read-only mappings of tuples, then refuses assignment.
    """

    _key: ClassVar[str] = "slug"

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {getattr(self, self._key)}>"

    def __setattr__(self, name: str, value: Any) -> None:
        if self.__dict__.get("_sealed"):
            raise SealedError(
                f"{self!r} is sealed after linking: keep {name!r} beside the catalogue"
            )
        object.__setattr__(self, name, value)

    def _seal(self) -> None:
        for spec in fields(self):  # type: ignore[arg-type]
            value = getattr(self, spec.name)
            if isinstance(value, list):
                object.__setattr__(self, spec.name, tuple(value))
            elif isinstance(value, dict) and not isinstance(value, MappingProxyType):
                frozen = {k: tuple(v) if isinstance(v, list) else v for k, v in value.items()}
                object.__setattr__(self, spec.name, MappingProxyType(frozen))
        self.__dict__["_sealed"] = True


def _grouped(mapping: Mapping[str, Sequence[Entry[Any]]]) -> list[tuple[ContentKind, Any]]:
    """``(kind, entries)`` for every kind with entries, in the order they were linked."""
    return [(entries[0].kind, entries) for entries in mapping.values() if entries]


@dataclass(eq=False, repr=False)
class Place(_Linked):
    """A municipality in the catalogue, with its links resolved."""

    _key: ClassVar[str] = "nis_code"

    record: Municipality
    source: str
    successor: Place | None = None
    predecessors: list[Place] = field(default_factory=list)
    label: str = ""
    projects: list[ProjectMention] = field(default_factory=list)
    entries: dict[str, list[Entry[Any]]] = field(default_factory=dict)
    """Entries of other kinds that name this municipality (or a predecessor), by kind."""
    regions: list[RegionEntry] = field(default_factory=list)
    province: ProvinceEntry | None = None
    reuse: list[ReuseEntry] = field(default_factory=list)
    """Projects of others this municipality (or a predecessor) does too, or wants to."""

    @property
    def nis_code(self) -> str:
        return self.record.nis_code

    @property
    def slug(self) -> str:
        return self.record.slug

    @property
    def name(self) -> str:
        return self.record.name

    @property
    def url(self) -> str:
        return f"/gemeenten/{self.record.slug}/"

    @property
    def is_current(self) -> bool:
        return self.record.valid_until is None

    @property
    def embed_url(self) -> str | None:
        """The widget other websites frame (``/gemeenten/<slug>/embed/``): only a current
        municipality has one; a merged one's visitors are sent to its successor's page."""
        return f"{self.url}embed/" if self.is_current else None

    @property
    def merged_on(self) -> dt.date | None:
        """The first day the municipality was part of its successor."""
        until = self.record.valid_until
        return until + dt.timedelta(days=1) if until else None

    @property
    def final(self) -> Place:
        """The current municipality this one is part of today (itself if current)."""
        place, seen = self, set()
        while place.successor is not None and place.nis_code not in seen:
            seen.add(place.nis_code)
            place = place.successor
        return place

    @property
    def own_projects(self) -> list[ProjectMention]:
        """Projects that name this municipality or a predecessor (not only its regions).

        The one definition of a municipality's *own* projects: the map, the lists, its page,
        "In de buurt", the peers and ``project_count_direct`` in the open data all use it."""
        return [m for m in self.projects if m.through != "region"]

    @property
    def project_counts(self) -> ProjectCounts:
        """Its own projects and all it lists (own plus its regions'): the two numbers shown
        everywhere, with one label (:attr:`ProjectCounts.text`)."""
        return ProjectCounts(own=len(self.own_projects), total=len(self.projects))

    @property
    def member_of(self) -> list[RegionEntry]:
        """The regions that list it or a municipality that merged into it (a region listed as
        it was in 2018 names the old municipalities)."""
        found = list(self.regions)
        for old in self.all_predecessors():
            found.extend(r for r in old.regions if r not in found)
        return found

    @property
    def entry_groups(self) -> list[tuple[ContentKind, Any]]:
        """``(kind, entries)`` of the other kinds that name it, in registry order."""
        return _grouped(self.entries)

    @property
    def search_filters(self) -> list[tuple[str, str]]:
        """Facets for the search index: a merged municipality's page carries its successor's
        name, so the ``gemeente`` facet only ever holds the current municipalities."""
        pairs = [("soort", "Gemeente"), ("gemeente", self.final.name)]
        if self.final.province is not None:
            pairs.append(("provincie", self.final.province.name))
        return pairs

    def exists_on(self, day: dt.date) -> bool:
        start, end = self.record.valid_from, self.record.valid_until
        return (start is None or start <= day) and (end is None or day <= end)

    def all_predecessors(self) -> list[Place]:
        """Predecessors and theirs, oldest merger last (each once, even in broken data)."""
        found: list[Place] = []
        stack = list(reversed(self.predecessors))
        while stack:
            place = stack.pop()
            if place is self or place in found:
                continue
            found.append(place)
            stack.extend(reversed(place.predecessors))
        return found


@dataclass(eq=False, repr=False)
class ThemeEntry(_Linked):
    slug: str
    label: str
    description: str
    parent: ThemeEntry | None = None
    children: list[ThemeEntry] = field(default_factory=list)
    projects: list[ProjectEntry] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"/themas/{self.slug}/"


@dataclass(eq=False, repr=False)
class RegionEntry(_Linked):
    slug: str
    name: str
    kind: str
    description: str
    note: str | None
    website: str | None = None
    members: list[Place] = field(default_factory=list)
    projects: list[ProjectEntry] = field(default_factory=list)


@dataclass(eq=False, repr=False, kw_only=True)
class Entry(_Linked, Generic[R]):
    """An entry of a content kind, with its references resolved. Its Markdown ``body`` is
    rendered beside the catalogue (:mod:`showcase.site.bodies`)."""

    kind: ContentKind
    record: R
    slug: str
    source: str
    body: str
    places: list[Place] = field(default_factory=list)
    """The municipalities it names, as named (a merged one stays itself)."""
    regions: list[RegionEntry] = field(default_factory=list)
    themes: list[ThemeEntry] = field(default_factory=list)
    projects: list[ProjectEntry] = field(default_factory=list)
    mentions: dict[str, list[Entry[Any]]] = field(default_factory=dict)
    """Entries of other kinds that name this one (a lesson learned about a project), by kind."""

    @property
    def url(self) -> str:
        return self.kind.entry_url(self.slug)

    @property
    def mentioned_by(self) -> list[tuple[ContentKind, Any]]:
        """``(kind, entries)`` of the kinds that name this entry, in registry order."""
        return _grouped(self.mentions)


@dataclass(frozen=True, eq=False, repr=False)
class ReuseEntry:
    """A reuse declaration: ``place`` does ``project`` too (or wants to), since ``record.date``."""

    record: Reuse
    place: Place
    project: ProjectEntry

    def __repr__(self) -> str:
        return f"<ReuseEntry {self.place.slug} {self.record.stage} {self.project.slug}>"


@dataclass(eq=False, repr=False, kw_only=True)
class ProjectEntry(Entry[Project]):
    """A project or proeftuin, with its lineage."""

    kind: ContentKind = PROJECT
    inspired_by: list[ProjectEntry] = field(default_factory=list)
    replicates: list[ProjectEntry] = field(default_factory=list)
    followers: list[ProjectEntry] = field(default_factory=list)
    """Projects that name this one in ``inspired_by`` or ``replicates``."""
    reuse: list[ReuseEntry] = field(default_factory=list)
    """Municipalities that declared they do this project too, or want to (newest first)."""

    @property
    def reuse_in_use(self) -> list[ReuseEntry]:
        return [r for r in self.reuse if r.record.stage == "in-gebruik"]

    @property
    def reuse_interest(self) -> list[ReuseEntry]:
        return [r for r in self.reuse if r.record.stage == "interesse"]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.record.status]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.record.kind]

    @property
    def status_text(self) -> str:
        """``Lopend``, or ``Lopend volgens een bron van december 2020`` when the status comes
        from an older source (``status_as_of``)."""
        as_of = self.record.status_as_of
        if as_of is None:
            return self.status_label
        return f"{self.status_label} volgens een bron van {period_nl(as_of)}"

    @property
    def provinces(self) -> list[ProvinceEntry]:
        """Provinces of the municipalities it names and of its regions' members, today."""
        found: list[ProvinceEntry] = []
        members = [*self.places, *(m for r in self.regions for m in r.members)]
        for place in members:
            province = place.final.province
            if province is not None and province not in found:
                found.append(province)
        return sorted(found, key=lambda p: p.name)

    @property
    def search_filters(self) -> list[tuple[str, str]]:
        """Facets for the search index: (filter name, value) pairs, stable order. A merged
        municipality counts for the current one it is part of (a project in the old Nevele is
        found under Deinze): the ``gemeente`` facet holds current municipalities only."""
        pairs = [("soort", self.kind_label), ("status", self.status_label)]
        names: list[str] = []
        for place in self.places:
            if place.final.name not in names:
                names.append(place.final.name)
        pairs += [("gemeente", name) for name in names]
        pairs += [("regio", region.name) for region in self.regions]
        pairs += [("provincie", province.name) for province in self.provinces]
        themes: list[str] = []
        for theme in self.themes:
            for holder in (theme.parent, theme):
                if holder is not None and holder.label not in themes:
                    themes.append(holder.label)
        pairs += [("thema", label) for label in themes]
        return pairs

    @property
    def period(self) -> str:
        """``2016``, ``2019 – 2023``, ``sinds 2019``, ``afgerond in 2016``, … or ``""`` when no
        year is known: :func:`showcase.link.labels.project_period_nl`."""
        record = self.record
        return project_period_nl(record.status, record.start, record.end)

    @property
    def result_figures(self) -> list[str]:
        """The results that state a figure (:func:`showcase.link.labels.is_figure`): the list
        under "Cijfers uit de bronnen"."""
        return [text for text in self.record.results if is_figure(text)]

    @property
    def result_notes(self) -> list[str]:
        """The other results (a test period, an award): not figures."""
        return [text for text in self.record.results if not is_figure(text)]

    @cached_property
    def sort_key(self) -> tuple[tuple[int, int], str]:
        """Start, then title; kept (the record is frozen): every list of projects sorts by it."""
        start = period_key(self.record.start) if self.record.start else (0, 0)
        return (start, self.record.title)


@dataclass(frozen=True)
class ProjectMention:
    """A project as listed on a municipality page, with why it is listed there."""

    project: ProjectEntry
    via: str | None = None
    """``None`` when the project names the municipality itself, else the reason in Dutch."""
    through: str = "direct"
    """``direct``, ``predecessor`` or ``region``."""


def _projects_nl(count: int) -> str:
    return "project" if count == 1 else "projecten"


@dataclass(frozen=True)
class ProjectCounts:
    """A municipality's projects, counted one way everywhere.

    ``own``: the projects that name the municipality itself or a municipality that merged into
    it (``ProjectMention.through`` ``direct`` or ``predecessor``); ``total``: every project its
    page lists, ``own`` plus those of its regions (``through == "region"``), each once.
    The open data call them ``project_count_direct`` and ``project_count``.
    """

    own: int
    total: int

    @property
    def regional(self) -> int:
        """Projects it takes part in only through a region."""
        return self.total - self.own

    @property
    def text(self) -> str:
        """``3 eigen projecten``, ``1 project via een regio``, ``2 eigen projecten en 1 via een
        regio`` or ``geen projecten``: the label of both numbers on the map, the lists and the
        pages."""
        if self.total == 0:
            return "geen projecten"
        own = f"{self.own} eigen {_projects_nl(self.own)}"
        if self.regional == 0:
            return own
        if self.own == 0:
            return f"{self.regional} {_projects_nl(self.regional)} via een regio"
        return f"{own} en {self.regional} via een regio"


@dataclass(eq=False, repr=False)
class ArrondissementGroup(_Linked):
    _key: ClassVar[str] = "nis_code"
    name: str
    nis_code: str
    places: list[Place] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class ProvinceEntry(_Linked):
    slug: str
    name: str
    places: list[Place] = field(default_factory=list)
    """Current municipalities, A–Z."""
    arrondissements: list[ArrondissementGroup] = field(default_factory=list)
    projects: list[ProjectEntry] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"/provincies/{self.slug}/"


@dataclass(frozen=True)
class StatusGroup:
    slug: str
    label: str
    projects: list[ProjectEntry]

    @property
    def url(self) -> str:
        return f"/projecten/status/{self.slug}/"


@dataclass(frozen=True)
class LetterGroup:
    letter: str
    places: Sequence[Place]


@dataclass(repr=False, eq=False)
class Catalogue(_Linked):
    places: dict[str, Place]
    """Every municipality by NIS code (all 327)."""
    by_slug: dict[str, Place]
    provinces: list[ProvinceEntry]
    themes: list[ThemeEntry]
    """Domains, each with its sub-themes."""
    theme_by_slug: dict[str, ThemeEntry]
    regions: list[RegionEntry]
    entries: Mapping[str, Sequence[Entry[Any]]]
    """Every kind's entries by kind name, in the kind's order (projects newest first)."""
    kinds: Registry = KINDS
    organisation: Organisation | None = None
    """Who runs the showcase (``data/organisation.yaml``)."""

    def __repr__(self) -> str:
        return f"<Catalogue {len(self.places)} places, {len(self.projects)} projects>"

    @property
    def projects(self) -> Sequence[ProjectEntry]:
        """Newest first."""
        return self.entries.get(PROJECT.name, ())  # type: ignore[return-value]

    @property
    def pages(self) -> Sequence[Entry[Page]]:
        return self.entries_of("page")

    def entries_of(self, kind: str) -> Sequence[Entry[Any]]:
        return self.entries.get(kind, ())

    def all_entries(self) -> Iterator[Entry[Any]]:
        for entries in self.entries.values():
            yield from entries

    def with_entries(self, kind: str, entries: Sequence[Entry[Any]]) -> Catalogue:
        """The same catalogue with other entries of one kind (for tests and benchmarks that
        compute synergies on synthetic projects)."""
        return Catalogue(
            self.places,
            self.by_slug,
            self.provinces,
            self.themes,
            self.theme_by_slug,
            self.regions,
            {**self.entries, kind: tuple(entries)},
            self.kinds,
            self.organisation,
        )

    def seal(self) -> None:
        """Freeze every linked object: lists become tuples, assignment is refused."""
        for group in (
            self.places.values(),
            self.provinces,
            self.theme_by_slug.values(),
            self.regions,
            self.all_entries(),
        ):
            for item in group:
                item._seal()
        for province in self.provinces:
            for arrondissement in province.arrondissements:
                arrondissement._seal()
        self.entries = MappingProxyType({k: tuple(v) for k, v in self.entries.items()})
        self.places = MappingProxyType(self.places)  # type: ignore[assignment]
        self.by_slug = MappingProxyType(self.by_slug)  # type: ignore[assignment]
        self.theme_by_slug = MappingProxyType(self.theme_by_slug)  # type: ignore[assignment]
        self.provinces = tuple(self.provinces)  # type: ignore[assignment]
        self.themes = tuple(self.themes)  # type: ignore[assignment]
        self.regions = tuple(self.regions)  # type: ignore[assignment]
        self.__dict__["_sealed"] = True

    def existing_on(self, day: dt.date) -> list[Place]:
        return sorted((p for p in self.places.values() if p.exists_on(day)), key=name_key)

    @cached_property
    def current(self) -> list[Place]:
        return self.existing_on(SET_DATES["2025"])

    @cached_property
    def set_counts(self) -> dict[str, int]:
        return {name: len(self.existing_on(day)) for name, day in SET_DATES.items()}

    @cached_property
    def by_letter(self) -> list[LetterGroup]:
        groups: dict[str, list[Place]] = defaultdict(list)
        for place in self.current:
            groups[_initial(place.name)].append(place)
        return [LetterGroup(letter, groups[letter]) for letter in sorted(groups)]

    @cached_property
    def status_groups(self) -> list[StatusGroup]:
        """Every status that a project has, in the order of a project's life, with its
        projects: a status without projects gets no page and no link."""
        groups = [
            StatusGroup(slug, label, [p for p in self.projects if p.record.status == slug])
            for slug, label in STATUS_LABELS.items()
        ]
        return [group for group in groups if group.projects]

    @cached_property
    def proeftuinen(self) -> list[ProjectEntry]:
        return [p for p in self.projects if p.record.kind == "proeftuin"]

    @cached_property
    def places_with_projects(self) -> list[Place]:
        """Current municipalities that a project names (itself or a predecessor)."""
        return [p for p in self.current if p.own_projects]

    @cached_property
    def themes_used(self) -> list[ThemeEntry]:
        return [t for t in self.theme_by_slug.values() if any(t in p.themes for p in self.projects)]


def _initial(name: str) -> str:
    first = name.lstrip("'")[:1].upper()
    return first if first.isalpha() else "#"


def name_key(place: Place) -> tuple[str, str]:
    return (place.name.lstrip("'").casefold(), place.nis_code)
