"""The template context contract: every planned page carries exactly its documented variables."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

from showcase import check_showcase
from showcase.derive.extras import build_extras
from showcase.load.dataset import Layout
from showcase.site.bodies import render_catalogue
from showcase.site.pages import SiteInputs, page_context, plan_site

from .conftest import FIXTURES


def test_every_page_has_its_documented_context(scratch: Path) -> None:
    for folder in (FIXTURES / "content").iterdir():
        shutil.copytree(folder, scratch / "content" / folder.name, dirs_exist_ok=True)
    layout = Layout.at(scratch)
    catalogue, problems = check_showcase(layout)
    assert [p for p in problems if p.severity == "error"] == []
    extras, more = build_extras(catalogue, layout, site_url="", publisher="Test", contact_url=None)
    assert extras is not None and more == []
    bodies = render_catalogue(catalogue, workers=1)
    pages, _ = plan_site(SiteInputs(catalogue, extras, bodies), 2500)
    contract = page_context(catalogue.kinds)
    templates = Counter(page.template for page in pages)
    assert set(templates) == set(contract), "every template is planned at least once"
    for page in pages:
        assert set(page.context) == contract[page.template], page.path
        assert page.meta.title and page.meta.description and page.meta.url.startswith("/")
    assert templates["municipality.html"] == 327
    paths = [page.path for page in pages]
    assert len(paths) == len(set(paths)), "no two pages write the same file"
