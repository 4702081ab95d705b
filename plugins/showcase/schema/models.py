"""The schema: pydantic models for every record and entry.

Models are frozen and forbid unknown fields, so a misspelt key is an error rather than a silent
nothing. Field descriptions are written once, here, for contributors (in Dutch); they end up in
the JSON Schema under ``schema/`` and in the documentation.

Rules that need one field only are validators here; rules across fields (an end before a start)
are in :func:`record_rules`, which can point at the right field; rules across files (an unknown
municipality) are in :mod:`showcase.link.catalogue`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, ClassVar, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    WithJsonSchema,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from showcase.load.reader import Loc

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NIS_RE = re.compile(r"^[0-9]{5}$")
_POSTAL_RE = re.compile(r"^[1-9][0-9]{3}$")
_EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_PHONE_RE = re.compile(r"^\+?[0-9][0-9 ./()-]{6,18}[0-9]$")
_PERIOD_RE = re.compile(r"^(?P<year>[12][0-9]{3})(?:-(?P<month>0[1-9]|1[0-2]))?$")


def _nis_code(value: Any) -> Any:
    if not isinstance(value, str) or not _NIS_RE.match(value):
        raise ValueError(
            f"{value!r} is geen NIS-code: schrijf de NIS-code van 5 cijfers als tekst, bv. '44021'"
        )
    return value


def _postal_code(value: Any) -> Any:
    if not isinstance(value, str) or not _POSTAL_RE.match(value):
        raise ValueError(f"{value!r} is geen postcode: schrijf 4 cijfers als tekst, bv. '9000'")
    return value


def _slug(value: Any) -> Any:
    if not isinstance(value, str) or not SLUG_RE.match(value):
        raise ValueError(
            f"{value!r} is geen slug: gebruik kleine letters, cijfers en koppeltekens, bv. 'sint-niklaas'"
        )
    return value


def _text(value: Any) -> Any:
    if isinstance(value, bool | int | float):
        raise ValueError(
            f"verwacht tekst, maar kreeg {value!r}; zet het tussen aanhalingstekens: '{value}'"
        )
    if isinstance(value, str) and not value.strip():
        raise ValueError("mag niet leeg zijn")
    return value


def _url(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError(
            f"{value!r} is geen webadres: schrijf een volledige URL, bv. 'https://www.gent.be/'"
        )
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
        raise ValueError(
            f"{value!r} is geen webadres: schrijf een volledige URL die begint met https://, "
            "bv. 'https://www.gent.be/'"
        )
    return value


FREE_MAIL_DOMAINS = frozenset(
    """
    gmail.com googlemail.com hotmail.com hotmail.be hotmail.fr hotmail.nl outlook.com outlook.be
    outlook.fr live.com live.be msn.com yahoo.com yahoo.be yahoo.fr yahoo.co.uk icloud.com me.com
    mac.com mail.com gmx.com gmx.net gmx.de aol.com proton.me protonmail.com telenet.be
    skynet.be proximus.be scarlet.be pandora.be
    """.split()  # noqa: SIM905
)
"""Free-mail and consumer internet providers' domains: a contact is a service's mailbox on its
organisation's domain, not someone's private address."""
ROLE_WORDS = frozenset(
    """
    dienst diensten team cel afdeling loket onthaal balie stad gemeente stadhuis gemeentehuis
    huis centrum coördinator coordinator verantwoordelijke manager projectleider projectteam
    project secretariaat contact contactpunt info informatiepunt meldpunt klantendienst support
    helpdesk redactie kabinet bestuur directie smart city mobiliteit omgeving milieu ict
    digitalisering innovatie communicatie economie data vereniging intercommunale provincie
    secretarie administratie directeur algemeen pr administratief burgerzaken academie
    universiteit hogeschool vzw school labo lab raad commissie agentschap departement fonds
    netwerk platform programma forum federatie kenniscentrum instituut bedrijf politie
    brandweer ocmw welzijn zorg
    """.split()  # noqa: SIM905
)
"""Words that say a contact is a role or a service ("Dienst Mobiliteit", "Stad Gent")."""
_NAME_WORD = r"[A-ZÀ-Ý][a-zà-ÿ'’]+(?:-[A-ZÀ-Ý][a-zà-ÿ'’]+)?"
_PARTICLES = r"(?:[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Vv]anden|[Vv]ander|[Vv]er|[Ll]e|[Ll]a|[Dd]u|[Dd]')"
_PERSON_NAME_RE = re.compile(rf"^{_NAME_WORD}(?: {_PARTICLES}){{0,2}}(?: {_NAME_WORD}){{1,2}}$")
_PERSONAL_LOCAL_RE = re.compile(r"^([a-z]{2,})[._-]([a-z]{3,})(?:[._-]([a-z]+))?$")


def looks_like_a_name(text: str) -> bool:
    """``Jan Peeters`` is a person, ``Dienst Mobiliteit`` and ``Stad Gent`` are not."""
    if not _PERSON_NAME_RE.match(text.strip()):
        return False
    words = {word.casefold().strip(".,:;()") for word in text.replace("-", " ").split()}
    # Dutch compounds count too: "Supportteam", "Stadskantoor", "Projectleider".
    return not any(
        word == role or (len(role) >= 4 and role in word) for word in words for role in ROLE_WORDS
    )


def _role(value: Any) -> Any:
    value = _text(value)
    if isinstance(value, str) and looks_like_a_name(value):
        raise ValueError(
            f"{value!r} lijkt een naam van een persoon: schrijf een functie of dienst, "
            "bv. 'Dienst Mobiliteit' of 'Smart-city-coördinator'"
        )
    return value


def _functional_email(value: Any) -> Any:
    value = _email(value)
    local, _, domain = value.lower().rpartition("@")
    if domain in FREE_MAIL_DOMAINS:
        raise ValueError(
            f"{value!r} is een adres bij {domain}: geef een functionele mailbox op het domein "
            "van de organisatie, bv. 'smartcity@gent.be'"
        )
    personal = _PERSONAL_LOCAL_RE.match(local)
    if personal and not {part for part in personal.groups() if part} & ROLE_WORDS:
        raise ValueError(
            f"{value!r} lijkt een persoonlijk adres: geef een functionele mailbox, "
            "bv. 'mobiliteit@gent.be' of 'info@gent.be'"
        )
    return value


def _https_url(value: Any) -> Any:
    value = _url(value)
    if not value.startswith("https://"):
        raise ValueError(
            f"{value!r} is geen beveiligd webadres: een website of contactpagina begint met "
            "https://, bv. 'https://www.gent.be/'"
        )
    return value


def _email(value: Any) -> Any:
    if not isinstance(value, str) or not _EMAIL_RE.match(value):
        raise ValueError(
            f"{value!r} is geen e-mailadres: geef een functionele mailbox, bv. 'smartcity@gent.be'"
        )
    return value


def _phone(value: Any) -> Any:
    if not isinstance(value, str) or not _PHONE_RE.match(value):
        raise ValueError(
            f"{value!r} is geen telefoonnummer: zet het tussen aanhalingstekens, bv. '+32 9 266 11 11'"
        )
    return value


def _date(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"{value!r} is geen datum: schrijf JJJJ-MM-DD, bv. 2025-01-01")


def _partial_date(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        if _PERIOD_RE.match(value):
            return value
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise ValueError(
        f"{value!r} is geen datum: schrijf JJJJ-MM-DD, of '2018-10' of 2018 als de bron "
        "alleen een maand of een jaar geeft"
    )


def _period(value: Any) -> Any:
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(text, str) or not _PERIOD_RE.match(text):
        raise ValueError(f"{value!r} is geen jaar of jaar-maand: schrijf bv. 2019 of '2019-03'")
    return text


# --- JSON Schema hints ------------------------------------------------------------------------
# The validators above are plain functions, so pydantic cannot see their rules. These hints put
# the same rules into the JSON Schema (``python -m showcase schema``) for editors; they change
# nothing in validation. Patterns are derived from the regular expressions above, written the way
# JSON Schema (ECMA-262) wants them.


class SchemaHint:
    """Adds keywords to a type's JSON Schema; validation is untouched."""

    def __init__(self, **keywords: Any) -> None:
        self.keywords = keywords

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        schema.update(self.keywords)
        return schema

    def __repr__(self) -> str:
        return f"SchemaHint({self.keywords!r})"


