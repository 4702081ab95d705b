"""The issue forms contributors fill in on GitHub, without git: made from the models.

Each content kind may name its form (``ContentKind.issue_form``); its fields follow the kind's
model, in the model's order, through :data:`FIELD_FORMS` (how a model field is asked for) and
:data:`NOT_ASKED` (what the form leaves to the writer, with the reason). Two more forms are not a
kind: ``gemeente.yml`` (a website or contact point of a municipality) and ``interesse.yml`` (a
municipality that does a project too, or wants to: a ``reuse`` declaration). ``correctie.yml``
stays hand-written: an editor handles it.

``python -m showcase forms`` writes the forms to ``.github/ISSUE_TEMPLATE/``; ``--check``
fails when a checked-in form differs from what the models make (tests run it), so a form and
its model cannot drift apart. ``python -m showcase from-issue`` reads what GitHub makes of a
filled-in form (:mod:`showcase.contribute.issues`).
"""

from __future__ import annotations

import json
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlencode

import yaml

from showcase.kinds import KINDS, ContentKind, Registry

FORMS_FOLDER = ".github/ISSUE_TEMPLATE"
FORM_LABEL = "via formulier"
"""Every form that ``from-issue`` turns into a pull request carries this label (the workflow's
trigger); a second label, ``formulier: <name>``, says which form."""

Element = Literal["input", "textarea", "dropdown", "checkboxes"]
Shape = Literal[
    "text",
    "line",
    "choice",
    "municipalities",
    "municipality",
    "themes",
    "regions",
    "projects",
    "project",
    "period",
    "date",
    "partners",
    "funding",
    "results",
    "links",
    "sources",
    "source",
    "contact_role",
    "contact_address",
    "contact_source",
    "website",
    "body",
    "consent",
]
"""How :mod:`showcase.contribute.issues` reads a field's answer."""


@dataclass(frozen=True)
class FormField:
    """One question of a form. ``id`` is the model field it fills, where there is one."""

    id: str
    element: Element
    label: str
    shape: Shape
    description: str = ""
    placeholder: str = ""
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    """``(what the form shows, the value written)`` for a dropdown."""
    max_length: int = 300
    target: str | None = None
    """The model field it fills when that is not ``id`` (the contact's three parts)."""

    @property
    def field_name(self) -> str:
        return self.target or self.id

    def as_github(self) -> dict[str, Any]:
        """The form element as GitHub's issue-form syntax wants it."""
        attributes: dict[str, Any] = {"label": self.label}
        if self.description:
            attributes["description"] = self.description
        if self.placeholder:
            attributes["placeholder"] = self.placeholder
        if self.element == "dropdown":
            attributes["options"] = [shown for shown, _ in self.choices]
        item: dict[str, Any] = {"type": self.element, "id": self.id, "attributes": attributes}
        if self.element == "checkboxes":
            attributes["options"] = [{"label": self.description, "required": True}]
            del attributes["description"]
            return item
        if self.required:
            item["validations"] = {"required": True}
        return item


@dataclass(frozen=True)
class Form:
    """One issue form: its file, how it presents itself, and its questions."""

    name: str
    """The file's stem (``project``) and the second label (``formulier: project``)."""
    title: str
    """What a visitor does with it, as the form's name and the contribution page say it."""
    description: str
    issue_title: str
    intro: str
    fields: tuple[FormField, ...]
    kind: ContentKind | None = None
    """The content kind whose entries it writes; ``None`` for the gemeente and interesse forms."""

    @property
    def file(self) -> str:
        return f"{self.name}.yml"

    @property
    def labels(self) -> list[str]:
        return [FORM_LABEL, f"formulier: {self.name}"]

    def url(self, repository_url: str, **prefill: str) -> str:
        """The form's address on GitHub; ``prefill`` fills fields by id (GitHub allows it)."""
        return _address(repository_url, self.file, prefill)

    def by_label(self) -> dict[str, FormField]:
        return {f.label: f for f in self.fields}

    def as_github(self) -> dict[str, Any]:
        body: list[dict[str, Any]] = [{"type": "markdown", "attributes": {"value": self.intro}}]
        body += [f.as_github() for f in self.fields]
        return {
            "name": self.title,
            "description": self.description,
            "title": self.issue_title,
            "labels": self.labels,
            "body": body,
        }


