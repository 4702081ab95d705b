"""How values read in Dutch: labels of the controlled lists, dates, periods and numbers.

Templates use the functions as filters (``date_nl``, ``period_nl``, ``number_nl``); the
catalogue and the exports use them for text they write themselves.
"""

from __future__ import annotations

import datetime as dt
import re

STATUS_LABELS = {
    "idee": "Idee",
    "pilot": "Pilot",
    "lopend": "Lopend",
    "afgerond": "Afgerond",
    "opgeschaald": "Opgeschaald",
    "stopgezet": "Stopgezet",
}
KIND_LABELS = {"project": "Project", "proeftuin": "Proeftuin"}
PARTNER_LABELS = {
    "bedrijf": "Bedrijf",
    "kennisinstelling": "Kennisinstelling",
    "overheid": "Overheid",
    "intercommunale": "Intercommunale",
    "vzw/burgerinitiatief": "Vzw of burgerinitiatief",
    "andere": "Andere",
}
MONTHS_NL = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def date_nl(value: dt.date) -> str:
    """``1 januari 2025``."""
    return f"{value.day} {MONTHS_NL[value.month - 1]} {value.year}"


def period_nl(value: str | dt.date) -> str:
    """``2019``, ``maart 2019`` or ``6 maart 2019`` for ``2019``, ``2019-03``, ``2019-03-06``
    (or a date)."""
    if isinstance(value, dt.date):
        return date_nl(value)
    parts = value.split("-")
    if len(parts) == 3:
        return date_nl(dt.date.fromisoformat(value))
    if len(parts) == 2:
        return f"{MONTHS_NL[int(parts[1]) - 1]} {parts[0]}"
    return value


def number_nl(value: int) -> str:
    """``262219`` → ``262.219`` (Dutch thousands separator)."""
    return f"{value:,}".replace(",", ".")


FINISHED_STATUSES = frozenset({"afgerond", "stopgezet"})
"""Statuses of a project that no longer runs: ``sinds 2016`` would say it still does."""


def project_period_nl(status: str, start: str | None, end: str | None) -> str:
    """When a project ran, as a fact, or ``""`` when the sources give no year (then a page
    leaves the period out instead of saying it is unknown).

    ``2016`` (start and end the same), ``2019 – 2023``, ``sinds 2019`` (a running project),
    ``gestart in 2016`` (a finished one without end: it did not run "since"), ``afgerond in
    2016`` or ``stopgezet in 2016`` (a finished one whose end is all that is known, or equals
    its start), ``tot 2026`` (an end without start).
    """
    finished = status in FINISHED_STATUSES
    if end and (not start or start == end):
        if finished:
            return f"{status} in {period_nl(end)}"
        return period_nl(end) if start else f"tot {period_nl(end)}"
    if start and end:
        return f"{period_nl(start)} – {period_nl(end)}"
    if start:
        return f"gestart in {period_nl(start)}" if finished else f"sinds {period_nl(start)}"
    return ""


_DAY_OF_MONTH = re.compile(r"\b\d{1,2}\s+(?:" + "|".join(MONTHS_NL) + r")\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\w.,])(?:19|20)\d\d(?![\w]|[.,]\d)")
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?!\w)")


def is_figure(text: str) -> bool:
    """Whether a result states a figure: a number that is not a year or a day of a date.

    ``Testperiode 2018-2019.`` and ``Agoria Smart City Award 2017.`` are no figures (years
    only); ``Vanaf 17 september 2018 stonden er 33 borden.`` is (33; the 17 is a day). A
    number written in words does not count, nor digits inside a word (``CO2``, ``E17``). A
    year is a four-digit number from 1900 to 2099 without a separator; the data write
    thousands with a dot (``2.000``), so such a number is a figure.
    """
    rest = _YEAR.sub(" ", _DAY_OF_MONTH.sub(" ", text))
    return _NUMBER.search(rest) is not None
