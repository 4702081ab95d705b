"""The JSON Schema for editors: committed files are current, and every file names its schema."""

from __future__ import annotations

import json
import re
import typing
from pathlib import Path

import pytest
from pydantic import ValidationError

from showcase.cli import main
from showcase.load.reader import iter_files
from showcase.schema.jsonschema import (
    DRAFT,
    MODELINE_PREFIX,
    SCHEMAS,
    build_schema,
    modeline,
    render_schema,
    schema_name_for,
    stale_schemas,
)
from showcase.schema.models import (
    Contact,
    Municipality,
    PartnerType,
    Project,
    ProjectKind,
    Source,
    Status,
)

from .conftest import FIXTURES, ROOT

SCHEMA_DIR = ROOT / "schema"


def test_committed_schemas_are_what_the_models_produce() -> None:
    stale = [path.relative_to(ROOT).as_posix() for path in stale_schemas(SCHEMA_DIR)]
    assert stale == [], (
        f"out of date: {', '.join(stale)}. The models changed: run `make schema` "
        "(python -m showcase schema) and commit the files in schema/"
    )


def test_schema_folder_holds_exactly_the_known_schemas() -> None:
    on_disk = sorted(path.name for path in SCHEMA_DIR.glob("*.json"))
    assert on_disk == sorted(spec.filename for spec in SCHEMAS)


@pytest.mark.parametrize("spec", SCHEMAS, ids=lambda spec: spec.name)
def test_schema_file_format(spec: typing.Any) -> None:
    text = (SCHEMA_DIR / spec.filename).read_text(encoding="utf-8")
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    schema = json.loads(text)
    assert schema["$schema"] == DRAFT
    assert "$id" not in schema  # references stay relative to the file (#/$defs/…)
    assert schema["title"] and schema["description"]
    assert schema["additionalProperties"] is False
    assert all(ref.startswith("#/$defs/") for ref in re.findall(r'"\$ref": "([^"]+)"', text))


def test_descriptions_come_from_the_models() -> None:
    schema = build_schema(next(spec for spec in SCHEMAS if spec.name == "project"))
    for name, info in Project.model_fields.items():
        assert schema["properties"][name]["description"] == info.description


def test_literal_fields_are_enums() -> None:
    project = build_schema(next(spec for spec in SCHEMAS if spec.name == "project"))
    assert project["properties"]["status"]["enum"] == list(typing.get_args(Status))
    assert project["properties"]["kind"]["enum"] == list(typing.get_args(ProjectKind))
    partner = project["$defs"]["Partner"]["properties"]["type"]
    assert partner["enum"] == list(typing.get_args(PartnerType))


def _pattern(schema: dict[str, typing.Any], *path: str) -> str:
    node: typing.Any = schema
    for key in path:
        node = node[int(key)] if isinstance(node, list) else node[key]
    return str(node["pattern"])


def accepts(pattern: str, value: str) -> bool:
    """JSON Schema's reading of a pattern: a search, not a full match."""
    return re.search(pattern, value) is not None


MUNICIPALITY = build_schema(next(spec for spec in SCHEMAS if spec.name == "municipality"))
PROJECT = build_schema(next(spec for spec in SCHEMAS if spec.name == "project"))


@pytest.mark.parametrize(
    ("pattern", "good", "bad"),
    [
        (
            _pattern(MUNICIPALITY, "properties", "nis_code"),
            ["44021", "11001"],
            ["4402", "440210", "4402a", " 44021"],
        ),
        (
            _pattern(MUNICIPALITY, "properties", "slug"),
            ["gent", "sint-niklaas", "deinze-tot-2018"],
            ["Gent", "sint--niklaas", "-gent", "gent-", "sint niklaas", "é"],
        ),
        (
            _pattern(MUNICIPALITY, "properties", "postal_codes", "items"),
            ["9000", "1000"],
            ["0900", "900", "90000"],
        ),
        (
            _pattern(MUNICIPALITY, "$defs", "Contact", "properties", "email", "anyOf", "0"),
            ["smartcity@stad.gent", "a.b+c@gent.be"],
            ["smartcity", "a@b", "a b@gent.be"],
        ),
        (
            _pattern(MUNICIPALITY, "$defs", "Contact", "properties", "phone", "anyOf", "0"),
            ["+32 9 210 10 10", "09 210 10 10"],
            ["210", "+32 9 210 10 10 ext"],
        ),
        (
            _pattern(MUNICIPALITY, "$defs", "Website", "properties", "url"),
            ["https://stad.gent/", "https://www.gent.be/a?b=c#d"],
            ["stad.gent", "https://", "ftp://stad.gent/", "https://stad gent/", "http://gent.be/"],
        ),
        (
            _pattern(MUNICIPALITY, "$defs", "Source", "properties", "url"),
            ["https://stad.gent/", "http://www.gent.be/a?b=c#d"],
            ["stad.gent", "https://", "ftp://stad.gent/", "https://stad gent/"],
        ),
        (
            _pattern(PROJECT, "properties", "start", "anyOf", "0", "anyOf", "1"),
            ["2019", "2019-03", "2019-12"],
            ["2019-13", "2019-3", "19", "2019-03-01"],
        ),
    ],
)
def test_patterns_agree_with_the_validators(pattern: str, good: list[str], bad: list[str]) -> None:
    for value in good:
        assert accepts(pattern, value), value
    for value in bad:
        assert not accepts(pattern, value), value


