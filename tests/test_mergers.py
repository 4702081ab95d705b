"""The mergers told from the records (issue 14): 308 → 300 → 285 on /gemeenten/, and the regions
listed as they were in 2018 say what the mergers made of them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from showcase.derive.mergers import Mergers, compute_mergers, holder_on, merger_days
from showcase.link.catalogue import Catalogue


@pytest.fixture(scope="module")
def catalogue(real_catalogue: Catalogue) -> Catalogue:
    return real_catalogue


@pytest.fixture(scope="module")
def mergers(catalogue: Catalogue) -> Mergers:
    return compute_mergers(catalogue)


def soup_of(output: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((output / url.strip("/") / "index.html").read_text("utf-8"), "html.parser")


def text(node: object) -> str:
    return " ".join(node.get_text(" ").split())  # type: ignore[attr-defined]


def test_the_merger_days_and_counts_come_from_the_records(
    catalogue: Catalogue, mergers: Mergers
) -> None:
    assert merger_days(catalogue) == [dt.date(2019, 1, 1), dt.date(2025, 1, 1)]
    history = mergers.history
    assert (history.first_day, history.first) == (dt.date(2018, 12, 31), 308)
    assert [(w.day, w.before, w.after, w.merged, len(w.mergers)) for w in history.waves] == [
        (dt.date(2019, 1, 1), 308, 300, 15, 7),
        (dt.date(2025, 1, 1), 300, 285, 28, 13),  # Antwerpen kept its code and took Borsbeek
    ]
    assert history.days_nl == "1 januari 2019 of 1 januari 2025"
    first = {m.result.name: m.parts_nl for m in history.waves[0].mergers}
    assert first["Lievegem"] == "Lovendegem, Waarschoot en Zomergem"
    assert first["Aalter"] == "Aalter en Knesselare"
    second = {m.result.name: m.parts_nl for m in history.waves[1].mergers}
    assert second["Antwerpen"] == "Antwerpen en Borsbeek"
    assert second["Pajottegem"] == "Galmaarden, Gooik en Herne"


def test_who_holds_a_territory_on_a_day(catalogue: Catalogue) -> None:
    kortessem = catalogue.by_slug["kortessem"]
    assert holder_on(kortessem, dt.date(2024, 12, 31)) is kortessem
    assert holder_on(kortessem, dt.date(2025, 1, 1)) is catalogue.by_slug["hasselt"]
    assert holder_on(catalogue.by_slug["pelt"], dt.date(2018, 12, 31)) is None  # not yet


def test_regions_say_what_the_mergers_made_of_them(mergers: Mergers) -> None:
    limburg = mergers.regions["limburg"]
    assert limburg.text == (
        "44 gemeenten in 2018, 42 sinds de fusies van 1 januari 2019, "
        "38 sinds de fusies van 1 januari 2025"
    )
    assert limburg.short == "38 gemeenten, 44 in 2018"
    assert [(m.result.name, m.parts_nl) for m in limburg.steps[1].mergers] == [
        ("Oudsbergen", "Meeuwen-Gruitrode en Opglabbeek"),
        ("Pelt", "Neerpelt en Overpelt"),
    ]
    halle_vilvoorde = mergers.regions["halle-vilvoorde"]
    assert halle_vilvoorde.text == "35 gemeenten in 2018, 33 sinds de fusies van 1 januari 2025"
    assert [(m.result.name, m.parts_nl) for m in halle_vilvoorde.steps[1].mergers] == [
        ("Pajottegem", "Galmaarden, Gooik en Herne")
    ]
    westhoek = mergers.regions["westhoek"]  # no merger touched it: its note explains 17 vs 18
    assert (westhoek.text, westhoek.short, westhoek.changed) == (
        "18 gemeenten",
        "18 gemeenten",
        False,
    )


def test_gemeenten_tells_308_300_285(built_site: Path) -> None:
    soup = soup_of(built_site, "/gemeenten/")
    lead = text(soup.select_one("p.lead"))
    assert lead.startswith("Vlaanderen telt sinds 1 januari 2025 285 gemeenten. ")
    assert "die op 1 januari 2019 of 1 januari 2025 fuseerden" in lead
    assert "sindsdien fuseerden" not in text(soup.find("main"))
    story = soup.select_one("p.merger-history")
    told = text(story)
    assert told.startswith("Tot en met 31 december 2018 telde Vlaanderen 308 gemeenten. ")
    assert (
        "Op 1 januari 2019 fuseerden 15 gemeenten tot 7: Aalter (uit Aalter en Knesselare)" in told
    )
    assert "Zo bleven er 300 over. Op 1 januari 2025 fuseerden 28 gemeenten tot 13: " in told
    assert told.endswith("Sindsdien telt Vlaanderen 285 gemeenten.")
    links = [a["href"] for a in story.find_all("a")]
    assert len(links) == 7 + 13
    assert "/gemeenten/pajottegem/" in links and "/gemeenten/lievegem/" in links
    for href in links:
        assert (built_site / href.strip("/") / "index.html").is_file()


def test_a_project_of_a_2018_region_shows_its_note(built_site: Path) -> None:
    soup = soup_of(built_site, "/projecten/s-lim-smart-regio-limburg/")
    assert "Alle 44 Limburgse gemeenten" in text(soup.select_one("p.lead"))  # the source's words
    facts = text(soup.select_one(".factbox"))
    assert "Regio Limburg (38 gemeenten, 44 in 2018)" in facts
    notes = soup.select_one("section.region-notes")
    said = text(notes)
    assert (
        "44 gemeenten in 2018, 42 sinds de fusies van 1 januari 2019, "
        "38 sinds de fusies van 1 januari 2025."
    ) in said
    assert "Meeuwen-Gruitrode en Opglabbeek werden Oudsbergen" in said
    assert "Zo is de ledenlijst bepaald: Afgeleid uit municipalities.csv: alle 44 gemeenten" in said
    westhoek = text(
        soup_of(built_site, "/projecten/west-wave-westhoek/").select_one(".region-notes")
    )
    assert "18 gemeenten." in westhoek
    assert "van 17 gemeenten spreekt" in westhoek  # the note that explains the title's 17


def test_an_ervaring_of_a_region_shows_its_note(built_site: Path) -> None:
    url = "/ervaringen/afvalmonitor-limburg-pilootgemeenten-data-over-vuilnisbakken/"
    notes = soup_of(built_site, url).select_one("section.region-notes")
    assert notes is not None
    assert "38 sinds de fusies van 1 januari 2025" in text(notes)