def js_pattern(regex: re.Pattern[str]) -> str:
    """A Python pattern as ECMA-262 reads it: named groups become plain groups."""
    return re.sub(r"\(\?P<\w+>", "(", regex.pattern)


_YEAR_SCHEMA = {"type": "integer", "minimum": 1000, "maximum": 2999}
_PERIOD_SCHEMA = {"type": "string", "pattern": js_pattern(_PERIOD_RE)}
# What _url accepts: http(s), a host, no spaces.
URL_PATTERN = r"^https?://[^ /?#]+[^ ]*$"

NisCode = Annotated[
    str,
    BeforeValidator(_nis_code),
    SchemaHint(pattern=js_pattern(_NIS_RE), examples=["44021"]),
]
PostalCode = Annotated[
    str, BeforeValidator(_postal_code), SchemaHint(pattern=js_pattern(_POSTAL_RE))
]
Slug = Annotated[str, BeforeValidator(_slug), SchemaHint(pattern=js_pattern(SLUG_RE))]
Text = Annotated[str, BeforeValidator(_text), SchemaHint(minLength=1)]
Url = Annotated[str, BeforeValidator(_url), SchemaHint(pattern=URL_PATTERN)]
Email = Annotated[str, BeforeValidator(_email), SchemaHint(pattern=js_pattern(_EMAIL_RE))]
FunctionalEmail = Annotated[
    str, BeforeValidator(_functional_email), SchemaHint(pattern=js_pattern(_EMAIL_RE))
]
"""A service's mailbox: no free-mail domain, no ``firstname.lastname``."""
HttpsUrl = Annotated[
    str, BeforeValidator(_https_url), SchemaHint(pattern=r"^https://[^ /?#]+[^ ]*$")
]
Role = Annotated[str, BeforeValidator(_role), SchemaHint(minLength=1)]
"""A function or a service, never a person's name."""
Phone = Annotated[str, BeforeValidator(_phone), SchemaHint(pattern=js_pattern(_PHONE_RE))]
Date = Annotated[dt.date, BeforeValidator(_date)]
Period = Annotated[
    str,
    BeforeValidator(_period),
    WithJsonSchema({"anyOf": [_YEAR_SCHEMA, _PERIOD_SCHEMA], "examples": [2019, "2019-03"]}),
]
"""A year (``2019``) or a year and month (``'2019-03'``), kept as text."""
PartialDate = Annotated[
    str,
    BeforeValidator(_partial_date),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "format": "date"},
                _PERIOD_SCHEMA,
                _YEAR_SCHEMA,
            ],
            "examples": ["2024-05-02", "2024-05", 2024],
        }
    ),
]
"""A full date, or a year-month or year when that is all a source states; kept as ISO text."""
Count = Annotated[int, Field(strict=True, ge=0)]
# A reference to a municipality: its slug (``gent``) or its NIS code (``'44021'``). Any text
# passes the model (the catalogue resolves it); the schema asks for the shape that can resolve.
MunicipalityRef = Annotated[
    str,
    BeforeValidator(_text),
    AfterValidator(str.strip),
    SchemaHint(pattern=js_pattern(SLUG_RE), examples=["gent", "44021"]),
]


