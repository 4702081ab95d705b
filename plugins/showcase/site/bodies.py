"""Render every Markdown body of the catalogue once: cached by content hash, on all cores.

The HTML lives beside the catalogue (:class:`RenderedBodies`), never on it: the catalogue is
sealed after linking.

Rendering bodies used to be the largest cost of a build. A body's HTML depends only on its text and on
the renderer's settings, so it is cached under the SHA-256 of both; an edit re-renders one
body. Bodies not in the cache are rendered in worker processes when there are enough of them
to pay for starting the workers. The checker never renders: it reads the Markdown source.

The cache is one pack file (:mod:`showcase.site.pack`; one file per body added half the
rendering time again on a cold build at 10,000 bodies). Workers only render and send the HTML back; this process reads the
pack once and, when anything was added or is no longer used, writes it once, holding exactly
the bodies of this build.
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from types import MappingProxyType
from typing import Any

from showcase import parallel
from showcase.link.catalogue import Catalogue, Entry, Place
from showcase.site import markup
from showcase.site.markup import ENGINE, MarkdownRenderer
from showcase.site.pack import read_pack, write_pack

logger = logging.getLogger(__name__)

RENDER_VERSION = ":".join(
    [
        hashlib.sha256(Path(markup.__file__).read_bytes()).hexdigest()[:16],
        ENGINE,
        metadata.version("nh3"),
    ]
)
"""Part of every cache key: the renderer's code and versions, so a change to either (a new
extension, another allowlist) never serves HTML rendered the old way."""


@dataclass(frozen=True)
class RenderStats:
    bodies: int
    cached: int
    rendered: int
    workers: int


PACK_NAME = "bodies.pack"
"""The pack file in the cache folder."""
_OLD_LAYOUT = re.compile(r"[0-9a-f]{2}")
"""The folders of the one-file-per-body cache this pack replaces."""


def cache_key(text: str) -> str:
    return hashlib.sha256(f"{RENDER_VERSION}\0{text}".encode()).hexdigest()


def _render_chunk(texts: Sequence[str]) -> list[str]:
    renderer = MarkdownRenderer()
    return [renderer.render(text) for text in texts]


def render_texts(texts: Sequence[str], workers: int) -> list[str]:
    """HTML for each text, in order; on ``workers`` cores when there are enough of them."""
    return parallel.map_chunks(_render_chunk, texts, workers, parallel.THRESHOLDS.render_bodies)


BodyKey = tuple[str, str]
"""``(kind name, slug)`` of an entry, or ``("gemeente", NIS code)`` of a municipality."""


@dataclass(frozen=True)
class RenderedBodies:
    """The HTML of every body, beside the (sealed) catalogue; planners hand it to the pages."""

    html: Mapping[BodyKey, str]
    stats: RenderStats

    def of(self, entry: Entry[Any]) -> str:
        return self.html.get((entry.kind.name, entry.slug), "")

    def intro_of(self, place: Place) -> str:
        return self.html.get((INTRO, place.nis_code), "")

    @property
    def bodies(self) -> int:
        return self.stats.bodies

    @property
    def cached(self) -> int:
        return self.stats.cached

    @property
    def rendered(self) -> int:
        return self.stats.rendered


INTRO = "gemeente"


_ROOT_RELATIVE = re.compile(r'(\s(?:href|src)=")/(?!/)')


def under_site(html: str, site_url: str) -> str:
    """``href="/bijdragen/"`` → ``href="https://…/showcase/bijdragen/"``: a body's link to a page
    of the site keeps working when the site is published under a sub-path (``SITEURL``)."""
    if not site_url:
        return html
    return _ROOT_RELATIVE.sub(lambda m: f"{m.group(1)}{site_url.rstrip('/')}/", html)


def render_catalogue(
    catalogue: Catalogue,
    cache: Path | None = None,
    workers: int | None = None,
    site_url: str = "",
) -> RenderedBodies:
    """The HTML of every entry's body and of every municipality's introduction; links to the
    site's own pages are put under ``site_url`` (the cache keeps them as written)."""
    texts: list[tuple[BodyKey, str]] = [
        ((entry.kind.name, entry.slug), entry.body) for entry in catalogue.all_entries()
    ]
    for place in catalogue.places.values():
        if place.record.introduction:
            texts.append(((INTRO, place.nis_code), place.record.introduction))

    keys = [cache_key(text) for _, text in texts]
    stored = read_pack(cache / PACK_NAME, RENDER_VERSION) if cache is not None else {}
    found = {key: stored[key] for key in set(keys) if key in stored}
    missing = sorted(
        {key: text for key, (_, text) in zip(keys, texts, strict=True) if key not in found}.items()
    )
    count = parallel.workers_for(workers)
    htmls = render_texts([text for _, text in missing], count)
    for (key, _), html in zip(missing, htmls, strict=True):
        found[key] = html
    # Something new, or something no longer used: the pack becomes exactly this build's.
    changed = bool(missing) or len(stored) != len(found)
    if cache is not None and changed and write_pack(cache / PACK_NAME, RENDER_VERSION, found):
        _remove_old_layout(cache)
    by_name = {
        name: under_site(found[key], site_url) for key, (name, _) in zip(keys, texts, strict=True)
    }
    used = count if parallel.worth_it(len(missing), parallel.THRESHOLDS.render_bodies, count) else 1
    stats = RenderStats(len(texts), len(texts) - len(missing), len(missing), used)
    logger.info("Markdown: %s", stats)
    return RenderedBodies(MappingProxyType(by_name), stats)


def _remove_old_layout(cache: Path) -> None:
    """Remove the folders of the one-file-per-body cache of earlier builds, if any."""
    for child in cache.iterdir():
        if child.is_dir() and _OLD_LAYOUT.fullmatch(child.name):
            shutil.rmtree(child, ignore_errors=True)
