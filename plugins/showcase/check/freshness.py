"""Keeping it fresh: which entries are long overdue for a review, which sources no longer answer.

Once a month a workflow (``.github/workflows/freshness.yml``) runs ``python -m showcase
freshness`` and puts the report into one GitHub issue, which it finds again by :data:`MARKER`:

* **Lang niet nagekeken**: every record with a ``last_reviewed`` (every content kind of the
  registry, and municipality records should they get one) that is overdue by the same rule as
  the warning ``lang niet nagekeken`` (:func:`showcase.derive.warnings.review_overdue`);
* **Bronnen die niet meer antwoorden**: every web address in the data that does not answer
  (:mod:`showcase.check.probe`). Addresses are found from the models, not from field names
  written here: every field typed ``Url`` or ``HttpsUrl`` (sources, links, contacts, websites,
  a region's website), in every file the loader read, with the line it stands on.

The data is read by the same loader and linker as ``validate`` and the build. ``today`` is a
parameter, so a test (or a rerun) gives the same report every day. The report is Markdown in
Dutch; its order never depends on the network.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import re
import sys
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from showcase.check import probe
from showcase.derive.warnings import REVIEW_YEARS, review_overdue
from showcase.kinds import load_registry
from showcase.link.catalogue import Catalogue
from showcase.link.linker import build_catalogue
from showcase.load.dataset import Dataset, Layout, Loaded, load_dataset
from showcase.load.reader import Document, Loc, format_loc
from showcase.parallel import paused_collector
from showcase.problems import errors_in
from showcase.schema.models import HttpsUrl, Url
from showcase.settings import SettingsError, ShowcaseSettings, read_settings_file

TITLE = "Om na te kijken: verouderde fiches en bronnen"
"""The title of the issue the workflow opens."""
LABEL = "verouderd"
"""The label of that issue."""
MARKER = "<!-- showcase-freshness -->"
"""Hidden in every report: the workflow finds its own issue by it."""
CLEAN_MARKER = "<!-- showcase-freshness: alles in orde -->"
"""Hidden in a report with nothing to do (and sources checked): the workflow closes the issue."""
BRANCH = "main"
"""The branch whose files the report links to."""
OFFLINE_FROM = 5
"""From how many addresses on "none answered" means the network is down."""
MAX_BODY = 60_000
"""Characters a report may have: GitHub refuses an issue body of more than 65,536."""
SETTINGS_FILE = "pelicanconf.py"
HELP = "zoek fiches die lang niet nagekeken zijn en bronnen die niet meer antwoorden"
"""The command's line in ``python -m showcase --help``."""
DESCRIPTION = (
    f"Zoek fiches die meer dan {REVIEW_YEARS} jaar niet nagekeken zijn en bronnen (webadressen "
    "in de gegevens) die niet meer antwoorden, en schrijf een verslag in Markdown voor één "
    "GitHub-issue. Eindigt met 0 als het verslag geschreven is, ook als er iets na te kijken is."
)

STALE_HEADING = f"Lang niet nagekeken (meer dan {REVIEW_YEARS} jaar)"
DEAD_HEADING = "Bronnen die niet meer antwoorden"


@dataclass(frozen=True, order=True)
class Citation:
    """Where the data names an address: ``content/projecten/x.md``, line 14, ``sources[0].url``."""

    path: str
    line: int
    field: str


@dataclass(frozen=True)
class StaleEntry:
    path: str
    line: int
    """The line of ``last_reviewed``."""
    title: str
    kind: str
    """What it is, as visitors read it (the kind's ``singular``, or ``Gemeente``)."""
    last_reviewed: dt.date


@dataclass(frozen=True)
class DeadSource:
    url: str
    outcome: str
    """``404``, ``time-out``, ``verbinding geweigerd``… (:mod:`showcase.check.probe`)."""
    final_url: str | None
    """Where redirects led, when the address moved before it failed."""
    cited: tuple[Citation, ...]


@dataclass(frozen=True)
class Freshness:
    """What the monthly report says."""

    today: dt.date
    stale: tuple[StaleEntry, ...]
    dead: tuple[DeadSource, ...]
    checked: int | None
    """Distinct addresses asked; ``None`` when the sources were not checked."""
    repository_url: str = ""
    errors: int = 0
    """Problems in the data: a file that did not load is missing from the report."""
    answered: int = 0
    """Addresses that answered with a status, good or bad."""

    @property
    def offline(self) -> bool:
        """No address answered at all, of at least :data:`OFFLINE_FROM`: the network of the
        machine that checks is down, not the sources (the report would only mislead)."""
        return self.checked is not None and self.checked >= OFFLINE_FROM and self.answered == 0

    @property
    def clean(self) -> bool:
        """Nothing to do, and the sources were checked."""
        return not self.stale and not self.dead and self.checked is not None


