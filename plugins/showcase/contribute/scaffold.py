"""Scaffolding: ``python -m showcase new KIND`` for every content kind with a scaffold.

Writes ``content/<rubric>/<slug>.md`` with every field of the model present and commented in
Dutch, the way CONTRIBUTING.md shows them. What only the contributor knows (the summary, a
source, the text) is marked ``TODO``: the file validates as written, and the checker warns about
each ``TODO`` until it is replaced (:mod:`showcase.derive.warnings`).

Municipalities and themes are checked against the real data before anything is written; an
unknown one is refused with a "did you mean" hint. An existing file is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from showcase.contribute.references import References, load_references
from showcase.derive.warnings import PLACEHOLDER
from showcase.kinds import KINDS, ContentKind, Registry
from showcase.load.dataset import Layout, load_entry_file
from showcase.schema.jsonschema import SCHEMA_FOLDER, modeline
from showcase.schema.models import (
    SLUG_RE,
)


def scaffold_kinds(kinds: Registry = KINDS) -> dict[str, ContentKind]:
    """The kinds ``python -m showcase new`` can write, by name."""
    return {kind.name: kind for kind in kinds if kind.scaffold is not None}


MAX_SLUG_LENGTH = 60
COMMENT_COLUMN = 30


class ScaffoldError(Exception):
    """A request that cannot be written; ``usage`` says whether it was bad input (exit 2)."""

    def __init__(self, message: str, *, usage: bool = True) -> None:
        super().__init__(message)
        self.message = message
        self.usage = usage


@dataclass(frozen=True)
class Request:
    """What a contributor asked for."""

    kind: str
    title: str
    municipalities: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    slug: str | None = None
    values: Mapping[str, Any] = field(default_factory=dict)
    """Other front-matter fields, already known (``from-issue`` fills them from a form)."""
    body: str | None = None
    """The text under the front matter; ``None`` writes the kind's scaffold with ``TODO``."""


def split_values(values: Iterable[str]) -> list[str]:
    """``['gent, aalst', 'brugge']`` → ``['gent', 'aalst', 'brugge']``: repeated or comma lists."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def resolve_municipalities(values: Iterable[str], refs: References) -> tuple[list[str], list[str]]:
    """The slugs of ``values`` (name, slug or NIS code), and a message for each unknown one."""
    return refs.resolve_all(refs.municipalities, values)


def resolve_themes(values: Iterable[str], refs: References) -> tuple[list[str], list[str]]:
    """The slugs of ``values`` (slug or label), and a message for each unknown one."""
    return refs.resolve_all(refs.themes, values)


def resolve_regions(values: Iterable[str], refs: References) -> tuple[list[str], list[str]]:
    """The slugs of ``values`` (slug or name), and a message for each unknown one."""
    return refs.resolve_all(refs.regions, values)


def slugify(title: str) -> str:
    """``'Slimme verlichting op het Marktplein!'`` → ``'slimme-verlichting-op-het-marktplein'``."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[:MAX_SLUG_LENGTH].rsplit("-", 1)[0]
    return slug


# --- the file ---------------------------------------------------------------------------------

# Comments per field, in the style of CONTRIBUTING.md; a field without one here gets the
# description from the model, so a new field is never written without a comment.
HINTS: dict[str, str] = {
    "title": "titel zoals bezoekers hem zien",
    "summary": "één zin, max. 300 tekens",
    "kind": "project of proeftuin (living lab)",
    "municipalities": "slug of NIS-code ('44021'); een gefuseerde gemeente mag",
    "regions": "regio's uit data/regions.yaml, bv. [westhoek]",
    "themes": "uit data/themes.yaml",
    "status": "idee, pilot, lopend, afgerond, opgeschaald of stopgezet",
    "start": "jaar (2024) of jaar-maand tussen aanhalingstekens ('2024-03'); leeg als de bron het niet zegt",
    "end": "zelfde vorm; leeg zolang het project loopt",
    "partners": "partners en hun soort; leeg laten mag",
    "funding": "financiering; leeg laten mag",
    "results": "wat het opleverde, met cijfers zoals de bron ze geeft",
    "contact": "functie of dienst (geen naam), een mailbox of contactpagina, en de bron",
    "links": "verdere links, zoals de projectpagina",
    "inspired_by": "projecten (bestandsnaam zonder .md) die dit project inspireerden",
    "replicates": "projecten die dit project elders overdoet of opschaalt",
    "reuse": "gemeenten die het ook doen of willen doen; het formulier 'Wij doen dit ook' vult dit aan",
    "sources": "minstens één bron",
    "last_reviewed": "dag waarop je de fiche naleest",
    "projects": "projecten (bestandsnaam zonder .md) waarover het gaat",
    "date": "publicatiedatum",
    "audience": "gemeenten of vereniging",
}
# Examples shown as comments under an empty list or an empty contact.
EXAMPLES: dict[str, list[str]] = {
    "partners": [
        "- name: Voorbeeldbedrijf",
        "  type: bedrijf   # bedrijf, kennisinstelling, overheid, intercommunale,",
        "                  # vzw/burgerinitiatief of andere",
    ],
    "funding": [
        '- programme: "Naam van het programma of de financier"',
        "  amount: 25000   # in euro, zonder punten of spaties",
        "  year: 2024",
    ],
    "results": ['- "Wat het project opleverde."'],
    "contact": [
        "role: Dienst Openbaar Domein   # functie of dienst, geen naam",
        "email: openbaardomein@gemeente.be   # of url: een contactpagina met https://",
        "source:   # de publieke pagina die dit contact vermeldt",
        "  title: Contact",
        "  url: https://www.gemeente.be/contact",
        "  accessed: 2026-11-26",
    ],
    "links": ["- title: Projectpagina", "  url: https://www.gemeente.be/project"],
    "sources": [
        '- title: "Titel van het artikel of de pagina"',
        "  url: https://www.gemeente.be/nieuws/artikel",
        "  date: 2024-05-02   # publicatiedatum; '2024-05' of 2024 mag",
        "  accessed: 2026-11-26   # dag waarop je de bron las",
    ],
}


