"""The web editor at ``/admin/``: Decap CMS, configured from the models and the content kinds.

Municipal staff who prefer a form to a file edit the showcase in the browser. Decap CMS is a
JavaScript application that reads ``/admin/config.yml`` and writes the same Markdown and YAML
files a contributor writes by hand, through GitHub (a pull request per change) or, on a laptop,
through ``decap-server`` (the local backend). This module makes that configuration:

* one folder collection per content kind that ``python -m showcase new`` offers (the kinds with
  a scaffold), with every field of the kind's model, in the model's order;
* the municipality records (``data/municipalities/*.yaml``), to edit only: the fields that come
  from the reference data (NIS code, name, population…) are hidden and kept as they are;
* each field from the model's JSON Schema (:func:`showcase.schema.jsonschema.build_schema`): a
  ``Literal`` is a select with its options, a nested model an object, a list of models a list
  with its sub-fields, a date a date picker writing ``YYYY-MM-DD``, a year or year-month a text
  with the model's pattern, a reference to municipalities, themes, regions or projects a select
  with the real options (:class:`Choices`, from the catalogue); required as the model says;
* a Dutch label per field (:data:`LABELS`) and the model's Dutch description as the hint.

The page itself (:func:`render_editor_page`) loads the vendored Decap bundle
(``theme/static/vendor/decap-cms-<version>/``) and ``theme/static/js/editor.js``, under a
Content-Security-Policy of its own (:data:`EDITOR_CSP`). ``tests/test_editor.py`` keeps the
configuration and the models together; ``tests/test_editor_e2e.py`` writes a project through
the real editor and checks the file with the checker.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from showcase.contribute.scaffold import scaffold_kinds
from showcase.kinds import KINDS, ContentKind, Registry, Target
from showcase.link.catalogue import Catalogue
from showcase.link.labels import KIND_LABELS, PARTNER_LABELS, STATUS_LABELS
from showcase.schema.jsonschema import (
    DATA_SCHEMAS,
    SCHEMA_FOLDER,
    build_schema,
    kind_schema,
    modeline,
)
from showcase.settings import ShowcaseSettings

DECAP_VERSION = "3.16.3"
"""The vendored Decap CMS (npm package ``decap-cms``); docs/publishing.md says how to update it."""
DECAP_FOLDER = f"theme/vendor/decap-cms-{DECAP_VERSION}"
"""Where the bundle is on the site (``theme/static/vendor/…`` in the repository)."""
EDITOR_FOLDER = "admin"
"""The editor's folder on the site: ``/admin/index.html`` and ``/admin/config.yml``."""
LOCAL_BACKEND_PORT = 8081
"""Where ``npx decap-server`` listens by default (the local backend)."""
GITHUB_API = "https://api.github.com"
GITHUB_AVATARS = "https://avatars.githubusercontent.com"
GITHUB_STATUS = "https://www.githubstatus.com"

Option = tuple[str, str]
"""``(value, label)``: what the file holds, and what the editor shows."""


def editor_csp(local_port: int = LOCAL_BACKEND_PORT) -> str:
    """The Content-Security-Policy of ``/admin/`` (the rest of the site keeps ``SHOWCASE_CSP``).

    What Decap needs beyond the site's own policy, found by running the editor in Chromium
    under the site's policy and reading what it refused (docs/publishing.md):

    * ``script-src 'unsafe-eval'``: Decap checks its configuration with ajv, which compiles
      each JSON Schema into a function with ``new Function``; without it the editor does not
      start ("Error compiling schema");
    * ``style-src 'unsafe-inline'``: its components are styled with emotion, which writes
      ``<style>`` elements and ``style`` attributes at run time (the bundle takes no nonce);
    * ``blob:`` in ``img-src`` and ``connect-src``: an image chosen in the media library is
      shown, then read for the upload, through a ``blob:`` URL;
    * GitHub: its API (the GitHub backend), its status page (the backend asks it whether
      GitHub is down, at ``www.githubstatus.com``) and the avatar of whoever logged in;
    * the local backend, ``decap-server`` on ``localhost`` (used only when the editor itself
      runs on localhost).

    Nothing else: no other site's scripts, no frames, no objects, no forms to elsewhere.
    ``tests/test_editor_e2e.py`` fails on any violation while it writes a project."""
    return (
        "default-src 'self'; script-src 'self' 'unsafe-eval'; "
        "style-src 'self' 'unsafe-inline'; "
        f"img-src 'self' blob: {GITHUB_AVATARS}; "
        f"connect-src 'self' blob: {GITHUB_API} {GITHUB_STATUS} http://localhost:{local_port}; "
        "object-src 'none'; base-uri 'self'; form-action 'self'"
    )


