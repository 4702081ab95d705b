"""Wording that states facts: a period as it is known, figures that are figures, no link to an
empty page, and a merged municipality that sends contributors to its successor (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from showcase import check_showcase
from showcase.link.catalogue import Catalogue
from showcase.link.labels import STATUS_LABELS, is_figure, project_period_nl
from showcase.load.dataset import Layout

from .conftest import ROOT


def page(output: Path, url: str) -> BeautifulSoup:
    path = output / url.strip("/") / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def words(node: object) -> str:
    text = node.get_text(" ") if hasattr(node, "get_text") else str(node)
    return " ".join(text.split()).replace(" .", ".").replace(" ,", ",").replace(" ;", ";")


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    found, problems = check_showcase(Layout.at(ROOT))
    assert problems == []
    return found


# --- The period of a project --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "start", "end", "text"),
    [
        ("opgeschaald", "2016", "2016", "2016"),  # not "2016 – 2016"
        ("pilot", "2021", "2021", "2021"),
        ("afgerond", "2016", "2016", "afgerond in 2016"),
        ("afgerond", None, "2020", "afgerond in 2020"),
        ("stopgezet", "2019", "2019", "stopgezet in 2019"),
        ("afgerond", "2019", "2023", "2019 – 2023"),
        ("pilot", "2021-03", "2021-09", "maart 2021 – september 2021"),
        ("lopend", "2019", None, "sinds 2019"),
        # A finished project did not run "since": its start is all that is known.
        ("afgerond", "2016", None, "gestart in 2016"),
        ("lopend", None, "2026", "tot 2026"),
        # Unknown: nothing to say, and nothing is said.
        ("lopend", None, None, ""),
        ("afgerond", None, None, ""),
    ],
)
def test_project_period(status: str, start: str | None, end: str | None, text: str) -> None:
    assert project_period_nl(status, start, end) == text


def test_real_periods(catalogue: Catalogue) -> None:
    by_slug = {p.slug: p for p in catalogue.projects}
    assert by_slug["curieuzeneuzen-antwerpen"].period == "2016"
    assert by_slug["hasselt-kapermolenpark-digitale-inspraak"].period == "gestart in 2016"
    assert by_slug["internet-of-water-flanders"].period == "2019 – 2023"
    assert all("niet vermeld" not in p.period for p in catalogue.projects)
    assert any(p.period == "" for p in catalogue.projects)


# --- Figures ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("Testperiode 2018-2019.", False),
        ("Agoria Smart City Award 2017 in de categorie Living.", False),
        ("Opgericht in 2016.", False),
        ("De sessies met inwoners begonnen in het najaar van 2022.", False),
        ("Meetplaatsen onder meer Doorniksesteenweg (brug over de E17).", False),
        ("Sensoren voor onder meer CO2 en NO2.", False),
        ("Ongeveer vijf jaar.", False),
        ("Vanaf 17 september 2018 stonden er 33 borden.", True),
        ("Meting van 4 weken in mei 2016.", True),
        ("Ongeveer 2.000 sensoren.", True),
        ("Jaarlijkse besparing van 8,5 ton CO2.", True),
        ("2018: 152 projecten ingediend, 80 gefinancierd.", True),
        ("66 sensoren.", True),
    ],
)
def test_is_figure(text: str, figure: bool) -> None:
    assert is_figure(text) is figure


def test_results_split_into_figures_and_the_rest(catalogue: Catalogue) -> None:
    by_slug = {p.slug: p for p in catalogue.projects}
    lights = by_slug["antwerp-smart-zone-slimme-verlichting"]
    assert lights.result_figures == []
    assert "Testperiode 2018-2019." in lights.result_notes
    for project in catalogue.projects:
        assert sorted(project.result_figures + project.result_notes) == sorted(
            project.record.results
        )


# --- Built pages --------------------------------------------------------------------------------


def test_no_niet_vermeld_on_project_pages_and_lists(built_site: Path) -> None:
    pages = [
        *(built_site / "projecten").rglob("index.html"),
        *(built_site / "proeftuinen").rglob("index.html"),
        *(built_site / "gemeenten").rglob("index.html"),
        *(built_site / "themas").rglob("index.html"),
        *(built_site / "provincies").rglob("index.html"),
    ]
    assert len(pages) > 400
    for path in pages:
        assert "niet vermeld" not in path.read_text(encoding="utf-8"), path


def test_cards_say_the_period_as_known(built_site: Path) -> None:
    soup = page(built_site, "/gemeenten/hasselt/")
    link = soup.find("a", href="/projecten/hasselt-kapermolenpark-digitale-inspraak/")
    card = link.find_parent("li")
    assert words(card.select_one(".period")) == "gestart in 2016"
    assert "sinds" not in words(card.select("p.meta")[0])
    soup = page(built_site, "/projecten/")
    card = soup.find("a", href="/projecten/curieuzeneuzen-antwerpen/").find_parent("li")
    assert words(card.select_one(".period")) == "2016"
    # A project without a known year has no period on its card, nor in its facts.
    unknown = [li for li in soup.select("li.card") if not li.select_one(".period")]
    assert unknown
    slug = unknown[0].find("a")["href"]
    facts = page(built_site, slug).select_one("aside.factbox")
    assert "Periode" not in words(facts)


def test_figures_only_under_cijfers(built_site: Path) -> None:
    soup = page(built_site, "/projecten/antwerp-smart-zone-slimme-verlichting/")
    headings = [words(h) for h in soup.select(".prose > h2")]
    assert "Cijfers uit de bronnen" not in headings
    notes = soup.find("h2", string="Verder uit de bronnen").find_next_sibling("ul")
    assert "Testperiode 2018-2019." in [words(li) for li in notes.find_all("li")]
    soup = page(built_site, "/projecten/hasselt-kapermolenpark-digitale-inspraak/")
    figures = soup.find("h2", string="Cijfers uit de bronnen").find_next_sibling("ul")
    items = [words(li) for li in figures.find_all("li")]
    assert items == [
        "Ongeveer 500 inwoners namen deel en dienden binnen drie à vier maanden ongeveer 150 "
        "voorstellen in."
    ]


def test_no_status_facet_to_an_empty_page(built_site: Path, catalogue: Catalogue) -> None:
    soup = page(built_site, "/projecten/")
    links = [a for a in soup.select("a[href^='/projecten/status/']")]
    assert links
    used = {p.record.status for p in catalogue.projects}
    assert {a["href"].split("/")[-2] for a in links} == used
    for link in links:
        count = link.find_next_sibling(class_="count")
        assert count is not None and not words(count).startswith("0"), link["href"]
        assert (built_site / link["href"].strip("/") / "index.html").is_file()
    unused = set(STATUS_LABELS) - used
    assert unused  # today: stopgezet
    for status in unused:
        assert not (built_site / "projecten/status" / status).exists(), status


def test_a_merged_municipality_sends_contributors_to_its_successor(built_site: Path) -> None:
    soup = page(built_site, "/gemeenten/aalter-tot-2018/")
    main = soup.find("main")
    text = words(main)
    assert "Voeg het toe" not in text
    assert "Vul het aan" not in text
    assert "Werkt de gemeente aan iets slims" not in text
    section = soup.find(id="projecten").find_parent("section")
    said = words(section.find("p"))
    assert said.startswith(
        "Er staat geen project van Aalter (tot 2018) in de showcase. Het grondgebied hoort nu "
        "bij Aalter; een project van vandaag hoort op die pagina. Voeg een project van Aalter "
        "toe met een formulier"
    ), said
    assert section.find("a", string="Aalter")["href"] == "/gemeenten/aalter/"
    form = section.find("a", string="Voeg een project van Aalter toe met een formulier")
    assert form["href"].endswith("template=project.yml&municipalities=Aalter")
    # A current municipality without projects keeps its own invitation.
    current = [
        path.parent.name
        for path in (built_site / "gemeenten").glob("*/index.html")
        if "Werkt de gemeente aan iets slims" in path.read_text(encoding="utf-8")
    ]
    assert current and "aalter-tot-2018" not in current
