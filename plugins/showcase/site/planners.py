"""One small planner per page family: each says which pages the family has, with which context.

Planners only choose and name things; what a page shows is computed before (the catalogue,
the synergies, the rendered bodies) and displayed by the templates. :func:`showcase.site.pages.
plan_site` calls them in the order the site lists its pages.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

from showcase.check.search import FIRST_BUNDLE
from showcase.contribute.forms import contribution_links, interest_form
from showcase.derive.jsonld import municipality_jsonld, project_jsonld, to_script_json
from showcase.derive.maps import COUNT_BUCKETS
from showcase.derive.partners import INDEX_URL as PARTNERS_URL
from showcase.derive.radar import lists_reasons
from showcase.kinds import ContentKind
from showcase.link.catalogue import Entry, Place, ProjectEntry
from showcase.link.labels import date_nl
from showcase.site.pages import PageMeta, PlannedPage, SiteInputs, feed_url, output_path

LATEST_ON_HOME = 6
SPECIAL_KINDS = frozenset({"project", "page"})
"""Kinds with planners of their own (below); every other kind gets the generic list and
detail pages of :func:`plan_entry_kinds`."""


def plan_home(inputs: SiteInputs) -> Iterator[PlannedPage]:
    catalogue = inputs.catalogue
    counts = {
        "projects": len(catalogue.projects),
        "proeftuinen": len(catalogue.proeftuinen),
        "places": len(catalogue.places_with_projects),
        "themes": len(catalogue.themes_used),
        "current": len(catalogue.current),
    }
    yield PlannedPage(
        "index.html",
        "index.html",
        PageMeta(
            "Slimme steden en gemeenten in Vlaanderen",
            "Vlaamse steden en gemeenten tonen hun smart-city-projecten en proeftuinen, "
            "leren van elkaar en vinden partners.",
            "/",
            section="home",
            feed=feed_url("projecten"),
        ),
        {
            "catalogue": catalogue,
            "latest_projects": catalogue.projects[:LATEST_ON_HOME],
            "counts": counts,
            "region_map": inputs.extras.region_map(catalogue),
            "map_legend": COUNT_BUCKETS,
        },
    )


def plan_municipalities(inputs: SiteInputs) -> Iterator[PlannedPage]:
    catalogue = inputs.catalogue
    yield PlannedPage(
        "gemeenten/index.html",
        "municipalities.html",
        PageMeta(
            "Alle gemeenten",
            f"De {len(catalogue.current)} Vlaamse gemeenten per provincie en van A tot Z, "
            "met hun smart-city-projecten.",
            "/gemeenten/",
            section="gemeenten",
        ),
        {
            "catalogue": catalogue,
            "region_map": inputs.extras.region_map(catalogue),
            "map_legend": COUNT_BUCKETS,
            "mergers": inputs.extras.mergers.history,
        },
    )
    for place in sorted(catalogue.places.values(), key=lambda p: p.nis_code):
        yield _municipality_page(inputs, place)


def _municipality_page(inputs: SiteInputs, place: Place) -> PlannedPage:
    if place.is_current:
        description = (
            f"{place.name} ({place.record.province}): smart-city-projecten, proeftuinen, "
            "contact en kerncijfers."
        )
    else:
        merged = date_nl(place.merged_on) if place.merged_on else ""
        target = place.successor.name if place.successor else ""
        description = f"{place.label} is op {merged} opgegaan in {target}."
    extras = inputs.extras
    return PlannedPage(
        output_path(place.url),
        "municipality.html",
        PageMeta(
            f"{place.label} – gemeente",
            description,
            place.url,
            source=place.source,
            section="gemeenten",
            feed=feed_url("gemeenten", place.slug) if place.projects else None,
        ),
        {
            "place": place,
            "nearby": extras.synergies.nearby.get(place.nis_code),
            "local_map": extras.local_map(place),
            "jsonld": to_script_json(municipality_jsonld(place, site_url=extras.site_url)),
            "intro_html": inputs.bodies.intro_of(place),
            "contact": extras.contacts.of_place(place),
            "peers": extras.peers.get(place.nis_code, ()),
            "radar": extras.synergies.radar.by_place.get(place.nis_code),
            "embed_code": embed_code(place, extras.site_url),
        },
        indexed=True,
    )


EMBED_HEIGHT = 420
"""The height (px) the copied ``<iframe>`` asks for: the counts, about six projects, the links."""


def embed_code(place: Place, site_url: str) -> str:
    """The ``<iframe>`` a municipal website pastes to show the widget ('' for a merged
    municipality, which has none). It is shown as text on the municipality's page."""
    if place.embed_url is None:
        return ""
    src = _attribute(f"{site_url}{place.embed_url}")
    title = _attribute(f"Smart-city-projecten van {place.name}")
    return (
        f'<iframe src="{src}" title="{title}" width="100%" height="{EMBED_HEIGHT}" '
        'style="border: 1px solid #d8dce1" loading="lazy"></iframe>'
    )


