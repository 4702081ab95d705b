"""The catalogue: every record linked to every other, built once per run.

It resolves references (a merged municipality's successor, a project's municipalities, themes and
regions), reports those that do not resolve, and precomputes what the pages show: the current
set and the historical sets, per-province and per-arrondissement lists, counts, and each
municipality's projects with the reason they are shown. Templates only display what is here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel

from showcase.load.dataset import Dataset, Loaded
from showcase.load.media import check_media
from showcase.load.reader import Loc
from showcase.load.validation import did_you_mean
from showcase.problems import Problem
from showcase.schema.models import (
    Ervaring,
    Municipality,
    Page,
    Project,
    Suggestie,
    period_key,
)

TODAY_SET = dt.date(2025, 1, 1)
"""The day from which the current map (285 municipalities) applies."""
SET_DATES = {
    "2025": dt.date(2025, 1, 1),  # 285: today
    "2019-2024": dt.date(2019, 1, 1),  # 300
    "2018": dt.date(2018, 12, 31),  # 308: before the 2019 mergers
}

STATUS_LABELS = {
    "idee": "Idee",
    "pilot": "Pilot",
    "lopend": "Lopend",
    "afgerond": "Afgerond",
    "opgeschaald": "Opgeschaald",
    "stopgezet": "Stopgezet",
}
KIND_LABELS = {"project": "Project", "proeftuin": "Proeftuin"}
PARTNER_LABELS = {
    "bedrijf": "Bedrijf",
    "kennisinstelling": "Kennisinstelling",
    "overheid": "Overheid",
    "intercommunale": "Intercommunale",
    "vzw/burgerinitiatief": "Vzw of burgerinitiatief",
    "andere": "Andere",
}
MONTHS_NL = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def date_nl(value: dt.date) -> str:
    """``1 januari 2025``."""
    return f"{value.day} {MONTHS_NL[value.month - 1]} {value.year}"


def period_nl(value: str) -> str:
    """``2019``, ``maart 2019`` or ``6 maart 2019`` for ``2019``, ``2019-03``, ``2019-03-06``."""
    parts = value.split("-")
    if len(parts) == 3:
        return date_nl(dt.date.fromisoformat(value))
    if len(parts) == 2:
        return f"{MONTHS_NL[int(parts[1]) - 1]} {parts[0]}"
    return value


R = TypeVar("R", bound=BaseModel)


class _Brief:
    """Linked objects point at each other: print them by their key, never by walking the graph
    (a failing test prints its arguments, and a full repr would not end)."""

    _key: ClassVar[str] = "slug"

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {getattr(self, self._key)}>"


@dataclass(eq=False, repr=False)
class Place(_Brief):
    """A municipality in the catalogue, with its links resolved."""

    _key: ClassVar[str] = "nis_code"

    record: Municipality
    source: str
    successor: Place | None = None
    predecessors: list[Place] = field(default_factory=list)
    label: str = ""
    projects: list[ProjectMention] = field(default_factory=list)
    ervaringen: list[Entry[Ervaring]] = field(default_factory=list)
    suggesties: list[Entry[Suggestie]] = field(default_factory=list)
    regions: list[RegionEntry] = field(default_factory=list)
    province: ProvinceEntry | None = None
    intro_html: str = ""
    """The introduction as HTML, filled in by :func:`showcase.render.render_catalogue`."""

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
        """Projects that name this municipality or a predecessor (not only its regions)."""
        return [m for m in self.projects if m.through != "region"]

    @property
    def search_filters(self) -> list[tuple[str, str]]:
        """Facets for the search index."""
        pairs = [("soort", "Gemeente"), ("gemeente", self.label)]
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
class ThemeEntry(_Brief):
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
class RegionEntry(_Brief):
    slug: str
    name: str
    kind: str
    description: str
    note: str | None
    members: list[Place] = field(default_factory=list)
    projects: list[ProjectEntry] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class Entry(_Brief, Generic[R]):
    """An ervaring, suggestie or page, with its references resolved and its body rendered."""

    record: R
    slug: str
    source: str
    url: str
    body: str
    """The Markdown body; ``body_html`` is filled in by :func:`showcase.render.render_catalogue`."""
    places: list[Place] = field(default_factory=list)
    themes: list[ThemeEntry] = field(default_factory=list)
    projects: list[ProjectEntry] = field(default_factory=list)
    body_html: str = ""


@dataclass(eq=False, repr=False)
class ProjectEntry(_Brief):
    record: Project
    slug: str
    source: str
    body: str
    """The Markdown body; ``body_html`` is filled in by :func:`showcase.render.render_catalogue`."""
    places: list[Place] = field(default_factory=list)
    """The municipalities the project names, as named (a merged one stays itself)."""
    regions: list[RegionEntry] = field(default_factory=list)
    themes: list[ThemeEntry] = field(default_factory=list)
    ervaringen: list[Entry[Ervaring]] = field(default_factory=list)
    inspired_by: list[ProjectEntry] = field(default_factory=list)
    replicates: list[ProjectEntry] = field(default_factory=list)
    followers: list[ProjectEntry] = field(default_factory=list)
    """Projects that name this one in ``inspired_by`` or ``replicates``."""
    body_html: str = ""

    @property
    def url(self) -> str:
        return f"/projecten/{self.slug}/"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.record.status]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.record.kind]

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
        """Facets for the search index: (filter name, value) pairs, stable order."""
        pairs = [("soort", self.kind_label), ("status", self.status_label)]
        names: list[str] = []
        for place in self.places:
            for name in (place.label, place.final.name):
                if name not in names:
                    names.append(name)
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
    def partner_rows(self) -> list[tuple[str, str]]:
        """Each partner's name and the Dutch label of its type."""
        return [(p.name, PARTNER_LABELS[p.type]) for p in self.record.partners]

    @property
    def period(self) -> str:
        start, end = self.record.start, self.record.end
        if start and end:
            return f"{period_nl(start)} – {period_nl(end)}"
        if start:
            return f"sinds {period_nl(start)}"
        return "niet vermeld"

    @property
    def sort_key(self) -> tuple[tuple[int, int], str]:
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


