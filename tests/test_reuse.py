"""Reuse declarations ("wij doen dit ook"): keyed on the municipality, checked where they stand,
shown on the project page and on the municipality's page."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from showcase import check_showcase
from showcase.load.dataset import Layout
from showcase.problems import errors_in

PATH = "content/projecten/telraam-leuven.md"


def declare(root: Path, reuse: str) -> list[tuple[int, str, str]]:
    """Put ``reuse`` (YAML lines) in a real project; the errors about that file."""
    path = root / PATH
    text = path.read_text(encoding="utf-8")
    text = text.replace("\nsources:", f"\nreuse:\n{reuse}sources:", 1)
    path.write_text(text, encoding="utf-8")
    _, problems = check_showcase(Layout.at(root))
    return [(p.line, p.field, p.message) for p in errors_in(problems) if p.path == PATH]


def line_of(root: Path, text: str) -> int:
    lines = (root / PATH).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def test_a_valid_declaration(scratch: Path) -> None:
    reuse = (
        "  - municipality: lommel\n    stage: in-gebruik\n    date: 2026-01-05\n"
        "  - municipality: '44021'\n    stage: interesse\n    date: 2026-02-01\n"
    )
    assert declare(scratch, reuse) == []


def test_each_mistake_is_located(scratch: Path) -> None:
    reuse = (
        "  - municipality: lomel\n    stage: interesse\n    date: 2026-01-05\n"
        "  - municipality: leuven\n    stage: in-gebruik\n    date: 2026-01-05\n"
        "  - municipality: gent\n    stage: interesse\n    date: 2999-01-01\n"
        "  - municipality: '44021'\n    stage: in-gebruik\n    date: 2026-01-05\n"
    )
    found = declare(scratch, reuse)
    first = line_of(scratch, "municipality: lomel")
    assert found == [
        (
            first,
            "reuse[0].municipality",
            "onbekende gemeente 'lomel' (bedoelde je 'lommel'?): gebruik de slug van een bestand "
            "in data/municipalities/ (bv. 'gent') of de NIS-code (bv. '44021')",
        ),
        (
            first + 3,
            "reuse[1].municipality",
            "Leuven neemt al deel aan het project (municipalities): haal de gemeente uit reuse",
        ),
        (
            first + 8,
            "reuse[2].date",
            "2999-01-01 ligt in de toekomst: schrijf de dag waarop de gemeente het liet weten",
        ),
        (
            first + 9,
            "reuse[3].municipality",
            "Gent staat al in reuse (nummer 3): houd één verklaring per gemeente, de recentste",
        ),
    ]


def test_a_stage_that_does_not_exist(scratch: Path) -> None:
    found = declare(scratch, "  - municipality: gent\n    stage: gebruikt\n    date: 2026-01-05\n")
    assert found == [
        (
            line_of(scratch, "stage: gebruikt"),
            "reuse[0].stage",
            "'gebruikt' is niet toegestaan (bedoelde je 'in-gebruik'?); kies uit: 'interesse' of "
            "'in-gebruik'",
        )
    ]


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url.strip("/") / "index.html").read_text(), "html.parser")


def test_the_project_page_shows_who_does_it_too(built_site: Path) -> None:
    section = page(built_site, "/projecten/test-gedeeld-project/").select_one("#ook-elders")
    assert section is not None
    headings = [h.get_text() for h in section.select("h3")]
    assert headings == ["Ook in gebruik in", "Interesse van"]
    lists = section.select("ul.reuse-list")
    assert [a.get_text() for a in lists[0].select("a")][:2] == ["Lommel", "mobiliteit@lommel.be"]
    assert [a.get_text() for a in lists[1].select("a")] == ["Evergem"]
    form = section.select("p a")[-1]
    assert (
        "template=interesse.yml" in form["href"] and "project=test-gedeeld-project" in form["href"]
    )


def test_the_municipality_page_lists_what_it_reuses(built_site: Path) -> None:
    heading = page(built_site, "/gemeenten/lommel/").select_one("#ook-hier")
    assert heading is not None and heading.parent is not None
    items = [li.get_text(" ", strip=True) for li in heading.parent.select("li")]
    assert items == ["Testproject van twee gemeenten (in gebruik, sinds 1 oktober 2026)"]


def test_a_project_without_declarations_invites_one(built_site: Path) -> None:
    section = page(built_site, "/projecten/test-nevele-project/").select_one("#ook-elders")
    assert section is not None
    assert "Nog geen andere gemeente" in section.get_text()
