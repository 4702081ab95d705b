"""Internal link check of a built site: ``python -m showcase linkcheck output/``.

Every ``.html`` file under the output folder is scanned (:mod:`showcase.check.htmlscan`);
every internal ``href`` and ``src`` must lead to a file of the site, and every ``#anchor`` to an
element with that ``id`` (or an ``<a name>``) on the target page. Internal means site-relative
(``/projecten/``), relative (``../gent/``), or absolute under the site's own address when that is
given (``--site-url https://example.org/showcase``). A URL ending in ``/``, or naming a folder,
means that folder's ``index.html``, as static hosts serve it.

Problems are reported like the checker's: the HTML file relative to the output, the line and
column of the tag, the attribute, and what is wrong.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from showcase.check.htmlscan import attributes, position, referring_tags
from showcase.problems import Problem

LINK_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src",),
    "script": ("src",),
    "iframe": ("src",),
    "source": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "embed": ("src",),
    "form": ("action",),
}
"""The attributes that point at another resource, per element."""


class Link(NamedTuple):
    attribute: str
    url: str
    offset: int
    """Where the tag starts in the page; made a line and column only for a problem (-1: not
    known, see :class:`KeptLinks`)."""


@dataclass
class PageLinks:
    """What one HTML file offers (ids) and asks for (links)."""

    ids: set[str] = field(default_factory=set)
    links: list[Link] = field(default_factory=list)


def page_links(text: str) -> PageLinks:
    """The ids a page offers and the links it makes. Only tags that may carry an id or a
    link have their attributes parsed: most tags of a page are neither."""
    page = PageLinks()
    for name, attrs, offset in referring_tags(text):
        wanted = LINK_ATTRIBUTES.get(name, ())
        if not wanted and "id" not in attrs.lower():
            continue
        values = attributes(attrs)
        if "id" in values:
            page.ids.add(values["id"])
        if name == "a" and "name" in values:
            page.ids.add(values["name"])
        for attribute in wanted:
            url = values.get(attribute)
            if url is not None:
                page.links.append(Link(attribute, url.strip(), offset))
    return page


SEPARATOR = "\0"
"""Between the ids and between the URLs of :class:`KeptLinks` (a NUL is in neither)."""


def keep_links(page: PageLinks) -> tuple[str, str]:
    """A page's ids and its distinct link URLs (in order of first use), each joined into one
    string: what the build keeps of a page between builds (see :class:`KeptLinks`)."""
    urls = dict.fromkeys(link.url for link in page.links)
    return SEPARATOR.join(sorted(page.ids)), SEPARATOR.join(urls)


class KeptLinks:
    """What a page offers and asks for, as a previous build kept it (:func:`keep_links`):
    its ids, and each URL it links to once, without a place (offset -1). The link check
    reads the page again only when one of those URLs turns out broken, to say where."""

    def __init__(self, ids: str, urls: str) -> None:
        self._ids = ids
        self._urls = urls

    @functools.cached_property
    def ids(self) -> set[str]:
        return set(self._ids.split(SEPARATOR)) if self._ids else set()

    @property
    def links(self) -> list[Link]:
        return [Link("", url, -1) for url in self._urls.split(SEPARATOR)] if self._urls else []


Links = PageLinks | KeptLinks
"""What the link check needs of a page: scanned now, or kept from a previous build."""


def parse_page(path: Path) -> PageLinks:
    return page_links(path.read_text(encoding="utf-8", errors="replace"))


class _Outside(Exception):
    """A site-relative link that leaves the site's own folder on its host."""


def _site_path(url: str, site_url: str) -> str | None:
    """The URL as a path of the site (``/a/b/`` or relative), or ``None`` when it is external.

    With ``site_url`` (``https://host/showcase``), absolute links under it are internal, and
    the output folder is ``/showcase/`` on the host: a site-relative link must stay inside it.
    """
    base = site_url.rstrip("/")
    if base and (url == base or url.startswith((base + "/", base + "#", base + "?"))):
        url = url[len(base) :]
        return url if url.startswith("/") else "/" + url
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith("//"):
        return None  # another site, or mailto:, tel:, javascript:, data:
    prefix = urlsplit(base).path
    if prefix and url.startswith("/"):
        if url == prefix or url.startswith((prefix + "/", prefix + "#", prefix + "?")):
            url = url[len(prefix) :]
            return url if url.startswith("/") else "/" + url
        raise _Outside(prefix)
    return url


