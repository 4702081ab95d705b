"""How values read in Dutch: labels of the controlled lists, dates, periods and numbers.

Templates use the functions as filters (``date_nl``, ``period_nl``, ``number_nl``); the
catalogue and the exports use them for text they write themselves.
"""

from __future__ import annotations

import datetime as dt

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
