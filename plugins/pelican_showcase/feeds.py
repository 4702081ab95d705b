"""Atom feeds, as planned by :func:`showcase.site.feeds.plan_feeds`.

Each feed holds the newest :data:`FEED_SIZE` entries, as feed readers expect; the lists on the
site hold them all.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from feedgenerator import Atom1Feed

from showcase.site.feeds import PlannedFeed

FEED_SIZE = 50


def render_feed(planned: PlannedFeed, site_url: str, site_name: str) -> str:
    feed = Atom1Feed(
        title=f"{planned.title} – {site_name}",
        link=f"{site_url}/",
        feed_url=f"{site_url}{planned.url}",
        description="",
        language="nl-BE",
    )
    for entry in list(planned.entries)[:FEED_SIZE]:
        updated = dt.datetime.combine(entry.record.last_reviewed, dt.time(), tzinfo=dt.UTC)
        feed.add_item(
            title=entry.record.title,
            link=f"{site_url}{entry.url}",
            unique_id=f"{site_url}{entry.url}",
            description=entry.record.summary,
            categories=[theme.label for theme in entry.themes],
            updateddate=updated,
            pubdate=updated,
        )
    return str(feed.writeString("utf-8"))


def write_feeds(feeds: list[PlannedFeed], output: Path, settings: dict[str, Any]) -> None:
    site_url = settings.get("SITEURL", "")
    for planned in feeds:
        path = output / planned.url.lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_feed(planned, site_url, settings["SITENAME"]), encoding="utf-8")
