"""Atom feeds: all projects, one per theme, one per municipality that has entries.

Each feed holds the newest :data:`FEED_SIZE` projects, as feed readers expect; the lists on the
site hold them all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from feedgenerator import Atom1Feed

from showcase.link.catalogue import Catalogue, ProjectEntry
from showcase.site.pages import feed_url

FEED_SIZE = 50


def _feed(title: str, url: str, projects: Iterable[ProjectEntry], settings: dict[str, Any]) -> str:
    site = settings.get("SITEURL", "")
    feed = Atom1Feed(
        title=f"{title} – {settings['SITENAME']}",
        link=f"{site}/",
        feed_url=f"{site}{url}",
        description="",
        language="nl-BE",
    )
    for project in list(projects)[:FEED_SIZE]:
        updated = dt.datetime.combine(project.record.last_reviewed, dt.time(), tzinfo=dt.UTC)
        feed.add_item(
            title=project.record.title,
            link=f"{site}{project.url}",
            unique_id=f"{site}{project.url}",
            description=project.record.summary,
            categories=[theme.label for theme in project.themes],
            updateddate=updated,
            pubdate=updated,
        )
    return str(feed.writeString("utf-8"))


def write_feeds(catalogue: Catalogue, output: Path, settings: dict[str, Any]) -> None:
    targets: list[tuple[str, str, list[ProjectEntry]]] = [
        ("Alle projecten", feed_url("projecten"), catalogue.projects)
    ]
    for theme in catalogue.theme_by_slug.values():
        targets.append((f"Thema {theme.label}", feed_url("themas", theme.slug), theme.projects))
    for place in catalogue.places.values():
        if place.projects:
            projects = [mention.project for mention in place.projects]
            targets.append((place.label, feed_url("gemeenten", place.slug), projects))
    for title, url, projects in targets:
        path = output / url.lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_feed(title, url, projects, settings), encoding="utf-8")
