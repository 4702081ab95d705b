"""The open-data files under ``/open-data/``, made from the catalogue.

The municipalities (JSON, CSV, GeoJSON), the projects (JSON, CSV) and the scale-up radar
(opschalen, JSON and CSV: :func:`add_radar`), plus the DCAT-AP catalogue that describes them
(:mod:`showcase.derive.dcat`); what each file is, its title and its sources are in
:mod:`showcase.derive.downloads`. Each export function returns ``{file name: bytes}``; the build
writes them. The bytes depend on the data only: rows sorted by NIS code or slug, keys sorted,
fixed formatting, UTF-8, LF line ends, and no date but the data's own (the catalogue's
``dct:modified`` is the newest ``last_reviewed``, never the clock). Two runs on the same data
give the same files, byte for byte. (The radar alone reads the day of the build, to let a
declaration of interest expire after two years: :mod:`showcase.derive.radar`.)

The JSON files are complete. The CSV files flatten lists into one cell, in two ways:

* codes, slugs and postal codes (which never contain a space; a municipality's ``peers``) are
  separated by a space;
* text and groups of aligned columns (a project's partners, funding and sources) have one item per
  line inside the cell; a line break inside an item becomes a space. A missing value in an aligned
  group (a source without a date) is an empty line. The number of items is the number of lines of
  the group's first column (``partner_names``, ``funding_programmes``, ``source_titles``); an
  empty first column means no items.

Booleans are ``true``/``false`` and a missing value is an empty cell. Every CSV cell goes
through :func:`showcase.derive.columns.neutralise_formula`: a text that a spreadsheet would run
as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a
single quote in front; plain numbers stay as they are. The columns and what they hold are in
:mod:`showcase.derive.columns`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from showcase.derive import columns as columns_module
from showcase.derive.dcat import export_dcat_catalogue
from showcase.derive.downloads import (
    CATALOGUE_JSONLD,
    MUNICIPALITIES_CSV,
    MUNICIPALITIES_GEOJSON,
    MUNICIPALITIES_JSON,
    PROJECTS_CSV,
    PROJECTS_JSON,
    RADAR_CSV,
    RADAR_JSON,
    absolute_url,
    distinct,
    iso_date,
    json_bytes,
    oslo_uri,
)
from showcase.derive.partners import Partners, index_partners
from showcase.derive.peers import Peers
from showcase.derive.radar import Radar, RadarEntry
from showcase.link.catalogue import Catalogue, Place, ProjectEntry

# --- Serialising ----------------------------------------------------------------------------


def _csv_bytes(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """The header and the rows (cells in column order) as CSV, as :class:`csv.DictWriter`
    would write them, without building a dict per row; no cell is a formula
    (:func:`showcase.derive.columns.neutralise_formula`)."""
    guard = columns_module.neutralise_formula
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([guard(name) for name in columns])
    writer.writerows([guard(cell) for cell in row] for row in rows)
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

MUNICIPALITY_COLUMNS: tuple[str, ...] = columns_module.names(columns_module.MUNICIPALITY)
"""The columns of gemeenten.csv, in order; also the keys of each object in gemeenten.json."""


def municipality_row(
    place: Place, *, site_url: str = "", peers: Peers | None = None
) -> dict[str, Any]:
    """One municipality as a flat record: an object of gemeenten.json, a feature's properties.

    ``current_nis_code`` is the current municipality whose territory holds this one today
    (itself when current). The counts are :attr:`Place.project_counts`, as the map and the pages
    show them: ``project_count`` every project its page lists (its own plus its regions'),
    ``project_count_direct`` its own (naming it or a municipality that merged into it).
    ``peers`` are the NIS codes of its peer municipalities, best first (empty for a merged one).
    """
    counts = place.project_counts
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
        "valid_from": iso_date(record.valid_from),
        "valid_until": iso_date(record.valid_until),
        "successor_nis_code": record.successor,
        "current": place.is_current,
        "current_nis_code": place.final.nis_code,
        "population": population.figure if population else None,
        "population_reference_date": iso_date(population.reference_date) if population else None,
        "population_source": population.source if population else None,
        "population_note": population.note if population else None,
        "postal_codes": sorted(record.postal_codes),
        "website": record.website.url if record.website else None,
        "website_source": record.website.source.url if record.website else None,
        "contact_role": contact.role if contact else None,
        "contact_email": contact.email if contact else None,
        "contact_url": contact.url if contact else None,
        "contact_source": contact.source.url if contact else None,
        "project_count": counts.total,
        "project_count_direct": counts.own,
        "peers": [peer.nis_code for peer in (peers or {}).get(place.nis_code, ())],
        "url": place.url,
        "url_absolute": absolute_url(place.url, site_url),
        "oslo_uri": oslo_uri(record.nis_code),
    }


def _municipality_csv_row(row: Mapping[str, Any]) -> list[str]:
    return [
        _spaced(row[column]) if column in _SPACED_COLUMNS else _cell(row[column])
        for column in MUNICIPALITY_COLUMNS
    ]


_SPACED_COLUMNS = frozenset({"postal_codes", "peers"})


def export_municipalities(
    catalogue: Catalogue, *, site_url: str = "", peers: Peers | None = None
) -> dict[str, bytes]:
    """gemeenten.json and gemeenten.csv: every municipality (current and merged), by NIS code."""
    rows = [
        municipality_row(catalogue.places[code], site_url=site_url, peers=peers)
        for code in sorted(catalogue.places)
    ]
    return {
        MUNICIPALITIES_CSV: _csv_bytes(
            MUNICIPALITY_COLUMNS, (_municipality_csv_row(r) for r in rows)
        ),
        MUNICIPALITIES_JSON: json_bytes(rows),
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
    peers: Peers | None = None,
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
                f"geen grens voor {len(missing)} huidige gemeenten: {', '.join(missing)}"
            )
    features = []
    for code in current:
        feature = {
            "type": "Feature",
            "id": code,
            "geometry": dict(geometries[code]) if geometries is not None else None,
            "properties": municipality_row(catalogue.places[code], site_url=site_url, peers=peers),
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


def project_record(
    project: ProjectEntry, *, site_url: str = "", partners: Partners | None = None
) -> dict[str, Any]:
    """One project as an object of projecten.json.

    Each partner is listed as the project writes it, with the ``organisation`` it belongs to on
    the showcase (the same name however it is written: :mod:`showcase.derive.partners`) and
    that organisation's page (``organisation_url``), when ``partners`` are given.

    Municipalities are listed as the project names them (a merged one stays itself), each with
    the current municipality that holds its territory today. ``provinces`` are
    :attr:`ProjectEntry.provinces`: those of its current municipalities and of its regions'
    members, as the province pages list projects and as ``project_count`` counts them.
    """
    record = project.record
    return {
        "slug": project.slug,
        "title": record.title,
        "summary": record.summary,
        "kind": record.kind,
        "status": record.status,
        "status_as_of": record.status_as_of,
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
        "provinces": [{"slug": p.slug, "name": p.name} for p in project.provinces],
        "themes": [
            {
                "slug": t.slug,
                "label": t.label,
                "domain": t.parent.slug if t.parent else t.slug,
            }
            for t in project.themes
        ],
        "partners": _partners(project, partners),
        "funding": [
            {"programme": f.programme, "amount_eur": f.amount, "year": f.year}
            for f in record.funding
        ],
        "sources": [
            {"title": s.title, "url": s.url, "date": s.date, "accessed": iso_date(s.accessed)}
            for s in record.sources
        ],
        "contact": (
            {
                "role": record.contact.role,
                "organisation": record.contact.organisation,
                "email": record.contact.email,
                "url": record.contact.url,
                "source": record.contact.source.url,
            }
            if record.contact
            else None
        ),
        "last_reviewed": record.last_reviewed.isoformat(),
        "url": project.url,
        "url_absolute": absolute_url(project.url, site_url),
    }


def _partners(project: ProjectEntry, partners: Partners | None) -> list[dict[str, Any]]:
    """A project's partners as written, each with the organisation it belongs to."""
    found: list[dict[str, Any]] = []
    for index, partner in enumerate(project.record.partners):
        item: dict[str, Any] = {"name": partner.name, "type": partner.type}
        entry = partners.by_mention.get((project.slug, index)) if partners else None
        if entry is not None:
            item |= {"organisation": entry.name, "organisation_url": entry.url}
        found.append(item)
    return found


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
        lambda r: _spaced(distinct(m["current_slug"] for m in r["municipalities"])),
    ),
    (
        "current_nis_codes",
        lambda r: _spaced(distinct(m["current_nis_code"] for m in r["municipalities"])),
    ),
    ("provinces", lambda r: _lines(p["name"] for p in r["provinces"])),
    ("regions", lambda r: _spaced(g["slug"] for g in r["regions"])),
    ("themes", lambda r: _spaced(t["slug"] for t in r["themes"])),
    ("theme_labels", lambda r: _lines(t["label"] for t in r["themes"])),
    ("partner_names", lambda r: _lines(p["name"] for p in r["partners"])),
    ("partner_types", lambda r: _lines(p["type"] for p in r["partners"])),
    ("partner_organisations", lambda r: _lines(p.get("organisation") for p in r["partners"])),
    ("funding_programmes", lambda r: _lines(f["programme"] for f in r["funding"])),
    ("funding_amounts_eur", lambda r: _lines(f["amount_eur"] for f in r["funding"])),
    ("funding_years", lambda r: _lines(f["year"] for f in r["funding"])),
    ("source_titles", lambda r: _lines(s["title"] for s in r["sources"])),
    ("source_urls", lambda r: _lines(s["url"] for s in r["sources"])),
    ("source_dates", lambda r: _lines(s["date"] for s in r["sources"])),
    ("source_accessed", lambda r: _lines(s["accessed"] for s in r["sources"])),
    ("contact_role", lambda r: _cell(r["contact"] and r["contact"]["role"])),
    ("contact_organisation", lambda r: _cell(r["contact"] and r["contact"]["organisation"])),
    ("contact_email", lambda r: _cell(r["contact"] and r["contact"]["email"])),
    ("contact_url", lambda r: _cell(r["contact"] and r["contact"]["url"])),
    ("last_reviewed", lambda r: _cell(r["last_reviewed"])),
    ("url", lambda r: _cell(r["url"])),
    ("url_absolute", lambda r: _cell(r["url_absolute"])),
)
PROJECT_COLUMNS: tuple[str, ...] = columns_module.names(columns_module.PROJECT)
"""The columns of projecten.csv, in order."""
if tuple(name for name, _ in _PROJECT_CSV) != PROJECT_COLUMNS:  # pragma: no cover
    raise RuntimeError("projecten.csv: the getters and showcase.derive.columns.PROJECT differ")


