"""Markdown rendering: the cache and the worker processes give exactly the serial result."""

from __future__ import annotations

from pathlib import Path

from showcase import check_showcase
from showcase.dataset import Layout
from showcase.render import PARALLEL_FROM, render_catalogue, render_texts

from .conftest import ROOT


def test_parallel_equals_serial() -> None:
    texts = [
        f"## Kop {i}\n\nTekst *{i}* met [link](https://example.org/{i}).\n"
        for i in range(PARALLEL_FROM + 7)
    ]
    assert render_texts(texts, workers=2) == render_texts(texts, workers=1)


def test_cache_is_used_and_gives_the_same_html(tmp_path: Path) -> None:
    cold, _ = check_showcase(Layout.at(ROOT))
    first = render_catalogue(cold, cache=tmp_path, workers=1)
    assert first.rendered > 0 and first.cached == 0
    warm, _ = check_showcase(Layout.at(ROOT))
    second = render_catalogue(warm, cache=tmp_path, workers=1)
    assert second.rendered == 0 and second.cached == second.bodies
    assert [p.body_html for p in warm.projects] == [p.body_html for p in cold.projects]
    assert all(p.body_html.startswith("<") for p in warm.projects)
