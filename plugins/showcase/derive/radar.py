"""Opschalen, the scale-up radar: per project, the municipalities that could join it or take it
over, each with its reasons and a score.

Computed once per build from the sealed catalogue; the project pages, the theme pages, the
municipality pages, /opschalen/ with its filter pages and ``open-data/opschalen.json`` all
show these same candidates.

Decisions
---------
* A project's *participants* are its footprint (the current municipalities it names, a merged
  one as its successor, and the members of its regions), plus the municipalities that declared
  it ``in-gebruik``. Participants are never candidates, nor are the municipalities that run a
  project of its lineage (``inspired_by``, ``replicates`` or a follower): they do it already.
* A project's *regions* are the regions it names and the regions one of its own municipalities
  belongs to (``data/regions.yaml``; a merged member counts as its successor).
* A candidate is ``aansluiten`` (can join) when it is a member of one of the project's regions
  and the project still runs or is being prepared (status ``idee``, ``pilot``, ``lopend`` or
  ``opgeschaald``): a finished project cannot be joined. Every other candidate is ``overnemen``
  (can take it over). So a join candidate never lies outside the project's regions.
* A municipality becomes a candidate for one of these reasons: it borders a participant, it is
  a member of one of the project's regions, it is a peer of one of the project's own
  municipalities (:mod:`showcase.derive.peers`), or it declared interest (``reuse`` with stage
  ``interesse``) less than two years ago. An older declaration has left the radar; the project
  page still shows it as history. Whether it already works on one of the project's themes (its
  own projects, not its regions') is given as a reason too, but alone makes no candidate.
* The score adds the points of the reasons (see the constants below): interest 4; a neighbour
  3, plus 1 for each further participant it borders (at most 2 more); a region member 2; a peer
  2; already working on the theme 1. Candidates rank by score, then by the length of their
  border with the participants, then by name and NIS code; each project keeps its best
  ``radar_join`` join and ``radar_take_over`` take-over candidates.
* Projects rank by evidence: scaled up first, then running projects and finished ones with
  results, then pilots, then ideas and finished projects without results; within a tier the
  one in most municipalities first, then by title. Stopped projects are not on the radar.
* ``today`` (the day of the build) decides which declarations of interest still count; it is
  the only date the radar reads that is not in the data.

Cost: O(N · (F · k + R)) for N projects with F participants of k neighbours each and R region
members.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

from showcase.derive.footprints import covered_themes, domain_of, own_projects, place_key
from showcase.derive.neighbours import Neighbours
from showcase.link.catalogue import (
    Catalogue,
    Place,
    ProjectEntry,
    ProvinceEntry,
    RegionEntry,
    ThemeEntry,
)
from showcase.link.labels import date_nl

if TYPE_CHECKING:
    from showcase.derive.synergy import SynergySettings

JOIN = "aansluiten"
TAKE_OVER = "overnemen"
KIND_LABELS = {JOIN: "Kan aansluiten", TAKE_OVER: "Kan overnemen"}

INTEREST_POINTS = 4
NEIGHBOUR_POINTS = 3
FURTHER_NEIGHBOUR_POINTS = 1
"""For each further participant a neighbour borders, up to ``MAX_FURTHER_NEIGHBOURS``."""
MAX_FURTHER_NEIGHBOURS = 2
REGION_POINTS = 2
PEER_POINTS = 2
THEME_POINTS = 1
INTEREST_YEARS = 2
"""A declaration of interest counts this many years from its date."""
NAMED = 3
"""Participants named in a reason ("buur van A, B, C en 2 andere")."""
LEADING = 5
"""Projects of a theme on the theme's page; its filter page of /opschalen/ lists them all."""
REASONS_UP_TO = 100
"""A list of /opschalen/ with at most this many projects shows every project's candidates with
their reasons; a longer one names each project's candidates in one line, linked to the
project page, which shows them with their reasons. A list of thousands of projects with five to
ten reasoned candidates each is too long to read on a phone, and its filter pages would
repeat every project's reasons once per province, region and theme (104 of 564 MB at N =
10,000)."""


def lists_reasons(count: int) -> bool:
    """Whether a list of ``count`` projects on /opschalen/ shows the candidates' reasons."""
    return count <= REASONS_UP_TO


JOINABLE = frozenset({"idee", "pilot", "lopend", "opgeschaald"})
"""Statuses of a project that a municipality can still join."""
LEFT_OUT = frozenset({"stopgezet"})
"""Statuses of projects that are not on the radar."""