def test_pattern_samples_agree_with_the_models() -> None:
    """The samples above are what the models decide too (the schema mirrors, never invents)."""
    base = {
        "name": "Gent",
        "slug": "gent",
        "province": "Oost-Vlaanderen",
        "arrondissement": {"name": "Gent", "nis_code": "44000"},
    }
    Municipality.model_validate({**base, "nis_code": "44021", "postal_codes": ["9000"]})
    for bad in ({"nis_code": "4402"}, {"nis_code": "44021", "postal_codes": ["0900"]}):
        with pytest.raises(ValidationError):
            Municipality.model_validate({**base, **bad})
    source = {"title": "Contact", "url": "https://www.gent.be/contact", "accessed": "2026-11-29"}
    Contact.model_validate(
        {"role": "Dienst", "email": "a.b+c@gent.be", "phone": "09 210 10 10", "source": source}
    )
    with pytest.raises(ValidationError):
        Contact.model_validate({"role": "Dienst", "email": "a@b", "source": source})
    Source.model_validate({"title": "Bron", "url": "http://www.gent.be/a?b=c#d", "date": 2019})
    with pytest.raises(ValidationError):
        Source.model_validate({"title": "Bron", "url": "ftp://stad.gent/"})


def test_year_may_be_a_number_or_text() -> None:
    start = PROJECT["properties"]["start"]["anyOf"][0]["anyOf"]
    assert start[0] == {"maximum": 2999, "minimum": 1000, "type": "integer"}
    assert start[1]["type"] == "string"


# --- the $schema line of every file ----------------------------------------------------------


def data_and_entry_files() -> list[Path]:
    files = list(iter_files(ROOT / "data" / "municipalities", ".yaml"))
    files += [ROOT / "data" / name for name in ("themes.yaml", "regions.yaml", "provinces.yaml")]
    for content in (ROOT / "content", FIXTURES / "content"):
        files += list(iter_files(content, ".md"))
    return files


def test_every_data_file_and_entry_names_its_schema() -> None:
    files = data_and_entry_files()
    assert len(files) > 300
    wrong = []
    for path in files:
        name = schema_name_for(path, ROOT)
        shown = path.relative_to(ROOT).as_posix()
        if name is None:
            wrong.append(f"{shown}: no schema for this kind of file")
            continue
        expected = modeline(name, path.parent, SCHEMA_DIR)
        lines = path.read_text(encoding="utf-8").split("\n")
        first = lines[1] if path.suffix == ".md" and lines[0] == "---" else lines[0]
        if first != expected:
            wrong.append(f"{shown}: the first line should be {expected!r}, not {first!r}")
    assert wrong == [], "\n".join(wrong)


def test_modeline_paths_point_at_the_schema_files() -> None:
    line = modeline("project", ROOT / "content" / "projecten", SCHEMA_DIR)
    assert line == "# yaml-language-server: $schema=../../schema/project.schema.json"
    assert modeline("themes", ROOT / "data", SCHEMA_DIR) == (
        "# yaml-language-server: $schema=../schema/themes.schema.json"
    )
    for path in data_and_entry_files()[:1] + data_and_entry_files()[-1:]:
        name = schema_name_for(path, ROOT)
        assert name is not None
        target = modeline(name, path.parent, SCHEMA_DIR).removeprefix(MODELINE_PREFIX)
        assert (path.parent / target).resolve().is_file()


def test_contributing_examples_name_their_schema() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for kind in ("project", "ervaring", "suggestie"):
        example = text.split(f"<!-- example: {kind} -->\n```markdown\n", 1)[1]
        assert example.split("\n")[1] == (
            f"# yaml-language-server: $schema=../../schema/{kind}.schema.json"
        )


# --- the command -----------------------------------------------------------------------------


def test_schema_command_writes_then_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", "--check", "--root", str(tmp_path)]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        "schema/municipality.schema.json: verouderd; voer `make schema` uit"
    )
    assert main(["schema", "--root", str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"geschreven: schema/{spec.filename}" for spec in SCHEMAS
    ]
    assert main(["schema", "--check", "--root", str(tmp_path)]) == 0
    assert main(["schema", "--root", str(tmp_path)]) == 0
    assert capsys.readouterr().out == ""  # nothing changed, nothing written
    path = tmp_path / "schema" / "project.schema.json"
    path.write_text(render_schema(SCHEMAS[1]).replace("Titel", "Tietel"), encoding="utf-8")
    assert main(["schema", "--check", "--root", str(tmp_path)]) == 1
    assert capsys.readouterr().out == (
        "schema/project.schema.json: verouderd; voer `make schema` uit\n"
    )
