"""The catalogue on the real data, and the linking problems on broken scratch copies."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from showcase import Catalogue, check_showcase
from showcase.load.dataset import Layout

from .conftest import ROOT


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    catalogue, problems = check_showcase(Layout.at(ROOT))
    assert problems == []
    return catalogue


def messages(root: Path) -> list[str]:
    _, problems = check_showcase(Layout.at(root))
    return sorted(p.format_text() for p in problems)


def test_three_sets(catalogue: Catalogue) -> None:
    assert len(catalogue.places) == 327
    assert catalogue.set_counts == {"2025": 285, "2019-2024": 300, "2018": 308}
    assert len(catalogue.current) == 285


def test_province_counts(catalogue: Catalogue) -> None:
    counts = {p.name: len(p.places) for p in catalogue.provinces}
    assert counts == {
        "Antwerpen": 67,
        "Vlaams-Brabant": 63,
        "West-Vlaanderen": 62,
        "Oost-Vlaanderen": 55,
        "Limburg": 38,
    }
    assert sum(len(a.places) for p in catalogue.provinces for a in p.arrondissements) == 285
    assert len({a.nis_code for p in catalogue.provinces for a in p.arrondissements}) == 22


def test_successors_and_predecessors(catalogue: Catalogue) -> None:
    zwijndrecht = catalogue.by_slug["zwijndrecht"]
    assert zwijndrecht.successor is catalogue.places["46030"]
    assert zwijndrecht.merged_on == dt.date(2025, 1, 1)
    deinze = catalogue.by_slug["deinze"]
    assert [p.label for p in deinze.predecessors] == ["Deinze (tot 2018)", "Nevele"]
    assert catalogue.by_slug["kortessem"].final is catalogue.by_slug["hasselt"]
    merged = [p for p in catalogue.places.values() if not p.is_current]
    assert len(merged) == 42 and all(p.final.is_current for p in merged)


def test_projects_reach_municipalities(catalogue: Catalogue) -> None:
    assert len(catalogue.projects) >= 40
    assert all(p.record.sources for p in catalogue.projects)
    # A project that names a region is listed on every member's page, with the reason.
    s_lim = [p for p in catalogue.projects if any(r.slug == "limburg" for r in p.regions)]
    assert s_lim
    genk = catalogue.by_slug["genk"]
    via = {m.project.slug: m.via for m in genk.projects}
    assert via[s_lim[0].slug] == "Via de regio Limburg"
    # Oudsbergen is a member through its predecessors Opglabbeek and Meeuwen-Gruitrode.
    oudsbergen = {m.project.slug for m in catalogue.by_slug["oudsbergen"].projects}
    assert s_lim[0].slug in oudsbergen


def test_newest_first(catalogue: Catalogue) -> None:
    keys = [p.sort_key for p in catalogue.projects]
    assert keys == sorted(keys, reverse=True)


def test_code_must_match_file_name(scratch: Path) -> None:
    path = scratch / "data/municipalities/44021-gent.yaml"
    path.write_text(path.read_text().replace("nis_code: '44021'", "nis_code: '44022'"))
    assert messages(scratch) == [
        "data/municipalities/44021-gent.yaml:2:11: nis_code: de NIS-code '44022' past niet bij de bestandsnaam '44021-gent.yaml': het bestand moet '44022-gent.yaml' heten"
    ]


def test_duplicate_slug(scratch: Path) -> None:
    folder = scratch / "data/municipalities"
    text = (folder / "44021-gent.yaml").read_text()
    (folder / "44999-gent.yaml").write_text(text.replace("'44021'", "'44999'"))
    assert messages(scratch) == [
        "data/municipalities/44999-gent.yaml:4:7: slug: slug 'gent' wordt ook gebruikt door data/municipalities/44021-gent.yaml"
    ]


def test_unknown_successor(scratch: Path) -> None:
    path = scratch / "data/municipalities/11056-zwijndrecht.yaml"
    path.write_text(path.read_text().replace("successor: '46030'", "successor: '46031'"))
    assert messages(scratch) == [
        "data/municipalities/11056-zwijndrecht.yaml:11:12: successor: successor '46031' is geen bekende NIS-code (bedoelde je '46030'?)"
    ]


def test_successor_that_did_not_exist_yet(scratch: Path) -> None:
    path = scratch / "data/municipalities/44049-nevele.yaml"
    path.write_text(path.read_text().replace("successor: '44083'", "successor: '44086'"))
    assert messages(scratch) == [
        "data/municipalities/44049-nevele.yaml:11:12: successor: successor '44086' (Nazareth-De Pinte) bestaat niet op 2019-01-01, de dag na valid_until"
    ]


def test_unknown_province_and_arrondissement(scratch: Path) -> None:
    path = scratch / "data/municipalities/44021-gent.yaml"
    text = path.read_text().replace("province: Oost-Vlaanderen", "province: Oost-Vlaandren")
    path.write_text(text)
    path = scratch / "data/municipalities/11001-aartselaar.yaml"
    path.write_text(path.read_text().replace("name: 'Antwerpen'", "name: 'Antwerp'"))
    assert messages(scratch) == [
        "data/municipalities/11001-aartselaar.yaml:7:9: arrondissement.name: onbekend arrondissement 'Antwerp' in Antwerpen (bedoelde je 'Antwerpen'?); kies uit: Antwerpen, Mechelen, Turnhout",
        "data/municipalities/44021-gent.yaml:5:11: province: onbekende provincie 'Oost-Vlaandren' (bedoelde je 'Oost-Vlaanderen'?); kies uit: Antwerpen, Limburg, Oost-Vlaanderen, Vlaams-Brabant, West-Vlaanderen",
    ]


def test_unknown_references_in_a_project(scratch: Path) -> None:
    path = scratch / "content/projecten/test-verwijzingen.md"
    path.write_text(
        "---\ntitle: Test\nsummary: Test.\nkind: project\nmunicipalities: [gnet, '44021']\n"
        "regions: [westhoeck]\nthemes: [mobilitiet]\nstatus: idee\nsources:\n"
        "  - title: Bron\n    url: https://example.org/\n    accessed: 2026-01-01\n"
        "last_reviewed: 2026-01-01\n---\nTekst.\n"
    )
    assert messages(scratch) == [
        "content/projecten/test-verwijzingen.md:5:18: municipalities[0]: onbekende gemeente 'gnet' (bedoelde je 'gent'?): gebruik de slug van een bestand in data/municipalities/ (bv. 'gent') of de NIS-code (bv. '44021')",
        "content/projecten/test-verwijzingen.md:6:11: regions[0]: onbekende regio 'westhoeck' (bedoelde je 'westhoek'?): zie data/regions.yaml",
        "content/projecten/test-verwijzingen.md:7:10: themes[0]: onbekend thema 'mobilitiet' (bedoelde je 'mobiliteit'?): zie data/themes.yaml",
    ]


def test_duplicate_project_slug(scratch: Path) -> None:
    folder = scratch / "content/projecten"
    first = sorted(folder.glob("*.md"))[0]
    (folder / "archief").mkdir()
    (folder / "archief" / first.name).write_text(first.read_text())
    found = messages(scratch)
    assert len(found) == 1
    assert f"dubbele slug '{first.stem}': ook content/projecten/" in found[0]


def test_all_problems_reported_together(scratch: Path) -> None:
    for name in ("44021-gent.yaml", "11002-antwerpen.yaml"):
        path = scratch / "data/municipalities" / name
        path.write_text(path.read_text() + "wbsite: x\n")
    (scratch / "data/municipalities/11001-aartselaar.yaml").write_text("a: [\n")
    found = messages(scratch)
    assert len(found) == 3
    assert [line.split(":")[0] for line in found] == [
        "data/municipalities/11001-aartselaar.yaml",
        "data/municipalities/11002-antwerpen.yaml",
        "data/municipalities/44021-gent.yaml",
    ]