def export_projects(
    catalogue: Catalogue, *, site_url: str = "", partners: Partners | None = None
) -> dict[str, bytes]:
    """projecten.json and projecten.csv: every project, by slug; ``partners`` is
    :func:`~showcase.derive.partners.index_partners` of its projects (made here if not given)."""
    if partners is None:
        partners = index_partners(catalogue.projects)
    records = [
        project_record(p, site_url=site_url, partners=partners)
        for p in sorted(catalogue.projects, key=lambda p: p.slug)
    ]
    rows = ([get(r) for _, get in _PROJECT_CSV] for r in records)
    return {PROJECTS_CSV: _csv_bytes(PROJECT_COLUMNS, rows), PROJECTS_JSON: json_bytes(records)}


def export_open_data(
    catalogue: Catalogue,
    *,
    publisher: str,
    site_url: str = "",
    geometries: Mapping[str, Mapping[str, Any]] | None = None,
    contact_url: str | None = None,
    peers: Peers | None = None,
    partners: Partners | None = None,
    described: bool = True,
) -> dict[str, bytes]:
    """Every file under ``/open-data/``, by file name (sorted). ``peers``
    (:func:`showcase.derive.peers.compute_peers`) fill the municipalities' ``peers``;
    ``partners`` (:func:`showcase.derive.partners.index_partners`) are made if not given.
    Without ``described``, the DCAT catalogue is left out (:func:`add_radar` makes it)."""
    files: dict[str, bytes] = {}
    files.update(export_municipalities(catalogue, site_url=site_url, peers=peers))
    files.update(export_municipality_map(catalogue, geometries, site_url=site_url, peers=peers))
    files.update(export_projects(catalogue, site_url=site_url, partners=partners))
    if not described:
        return dict(sorted(files.items()))
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