EDITOR_CSP = editor_csp()


# --- the options of reference fields -------------------------------------------------------


@dataclass(frozen=True)
class Choices:
    """The records a reference field may name, from the data: ``(slug, label)`` per target."""

    municipality: tuple[Option, ...] = ()
    """Current and merged municipalities (a merged one is labelled with its last year)."""
    theme: tuple[Option, ...] = ()
    region: tuple[Option, ...] = ()
    project: tuple[Option, ...] = ()

    def of(self, target: Target) -> tuple[Option, ...]:
        options: tuple[Option, ...] = getattr(self, target)
        return options


def choices_from_catalogue(catalogue: Catalogue) -> Choices:
    """The options of every reference field, as the linked catalogue knows them."""
    places = []
    for place in catalogue.places.values():
        until = place.record.valid_until
        label = place.name if until is None else f"{place.name} (tot {until.year})"
        places.append((place.slug, label))
    themes = []
    for theme in catalogue.themes:
        themes.append((theme.slug, theme.label))
        themes += [(child.slug, f"{theme.label} › {child.label}") for child in theme.children]
    regions = sorted(((r.slug, r.name) for r in catalogue.regions), key=_by_label)
    projects = sorted(((p.slug, str(p.record.title)) for p in catalogue.projects), key=_by_label)
    return Choices(
        tuple(sorted(places, key=_by_label)), tuple(themes), tuple(regions), tuple(projects)
    )


def _by_label(option: Option) -> tuple[str, str]:
    return (option[1].casefold(), option[0])


# --- labels and widgets ---------------------------------------------------------------------

LABELS: dict[str, str] = {
    # entries
    "title": "Titel",
    "summary": "Samenvatting",
    "kind": "Soort",
    "municipalities": "Gemeenten",
    "municipality": "Gemeente",
    "regions": "Regio's",
    "themes": "Thema's",
    "status": "Stand van zaken",
    "status_as_of": "Stand van zaken volgens een bron van",
    "start": "Start",
    "end": "Einde",
    "partners": "Partners",
    "funding": "Financiering",
    "results": "Resultaten",
    "contact": "Contactpunt",
    "links": "Links",
    "inspired_by": "Geïnspireerd door",
    "replicates": "Doet over of schaalt op",
    "reuse": "Doen het ook",
    "sources": "Bronnen",
    "last_reviewed": "Laatst nagekeken",
    "organisation": "Organisatie",
    "projects": "Projecten",
    "date": "Datum",
    "audience": "Voor wie",
    "description": "Beschrijving",
    # nested records
    "name": "Naam",
    "type": "Soort",
    "programme": "Programma of financier",
    "amount": "Bedrag (euro)",
    "year": "Jaar",
    "url": "Webadres",
    "accessed": "Geraadpleegd op",
    "role": "Functie of dienst",
    "email": "E-mailadres",
    "phone": "Telefoonnummer",
    "source": "Bron",
    "stage": "Stand",
    # municipalities
    "nis_code": "NIS-code",
    "slug": "Slug",
    "province": "Provincie",
    "arrondissement": "Arrondissement",
    "valid_from": "Bestaat sinds",
    "valid_until": "Bestond tot",
    "successor": "Opgegaan in (NIS-code)",
    "population": "Bevolking",
    "figure": "Aantal inwoners",
    "reference_date": "Op datum",
    "note": "Toelichting",
    "postal_codes": "Postcodes",
    "website": "Website",
    "introduction": "Voorstelling",
}
"""The Dutch label of every field the editor shows, by the field's name in the files (a test
fails when a model gets a field without one)."""

ITEM_LABELS: dict[str, str] = {
    "partners": "partner",
    "funding": "financiering",
    "results": "resultaat",
    "links": "link",
    "reuse": "gemeente",
    "sources": "bron",
    "postal_codes": "postcode",
}
"""One item of a list field, as the editor's "Voeg … toe" button says it."""

