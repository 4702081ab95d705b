"""Opschalen: per theme, approaches in use in several municipalities, and the neighbouring
municipalities that could join them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

from showcase.derive.footprints import covered_themes, place_key
from showcase.derive.neighbours import Neighbour, Neighbours
from showcase.link.catalogue import Catalogue, Place, ProjectEntry, ThemeEntry

if TYPE_CHECKING:
    from showcase.derive.synergy import SynergySettings


@dataclass(frozen=True)
class Candidate:
    """A municipality that borders an approach and has no project on its theme yet."""

    place: Place
    neighbours: tuple[Place, ...]
    """The municipalities doing it that it borders, A–Z."""
    shared_border_m: int
    """Its border with them, in metres."""


@dataclass(frozen=True)
class Approach:
    """One way of working on a theme, found in several municipalities."""

    projects: tuple[ProjectEntry, ...]
    """One project, or a lineage (``inspired_by``/``replicates``) oldest first."""
    places: tuple[Place, ...]
    """The current municipalities where it runs, A–Z."""
    candidates: tuple[Candidate, ...]

    @property
    def lead(self) -> ProjectEntry:
        return self.projects[0]

    @property
    def is_lineage(self) -> bool:
        return len(self.projects) > 1


@dataclass(frozen=True)
class ThemeScaling:
    """ "Opschalen" for one theme."""

    theme: ThemeEntry
    approaches: tuple[Approach, ...]
    """Widest first (most municipalities, then most projects, then slug); capped."""
    approach_count: int
    candidates: tuple[Candidate, ...]
    """Neighbours of any approach without a project on the theme, best first; capped."""


def _lineages(projects: Sequence[ProjectEntry]) -> list[list[ProjectEntry]]:
    """Projects grouped by lineage (``inspired_by``/``replicates``, either way), oldest first."""
    parent = {p.slug: p.slug for p in projects}

    def root(slug: str) -> str:
        while parent[slug] != slug:
            parent[slug] = parent[parent[slug]]
            slug = parent[slug]
        return slug

    for project in projects:
        for target in (*project.inspired_by, *project.replicates):
            if target.slug in parent:
                a, b = sorted((root(project.slug), root(target.slug)))
                parent[b] = a
    groups: dict[str, list[ProjectEntry]] = defaultdict(list)
    for project in projects:
        groups[root(project.slug)].append(project)
    return [
        sorted(group, key=lambda p: (p.sort_key, p.slug)) for _, group in sorted(groups.items())
    ]


def _candidates(
    doers: Iterable[str],
    exclude: frozenset[str] | set[str],
    neighbours: Neighbours,
    catalogue: Catalogue,
    cap: int,
) -> tuple[Candidate, ...]:
    """Neighbours of ``doers`` outside ``exclude``: most doers bordered, longest border, A–Z."""
    doing = set(doers)
    found: dict[str, list[Neighbour]] = defaultdict(list)
    for code in sorted(doing):
        for neighbour in neighbours.of(code):
            other = neighbour.place.nis_code
            if other not in doing and other not in exclude:
                found[other].append(Neighbour(catalogue.places[code], neighbour.shared_border_m))
    ranked = sorted(
        (
            Candidate(
                catalogue.places[code],
                tuple(sorted((n.place for n in near), key=place_key)),
                sum(n.shared_border_m for n in near),
            )
            for code, near in found.items()
        ),
        key=lambda c: (-len(c.neighbours), -c.shared_border_m, place_key(c.place)),
    )
    return tuple(ranked[:cap])


def compute_scaling(
    catalogue: Catalogue,
    neighbours: Neighbours,
    footprints: Mapping[int, frozenset[str]],
    order: Mapping[str, int],
    settings: SynergySettings,
) -> Mapping[str, ThemeScaling]:
    projects = sorted(catalogue.projects, key=lambda p: p.slug)
    covered_by = {id(p): covered_themes(p) for p in projects}
    lineages: list[tuple[list[ProjectEntry], frozenset[str], set[str]]] = []
    for group in _lineages(projects):
        reach: set[str] = set()
        covered: set[str] = set()
        for project in group:
            reach |= footprints[id(project)]
            covered |= covered_by[id(project)]
        if len(group) > 1 or len(reach) > 1:
            lineages.append((group, frozenset(reach), covered))
    # Widest first; the order does not depend on the theme, so sort once.
    lineages.sort(key=lambda item: (-len(item[1]), -len(item[0]), item[0][0].slug))
    # Per theme, in one pass each: where it is in use, and its approaches (widest first).
    in_use: dict[str, set[str]] = defaultdict(set)
    for project in projects:
        for slug in covered_by[id(project)]:
            in_use[slug] |= footprints[id(project)]
    approaches_of: dict[str, list[tuple[list[ProjectEntry], frozenset[str]]]] = defaultdict(list)
    for lineage, places, slugs in lineages:
        for slug in slugs:
            approaches_of[slug].append((lineage, places))
    themes = sorted(catalogue.theme_by_slug.values(), key=lambda t: order.get(t.slug, 0))
    scaling: dict[str, ThemeScaling] = {}
    for theme in themes:
        has_theme = in_use.get(theme.slug, set())
        found = approaches_of.get(theme.slug, [])
        doers = set().union(*(reach for _, reach in found))
        approaches = tuple(
            Approach(
                projects=tuple(group),
                places=tuple(sorted((catalogue.places[c] for c in reach), key=place_key)),
                candidates=_candidates(
                    reach, has_theme, neighbours, catalogue, settings.approach_candidates
                ),
            )
            for group, reach in found[: settings.approaches]
        )
        scaling[theme.slug] = ThemeScaling(
            theme=theme,
            approaches=approaches,
            approach_count=len(found),
            candidates=_candidates(
                doers, has_theme, neighbours, catalogue, settings.theme_candidates
            ),
        )
    return MappingProxyType(scaling)
