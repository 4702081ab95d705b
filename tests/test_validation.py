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
        "44021-gent.yaml:9:1: websit: unknown field 'websit' (did you mean 'website'?); valid "
        "fields are: arrondissement, contact, introduction, name, nis_code, population, "
        "postal_codes, province, slug, successor, valid_from, valid_until, website"
    ]


def test_nis_code_as_number(tmp_path: Path) -> None:
    text = GENT.replace("nis_code: '44021'", "nis_code: 44021")
    assert check_record(tmp_path, text) == [
        "44021-gent.yaml:1:11: nis_code: 44021 is not a NIS code: use a 5-digit NIS code as a "
        "string, e.g. '44021'"
    ]


def test_nis_code_wrong_length(tmp_path: Path) -> None:
    text = GENT.replace("nis_code: '44000'", "nis_code: '4400'")
    assert check_record(tmp_path, text) == [
        "44021-gent.yaml:7:13: arrondissement.nis_code: '4400' is not a NIS code: use a 5-digit "
        "NIS code as a string, e.g. '44021'"
    ]


def test_wrong_types(tmp_path: Path) -> None:
    text = GENT.replace("name: Gent", "name: [Gent]", 1) + "population:\n  figure: '262219'\n"
    assert check_record(tmp_path, text) == [
        "44021-gent.yaml:2:7: name: expected text, got a list",
        "44021-gent.yaml:10:3: population.reference_date: this required field is missing",
        "44021-gent.yaml:10:3: population.source: this required field is missing",
        "44021-gent.yaml:10:11: population.figure: expected a whole number without quotes or "
        "dots, got '262219'",
    ]


def test_missing_field(tmp_path: Path) -> None:
    text = GENT.replace("province: Oost-Vlaanderen\n", "")
    assert check_record(tmp_path, text) == [
        "44021-gent.yaml:1:1: province: this required field is missing"
    ]


def test_merged_without_successor(tmp_path: Path) -> None:
    assert check_record(tmp_path, GENT + "valid_until: 2024-12-31\n") == [
        "44021-gent.yaml:1:1: successor: a merged municipality (valid_until set) needs a successor"
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
        "44021-gent.yaml:10:8: website.url: 'www.gent.be' is not a web address: write a full URL "
        "starting with https://, e.g. 'https://www.gent.be/'",
        "44021-gent.yaml:15:13: valid_from: '2019-02-30' is not a date: write it as YYYY-MM-DD, "
        "e.g. 2025-01-01",
        "44021-gent.yaml:18:10: contact.email: 'smartcity(at)gent.be' is not an e-mail address: "
        "use a functional mailbox, e.g. 'smartcity@gent.be'",
    ]


def test_empty_file(tmp_path: Path) -> None:
    assert check_record(tmp_path, "") == [
        "44021-gent.yaml:1:1: the file is empty: expected the fields of a municipality"
    ]


def test_list_where_mapping_belongs(tmp_path: Path) -> None:
    assert check_record(tmp_path, "- Gent\n") == [
        "44021-gent.yaml:1:1: expected fields (key: value lines) at the top level, got a list"
    ]


def test_project_end_before_start(tmp_path: Path) -> None:
    text = PROJECT.replace("start: 2019\n", "start: '2019-05'\nend: 2018\n")
    assert check_project(tmp_path, text) == [
        "lantaarnpalen.md:9:6: end: end 2018 is before start 2019-05"
    ]


def test_project_missing_source(tmp_path: Path) -> None:
    start = PROJECT.index("sources:")
    end = PROJECT.index("last_reviewed")
    text = PROJECT[:start] + PROJECT[end:]
    assert check_project(tmp_path, text) == [
        "lantaarnpalen.md:2:1: sources: this required field is missing"
    ]
    text = PROJECT[:start] + "sources: []\n" + PROJECT[end:]
    assert check_project(tmp_path, text) == [
        "lantaarnpalen.md:9:10: sources: needs at least 1 item"
    ]


def test_project_bad_values(tmp_path: Path) -> None:
    text = (
        PROJECT.replace("status: lopend", "status: lopnd")
        .replace("kind: project", "kind: living lab")
        .replace("url: https://example.org/", "url: 'javascript:alert(1)'")
    )
    assert check_project(tmp_path, text) == [
        "lantaarnpalen.md:4:7: kind: 'living lab' is not allowed; use one of: 'project' or "
        "'proeftuin'",
        "lantaarnpalen.md:7:9: status: 'lopnd' is not allowed (did you mean 'lopend'?); use one "
        "of: 'idee', 'pilot', 'lopend', 'afgerond', 'opgeschaald' or 'stopgezet'",
        "lantaarnpalen.md:11:10: sources[0].url: 'javascript:alert(1)' is not a web address: write "
        "a full URL starting with https://, e.g. 'https://www.gent.be/'",
    ]


def test_project_file_name_must_be_slug(tmp_path: Path) -> None:
    assert check_project(tmp_path, PROJECT, name="Lantaarn Palen.md") == [
        "Lantaarn Palen.md:1:1: the file name 'Lantaarn Palen.md' must be a lower-case slug, "
        "e.g. 'slimme-parkeersensoren.md'"
    ]
