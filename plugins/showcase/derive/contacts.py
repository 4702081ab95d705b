"""Who to contact about what: the route from every page to a person's service.

A visitor who finds a good example must be able to reach the people behind it. Each project,
entry and municipality gets a :class:`ContactRoute`: its own contact when it has one, else the
website of the municipality (today's, for a merged one) or region it names, else the contact
of the organisation that runs the showcase. Planners hand the route to the page; templates
only display it. The warning "no contact" fires only when an entry has no route of its own and
no municipality or region website to fall back on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from showcase.link.catalogue import Catalogue, Entry, Place, RegionEntry
from showcase.schema.models import Contact, Organisation, Source

RouteKind = Literal["own", "website", "organisation", "none"]


@dataclass(frozen=True)
class ContactRoute:
    """How to reach someone about one page's subject."""

    kind: RouteKind
    """``own`` (the entry's or municipality's own contact), ``website`` (of the municipality or
    region it names), ``organisation`` (who runs the showcase) or ``none``."""
    contact: Contact | None = None
    """The contact point itself (``own`` and ``organisation``)."""
    name: str = ""
    """Whose website or contact it is: ``Gent``, ``Stad Gent``, ``VVSG``."""
    url: str = ""
    """The website (``website``)."""
    source: Source | None = None
    """Where the website or contact is stated."""

    @property
    def href(self) -> str:
        """The first link to follow: a mailbox, a contact page or a website."""
        if self.contact is not None:
            return f"mailto:{self.contact.email}" if self.contact.email else self.contact.url or ""
        return self.url


@dataclass(frozen=True)
class ContactRoutes:
    """Every page's route, computed once per build from the catalogue."""

    entries: Mapping[tuple[str, str], ContactRoute]
    """``(kind name, slug)`` → route."""
    places: Mapping[str, ContactRoute]
    """NIS code → route (a merged municipality gets its successor's website)."""

    def of(self, entry: Entry[Any]) -> ContactRoute:
        return self.entries[(entry.kind.name, entry.slug)]

    def of_place(self, place: Place) -> ContactRoute:
        return self.places[place.nis_code]


def website_route(holder: Place | RegionEntry) -> ContactRoute | None:
    """The website of a municipality (today's for a merged one) or of a region, if known."""
    if isinstance(holder, Place):
        final = holder.final
        website = final.record.website
        if website is not None:
            return ContactRoute("website", name=final.name, url=website.url, source=website.source)
        return None
    if holder.website:
        return ContactRoute("website", name=holder.name, url=holder.website)
    return None


def fallback_route(places: Iterable[Place], regions: Iterable[RegionEntry]) -> ContactRoute | None:
    """The first website among the municipalities, then the regions, an entry names."""
    holders: list[Place | RegionEntry] = [*places, *regions]
    for holder in holders:
        route = website_route(holder)
        if route is not None:
            return route
    return None


def organisation_route(organisation: Organisation | None) -> ContactRoute:
    if organisation is None:
        return ContactRoute("none")
    return ContactRoute(
        "organisation",
        contact=organisation.contact,
        name=organisation.name,
        source=organisation.contact.source,
    )


def entry_route(entry: Entry[Any], organisation: Organisation | None) -> ContactRoute:
    own: Contact | None = getattr(entry.record, "contact", None)
    if own is not None:
        name = own.organisation or ""
        return ContactRoute("own", contact=own, name=name, source=own.source)
    return fallback_route(entry.places, entry.regions) or organisation_route(organisation)


def place_route(place: Place) -> ContactRoute:
    if place.is_current and place.record.contact is not None:
        own = place.record.contact
        return ContactRoute("own", contact=own, name=place.name, source=own.source)
    return website_route(place) or ContactRoute("none", name=place.final.name)


def compute_contact_routes(catalogue: Catalogue) -> ContactRoutes:
    organisation = catalogue.organisation
    entries = {
        (entry.kind.name, entry.slug): entry_route(entry, organisation)
        for entry in catalogue.all_entries()
    }
    places = {code: place_route(place) for code, place in catalogue.places.items()}
    return ContactRoutes(MappingProxyType(entries), MappingProxyType(places))


def has_route_of_its_own(entry: Entry[Any]) -> bool:
    """An own contact, or a municipality or region website to fall back on."""
    if getattr(entry.record, "contact", None) is not None:
        return True
    return fallback_route(entry.places, entry.regions) is not None