def evidence_tier(project: ProjectEntry) -> int:
    """0 scaled up; 1 running, or finished with results; 2 pilot; 3 the rest (ideas, finished
    without results)."""
    status = project.record.status
    if status == "opgeschaald":
        return 0
    if status == "lopend" or (status == "afgerond" and project.record.results):
        return 1
    if status == "pilot":
        return 2
    return 3


class _Peer(Protocol):
    @property
    def place(self) -> Place: ...


Peers = Mapping[str, Sequence[_Peer]]
"""NIS code of a current municipality → its peers (anything with a ``place``), best first."""


# -- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """Why a municipality is a candidate: ``code`` (``interesse``, ``regio``, ``buur``,
    ``gelijkaardig``, ``thema`` or ``geen-thema``), the Dutch ``text``, and its points."""

    code: str
    text: str
    points: int


@dataclass(frozen=True)
class Candidate:
    place: Place
    kind: str
    """``aansluiten`` or ``overnemen``."""
    reasons: tuple[Reason, ...]
    """Interest, region, neighbours, peers, then the theme."""
    score: int
    shared_border_m: int = 0
    """Its border with the participants it borders, in metres: breaks ties of the score."""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def reason_texts(self) -> tuple[str, ...]:
        return tuple(reason.text for reason in self.reasons)


@dataclass(frozen=True)
class RadarEntry:
    """One project on the radar."""

    project: ProjectEntry
    places: tuple[Place, ...]
    """Its participants (current municipalities), A–Z."""
    regions: tuple[RegionEntry, ...]
    """Its regions: those it names and those of its own municipalities, in catalogue order."""
    provinces: tuple[ProvinceEntry, ...]
    themes: tuple[ThemeEntry, ...]
    """Its themes and their domains, in catalogue order (the theme filters)."""
    join: tuple[Candidate, ...]
    """Best first (score, then name)."""
    take_over: tuple[Candidate, ...]
    tier: int
    rank: int = 0
    """Its place on /opschalen/, from 1."""

    @property
    def candidates(self) -> tuple[Candidate, ...]:
        """Join candidates first, then take-over candidates: the order of the export."""
        return (*self.join, *self.take_over)

    @property
    def candidate_count(self) -> int:
        return len(self.join) + len(self.take_over)

    @property
    def groups(self) -> tuple[tuple[str, tuple[Candidate, ...]], ...]:
        """``(label, candidates)`` for each kind that has candidates: join, then take over."""
        return tuple(
            (KIND_LABELS[kind], found)
            for kind, found in ((JOIN, self.join), (TAKE_OVER, self.take_over))
            if found
        )

    @property
    def summary(self) -> str:
        """``7 kandidaten: 2 kunnen aansluiten, 5 het overnemen``, ``1 gemeente kan het
        overnemen``, ``3 gemeenten kunnen aansluiten``."""
        join, take_over = len(self.join), len(self.take_over)
        if join and take_over:
            return (
                f"{join + take_over} kandidaten: {join} {_can(join)} aansluiten, "
                f"{take_over} het overnemen"
            )
        count = join or take_over
        if not count:
            return "nog geen kandidaten"
        what = "aansluiten" if join else "het overnemen"
        return f"{count} {'gemeente' if count == 1 else 'gemeenten'} {_can(count)} {what}"

    @property
    def reach(self) -> str:
        """Where it runs: ``in 1 gemeente``, ``in 13 gemeenten``, ``in 38 gemeenten (regio
        Limburg)``."""
        count = len(self.places)
        text = f"in {count} {'gemeente' if count == 1 else 'gemeenten'}"
        named = [region.name for region in self.project.regions]
        if named:
            word = "regio" if len(named) == 1 else "regio's"
            text += f" ({word} {names_nl(named)})"
        return text

    @property
    def tags(self) -> tuple[tuple[str, str], ...]:
        """The project's themes as ``(label, URL of the theme's filter page)``."""
        return tuple((t.label, f"/opschalen/thema/{t.slug}/") for t in self.project.themes)


@dataclass(frozen=True)
class Candidacy:
    """A project for which a municipality is a candidate."""

    entry: RadarEntry
    candidate: Candidate


@dataclass(frozen=True)
class PlaceRadar:
    """ "Kan aansluiten bij / kan overnemen" for one current municipality."""

    place: Place
    join: tuple[Candidacy, ...]
    """Best score first, then in the radar's order."""
    take_over: tuple[Candidacy, ...]