def _resolve(output: Path, page: Path, path: str) -> tuple[Path | None, str | None]:
    """The file a site path leads to from ``page``, and what was looked for (``None``: a path
    above the output folder)."""
    if path.startswith("/"):
        relative = PurePosixPath(path.lstrip("/"))
    else:
        here = PurePosixPath(page.relative_to(output).as_posix()).parent
        relative = here / path
    # Normalise '..' without leaving the site.
    stack: list[str] = []
    for part in relative.parts:
        if part in ("", "."):
            continue
        if part == "..":
            if not stack:
                return None, None
            stack.pop()
        else:
            stack.append(part)
    target = output.joinpath(*stack)
    if path.endswith("/") or not stack or target.is_dir():
        target = target / "index.html"
    return (target if target.is_file() else None), target.relative_to(output).as_posix()


def _link_problem(
    url: str,
    output: Path,
    page: Path,
    shown: str,
    pages: Mapping[Path, Links],
    site_url: str,
) -> str | None:
    """What is wrong with one link of ``page``, or ``None``."""
    try:
        path = _site_path(url, site_url) if url else None
    except _Outside as outside:
        return (
            f"'{url}' verlaat de site: die staat gepubliceerd onder {outside}/, "
            "schrijf de link dus met SITEURL"
        )
    if path is None:
        return None
    parts = urlsplit(path)
    target_path = unquote(parts.path)
    fragment = unquote(parts.fragment)
    if target_path:
        target, looked_for = _resolve(output, page, target_path)
        if target is None:
            where = f"{looked_for} bestaat niet" if looked_for else "de link klimt uit de site"
            return f"'{url}' leidt nergens heen: {where}"
    else:
        target, looked_for = page, shown
    # '#/collections/projecten/new' is a route inside a page's script (the web editor), not an
    # element: an id never starts with a slash on this site.
    if fragment and not fragment.startswith("/") and target.suffix == ".html":
        ids = pages[target].ids if target in pages else parse_page(target).ids
        if fragment not in ids:
            return (
                f"'{url}' wijst naar '#{fragment}', maar {looked_for} heeft geen "
                f"element met id '{fragment}'"
            )
    return None


def check_links(
    output: Path, site_url: str = "", pages: Mapping[Path, Links] | None = None
) -> list[Problem]:
    """Every broken internal link and anchor in the site built into ``output``.

    ``pages`` may hold the pages already scanned (by absolute path), to read each page once."""
    output = output.resolve()
    if pages is None:
        pages = {p: parse_page(p) for p in sorted(output.rglob("*.html")) if p.is_file()}
    problems: list[Problem] = []
    verdicts: dict[tuple[str, str], str | None] = {}
    """The same link from the same folder has the same verdict: a site links to each of its
    pages from thousands of others, and each is resolved once."""
    for page, found in pages.items():
        shown = page.relative_to(output).as_posix()
        folder = str(page.parent)
        text = None
        for link in found.links:
            # A site-relative or absolute link means the same everywhere; a relative one
            # depends on its folder, and one without a path ("#top", "?q=") on its page.
            url = link.url
            if url.startswith(("/", "http:", "https:", "mailto:", "tel:")):
                key = ("", url)
            else:
                key = (str(page) if not url or url.startswith(("#", "?")) else folder, url)
            if key in verdicts:
                message = verdicts[key]
            else:
                message = _link_problem(link.url, output, page, shown, pages, site_url)
                verdicts[key] = message
            if message is not None:
                if text is None:
                    text = page.read_text(encoding="utf-8", errors="replace")
                for placed in _placed(link, text):
                    line, col = position(text, placed.offset)
                    problems.append(Problem(shown, line, col, placed.attribute, message))
    return problems


def _placed(link: Link, text: str) -> list[Link]:
    """The link itself, or for a kept link (no place) every link to its URL on the page."""
    if link.offset >= 0:
        return [link]
    return [found for found in page_links(text).links if found.url == link.url]
