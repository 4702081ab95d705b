"""Problems found on built pages, traced back to the file a contributor wrote.

The built-site checks (links, markup safety, the Nu HTML checker) read pages such as
``projecten/<slug>/index.html``, which nobody writes. The page plan knows which file each page
is made from, and which HTML is that file's rendered body (:func:`page_sources`); a problem on
such a page is reported at that file, at the line where the offending text stands, with the
built page as extra information:

* in the rendered body: at the line and column of the body where the tag's URL or another of its
  attribute values is written (else at the body's first line);
* elsewhere on the page, where the file holds the value (a link in the front matter, say): there;
* elsewhere, and not in the file: the page's own template made it, and the problem stays at the
  built page, with the file named.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from showcase.check.htmlscan import attributes
from showcase.load.reader import load_front_matter_file
from showcase.problems import Problem
from showcase.site.pages import PlannedPage

BODY_KEYS = ("body_html", "intro_html")
"""The context variables that hold a page's rendered Markdown (see site.pages.page_context)."""
WRITTEN_ATTRIBUTES = ("href", "src", "alt", "title", "id")
"""Attributes whose values come from what a contributor wrote (the others, the site adds)."""


@dataclass(frozen=True)
class PageSource:
    """The file a page is made from, and the HTML of its rendered body."""

    display: str
    """As problems name it: relative to the project root."""
    path: Path
    body_html: str = ""


def page_sources(pages: Iterable[PlannedPage], root: Path) -> dict[str, PageSource]:
    """For each planned page made from a file (by its path in the output), that file."""
    found: dict[str, PageSource] = {}
    for page in pages:
        source = page.meta.source
        if source:
            body = next((page.context[key] for key in BODY_KEYS if page.context.get(key)), "")
            found[page.path] = PageSource(source, root / source, str(body))
    return found


def trace_to_sources(
    problems: Sequence[Problem], sources: Mapping[str, PageSource], site: Path
) -> list[Problem]:
    """``problems`` (located in the site built into ``site``), each at its source file when
    the page it is on was made from one."""
    pages: dict[str, str] = {}
    files: dict[Path, _SourceText] = {}
    traced: list[Problem] = []
    for problem in problems:
        source = sources.get(problem.path)
        if source is None:
            traced.append(problem)
            continue
        if problem.path not in pages:
            pages[problem.path] = _read(site / problem.path)
        if source.path not in files:
            files[source.path] = _SourceText.load(source.path, source.display)
        traced.append(_trace(problem, pages[problem.path], source, files[source.path]))
    return traced


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


@dataclass(frozen=True)
class _SourceText:
    lines: list[str]
    body_line: int
    """1-based line where the Markdown body starts (1 for a file without one)."""

    @classmethod
    def load(cls, path: Path, display: str) -> _SourceText:
        text = _read(path)
        body_line = 1
        if path.suffix == ".md":
            doc, _ = load_front_matter_file(path)
            if doc is not None:
                body_line = doc.body_line
        return cls(text.split("\n"), body_line)

    def find(self, needles: list[str], from_line: int) -> tuple[int, int] | None:
        """The first place (1-based line and column) from ``from_line`` on where one of the
        needles stands, the first needle first."""
        for needle in needles:
            for variant in dict.fromkeys((needle, html.escape(needle, quote=False))):
                for index in range(from_line - 1, len(self.lines)):
                    col = self.lines[index].find(variant)
                    if col >= 0:
                        return index + 1, col + 1
        return None


def _trace(problem: Problem, page: str, source: PageSource, text: _SourceText) -> Problem:
    offset = _offset(page, problem.line, problem.col)
    body_start = page.find(source.body_html) if source.body_html else -1
    in_body = 0 <= body_start <= offset < body_start + len(source.body_html)
    needles = _needles(page, offset, problem.field)
    built = f"{problem.path}:{problem.line}:{problem.col}"
    place = text.find(needles, text.body_line if in_body else 1)
    if place is None and in_body:
        place = (text.body_line, 1)
    if place is None:
        return replace(problem, message=f"{problem.message} (op de pagina uit {source.display})")
    line, col = place
    return replace(
        problem,
        path=source.display,
        line=line,
        col=col,
        message=f"{problem.message} (gebouwde pagina {built})",
    )


def _offset(page: str, line: int, col: int) -> int:
    """The offset of a 1-based line and column in ``page``."""
    start = 0
    for _ in range(line - 1):
        start = page.find("\n", start) + 1
        if start == 0:
            return len(page)
    return start + col - 1


def _needles(page: str, offset: int, field: str) -> list[str]:
    """What to look for in the source: the values a contributor writes of the tag at
    ``offset``, the attribute the problem is about first."""
    start = page.rfind("<", 0, offset + 1)
    end = page.find(">", offset)
    if start < 0 or end < 0:
        return []
    values = attributes(page[start + 1 : end].partition(" ")[2])
    wanted = field.rpartition(".")[2]
    order = dict.fromkeys((wanted, *WRITTEN_ATTRIBUTES))
    return [values[name] for name in order if values.get(name, "").strip()]
