"""The web editor (/admin/, Decap CMS) and the models stay together: every editor field is a
field of the JSON Schema, every required field can be filled in and is required, every select
offers what the model (or the data) allows. And the page, its policy and the vendored bundle."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import types
import typing
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

import pytest
import yaml
from bs4 import BeautifulSoup
from pydantic import BaseModel, Field

from showcase import check_showcase
from showcase.contribute.editor import (
    DECAP_FOLDER,
    DECAP_VERSION,
    EDITOR_FOLDER,
    ITEM_LABELS,
    LABELS,
    MUNICIPALITY_KEPT,
    Choices,
    choices_from_catalogue,
    editor_config,
    editor_csp,
    render_config,
    render_editor_page,
)
from showcase.kinds import KINDS, ContentKind, Reference, Registry, Scaffold
from showcase.load.dataset import Layout
from showcase.schema.jsonschema import modeline
from showcase.schema.models import Date, Model, Municipality, MunicipalityRef, Text
from showcase.settings import DEFAULT_CSP, ShowcaseSettings

from .conftest import ROOT

SETTINGS = ShowcaseSettings(repository_url="https://github.com/vvsg-smart-city/showcase")
CONTRIBUTED = [kind for kind in KINDS if kind.scaffold is not None]
VENDOR = ROOT / "theme" / "static" / DECAP_FOLDER.removeprefix("theme/")


@pytest.fixture(scope="module")
def choices() -> Choices:
    catalogue, _ = check_showcase(Layout.at(ROOT))
    return choices_from_catalogue(catalogue)


@pytest.fixture(scope="module")
def config(choices: Choices) -> dict[str, Any]:
    return editor_config(SETTINGS, choices)


def collection(config: Mapping[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(c for c in config["collections"] if c["name"] == name)
    return found


# --- walking the JSON Schema and the editor's fields side by side --------------------------


def schema_file(name: str) -> dict[str, Any]:
    """The committed schema (``make schema``; tests/test_schema.py keeps it current)."""
    loaded: dict[str, Any] = json.loads((ROOT / "schema" / f"{name}.schema.json").read_text())
    return loaded


def value_of(prop: Mapping[str, Any], defs: Mapping[str, Any]) -> tuple[Mapping[str, Any], bool]:
    """A property's value schema (``null`` taken out, ``$ref`` followed), and whether it may be
    ``null``."""
    options = prop.get("anyOf", ())
    nullable = any(o.get("type") == "null" for o in options)
    if nullable:
        prop = next(o for o in options if o.get("type") != "null")
    if "$ref" in prop:
        prop = defs[prop["$ref"].rsplit("/", 1)[-1]]
    return prop, nullable


def pairs(
    fields: list[dict[str, Any]], schema: Mapping[str, Any], defs: Mapping[str, Any], path: str = ""
) -> Iterator[tuple[str, dict[str, Any], Mapping[str, Any]]]:
    """Every editor field with its property in the schema, nested fields included; a field
    with no property yields ``{}``."""
    properties = schema.get("properties", {})
    for field in fields:
        name = field["name"]
        where = f"{path}{name}"
        prop = properties.get(name, {})
        yield where, field, prop
        if not prop:
            continue
        value, _ = value_of(prop, defs)
        if "fields" in field and value.get("type") == "object":
            yield from pairs(field["fields"], value, defs, where + ".")
        elif "fields" in field:
            item, _ = value_of(value["items"], defs)
            yield from pairs(field["fields"], item, defs, where + "[].")


def required_fields(
    schema: Mapping[str, Any], defs: Mapping[str, Any], path: str = "", loose: bool = False
) -> Iterator[tuple[str, bool]]:
    """Every field the model requires, as ``(path, loose)``: ``loose`` when it is inside an
    optional object (required once that object is there)."""
    required = set(schema.get("required", ()))
    for name, prop in schema.get("properties", {}).items():
        value, nullable = value_of(prop, defs)
        if name in required:
            yield f"{path}{name}", loose
        optional = loose or nullable or name not in required
        if value.get("type") == "object":
            yield from required_fields(value, defs, f"{path}{name}.", optional)
        elif value.get("type") == "array" and "$ref" in value.get("items", {}):
            item, _ = value_of(value["items"], defs)
            yield from required_fields(item, defs, f"{path}{name}[].", False)


def by_path(fields: list[dict[str, Any]], path: str) -> dict[str, Any] | None:
    """The editor field at ``contact.source.url``; a hidden field stands for what is in it."""
    field: dict[str, Any] | None = None
    for part in path.replace("[]", "").split("."):
        found = [f for f in fields if f["name"] == part]
        if not found:
            return None
        field = found[0]
        if field["widget"] == "hidden":
            return field
        fields = field.get("fields", [])
    return field


COLLECTIONS = [(kind.folder, kind.schema_name) for kind in CONTRIBUTED] + [
    ("gemeenten", "municipality")
]


def test_a_collection_per_kind_that_contributors_add_to(config: dict[str, Any]) -> None:
    assert [c["name"] for c in config["collections"]] == [name for name, _ in COLLECTIONS]
    for kind in CONTRIBUTED:
        found = collection(config, kind.folder)
        assert found["folder"] == f"content/{kind.folder}"
        assert (found["label"], found["label_singular"]) == (kind.title, kind.singular)
        assert found["create"] is True and found["format"] == "frontmatter"
    municipalities = collection(config, "gemeenten")
    assert municipalities["folder"] == "data/municipalities"
    assert (municipalities["create"], municipalities["delete"]) == (False, False)
    assert municipalities["format"] == "yaml"


@pytest.mark.parametrize(("name", "schema_name"), COLLECTIONS)
def test_every_editor_field_is_in_the_schema(
    config: dict[str, Any], name: str, schema_name: str
) -> None:
    schema = schema_file(schema_name)
    fields = [f for f in collection(config, name)["fields"] if f["name"] != "body"]
    unknown = [path for path, _, prop in pairs(fields, schema, schema["$defs"]) if not prop]
    assert unknown == []
    assert sorted(f["name"] for f in fields) == sorted(schema["properties"])
    model = next((k.model for k in CONTRIBUTED if k.folder == name), Municipality)
    assert [f["name"] for f in fields] == list(model.model_fields)  # in the model's order


@pytest.mark.parametrize(("name", "schema_name"), COLLECTIONS)
def test_every_required_field_can_be_filled_in_and_is_required(
    config: dict[str, Any], name: str, schema_name: str
) -> None:
    found = collection(config, name)
    schema = schema_file(schema_name)
    wrong = []
    for path, loose in required_fields(schema, schema["$defs"]):
        field = by_path(found["fields"], path)
        if field is None:
            wrong.append(f"{path}: not in the editor")
        elif field["widget"] == "hidden":
            # Only in the municipality records, which the editor does not create: the value
            # comes from the file and is written back as it was.
            if found["create"] or path.split(".")[0] not in MUNICIPALITY_KEPT:
                wrong.append(f"{path}: hidden")
        elif field.get("required", True) is False and not loose:
            wrong.append(f"{path}: not required")
    assert wrong == []


def literal_fields(model: type[BaseModel], path: str = "") -> Iterator[tuple[str, tuple[str, ...]]]:
    """Every ``Literal`` field of a model, nested models included, with its options."""
    for name, info in model.model_fields.items():
        annotation: Any = info.annotation
        while typing.get_origin(annotation) in (list, types.UnionType, typing.Union):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        if typing.get_origin(annotation) is Literal:
            yield f"{path}{name}", typing.get_args(annotation)
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from literal_fields(annotation, f"{path}{name}.")


@pytest.mark.parametrize(
    ("name", "model"), [(k.folder, k.model) for k in CONTRIBUTED] + [("gemeenten", Municipality)]
)
def test_select_options_are_the_models_options(
    config: dict[str, Any], name: str, model: type[BaseModel]
) -> None:
    fields = collection(config, name)["fields"]
    literals = list(literal_fields(model))
    if model is KINDS["project"].model:
        assert {"kind", "status", "partners.type"} <= {path for path, _ in literals}
    for path, options in literals:
        field = by_path(fields, path)
        assert field is not None, path
        assert field["widget"] == "select", path
        assert [o["value"] for o in field["options"]] == list(options), path


def test_references_offer_the_real_records(config: dict[str, Any]) -> None:
    municipalities = sorted(
        p.stem.split("-", 1)[1] for p in (ROOT / "data" / "municipalities").glob("*.yaml")
    )
    themes_file = yaml.safe_load((ROOT / "data" / "themes.yaml").read_text(encoding="utf-8"))
    themes = sorted(
        theme["slug"]
        for domain in themes_file["themes"]
        for theme in (domain, *domain.get("subthemes", []))
    )
    regions_file = yaml.safe_load((ROOT / "data" / "regions.yaml").read_text(encoding="utf-8"))
    expected = {
        "municipality": municipalities,
        "theme": themes,
        "region": sorted(r["slug"] for r in regions_file["regions"]),
        "project": sorted(p.stem for p in (ROOT / "content" / "projecten").glob("*.md")),
    }
    checked = 0
    for kind in CONTRIBUTED:
        fields = collection(config, kind.folder)["fields"]
        for reference in kind.references:
            field = by_path(fields, reference.field)
            assert field is not None and field["widget"] == "select"
            assert field.get("multiple", False) is reference.many
            values = sorted(o["value"] for o in field["options"])
            assert values == expected[reference.target], f"{kind.name}.{reference.field}"
            checked += 1
    assert checked >= 3 * len(CONTRIBUTED) - 1
    project = collection(config, "projecten")["fields"]
    for lineage in ("inspired_by", "replicates"):
        field = by_path(project, lineage)
        assert field is not None
        assert sorted(o["value"] for o in field["options"]) == expected["project"]
    labels = {o["value"]: o["label"] for o in by_path(project, "municipalities")["options"]}  # type: ignore[index]
    assert (labels["gent"], labels["deinze-tot-2018"]) == ("Gent", "Deinze (tot 2018)")


def test_dates_years_and_patterns(config: dict[str, Any]) -> None:
    fields = collection(config, "projecten")["fields"]
    for path in ("last_reviewed", "sources.accessed"):
        field = by_path(fields, path)
        assert field is not None
        assert (field["widget"], field["format"], field["time_format"]) == (
            "datetime",
            "YYYY-MM-DD",
            False,
        )
    partial = by_path(fields, "sources.date")
    assert partial is not None and partial["widget"] == "string"
    pattern = re.compile(partial["pattern"][0])
    assert [
        bool(pattern.match(v)) for v in ("2024", "2024-05", "2024-05-02", "24-05", "2024-13")
    ] == [
        True,
        True,
        True,
        False,
        False,
    ]
    start = by_path(fields, "start")
    assert start is not None and start["pattern"][1].startswith("Schrijf een jaar")
    period = re.compile(start["pattern"][0])
    assert [bool(period.match(v)) for v in ("2019", "2019-03", "2019-03-01")] == [True, True, False]
    summary = by_path(fields, "summary")
    assert summary is not None and summary["widget"] == "text"
    assert re.compile(summary["pattern"][0]).match("x" * 300)
    assert not re.compile(summary["pattern"][0]).match("x" * 301)
    amount = by_path(fields, "funding.amount")
    assert amount is not None and (amount["widget"], amount["value_type"]) == ("number", "int")


def test_an_optional_object_does_not_block_saving(config: dict[str, Any]) -> None:
    """Decap cannot require a field only when its optional object is filled in: such fields
    are optional in the editor, say so in their hint, and the checker judges the file."""
    fields = collection(config, "projecten")["fields"]
    contact = by_path(fields, "contact")
    assert contact is not None and contact["required"] is False and contact["collapsed"] is True
    role = by_path(fields, "contact.role")
    assert role is not None and role["required"] is False
    assert role["hint"].endswith("Nodig zodra je dit deel invult.")
    source = by_path(fields, "sources")
    assert source is not None and source["min"] == 1 and source.get("required", True)
    title = by_path(fields, "sources.title")
    assert title is not None and title.get("required", True)


def test_every_field_has_a_dutch_label_and_hint(config: dict[str, Any]) -> None:
    missing = []
    for name, schema_name in COLLECTIONS:
        schema = schema_file(schema_name)
        fields = [f for f in collection(config, name)["fields"] if f["name"] != "body"]
        for path, field, _ in pairs(fields, schema, schema["$defs"]):
            leaf = path.rsplit(".", 1)[-1].removesuffix("[]")
            if leaf not in LABELS:
                missing.append(f"{name}: {path} has no label in LABELS")
            if field["widget"] == "list" and leaf not in ITEM_LABELS:
                missing.append(f"{name}: {path} has no item label in ITEM_LABELS")
            if field["widget"] != "hidden" and not field.get("hint"):
                missing.append(f"{name}: {path} has no hint (the model's description)")
    assert missing == []


def test_files_start_with_their_schema_line(config: dict[str, Any]) -> None:
    """Decap writes a field's comment above it: the first field's is the line that names the
    schema (tests/test_schema.py wants it in every file)."""
    for name, schema_name in COLLECTIONS:
        found = collection(config, name)
        first = found["fields"][0]
        expected = modeline(schema_name, ROOT / found["folder"], ROOT / "schema")
        assert "# " + first["comment"] == expected
        assert [f for f in found["fields"][1:] if "comment" in f] == []
    for kind in CONTRIBUTED:
        body = collection(config, kind.folder)["fields"][-1]
        assert (body["name"], body["widget"]) == ("body", "markdown")
        assert kind.scaffold is not None and body["default"] == kind.scaffold.body


def test_backend_and_local_backend(choices: Choices) -> None:
    config = editor_config(
        ShowcaseSettings(
            repository_url="https://github.com/vvsg-smart-city/showcase",
            editor_branch="productie",
            editor_auth_url="https://auth.example.org/oauth/auth",
        ),
        choices,
        site_url="https://example.org/showcase",
        local_port=9123,
    )
    assert config["backend"] == {
        "name": "github",
        "branch": "productie",
        "open_authoring": True,
        "repo": "vvsg-smart-city/showcase",
        "base_url": "https://auth.example.org",
        "auth_endpoint": "oauth/auth",
    }
    assert config["publish_mode"] == "editorial_workflow"
    assert config["local_backend"] == {"url": "http://localhost:9123/api/v1"}
    assert config["locale"] == "nl"
    assert (config["site_url"], config["logo"]["src"]) == (
        "https://example.org/showcase",
        "https://example.org/showcase/theme/img/favicon.svg",
    )
    assert collection(config, "projecten")["preview_path"] == "projecten/{{slug}}/"
    assert yaml.safe_load(render_config(config)) == config
    assert "http://localhost:9123" in editor_csp(9123)


def test_a_new_kind_gets_a_collection(choices: Choices) -> None:
    """The editor loops over the registry: a throwaway kind (tests/test_kinds.py has the
    recipe) gets its collection, its choices and its labels without a change to the editor."""

    class Evenement(Model):
        title: Text = Field(description="Titel van het evenement.")
        summary: Text = Field(max_length=300, description="Eén zin.")
        municipality: MunicipalityRef = Field(description="De gemeente die het organiseert.")
        audience: Literal["gemeenten", "inwoners"] = Field(description="Voor wie.")
        date: Date = Field(description="Dag van het evenement.")

    kind = ContentKind(
        name="evenement",
        folder="evenementen",
        model=Evenement,
        title="Evenementen",
        singular="Evenement",
        intro="Studiedagen en demo's.",
        schema_title="Evenement",
        schema_description="Een evenement.",
        references=(Reference("municipality", "municipality", many=False),),
        scaffold=Scaffold(summary="één zin.", body="TODO: het programma.\n"),
    )
    config = editor_config(SETTINGS, choices, Registry((*CONTRIBUTED, kind)))
    found = collection(config, "evenementen")
    assert [f["name"] for f in found["fields"]] == [*Evenement.model_fields, "body"]
    municipality = by_path(found["fields"], "municipality")
    assert municipality is not None and "multiple" not in municipality
    assert len(municipality["options"]) == len(choices.municipality)
    audience = by_path(found["fields"], "audience")
    assert audience is not None and [o["value"] for o in audience["options"]] == [
        "gemeenten",
        "inwoners",
    ]


# --- the built site ---------------------------------------------------------------------------


def test_editor_page(built_site: Path) -> None:
    page = built_site / EDITOR_FOLDER / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == "nl"
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert csp["content"] == editor_csp() != DEFAULT_CSP
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    scripts = soup.find_all("script")
    assert [s.get("src") for s in scripts] == [
        f"/{DECAP_FOLDER}/decap-cms.js",
        "/theme/js/editor.js",
    ]
    assert all(not s.string for s in scripts), "nothing inline: the policy allows no inline script"
    for script in scripts:
        assert (built_site / script["src"].lstrip("/")).is_file()
    assert page.read_text(encoding="utf-8") == render_editor_page(
        "Slimme Steden en Gemeenten Vlaanderen"
    )


def test_editor_config_in_the_build(built_site: Path) -> None:
    text = (built_site / EDITOR_FOLDER / "config.yml").read_text(encoding="utf-8")
    assert text.startswith("# Made by the build from the models")
    config = yaml.safe_load(text)
    assert config["backend"]["repo"] == "vvsg-smart-city/showcase"
    assert config["local_backend"] == {"url": "http://localhost:8081/api/v1"}
    assert [c["name"] for c in config["collections"]] == [name for name, _ in COLLECTIONS]
    fixtures = [
        o["value"]
        for o in by_path(collection(config, "projecten")["fields"], "inspired_by")["options"]
    ]  # type: ignore[index]
    assert "test-gedeeld-project" in fixtures  # the options come from the data that was built


def test_editor_policy_headers_and_robots(built_site: Path) -> None:
    headers = (built_site / "_headers").read_text(encoding="utf-8")
    site, _, editor = headers.partition(f"/{EDITOR_FOLDER}/*\n")
    assert f"Content-Security-Policy: {DEFAULT_CSP}; frame-ancestors 'none'" in site
    assert editor == (
        f"  ! Content-Security-Policy\n"
        f"  Content-Security-Policy: {editor_csp()}; frame-ancestors 'none'\n"
    )
    assert "Disallow: /admin/\n" in (built_site / "robots.txt").read_text(encoding="utf-8")
    assert "/admin/" not in (built_site / "sitemap.xml").read_text(encoding="utf-8")


def test_the_search_index_leaves_the_editor_out(built_site: Path) -> None:
    fragments = sorted((built_site / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert fragments
    urls = [json.loads(gzip.decompress(f.read_bytes())[12:])["url"] for f in fragments]
    assert "/gemeenten/gent/" in urls
    assert [url for url in urls if url.startswith(f"/{EDITOR_FOLDER}")] == []


# --- the vendored bundle ------------------------------------------------------------------------


def test_decap_is_vendored_once_with_its_licence() -> None:
    vendored = sorted(p.name for p in VENDOR.parent.glob("decap-cms-*"))
    assert vendored == [f"decap-cms-{DECAP_VERSION}"]
    licence = (VENDOR / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in licence and "Netlify" in licence
    bundle = (VENDOR / "decap-cms.js").read_text(encoding="utf-8")
    assert f'console.log("decap-cms {DECAP_VERSION}")' in bundle
    assert "Inhoudstypen" in bundle and "Inloggen" in bundle, "the Dutch locale (locale: nl)"
    assert not list(VENDOR.glob("*.map"))
    listed = {}
    for line in (VENDOR / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ")
        listed[name] = digest
    copied = {p.name for p in VENDOR.iterdir()} - {"LICENSE", "README.md", "SHA256SUMS"}
    assert set(listed) == copied
    for name, digest in listed.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name


def test_decap_server_is_pinned() -> None:
    folder = ROOT / "tools" / "editor-test"
    package = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    pinned = package["dependencies"]["decap-server"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned)
    lock = json.loads((folder / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/decap-server"]["version"] == pinned
    assert "tools/editor-test/node_modules/" in (ROOT / ".gitignore").read_text(encoding="utf-8")
