"""The columns of the CSV downloads, each with what it holds, in Dutch.

One place for both: :mod:`showcase.derive.open_data` writes the columns in this order, and the
open-data page lists them with these descriptions (through :mod:`showcase.derive.downloads`),
so a column cannot be added without a description (a test checks every header).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One column of a CSV download: its name in the header and what it holds (Dutch)."""

    name: str
    description: str


def names(columns: tuple[Column, ...]) -> tuple[str, ...]:
    return tuple(column.name for column in columns)


# --- Formulas in spreadsheets ---------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as the start of a formula (OWASP, "CSV Injection")."""

_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")

FORMULA_GUARD_NL = (
    "Begint een cel met =, +, -, @, een tab of een regeleinde, dan staat er een apostrof (') "
    "voor, zodat een rekenblad de cel als tekst toont en niet als formule uitvoert. Een getal "
    "zoals -3 blijft een getal."
)
"""How the CSV files guard against formulas, as the open-data page says it."""


def neutralise_formula(cell: str) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (formula or CSV injection).

    As OWASP's "CSV Injection" page advises, a cell that starts with ``=``, ``+``, ``-``, ``@``,
    a tab or a carriage return gets a single quote in front; the CSV writer quotes cells with a
    separator, a quote or a line break and doubles quotes (RFC 4180). A cell that is a plain
    number (``-3``, ``2.5``) is left alone, so numbers stay numbers: a spreadsheet reads it as a
    number, never as a formula. The check is on the whole cell, as a spreadsheet reads it: the
    second line of a cell with several lines does not start a formula.
    """
    if cell.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(cell):
        return f"'{cell}"
    return cell


# --- gemeenten.csv ---------------------------------------------------------------------------


MUNICIPALITY: tuple[Column, ...] = (
    Column("nis_code", "NIS-code van de gemeente (Statbel)"),
    Column("name", "naam van de gemeente"),
    Column(
        "label",
        "naam zoals de showcase ze toont: een gefuseerde gemeente met dezelfde naam als een "
        "andere krijgt haar laatste jaar erbij, zoals Aalter (tot 2018)",
    ),
    Column("slug", "korte naam in het adres van haar pagina"),
    Column("province", "provincie"),
    Column("arrondissement", "arrondissement"),
    Column("arrondissement_nis_code", "NIS-code van het arrondissement"),
    Column("valid_from", "eerste dag waarop de NIS-code geldt (leeg: niet in de bron)"),
    Column("valid_until", "laatste dag waarop de NIS-code gold (leeg: de gemeente bestaat nog)"),
    Column("successor_nis_code", "NIS-code van de gemeente waarin ze opging"),
    Column("current", "true voor een huidige gemeente, false voor een gefuseerde"),
    Column(
        "current_nis_code",
        "NIS-code van de huidige gemeente die haar grondgebied vandaag omvat (haar eigen code "
        "als ze nog bestaat)",
    ),
    Column("population", "aantal inwoners"),
    Column("population_reference_date", "datum waarop dat aantal inwoners geldt"),
    Column("population_source", "bron van het aantal inwoners"),
    Column("population_note", "opmerking bij het aantal inwoners"),
    Column("postal_codes", "postcodes, gescheiden door een spatie"),
    Column("website", "website van de gemeente"),
    Column("website_source", "bron van dat webadres"),
    Column("contact_role", "smart-city-contactpunt: functie of dienst"),
    Column("contact_email", "e-mailadres van het contactpunt"),
    Column("contact_url", "contactpagina van het contactpunt"),
    Column("contact_source", "bron van het contactpunt"),
    Column(
        "project_count",
        "aantal projecten op haar pagina: haar eigen en die van de regio's waarvan ze lid is",
    ),
    Column(
        "project_count_direct",
        "aantal eigen projecten: die haar noemen of een gemeente die erin opging",
    ),
    Column(
        "peers",
        "NIS-codes van vergelijkbare gemeenten, de meest vergelijkbare eerst, gescheiden door een "
        "spatie",
    ),
    Column("url", "adres van haar pagina op de showcase, vanaf de hoofdmap van de site"),
    Column("url_absolute", "het volledige adres van haar pagina op de gepubliceerde site"),
    Column("oslo_uri", "URI van de gemeente bij OSLO (data.vlaanderen.be)"),
)

# --- projecten.csv ---------------------------------------------------------------------------

PROJECT: tuple[Column, ...] = (
    Column("slug", "korte naam in het adres van de projectpagina"),
    Column("title", "titel"),
    Column("summary", "korte samenvatting"),
    Column("kind", "project of proeftuin"),
    Column(
        "status",
        "idee, pilot, lopend, afgerond, opgeschaald of stopgezet, volgens de recentste bron",
    ),
    Column("start", "begin: een jaar, jaar-maand of datum (leeg: onbekend)"),
    Column("end", "einde: een jaar, jaar-maand of datum (leeg: onbekend of nog bezig)"),
    Column(
        "municipalities",
        "slugs van de gemeenten die het project noemt, zoals het ze noemt (ook een gefuseerde)",
    ),
    Column("municipality_nis_codes", "hun NIS-codes, in dezelfde volgorde"),
    Column(
        "current_municipalities",
        "slugs van de huidige gemeenten waarin die gemeenten vandaag liggen",
    ),
    Column("current_nis_codes", "hun NIS-codes, in dezelfde volgorde"),
    Column(
        "provinces",
        "provincies van het project, één per regel: die van zijn huidige gemeenten en van de "
        "leden van zijn regio's, zoals de provinciepagina's en de tellingen per gemeente ze "
        "meetellen",
    ),
    Column("regions", "slugs van de regio's waarin het project loopt"),
    Column("themes", "slugs van de thema's"),
    Column("theme_labels", "namen van de thema's, één per regel"),
    Column("partner_names", "partners zoals het project ze schrijft, één per regel"),
    Column("partner_types", "soort van elke partner, regel per regel bij partner_names"),
    Column(
        "partner_organisations",
        "de organisatie op de showcase waartoe elke partner hoort, regel per regel",
    ),
    Column("funding_programmes", "financieringsprogramma's, één per regel"),
    Column("funding_amounts_eur", "bedrag in euro per programma (leeg: onbekend)"),
    Column("funding_years", "jaar van de financiering per programma"),
    Column("source_titles", "titels van de bronnen, één per regel"),
    Column("source_urls", "adressen van de bronnen, regel per regel"),
    Column("source_dates", "datum van elke bron (leeg: onbekend)"),
    Column("source_accessed", "dag waarop elke bron geraadpleegd werd"),
    Column("contact_role", "contactpunt van het project: functie of dienst"),
    Column("contact_organisation", "organisatie van het contactpunt"),
    Column("contact_email", "e-mailadres van het contactpunt"),
    Column("contact_url", "contactpagina van het contactpunt"),
    Column("last_reviewed", "dag waarop de fiche laatst werd nagekeken"),
    Column("url", "adres van de projectpagina, vanaf de hoofdmap van de site"),
    Column("url_absolute", "het volledige adres van de projectpagina op de gepubliceerde site"),
)

# --- opschalen.csv ---------------------------------------------------------------------------

RADAR: tuple[Column, ...] = (
    Column("project_slug", "slug van het project"),
    Column("project_title", "titel van het project"),
    Column("project_rank", "plaats van het project in de rangschikking van de site (1 = eerst)"),
    Column("project_url", "adres van de projectpagina, vanaf de hoofdmap van de site"),
    Column(
        "project_url_absolute", "het volledige adres van de projectpagina op de gepubliceerde site"
    ),
    Column("candidate_rank", "plaats van de kandidaat bij dit project (1 = de beste)"),
    Column("nis_code", "NIS-code van de kandidaat-gemeente"),
    Column("name", "naam van de kandidaat-gemeente"),
    Column(
        "kind",
        "aansluiten (lid van een regio van het project dat nog niet meedoet) of overnemen "
        "(een gemeente elders)",
    ),
    Column("score", "score: de som van de punten van de redenen"),
    Column("reasons", "redenen, één per regel"),
)