# --- what is stale -----------------------------------------------------------------------------


def find_stale(
    catalogue: Catalogue, documents: dict[str, Document], today: dt.date
) -> list[StaleEntry]:
    """Every record of the catalogue with an overdue ``last_reviewed``, oldest first."""
    found = []
    records: list[tuple[str, str, str, Any]] = [
        (entry.source, entry.kind.singular, entry.slug, entry.record)
        for entry in catalogue.all_entries()
    ]
    records += [
        (place.source, "Gemeente", place.slug, place.record) for place in catalogue.places.values()
    ]
    for source, kind, slug, record in records:
        reviewed = getattr(record, "last_reviewed", None)
        if not isinstance(reviewed, dt.date) or not review_overdue(reviewed, today):
            continue
        doc = documents.get(source)
        line = doc.locate(("last_reviewed",))[0] if doc is not None else 1
        title = getattr(record, "title", None) or getattr(record, "name", None) or slug
        found.append(StaleEntry(source, line, str(title), kind, reviewed))
    return sorted(found, key=lambda s: (s.last_reviewed, s.path))


# --- which addresses the data cites ------------------------------------------------------------

_URL_TYPES: tuple[Any, ...] = (Url, HttpsUrl)


def _is_url_field(info: FieldInfo) -> bool:
    """Typed ``Url`` or ``HttpsUrl`` (also inside ``| None`` or a list)."""
    validators = [kind.__metadata__[0] for kind in _URL_TYPES]
    if any(validator in info.metadata for validator in validators):
        return True
    return any(arg in _URL_TYPES for arg in typing.get_args(info.annotation))


def url_fields(model: type[BaseModel]) -> frozenset[str]:
    """The fields of ``model`` that hold web addresses."""
    return frozenset(name for name, info in model.model_fields.items() if _is_url_field(info))


