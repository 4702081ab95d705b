"""The pages of the site, planned from the catalogue: which file, which template, which context.

This is the template context contract. Each page type gets the variables listed in
:func:`page_context`, and nothing else from here (the renderer adds the site settings and the
navigation); a test asserts that every planned page carries exactly its documented variables.
The small planners of :mod:`showcase.site.planners` make the pages, one page family each;
:func:`plan_site` puts them in order. The Pelican glue only writes what is planned here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from showcase.check.search import Shard, plan_shards
from showcase.derive.extras import SiteExtras
from showcase.kinds import Registry
from showcase.link.catalogue import Catalogue
from showcase.site.bodies import RenderedBodies

# Template name → variables it receives (besides ``page``, common to all: see PageMeta).
PAGE_CONTEXT: dict[str, frozenset[str]] = {
    "index.html": frozenset({"catalogue", "latest_projects", "counts", "region_map", "map_legend"}),
    "municipalities.html": frozenset({"catalogue", "region_map", "map_legend", "mergers"}),
    "municipality.html": frozenset(
        {
            "place",
            "nearby",
            "local_map",
            "jsonld",
            "intro_html",
            "contact",
            "peers",
            "radar",
            "embed_code",
        }
    ),
    "embed.html": frozenset({"place"}),
    "provinces.html": frozenset({"catalogue"}),
    "province.html": frozenset({"province", "province_map", "map_legend", "theme_summary"}),
    "projects.html": frozenset({"projects", "intro", "kind"}),
    "project.html": frozenset(
        {
            "project",
            "related",
            "jsonld",
            "body_html",
            "contact",
            "reuse_form",
            "region_notes",
            "radar",
            "partners",
        }
    ),
    "themes.html": frozenset({"catalogue"}),
    "theme.html": frozenset({"theme", "radar"}),
    "scaling.html": frozenset({"entries", "groups", "facet", "method", "reasons"}),
    "matrix.html": frozenset({"matrix", "total_projects"}),
    "open_data.html": frozenset({"downloads"}),
    "contacts.html": frozenset({"provinces", "regions", "projects", "counts"}),
    "partners.html": frozenset({"groups", "all_groups", "current", "total"}),
    "partner.html": frozenset({"partner"}),
    "status.html": frozenset({"group"}),
    "search.html": frozenset({"catalogue", "bundles"}),
    "contribute.html": frozenset({"forms", "guide"}),
    "404.html": frozenset(),
}
ENTRY_LIST_CONTEXT = frozenset({"entries", "kind"})
"""What the list page of a content kind receives (``entries.html`` or its own template)."""
ENTRY_CONTEXT = frozenset({"entry", "kind", "body_html", "contact", "region_notes"})
"""What an entry's page of a content kind receives (``entry.html``, ``page.html``…)."""


def page_context(kinds: Registry) -> dict[str, frozenset[str]]:
    """Every template's variables: the fixed page types, plus each kind's list and detail
    templates (a kind with its own templates gets the generic contract)."""
    contract = dict(PAGE_CONTEXT)
    for kind in kinds:
        if kind.detail_template not in contract:
            contract[kind.detail_template] = ENTRY_CONTEXT
        if kind.list_template and kind.list_template not in contract:
            contract[kind.list_template] = ENTRY_LIST_CONTEXT
    return contract


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
    indexed: bool = False
    """The page is in the search index (it marks its content with ``data-pagefind-body``)."""
    listed: bool = True
    """The page is in ``sitemap.xml`` (the 404 page is not)."""


@dataclass(frozen=True)
class SiteInputs:
    """What the planners plan from: the sealed catalogue and what was computed beside it."""

    catalogue: Catalogue
    extras: SiteExtras
    bodies: RenderedBodies
    repository_url: str = ""
    """The public repository (its issue forms and contributors' guide), if known."""


@dataclass(frozen=True)
class NavItem:
    section: str
    url: str
    label: str


def navigation(kinds: Registry) -> tuple[NavItem, ...]:
    """The main menu: the fixed sections, with every kind that asks for a place in it after
    Thema's and Opschalen."""
    kind_items = [
        NavItem(kind.folder, kind.index_url, kind.title)
        for kind in kinds
        if kind.nav and kind.index_url
    ]
    return (
        NavItem("gemeenten", "/gemeenten/", "Gemeenten"),
        NavItem("projecten", "/projecten/", "Projecten"),
        NavItem("proeftuinen", "/proeftuinen/", "Proeftuinen"),
        NavItem("themas", "/themas/", "Thema's"),
        NavItem("opschalen", "/opschalen/", "Opschalen"),
        *kind_items,
        NavItem("partners", "/partners/", "Partners"),
        NavItem("contacten", "/contacten/", "Contacten"),
        NavItem("zoeken", "/zoeken/", "Zoeken"),
    )


def feed_url(kind: str, slug: str | None = None) -> str:
    return f"/feeds/{kind}.atom.xml" if slug is None else f"/feeds/{kind}/{slug}.atom.xml"


def output_path(url: str) -> str:
    """The file a site-relative URL is served from: ``/gemeenten/gent/`` → ``…/index.html``."""
    return url.lstrip("/") + "index.html"


Planner = Callable[[SiteInputs], Iterable[PlannedPage]]


def plan_site(inputs: SiteInputs, shard_pages: int) -> tuple[list[PlannedPage], list[Shard]]:
    """Every page, in a stable order, and the search index's shards.

    The search page names the shards' bundles, so it is planned last, from the other pages;
    it keeps its place in the order (the sitemap and the writers follow this order)."""
    from showcase.site import planners

    before: list[Planner] = [
        planners.plan_home,
        planners.plan_municipalities,
        planners.plan_embeds,
        planners.plan_provinces,
        planners.plan_projects,
        planners.plan_themes,
        planners.plan_scaling,
        planners.plan_matrix,
        planners.plan_open_data,
        planners.plan_entry_kinds,
        planners.plan_partners,
        planners.plan_contacts,
        planners.plan_contribute,
    ]
    after: list[Planner] = [planners.plan_static_pages, planners.plan_not_found]
    first = [page for planner in before for page in planner(inputs)]
    last = [page for planner in after for page in planner(inputs)]
    shards = plan_shards((p.path for p in (*first, *last) if p.indexed), shard_pages)
    search = planners.plan_search(inputs, tuple(shard.url for shard in shards))
    return [*first, *search, *last], shards