# --- the questions --------------------------------------------------------------------------

SOURCE_HELP = (
    "Eén per regel: de titel van de pagina, dan het adres (https://…), dan de datum als de pagina "
    "er een geeft (2024-05-02, 2024-05 of 2024)."
)


def _choices(values: Iterable[str]) -> tuple[tuple[str, str], ...]:
    return tuple((value, value) for value in values)


def _literal(model: type[Any], name: str) -> tuple[str, ...]:
    """The options of a ``Literal`` field (``status``: idee, pilot, …)."""
    annotation = model.model_fields[name].annotation
    return tuple(typing.get_args(annotation))


def contact_fields(about: str) -> tuple[FormField, ...]:
    """A contact point in three questions: who, how, and where it is public."""
    return (
        FormField(
            "contact_role",
            "input",
            "Contactpunt: functie of dienst",
            "contact_role",
            f"Wie bezoekers aanspreken over {about}: een functie of dienst, geen naam van een persoon.",
            "Dienst Mobiliteit",
            target="contact",
        ),
        FormField(
            "contact_address",
            "input",
            "Contactpunt: e-mailadres of contactpagina",
            "contact_address",
            "Een functionele mailbox op het domein van de organisatie, of een contactpagina met https://.",
            "mobiliteit@gemeente.be",
            target="contact",
        ),
        FormField(
            "contact_source",
            "input",
            "Contactpunt: publieke pagina die het vermeldt",
            "contact_source",
            "Titel en adres (https://…) van een publieke pagina waarop dit contactpunt staat.",
            "Contact – https://www.gemeente.be/contact",
            target="contact",
        ),
    )


def _references(name: str, label: str, what: str, example: str, *, required: bool) -> FormField:
    shape: Shape = "projects" if name in ("inspired_by", "replicates") else name  # type: ignore[assignment]
    return FormField(name, "input", label, shape, what, example, required)