ThemeRef = Annotated[
    str,
    BeforeValidator(_text),
    AfterValidator(str.strip),
    SchemaHint(pattern=js_pattern(SLUG_RE), examples=["luchtkwaliteit"]),
]
"""A theme's slug. Any text passes the model; the catalogue resolves it, and a theme's label
written instead of its slug gets the slug to use."""


def period_key(period: str) -> tuple[int, int]:
    """Sortable key of a period; a bare year sorts before its months."""
    year, _, month = period.partition("-")
    return (int(year), int(month) if month else 0)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --- Municipalities -------------------------------------------------------------------------


class ArrondissementRef(Model):
    name: Text = Field(description="Naam van het administratief arrondissement, bv. 'Gent'.")
    nis_code: NisCode = Field(description="NIS-code van het arrondissement, bv. '44000'.")


class Population(Model):
    figure: Count = Field(description="Aantal inwoners (wettelijke bevolking).")
    reference_date: Date = Field(description="De dag waarop het cijfer slaat, bv. 2020-01-01.")
    source: Text = Field(description="Bron van het cijfer, bv. 'Statbel'.")
    note: Text | None = Field(None, description="Toelichting, bv. hoe het cijfer berekend is.")


class Source(Model):
    title: Text = Field(description="Titel van de bron, zoals ze er staat.")
    url: Url = Field(description="Volledige URL van de bron.")
    date: PartialDate | None = Field(
        None, description="Publicatiedatum (of jaar-maand) als de bron er een vermeldt."
    )
    accessed: Date | None = Field(None, description="Dag waarop de bron geraadpleegd werd.")


