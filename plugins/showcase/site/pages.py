"""The pages of the site, planned from the catalogue: which file, which template, which context.

This is the template context contract. Each page type gets the variables listed in
:data:`PAGE_CONTEXT`, and nothing else from here (the renderer adds the site settings); a test
asserts that every planned page carries exactly its documented variables. The Pelican glue only
writes what is planned here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any
from xml.sax.saxutils import escape

from showcase.check.search import FIRST_BUNDLE, SEARCH_TEMPLATES, Shard, plan_shards
from showcase.derive.extras import SiteExtras
from showcase.derive.open_data import municipality_jsonld, project_jsonld, to_script_json
from showcase.link.catalogue import Catalogue, date_nl

LATEST_ON_HOME = 6

# Template name → variables it receives (besides ``page``, common to all: see PageMeta).
PAGE_CONTEXT: dict[str, frozenset[str]] = {
    "index.html": frozenset({"catalogue", "latest_projects", "counts", "region_map"}),
    "municipalities.html": frozenset({"catalogue", "region_map"}),
    "municipality.html": frozenset({"place", "nearby", "local_map", "jsonld"}),
    "provinces.html": frozenset({"catalogue"}),
    "province.html": frozenset({"province"}),
    "projects.html": frozenset({"projects", "intro", "kind"}),
    "project.html": frozenset({"project", "related", "jsonld"}),
    "themes.html": frozenset({"catalogue"}),
    "theme.html": frozenset({"theme", "scaling"}),
    "scaling.html": frozenset({"scaling"}),
    "matrix.html": frozenset({"matrix", "total_projects"}),
    "open_data.html": frozenset({"downloads"}),
    "entries.html": frozenset({"entries", "rubric"}),
    "entry.html": frozenset({"entry", "rubric"}),
    "contacts.html": frozenset({"places"}),
    "status.html": frozenset({"group"}),
    "search.html": frozenset({"catalogue", "bundles"}),
    "page.html": frozenset({"entry"}),
    "404.html": frozenset(),
}


@dataclass(frozen=True)
class PageMeta:
    """What every page has: its ``<title>``, meta description, URL and source file."""

    title: str
    description: str
    url: str
    """Site-relative URL of the page, e.g. ``/gemeenten/gent/``; also the canonical path."""
    source: str | None = None
    """The file the page is made from, for the "Bewerk deze pagina" link."""
    section: str = ""
    """The navigation item to mark as current."""
    feed: str | None = None
    """Site-relative URL of the page's Atom feed, if it has one."""


@dataclass(frozen=True)
class PlannedPage:
    path: str
    template: str
    meta: PageMeta
    context: dict[str, Any]


@dataclass(frozen=True)
class RubricInfo:
    slug: str
    title: str
    singular: str
    invitation: str


RUBRICS = {
    "ervaringen": RubricInfo(
        "ervaringen",
        "Ervaringen",
        "Ervaring",
        "Wat werkte, wat niet, en wat zou je anders doen? Deel de lessen van je gemeente zodat "
        "anderen er sneller mee verder kunnen.",
    ),
    "suggesties": RubricInfo(
        "suggesties",
        "Suggesties",
        "Suggestie",
        "Een tip voor andere gemeenten, of een vraag aan de vereniging? Zet ze hier, zodat goede "
        "ideeën niet in één gemeente blijven steken.",
    ),
}


def feed_url(kind: str, slug: str | None = None) -> str:
    return f"/feeds/{kind}.atom.xml" if slug is None else f"/feeds/{kind}/{slug}.atom.xml"


def _path(url: str) -> str:
    return url.lstrip("/") + "index.html"