FIELD_FORMS: dict[str, tuple[FormField, ...]] = {
    "title": (
        FormField(
            "title",
            "input",
            "Titel",
            "line",
            "Zoals bezoekers hem zien; kort en concreet.",
            "Slimme verlichting op het marktplein",
            True,
            max_length=150,
        ),
    ),
    "summary": (
        FormField(
            "summary",
            "textarea",
            "Samenvatting",
            "text",
            "Eén zin die zegt waarover het gaat (hoogstens 300 tekens).",
            required=True,
        ),
    ),
    "municipalities": (
        _references(
            "municipalities",
            "Gemeenten",
            "De gemeenten, gescheiden door komma's: naam of NIS-code; een gefuseerde gemeente mag.",
            "Gent, Aalst",
            required=False,
        ),
    ),
    "regions": (
        _references(
            "regions",
            "Regio's",
            "Als het regionaal is: regio's uit de showcase (intercommunales, samenwerkingsverbanden), gescheiden door komma's.",
            "Westhoek",
            required=False,
        ),
    ),
    "themes": (
        _references(
            "themes",
            "Thema's",
            "Thema's van de showcase (zie de pagina Thema's), gescheiden door komma's.",
            "Openbare verlichting, Energie en klimaat",
            required=False,
        ),
    ),
    "projects": (
        _references(
            "projects",
            "Projecten",
            "Projecten op de showcase waarover het gaat: titel of adres van de pagina, gescheiden door komma's.",
            "Telraam Leuven",
            required=False,
        ),
    ),
    "organisation": (
        FormField(
            "organisation",
            "input",
            "Organisatie",
            "line",
            "Wie het vertelt, als dat geen gemeente is (bv. een intercommunale of een programma).",
            max_length=150,
        ),
    ),
    "status_as_of": (
        FormField(
            "status_as_of",
            "input",
            "Stand van zaken volgens een bron van",
            "period",
            "Jaar (2024) of jaar en maand (2024-03) van de bron die de stand van zaken noemt, als die ouder is dan een jaar.",
            max_length=7,
        ),
    ),
    "start": (
        FormField(
            "start",
            "input",
            "Start",
            "period",
            "Jaar (2024) of jaar en maand (2024-03); leeg als je het niet weet.",
            max_length=7,
        ),
    ),
    "end": (
        FormField(
            "end",
            "input",
            "Einde",
            "period",
            "Jaar of jaar en maand; leeg zolang het loopt.",
            max_length=7,
        ),
    ),
    "date": (
        FormField(
            "date",
            "input",
            "Datum",
            "date",
            "Wanneer de bron het vertelde: 2024-05-02, of 2024-05 of 2024 als de bron niet meer zegt.",
            max_length=10,
        ),
    ),
    "partners": (
        FormField(
            "partners",
            "textarea",
            "Partners",
            "partners",
            "Eén per regel: naam, een streepje, en de soort (bedrijf, kennisinstelling, overheid, intercommunale, vzw/burgerinitiatief of andere).",
            "Voorbeeldbedrijf – bedrijf",
            max_length=5000,
        ),
    ),
    "funding": (
        FormField(
            "funding",
            "textarea",
            "Financiering",
            "funding",
            "Eén per regel: programma of financier – bedrag in euro – jaar, voor zover de bron het zegt.",
            "City of Things (VLAIO) – 25000 – 2024",
            max_length=5000,
        ),
    ),
    "results": (
        FormField(
            "results",
            "textarea",
            "Resultaten",
            "results",
            "Wat het opleverde, met cijfers zoals de bron ze geeft; één per regel.",
            max_length=5000,
        ),
    ),
    "contact": contact_fields("dit project"),
    "links": (
        FormField(
            "links",
            "textarea",
            "Links",
            "links",
            "Verdere links, zoals de projectpagina: één per regel, titel en adres.",
            "Projectpagina – https://www.gemeente.be/project",
            max_length=5000,
        ),
    ),
    "inspired_by": (
        _references(
            "inspired_by",
            "Geïnspireerd door",
            "Projecten op de showcase waardoor dit project geïnspireerd werd: titel of adres, gescheiden door komma's.",
            "",
            required=False,
        ),
    ),
    "replicates": (
        _references(
            "replicates",
            "Doet over of schaalt op",
            "Projecten op de showcase die dit project elders overdoet of opschaalt: titel of adres, gescheiden door komma's.",
            "",
            required=False,
        ),
    ),
    "sources": (
        FormField(
            "sources",
            "textarea",
            "Bronnen",
            "sources",
            SOURCE_HELP,
            "Slimme verlichting op het marktplein – https://www.gemeente.be/nieuws/verlichting – 2024-05-02",
            True,
            max_length=10000,
        ),
    ),
}
"""How each model field is asked for; the contact is three questions."""

NOT_ASKED: dict[str, str] = {
    "last_reviewed": "de dag waarop de fiche gemaakt wordt",
    "reuse": "het formulier 'interesse' voegt gemeenten toe",
}
"""Model fields a form leaves out, and what fills them instead."""

CONSENT = FormField(
    "consent",
    "checkboxes",
    "Afspraken",
    "consent",
    "De tekst is in mijn eigen woorden, noemt geen personen bij naam, en elk feit staat in een bron die ik opgaf.",
)
INTRO = (
    "Dank je! Uit dit formulier maakt een automatische controle meteen een voorstel voor de site, "
    "of ze zegt hier wat er nog ontbreekt. Een redacteur leest mee voor het online komt.\n\n"
    "Schrijf in je eigen woorden en verzin niets: geen namen van personen, geen cijfers die niet in "
    "een bron staan. Gemeenten en thema's mag je bij hun naam noemen."
)


def _kind_field(kind: ContentKind, name: str) -> tuple[FormField, ...]:
    """The questions for model field ``name`` of ``kind``: required as the model says, choices
    from the model's options."""
    info = kind.model.model_fields[name]
    if name in FIELD_FORMS:
        asked = FIELD_FORMS[name]
        if len(asked) == 1 and info.is_required() and not asked[0].required:
            return (replace(asked[0], required=True),)
        return asked
    options = _literal(kind.model, name)
    if options:
        return (
            FormField(
                name,
                "dropdown",
                name.replace("_", " ").capitalize(),
                "choice",
                (info.description or "").rstrip("."),
                required=info.is_required(),
                choices=_choices(options),
            ),
        )
    raise KeyError(name)


