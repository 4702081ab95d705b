"""Problems the build finds on built pages are reported at the file they were made from."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from showcase.check.sources import PageSource, page_sources, trace_to_sources
from showcase.problems import Problem
from showcase.site.pages import PageMeta, PlannedPage

from .conftest import ROOT

SOURCE = """---
title: Sensoren
summary: S.
contact:
  website: https://www.gent.be/sensoren
---
Een alinea.

Zie [het verslag](/media/verslag.pdf) en <img src="/media/foto.png" alt="foto">.
"""
BODY_HTML = (
    '<p>Een alinea.</p>\n<p>Zie <a href="/media/verslag.pdf">het verslag</a> en '
    '<img src="/media/foto.png" alt="foto">.</p>\n'
)
PAGE = f"""<!doctype html>
<html lang="nl"><head><title>Sensoren</title></head><body>
<nav><a href="/projecten/">Projecten</a></nav>
<main><div class="prose">{BODY_HTML}</div>
<p>Contact: <a href="https://www.gent.be/sensoren">website</a></p>
<table class="kader"><tr><td>x</td></tr></table></main>
</body></html>
"""
BUILT = "projecten/sensoren/index.html"


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, dict[str, PageSource]]:
    source = tmp_path / "content/projecten/sensoren.md"
    source.parent.mkdir(parents=True)
    source.write_text(SOURCE, encoding="utf-8")
    page = tmp_path / "output" / BUILT
    page.parent.mkdir(parents=True)
    page.write_text(PAGE, encoding="utf-8")
    planned = PlannedPage(
        BUILT,
        "project.html",
        PageMeta("Sensoren", "S.", "/projecten/sensoren/", source="content/projecten/sensoren.md"),
        {"body_html": BODY_HTML},
    )
    unsourced = PlannedPage("index.html", "index.html", PageMeta("Home", "", "/"), {})
    return tmp_path / "output", page_sources([planned, unsourced], tmp_path)


def where(page: str, needle: str) -> tuple[int, int]:
    """The 1-based line and column of ``needle`` in the built page."""
    for number, line in enumerate(page.split("\n"), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


def traced(site: tuple[Path, dict[str, PageSource]], problem: Problem) -> str:
    output, sources = site
    return trace_to_sources([problem], sources, output)[0].format_text()


def test_page_sources_know_the_file_and_body() -> None:
    page = PlannedPage("a/index.html", "entry.html", PageMeta("A", "", "/a/", "content/a.md"), {})
    assert page_sources([page], Path("/r")) == {
        "a/index.html": PageSource("content/a.md", Path("/r/content/a.md"), "")
    }


def test_a_problem_in_the_body_is_at_its_line_in_the_source(site: tuple[Path, dict]) -> None:
    line, col = where(PAGE, '<a href="/media/verslag.pdf">')
    problem = Problem(BUILT, line, col, "href", "'/media/verslag.pdf' leidt nergens heen")
    assert traced(site, problem) == (
        "content/projecten/sensoren.md:9:19: href: '/media/verslag.pdf' leidt nergens heen "
        f"(gebouwde pagina {BUILT}:{line}:{col})"
    )
    line, col = where(PAGE, "<img")
    problem = Problem(BUILT, line, col, "html", "An img element must have a width")
    assert traced(site, problem).startswith("content/projecten/sensoren.md:9:52: html: ")


def test_a_problem_in_the_body_not_found_in_the_source_is_at_the_first_body_line(
    site: tuple[Path, dict],
) -> None:
    line, col = where(PAGE, "<p>Een alinea")
    problem = Problem(BUILT, line, col, "html", "Stray paragraph")
    assert traced(site, problem) == (
        f"content/projecten/sensoren.md:7:1: html: Stray paragraph (gebouwde pagina "
        f"{BUILT}:{line}:{col})"
    )


def test_a_problem_outside_the_body_from_the_front_matter(site: tuple[Path, dict]) -> None:
    line, col = where(PAGE, '<a href="https://www.gent.be/sensoren">')
    problem = Problem(BUILT, line, col, "a.rel", 'de link heeft rel="noopener" nodig')
    assert traced(site, problem).startswith("content/projecten/sensoren.md:5:12: a.rel: ")


def test_a_problem_of_the_template_stays_on_the_page(site: tuple[Path, dict]) -> None:
    line, col = where(PAGE, '<table class="kader">')
    problem = Problem(BUILT, line, col, "html", "Table row missing")
    assert traced(site, problem) == (
        f"{BUILT}:{line}:{col}: html: Table row missing (op de pagina uit "
        "content/projecten/sensoren.md)"
    )
    home = Problem("index.html", 3, 1, "href", "kapot")
    assert trace_to_sources([home], site[1], site[0]) == [home]


def test_build_names_the_source_of_a_problem_on_a_built_page(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A broken internal link passes validate (links are checked on the built site); the build
    reports it at the line of the .md file, with the built page beside it."""
    from pelican_showcase.build import build

    from .test_rawhtml import FRONT

    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data")
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copy(ROOT / "pelicanconf.py", project / "pelicanconf.py")
    body = "Een alinea.\n\nLees ook [het andere project](/projecten/bestaat-niet/).\n"
    (project / "content/projecten/kapotte-link.md").write_text(FRONT + body, encoding="utf-8")
    overrides = {
        "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "SHOWCASE_CHECK_HTML": False,
    }
    capfd.readouterr()
    assert build(project / "pelicanconf.py", project / "output", overrides=overrides) == 1
    printed = capfd.readouterr().err
    assert (
        "content/projecten/kapotte-link.md:16:31: href: '/projecten/bestaat-niet/' leidt nergens "
        "heen: projecten/bestaat-niet/index.html bestaat niet (gebouwde pagina "
        "projecten/kapotte-link/index.html:" in printed
    ), printed