@dataclass(eq=False, repr=False)
class ArrondissementGroup(_Brief):
    _key: ClassVar[str] = "nis_code"
    name: str
    nis_code: str
    places: list[Place] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class ProvinceEntry(_Brief):
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


@dataclass(repr=False)
class Catalogue:
    places: dict[str, Place]
    """Every municipality by NIS code (all 327)."""
    by_slug: dict[str, Place]
    provinces: list[ProvinceEntry]
    themes: list[ThemeEntry]
    """Domains, each with its sub-themes."""
    theme_by_slug: dict[str, ThemeEntry]
    regions: list[RegionEntry]
    projects: list[ProjectEntry]
    """Newest first."""
    ervaringen: list[Entry[Ervaring]]
    suggesties: list[Entry[Suggestie]]
    pages: list[Entry[Page]]

    def __repr__(self) -> str:
        return f"<Catalogue {len(self.places)} places, {len(self.projects)} projects>"

    def existing_on(self, day: dt.date) -> list[Place]:
        return sorted((p for p in self.places.values() if p.exists_on(day)), key=_name_key)

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
        """Every status, in the order of a project's life, with its projects."""
        return [
            StatusGroup(slug, label, [p for p in self.projects if p.record.status == slug])
            for slug, label in STATUS_LABELS.items()
        ]

    @cached_property
    def proeftuinen(self) -> list[ProjectEntry]:
        return [p for p in self.projects if p.record.kind == "proeftuin"]

    @cached_property
    def places_with_projects(self) -> list[Place]:
        """Current municipalities that a project names (itself or a predecessor)."""
        return [p for p in self.current if any(m.through != "region" for m in p.projects)]

    @cached_property
    def themes_used(self) -> list[ThemeEntry]:
        return [t for t in self.theme_by_slug.values() if any(t in p.themes for p in self.projects)]

    @cached_property
    def contacts(self) -> list[Place]:
        return [p for p in self.current if p.record.contact is not None]


def _initial(name: str) -> str:
    first = name.lstrip("'")[:1].upper()
    return first if first.isalpha() else "#"


def _name_key(place: Place) -> tuple[str, str]:
    return (place.name.lstrip("'").casefold(), place.nis_code)