def _quoted(text: str) -> str:
    """A YAML double-quoted string (JSON's escapes are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def _line(text: str, comment: str) -> str:
    return f"{text.ljust(COMMENT_COLUMN - 1)} # {comment}" if comment else text


def _known(name: str, value: Any, comment: str) -> list[str]:
    """A field whose value is known, as YAML that cannot break out of its field."""
    if isinstance(value, str):
        return [_line(f"{name}: {_quoted(value)}", comment)]
    dumped = yaml.safe_dump(
        {name: value}, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False
    ).splitlines()
    return [_line(dumped[0], comment), *dumped[1:]]


def render_entry(request: Request, today: dt.date, kinds: Registry = KINDS) -> str:
    """The text of a new entry: front matter with every field, then a body to write."""
    kind = kinds[request.kind]
    assert kind.scaffold is not None, f"{kind.name} is not offered by `new`"
    model, folder = kind.model, Path(kind.folder)
    values: dict[str, str] = {
        "title": _quoted(request.title),
        "summary": _quoted(f"{PLACEHOLDER}: {kind.scaffold.summary}"),
        "kind": "project",
        "municipalities": _flow(request.municipalities),
        "municipality": request.municipalities[0] if request.municipalities else "",
        "regions": _flow(request.regions),
        "themes": _flow(request.themes),
        "status": "lopend",
        "audience": "gemeenten",
        "date": today.isoformat(),
        "last_reviewed": today.isoformat(),
    }
    lines = ["---", modeline(kind.schema_name, folder, Path("..") / SCHEMA_FOLDER)]
    for name, info in model.model_fields.items():
        comment = (
            kind.scaffold.hints.get(name) or HINTS.get(name) or (info.description or "").rstrip(".")
        )
        if name in request.values and name not in ("municipalities", "regions", "themes"):
            lines.extend(_known(name, request.values[name], comment))
            continue
        if name == "sources" and info.is_required():
            lines.append(_line("sources:", comment))
            lines.append(f'  - title: "{PLACEHOLDER}: titel van het artikel of de pagina"')
            lines.append(f'    url: "https://example.org/{PLACEHOLDER}"')
            lines.append(
                _line(
                    "    date:",
                    "publicatiedatum: 2024-05-02, of '2024-05' of 2024 als de bron niet meer zegt",
                )
            )
            lines.append(_line(f"    accessed: {today.isoformat()}", "dag waarop je de bron las"))
            continue
        if name in values:
            value = values[name]
        elif info.default_factory is list:
            value = "[]"
        else:
            value = ""  # an optional field, left empty
        examples = EXAMPLES.get(name, [])
        if examples:
            comment += "; bv.:"
        lines.append(_line(f"{name}: {value}".rstrip(), comment))
        # Remove '# ' (and the '[]') to use an example.
        lines.extend(f"#   {example}" for example in examples)
    lines.append("---")
    body = kind.scaffold.body if request.body is None else request.body.strip("\n") + "\n"
    return "\n".join(lines) + "\n" + body


# --- asking and writing -----------------------------------------------------------------------


def entry_path(layout: Layout, request: Request) -> Path:
    kind = layout.kinds[request.kind]
    slug = request.slug or slugify(request.title)
    if not slug or not SLUG_RE.match(slug):
        raise ScaffoldError(
            f"van de titel {request.title!r} kan geen bestandsnaam gemaakt worden: geef --slug, "
            "bv. --slug slimme-verlichting"
        )
    return layout.entries(kind) / f"{slug}.md"


def _choices(names: list[str]) -> str:
    """``'a, b of c'``."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} of {names[-1]}"