class Contact(Model):
    """A way to reach a service: its mailbox or its contact page, with where that is stated."""

    role: Role = Field(
        description="Functie of dienst, geen naam: bv. 'Dienst Mobiliteit', 'Smart-city-team'."
    )
    organisation: Text | None = Field(
        None,
        description="De organisatie van die dienst, bv. 'Stad Gent' (als de rol het niet zegt).",
    )
    email: FunctionalEmail | None = Field(
        None, description="Functioneel e-mailadres, bv. 'smartcity@gent.be'."
    )
    url: HttpsUrl | None = Field(None, description="Contactpagina, met https://.")
    phone: Phone | None = Field(None, description="Telefoonnummer, tussen aanhalingstekens.")
    source: Source = Field(description="Publieke pagina die dit contact vermeldt.")


class Website(Model):
    """A website, with the public page on that site that shows it is the right one."""

    url: HttpsUrl = Field(description="De startpagina, bv. 'https://www.gent.be/'.")
    source: Source = Field(description="Een pagina op die website die haar staaft.")


class Municipality(Model):
    """One municipality (gemeente), current or merged, identified by its NIS code."""

    label_nl: ClassVar[str] = "gemeente"

    nis_code: NisCode = Field(description="NIS-code van Statbel, 5 cijfers als tekst, bv. '44021'.")
    name: Text = Field(description="Officiële Nederlandse naam.")
    slug: Slug = Field(description="Naam in de URL: kleine letters en koppeltekens.")
    province: Text = Field(description="Provincie, bv. 'Oost-Vlaanderen'.")
    arrondissement: ArrondissementRef = Field(description="Administratief arrondissement.")
    valid_from: Date | None = Field(
        None, description="Dag waarop de NIS-code ontstond (leeg: bestond al in 1970)."
    )
    valid_until: Date | None = Field(
        None, description="Laatste dag van de gemeente, bij een fusie; leeg als ze bestaat."
    )
    successor: NisCode | None = Field(
        None, description="NIS-code van de gemeente waarin ze opging (alleen bij een fusie)."
    )
    population: Population | None = Field(None, description="Bevolkingscijfer met bron en datum.")
    postal_codes: list[PostalCode] = Field(
        default_factory=list, description="Postcodes op het grondgebied, als tekst."
    )
    website: Website | None = Field(None, description="Officiële website, met haar bron.")
    contact: Contact | None = Field(
        None, description="Contactpunt van de gemeente: liefst smart city, anders het onthaal."
    )
    introduction: Text | None = Field(
        None, description="Korte voorstelling in Markdown: het smart-city-beleid van de gemeente."
    )


class Arrondissement(Model):
    name: Text = Field(description="Naam van het arrondissement.")
    nis_code: NisCode = Field(description="NIS-code van het arrondissement.")


class Province(Model):
    slug: Slug = Field(description="Naam in de URL.")
    name: Text = Field(description="Naam van de provincie zonder 'Provincie'.")
    arrondissements: list[Arrondissement] = Field(description="Arrondissementen van de provincie.")


class ProvincesFile(Model):
    label_nl: ClassVar[str] = "provincielijst"

    provinces: list[Province] = Field(description="De vijf Vlaamse provincies.")


