"""Where a project runs and what it covers: the small facts every synergy is computed from.

* A project's *footprint* is the set of current municipalities it names, a merged one counting
  as its successor, plus the members of its regions.
* A project *covers* its themes and their domains.
* A municipality's *own work* is what names it or a predecessor, not its regions' projects.
"""

from __future__ import annotations

from showcase.link.catalogue import Catalogue, Place, ProjectEntry, ThemeEntry


def place_key(place: Place) -> tuple[str, str]:
    return (place.name.lstrip("'").casefold(), place.nis_code)


def theme_order(catalogue: Catalogue) -> dict[str, int]:
    """Theme slug → position in catalogue order (each domain, then its sub-themes)."""
    order: dict[str, int] = {}
    for domain in catalogue.themes:
        order[domain.slug] = len(order)
        for child in domain.children:
            order[child.slug] = len(order)
    return order


def domain_of(theme: ThemeEntry) -> ThemeEntry:
    return theme.parent or theme


def covered_themes(project: ProjectEntry) -> set[str]:
    """The slugs of the project's themes and of their domains."""
    return {t.slug for t in project.themes} | {domain_of(t).slug for t in project.themes}


def project_footprint(project: ProjectEntry) -> frozenset[str]:
    """NIS codes of the current municipalities where the project runs, regions included."""
    codes = {place.final.nis_code for place in project.places}
    codes.update(member.final.nis_code for region in project.regions for member in region.members)
    return frozenset(codes)


def own_projects(place: Place) -> list[ProjectEntry]:
    """The municipality's own work: what names it or a predecessor, not its regions' projects."""
    return [mention.project for mention in place.own_projects]
