"""Checks on the built site: unsafe markup and invalid HTML fail the build with located messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from showcase.check import sitecheck
from showcase.check.sitecheck import (
    check_html,
    check_safety,
    java_available,
    pages_to_check,
    split_by_size,
)
from showcase.contribute.editor import EDITOR_FOLDER

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


def test_pages_split_by_size_over_the_checkers(tmp_path: Path) -> None:
    sizes = {"a/index.html": 900, "b/index.html": 500, "c/index.html": 400, "d.svg": 100}
    for name, size in sizes.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x" * size, encoding="utf-8")
    (tmp_path / EDITOR_FOLDER).mkdir()
    (tmp_path / EDITOR_FOLDER / "index.html").write_text("shell", encoding="utf-8")
    (tmp_path / "a" / ".hidden.html").write_text("x", encoding="utf-8")
    (tmp_path / "style.css").write_text("x", encoding="utf-8")
    pages = pages_to_check(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in pages] == sorted(sizes)
    groups = split_by_size(pages, 2)
    names = [[p.relative_to(tmp_path).as_posix() for p in group] for group in groups]
    assert names == [["a/index.html", "d.svg"], ["b/index.html", "c/index.html"]]  # 1000 : 900
    assert split_by_size(pages, 9) == [[p] for p in sorted(pages, key=lambda p: -p.stat().st_size)]
    assert split_by_size([], 2) == []


@pytest.mark.skipif(not java_available(), reason="needs Java")
def test_every_checker_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the site split over two JVMs, an error on a page of either is reported."""
    monkeypatch.setattr(sitecheck, "HTML_CHECK_MIN_BYTES", 0)
    for name, extra in (("een", "<p><b>open</p>"), ("twee", "<div></span></div>")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(PAGE.replace("{extra}", extra), "utf-8")
    check = sitecheck.start_html_check(tmp_path, 2)
    assert len(check.processes) == 2
    problems = sitecheck.finish_html_check(check, tmp_path)
    assert sorted({p.path for p in problems}) == ["een/index.html", "twee/index.html"]