def record_urls(record: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every web address in a record, with where it stands (``("sources", 0, "url")``)."""
    addresses = url_fields(type(record))
    for name in type(record).model_fields:
        value = getattr(record, name)
        items = list(enumerate(value)) if isinstance(value, list | tuple) else [(None, value)]
        for index, item in items:
            where = (*loc, name) if index is None else (*loc, name, index)
            if name in addresses and isinstance(item, str):
                yield where, item
            elif isinstance(item, BaseModel):
                yield from record_urls(item, where)


def loaded_files(data: Dataset) -> Iterator[Loaded[Any]]:
    """Every file the loader read and validated, whatever field of the dataset holds it."""
    for spec in dataclasses.fields(data):
        value = getattr(data, spec.name)
        groups = value.values() if isinstance(value, dict) else [value]
        for group in groups:
            for item in group if isinstance(group, list) else [group]:
                if isinstance(item, Loaded):
                    yield item


def collect_citations(data: Dataset) -> dict[str, tuple[Citation, ...]]:
    """Every address in the data, with every place that names it, sorted."""
    cited: dict[str, set[Citation]] = {}
    for loaded in loaded_files(data):
        for loc, url in record_urls(loaded.record):
            line = loaded.doc.locate(loc)[0]
            cited.setdefault(url, set()).add(Citation(loaded.doc.display, line, format_loc(loc)))
    return {url: tuple(sorted(places)) for url, places in sorted(cited.items())}


# --- the check -------------------------------------------------------------------------------


def check_freshness(
    layout: Layout,
    today: dt.date,
    *,
    links: bool = True,
    timeout: float = probe.TIMEOUT,
    repository_url: str = "",
) -> Freshness:
    """Load and link the data, find what is stale and (with ``links``) ask every address."""
    with paused_collector():
        data, problems = load_dataset(layout)
        catalogue, more = build_catalogue(data)
    documents = {loaded.doc.display: loaded.doc for loaded in loaded_files(data)}
    stale = find_stale(catalogue, documents, today)
    dead: list[DeadSource] = []
    checked = None
    answered = 0
    if links:
        citations = collect_citations(data)
        agent = probe.user_agent(repository_url)
        answers = probe.probe_urls(citations, timeout=timeout, agent=agent)
        dead = [
            DeadSource(a.url, a.outcome, a.final_url, citations[a.url]) for a in answers if a.dead
        ]
        checked = len(citations)
        answered = sum(answer.answered for answer in answers)
    errors = len(errors_in([*problems, *more]))
    return Freshness(today, tuple(stale), tuple(dead), checked, repository_url, errors, answered)


# --- the report ------------------------------------------------------------------------------


def _plural(count: int, one: str, more: str) -> str:
    return f"{count} {one if count == 1 else more}"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def _cell(text: str) -> str:
    """Text shown as written (no emphasis, no link) inside one cell of a Markdown table."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _address(url: str) -> str:
    """An address GitHub shows as a link, also inside a table."""
    return f"<{url.replace('|', '%7C').replace('>', '%3E')}>"


def file_link(report: Freshness, path: str, line: int, text: str) -> str:
    """``[text](…/blob/main/path#L14)``, or the text alone without a repository address."""
    if not report.repository_url:
        return text
    base = report.repository_url.rstrip("/")
    return f"[{text}]({base}/blob/{BRANCH}/{path}#L{line})"


def _summary(report: Freshness) -> list[str]:
    lines = [
        f"Maandelijkse controle van {report.today.isoformat()}.",
        "",
        f"- {STALE_HEADING}: **{_plural(len(report.stale), 'fiche', 'fiches')}**",
    ]
    if report.checked is None:
        lines.append(f"- {DEAD_HEADING}: niet gecontroleerd")
    else:
        dead = _plural(len(report.dead), "bron", "bronnen")
        checked = _plural(report.checked, "gecontroleerd adres", "gecontroleerde adressen")
        lines.append(f"- {DEAD_HEADING}: **{dead}** (van {checked})")
    if report.errors:
        lines += [
            "",
            f"> Let op: de gegevens hebben {_plural(report.errors, 'fout', 'fouten')}; wat niet "
            "laadde, ontbreekt in dit overzicht. `python -m showcase validate` toont ze.",
        ]
    return lines


def _stale_section(report: Freshness, limit: int) -> list[str]:
    lines = [f"## {STALE_HEADING}", ""]
    if not report.stale:
        return [*lines, "Geen: elke fiche werd de voorbije twee jaar nagekeken."]
    lines += ["| Fiche | Soort | Bestand | Laatst nagekeken |", "| --- | --- | --- | --- |"]
    for entry in report.stale[:limit]:
        title = file_link(report, entry.path, entry.line, _cell(entry.title))
        lines.append(
            f"| {title} | {entry.kind} | `{entry.path}` | {entry.last_reviewed.isoformat()} |"
        )
    return lines + _left_out(len(report.stale) - limit)


def _dead_section(report: Freshness, limit: int) -> list[str]:
    lines = [f"## {DEAD_HEADING}", ""]
    if report.checked is None:
        return [*lines, "Niet gecontroleerd bij deze controle."]
    if not report.dead:
        return [*lines, "Geen: elke bron antwoordde."]
    lines += ["| Bron | Wat er gebeurde | Vermeld in |", "| --- | --- | --- |"]
    for source in report.dead[:limit]:
        what = source.outcome
        if source.final_url:
            what += f" (na doorverwijzing naar {_address(source.final_url)})"
        cited = ", ".join(
            file_link(report, c.path, c.line, f"{c.path}:{c.line}") + f" (`{c.field}`)"
            for c in source.cited
        )
        lines.append(f"| {_address(source.url)} | {what} | {cited} |")
    return lines + _left_out(len(report.dead) - limit)


def _left_out(count: int) -> list[str]:
    if count <= 0:
        return []
    return [
        "",
        f"… en nog {count}: voer `python -m showcase freshness` uit voor de volledige lijst.",
    ]


HOW_TO = (
    "## Hoe los je dit op?",
    "",
    "- **Een fiche die lang niet nagekeken is**: lees de tekst en de bronnen na, pas aan wat niet "
    "meer klopt en zet `last_reviewed` op de dag waarop je dat deed.",
    "- **Een bron die niet meer antwoordt**: open het adres zelf in je browser; sommige sites "
    "weigeren alleen automatische controles. Is de pagina verhuisd, vervang dan de `url` door het "
    "nieuwe adres; is ze verdwenen, zoek een andere bron of een kopie in het Internet Archive "
    "(<https://web.archive.org/>), of schrap wat alleen die bron staafde.",
    "",
    "Elke aanpassing gaat via een pull request (zie CONTRIBUTING.md). De workflow werkt dit "
    "issue elke maand bij en sluit het wanneer er niets meer na te kijken is.",
)


def render_report(report: Freshness, max_chars: int = MAX_BODY) -> str:
    """The report as the body of one GitHub issue, in Dutch; at most ``max_chars`` long (the
    longest lists are cut, with a line that says how many were left out)."""
    limit = max(len(report.stale), len(report.dead))
    while True:
        lines = [MARKER]
        if report.clean:
            lines.append(CLEAN_MARKER)
        lines += _summary(report)
        lines += ["", *_stale_section(report, limit), "", *_dead_section(report, limit)]
        lines += ["", *HOW_TO]
        text = "\n".join(lines) + "\n"
        if len(text) <= max_chars or limit == 0:
            return text
        limit //= 2


# --- the command -------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``python -m showcase freshness``."""
    parser.add_argument(
        "--today",
        metavar="JJJJ-MM-DD",
        help="de dag waarop je de controle doet (standaard: vandaag)",
    )
    parser.add_argument(
        "--no-links",
        dest="links",
        action="store_false",
        help="vraag de bronnen niet op; zoek alleen fiches die lang niet nagekeken zijn",
    )
    parser.add_argument(
        "--output",
        type=Path,
        metavar="BESTAND",
        help="schrijf het verslag (Markdown) in dit bestand (standaard: op het scherm)",
    )
    parser.add_argument(
        "--timeout",
        default=str(probe.TIMEOUT),
        metavar="SECONDEN",
        help=f"hoe lang één adres mag wachten (standaard: {probe.TIMEOUT:g})",
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="map van het project")
    parser.add_argument(
        "--settings",
        type=Path,
        help=f"het instellingenbestand (standaard: {SETTINGS_FILE} in de map van het project)",
    )


def _usage_error(message: str) -> int:
    print(f"fout: {message}", file=sys.stderr)
    return 2


def _settings(args: argparse.Namespace) -> tuple[ShowcaseSettings, Layout] | str:
    root: Path = args.root
    path: Path = args.settings or root / SETTINGS_FILE
    try:
        chosen = (
            read_settings_file(path)
            if args.settings is not None or path.is_file()
            else ShowcaseSettings()
        )
        kinds = load_registry(chosen.kinds)
    except (OSError, SettingsError, ImportError, AttributeError, TypeError) as error:
        return f"de instellingen in {path} zijn niet bruikbaar: {error}"
    return chosen, Layout.at(root, chosen.data_path, chosen.content_path, kinds)


def run(args: argparse.Namespace) -> int:
    """``python -m showcase freshness``: 0 with the report written, 1 when no address
    answered at all (no network: nothing is written), 2 for bad usage."""
    try:
        today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    except ValueError:
        return _usage_error(f"'{args.today}' is geen datum: schrijf JJJJ-MM-DD, bv. 2026-05-01")
    try:
        timeout = float(args.timeout)
    except ValueError:
        timeout = 0.0
    if not 0 < timeout <= 300:
        return _usage_error(
            f"'{args.timeout}' is geen geldige time-out: geef een aantal seconden tussen 0 en 300, bv. 10"
        )
    if not (args.root / "data").is_dir():
        return _usage_error(
            f"{args.root} heeft geen map data/; start in de map van het project of geef --root"
        )
    found = _settings(args)
    if isinstance(found, str):
        return _usage_error(found)
    settings, layout = found
    report = check_freshness(
        layout, today, links=args.links, timeout=timeout, repository_url=settings.repository_url
    )
    if report.offline:
        print(
            f"fout: geen van de {report.checked} adressen antwoordde; is deze machine met het "
            "internet verbonden? Er is geen verslag geschreven.",
            file=sys.stderr,
        )
        return 1
    text = render_report(report)
    if args.output is None:
        sys.stdout.write(text)
    else:
        try:
            args.output.write_text(text, encoding="utf-8")
        except OSError as error:
            return _usage_error(f"kan {args.output} niet schrijven: {error.strerror or error}")
    _say_summary(report, args.output)
    return 0


def _say_summary(report: Freshness, output: Path | None) -> None:
    stale = _plural(len(report.stale), "fiche", "fiches") + " lang niet nagekeken"
    if report.checked is None:
        sources = "bronnen niet gecontroleerd"
    else:
        sources = (
            f"{_plural(len(report.dead), 'bron antwoordt', 'bronnen antwoorden')} niet "
            f"(van {_plural(report.checked, 'adres', 'adressen')})"
        )
    where = f"; verslag in {output}" if output is not None else ""
    print(f"{stale}, {sources}{where}", file=sys.stderr)
    if report.errors:
        print(
            f"let op: de gegevens hebben {_plural(report.errors, 'fout', 'fouten')}; "
            "python -m showcase validate toont ze",
            file=sys.stderr,
        )


def main(argv: list[str] | None = None) -> int:
    """``python -m showcase.check.freshness``, until the command line names the command."""
    parser = argparse.ArgumentParser(prog="python -m showcase freshness", description=DESCRIPTION)
    add_arguments(parser)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