def plan_pages(catalogue: Catalogue, extras: SiteExtras) -> Iterator[PlannedPage]:
    """Every HTML page of the site, in a stable order."""
    synergies = extras.synergies
    site_url = extras.site_url
    region_map = extras.region_map(catalogue)
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
            "region_map": region_map,
        },
    )
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
        {"catalogue": catalogue, "region_map": region_map},
    )
    for place in sorted(catalogue.places.values(), key=lambda p: p.nis_code):
        if place.is_current:
            description = (
                f"{place.name} ({place.record.province}): smart-city-projecten, proeftuinen, "
                "contact en kerncijfers."
            )
        else:
            merged = date_nl(place.merged_on) if place.merged_on else ""
            target = place.successor.name if place.successor else ""
            description = f"{place.label} is op {merged} opgegaan in {target}."
        has_feed = bool(place.projects)
        yield PlannedPage(
            _path(place.url),
            "municipality.html",
            PageMeta(
                f"{place.label} – gemeente",
                description,
                place.url,
                source=place.source,
                section="gemeenten",
                feed=feed_url("gemeenten", place.slug) if has_feed else None,
            ),
            {
                "place": place,
                "nearby": synergies.nearby.get(place.nis_code),
                "local_map": extras.local_map(place),
                "jsonld": to_script_json(municipality_jsonld(place, site_url=site_url)),
            },
        )
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
            _path(province.url),
            "province.html",
            PageMeta(
                f"Provincie {province.name}",
                f"De {len(province.places)} gemeenten van de provincie {province.name} en hun "
                "smart-city-projecten.",
                province.url,
                section="gemeenten",
            ),
            {"province": province},
        )
    yield PlannedPage(
        "projecten/index.html",
        "projects.html",
        PageMeta(
            "Projecten",
            "Alle smart-city-projecten en proeftuinen van Vlaamse gemeenten, nieuwste eerst.",
            "/projecten/",
            section="projecten",
            feed=feed_url("projecten"),
        ),
        {"projects": catalogue.projects, "intro": "projecten", "kind": None},
    )
    for group in catalogue.status_groups:
        yield PlannedPage(
            _path(group.url),
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
        "projects.html",
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
        yield PlannedPage(
            _path(project.url),
            "project.html",
            PageMeta(
                project.record.title,
                project.record.summary,
                project.url,
                source=project.source,
                section="proeftuinen" if project.record.kind == "proeftuin" else "projecten",
            ),
            {
                "project": project,
                "related": synergies.related.get(project.slug, ()),
                "jsonld": to_script_json(project_jsonld(project, site_url=site_url)),
            },
        )
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
            _path(theme.url),
            "theme.html",
            PageMeta(
                f"Thema {theme.label}",
                theme.description,
                theme.url,
                section="themas",
                feed=feed_url("themas", theme.slug),
            ),
            {"theme": theme, "scaling": synergies.scaling[theme.slug]},
        )
    yield PlannedPage(
        "opschalen/index.html",
        "scaling.html",
        PageMeta(
            "Opschalen",
            "Aanpakken die in meerdere gemeenten lopen, en de buurgemeenten die kunnen aansluiten.",
            "/opschalen/",
            section="themas",
        ),
        {"scaling": [s for s in synergies.scaling.values() if s.approaches]},
    )
    yield PlannedPage(
        "themas/per-provincie/index.html",
        "matrix.html",
        PageMeta(
            "Thema's per provincie",
            "Het aantal smart-city-projecten per thema en per provincie.",
            "/themas/per-provincie/",
            section="themas",
        ),
        {"matrix": synergies.matrix, "total_projects": len(catalogue.projects)},
    )
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
        {"downloads": extras.downloads},
    )
    for slug, rubric in RUBRICS.items():
        entries = catalogue.ervaringen if slug == "ervaringen" else catalogue.suggesties
        yield PlannedPage(
            f"{slug}/index.html",
            "entries.html",
            PageMeta(rubric.title, rubric.invitation, f"/{slug}/", section=slug),
            {"entries": entries, "rubric": rubric},
        )
        for entry in entries:
            yield PlannedPage(
                _path(entry.url),
                "entry.html",
                PageMeta(
                    entry.record.title,
                    entry.record.summary,
                    entry.url,
                    source=entry.source,
                    section=slug,
                ),
                {"entry": entry, "rubric": rubric},
            )
    yield PlannedPage(
        "contacten/index.html",
        "contacts.html",
        PageMeta(
            "Contacten",
            "De smart-city-contactpunten van de Vlaamse gemeenten.",
            "/contacten/",
            section="contacten",
        ),
        {"places": catalogue.contacts},
    )
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
        {"catalogue": catalogue, "bundles": (f"/{FIRST_BUNDLE}/",)},
    )
    for page in catalogue.pages:
        yield PlannedPage(
            _path(page.url),
            "page.html",
            PageMeta(page.record.title, page.record.description, page.url, source=page.source),
            {"entry": page},
        )
    yield PlannedPage(
        "404.html",
        "404.html",
        PageMeta("Pagina niet gevonden", "Deze pagina bestaat niet (meer).", "/404.html"),
        {},
    )


def plan_site(
    catalogue: Catalogue, extras: SiteExtras, shard_pages: int
) -> tuple[list[PlannedPage], list[Shard]]:
    """Every page, and the search index's shards (the search page is told their bundles)."""
    pages = list(plan_pages(catalogue, extras))
    indexed = (page.path for page in pages if page.template in SEARCH_TEMPLATES)
    shards = plan_shards(indexed, shard_pages)
    bundles = tuple(shard.url for shard in shards)
    return [
        replace(page, context={**page.context, "bundles": bundles})
        if page.template == "search.html"
        else page
        for page in pages
    ], shards


def render_sitemap(pages: list[PlannedPage], site_url: str) -> str:
    """``sitemap.xml`` for the HTML pages (the 404 page excluded)."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for page in pages:
        if page.template == "404.html":
            continue
        lines.append(f"  <url><loc>{escape(site_url + page.meta.url)}</loc></url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def render_robots(site_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {site_url}/sitemap.xml\n"


def render_headers(csp: str, search_csp: str) -> str:
    """``_headers`` for hosts that read it (Netlify, Cloudflare Pages): the same policies as
    the pages' meta tags, plus what a meta tag cannot say."""
    common = (
        "  X-Content-Type-Options: nosniff\n"
        "  Referrer-Policy: strict-origin-when-cross-origin\n"
        "  Permissions-Policy: geolocation=(), camera=(), microphone=()\n"
    )
    return (
        f"/*\n  Content-Security-Policy: {csp}; frame-ancestors 'none'\n{common}\n"
        f"/zoeken/*\n  ! Content-Security-Policy\n"
        f"  Content-Security-Policy: {search_csp}; frame-ancestors 'none'\n"
    )