def _attribute(value: str) -> str:
    return html.escape(value, quote=False).replace('"', "&quot;")


def plan_embeds(inputs: SiteInputs) -> Iterator[PlannedPage]:
    """The widget of every current municipality (``Place.embed_url``): its projects on a small
    page without scripts that other websites may frame. It is neither searched nor in the
    sitemap (and says ``noindex``): it repeats the municipality's page."""
    for place in inputs.catalogue.current:
        assert place.embed_url is not None
        yield PlannedPage(
            output_path(place.embed_url),
            "embed.html",
            PageMeta(
                f"Smart-city-projecten van {place.name}",
                f"De smart-city-projecten van {place.name} in de showcase van de Vlaamse "
                "steden en gemeenten.",
                place.embed_url,
                section="gemeenten",
            ),
            {"place": place},
            listed=False,
        )


def plan_provinces(inputs: SiteInputs) -> Iterator[PlannedPage]:
    catalogue = inputs.catalogue
    yield PlannedPage(
        "provincies/index.html",
        "provinces.html",
        PageMeta(
            "Provincies",
            "De vijf Vlaamse provincies met hun gemeenten en projecten.",
            "/provincies/",
            section="gemeenten",
        ),
        {"catalogue": catalogue},
    )
    for province in catalogue.provinces:
        yield PlannedPage(
            output_path(province.url),
            "province.html",
            PageMeta(
                f"Provincie {province.name}",
                f"De {len(province.places)} gemeenten van de provincie {province.name} en hun "
                "smart-city-projecten.",
                province.url,
                section="gemeenten",
            ),
            {
                "province": province,
                "province_map": inputs.extras.province_map(province),
                "map_legend": COUNT_BUCKETS,
                "theme_summary": inputs.extras.synergies.matrix.summary_of(province.slug),
            },
        )


def plan_projects(inputs: SiteInputs) -> Iterator[PlannedPage]:
    """The project kind: the list, a page per status, the proeftuinen, a page per project."""
    catalogue = inputs.catalogue
    kind = catalogue.kinds["project"]
    yield PlannedPage(
        "projecten/index.html",
        kind.list_template or "projects.html",
        PageMeta(
            kind.title, kind.intro, "/projecten/", section="projecten", feed=feed_url("projecten")
        ),
        {"projects": catalogue.projects, "intro": "projecten", "kind": None},
    )
    for group in catalogue.status_groups:
        yield PlannedPage(
            output_path(group.url),
            "status.html",
            PageMeta(
                f"Projecten met status {group.label.lower()}",
                f"De smart-city-projecten van Vlaamse gemeenten met status {group.label.lower()}.",
                group.url,
                section="projecten",
            ),
            {"group": group},
        )
    yield PlannedPage(
        "proeftuinen/index.html",
        kind.list_template or "projects.html",
        PageMeta(
            "Proeftuinen",
            "Proeftuinen (living labs): plaatsen waar gemeenten samen met bewoners, bedrijven en "
            "onderzoekers nieuwe toepassingen uittesten.",
            "/proeftuinen/",
            section="proeftuinen",
        ),
        {"projects": catalogue.proeftuinen, "intro": "proeftuinen", "kind": "proeftuin"},
    )
    for project in catalogue.projects:
        yield _project_page(inputs, kind, project)


def _project_page(inputs: SiteInputs, kind: ContentKind, project: ProjectEntry) -> PlannedPage:
    return PlannedPage(
        output_path(project.url),
        kind.detail_template,
        PageMeta(
            project.record.title,
            project.record.summary,
            project.url,
            source=project.source,
            section="proeftuinen" if project.record.kind == "proeftuin" else "projecten",
        ),
        {
            "project": project,
            "related": inputs.extras.synergies.related.get(project.slug, ()),
            "jsonld": to_script_json(project_jsonld(project, site_url=inputs.extras.site_url)),
            "body_html": inputs.bodies.of(project),
            "contact": inputs.extras.contacts.of(project),
            "reuse_form": _reuse_form(inputs, project),
            "region_notes": inputs.extras.mergers.of_regions(project.regions),
            "radar": inputs.extras.synergies.radar.by_project.get(project.slug),
            "partners": inputs.extras.partners.links_of(project),
        },
        indexed=kind.search,
    )