REFERENCE_FIELDS: dict[str, Target] = {
    "municipalities": "municipality",
    "municipality": "municipality",
    "regions": "region",
    "themes": "theme",
    "projects": "project",
    "inspired_by": "project",
    "replicates": "project",
}
"""Fields that name other records, by name: the kinds' declared references
(:attr:`showcase.kinds.ContentKind.references`) come first; this covers the fields the
declarations leave to the linker (a project's lineage, the municipality of a reuse)."""

REFERENCE_HINTS: dict[str, str] = {
    "municipalities": (
        "Kies de gemeenten (typ om te zoeken). Een gefuseerde gemeente mag, bv. "
        "'Deinze (tot 2018)'."
    ),
    "municipality": "Kies de gemeente (typ om te zoeken).",
    "regions": "Als het regionaal is: kies de regio's (intercommunales, samenwerkingsverbanden).",
    "themes": "Kies de thema's van de showcase (typ om te zoeken).",
    "projects": "Kies de projecten op de showcase waarover het gaat.",
    "inspired_by": "Projecten op de showcase waardoor dit project geïnspireerd werd.",
    "replicates": "Projecten op de showcase die dit project elders overdoet of opschaalt.",
}
"""Hints of the reference fields: the models' descriptions speak of slugs and files, the
editor offers a list to choose from."""

OPTION_LABELS: dict[str, Mapping[str, str]] = {
    "status": STATUS_LABELS,
    "kind": KIND_LABELS,
    "type": PARTNER_LABELS,
}
"""How the options of a choice read (the site's own labels); the file holds the value."""

LONG_TEXT = frozenset({"summary", "description", "introduction"})
"""Fields written as a paragraph (a text area) rather than a line."""

MUNICIPALITY_KEPT = (
    "nis_code",
    "name",
    "slug",
    "province",
    "arrondissement",
    "valid_from",
    "valid_until",
    "successor",
    "population",
    "postal_codes",
)
"""Fields of a municipality record that come from the reference data (Statbel, bpost; see
``tools/import_municipalities.py``): hidden in the editor and written back unchanged. NIS code
and slug must also match the file's name."""

PARTIAL_DATE_PATTERN = r"^[12][0-9]{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
"""A full date, a year-month or a year: what :data:`showcase.schema.models.PartialDate` takes."""
PARTIAL_DATE_MESSAGE = "Schrijf 2024-05-02, of 2024-05 of 2024 als de bron niet meer zegt."
PERIOD_MESSAGE = "Schrijf een jaar (2019) of een jaar en maand (2019-03)."
DATE_FORMAT = "YYYY-MM-DD"
BODY_HINT = (
    "In je eigen woorden, in Markdown: kopjes (## Aanpak), lijstjes en links mogen. "
    "Vervang elke TODO; noem geen personen bij naam."
)


@dataclass(frozen=True)
class _Context:
    """What making one collection's fields needs."""

    defs: Mapping[str, Any]
    choices: Choices
    targets: Mapping[str, Target] = field(default_factory=dict)


def label_of(name: str) -> str:
    return LABELS.get(name) or name.replace("_", " ").capitalize()


def _resolve(schema: Mapping[str, Any], defs: Mapping[str, Any]) -> tuple[Mapping[str, Any], bool]:
    """The schema of a value (``$ref`` followed) and whether ``null`` is allowed too."""
    nullable = False
    options = schema.get("anyOf")
    if options and any(o.get("type") == "null" for o in options):
        nullable = True
        rest = [o for o in options if o.get("type") != "null"]
        schema = {**{k: v for k, v in schema.items() if k != "anyOf"}, **rest[0]}
    ref = schema.get("$ref")
    if ref:
        target = defs[ref.rsplit("/", 1)[-1]]
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema, nullable


def _is_partial_date(schema: Mapping[str, Any]) -> bool:
    return any(option.get("format") == "date" for option in schema.get("anyOf", ()))


def _is_period(schema: Mapping[str, Any]) -> bool:
    options = schema.get("anyOf", ())
    return bool(options) and {o.get("type") for o in options} == {"integer", "string"}


