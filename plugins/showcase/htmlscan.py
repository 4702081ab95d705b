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


def _attributes(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(text):
        name = match.group(1).lower()
        value = next((g for g in match.group(2, 3, 4) if g is not None), "")
        found.setdefault(name, html.unescape(value))
    return found


def iter_tags(text: str) -> Iterator[Tag]:
    """Every start tag of ``text`` with its attributes and position, in order."""
    line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
    for match in _TOKEN.finditer(text):
        name = match.group("name") or match.group("raw")
        if name is None:
            continue  # a comment
        attrs = match.group("attrs") if match.group("name") else match.group("raw_attrs")
        start = match.start()
        line = bisect.bisect_right(line_starts, start)
        yield Tag(name.lower(), _attributes(attrs or ""), line, start - line_starts[line - 1] + 1)