@dataclass(frozen=True)
class RadarFacet:
    """The radar's projects in one province, region or theme: a filter page of /opschalen/."""

    group: str
    """``provincie``, ``regio`` or ``thema``."""
    slug: str
    label: str
    entries: tuple[RadarEntry, ...]
    level: int = 0
    """1 for a sub-theme, shown under its domain."""

    @property
    def url(self) -> str:
        return f"/opschalen/{self.group}/{self.slug}/"

    @property
    def leading(self) -> tuple[RadarEntry, ...]:
        """Its best ``LEADING`` entries: what a theme page shows (its filter page has all)."""
        return self.entries[:LEADING]

    @property
    def has_more(self) -> bool:
        """It has more entries than :attr:`leading`."""
        return len(self.entries) > LEADING

    @property
    def title(self) -> str:
        """``Opschalen in de provincie Limburg``, ``… in de regio Westhoek``, ``Opschalen: thema
        Mobiliteit``."""
        if self.group == "provincie":
            return f"Opschalen in de provincie {self.label}"
        if self.group == "regio":
            return f"Opschalen in de regio {self.label}"
        return f"Opschalen: thema {self.label}"

    @property
    def description(self) -> str:
        where = {
            "provincie": f"die in de provincie {self.label} lopen",
            "regio": f"die in de regio {self.label} lopen",
        }.get(self.group, f"rond {self.label}")
        return (
            f"Smart-city-projecten {where}, en de gemeenten die kunnen aansluiten of ze "
            "kunnen overnemen, met hun redenen."
        )


@dataclass(frozen=True)
class FacetGroup:
    slug: str
    """``provincie``, ``regio`` or ``thema``: the group of its facets."""
    label: str
    """``Provincie``, ``Regio`` or ``Thema``."""
    facets: tuple[RadarFacet, ...]
    """Only those with projects."""


@dataclass(frozen=True)
class Radar:
    entries: tuple[RadarEntry, ...]
    """Every project on the radar, ranked (``RadarEntry.rank``)."""
    by_project: Mapping[str, RadarEntry]
    """Project slug → its entry (stopped projects are absent)."""
    by_place: Mapping[str, PlaceRadar]
    """NIS code → the projects it is a candidate for (only municipalities that are one)."""
    by_theme: Mapping[str, RadarFacet]
    """Every theme slug → its entries (possibly none), for the theme pages."""
    groups: tuple[FacetGroup, ...]
    """The filters of /opschalen/: provinces, regions, themes."""
    method: tuple[str, ...]
    """How the radar chooses, in Dutch, with its points and limits (for /opschalen/)."""
    today: dt.date = field(compare=False)

    @property
    def facets(self) -> tuple[RadarFacet, ...]:
        return tuple(facet for group in self.groups for facet in group.facets)


# -- Dutch text -------------------------------------------------------------------------------


def _can(count: int) -> str:
    return "kan" if count == 1 else "kunnen"