# --- Themes and regions ----------------------------------------------------------------------


class Theme(Model):
    slug: Slug = Field(description="Naam in de URL, bv. 'luchtkwaliteit'.")
    label: Text = Field(description="Naam zoals bezoekers hem zien.")
    description: Text = Field(description="Eén of twee zinnen over het thema.")


class Domain(Theme):
    subthemes: list[Theme] = Field(default_factory=list, description="Subthema's.")


class ThemesFile(Model):
    label_nl: ClassVar[str] = "themalijst"

    themes: list[Domain] = Field(description="De zes domeinen van City of Things, met subthema's.")


RegionKind = Literal[
    "intercommunale", "samenwerkingsverband", "provincie", "arrondissement", "andere"
]


class Region(Model):
    slug: Slug = Field(description="Naam in de URL, bv. 'westhoek'.")
    name: Text = Field(description="Naam van de regio.")
    kind: RegionKind = Field(description="Soort groep.")
    description: Text = Field(description="Eén of twee zinnen over de regio.")
    note: Text | None = Field(None, description="Hoe het ledenbestand bepaald is.")
    website: Url | None = Field(None, description="Website van de regio.")
    members: list[MunicipalityRef] = Field(
        min_length=1, description="Leden: slug of NIS-code van elke gemeente."
    )


class Organisation(Model):
    """Who runs the showcase, and how visitors reach them (footer, colofon, accessibility)."""

    label_nl: ClassVar[str] = "organisatie"

    name: Text = Field(description="Naam van de organisatie, bv. 'VVSG'.")
    full_name: Text | None = Field(None, description="Volledige naam.")
    role: Text = Field(description="Wat ze voor de showcase doet, in één zin.")
    website: Website = Field(description="Website van de organisatie, met haar bron.")
    contact: Contact = Field(description="Hoe bezoekers haar bereiken, met de bron.")


class RegionsFile(Model):
    label_nl: ClassVar[str] = "regiolijst"

    regions: list[Region] = Field(description="Regio's: intercommunales en samenwerkingsverbanden.")


# --- Entries (Markdown with front matter) ----------------------------------------------------

ProjectKind = Literal["project", "proeftuin"]
Status = Literal["idee", "pilot", "lopend", "afgerond", "opgeschaald", "stopgezet"]
PartnerType = Literal[
    "bedrijf", "kennisinstelling", "overheid", "intercommunale", "vzw/burgerinitiatief", "andere"
]


class Partner(Model):
    name: Text = Field(description="Naam van de partner.")
    type: PartnerType = Field(description="Soort partner.")


class Funding(Model):
    programme: Text = Field(description="Programma of financier, bv. 'City of Things (VLAIO)'.")
    amount: Count | None = Field(None, description="Bedrag in euro, zonder punten: 650000.")
    year: Count | None = Field(None, description="Jaar van de toekenning.")


class Link(Model):
    title: Text = Field(description="Tekst van de link.")
    url: Url = Field(description="Volledige URL.")


ReuseStage = Literal["interesse", "in-gebruik"]


class Reuse(Model):
    """A municipality that does a project too, or wants to: a reuse declaration."""

    municipality: MunicipalityRef = Field(
        description="De gemeente die het laat weten: slug of NIS-code, bv. 'lommel' of '72020'."
    )
    stage: ReuseStage = Field(
        description="'interesse' (de gemeente wil het ook doen) of 'in-gebruik' (ze doet het ook)."
    )
    date: Date = Field(description="Dag waarop de gemeente het liet weten.")
    source: Source | None = Field(
        None, description="Een publieke pagina die het staaft, als die er is."
    )
    contact: Contact | None = Field(None, description="Wie je bij die gemeente erover aanspreekt.")


