"""schema.org JSON-LD for the pages of municipalities and projects.

The functions return dicts; :func:`to_script_json` makes one safe to put in a
``<script type="application/ld+json">`` element.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from showcase.derive.downloads import distinct, oslo_uri, site_link
from showcase.link.catalogue import Place, ProjectEntry, ProvinceEntry
from showcase.link.labels import date_nl

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
            "url": site_link(place.url, site_url),
        }
    )
    return node


def _province(place: Place, province: ProvinceEntry | None, site_url: str) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@type": "AdministrativeArea",
        "name": f"Provincie {province.name if province else place.record.province}",
    }
    if province is not None:
        node["url"] = site_link(province.url, site_url)
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
            "url": site_link(place.url, site_url),
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
        "url": site_link(project.url, site_url),
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
            for name in distinct(f.programme for f in record.funding)
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