def names_nl(names: Sequence[str], last: str = "en") -> str:
    """``A``, ``A en B``, ``A, B en C``."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {last} {names[-1]}"


def _places_nl(places: Sequence[Place]) -> str:
    names = [p.name for p in places[:NAMED]]
    rest = len(places) - len(names)
    if rest:
        names.append("1 andere" if rest == 1 else f"{rest} andere")
    return names_nl(names)


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def explain(settings: SynergySettings) -> tuple[str, ...]:
    """How the radar chooses, in Dutch, from the constants and settings it uses."""
    return (
        "Kan aansluiten: gemeenten uit een regio van het project (een regio die het project "
        "noemt, of waartoe een van zijn gemeenten behoort) die nog niet meedoen, zolang het "
        "project loopt of nog moet starten. Een afgerond project kan je niet meer aansluiten.",
        "Kan overnemen: gemeenten elders die het project kunnen overdoen.",
        f"Punten: interesse getoond, minder dan {INTEREST_YEARS} jaar geleden: {INTEREST_POINTS}; "
        f"buurgemeente van een deelnemer: {NEIGHBOUR_POINTS}, plus "
        f"{FURTHER_NEIGHBOUR_POINTS} per extra deelnemer waaraan ze grenst (hoogstens "
        f"{MAX_FURTHER_NEIGHBOURS}); lid van een regio van het project: {REGION_POINTS}; "
        f"vergelijkbare gemeente: {PEER_POINTS}; werkt al rond een thema van het project: "
        f"{THEME_POINTS}. Bij gelijke punten gaat de langste gemeenschappelijke grens voor.",
        f"Per project staan de beste {settings.radar_join} die kunnen aansluiten en de beste "
        f"{settings.radar_take_over} die het kunnen overnemen.",
        "Wie al meedoet, het project al gebruikt of een project uit dezelfde reeks heeft (dat "
        "erop voortbouwt of waarop het voortbouwt), is geen kandidaat.",
        "Volgorde van de projecten: opgeschaald eerst, dan lopende projecten en afgeronde met "
        "resultaten, dan pilots, dan ideeën; daarbinnen het project in de meeste gemeenten "
        "eerst. Stopgezette projecten staan er niet bij.",
    )


# -- computing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _World:
    """What every project's candidates are computed from."""

    catalogue: Catalogue
    neighbours: Neighbours
    touched: Mapping[str, frozenset[str]]
    """NIS code → the theme slugs (and domains) of its own projects."""
    members: Mapping[str, frozenset[str]]
    """Region slug → the current NIS codes of its members."""
    peers: Peers
    today: dt.date
    settings: SynergySettings
    themes: Sequence[ThemeEntry]
    """Every theme in catalogue order (:func:`_theme_list`)."""
    keys: Mapping[str, tuple[str, str]]
    """NIS code → :func:`~showcase.derive.footprints.place_key` of the municipality."""
    borders: Mapping[str, tuple[tuple[str, int], ...]]
    """NIS code → ``(NIS code, shared border in metres)`` of each neighbour, A–Z."""
    peer_codes: Mapping[str, tuple[str, ...]]
    """NIS code → the NIS codes of its peers, best first."""


class _Found:
    """What was found about one candidate of one project (some 240,000 of them at N = 10,000:
    a plain class with slots is made in a third of a dataclass's time)."""

    __slots__ = ("border_m", "borders", "interest", "peer_of", "regions")

    def __init__(self) -> None:
        self.borders: list[Place] = []
        self.border_m = 0
        self.regions: list[RegionEntry] = []
        self.peer_of: list[Place] = []
        self.interest: dt.date | None = None


def _theme_reason(project: ProjectEntry, touched: frozenset[str]) -> Reason:
    """ "werkt al rond Verkeer en parkeren", or "nog geen project rond Open data of …"."""
    matched = [t.label for t in project.themes if t.slug in touched]
    if not matched:
        matched = list(
            dict.fromkeys(
                domain_of(t).label for t in project.themes if domain_of(t).slug in touched
            )
        )
    if matched:
        return Reason("thema", f"werkt al rond {names_nl(matched)}", THEME_POINTS)
    labels = list(dict.fromkeys(t.label for t in project.themes))
    rest = len(labels) - NAMED
    if rest > 0:
        labels = [*labels[:NAMED], "1 ander thema" if rest == 1 else f"{rest} andere thema's"]
    return Reason("geen-thema", f"nog geen project rond {names_nl(labels, 'of')}", 0)


def _border_points(borders: int) -> int:
    """A neighbour of ``borders`` participants."""
    return NEIGHBOUR_POINTS + min(borders - 1, MAX_FURTHER_NEIGHBOURS) * FURTHER_NEIGHBOUR_POINTS


def _score(found: _Found, works_on_theme: bool) -> int:
    """The sum of the points of :func:`_reasons`, without writing their texts: a project keeps
    ten of its twenty-odd candidates, so only those need their reasons."""
    score = INTEREST_POINTS if found.interest is not None else 0
    if found.regions:
        score += REGION_POINTS
    if found.borders:
        score += _border_points(len(found.borders))
    if found.peer_of:
        score += PEER_POINTS
    return score + (THEME_POINTS if works_on_theme else 0)