class Project(Model):
    """A smart-city project or living lab (proeftuin)."""

    label_nl: ClassVar[str] = "project"

    title: Text = Field(description="Titel van het project.")
    summary: Text = Field(max_length=300, description="Eén zin die het project samenvat.")
    kind: ProjectKind = Field(description="'project' of 'proeftuin' (living lab).")
    municipalities: list[MunicipalityRef] = Field(
        default_factory=list,
        description="Gemeenten: slug of NIS-code. Een gefuseerde gemeente mag.",
    )
    regions: list[Slug] = Field(default_factory=list, description="Regio's uit data/regions.yaml.")
    themes: list[ThemeRef] = Field(min_length=1, description="Thema's uit data/themes.yaml.")
    status: Status = Field(description="Stand van zaken, volgens de recentste bron.")
    status_as_of: Period | None = Field(
        None,
        description="Jaar (of jaar-maand) van de bron die de status vermeldt, als die ouder is "
        "dan een jaar: de site toont dan 'lopend volgens een bron van 2021'.",
    )
    start: Period | None = Field(None, description="Start: jaar (2019) of jaar-maand ('2019-03').")
    end: Period | None = Field(None, description="Einde: jaar of jaar-maand, als het afgelopen is.")
    partners: list[Partner] = Field(default_factory=list, description="Partners en hun soort.")
    funding: list[Funding] = Field(default_factory=list, description="Financiering.")
    results: list[Text] = Field(default_factory=list, description="Resultaten en cijfers.")
    contact: Contact | None = Field(None, description="Contactpunt voor het project.")
    links: list[Link] = Field(default_factory=list, description="Verdere links.")
    inspired_by: list[Slug] = Field(
        default_factory=list,
        description="Projecten (slug) waardoor dit project geïnspireerd werd.",
    )
    replicates: list[Slug] = Field(
        default_factory=list,
        description="Projecten (slug) die dit project elders overdoet of opschaalt.",
    )
    reuse: list[Reuse] = Field(
        default_factory=list,
        description="Gemeenten die het project ook doen of willen doen (via het formulier "
        "'Wij doen dit ook').",
    )
    sources: list[Source] = Field(min_length=1, description="Bronnen; minstens één.")
    last_reviewed: Date = Field(description="Dag waarop de fiche laatst nagekeken werd.")


class Ervaring(Model):
    """A lesson learned, told from a municipality's, region's or programme's side."""

    label_nl: ClassVar[str] = "ervaring"

    title: Text = Field(description="Titel van de ervaring.")
    summary: Text = Field(max_length=300, description="Eén zin die de les samenvat.")
    municipalities: list[MunicipalityRef] = Field(
        default_factory=list, description="De gemeenten die de ervaring delen (slug of NIS-code)."
    )
    regions: list[Slug] = Field(default_factory=list, description="Regio's uit data/regions.yaml.")
    organisation: Text | None = Field(
        None, description="Wie de les trekt, als dat geen gemeente is: bv. 'Smart Flanders'."
    )
    projects: list[Slug] = Field(default_factory=list, description="Projecten waarover het gaat.")
    themes: list[ThemeRef] = Field(
        default_factory=list, description="Thema's uit data/themes.yaml."
    )
    date: PartialDate | None = Field(
        None, description="Publicatiedatum van de belangrijkste bron (of jaar-maand, of jaar)."
    )
    contact: Contact | None = Field(None, description="Contactpunt.")
    sources: list[Source] = Field(min_length=1, description="Bronnen; minstens één.")
    last_reviewed: Date = Field(description="Dag waarop de tekst laatst nagekeken werd.")


Audience = Literal["gemeenten", "vereniging"]


class Suggestie(Model):
    """A suggestion, to other municipalities or to the association, from a public source."""

    label_nl: ClassVar[str] = "suggestie"

    title: Text = Field(description="Titel van de suggestie.")
    summary: Text = Field(max_length=300, description="Eén zin.")
    municipalities: list[MunicipalityRef] = Field(
        default_factory=list, description="De gemeenten die de suggestie doen (slug of NIS-code)."
    )
    organisation: Text | None = Field(
        None, description="Wie de suggestie doet, als dat geen gemeente is."
    )
    audience: Audience = Field(description="Voor wie: 'gemeenten' of 'vereniging'.")
    themes: list[ThemeRef] = Field(
        default_factory=list, description="Thema's uit data/themes.yaml."
    )
    projects: list[Slug] = Field(default_factory=list, description="Projecten die ze toelichten.")
    date: PartialDate | None = Field(
        None, description="Publicatiedatum van de belangrijkste bron (of jaar-maand, of jaar)."
    )
    contact: Contact | None = Field(None, description="Contactpunt.")
    sources: list[Source] = Field(min_length=1, description="Bronnen; minstens één.")
    last_reviewed: Date = Field(description="Dag waarop de tekst laatst nagekeken werd.")


