"""Markdown bodies to safe HTML: GitHub Flavored Markdown (cmark-gfm), then nh3.

Bodies are written on GitHub, whose preview renders them with cmark-gfm; the site renders them
with the same library (through ``cmarkgfm``, the binding PyPI uses for project descriptions),
so what a contributor previews is what the site shows. It is also some 50 times faster than
Python-Markdown, which matters with thousands of projects (docs/performance.md).

On top of GFM (tables, strikethrough, autolinks, footnotes, "smart" quotes and dashes), a
heading may end in ``{#anchor}`` to give it a stable id, as Python-Markdown's ``attr_list``
allowed before. Contributors may write a little raw HTML; whatever they write, the output holds
no scripts, no event attributes, no ``javascript:`` or ``data:`` URLs, no iframes and no styles.
"""

from __future__ import annotations

import re
from importlib import metadata

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options

ENGINE = f"cmarkgfm {metadata.version('cmarkgfm')}"
OPTIONS = Options.CMARK_OPT_SMART | Options.CMARK_OPT_FOOTNOTES | Options.CMARK_OPT_UNSAFE
"""Smart punctuation and footnotes; raw HTML passes through to nh3, which decides what stays."""

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "caption", "code", "dd", "del", "dl", "dt", "em",
    "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "img", "li", "ol", "p",
    "pre", "section", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang", "id"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "li": {"id"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "ol": {"start"},
    "section": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_HREFLESS_LINK = re.compile(r'<a rel="noopener noreferrer">')
_HEADING_ANCHOR = re.compile(r"<h([2-6])>(.*?)\s*\{#([a-z][a-z0-9-]*)\}</h\1>")
"""``## Bijdragen {#bijdragen}``, as cmark-gfm leaves it: the anchor becomes the heading's id."""


class MarkdownRenderer:
    """Renders one body at a time; stateless (kept as a class so callers hold one renderer)."""

    def render(self, text: str) -> str:
        html = cmarkgfm.github_flavored_markdown_to_html(text, options=OPTIONS)
        html = sanitize(_HEADING_ANCHOR.sub(r'<h\1 id="\3">\2</h\1>', html))
        # Tables scroll in their own box on phones; the box is reachable by keyboard.
        return html.replace(
            "<table>",
            '<div class="table-wrap" role="region" tabindex="0" aria-label="Tabel"><table>',
        ).replace("</table>", "</table></div>")


def sanitize(html: str) -> str:
    """Keep only the allowed tags, attributes and URL schemes; external links get rel."""
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # A link whose URL was refused keeps its text; rel without href is invalid HTML.
    return _HREFLESS_LINK.sub("<a>", clean)