class _Linker:
    """Builds the catalogue, collecting every problem on the way."""

    def __init__(self, data: Dataset) -> None:
        self.data = data
        self.problems: list[Problem] = []
        # Slugs and codes of municipality records that failed on their own: references to
        # them are not reported again.
        self.broken_refs: set[str] = set()
        for failed in data.failed_files:
            stem = Path(failed).stem
            if Path(failed).parent == data.layout.municipalities:
                self.broken_refs.update(stem.split("-", 1))

    def report(self, loaded: Loaded[Any], loc: Loc, message: str, *, key: bool = False) -> None:
        self.problems.append(loaded.doc.problem(loc, message, key=key))

    # -- municipalities --------------------------------------------------------------------

    def link_places(self) -> dict[str, Place]:
        places: dict[str, Place] = {}
        slugs: dict[str, Loaded[Municipality]] = {}
        for loaded in self.data.municipalities:
            record = loaded.record
            stem = loaded.doc.path.stem
            expected = f"{record.nis_code}-{record.slug}"
            if stem != expected:
                code, _, _slug = stem.partition("-")
                if code != record.nis_code:
                    self.report(
                        loaded,
                        ("nis_code",),
                        f"the NIS code '{record.nis_code}' does not match the file name "
                        f"'{loaded.doc.path.name}': the file must be named '{expected}.yaml'",
                    )
                else:
                    self.report(
                        loaded,
                        ("slug",),
                        f"the slug '{record.slug}' does not match the file name "
                        f"'{loaded.doc.path.name}': the file must be named '{expected}.yaml'",
                    )
            if record.nis_code in places:
                other = places[record.nis_code].source
                self.report(
                    loaded, ("nis_code",), f"NIS code '{record.nis_code}' is also used by {other}"
                )
                continue
            if record.slug in slugs:
                other = slugs[record.slug].doc.display
                self.report(loaded, ("slug",), f"slug '{record.slug}' is also used by {other}")
                continue
            slugs[record.slug] = loaded
            places[record.nis_code] = Place(record, loaded.doc.display)
        by_code = {loaded.record.nis_code: loaded for loaded in self.data.municipalities}
        for place in places.values():
            successor_code = place.record.successor
            if successor_code is None:
                continue
            code = successor_code
            loaded = by_code[place.nis_code]
            successor = places.get(code)
            if successor is None and code in self.broken_refs:
                continue
            if successor is None:
                hint = did_you_mean(code, places)
                self.report(
                    loaded, ("successor",), f"successor '{code}' is not a known NIS code{hint}"
                )
                continue
            merged_on = place.merged_on
            if merged_on and not successor.exists_on(merged_on):
                self.report(
                    loaded,
                    ("successor",),
                    f"successor '{code}' ({successor.name}) does not exist on {merged_on}, "
                    "the day after valid_until",
                )
            place.successor = successor
            successor.predecessors.append(place)
        looped: list[Place] = []
        for place in places.values():
            if self._loops(place):
                self.report(
                    by_code[place.nis_code],
                    ("successor",),
                    "the successor chain loops back to this municipality",
                )
                looped.append(place)
        for place in looped:
            if place.successor is not None and place in place.successor.predecessors:
                place.successor.predecessors.remove(place)
            place.successor = None
        for place in places.values():
            place.predecessors.sort(key=_name_key)
            clash = any(
                other is not place and other.name == place.name for other in places.values()
            )
            until = place.record.valid_until
            place.label = f"{place.name} (tot {until.year})" if clash and until else place.name
        return places

    @staticmethod
    def _loops(place: Place) -> bool:
        seen = {place.nis_code}
        current = place.successor
        while current is not None:
            if current.nis_code in seen:
                return True
            seen.add(current.nis_code)
            current = current.successor
        return False

    def link_provinces(self, places: dict[str, Place]) -> list[ProvinceEntry]:
        provinces_file = self.data.provinces
        if provinces_file is None:
            return []
        entries = {p.name: ProvinceEntry(p.slug, p.name) for p in provinces_file.record.provinces}
        arrondissements = {
            p.name: {a.name: a.nis_code for a in p.arrondissements}
            for p in provinces_file.record.provinces
        }
        by_code = {loaded.record.nis_code: loaded for loaded in self.data.municipalities}
        for place in places.values():
            record = place.record
            loaded = by_code[place.nis_code]
            province = entries.get(record.province)
            if province is None:
                hint = did_you_mean(record.province, entries)
                self.report(
                    loaded,
                    ("province",),
                    f"unknown province '{record.province}'{hint}; use one of: "
                    + ", ".join(sorted(entries)),
                )
                continue
            known = arrondissements[record.province]
            arr = record.arrondissement
            if arr.name not in known:
                hint = did_you_mean(arr.name, known)
                self.report(
                    loaded,
                    ("arrondissement", "name"),
                    f"unknown arrondissement '{arr.name}' in {record.province}{hint}; use one of: "
                    + ", ".join(sorted(known)),
                )
            elif known[arr.name] != arr.nis_code:
                self.report(
                    loaded,
                    ("arrondissement", "nis_code"),
                    f"arrondissement {arr.name} has NIS code '{known[arr.name]}', "
                    f"not '{arr.nis_code}'",
                )
        for province in entries.values():
            for place in places.values():
                if place.record.province == province.name:
                    place.province = province
            province.places = [
                p
                for p in sorted(places.values(), key=_name_key)
                if p.is_current and p.record.province == province.name
            ]
            groups: dict[str, ArrondissementGroup] = {}
            for place in province.places:
                arr = place.record.arrondissement
                groups.setdefault(arr.nis_code, ArrondissementGroup(arr.name, arr.nis_code))
                groups[arr.nis_code].places.append(place)
            province.arrondissements = sorted(groups.values(), key=lambda g: g.name)
        return sorted(entries.values(), key=lambda p: p.name)

    # -- themes and regions ----------------------------------------------------------------

    def link_themes(self) -> tuple[list[ThemeEntry], dict[str, ThemeEntry]]:
        themes_file = self.data.themes
        if themes_file is None:
            return [], {}
        domains: list[ThemeEntry] = []
        by_slug: dict[str, ThemeEntry] = {}
        for index, domain in enumerate(themes_file.record.themes):
            entry = ThemeEntry(domain.slug, domain.label, domain.description)
            if domain.slug in by_slug:
                self.report(
                    themes_file, ("themes", index, "slug"), f"duplicate theme slug '{domain.slug}'"
                )
                continue
            by_slug[domain.slug] = entry
            domains.append(entry)
            for sub_index, sub in enumerate(domain.subthemes):
                if sub.slug in by_slug:
                    self.report(
                        themes_file,
                        ("themes", index, "subthemes", sub_index, "slug"),
                        f"duplicate theme slug '{sub.slug}'",
                    )
                    continue
                child = ThemeEntry(sub.slug, sub.label, sub.description, parent=entry)
                entry.children.append(child)
                by_slug[sub.slug] = child
        return domains, by_slug

    def resolve_place(
        self,
        loaded: Loaded[Any],
        loc: Loc,
        ref: str,
        places: dict[str, Place],
        by_slug: dict[str, Place],
    ) -> Place | None:
        place = by_slug.get(ref) or places.get(ref)
        if place is None and ref in self.broken_refs:
            return None  # the record itself failed to load and is reported already
        if place is None:
            hint = did_you_mean(ref, by_slug)
            self.report(
                loaded,
                loc,
                f"unknown municipality '{ref}'{hint}: use the slug of a file in "
                "data/municipalities/ (e.g. 'gent') or its NIS code (e.g. '44021')",
            )
        return place

    def link_regions(
        self, places: dict[str, Place], by_slug: dict[str, Place]
    ) -> list[RegionEntry]:
        regions_file = self.data.regions
        if regions_file is None:
            return []
        regions: list[RegionEntry] = []
        seen: set[str] = set()
        for index, region in enumerate(regions_file.record.regions):
            if region.slug in seen:
                self.report(
                    regions_file,
                    ("regions", index, "slug"),
                    f"duplicate region slug '{region.slug}'",
                )
                continue
            seen.add(region.slug)
            entry = RegionEntry(
                region.slug, region.name, region.kind, region.description, region.note
            )
            for member_index, ref in enumerate(region.members):
                place = self.resolve_place(
                    regions_file, ("regions", index, "members", member_index), ref, places, by_slug
                )
                if place is not None and place not in entry.members:
                    entry.members.append(place)
                    place.regions.append(entry)
            regions.append(entry)
        return regions

    # -- entries ---------------------------------------------------------------------------

    def resolve_themes(
        self, loaded: Loaded[Any], slugs: Iterable[str], by_slug: dict[str, ThemeEntry]
    ) -> list[ThemeEntry]:
        found = []
        for index, slug in enumerate(slugs):
            theme = by_slug.get(slug)
            if theme is None:
                hint = did_you_mean(slug, by_slug)
                self.report(
                    loaded, ("themes", index), f"unknown theme '{slug}'{hint}: see data/themes.yaml"
                )
            elif theme not in found:
                found.append(theme)
        return found

    def link_projects(
        self,
        places: dict[str, Place],
        by_slug: dict[str, Place],
        themes: dict[str, ThemeEntry],
        regions: list[RegionEntry],
    ) -> list[ProjectEntry]:
        region_by_slug = {r.slug: r for r in regions}
        projects: list[ProjectEntry] = []
        seen: dict[str, str] = {}
        for loaded in self.data.projects:
            if loaded.slug in seen:
                self.report(loaded, (), f"duplicate slug '{loaded.slug}': also {seen[loaded.slug]}")
                continue
            seen[loaded.slug] = loaded.doc.display
            record = loaded.record
            entry = ProjectEntry(record, loaded.slug, loaded.doc.display, self.body_of(loaded))
            for index, ref in enumerate(record.municipalities):
                place = self.resolve_place(loaded, ("municipalities", index), ref, places, by_slug)
                if place is not None and place not in entry.places:
                    entry.places.append(place)
            for index, slug in enumerate(record.regions):
                region = region_by_slug.get(slug)
                if region is None:
                    hint = did_you_mean(slug, region_by_slug)
                    self.report(
                        loaded,
                        ("regions", index),
                        f"unknown region '{slug}'{hint}: see data/regions.yaml",
                    )
                elif region not in entry.regions:
                    entry.regions.append(region)
                    region.projects.append(entry)
            entry.themes = self.resolve_themes(loaded, record.themes, themes)
            projects.append(entry)
        self.link_lineage(projects)
        projects.sort(key=lambda p: p.sort_key, reverse=True)
        for region in regions:
            region.projects.sort(key=lambda p: p.sort_key, reverse=True)
        for project in projects:
            holders = {id(t): t for t in project.themes}  # a domain once, even with 2 sub-themes
            holders.update((id(t.parent), t.parent) for t in project.themes if t.parent)
            for holder in holders.values():
                holder.projects.append(project)
        for theme in themes.values():
            theme.projects.sort(key=lambda p: p.sort_key, reverse=True)
        return projects

    def link_lineage(self, projects: list[ProjectEntry]) -> None:
        """Resolve ``inspired_by`` and ``replicates``; refuse self-references and cycles."""
        by_slug = {p.slug: p for p in projects}
        loaded_by_slug = {loaded.slug: loaded for loaded in self.data.projects}
        for project in projects:
            loaded = loaded_by_slug[project.slug]
            for attr in ("inspired_by", "replicates"):
                for index, slug in enumerate(getattr(project.record, attr)):
                    target = by_slug.get(slug)
                    if slug == project.slug:
                        self.report(loaded, (attr, index), "a project cannot refer to itself")
                    elif target is None:
                        hint = did_you_mean(slug, by_slug)
                        self.report(
                            loaded,
                            (attr, index),
                            f"unknown project '{slug}'{hint}: use the file name of a project "
                            "in content/projecten/ without .md",
                        )
                    elif target not in getattr(project, attr):
                        getattr(project, attr).append(target)
                        target.followers.append(project)
        # A cycle (a inspired b inspired a) has no first project: report it on each member.
        state: dict[str, int] = {}
        on_cycle: set[str] = set()

        def visit(project: ProjectEntry, path: list[str]) -> None:
            state[project.slug] = 1
            path.append(project.slug)
            for target in (*project.inspired_by, *project.replicates):
                if state.get(target.slug) == 1:
                    on_cycle.update(path[path.index(target.slug) :])
                elif target.slug not in state:
                    visit(target, path)
            path.pop()
            state[project.slug] = 2

        for project in projects:
            if project.slug not in state:
                visit(project, [])
        for slug in sorted(on_cycle):
            project = by_slug[slug]
            loops = [
                t.slug for t in (*project.inspired_by, *project.replicates) if t.slug in on_cycle
            ]
            field_name = "inspired_by" if project.record.inspired_by else "replicates"
            self.report(
                loaded_by_slug[slug],
                (field_name,),
                f"the lineage loops: '{slug}' and '{loops[0]}' refer to each other through "
                "inspired_by/replicates; a project can only build on older ones",
            )

    def body_of(self, loaded: Loaded[Any]) -> str:
        """The Markdown body, after checking the local files it refers to."""
        self.problems.extend(check_media(loaded.doc, self.data.layout.content / "media"))
        return loaded.doc.body

    def link_entries(
        self,
        rubric: str,
        entries: list[Loaded[R]],
        places: dict[str, Place],
        by_slug: dict[str, Place],
        themes: dict[str, ThemeEntry],
        projects: list[ProjectEntry],
    ) -> list[Entry[R]]:
        project_by_slug = {p.slug: p for p in projects}
        linked: list[Entry[R]] = []
        for loaded in entries:
            record = loaded.record
            entry = Entry(
                record,
                loaded.slug,
                loaded.doc.display,
                f"/{rubric}/{loaded.slug}/",
                self.body_of(loaded),
            )
            ref = getattr(record, "municipality", None)
            if ref is not None:
                place = self.resolve_place(loaded, ("municipality",), ref, places, by_slug)
                if place is not None:
                    entry.places.append(place)
            entry.themes = self.resolve_themes(loaded, getattr(record, "themes", []), themes)
            for index, slug in enumerate(getattr(record, "projects", [])):
                project = project_by_slug.get(slug)
                if project is None:
                    hint = did_you_mean(slug, project_by_slug)
                    self.report(
                        loaded,
                        ("projects", index),
                        f"unknown project '{slug}'{hint}: use the file name of a project in content/projecten/ without .md",
                    )
                else:
                    entry.projects.append(project)
            linked.append(entry)
        linked.sort(key=lambda e: (getattr(e.record, "date", dt.date.min), e.slug), reverse=True)
        return linked


