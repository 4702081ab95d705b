"""The strict YAML loader, on scratch files: each refusal has its exact, located message."""

from __future__ import annotations

from pathlib import Path

import pytest

from showcase import parallel as parallel_module
from showcase.load import dataset
from showcase.load.reader import MAX_FILE_BYTES, load_front_matter_file, load_yaml_file


@pytest.fixture(autouse=True, params=["libyaml", "pure-python"])
def composer(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every loader test runs with libyaml's composer and with PyYAML's Python one."""
    import showcase.load.reader

    if request.param == "pure-python":
        monkeypatch.setattr(showcase.load.reader.yaml, "__with_libyaml__", False)
    return str(request.param)


def load(tmp_path: Path, text: str | bytes, name: str = "record.yaml") -> tuple[object, list[str]]:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    loader = load_front_matter_file if name.endswith(".md") else load_yaml_file
    doc, problems = loader(path, tmp_path)
    return (doc.data if doc else None), [p.format_text() for p in problems]


def test_plain_values_follow_yaml_1_2(tmp_path: Path) -> None:
    data, problems = load(
        tmp_path,
        "code: '44021'\nplain_code: 44021\nday: 2020-01-01\nflag: true\nniets: null\nratio: 1.5\ntext: Gent\n",
    )
    assert problems == []
    assert data == {
        "code": "44021",
        "plain_code": 44021,
        "day": "2020-01-01",
        "flag": True,
        "niets": None,
        "ratio": 1.5,
        "text": "Gent",
    }


def test_duplicate_key(tmp_path: Path) -> None:
    _, problems = load(tmp_path, "name: Gent\nslug: gent\nname: Gend\n")
    assert problems == [
        "record.yaml:3:1: name: dubbele sleutel 'name': die staat al op regel 1; hou er één van de twee"
    ]


def test_tab_indentation(tmp_path: Path) -> None:
    _, problems = load(tmp_path, "contact:\n\trole: x\n")
    assert problems == [
        "record.yaml:2:1: een tab als inspringing: YAML vraagt spaties (gebruik 2 spaties per niveau)"
    ]


def test_syntax_error(tmp_path: Path) -> None:
    _, problems = load(tmp_path, "title: Gent: slimme stad\n")
    assert problems == [
        "record.yaml:1:12: syntaxfout: een ': ' in een waarde; zet de waarde tussen aanhalingstekens, bv. title: 'Gent: slimme stad'"
    ]


def test_unclosed_quote(tmp_path: Path) -> None:
    data, problems = load(tmp_path, "name: x\ntitle: 'Gent\nslug: gent\n")
    assert data is None
    assert problems == [
        "record.yaml:2:8: syntaxfout: het haakje, de accolade of het aanhalingsteken dat hier opent, wordt nooit gesloten"
    ]


def test_anchor_and_alias_refused(tmp_path: Path) -> None:
    _, problems = load(tmp_path, "a: &x [1, 2]\nb: *x\n")
    assert problems == [
        "record.yaml:1:4: anker '&x' is niet toegestaan: ankers en aliassen worden geweigerd in gegevensbestanden"
    ]


def test_alias_bomb_refused_fast(tmp_path: Path) -> None:
    bomb = "a: &a [x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(20)
    )
    data, problems = load(tmp_path, bomb)
    assert data is None and "anker '&a' is niet toegestaan" in problems[0]


def test_custom_tag_refused(tmp_path: Path) -> None:
    _, problems = load(tmp_path, "x: !!python/object:os.system echo\n")
    assert problems == [
        "record.yaml:1:4: x: de tag 'tag:yaml.org,2002:python/object:os.system' is niet toegestaan: gegevensbestanden bevatten alleen gewone waarden"
    ]


@pytest.mark.parametrize("word", ["yes", "no", "on", "Off", "Y"])
def test_yaml_1_1_booleans_refused(tmp_path: Path, word: str) -> None:
    _, problems = load(tmp_path, f"answer: {word}\n")
    assert problems == [
        f"record.yaml:1:9: answer: '{word}' is dubbelzinnig in YAML (sommige programma's lezen het "
        f"als ja/nee): schrijf true of false, of zet tekst tussen aanhalingstekens: '{word}'"
    ]


def test_leading_zero_refused(tmp_path: Path) -> None:
    _, problems = load(tmp_path, "phone: 012\npostal: '0800'\n")
    assert problems == [
        "record.yaml:1:8: phone: 012 begint met een nul en zou gelezen worden als het getal 12: zet het tussen aanhalingstekens: '012'"
    ]


def test_several_documents_refused(tmp_path: Path) -> None:
    _, problems = load(tmp_path, "a: 1\n---\nb: 2\n")
    assert problems == [
        "record.yaml:2:1: het bestand bevat meerdere YAML-documenten ('---' in het midden): hou er één"
    ]


def test_bom_and_crlf_accepted(tmp_path: Path) -> None:
    data, problems = load(tmp_path, b"\xef\xbb\xbfname: Gent\r\nslug: gent\r\n")
    assert problems == []
    assert data == {"name": "Gent", "slug": "gent"}


def test_non_utf8_refused(tmp_path: Path) -> None:
    _, problems = load(tmp_path, b"name: Gent\nplace: Li\xe8ge\n")
    assert problems == [
        "record.yaml:2:10: byte 0xe8 is geen geldige UTF-8: bewaar het bestand als UTF-8"
    ]


def test_too_large_refused(tmp_path: Path) -> None:
    _, problems = load(tmp_path, "x: " + "a" * MAX_FILE_BYTES + "\n")
    assert problems == [
        f"record.yaml:1:1: het bestand is {MAX_FILE_BYTES + 4:,} bytes groot; de grens is "
        f"{MAX_FILE_BYTES:,} bytes".replace(",", ".")
    ]


def test_front_matter_positions_are_file_lines(tmp_path: Path) -> None:
    path = tmp_path / "entry.md"
    path.write_text("---\ntitle: Test\nthemes:\n  - water\n---\nBody *text*.\n", encoding="utf-8")
    doc, problems = load_front_matter_file(path, tmp_path)
    assert problems == [] and doc is not None
    assert doc.locate(("themes", 0)) == (4, 5)
    assert doc.body == "Body *text*.\n"


def test_front_matter_not_closed(tmp_path: Path) -> None:
    _, problems = load(tmp_path, "---\ntitle: Test\n", name="entry.md")
    assert problems == [
        "entry.md:1:1: het voorwerk is niet afgesloten: zet een regel '---' na het laatste veld"
    ]


def test_front_matter_missing(tmp_path: Path) -> None:
    _, problems = load(tmp_path, "title: Test\n", name="entry.md")
    assert problems == [
        "entry.md:1:1: het bestand moet beginnen met voorwerk: een regel '---', de velden, en dan '---'"
    ]


def test_parallel_load_matches_serial(scratch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading on several cores gives the same records, documents and problems, in the same
    order, as loading in one process; forced here with a threshold of one file."""
    for path in sorted((scratch / "data/municipalities").glob("*.yaml"))[40:]:
        if path.name != "44021-gent.yaml":
            path.unlink()  # a smaller tree keeps the pure-Python run short
    gent = scratch / "data/municipalities/44021-gent.yaml"
    gent.write_text(gent.read_text(encoding="utf-8") + "provincie: x\n", encoding="utf-8")
    projects = scratch / "content/projecten"
    (projects / "dubbel.md").write_text("---\ntitle: a\ntitle: b\n---\nBody\n", encoding="utf-8")
    (projects / "Slecht.md").write_text("no front matter\n", encoding="utf-8")
    monkeypatch.setattr(parallel_module, "CHUNK", 16)  # several chunks for each process to take
    layout = dataset.Layout.at(scratch)

    serial, serial_problems = dataset.load_dataset(layout, workers=1)
    for workers in (2, 3):
        parallel, problems = dataset.load_dataset(layout, workers=workers, parallel_from=1)
        assert problems == serial_problems
        assert parallel == serial
    assert len(serial_problems) == 3 and serial.entries["project"] and serial.municipalities
    assert {Path(name).name for name in serial.failed_files} == {
        "44021-gent.yaml",
        "dubbel.md",
        "Slecht.md",
    }