# --- Opschalen (the scale-up radar) ---------------------------------------------------------

RADAR_COLUMNS: tuple[str, ...] = columns_module.names(columns_module.RADAR)
"""The columns of opschalen.csv, in order: one row per project and candidate."""


def radar_record(entry: RadarEntry, *, site_url: str = "") -> dict[str, Any]:
    """One project of the radar as an object of opschalen.json: its candidates as the site
    shows them, join candidates first, each list best first."""
    project = entry.project
    return {
        "slug": project.slug,
        "title": project.record.title,
        "status": project.record.status,
        "rank": entry.rank,
        "regions": [region.slug for region in entry.regions],
        "candidates": [
            {
                "nis_code": candidate.place.nis_code,
                "name": candidate.place.name,
                "kind": candidate.kind,
                "reasons": list(candidate.reason_texts),
                "score": candidate.score,
            }
            for candidate in entry.candidates
        ],
        "url": project.url,
        "url_absolute": absolute_url(project.url, site_url),
    }


def export_radar(radar: Radar, *, site_url: str = "") -> dict[str, bytes]:
    """opschalen.json and opschalen.csv: every project on the radar, by slug."""
    records = [
        radar_record(entry, site_url=site_url)
        for entry in sorted(radar.entries, key=lambda e: e.project.slug)
    ]
    rows = (
        [
            record["slug"],
            record["title"],
            _cell(record["rank"]),
            record["url"],
            _cell(record["url_absolute"]),
            _cell(index),
            candidate["nis_code"],
            candidate["name"],
            candidate["kind"],
            _cell(candidate["score"]),
            _lines(candidate["reasons"]),
        ]
        for record in records
        for index, candidate in enumerate(record["candidates"], 1)
    )
    return {RADAR_CSV: _csv_bytes(RADAR_COLUMNS, rows), RADAR_JSON: json_bytes(records)}


def add_radar(
    files: Mapping[str, bytes],
    catalogue: Catalogue,
    radar: Radar,
    *,
    publisher: str,
    site_url: str = "",
    contact_url: str | None = None,
    with_geometry: bool = True,
    radar_files: Mapping[str, bytes] | None = None,
) -> dict[str, bytes]:
    """The files of :func:`export_open_data` plus opschalen.json and opschalen.csv, with the
    DCAT catalogue made again so that it describes them too.

    The radar is one of the synergies, which a large build computes while a forked process
    writes the other files; so it is added once both are done. ``radar_files`` are
    :func:`export_radar` of ``radar`` if they were made already (while that process was still
    writing).
    """
    found = {name: data for name, data in files.items() if name != CATALOGUE_JSONLD}
    if radar_files is None:
        radar_files = export_radar(radar, site_url=site_url)
    found.update(radar_files)
    found.update(
        export_dcat_catalogue(
            catalogue,
            found,
            publisher=publisher,
            site_url=site_url,
            contact_url=contact_url,
            with_geometry=with_geometry,
        )
    )
    return dict(sorted(found.items()))
