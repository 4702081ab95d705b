"""Markdown bodies to safe HTML: Python-Markdown with a fixed set of extensions, then nh3.

Contributors may write a little raw HTML; whatever they write, the output holds no scripts, no
event attributes, no ``javascript:`` or ``data:`` URLs, no iframes and no styles.
"""

from __future__ import annotations

import re

import markdown
import nh3

EXTENSIONS = ["extra", "sane_lists", "smarty"]

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "caption", "code", "dd", "del", "dl", "dt", "em",
    "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "img", "li", "ol", "p",
    "pre", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_HREFLESS_LINK = re.compile(r'<a rel="noopener noreferrer">')


class MarkdownRenderer:
    """One Markdown instance, reset between documents (creating one per body is slow)."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=EXTENSIONS, output_format="html")

    def render(self, text: str) -> str:
        html = sanitize(self._md.reset().convert(text))
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