def _reuse_form(inputs: SiteInputs, project: ProjectEntry) -> str:
    """The "wij doen dit ook" form with the project filled in ('' without a repository)."""
    if not inputs.repository_url:
        return ""
    title = f"{interest_form().issue_title}{project.record.title}"
    return interest_form().url(inputs.repository_url, project=project.slug, title=title)


def plan_themes(inputs: SiteInputs) -> Iterator[PlannedPage]:
    catalogue = inputs.catalogue
    yield PlannedPage(
        "themas/index.html",
        "themes.html",
        PageMeta(
            "Thema's",
            "De thema's van de showcase, naar de zes domeinen van City of Things.",
            "/themas/",
            section="themas",
        ),
        {"catalogue": catalogue},
    )
    for theme in catalogue.theme_by_slug.values():
        yield PlannedPage(
            output_path(theme.url),
            "theme.html",
            PageMeta(
                f"Thema {theme.label}",
                theme.description,
                theme.url,
                section="themas",
                feed=feed_url("themas", theme.slug),
            ),
            {"theme": theme, "radar": inputs.extras.synergies.radar.by_theme[theme.slug]},
            indexed=True,
        )


def plan_scaling(inputs: SiteInputs) -> Iterator[PlannedPage]:
    """/opschalen/, the scale-up radar: every project once, and a filter page per province,
    region and theme that has projects on it."""
    radar = inputs.extras.synergies.radar
    yield PlannedPage(
        "opschalen/index.html",
        "scaling.html",
        PageMeta(
            "Opschalen",
            "Welke gemeenten kunnen aansluiten bij een smart-city-project of het overnemen, "
            "en waarom: per project, de projecten met het meeste bewijs eerst.",
            "/opschalen/",
            section="opschalen",
        ),
        {
            "entries": radar.entries,
            "groups": radar.groups,
            "facet": None,
            "method": radar.method,
            "reasons": lists_reasons(len(radar.entries)),
        },
    )
    for facet in radar.facets:
        yield PlannedPage(
            output_path(facet.url),
            "scaling.html",
            PageMeta(facet.title, facet.description, facet.url, section="opschalen"),
            {
                "entries": facet.entries,
                "groups": radar.groups,
                "facet": facet,
                "method": radar.method,
                "reasons": lists_reasons(len(facet.entries)),
            },
        )


def plan_matrix(inputs: SiteInputs) -> Iterator[PlannedPage]:
    yield PlannedPage(
        "themas/per-provincie/index.html",
        "matrix.html",
        PageMeta(
            "Thema's per provincie",
            "Het aantal smart-city-projecten per thema en per provincie.",
            "/themas/per-provincie/",
            section="themas",
        ),
        {
            "matrix": inputs.extras.synergies.matrix,
            "total_projects": len(inputs.catalogue.projects),
        },
    )


def plan_open_data(inputs: SiteInputs) -> Iterator[PlannedPage]:
    yield PlannedPage(
        "open-data/index.html",
        "open_data.html",
        PageMeta(
            "Open data",
            "De gegevens van de showcase om te downloaden: gemeenten en projecten als JSON, CSV "
            "en GeoJSON, met een DCAT-catalogus.",
            "/open-data/",
            section="open-data",
        ),
        {"downloads": inputs.extras.downloads},
    )


def plan_entry_kinds(inputs: SiteInputs) -> Iterator[PlannedPage]:
    """Every other kind: its list page and a page per entry."""
    catalogue = inputs.catalogue
    for kind in catalogue.kinds:
        if kind.name in SPECIAL_KINDS:
            continue
        entries = catalogue.entries_of(kind.name)
        if kind.index_url and kind.list_template:
            yield PlannedPage(
                output_path(kind.index_url),
                kind.list_template,
                PageMeta(kind.title, kind.intro, kind.index_url, section=kind.folder),
                {"entries": entries, "kind": kind},
            )
        for entry in entries:
            yield _entry_page(inputs, kind, entry, section=kind.folder)


def _entry_page(
    inputs: SiteInputs, kind: ContentKind, entry: Entry[Any], *, section: str
) -> PlannedPage:
    record = entry.record
    description = str(getattr(record, "summary", None) or getattr(record, "description", ""))
    return PlannedPage(
        output_path(entry.url),
        kind.detail_template,
        PageMeta(
            record.title,
            description,
            entry.url,
            source=entry.source,
            section=section,
        ),
        {
            "entry": entry,
            "kind": kind,
            "body_html": inputs.bodies.of(entry),
            "contact": inputs.extras.contacts.of(entry),
            "region_notes": inputs.extras.mergers.of_regions(entry.regions),
        },
        indexed=kind.search,
    )


