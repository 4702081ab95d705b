"""Checks on the built site: unsafe markup and invalid HTML fail the build with located messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from showcase.check.sitecheck import check_html, check_safety, java_available

PAGE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>t</title>
<script type="application/ld+json">{"a": 1}</script>
<script src="/theme/js/search.js"></script>
</head><body>
<a href="https://example.org/" rel="noopener">goed</a>
{extra}
</body></html>
"""


def site(tmp_path: Path, extra: str) -> Path:
    (tmp_path / "index.html").write_text(PAGE.replace("{extra}", extra), encoding="utf-8")
    return tmp_path


def messages(tmp_path: Path, extra: str) -> list[str]:
    return [p.format_text() for p in check_safety(site(tmp_path, extra), "https://ons.be")]


def test_clean_page(tmp_path: Path) -> None:
    assert messages(tmp_path, '<a href="https://ons.be/x/">eigen site</a>') == []


@pytest.mark.parametrize(
    "extra",
    [
        '<img src="/x.png" alt="" ONERROR="alert(1)">',
        "<p/onmouseover=alert(1)>tekst</p>",
        "<div class='x'onclick='y()'>tekst</div>",
        "<SCRIPT>alert(1)</SCRIPT>",
        '<script type="module">import "/x.js"</script>',
        '<a href=" JavaScript:alert(1)">x</a>',
        '<form action="javascript:alert(1)"></form>',
        '<a href="data:text/html,x">x</a>',
        "<embed src='/x.swf'>",
        "<object data='/x'></object>",
        "<a href=//example.org/>protocol-relatief</a>",
        "<a rel='nofollow' href='https://example.org/'>zonder noopener</a>",
        '<a\nhref="http://example.org/">over twee regels</a>',
        '<link rel="alternate" href="https://example.org/feed">',
    ],
)
def test_every_unsafe_tag_is_found_on_its_own(tmp_path: Path, extra: str) -> None:
    """The quick whole-page searches must send every such page to the tag-by-tag check."""
    found = messages(tmp_path, extra)
    if extra.startswith("<link"):
        assert found == []  # only <a> links need rel="noopener"; the page still gets checked
    else:
        assert len(found) == 1, found


def test_unsafe_markup_is_reported(tmp_path: Path) -> None:
    extra = (
        '<img src="/x.png" alt="" onerror="alert(1)">\n'
        "<script>alert(1)</script>\n"
        '<a href="javascript:alert(1)">x</a>\n'
        '<iframe src="/x/"></iframe>\n'
        '<a href="https://example.org/andere">zonder rel</a>\n'
    )
    assert messages(tmp_path, extra) == [
        "index.html:7:1: img.onerror: inline event handler: de CSP blokkeert hem",
        "index.html:8:1: script: inline script: alleen de eigen scriptbestanden van de site mogen draaien",
        "index.html:9:1: a.href: 'javascript:alert(1)' is een script-URL",
        "index.html:10:1: iframe: <iframe> is niet toegestaan op de site",
        'index.html:11:1: a.rel: de link naar https://example.org/andere heeft rel="noopener" nodig',
    ]


@pytest.mark.skipif(not java_available() and not shutil.which("java"), reason="needs Java")
def test_invalid_html_is_reported(tmp_path: Path) -> None:
    assert check_html(site(tmp_path, "<p>")) == []
    problems = check_html(site(tmp_path, "<p><b>open</p>"))
    assert [(p.path, p.line, p.field) for p in problems][:1] == [("index.html", 7, "html")]
    assert 'End tag "p" seen, but there were open elements' in problems[0].message
