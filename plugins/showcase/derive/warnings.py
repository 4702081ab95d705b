"""Warnings: things worth fixing that do not make the data wrong.

A warning never fails the build and fails ``python -m showcase validate`` only with ``--strict``.
The rules look at the linked catalogue:

* a project whose ``last_reviewed`` is more than two years before ``today``;
* a project without any contact route: no ``contact`` of its own and no municipality or
  region with a website to fall back on;
* a placeholder (``TODO``) left in an entry, as ``python -m showcase new`` writes them;
* a partner written otherwise than the same organisation elsewhere (``IMEC`` where the other
  projects write ``imec``: :mod:`showcase.derive.partners`), at that ``partners[i].name``.

``today`` is a parameter so that tests (and reruns of old builds) give the same answer every day.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel

from showcase.derive.contacts import has_route_of_its_own
from showcase.derive.partners import find_respellings
from showcase.link.catalogue import Catalogue
from showcase.load.reader import Document, Loc, format_loc
from showcase.problems import Problem, Severity

REVIEW_YEARS = 2
PLACEHOLDER = "TODO"
"""The marker the scaffolding puts where a contributor still has to write something."""
_PLACEHOLDER_RE = re.compile(rf"\b{PLACEHOLDER}\b")
PARTNER_RULE = "partnernaam"


def review_cutoff(today: dt.date, years: int = REVIEW_YEARS) -> dt.date:
    """The same day ``years`` earlier (29 February becomes 28 February)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def review_overdue(last_reviewed: dt.date, today: dt.date) -> bool:
    """Whether a record last reviewed on ``last_reviewed`` is due for review on ``today``: more
    than :data:`REVIEW_YEARS` years ago (exactly two years is not too old). The warning below
    and the monthly report (:mod:`showcase.check.freshness`) share this rule."""
    return last_reviewed < review_cutoff(today)


def find_warnings(
    catalogue: Catalogue,
    today: dt.date,
    documents: Mapping[str, Document] | None = None,
) -> list[Problem]:
    """Every warning about the catalogue's entries, as of ``today``.

    ``documents`` maps an entry's path (as reported) to its loaded document, so that a warning
    points at the right line; without it, warnings point at the first line of the file.
    """
    documents = documents or {}
    warnings: list[Problem] = []

    def warn(source: str, loc: Loc, message: str, rule: str, line: int | None = None) -> None:
        doc = documents.get(source)
        if line is not None:
            position = (line, 1)
        elif doc is not None:
            position = doc.locate(loc)
        else:
            position = (1, 1)
        warnings.append(
            Problem(source, *position, format_loc(loc), message, Severity.WARNING, rule)
        )

    for kind in catalogue.kinds:
        if not kind.review_warnings:
            continue
        for entry in catalogue.entries_of(kind.name):
            record = entry.record
            if review_overdue(record.last_reviewed, today):
                warn(
                    entry.source,
                    ("last_reviewed",),
                    f"laatst nagekeken op {record.last_reviewed.isoformat()}, meer dan "
                    f"{REVIEW_YEARS} jaar geleden: kijk de tekst en de bronnen na en zet "
                    "last_reviewed op de dag waarop je dat deed",
                    "lang niet nagekeken",
                )
            if not has_route_of_its_own(entry):
                warn(
                    entry.source,
                    ("contact",),
                    "geen contact: geen eigen contactpunt en geen gemeente of regio met een "
                    "website; voeg onder 'contact' de dienst toe met een functioneel e-mailadres "
                    "of een contactpagina, zodat andere gemeenten haar bereiken",
                    "geen contact",
                )
    entries: list[tuple[str, BaseModel]] = [
        (entry.source, entry.record)
        for kind in catalogue.kinds
        if kind.scaffold is not None
        for entry in catalogue.entries_of(kind.name)
    ]
    for source, entry_record in entries:
        doc = documents.get(source)
        if doc is not None and PLACEHOLDER not in doc.body and PLACEHOLDER not in repr(doc.data):
            continue  # the file as loaded never says TODO: nothing to look for (most files)
        fields = entry_record.model_dump(mode="json")
        # One search over the whole record first: most records hold no placeholder at all.
        found = _PLACEHOLDER_RE.search(json.dumps(fields, ensure_ascii=False))
        for loc, value in _strings(fields, ()) if found else ():
            if _PLACEHOLDER_RE.search(value):
                warn(
                    source,
                    loc,
                    f"plaatshouder '{PLACEHOLDER}' blijven staan: vervang hem door de echte tekst",
                    "plaatshouder",
                )
        if doc is not None and _PLACEHOLDER_RE.search(doc.body):
            for offset, text in enumerate(doc.body.split("\n")):
                if _PLACEHOLDER_RE.search(text):
                    warn(
                        source,
                        (),
                        f"plaatshouder '{PLACEHOLDER}' blijven staan in de tekst: vervang hem door je "
                        "eigen woorden",
                        "plaatshouder",
                        line=doc.body_line + offset,
                    )
    for respelling in find_respellings(catalogue.projects):
        role = respelling.role
        warn(
            role.project.source, ("partners", role.index, "name"), respelling.message, PARTNER_RULE
        )
    return warnings


def _strings(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """Every text value in a dumped record, with where it stands."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*loc, index))