DROPDOWN_LABELS = {"kind": "Soort", "status": "Stand van zaken", "audience": "Voor wie"}


def kind_form(kind: ContentKind) -> Form:
    """The issue form of a content kind, made from its model."""
    assert kind.issue_form is not None
    asked: list[FormField] = []
    for name in kind.model.model_fields:
        if name in NOT_ASKED:
            continue
        for question in _kind_field(kind, name):
            label = DROPDOWN_LABELS.get(question.id, question.label)
            asked.append(replace(question, label=label))
    body = FormField(
        "body",
        "textarea",
        "Beschrijving",
        "body",
        (kind.scaffold.form_body if kind.scaffold else "") or "De tekst, in je eigen woorden.",
        required=True,
        max_length=20000,
    )
    singular = kind.singular.lower()
    return Form(
        name=Path(kind.issue_form).stem,
        title=f"{kind.singular} toevoegen",
        description=(kind.scaffold.form_description if kind.scaffold else "")
        or f"Uit je antwoorden maken we een {singular} voor de showcase.",
        issue_title=f"{kind.singular}: ",
        intro=INTRO,
        fields=(*asked, body, CONSENT),
        kind=kind,
    )


MUNICIPALITY = FormField(
    "municipality",
    "input",
    "Gemeente",
    "municipality",
    "De naam of de NIS-code van de gemeente.",
    "Lommel",
    True,
    max_length=100,
)


def municipality_form() -> Form:
    """``gemeente.yml``: the official website or a contact point of a municipality."""
    return Form(
        name="gemeente",
        title="Website of contactpunt van een gemeente",
        description="Vul de officiële website of het contactpunt van een gemeente aan, of verbeter het.",
        issue_title="Gemeente: ",
        intro=INTRO,
        fields=(
            MUNICIPALITY,
            FormField(
                "website",
                "input",
                "Officiële website",
                "website",
                "De startpagina van de gemeente, met https://.",
                "https://www.lommel.be/",
                target="website",
            ),
            FormField(
                "website_source",
                "input",
                "Pagina op die website die het staaft",
                "source",
                "Titel en adres van een pagina op die website waaruit blijkt dat ze van de gemeente is (bv. de contactpagina).",
                "Contact – https://www.lommel.be/contact",
                target="website",
            ),
            *contact_fields("de slimme-stadsprojecten van de gemeente"),
            CONSENT,
        ),
    )


STAGE_CHOICES = (
    ("Wij doen dit ook", "in-gebruik"),
    ("Wij willen dit ook doen", "interesse"),
)


def interest_form() -> Form:
    """``interesse.yml``: "wij doen dit ook" or "wij willen dit ook", for an existing project."""
    return Form(
        name="interesse",
        title="Wij doen dit ook",
        description="Laat weten dat je gemeente een project uit de showcase ook doet of wil doen, zodat anderen jullie vinden.",
        issue_title="Wij doen dit ook: ",
        intro=INTRO,
        fields=(
            FormField(
                "project",
                "input",
                "Project",
                "project",
                "De titel of het adres van het project op de showcase.",
                "Telraam Leuven",
                True,
                max_length=300,
            ),
            MUNICIPALITY,
            FormField(
                "stage",
                "dropdown",
                "Wat doet je gemeente?",
                "choice",
                required=True,
                choices=STAGE_CHOICES,
            ),
            FormField(
                "source",
                "input",
                "Publieke pagina",
                "source",
                "Als er een is: titel en adres van een pagina van je gemeente erover.",
                target="source",
            ),
            *contact_fields("dit project in jullie gemeente"),
            CONSENT,
        ),
    )


def all_forms(kinds: Registry = KINDS) -> list[Form]:
    """Every generated form: the kinds' (in registry order), then gemeente and interesse."""
    forms = [kind_form(kind) for kind in kinds if kind.issue_form is not None]
    return [*forms, municipality_form(), interest_form()]