def _pattern_of(schema: Mapping[str, Any]) -> str | None:
    if "pattern" in schema:
        return str(schema["pattern"])
    for option in schema.get("anyOf", ()):
        if option.get("type") == "string" and "pattern" in option:
            return str(option["pattern"])
    return None


def _select(options: Iterable[Option], *, multiple: bool, minimum: int | None) -> dict[str, Any]:
    listed = [{"label": label, "value": value} for value, label in options]
    widget: dict[str, Any] = {"widget": "select", "options": listed}
    if multiple:
        widget["multiple"] = True
        if minimum:
            widget["min"] = minimum
    return widget


def _widget(
    name: str, schema: Mapping[str, Any], context: _Context, *, loose: bool
) -> dict[str, Any]:
    """The widget (and its options) for a value of this schema. ``loose``: the value is part
    of an optional object, whose fields the editor cannot require (see :func:`_fields`)."""
    target = context.targets.get(name)
    items = schema.get("items")
    if target is not None:
        multiple = schema.get("type") == "array"
        return _select(
            context.choices.of(target), multiple=multiple, minimum=schema.get("minItems")
        )
    if "enum" in schema:
        labels = OPTION_LABELS.get(name, {})
        options = [(value, labels.get(value, value)) for value in schema["enum"]]
        return _select(options, multiple=False, minimum=None)
    if schema.get("type") == "object":
        fields = _fields(schema, context, loose=loose)
        return {
            "widget": "object",
            "summary": "{{fields." + fields[0]["name"] + "}}",
            "fields": fields,
        }
    if schema.get("type") == "array" and isinstance(items, Mapping):
        return _list_widget(name, schema, context)
    if schema.get("format") == "date":
        return {
            "widget": "datetime",
            "format": DATE_FORMAT,
            "date_format": "DD-MM-YYYY",
            "time_format": False,
            "picker_utc": True,
        }
    if schema.get("type") == "integer":
        return {"widget": "number", "value_type": "int", "min": schema.get("minimum", 0)}
    return _text_widget(name, schema)


def _list_widget(name: str, schema: Mapping[str, Any], context: _Context) -> dict[str, Any]:
    """A list: of records (each with its fields, open), or of single values."""
    item, _ = _resolve(schema["items"], context.defs)
    widget: dict[str, Any] = {"widget": "list", "label_singular": ITEM_LABELS.get(name, name)}
    if item.get("type") == "object":
        widget["collapsed"] = False
        widget["fields"] = _fields(item, context, loose=False)
        first = next(iter(item.get("properties", {})))
        widget["summary"] = "{{fields." + first + "}}"
    else:
        inner = _widget(name, item, context, loose=False)
        widget["field"] = {"name": name, "label": label_of(name), **inner}
    if schema.get("minItems"):
        widget["min"] = schema["minItems"]
    return widget


def _text_widget(name: str, schema: Mapping[str, Any]) -> dict[str, Any]:
    """A line or a paragraph, with the model's pattern and a Dutch message when it fails."""
    widget: dict[str, Any] = {"widget": "text" if name in LONG_TEXT else "string"}
    pattern = _pattern_of(schema)
    if "maxLength" in schema:
        limit = schema["maxLength"]
        widget["pattern"] = [f"^[\\s\\S]{{1,{limit}}}$", f"Hoogstens {limit} tekens."]
    elif _is_partial_date(schema):
        widget["pattern"] = [PARTIAL_DATE_PATTERN, PARTIAL_DATE_MESSAGE]
    elif _is_period(schema) and pattern:
        widget["pattern"] = [pattern, PERIOD_MESSAGE]
    elif pattern:
        about = str(schema.get("description", "")).rstrip(".")
        message = f"Die vorm klopt niet: {about[:1].lower()}{about[1:]}." if about else ""
        widget["pattern"] = [pattern, message or "Die vorm klopt niet."]
    return widget


def _field(
    name: str, schema: Mapping[str, Any], required: bool, context: _Context, *, loose: bool
) -> dict[str, Any]:
    value, nullable = _resolve(schema, context.defs)
    optional = not required or nullable or loose
    spec: dict[str, Any] = {"name": name, "label": label_of(name)}
    # A nested item's pattern message reads the description of the value; the field's own
    # description (on the property, beside a $ref) is the hint.
    described = {**value, "description": schema.get("description") or value.get("description")}
    spec.update(_widget(name, described, context, loose=loose or optional))
    hint = REFERENCE_HINTS.get(name) if name in context.targets else None
    hint = hint or described.get("description")
    if loose and required and not nullable:
        hint = f"{hint or ''} Nodig zodra je dit deel invult.".strip()
    if hint:
        spec["hint"] = hint
    if optional:
        spec["required"] = False
    if spec["widget"] == "object" and optional:
        spec["collapsed"] = True  # opened when there is something to fill in
    return spec