def _mention_projects(places: dict[str, Place], projects: list[ProjectEntry]) -> None:
    """Give every municipality its projects: its own, its predecessors' and its regions'."""
    direct: dict[str, list[ProjectEntry]] = defaultdict(list)
    for project in projects:
        for place in project.places:
            direct[place.nis_code].append(project)
    for place in places.values():
        mentions: dict[int, ProjectMention] = {}
        for project in direct[place.nis_code]:
            mentions.setdefault(id(project), ProjectMention(project))
        for old in place.all_predecessors():
            merged = old.merged_on.year if old.merged_on else ""
            for project in direct[old.nis_code]:
                mentions.setdefault(
                    id(project),
                    ProjectMention(
                        project, f"Vroeger {old.label}, gefuseerd in {merged}", "predecessor"
                    ),
                )
        member_of = list(place.regions)
        for old in place.all_predecessors():
            member_of.extend(r for r in old.regions if r not in member_of)
        for region in member_of:
            for project in region.projects:
                mentions.setdefault(
                    id(project), ProjectMention(project, f"Via de regio {region.name}", "region")
                )
        place.projects = sorted(mentions.values(), key=lambda m: m.project.sort_key, reverse=True)


def build_catalogue(
    data: Dataset,
) -> tuple[Catalogue, list[Problem]]:
    """Link a loaded dataset. Returns the catalogue and the problems found while linking."""
    linker = _Linker(data)
    places = linker.link_places()
    by_slug = {p.slug: p for p in places.values()}
    provinces = linker.link_provinces(places)
    domains, themes = linker.link_themes()
    regions = linker.link_regions(places, by_slug)
    projects = linker.link_projects(places, by_slug, themes, regions)
    ervaringen = linker.link_entries(
        "ervaringen", data.ervaringen, places, by_slug, themes, projects
    )
    suggesties = linker.link_entries(
        "suggesties", data.suggesties, places, by_slug, themes, projects
    )
    pages = [
        Entry(p.record, p.slug, p.doc.display, f"/{p.slug}/", linker.body_of(p)) for p in data.pages
    ]
    _mention_projects(places, projects)
    for ervaring in ervaringen:
        for place in ervaring.places:
            place.final.ervaringen.append(ervaring)
            if place is not place.final:
                place.ervaringen.append(ervaring)
        for project in ervaring.projects:
            project.ervaringen.append(ervaring)
    for suggestie in suggesties:
        for place in suggestie.places:
            place.final.suggesties.append(suggestie)
            if place is not place.final:
                place.suggesties.append(suggestie)
    for province in provinces:
        members = set(map(id, province.places))
        province.projects = [
            p
            for p in projects
            if any(id(m.final) in members for m in p.places)
            or any(id(m.final) in members for r in p.regions for m in r.members)
        ]
    catalogue = Catalogue(
        places=places,
        by_slug=by_slug,
        provinces=provinces,
        themes=domains,
        theme_by_slug=themes,
        regions=regions,
        projects=projects,
        ervaringen=ervaringen,
        suggesties=suggesties,
        pages=pages,
    )
    return catalogue, linker.problems