def _reasons(found: _Found, theme: Reason, keys: Mapping[str, tuple[str, str]]) -> list[Reason]:
    """The reasons of a candidate, ending with ``theme`` (:func:`_theme_reason`); ``keys``
    are the municipalities' :func:`~showcase.derive.footprints.place_key` by NIS code."""

    def key(place: Place) -> tuple[str, str]:
        return keys[place.nis_code]

    reasons: list[Reason] = []
    if found.interest is not None:
        text = f"toonde interesse op {date_nl(found.interest)}"
        reasons.append(Reason("interesse", text, INTEREST_POINTS))
    if found.regions:
        text = f"lid van {names_nl([r.name for r in found.regions])}"
        reasons.append(Reason("regio", text, REGION_POINTS))
    if found.borders:
        borders = sorted(found.borders, key=key)
        text = f"buur van {_places_nl(borders)}"
        reasons.append(Reason("buur", text, _border_points(len(borders))))
    if found.peer_of:
        text = f"vergelijkbaar met {_places_nl(sorted(found.peer_of, key=key))}"
        reasons.append(Reason("gelijkaardig", text, PEER_POINTS))
    reasons.append(theme)
    return reasons


def _lineage_footprint(project: ProjectEntry, footprints: Mapping[int, frozenset[str]]) -> set[str]:
    """Where the projects of its lineage run: they do it already."""
    codes: set[str] = set()
    for other in (*project.inspired_by, *project.replicates, *project.followers):
        codes |= footprints.get(id(other), frozenset())
    return codes


def _find(
    project: ProjectEntry,
    own: frozenset[str],
    regions: Sequence[RegionEntry],
    excluded: set[str],
    world: _World,
) -> dict[str, _Found]:
    """Every municipality with a reason to be a candidate, by NIS code."""
    found: dict[str, _Found] = defaultdict(_Found)
    places = world.catalogue.places
    doers = own | {r.place.final.nis_code for r in project.reuse_in_use}
    borders = world.borders
    for code in sorted(doers):
        place = places[code]
        for other, border_m in borders.get(code, ()):
            if other not in excluded:
                candidate = found[other]
                candidate.borders.append(place)
                candidate.border_m += border_m
    for region in regions:
        for code in sorted(world.members[region.slug] - excluded):
            found[code].regions.append(region)
    named = {place.final.nis_code for place in project.places}
    for code in sorted(named):
        place = places[code]
        for other in world.peer_codes.get(code, ()):
            if other not in excluded and place not in found[other].peer_of:
                found[other].peer_of.append(place)
    for reuse in project.reuse_interest:
        code = reuse.place.final.nis_code
        if code not in excluded and world.today < add_years(reuse.record.date, INTEREST_YEARS):
            found[code].interest = reuse.record.date
    return found


def _entry(
    project: ProjectEntry, footprints: Mapping[int, frozenset[str]], world: _World
) -> RadarEntry:
    catalogue = world.catalogue
    own = footprints[id(project)]
    named = {place.final.nis_code for place in project.places}
    regions = [
        region
        for region in catalogue.regions
        if region in project.regions or named & world.members[region.slug]
    ]
    excluded = set(own) | _lineage_footprint(project, footprints)
    excluded |= {r.place.final.nis_code for r in project.reuse_in_use}
    joinable = project.record.status in JOINABLE
    region_members = set().union(*(world.members[r.slug] for r in regions))
    covered = frozenset(covered_themes(project))
    no_themes: frozenset[str] = frozenset()
    # Ranked by score first, their reasons written for the best only.
    ranked: dict[str, list[tuple[tuple[int, int, tuple[str, str]], str, int, _Found]]]
    ranked = {JOIN: [], TAKE_OVER: []}
    for code, found in _find(project, own, regions, excluded, world).items():
        score = _score(found, not covered.isdisjoint(world.touched.get(code, no_themes)))
        kind = JOIN if joinable and code in region_members else TAKE_OVER
        ranked[kind].append(((-score, -found.border_m, world.keys[code]), code, score, found))

    themes: dict[frozenset[str], Reason] = {}  # by what of the project a candidate works on

    def theme_reason(code: str) -> Reason:
        works_on = covered.intersection(world.touched.get(code, no_themes))
        if works_on not in themes:
            themes[works_on] = _theme_reason(project, works_on)
        return themes[works_on]

    def best(kind: str, count: int) -> tuple[Candidate, ...]:
        chosen = sorted(ranked[kind], key=lambda item: item[0])[:count]
        return tuple(
            Candidate(
                catalogue.places[code],
                kind,
                tuple(_reasons(found, theme_reason(code), world.keys)),
                score,
                found.border_m,
            )
            for _, code, score, found in chosen
        )

    settings = world.settings
    return RadarEntry(
        project=project,
        places=tuple(sorted((catalogue.places[c] for c in own), key=place_key)),
        regions=tuple(regions),
        provinces=tuple(project.provinces),
        themes=tuple(t for t in world.themes if t.slug in covered),
        join=best(JOIN, settings.radar_join),
        take_over=best(TAKE_OVER, settings.radar_take_over),
        tier=evidence_tier(project),
    )