def plan_partners(inputs: SiteInputs) -> Iterator[PlannedPage]:
    """/partners/: every partner organisation by type, and a page per partner."""
    partners = inputs.extras.partners
    total = len(partners.entries)
    yield PlannedPage(
        "partners/index.html",
        "partners.html",
        PageMeta(
            "Partners",
            "De bedrijven, kennisinstellingen, overheden, intercommunales en verenigingen "
            "waarmee Vlaamse gemeenten hun smart-city-projecten doen, per soort.",
            PARTNERS_URL,
            section="partners",
        ),
        {"groups": partners.groups, "all_groups": partners.groups, "current": None, "total": total},
    )
    for group in partners.groups:
        yield PlannedPage(
            output_path(group.url),
            "partners.html",
            PageMeta(
                f"Partners: {group.label.lower()}",
                f"De {group.label.lower()} waarmee Vlaamse gemeenten hun smart-city-projecten doen.",
                group.url,
                section="partners",
            ),
            {"groups": (group,), "all_groups": partners.groups, "current": group, "total": total},
        )
    for partner in partners.entries:
        yield PlannedPage(
            output_path(partner.url),
            "partner.html",
            PageMeta(
                f"{partner.name} – partner",
                f"{partner.name} ({partner.type_label.lower()}) in de showcase: {partner.reach}.",
                partner.url,
                section="partners",
            ),
            {"partner": partner},
            indexed=True,
        )


def plan_contacts(inputs: SiteInputs) -> Iterator[PlannedPage]:
    """The directory: every current municipality by province, the regions, the projects."""
    catalogue = inputs.catalogue
    projects = sorted(
        (p for p in catalogue.projects if p.record.contact is not None),
        key=lambda p: p.record.title.casefold(),
    )
    counts = {
        "current": len(catalogue.current),
        "websites": sum(1 for p in catalogue.current if p.record.website is not None),
        "projects": len(projects),
    }
    yield PlannedPage(
        "contacten/index.html",
        "contacts.html",
        PageMeta(
            "Contacten",
            "Websites en contactpunten van de Vlaamse gemeenten, regio's en smart-city-projecten, "
            "per provincie, met hun bron.",
            "/contacten/",
            section="contacten",
        ),
        {
            "provinces": catalogue.provinces,
            "regions": inputs.extras.mergers.of_regions(catalogue.regions),
            "projects": projects,
            "counts": counts,
        },
        indexed=True,
    )


def plan_contribute(inputs: SiteInputs) -> Iterator[PlannedPage]:
    """/bijdragen/: the ways to add or correct something, from the easiest on."""
    repository = inputs.repository_url
    forms = (
        [(link.label, link.url) for link in contribution_links(inputs.catalogue.kinds, repository)]
        if repository
        else []
    )
    guide = f"{repository.rstrip('/')}/blob/main/CONTRIBUTING.md" if repository else ""
    yield PlannedPage(
        "bijdragen/index.html",
        "contribute.html",
        PageMeta(
            "Bijdragen",
            "Zo zet je een project, een les, een tip of een contactpunt van je gemeente "
            "in de showcase: met een formulier, in de webeditor of met een pull request.",
            "/bijdragen/",
        ),
        {"forms": forms, "guide": guide},
    )


def plan_search(inputs: SiteInputs, bundles: tuple[str, ...]) -> Iterator[PlannedPage]:
    """The search page; ``bundles`` are the URLs of the search index's shards."""
    yield PlannedPage(
        "zoeken/index.html",
        "search.html",
        PageMeta(
            "Zoeken",
            "Zoek in de projecten, proeftuinen en gemeenten van de showcase, en filter op "
            "gemeente, provincie, thema, status en soort.",
            "/zoeken/",
            section="zoeken",
        ),
        {"catalogue": inputs.catalogue, "bundles": bundles or (f"/{FIRST_BUNDLE}/",)},
    )


def plan_static_pages(inputs: SiteInputs) -> Iterator[PlannedPage]:
    """The plain pages (colofon, toegankelijkheid): the page kind, without a list."""
    kind = inputs.catalogue.kinds["page"]
    for page in inputs.catalogue.pages:
        yield _entry_page(inputs, kind, page, section="")


def plan_not_found(inputs: SiteInputs) -> Iterator[PlannedPage]:
    yield PlannedPage(
        "404.html",
        "404.html",
        PageMeta("Pagina niet gevonden", "Deze pagina bestaat niet (meer).", "/404.html"),
        {},
        listed=False,
    )
