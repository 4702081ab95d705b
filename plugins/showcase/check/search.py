"""The search index in shards: which pages each Pagefind bundle holds, and when to rebuild one.

Pagefind builds its whole index in memory: about 2 GB for 10,000 project pages, and it cannot
update an index, only write a new one. Above a few thousand pages the index is therefore split
into shards, each a Pagefind bundle of its own (``/pagefind/``, ``/pagefind-2/``…), which the
search page merges when a visitor searches (Pagefind's ``mergeIndex``). A page's shard follows
from its path alone, so adding or editing a page leaves the other pages where they are; a
shard whose indexed content is unchanged keeps the bundle of the previous build.

What Pagefind indexes is the ``data-pagefind-body`` part of a page without its
``data-pagefind-ignore`` parts (lists of other projects, neighbours); :func:`indexed_digest`
hashes a page without those parts, so a new title in a related-projects list on another
project's page does not rebuild that page's shard.
"""

from __future__ import annotations

import hashlib
import math
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

SEARCH_TEMPLATES = frozenset({"project.html", "municipality.html", "theme.html", "entry.html"})
"""The templates whose pages are indexed (they hold ``data-pagefind-body``)."""
FIRST_BUNDLE = "pagefind"

_IGNORED = re.compile(
    r"<(section|div|aside|nav|ul|ol|p|span)\b[^>]*\bdata-pagefind-ignore\b[^>]*>.*?</\1\s*>",
    re.DOTALL,
)
"""An ignored element up to the first closing tag of its kind: never more than the element
itself (a nested element of the same kind closes first), so the digest only ever covers too
much, never too little."""


@dataclass(frozen=True)
class Shard:
    bundle: str
    """The bundle's folder in the output: ``pagefind``, ``pagefind-2``…"""
    pages: tuple[str, ...]
    """Output-relative paths of the pages it indexes, sorted."""

    @property
    def url(self) -> str:
        return f"/{self.bundle}/"


def plan_shards(paths: Iterable[str], shard_pages: int) -> list[Shard]:
    """Split the indexed pages into ``ceil(len / shard_pages)`` shards by a hash of each path."""
    ordered = sorted(set(paths))
    count = max(1, math.ceil(len(ordered) / max(shard_pages, 1)))
    buckets: list[list[str]] = [[] for _ in range(count)]
    for path in ordered:
        buckets[zlib.crc32(path.encode()) % count].append(path)
    return [
        Shard(FIRST_BUNDLE if index == 0 else f"{FIRST_BUNDLE}-{index + 1}", tuple(pages))
        for index, pages in enumerate(buckets)
    ]


def page_digest(html: str) -> str:
    """SHA-256 of what one page gives the indexer. The build takes it as it writes the page
    and keeps it with the page, so finding the unchanged shards reads no page back."""
    return hashlib.sha256(_IGNORED.sub("", indexed_part(html)).encode()).hexdigest()


def shard_digest(pages: Iterable[tuple[str, str]], indexer: str) -> str:
    """SHA-256 of a shard from its pages' paths and :func:`page_digest` (``indexer``: the
    indexer's version and options)."""
    digest = hashlib.sha256(indexer.encode())
    for path, page in pages:
        digest.update(f"\0{path}\0{page}".encode())
    return digest.hexdigest()


def indexed_digest(pages: Iterable[tuple[str, bytes]], indexer: str) -> str:
    """:func:`shard_digest` of pages given by their bytes."""
    return shard_digest(
        ((path, page_digest(html.decode("utf-8", errors="replace"))) for path, html in pages),
        indexer,
    )


_BODY = re.compile(r"<([a-z][a-z0-9]*)\b[^>]*\bdata-pagefind-body\b[^>]*>")


def indexed_part(text: str) -> str:
    """The ``data-pagefind-body`` element of a page (the whole page if it has none)."""
    match = _BODY.search(text)
    if match is None:
        return text
    tags = re.compile(rf"<(/?){match.group(1)}\b")
    depth = 1
    for tag in tags.finditer(text, match.end()):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return text[match.start() : text.find(">", tag.end()) + 1]
    return text[match.start() :]  # never closed: all of the rest
