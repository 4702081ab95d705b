"""Peer municipalities ("Vergelijkbare gemeenten"): for each current municipality, the ones
most like it, each with the reasons in Dutch.

Alike means, in this order of weight: about as many inhabitants, about as densely populated,
in the same province, working on the same themes, in the same region. Among equals, a
municipality that already has projects of its own ranks higher: a small municipality should
find peers of its own size that already did something.

Decisions
---------
* **Size** is the legal population in the municipality's record (Statbel, with its reference
  date; for the 2025 municipalities the sum of their predecessors), used as it is. Two sizes are
  compared by their ratio: the same size scores 1, a ratio of ``span`` (3) or more scores 0,
  on a log scale in between.
* **Density** is that population divided by the land area computed from the simplified
  boundaries the map is drawn from (``data/geo/flanders-2025.json``: Statbel's statistical
  sectors via Provincies in Cijfers, Lambert 72, simplified with a 100 m tolerance on a 25 m
  grid). The areas add up to the region's 13,626 km²; one municipality's area is off by at
  most a few per cent, so the page rounds the density to tens and says "ongeveer". No sourced
  classification of urbanisation was found, so the density is compared as a ratio, like the
  size, not put into classes. Without the map data, density is left out.
* **Themes** are those of a municipality's own projects (:attr:`Place.own_projects`, the one
  definition; a region's project would make every member alike), as the projects name them.
* **Regions** are those that list the municipality or a municipality that merged into it. A
  region of kind ``provincie`` is not given as a reason beside "ook in <provincie>".
* The score is ``size_weight · size + density_weight · density + province_weight · same
  province + theme_weight · shared themes (at most max_themes) + region_weight · shared region
  + doer_weight · has own projects``, rounded to four decimals; ties end on the name and the
  NIS code, so the result is deterministic.

Cost: O(M²) for M current municipalities (285: about 80,000 small comparisons).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from types import MappingProxyType

from showcase.derive.footprints import place_key, theme_order
from showcase.derive.maps import MapData, Ring
from showcase.link.catalogue import Catalogue, Place, RegionEntry, ThemeEntry
from showcase.link.labels import number_nl

GRID_AREA_M2 = 25.0 * 25.0
"""One square of the map grid (``transform.scale`` of flanders-2025.json), in m²."""


@dataclass(frozen=True)
class PeerSettings:
    """The knobs of :func:`compute_peers`; the defaults are the site's."""

    count: int = 5
    """Peers kept per municipality."""
    pool: int = 40
    """Peers are chosen among the municipalities nearest in size (by population ratio)."""
    min_doers: int = 3
    """At least this many peers have projects of their own, when the pool has them."""
    size_weight: float = 3.0
    density_weight: float = 2.0
    province_weight: float = 1.0
    theme_weight: float = 0.5
    """Per shared theme, up to ``max_themes`` themes."""
    max_themes: int = 3
    region_weight: float = 1.0
    doer_weight: float = 1.5
    """For a peer with at least one project of its own."""
    span: float = 3.0
    """A size or density ratio from which it no longer counts."""
    same: float = 1.25
    """Up to this ratio, sizes or densities are "even groot", "even dicht bevolkt"."""
    comparable: float = 2.0
    """Up to this ratio, "vergelijkbaar"."""
    shown_themes: int = 3
    """Shared themes named in a reason."""


@dataclass(frozen=True)
class Peer:
    """A municipality like another one, with why."""

    place: Place
    reasons: tuple[str, ...]
    """In Dutch, most important first: size, density, province, themes, regions, own work."""
    score: float

    @property
    def nis_code(self) -> str:
        return self.place.nis_code


Peers = Mapping[str, tuple[Peer, ...]]
"""NIS code of each current municipality → its peers, best first."""


# -- areas ------------------------------------------------------------------------------------


def _ring_area(ring: Ring) -> float:
    """The shoelace area of a closed ring, in grid squares (unsigned)."""
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in pairwise(ring))) / 2


def land_areas(map_data: MapData) -> dict[str, float]:
    """NIS code → area in km², from the map's simplified boundaries (outer rings minus holes)."""
    areas: dict[str, float] = {}
    for nis, shape in map_data.shapes.items():
        squares = sum(
            _ring_area(polygon[0]) - sum(_ring_area(hole) for hole in polygon[1:])
            for polygon in shape.polygons
        )
        areas[nis] = squares * GRID_AREA_M2 / 1_000_000
    return areas


# -- the facts compared -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Profile:
    place: Place
    population: int | None
    density: float | None
    themes: frozenset[str]
    regions: tuple[RegionEntry, ...]
    own: int


def _profiles(catalogue: Catalogue, areas: Mapping[str, float] | None) -> list[_Profile]:
    profiles = []
    for place in catalogue.current:
        population = place.record.population.figure if place.record.population else None
        area = areas.get(place.nis_code) if areas is not None else None
        density = population / area if population is not None and area else None
        themes = frozenset(t.slug for m in place.own_projects for t in m.project.themes)
        own = len(place.own_projects)
        profiles.append(_Profile(place, population, density, themes, tuple(place.member_of), own))
    return profiles


def _likeness(a: float | None, b: float | None, span: float) -> float:
    """1 for equal values, 0 from a ratio of ``span`` on, on a log scale in between."""
    if a is None or b is None or a <= 0 or b <= 0:
        return 0.0
    return max(0.0, 1.0 - abs(math.log(a / b)) / math.log(span))