def _theme_list(catalogue: Catalogue) -> list[ThemeEntry]:
    """Every theme in catalogue order: each domain, then its sub-themes."""
    return [theme for domain in catalogue.themes for theme in (domain, *domain.children)]


def _by_place(entries: Sequence[RadarEntry]) -> dict[str, PlaceRadar]:
    found: dict[str, list[Candidacy]] = defaultdict(list)
    for entry in entries:
        for candidate in entry.candidates:
            found[candidate.place.nis_code].append(Candidacy(entry, candidate))
    radar: dict[str, PlaceRadar] = {}
    for code in sorted(found):
        ranked = sorted(found[code], key=lambda c: (-c.candidate.score, c.entry.rank))
        radar[code] = PlaceRadar(
            ranked[0].candidate.place,
            tuple(c for c in ranked if c.candidate.kind == JOIN),
            tuple(c for c in ranked if c.candidate.kind == TAKE_OVER),
        )
    return radar


def _facets(
    catalogue: Catalogue, entries: Sequence[RadarEntry]
) -> tuple[tuple[FacetGroup, ...], dict[str, RadarFacet]]:
    provinces = tuple(
        RadarFacet("provincie", p.slug, p.name, tuple(e for e in entries if p in e.provinces))
        for p in catalogue.provinces
    )
    regions = tuple(
        RadarFacet("regio", r.slug, r.name, tuple(e for e in entries if r in e.regions))
        for r in catalogue.regions
    )
    themes = {
        t.slug: RadarFacet(
            "thema",
            t.slug,
            t.label,
            tuple(e for e in entries if t in e.themes),
            level=0 if t.parent is None else 1,
        )
        for t in _theme_list(catalogue)
    }
    groups = tuple(
        FacetGroup(slug, label, tuple(f for f in facets if f.entries))
        for slug, label, facets in (
            ("provincie", "Provincie", provinces),
            ("regio", "Regio", regions),
            ("thema", "Thema", tuple(themes.values())),
        )
    )
    return groups, themes


def compute_radar(
    catalogue: Catalogue,
    neighbours: Neighbours,
    footprints: Mapping[int, frozenset[str]],
    settings: SynergySettings,
    *,
    today: dt.date,
    peers: Peers | None = None,
) -> Radar:
    """The radar of every project but the stopped ones; pure and deterministic for a given
    ``today``."""
    touched = {
        place.nis_code: frozenset(s for p in own_projects(place) for s in covered_themes(p))
        for place in catalogue.current
    }
    members = {
        region.slug: frozenset(m.final.nis_code for m in region.members)
        for region in catalogue.regions
    }
    world = _World(
        catalogue,
        neighbours,
        MappingProxyType(touched),
        MappingProxyType(members),
        peers or {},
        today,
        settings,
        tuple(_theme_list(catalogue)),
        MappingProxyType({code: place_key(place) for code, place in catalogue.places.items()}),
        MappingProxyType(
            {
                code: tuple((n.place.nis_code, n.shared_border_m) for n in found)
                for code, found in neighbours.by_code.items()
            }
        ),
        MappingProxyType(
            {code: tuple(p.place.nis_code for p in found) for code, found in (peers or {}).items()}
        ),
    )
    drafts = [
        _entry(project, footprints, world)
        for project in sorted(catalogue.projects, key=lambda p: p.slug)
        if project.record.status not in LEFT_OUT
    ]
    drafts.sort(
        key=lambda e: (e.tier, -len(e.places), e.project.record.title.casefold(), e.project.slug)
    )
    entries = tuple(replace(entry, rank=index) for index, entry in enumerate(drafts, 1))
    groups, by_theme = _facets(catalogue, entries)
    return Radar(
        entries=entries,
        by_project=MappingProxyType({e.project.slug: e for e in entries}),
        by_place=MappingProxyType(_by_place(entries)),
        by_theme=MappingProxyType(by_theme),
        groups=groups,
        method=explain(settings),
        today=today,
    )
