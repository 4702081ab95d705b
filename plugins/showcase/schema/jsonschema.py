"""JSON Schema for editors, generated from the models.

``python -m showcase schema`` writes one schema per kind of file into ``schema/``; every data file
and every entry's front matter names its schema in a first comment line that the YAML language
server (VS Code's YAML extension, and other editors using it) reads::

    # yaml-language-server: $schema=../../schema/project.schema.json

The models stay the only source of truth: field descriptions (in Dutch), enums for ``Literal``
fields and the patterns of NIS codes, slugs and postal codes all come from :mod:`showcase.schema.models`.
A test fails when the committed files are not what the models produce.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from showcase.kinds import KINDS, ContentKind, Registry
from showcase.schema.models import (
    Municipality,
    Organisation,
    ProvincesFile,
    RegionsFile,
    ThemesFile,
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FOLDER = "schema"
MODELINE_PREFIX = "# yaml-language-server: $schema="
SCHEMA_SUFFIX = ".schema.json"


@dataclass(frozen=True)
class SchemaSpec:
    """One schema file: which model, and how editors name it (in Dutch, for contributors)."""

    name: str
    model: type[BaseModel]
    title: str
    description: str

    @property
    def filename(self) -> str:
        return f"{self.name}{SCHEMA_SUFFIX}"


DATA_SCHEMAS: tuple[SchemaSpec, ...] = (
    SchemaSpec(
        "municipality",
        Municipality,
        "Gemeente",
        "De fiche van één gemeente: data/municipalities/<NIS-code>-<slug>.yaml.",
    ),
    SchemaSpec(
        "themes",
        ThemesFile,
        "Thema's",
        "De gecontroleerde lijst van domeinen en subthema's: data/themes.yaml.",
    ),
    SchemaSpec(
        "regions",
        RegionsFile,
        "Regio's",
        "Intercommunales en samenwerkingsverbanden met hun leden: data/regions.yaml.",
    ),
    SchemaSpec(
        "organisation",
        Organisation,
        "Organisatie",
        "Wie de showcase beheert en hoe bezoekers haar bereiken: data/organisation.yaml.",
    ),
    SchemaSpec(
        "provinces",
        ProvincesFile,
        "Provincies",
        "De Vlaamse provincies en hun arrondissementen: data/provinces.yaml.",
    ),
)
"""The schemas of the data files; each content kind adds its own (:func:`schema_specs`)."""
DATA_FILE_SCHEMAS = {
    "themes.yaml": "themes",
    "regions.yaml": "regions",
    "provinces.yaml": "provinces",
    "organisation.yaml": "organisation",
}
"""The schema of each single data file in ``data/``."""


def kind_schema(kind: ContentKind) -> SchemaSpec:
    return SchemaSpec(kind.schema_name, kind.model, kind.schema_title, kind.schema_description)


def schema_specs(kinds: Registry = KINDS) -> tuple[SchemaSpec, ...]:
    """Every schema file: the municipality record, each content kind's front matter, then the
    other data files (the order of ``schema/`` listings and of the docs)."""
    return (DATA_SCHEMAS[0], *(kind_schema(kind) for kind in kinds), *DATA_SCHEMAS[1:])


SCHEMAS = schema_specs()


def build_schema(spec: SchemaSpec) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of file. No ``$id``: refs stay file-local."""
    schema = spec.model.model_json_schema(mode="validation")
    schema["$schema"] = DRAFT
    schema["title"] = spec.title
    schema["description"] = spec.description
    return schema


def render_schema(spec: SchemaSpec) -> str:
    """The file's text: sorted keys, two-space indent, UTF-8 kept readable, a final newline."""
    return json.dumps(build_schema(spec), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schemas(folder: Path, kinds: Registry = KINDS) -> list[Path]:
    """Write every schema into ``folder``; return the files that changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for spec in schema_specs(kinds):
        path = folder / spec.filename
        text = render_schema(spec)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def stale_schemas(folder: Path, kinds: Registry = KINDS) -> list[Path]:
    """Schema files in ``folder`` that are missing or differ from what the models produce."""
    stale = []
    for spec in schema_specs(kinds):
        path = folder / spec.filename
        if not path.exists() or path.read_text(encoding="utf-8") != render_schema(spec):
            stale.append(path)
    return stale


def schema_name_for(path: Path, root: Path, kinds: Registry = KINDS) -> str | None:
    """The schema a data file or entry should name, from where it lives; ``None`` if none."""
    try:
        parts = path.resolve().relative_to(root.resolve()).parts
    except ValueError:
        parts = path.parts
    if len(parts) >= 2 and parts[-2] == "municipalities" and path.suffix == ".yaml":
        return "municipality"
    if len(parts) >= 2 and parts[-2] == "data" and path.name in DATA_FILE_SCHEMAS:
        return DATA_FILE_SCHEMAS[path.name]
    kind = kinds.by_folder(parts[-2]) if len(parts) >= 2 else None
    if kind is not None and path.suffix == ".md":
        return kind.schema_name
    return None


def modeline(name: str, file_folder: Path, schema_folder: Path) -> str:
    """The ``# yaml-language-server: $schema=…`` line for a file in ``file_folder``."""
    target = schema_folder / f"{name}{SCHEMA_SUFFIX}"
    relative = Path(os.path.relpath(target, file_folder)).as_posix()
    return f"{MODELINE_PREFIX}{relative}"