class Page(Model):
    """A plain page of the site, such as the colofon."""

    label_nl: ClassVar[str] = "pagina"

    title: Text = Field(description="Titel van de pagina.")
    description: Text = Field(max_length=300, description="Beschrijving voor zoekmachines.")


# --- Rules across fields of one record ---------------------------------------------------------


def record_rules(record: BaseModel) -> list[tuple[Loc, str]]:
    """Rules that span several fields of one record, each with the field it is about."""
    found: list[tuple[Loc, str]] = []
    if isinstance(record, Municipality):
        if record.valid_until and not record.successor:
            found.append(
                (
                    ("successor",),
                    "een gefuseerde gemeente (valid_until ingevuld) heeft een successor nodig",
                )
            )
        if record.successor and not record.valid_until:
            found.append(
                (
                    ("valid_until",),
                    "een gemeente met een successor heeft valid_until nodig: haar laatste dag",
                )
            )
        if record.valid_from and record.valid_until and record.valid_until < record.valid_from:
            found.append(
                (
                    ("valid_until",),
                    f"valid_until {record.valid_until} ligt voor valid_from {record.valid_from}",
                )
            )
        if record.successor and record.successor == record.nis_code:
            found.append((("successor",), "een gemeente kan niet haar eigen successor zijn"))
    if isinstance(record, Project):
        if not record.municipalities and not record.regions:
            found.append(
                (("municipalities",), "noem minstens één gemeente (of een regio in 'regions')")
            )
        if record.start and record.end and period_key(record.end) < period_key(record.start):
            found.append((("end",), f"einde {record.end} ligt voor start {record.start}"))
    if isinstance(record, Ervaring | Suggestie):
        regions = getattr(record, "regions", [])
        if not record.municipalities and not regions and not record.organisation:
            found.append(
                (
                    ("municipalities",),
                    "zeg wie dit vertelt: een gemeente in 'municipalities'"
                    + (", een regio in 'regions'" if isinstance(record, Ervaring) else "")
                    + " of een organisatie in 'organisation'",
                )
            )
    if isinstance(record, Project | Ervaring | Suggestie):
        for index, source in enumerate(record.sources):
            found += _source_rules(source, ("sources", index))
    for name in ("website", "contact"):
        value = getattr(record, name, None)
        if isinstance(value, Website | Contact):
            found += _route_rules(value, (name,))
    return found


def _source_rules(source: Source, loc: Loc) -> list[tuple[Loc, str]]:
    if source.date is None and source.accessed is None:
        return [
            (
                loc,
                "geef de publicatiedatum van de bron ('date') of de dag waarop je ze las ('accessed')",
            )
        ]
    return []


def _route_rules(route: Website | Contact, loc: Loc) -> list[tuple[Loc, str]]:
    """A contact needs a mailbox or a contact page; a website's source must be on the site."""
    found = _source_rules(route.source, (*loc, "source"))
    if isinstance(route, Contact) and route.email is None and route.url is None:
        found.append(
            (loc, "geef een functioneel e-mailadres ('email') of een contactpagina ('url')")
        )
    if isinstance(route, Website):
        site = site_host(route.url)
        if site_host(route.source.url) != site:
            found.append(
                (
                    (*loc, "source", "url"),
                    f"de bron van een website moet een pagina op die website zijn "
                    f"({site}), niet op {site_host(route.source.url)}",
                )
            )
    return found


def site_host(url: str) -> str:
    """``https://www.gent.be/x`` → ``gent.be``: the host without ``www.``, lower case."""
    host = urlsplit(url).netloc.lower().split("@")[-1].split(":")[0]
    return host.removeprefix("www.")
