"""The fast tag scanner sees exactly the start tags that html.parser sees, on the built site."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from showcase.check.htmlscan import iter_tags


class _Reference(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str], int, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, offset = self.getpos()
        values: dict[str, str] = {}
        for name, value in attrs:
            values.setdefault(name, value or "")
        self.tags.append((tag, values, line, offset + 1))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def test_same_tags_as_html_parser(built_site: Path) -> None:
    pages = sorted(p for p in built_site.rglob("*.html") if "pagefind" not in p.parts)
    for path in pages[::7]:
        text = path.read_text(encoding="utf-8")
        reference = _Reference()
        reference.feed(text)
        reference.close()
        scanned = [(t.name, t.attrs, t.line, t.col) for t in iter_tags(text)]
        assert scanned == reference.tags, path


def test_quotes_comments_and_scripts() -> None:
    text = (
        '<p title="a > b">x</p><!-- <a href="/no/"> -->\n'
        '<script type="application/ld+json">{"x": "<a href=/no/>"}</script>'
        "<a href='/ja/' data-x=1>y</a>"
    )
    found = [(t.name, t.attrs, t.line, t.col) for t in iter_tags(text)]
    assert found == [
        ("p", {"title": "a > b"}, 1, 1),
        ("script", {"type": "application/ld+json"}, 2, 1),
        ("a", {"href": "/ja/", "data-x": "1"}, 2, 67),
    ]
