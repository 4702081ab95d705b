"""A fast scanner for the start tags of the site's own, machine-written HTML.

The built-site checks only need start tags, their attributes and where they stand. The
standard library's ``html.parser`` spends most of a large build's check time on everything
else, so this scanner finds the tags with one regular expression over the page. It skips
comments, and the contents of ``<script>`` and ``<style>`` (only JSON-LD and external scripts
occur; JSON-LD escapes ``<``).
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

_TOKEN = re.compile(
    r"<!--.*?-->"
    r"|<(?P<raw>script|style)\b(?P<raw_attrs>[^>]*)>.*?</(?P=raw)\s*>"
    r"|<(?P<name>[a-zA-Z][a-zA-Z0-9:-]*)(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.DOTALL | re.IGNORECASE,
)
_ATTRIBUTE = re.compile(r"([^\s=/>\"']+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")


@dataclass(frozen=True)
class Tag:
    name: str
    """Lower case."""
    attrs: dict[str, str]
    """Lower-case names; values with character references resolved; bare attributes ""."""
    line: int
    col: int
    """1-based, where the ``<`` stands."""


def attributes(text: str) -> dict[str, str]:
    """The attributes of a start tag's attribute text (see :class:`Tag`)."""
    found: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(text):
        name = match.group(1).lower()
        value = next((g for g in match.group(2, 3, 4) if g is not None), "")
        found.setdefault(name, html.unescape(value) if "&" in value else value)
    return found


def start_tags(text: str) -> Iterator[tuple[str, str, int]]:
    """Every start tag as (lower-case name, attribute text, offset of its ``<``), in order.

    The cheap form, for checks that look at few tags: they parse the attributes of those
    tags only (:func:`attributes`) and turn an offset into a position only to report it
    (:func:`position`)."""
    return _tags(_TOKEN, text)


def _tags(pattern: re.Pattern[str], text: str) -> Iterator[tuple[str, str, int]]:
    for match in pattern.finditer(text):
        name = match.group("name")
        if name is not None:
            yield name.lower(), match.group("attrs"), match.start()
        elif match.group("raw") is not None:  # otherwise a comment
            yield match.group("raw").lower(), match.group("raw_attrs"), match.start()


_REFERRING = re.compile(
    r"<!--.*?-->"
    r"|<(?P<raw>script|style)\b(?P<raw_attrs>[^>]*)>.*?</(?P=raw)\s*>"
    r"|<(?P<name>[a-zA-Z][a-zA-Z0-9:-]*)(?=\s[^>]*?\b(?:id|name|href|src|action|poster)\s*=)"
    r"(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.DOTALL | re.IGNORECASE,
)


def referring_tags(text: str) -> Iterator[tuple[str, str, int]]:
    """Like :func:`start_tags`, but only the tags that may carry an id or a link (and every
    ``<script>`` and ``<style>``): the regular expression skips the others without a Python
    step. The look-ahead stops at the first ``>``, which the site's own escaped attribute
    values never hold."""
    return _tags(_REFERRING, text)


def position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of ``offset`` in ``text``."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def iter_tags(text: str) -> Iterator[Tag]:
    """Every start tag of ``text`` with its attributes and position, in order."""
    line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
    for name, attrs, start in start_tags(text):
        line = bisect.bisect_right(line_starts, start)
        yield Tag(name, attributes(attrs), line, start - line_starts[line - 1] + 1)
