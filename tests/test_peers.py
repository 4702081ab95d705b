"""Peer municipalities ("Vergelijkbare gemeenten", issue 14): on the real catalogue, on the
municipality pages and in gemeenten.json."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from showcase.derive.maps import MapData, load_map_data
from showcase.derive.peers import Peers, PeerSettings, compute_peers, density_nl, land_areas
from showcase.link.catalogue import Catalogue

from .conftest import ROOT


@pytest.fixture(scope="module")
def catalogue(real_catalogue: Catalogue) -> Catalogue:
    return real_catalogue


@pytest.fixture(scope="module")
def map_data() -> MapData:
    data, problems = load_map_data(ROOT / "data" / "geo" / "flanders-2025.json")
    assert problems == [] and data is not None
    return data


@pytest.fixture(scope="module")
def peers(catalogue: Catalogue, map_data: MapData) -> Peers:
    return compute_peers(catalogue, land_areas(map_data))


def names(found: Peers, code: str) -> list[str]:
    return [peer.place.name for peer in found[code]]


def test_the_areas_add_up_to_flanders(map_data: MapData) -> None:
    areas = land_areas(map_data)
    assert len(areas) == 285
    assert math.isclose(sum(areas.values()), 13_626, abs_tol=1)  # the boundaries' own total
    assert 95 < areas["72020"] < 110  # Lommel: about 102 km²
    assert density_nl(387.4) == "ongeveer 390 inwoners per km²"
    assert density_nl(3.2) == "ongeveer 10 inwoners per km²"


def test_every_current_municipality_has_five_peers(catalogue: Catalogue, peers: Peers) -> None:
    current = {p.nis_code for p in catalogue.current}
    assert set(peers) == current
    for code, found in peers.items():
        assert len(found) == 5
        assert len({p.nis_code for p in found}) == 5
        assert code not in {p.nis_code for p in found}
        assert all(p.place.is_current and p.reasons for p in found)
        assert [p.score for p in found] == sorted((p.score for p in found), reverse=True)
        # Peers that already did something are preferred: at least three have own projects.
        assert sum(1 for p in found if p.place.own_projects) >= 3, code


def test_deterministic(catalogue: Catalogue, map_data: MapData, peers: Peers) -> None:
    again = compute_peers(catalogue, land_areas(map_data))
    assert {k: [(p.nis_code, p.reasons, p.score) for p in v] for k, v in again.items()} == {
        k: [(p.nis_code, p.reasons, p.score) for p in v] for k, v in peers.items()
    }


def test_a_small_municipality_finds_small_peers_that_did_something(
    catalogue: Catalogue, peers: Peers
) -> None:
    alveringem = catalogue.by_slug["alveringem"]  # 4,993 inhabitants, no project of its own
    assert alveringem.own_projects == []
    found = peers[alveringem.nis_code]
    assert [p.place.name for p in found] == [
        "Lo-Reninge",
        "Vleteren",
        "Wortegem-Petegem",
        "Geetbets",
        "Hove",
    ]
    doers = [p for p in found if p.place.own_projects]
    assert [p.place.name for p in doers] == ["Wortegem-Petegem", "Geetbets", "Hove"]
    population = alveringem.record.population.figure  # type: ignore[union-attr]
    for peer in found:  # all of about its size: at most twice or half as many inhabitants
        other = peer.place.record.population.figure  # type: ignore[union-attr]
        assert max(other, population) / min(other, population) <= 2
    assert found[0].reasons == (
        "vergelijkbaar in grootte (3.290 inwoners)",
        "even dicht bevolkt (ongeveer 50 inwoners per km²)",
        "ook in West-Vlaanderen",
        "ook in de regio Westhoek",
    )
    assert found[3].reasons == ("even groot (6.136 inwoners)", "heeft al 1 eigen project")


def test_reasons_name_size_density_province_themes_and_work(
    catalogue: Catalogue, peers: Peers
) -> None:
    lommel = peers[catalogue.by_slug["lommel"].nis_code]
    assert lommel[0].place.name == "Pelt"
    assert lommel[0].reasons == (
        "even groot (33.076 inwoners)",
        "even dicht bevolkt (ongeveer 390 inwoners per km²)",
        "ook in Limburg",  # s-LIM's region (a province) is not repeated
        "heeft al 1 eigen project",
    )
    pajottegem = peers[catalogue.by_slug["pajottegem"].nis_code]
    first = pajottegem[0]
    # Pajottegem is in Halle-Vilvoorde through Galmaarden, Gooik and Herne.
    assert (first.place.name, first.reasons) == (
        "Zemst",
        (
            "even groot (23.260 inwoners)",
            "ook in Vlaams-Brabant",
            "werkt ook rond Water",
            "ook in de regio Halle-Vilvoorde",
            "heeft al 1 eigen project",
        ),
    )
    gent = peers[catalogue.by_slug["gent"].nis_code]
    assert "Antwerpen" in [p.place.name for p in gent]
    many = next(r for p in gent if p.place.name == "Leuven" for r in p.reasons if "rond" in r)
    assert many.startswith("werkt ook rond ") and many.endswith(" andere thema's")


def test_without_areas_no_density(catalogue: Catalogue) -> None:
    found = compute_peers(catalogue, None, PeerSettings(count=3))
    assert all(len(v) == 3 for v in found.values())
    assert not any(
        "dicht" in r or "dichtheid" in r for v in found.values() for p in v for r in p.reasons
    )


def test_peers_on_the_page_and_in_the_export(built_site: Path) -> None:
    rows = json.loads((built_site / "open-data/gemeenten.json").read_text("utf-8"))
    by_code = {r["nis_code"]: r for r in rows}
    current = [r for r in rows if r["current"]]
    assert len(current) == 285
    for row in rows:
        if not row["current"]:
            assert row["peers"] == []
            continue
        assert len(row["peers"]) == 5
        html = (built_site / row["url"].strip("/") / "index.html").read_text("utf-8")
        section = BeautifulSoup(html, "html.parser").find(id="vergelijkbare-gemeenten").parent
        links = [li.a["href"] for li in section.select("ul.related > li")]
        assert links == [by_code[code]["url"] for code in row["peers"]], row["name"]
        assert all(li.select(".reasons li") for li in section.select("ul.related > li"))
    soup = BeautifulSoup(
        (built_site / "gemeenten/alveringem/index.html").read_text("utf-8"), "html.parser"
    )
    first = soup.select_one("#vergelijkbare-gemeenten ~ ul.related > li")
    assert first.a.get_text() == "Lo-Reninge"
    assert first.select_one(".muted").get_text().endswith("via een regio)")  # its counts
    assert [li.get_text() for li in first.select(".reasons li")][:2] == [
        "vergelijkbaar in grootte (3.290 inwoners)",
        "even dicht bevolkt (ongeveer 50 inwoners per km²)",
    ]
    assert soup.select_one(".peers .source-note") is not None
    header = (built_site / "open-data/gemeenten.csv").read_text("utf-8").splitlines()[0]
    assert "project_count_direct,peers," in header