def form_named(name: str, kinds: Registry = KINDS) -> Form | None:
    """The form whose file is ``name`` (``project.yml`` or ``project``)."""
    stem = Path(name).stem
    return next((form for form in all_forms(kinds) if form.name == stem), None)


@dataclass(frozen=True)
class Link:
    """A form as the contribution page lists it."""

    label: str
    url: str


HAND_WRITTEN_FORMS = {"correctie": "Een fout of iets verouderds melden"}
"""Forms an editor handles by hand (no file is made from them), by name, with their label."""


def _address(repository_url: str, file: str, prefill: Mapping[str, str]) -> str:
    query = urlencode({"template": file, **prefill})
    return f"{repository_url.rstrip('/')}/issues/new?{query}"


class FormAddresses:
    """The address of any form by name (``project``, ``correctie.yml``), fields filled in;
    the forms are made once (the build asks for one or more on each of thousands of pages)."""

    def __init__(self, kinds: Registry, repository_url: str) -> None:
        self.forms = {form.name: form for form in all_forms(kinds)}
        self.repository_url = repository_url

    def __call__(self, name: str, **prefill: str) -> str:
        stem = Path(name).stem
        form = self.forms.get(stem)
        if form is not None:
            return form.url(self.repository_url, **prefill)
        if stem in HAND_WRITTEN_FORMS:
            return _address(self.repository_url, f"{stem}.yml", prefill)
        raise KeyError(f"no issue form named {name!r}")


def form_address(kinds: Registry, repository_url: str, name: str, **prefill: str) -> str:
    """The address of any form by name (``project``, ``correctie.yml``), fields filled in."""
    return FormAddresses(kinds, repository_url)(name, **prefill)


def contribution_links(kinds: Registry, repository_url: str) -> list[Link]:
    """Every form a visitor can open, the kinds' first, then the others."""
    links = [Link(form.title, form.url(repository_url)) for form in all_forms(kinds)]
    others = [
        Link(label, form_address(kinds, repository_url, name))
        for name, label in HAND_WRITTEN_FORMS.items()
    ]
    return [*links, *others]


# --- the files ------------------------------------------------------------------------------

HEADER = (
    "# Gemaakt door `python -m showcase forms` uit de modellen (plugins/showcase/contribute/"
    "forms.py).\n# Pas dat bestand aan en voer het commando opnieuw uit; tests/test_forms.py "
    "bewaakt het.\n"
)


def render_form(form: Form) -> str:
    """The YAML of a form, as checked in."""
    text = yaml.safe_dump(
        form.as_github(),
        allow_unicode=True,
        sort_keys=False,
        width=10_000,
        default_flow_style=False,
    )
    return HEADER + text


def stale_forms(root: Path, kinds: Registry = KINDS) -> list[str]:
    """The forms under ``root`` that differ from what the models make."""
    folder = root / FORMS_FOLDER
    stale = []
    for form in all_forms(kinds):
        path = folder / form.file
        if not path.exists() or path.read_text(encoding="utf-8") != render_form(form):
            stale.append(f"{FORMS_FOLDER}/{form.file}")
    return stale


def write_forms(root: Path, kinds: Registry = KINDS) -> list[str]:
    folder = root / FORMS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for form in all_forms(kinds):
        (folder / form.file).write_text(render_form(form), encoding="utf-8")
        written.append(f"{FORMS_FOLDER}/{form.file}")
    return written


def form_for_labels(labels: Iterable[str], kinds: Registry = KINDS) -> Form | None:
    """The form an issue was made with, from its labels (``formulier: project``)."""
    names = set(labels)
    if FORM_LABEL not in names:
        return None
    return next((f for f in all_forms(kinds) if f"formulier: {f.name}" in names), None)


def form_for_event(event_path: Path, kinds: Registry = KINDS) -> Form | None:
    """The form of the issue in a GitHub event payload (``$GITHUB_EVENT_PATH``)."""
    event: Mapping[str, Any] = json.loads(event_path.read_text(encoding="utf-8"))
    labels = [label.get("name", "") for label in event.get("issue", {}).get("labels", [])]
    return form_for_labels(labels, kinds)