def _fields(schema: Mapping[str, Any], context: _Context, *, loose: bool) -> list[dict[str, Any]]:
    """The fields of a record. In an optional object (``loose``) none is required: Decap
    would then refuse to save without the object, which the model allows (decap-cms issue
    #2103); the checker still refuses a contact without its role when the pull request is
    checked, and the hint says the field is needed once the object is filled in."""
    required = set(schema.get("required", ()))
    return [
        _field(name, prop, name in required, context, loose=loose)
        for name, prop in schema.get("properties", {}).items()
    ]


# --- collections ----------------------------------------------------------------------------


def _modeline(schema_name: str, folder: str) -> str:
    """The comment above a file's first field (``yaml-language-server: $schema=…``): Decap
    writes it as the first line, as ``make new-*`` does (tests/test_schema.py wants it)."""
    return modeline(schema_name, Path(folder), Path(SCHEMA_FOLDER)).removeprefix("# ")


def kind_collection(
    kind: ContentKind, choices: Choices, content_path: str = "content"
) -> dict[str, Any]:
    """The folder collection of one content kind."""
    schema = build_schema(kind_schema(kind))
    targets = {**REFERENCE_FIELDS, **{ref.field: ref.target for ref in kind.references}}
    context = _Context(schema.get("$defs", {}), choices, targets)
    fields = _fields(schema, context, loose=False)
    folder = f"{content_path}/{kind.folder}"
    fields[0]["comment"] = _modeline(kind.schema_name, folder)
    body: dict[str, Any] = {"name": "body", "label": "Tekst", "widget": "markdown"}
    body.update({"hint": BODY_HINT, "sanitize_preview": True})
    if kind.scaffold is not None:
        body["default"] = kind.scaffold.body
    fields.append(body)
    collection: dict[str, Any] = {
        "name": kind.folder,
        "label": kind.title,
        "label_singular": kind.singular,
        "description": kind.intro,
        "folder": folder,
        "extension": "md",
        "format": "frontmatter",
        "create": True,
        "delete": False,
        "slug": "{{slug}}",
        "identifier_field": "title",
        "summary": "{{title}}",
        "editor": {"preview": False},
        "fields": fields,
    }
    if kind.list_url is not None:
        collection["preview_path"] = kind.entry_url("{{slug}}").lstrip("/")
    return collection


def municipality_collection(choices: Choices, data_path: str = "data") -> dict[str, Any]:
    """The municipality records: their own website, contact point and introduction; the
    fields from the reference data are hidden and kept."""
    spec = DATA_SCHEMAS[0]
    schema = build_schema(spec)
    context = _Context(schema.get("$defs", {}), choices, {})
    fields = []
    for item in _fields(schema, context, loose=False):
        if item["name"] in MUNICIPALITY_KEPT:
            item = {"name": item["name"], "label": item["label"], "widget": "hidden"}
            item["required"] = False
        fields.append(item)
    folder = f"{data_path}/municipalities"
    fields[0]["comment"] = _modeline(spec.name, folder)
    return {
        "name": "gemeenten",
        "label": "Gemeenten",
        "label_singular": "Gemeente",
        "description": (
            "De fiche van je gemeente: haar website, haar contactpunt en een korte voorstelling. "
            "NIS-code, naam, bevolking en postcodes komen uit de referentiegegevens en blijven "
            "zoals ze zijn."
        ),
        "folder": folder,
        "extension": "yaml",
        "format": "yaml",
        "create": False,
        "delete": False,
        "identifier_field": "name",
        "summary": "{{name}} ({{nis_code}})",
        "sortable_fields": ["name", "nis_code"],
        "editor": {"preview": False},
        "fields": fields,
    }


