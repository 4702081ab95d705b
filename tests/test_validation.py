"""Model validation through real files: exact messages, each at its field's line."""

from __future__ import annotations

from pathlib import Path

from showcase.load.dataset import load_data_file, load_entry_file
from showcase.schema.models import Municipality, Project

GENT = """\
nis_code: '44021'
name: Gent
slug: gent
province: Oost-Vlaanderen
arrondissement:
  name: Gent
  nis_code: '44000'
postal_codes: ['9000']
"""

PROJECT = """\
---
title: Slimme lantaarnpalen
summary: Een test.
kind: project
municipalities: [gent]
themes: [openbare-verlichting]
status: lopend
start: 2019
sources:
  - title: Bron
    url: https://example.org/
    accessed: 2026-11-26
last_reviewed: 2026-11-26
---
Tekst.
"""


def check_record(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "44021-gent.yaml"
    path.write_text(text, encoding="utf-8")
    loaded, problems = load_data_file(path, Municipality, tmp_path)
    assert (loaded is None) == bool(problems)
    return [p.format_text() for p in problems]


def check_project(tmp_path: Path, text: str, name: str = "lantaarnpalen.md") -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    _, problems = load_entry_file(path, Project, tmp_path)
    return [p.format_text() for p in problems]


def test_valid_record_and_project(tmp_path: Path) -> None:
    assert check_record(tmp_path, GENT) == []
    assert check_project(tmp_path, PROJECT) == []


def test_unknown_field_with_hint(tmp_path: Path) -> None:
    assert check_record(tmp_path, GENT + "websit: https://stad.gent/\n") == [
        "44021-gent.yaml:9:1: websit: onbekend veld 'websit' (bedoelde je 'website'?); bestaande velden: arrondissement, contact, introduction, name, nis_code, population, postal_codes, province, slug, successor, valid_from, valid_until, website"
    ]


def test_nis_code_as_number(tmp_path: Path) -> None:
    text = GENT.replace("nis_code: '44021'", "nis_code: 44021")
    assert check_record(tmp_path, text) == [
        "44021-gent.yaml:1:11: nis_code: 44021 is geen NIS-code: schrijf de NIS-code van 5 cijfers als tekst, bv. '44021'"
    ]


def test_nis_code_wrong_length(tmp_path: Path) -> None:
    text = GENT.replace("nis_code: '44000'", "nis_code: '4400'")
    assert check_record(tmp_path, text) == [
        "44021-gent.yaml:7:13: arrondissement.nis_code: '4400' is geen NIS-code: schrijf de NIS-code van 5 cijfers als tekst, bv. '44021'"
    ]


def test_wrong_types(tmp_path: Path) -> None:
    text = GENT.replace("name: Gent", "name: [Gent]", 1) + "population:\n  figure: '262219'\n"
    assert check_record(tmp_path, text) == [
        "44021-gent.yaml:2:7: name: verwacht tekst, maar kreeg een lijst",
        "44021-gent.yaml:10:3: population.reference_date: dit verplichte veld ontbreekt",
        "44021-gent.yaml:10:3: population.source: dit verplichte veld ontbreekt",
        "44021-gent.yaml:10:11: population.figure: verwacht een geheel getal zonder aanhalingstekens of punten, maar kreeg '262219'",
    ]


def test_missing_field(tmp_path: Path) -> None:
    text = GENT.replace("province: Oost-Vlaanderen\n", "")
    assert check_record(tmp_path, text) == [
        "44021-gent.yaml:1:1: province: dit verplichte veld ontbreekt"
    ]


def test_merged_without_successor(tmp_path: Path) -> None:
    assert check_record(tmp_path, GENT + "valid_until: 2024-12-31\n") == [
        "44021-gent.yaml:1:1: successor: een gefuseerde gemeente (valid_until ingevuld) heeft een successor nodig"
    ]


def test_invalid_email_url_date(tmp_path: Path) -> None:
    source = (
        "  source:\n    title: Contact\n    url: https://stad.gent/\n    accessed: 2026-11-26\n"
    )
    text = GENT + (
        "website:\n  url: www.gent.be\n" + source + "valid_from: 2019-02-30\n"
        "contact:\n  role: Smart-city-team\n  email: smartcity(at)gent.be\n" + source
    )
    assert check_record(tmp_path, text) == [
        "44021-gent.yaml:10:8: website.url: 'www.gent.be' is geen webadres: schrijf een volledige URL die begint met https://, bv. 'https://www.gent.be/'",
        "44021-gent.yaml:15:13: valid_from: '2019-02-30' is geen datum: schrijf JJJJ-MM-DD, bv. 2025-01-01",
        "44021-gent.yaml:18:10: contact.email: 'smartcity(at)gent.be' is geen e-mailadres: geef een functionele mailbox, bv. 'smartcity@gent.be'",
    ]


def test_empty_file(tmp_path: Path) -> None:
    assert check_record(tmp_path, "") == [
        "44021-gent.yaml:1:1: het bestand is leeg: verwacht de velden van een gemeente"
    ]


def test_list_where_mapping_belongs(tmp_path: Path) -> None:
    assert check_record(tmp_path, "- Gent\n") == [
        "44021-gent.yaml:1:1: verwacht velden (regels sleutel: waarde) bovenaan, maar kreeg een lijst"
    ]


def test_project_end_before_start(tmp_path: Path) -> None:
    text = PROJECT.replace("start: 2019\n", "start: '2019-05'\nend: 2018\n")
    assert check_project(tmp_path, text) == [
        "lantaarnpalen.md:9:6: end: einde 2018 ligt voor start 2019-05"
    ]


def test_project_missing_source(tmp_path: Path) -> None:
    start = PROJECT.index("sources:")
    end = PROJECT.index("last_reviewed")
    text = PROJECT[:start] + PROJECT[end:]
    assert check_project(tmp_path, text) == [
        "lantaarnpalen.md:2:1: sources: dit verplichte veld ontbreekt"
    ]
    text = PROJECT[:start] + "sources: []\n" + PROJECT[end:]
    assert check_project(tmp_path, text) == [
        "lantaarnpalen.md:9:10: sources: vraagt minstens 1 element"
    ]


def test_project_bad_values(tmp_path: Path) -> None:
    text = (
        PROJECT.replace("status: lopend", "status: lopnd")
        .replace("kind: project", "kind: living lab")
        .replace("url: https://example.org/", "url: 'javascript:alert(1)'")
    )
    assert check_project(tmp_path, text) == [
        "lantaarnpalen.md:4:7: kind: 'living lab' is niet toegestaan; kies uit: 'project' of 'proeftuin'",
        "lantaarnpalen.md:7:9: status: 'lopnd' is niet toegestaan (bedoelde je 'lopend'?); kies uit: 'idee', 'pilot', 'lopend', 'afgerond', 'opgeschaald' of 'stopgezet'",
        "lantaarnpalen.md:11:10: sources[0].url: 'javascript:alert(1)' is geen webadres: schrijf een volledige URL die begint met https://, bv. 'https://www.gent.be/'",
    ]


def test_project_file_name_must_be_slug(tmp_path: Path) -> None:
    assert check_project(tmp_path, PROJECT, name="Lantaarn Palen.md") == [
        "Lantaarn Palen.md:1:1: de bestandsnaam 'Lantaarn Palen.md' moet een slug in kleine letters zijn, bv. 'slimme-parkeersensoren.md'"
    ]
