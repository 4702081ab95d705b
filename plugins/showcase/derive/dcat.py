"""The DCAT-AP catalogue of the downloads (``catalogus.jsonld``), for open-data portals."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from showcase.derive.downloads import (
    _DATASETS,
    _DOWNLOAD_BY_NAME,
    _EU,
    _IANA,
    CATALOGUE_JSONLD,
    LICENCE_LABEL,
    LICENCE_URL,
    OPEN_DATA_URL,
    SHOWCASE_CREDIT,
    Credit,
    data_modified,
    describe_downloads,
    distinct,
    json_bytes,
    site_link,
)
from showcase.link.catalogue import Catalogue

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
    names = distinct(c.name for c in sources if c is not SHOWCASE_CREDIT)
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
    base = site_link(OPEN_DATA_URL, site_url)
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
        if not files:
            continue  # a dataset whose files this export does not hold (opschalen without radar)
        sources = [s for d in files for s in d.sources]
        source_urls = distinct(s.url for s in sources if s.url is not None)
        distributions = []
        for download in files:
            data = downloads[download.file_name]
            url = site_link(download.url, site_url)
            distributions.append(
                {
                    "@id": f"{base}#{download.file_name}",
                    "@type": "dcat:Distribution",
                    "dct:title": _nl(download.heading),
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
        "foaf:homepage": _ref(site_link("/", site_url)),
        "dct:language": _ref(f"{_EU}language/NLD"),
        "dct:license": licence,
        "dcat:dataset": datasets,
        **dates,
    }
    return {CATALOGUE_JSONLD: json_bytes(document)}
