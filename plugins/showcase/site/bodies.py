"""Render every Markdown body of the catalogue once: cached by content hash, on all cores.

Rendering bodies used to be the largest cost of a build. A body's HTML depends only on its text and on
the renderer's settings, so it is cached under the SHA-256 of both; an edit re-renders one
body. Bodies not in the cache are rendered in worker processes when there are enough of them
to pay for starting the workers. The checker never renders: it reads the Markdown source.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from showcase.link.catalogue import Catalogue, Entry
from showcase.site import markup
from showcase.site.markup import ENGINE, MarkdownRenderer

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
PARALLEL_FROM = 200
"""Fewer bodies than this to render are rendered in this process (workers cost ~0.1 s)."""


@dataclass(frozen=True)
class RenderStats:
    bodies: int
    cached: int
    rendered: int
    workers: int


def cache_key(text: str) -> str:
    return hashlib.sha256(f"{RENDER_VERSION}\0{text}".encode()).hexdigest()


def _render_chunk(texts: Sequence[str]) -> list[str]:
    renderer = MarkdownRenderer()
    return [renderer.render(text) for text in texts]


def render_texts(texts: Sequence[str], workers: int) -> list[str]:
    """HTML for each text, in order; in ``workers`` processes when it is worth it."""
    if workers <= 1 or len(texts) < PARALLEL_FROM:
        return _render_chunk(texts)
    size = max(1, len(texts) // (workers * 4))
    chunks = [texts[start : start + size] for start in range(0, len(texts), size)]
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return [html for chunk in pool.map(_render_chunk, chunks) for html in chunk]


def render_catalogue(
    catalogue: Catalogue, cache: Path | None = None, workers: int | None = None
) -> RenderStats:
    """Fill in ``body_html`` of every project, entry and page and ``intro_html`` of every
    municipality with an introduction."""
    setters: list[tuple[str, Callable[[str], None]]] = []
    for project in catalogue.projects:
        setters.append((project.body, _setter(project, "body_html")))
    entries: list[Entry[Any]] = [*catalogue.ervaringen, *catalogue.suggesties, *catalogue.pages]
    for entry in entries:
        setters.append((entry.body, _setter(entry, "body_html")))
    for place in catalogue.places.values():
        if place.record.introduction:
            setters.append((place.record.introduction, _setter(place, "intro_html")))

    keys = [cache_key(text) for text, _ in setters]
    found: dict[str, str] = {}
    if cache is not None:
        for key in set(keys):
            path = cache / key[:2] / f"{key}.html"
            if path.is_file():
                found[key] = path.read_text(encoding="utf-8")
    missing = sorted(
        {
            key: text for key, (text, _) in zip(keys, setters, strict=True) if key not in found
        }.items()
    )
    count = workers if workers is not None else (os.cpu_count() or 1)
    htmls = render_texts([text for _, text in missing], count)
    for (key, _), html in zip(missing, htmls, strict=True):
        found[key] = html
        if cache is not None:
            path = cache / key[:2] / f"{key}.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(html, encoding="utf-8")
            temporary.replace(path)
    for key, (_, set_html) in zip(keys, setters, strict=True):
        set_html(found[key])
    used = count if len(missing) >= PARALLEL_FROM and count > 1 else 1
    stats = RenderStats(len(setters), len(setters) - len(missing), len(missing), used)
    logger.info("Markdown: %s", stats)
    return stats


def _setter(holder: object, attribute: str) -> Callable[[str], None]:
    def set_html(html: str) -> None:
        setattr(holder, attribute, html)

    return set_html
