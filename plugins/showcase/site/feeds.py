"""Which Atom feeds the site has: one per content kind that asks for it (all its entries), one
per theme and one per municipality with projects. :mod:`pelican_showcase.feeds` writes them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from showcase.link.catalogue import Catalogue, Entry
from showcase.site.pages import feed_url


@dataclass(frozen=True)
class PlannedFeed:
    title: str
    url: str
    """Site-relative URL of the feed file."""
    entries: Sequence[Entry[Any]]
    """Newest first; each has a title, a summary, a ``last_reviewed`` date and themes."""


def plan_feeds(catalogue: Catalogue) -> list[PlannedFeed]:
    feeds = [
        PlannedFeed(kind.feed_title, feed_url(kind.folder), catalogue.entries_of(kind.name))
        for kind in catalogue.kinds
        if kind.feed_title
    ]
    for theme in catalogue.theme_by_slug.values():
        feeds.append(
            PlannedFeed(f"Thema {theme.label}", feed_url("themas", theme.slug), theme.projects)
        )
    for place in catalogue.places.values():
        if place.projects:
            projects = [mention.project for mention in place.projects]
            feeds.append(PlannedFeed(place.label, feed_url("gemeenten", place.slug), projects))
    return feeds
