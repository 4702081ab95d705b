"""Markdown rendering: the dialect, the cache, and worker processes that give the serial result."""

from __future__ import annotations

from pathlib import Path

from showcase import check_showcase
from showcase.load.dataset import Layout
from showcase.parallel import THRESHOLDS
from showcase.site.bodies import render_catalogue, render_texts
from showcase.site.markup import MarkdownRenderer

from .conftest import ROOT


def test_parallel_equals_serial() -> None:
    texts = [
        f"## Kop {i}\n\nTekst *{i}* met [link](https://example.org/{i}).\n"
        for i in range(THRESHOLDS.render_bodies + 7)
    ]
    assert render_texts(texts, workers=2) == render_texts(texts, workers=1)


def test_cache_is_used_and_gives_the_same_html(tmp_path: Path) -> None:
    cold, _ = check_showcase(Layout.at(ROOT))
    first = render_catalogue(cold, cache=tmp_path, workers=1)
    assert first.rendered > 0 and first.cached == 0
    warm, _ = check_showcase(Layout.at(ROOT))
    second = render_catalogue(warm, cache=tmp_path, workers=1)
    assert second.rendered == 0 and second.cached == second.bodies
    assert [second.of(p) for p in warm.projects] == [first.of(p) for p in cold.projects]
    assert all(second.of(p).startswith("<") for p in warm.projects)


# --- The Markdown dialect: GitHub Flavored Markdown, as GitHub's preview shows it ---------------


def render(text: str) -> str:
    return MarkdownRenderer().render(text)


def test_heading_anchor_becomes_its_id() -> None:
    assert render("## Bijdragen {#bijdragen}\n") == '<h2 id="bijdragen">Bijdragen</h2>\n'
    # Without an anchor, no id: ids on a page stay the template's and the author's own.
    assert render("## Bijdragen\n") == "<h2>Bijdragen</h2>\n"


def test_smart_punctuation_in_dutch() -> None:
    html = render('Wie \'s nachts "fietst" -- of wandelt...\n')
    assert html == "<p>Wie ’s nachts “fietst” – of wandelt…</p>\n"


def test_gfm_tables_scroll_in_a_labelled_box() -> None:
    html = render("| Jaar | Sensoren |\n|---|---:|\n| 2020 | 12 |\n")
    assert html.startswith('<div class="table-wrap" role="region" tabindex="0" aria-label="Tabel">')
    assert "<th>Jaar</th>" in html and html.rstrip().endswith("</table></div>")


def test_lists_need_no_blank_line_and_footnotes_link_both_ways() -> None:
    html = render("Drie stappen:\n- meten\n- delen\n\nBron[^1].\n\n[^1]: Het verslag.\n")
    assert "<li>meten</li>" in html
    assert 'href="#fn-1"' in html and 'id="fn-1"' in html
    assert 'href="#fnref-1"' in html and 'id="fnref-1"' in html


def test_raw_html_is_sanitized_and_scripts_never_run() -> None:
    html = render(
        'Een <b onclick="x()">vet</b> woord <script>alert(1)</script> en <a href="javascript:x">link</a>.\n'
    )
    assert "onclick" not in html and "<script" not in html and "javascript:" not in html
    assert "<a>link</a>" in html