def _ratio(a: float | None, b: float | None) -> float:
    if a is None or b is None or a <= 0 or b <= 0:
        return math.inf
    return max(a / b, b / a)


def density_nl(density: float) -> str:
    """``ongeveer 1.230 inwoners per km²``: rounded to tens (the area is approximate)."""
    rounded = max(10, int(round(density, -1)))
    return f"ongeveer {number_nl(rounded)} inwoners per km²"


def _names_nl(labels: Sequence[str]) -> str:
    """``A``, ``A en B``, ``A, B en C``."""
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " en " + labels[-1]


def _region_reason(region: RegionEntry) -> str:
    if region.kind in {"intercommunale", "samenwerkingsverband"}:
        return f"ook lid van {region.name}"
    return f"ook in de regio {region.name}"


def _reasons(
    me: _Profile,
    other: _Profile,
    shared_themes: Sequence[ThemeEntry],
    shared_regions: Iterable[RegionEntry],
    settings: PeerSettings,
) -> tuple[str, ...]:
    reasons: list[str] = []
    size = _ratio(me.population, other.population)
    if other.population is not None:
        inhabitants = f"{number_nl(other.population)} inwoners"
        if size <= settings.same:
            reasons.append(f"even groot ({inhabitants})")
        elif size <= settings.comparable:
            reasons.append(f"vergelijkbaar in grootte ({inhabitants})")
        else:
            reasons.append(inhabitants)
    density = _ratio(me.density, other.density)
    if other.density is not None and density <= settings.comparable:
        word = "even dicht bevolkt" if density <= settings.same else "vergelijkbare dichtheid"
        reasons.append(f"{word} ({density_nl(other.density)})")
    province = other.place.record.province
    if province == me.place.record.province:
        reasons.append(f"ook in {province}")
    if shared_themes:
        labels = [t.label for t in shared_themes[: settings.shown_themes]]
        rest = len(shared_themes) - len(labels)
        if rest:
            labels.append("1 ander thema" if rest == 1 else f"{rest} andere thema's")
        reasons.append(f"werkt ook rond {_names_nl(labels)}")
    for region in shared_regions:
        if region.kind == "provincie" and region.name == province == me.place.record.province:
            continue
        reasons.append(_region_reason(region))
    if other.own:
        reasons.append(f"heeft al {other.own} eigen {'project' if other.own == 1 else 'projecten'}")
    return tuple(reasons)


def compute_peers(
    catalogue: Catalogue,
    areas: Mapping[str, float] | None = None,
    settings: PeerSettings | None = None,
) -> Peers:
    """Every current municipality's peers, best first; pure and deterministic.

    ``areas`` (NIS code → km², :func:`land_areas`) adds the density; without it, size,
    province, themes, regions and own work decide.
    """
    settings = settings or PeerSettings()
    order = theme_order(catalogue)
    themes = catalogue.theme_by_slug
    profiles = _profiles(catalogue, areas)
    found: dict[str, tuple[Peer, ...]] = {}
    for me in profiles:
        scored: list[_Scored] = []
        for other in _pool(me, profiles, settings.pool):
            shared = sorted(me.themes & other.themes, key=lambda slug: order.get(slug, 0))
            regions = [r for r in me.regions if r in other.regions]
            score = (
                settings.size_weight * _likeness(me.population, other.population, settings.span)
                + settings.density_weight * _likeness(me.density, other.density, settings.span)
                + settings.province_weight
                * (other.place.record.province == me.place.record.province)
                + settings.theme_weight * min(len(shared), settings.max_themes)
                + settings.region_weight * bool(regions)
                + settings.doer_weight * bool(other.own)
            )
            scored.append(_Scored(round(score, 4), place_key(other.place), other, shared, regions))
        scored.sort(key=lambda item: (-item.score, item.key))
        found[me.place.nis_code] = tuple(
            Peer(
                item.other.place,
                _reasons(me, item.other, [themes[s] for s in item.shared], item.regions, settings),
                item.score,
            )
            for item in _chosen(scored, settings)
        )
    return MappingProxyType(found)


@dataclass(frozen=True)
class _Scored:
    score: float
    key: tuple[str, str]
    other: _Profile
    shared: list[str]
    regions: list[RegionEntry]


def _pool(me: _Profile, profiles: Sequence[_Profile], size: int) -> list[_Profile]:
    """The ``size`` other municipalities nearest in population (ties by name)."""
    others = [p for p in profiles if p.place is not me.place]
    others.sort(key=lambda p: (_ratio(me.population, p.population), place_key(p.place)))
    return others[:size]


def _chosen(scored: Sequence[_Scored], settings: PeerSettings) -> list[_Scored]:
    """The best ``count``, with at least ``min_doers`` that have projects of their own: the
    best doers outside the top take the places of its lowest non-doers. Best first."""
    top = list(scored[: settings.count])
    missing = settings.min_doers - sum(1 for item in top if item.other.own)
    if missing > 0:
        extra = [item for item in scored[settings.count :] if item.other.own][:missing]
        if extra:
            keep = len(top) - len(extra)
            lowest = [item for item in reversed(top) if not item.other.own][: len(extra)]
            top = [item for item in top if item not in lowest][:keep] + extra
    return sorted(top, key=lambda item: (-item.score, item.key))
