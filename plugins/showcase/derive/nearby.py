"""In de buurt: per current municipality, what its neighbours do on the themes it works on,
and the themes its neighbours work on that it has not touched yet."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

from showcase.derive.footprints import covered_themes, own_projects, place_key
from showcase.derive.neighbours import Neighbour, Neighbours
from showcase.link.catalogue import Catalogue, Place, ProjectEntry, ThemeEntry

if TYPE_CHECKING:
    from showcase.derive.synergy import SynergySettings


@dataclass(frozen=True)
class NeighbourProject:
    """A neighbour's project on themes the municipality works on too."""

    project: ProjectEntry
    neighbours: tuple[Place, ...]
    """The neighbours whose own project it is, A–Z."""
    themes: tuple[ThemeEntry, ...]
    """The project's themes the municipality works on too, in catalogue order."""


@dataclass(frozen=True)
class NewTheme:
    """A theme the neighbours work on and the municipality has not touched yet."""

    theme: ThemeEntry
    neighbours: tuple[Place, ...]
    projects: tuple[ProjectEntry, ...]


@dataclass(frozen=True)
class Nearby:
    """ "In de buurt" for one current municipality."""

    place: Place
    neighbours: tuple[Neighbour, ...]
    shared: tuple[NeighbourProject, ...]
    """Best first: most shared themes, then most neighbours, then slug; capped."""
    shared_count: int
    """All neighbour projects on shared themes, before the cap."""
    new_themes: tuple[NewTheme, ...]
    """Most neighbours first, then most projects, then catalogue order."""


def compute_nearby(
    catalogue: Catalogue,
    neighbours: Neighbours,
    order: Mapping[str, int],
    settings: SynergySettings,
) -> Mapping[str, Nearby]:
    own = {place.nis_code: own_projects(place) for place in catalogue.current}
    touched = {
        code: {slug for project in projects for slug in covered_themes(project)}
        for code, projects in own.items()
    }
    nearby: dict[str, Nearby] = {}
    for place in catalogue.current:
        code = place.nis_code
        mine = {id(p) for p in own[code]}
        shared: dict[int, tuple[ProjectEntry, list[Place], list[ThemeEntry]]] = {}
        new: dict[str, tuple[ThemeEntry, list[Place], dict[int, ProjectEntry]]] = {}
        for neighbour in neighbours.of(code):
            for project in own.get(neighbour.place.nis_code, []):
                if id(project) in mine:
                    continue
                common = [t for t in project.themes if t.slug in touched[code]]
                if common:
                    entry = shared.setdefault(id(project), (project, [], common))
                    entry[1].append(neighbour.place)
                for theme in project.themes:
                    if theme.slug in touched[code]:
                        continue
                    slot = new.setdefault(theme.slug, (theme, [], {}))
                    if neighbour.place not in slot[1]:
                        slot[1].append(neighbour.place)
                    slot[2][id(project)] = project
        # Rank first and build only what is shown: sorting does not change the lengths.
        ranked = sorted(shared.values(), key=lambda e: (-len(e[2]), -len(e[1]), e[0].slug))
        shown = tuple(
            NeighbourProject(
                project,
                tuple(sorted(places, key=place_key)),
                tuple(sorted(themes, key=lambda t: order.get(t.slug, 0))),
            )
            for project, places, themes in ranked[: settings.nearby_projects]
        )
        new_themes = sorted(
            (
                NewTheme(
                    theme,
                    tuple(sorted(places, key=place_key)),
                    tuple(sorted(found.values(), key=lambda p: p.slug)),
                )
                for theme, places, found in new.values()
            ),
            key=lambda n: (-len(n.neighbours), -len(n.projects), order.get(n.theme.slug, 0)),
        )
        nearby[code] = Nearby(
            place=place,
            neighbours=neighbours.of(code),
            shared=shown,
            shared_count=len(ranked),
            new_themes=tuple(new_themes),
        )
    return MappingProxyType(nearby)