def github_repo(repository_url: str) -> str | None:
    """``https://github.com/owner/name`` → ``owner/name`` (``None`` for other hosts)."""
    parts = urlsplit(repository_url)
    path = parts.path.strip("/").removesuffix(".git")
    if parts.netloc.lower() != "github.com" or path.count("/") != 1:
        return None
    return path


def editor_config(
    settings: ShowcaseSettings,
    choices: Choices,
    kinds: Registry = KINDS,
    *,
    site_url: str = "",
    local_port: int = LOCAL_BACKEND_PORT,
) -> dict[str, Any]:
    """Decap's ``config.yml`` as a mapping: the backend, then one collection per kind that
    contributors may add to, then the municipality records."""
    # A change becomes a pull request (the editorial workflow), which the checks of the
    # repository judge before a maintainer merges it. With open authoring, staff without
    # write access to the repository work in a fork of their own (docs/publishing.md).
    backend: dict[str, Any] = {
        "name": "github",
        "branch": settings.editor_branch,
        "open_authoring": True,
    }
    repo = github_repo(settings.repository_url)
    if repo is not None:
        backend["repo"] = repo
    if settings.editor_auth_url:
        auth = urlsplit(settings.editor_auth_url)
        backend["base_url"] = f"{auth.scheme}://{auth.netloc}"
        backend["auth_endpoint"] = auth.path.lstrip("/") or "auth"
    config: dict[str, Any] = {
        "locale": "nl",
        "backend": backend,
        "publish_mode": "editorial_workflow",
        "local_backend": {"url": f"http://localhost:{local_port}/api/v1"},
        "logo": {"src": f"{site_url.rstrip('/')}/theme/img/favicon.svg"},
        "media_folder": f"{settings.content_path}/media",
        "public_folder": "/media",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
    }
    if site_url:
        config["site_url"] = site_url
        config["display_url"] = site_url
    collections = [
        kind_collection(kind, choices, settings.content_path)
        for kind in scaffold_kinds(kinds).values()
    ]
    collections.append(municipality_collection(choices, settings.data_path))
    config["collections"] = collections
    return config


CONFIG_HEADER = (
    "# Made by the build from the models (plugins/showcase/contribute/editor.py): do not edit.\n"
)


def render_config(config: Mapping[str, Any]) -> str:
    """``config.yml``: YAML in the order given, UTF-8 kept readable."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when there, same text
    text = yaml.dump(
        dict(config),
        Dumper=dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )
    return CONFIG_HEADER + text


def render_editor_page(site_name: str, site_url: str = "", csp: str = EDITOR_CSP) -> str:
    """``/admin/index.html``: the Decap bundle and the editor's own script, nothing inline."""
    base = html.escape(site_url.rstrip("/"))
    return (
        "<!doctype html>\n"
        '<html lang="nl">\n'
        "<head>\n"
        '  <meta charset="utf-8">\n'
        '  <meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'  <meta http-equiv="Content-Security-Policy" content="{html.escape(csp)}">\n'
        '  <meta name="robots" content="noindex, nofollow">\n'
        f"  <title>Redactie | {html.escape(site_name)}</title>\n"
        f'  <link rel="icon" href="{base}/theme/img/favicon.svg" type="image/svg+xml">\n'
        "</head>\n"
        "<body>\n"
        "  <noscript>De redactie werkt alleen met JavaScript.</noscript>\n"
        f'  <script src="{base}/{DECAP_FOLDER}/decap-cms.js"></script>\n'
        f'  <script src="{base}/theme/js/editor.js"></script>\n'
        "</body>\n"
        "</html>\n"
    )


def editor_files(
    settings: ShowcaseSettings,
    choices: Choices,
    kinds: Registry = KINDS,
    *,
    site_name: str,
    site_url: str = "",
    local_port: int = LOCAL_BACKEND_PORT,
) -> dict[str, str]:
    """The editor's files on the site, by path: ``admin/index.html`` and ``admin/config.yml``
    (:data:`EDITOR_FILES`)."""
    config = editor_config(settings, choices, kinds, site_url=site_url, local_port=local_port)
    return {
        f"{EDITOR_FOLDER}/index.html": render_editor_page(
            site_name, site_url, editor_csp(local_port)
        ),
        f"{EDITOR_FOLDER}/config.yml": render_config(config),
    }


EDITOR_FILES = ("index.html", "config.yml")
"""The files :func:`editor_files` writes in the editor's folder."""