def needs_one_municipality(kind: ContentKind) -> bool:
    """Whether an entry of ``kind`` names exactly one municipality (else a list)."""
    reference = kind.reference("municipality")
    return reference is not None and not reference.many


def needs_themes(kind: ContentKind) -> bool:
    reference = kind.reference("theme")
    return reference is not None and kind.model.model_fields[reference.field].is_required()


def check_request(request: Request, refs: References, kinds: Registry = KINDS) -> Request:
    """The request with every reference as a slug; refused with every problem at once."""
    problems: list[str] = []
    offered = scaffold_kinds(kinds)
    kind = offered.get(request.kind)
    if kind is None:
        problems.append(f"onbekende soort '{request.kind}': kies uit {_choices(list(offered))}")
    if not request.title.strip():
        problems.append("de titel is leeg")
    municipalities, found = resolve_municipalities(request.municipalities, refs)
    problems += found
    themes, found = resolve_themes(request.themes, refs)
    problems += found
    regions, found = resolve_regions(request.regions, refs)
    problems += found
    if kind is not None:
        problems += shape_problems(kind, request)
    if problems:
        raise ScaffoldError("\n".join(problems))
    return Request(
        request.kind,
        request.title.strip(),
        municipalities,
        themes,
        regions,
        request.slug,
        request.values,
        request.body,
    )


def shape_problems(kind: ContentKind, request: Request) -> list[str]:
    """What the kind's references ask of a request: how many municipalities, regions, themes."""
    problems = []
    if needs_one_municipality(kind):
        if len(request.municipalities) != 1:
            problems.append(f"een {kind.singular.lower()} heeft precies één gemeente")
    elif not (request.municipalities or request.regions or request.values.get("organisation")):
        others = ["een regio"] if kind.reference("region") is not None else []
        if "organisation" in kind.model.model_fields:
            others.append("een organisatie")
        instead = f" (of {' of '.join(others)})" if others else ""
        problems.append(f"een {kind.singular.lower()} heeft minstens één gemeente nodig{instead}")
    if needs_themes(kind) and not request.themes:
        problems.append(f"een {kind.singular.lower()} heeft minstens één thema nodig")
    if request.regions and kind.reference("region") is None:
        problems.append(f"een {kind.singular.lower()} heeft geen regio's")
    return problems


def write_entry(
    layout: Layout, request: Request, today: dt.date | None = None, *, checked: bool = True
) -> Path:
    """Check ``request`` against the data, then write the new entry; return its path.

    ``checked=False`` leaves checking the written file to the caller (``from-issue`` runs the
    whole checker and removes the file itself)."""
    refs = load_references(layout)
    request = check_request(request, refs, layout.kinds)
    path = entry_path(layout, request)
    shown = path.relative_to(layout.root).as_posix()
    if path.exists():
        raise ScaffoldError(
            f"{shown} bestaat al: pas dat bestand aan, of kies een andere titel (of --slug)",
            usage=False,
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    text = render_entry(request, today or dt.date.today(), layout.kinds)
    path.write_text(text, encoding="utf-8")
    if not checked:
        return path
    loaded, problems = load_entry_file(path, layout.kinds[request.kind].model, layout.root)
    if loaded is None:  # a bug in the template: never leave an invalid file behind
        path.unlink()
        details = "; ".join(p.format_text() for p in problems)
        raise ScaffoldError(f"het nieuwe bestand is niet geldig: {details}", usage=False)
    return path


Ask = Callable[[str], str]


def ask_request(
    kind: ContentKind,
    title: str | None,
    municipalities: list[str],
    themes: list[str],
    refs: References,
    ask: Ask,
    say: Callable[[str], None],
    *,
    need_municipalities: bool = True,
) -> tuple[str, list[str], list[str]]:
    """Ask, in Dutch, for what is missing; repeat a question until the answer is known."""
    while not (title or "").strip():
        title = ask("Titel: ").strip()
    single = needs_one_municipality(kind)
    while need_municipalities and not municipalities:
        question = "Gemeente" if single else "Gemeenten (gescheiden door komma's)"
        answer = split_values([ask(f"{question} (slug, NIS-code of naam): ")])
        _, problems = resolve_municipalities(answer, refs)
        for problem in problems:
            say(problem)
        if single and len(answer) > 1:
            say(f"een {kind.singular.lower()} heeft precies één gemeente")
        elif answer and not problems:
            municipalities = answer
    required = needs_themes(kind)
    while not themes:
        optional = "" if required else " (leeg laten mag)"
        answer = split_values([ask(f"Thema's, gescheiden door komma's{optional}: ")])
        _, problems = resolve_themes(answer, refs)
        for problem in problems:
            say(problem)
        if not problems and (answer or not required):
            themes = answer
            if not answer:
                break
    assert title is not None
    return title, municipalities, themes
