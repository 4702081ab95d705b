"""Command line: ``python -m showcase validate|schema|new|forms|from-issue|freshness|linkcheck``.

``validate [FILES…]`` checks the data without starting Pelican and prints every problem as
``path:line:col: veld: bericht``: errors first, then warnings, then a count. ``schema`` writes
the JSON Schema files for editors into ``schema/``. ``new KIND`` writes a new entry to fill in.
``forms`` writes the issue forms from the models; ``from-issue`` turns an issue form's body
into an entry; ``freshness`` lists entries not reviewed for two years and sources that no longer
answer. ``linkcheck OUTPUT`` checks the internal
links of a built site. Everything a contributor reads is in Dutch.

Exit codes, for every command: 0 clean, 1 problems found, 2 bad usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

from showcase import run_check
from showcase.check import freshness
from showcase.check.links import check_links
from showcase.contribute.forms import (
    FORMS_FOLDER,
    all_forms,
    form_for_event,
    form_named,
    render_form,
    stale_forms,
    write_forms,
)
from showcase.contribute.issues import IssueError, Outcome, from_issue
from showcase.contribute.references import load_references
from showcase.contribute.scaffold import (
    Request,
    ScaffoldError,
    ask_request,
    needs_themes,
    scaffold_kinds,
    split_values,
    write_entry,
)
from showcase.kinds import load_registry
from showcase.load.dataset import Layout
from showcase.parallel import paused_collector
from showcase.problems import Folded, Problem, Severity, errors_in, format_report
from showcase.schema.jsonschema import SCHEMA_FOLDER, stale_schemas, write_schemas
from showcase.settings import SettingsError, ShowcaseSettings, read_settings_file

SETTINGS_FILE = "pelicanconf.py"
"""Read from the project folder, as the build reads it, unless ``--settings`` names another."""


def add_format_option(parser: argparse.ArgumentParser) -> None:
    """``--format text|github|json`` for a command that reports problems (also the build's)."""
    parser.add_argument(
        "--format",
        choices=("text", "github", "json"),
        default="github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text",
        help="vorm van het verslag (standaard: github in GitHub Actions, anders text)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m showcase",
        description="Controleer en schrijf de gegevens van de smart-city-showcase.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser(
        "validate", help="controleer de gemeentefiches en de bijdragen, zonder de site te bouwen"
    )
    validate.add_argument(
        "files",
        nargs="*",
        type=Path,
        help="meld alleen problemen in deze bestanden en in wat ernaar verwijst (standaard: alles)",
    )
    add_format_option(validate)
    validate.add_argument(
        "--strict", action="store_true", help="ook waarschuwingen doen de controle falen"
    )
    validate.add_argument(
        "--all-warnings",
        action="store_true",
        help="toon ook elke waarschuwing over bestanden die je niet noemde (niet alleen het aantal)",
    )
    validate.add_argument("--root", type=Path, default=Path.cwd(), help="map van het project")
    _add_settings_option(validate)

    schema = commands.add_parser(
        "schema", help=f"schrijf het JSON-schema van elk soort bestand in {SCHEMA_FOLDER}/"
    )
    schema.add_argument(
        "--check",
        action="store_true",
        help="schrijf niets; eindig met 1 als een schema niet meer klopt met de modellen",
    )
    schema.add_argument("--root", type=Path, default=Path.cwd(), help="map van het project")
    _add_settings_option(schema)

    new = commands.add_parser(
        "new",
        help="schrijf een nieuwe bijdrage om in te vullen: " + ", ".join(scaffold_kinds()),
        description="Schrijf content/<rubriek>/<slug>.md met elk veld en uitleg erbij. Wat je "
        "niet meegeeft, wordt gevraagd als je in een terminal werkt.",
    )
    new.add_argument(
        "kind", metavar="SOORT", help=f"wat je schrijft: {', '.join(scaffold_kinds())}"
    )
    new.add_argument("--title", help="de titel; de bestandsnaam (slug) wordt ervan gemaakt")
    new.add_argument(
        "--municipality",
        action="append",
        default=[],
        metavar="NAAM",
        help="slug, NIS-code of naam; herhaal de optie of scheid met komma's voor meer",
    )
    new.add_argument(
        "--theme",
        action="append",
        default=[],
        metavar="SLUG",
        help="een thema (slug of naam) uit data/themes.yaml; herhaalbaar of met komma's",
    )
    new.add_argument(
        "--region",
        action="append",
        default=[],
        metavar="SLUG",
        help="een regio uit data/regions.yaml; herhaalbaar",
    )
    new.add_argument("--slug", help="de bestandsnaam zonder .md (standaard: gemaakt van de titel)")
    new.add_argument("--root", type=Path, default=Path.cwd(), help="map van het project")
    _add_settings_option(new)

    linkcheck = commands.add_parser(
        "linkcheck", help="controleer de interne links en ankers van een gebouwde site"
    )
    linkcheck.add_argument("output", type=Path, help="de map waarin de site gebouwd werd")
    linkcheck.add_argument(
        "--site-url",
        default="",
        help="het publieke adres van de site (SITEURL): absolute links daaronder tellen als intern",
    )
    add_format_option(linkcheck)
    _add_form_commands(commands)
    fresh = commands.add_parser("freshness", help=freshness.HELP, description=freshness.DESCRIPTION)
    freshness.add_arguments(fresh)
    return parser


def _add_form_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    forms = commands.add_parser(
        "forms", help=f"schrijf de issueformulieren in {FORMS_FOLDER}/, gemaakt uit de modellen"
    )
    forms.add_argument(
        "--check",
        action="store_true",
        help="schrijf niets; eindig met 1 als een formulier niet meer klopt met de modellen",
    )
    forms.add_argument(
        "--for-event",
        type=Path,
        metavar="EVENT_JSON",
        help="schrijf niets; toon het formulier waarmee het issue in dit GitHub-event gemaakt is",
    )
    forms.add_argument("--root", type=Path, default=Path.cwd(), help="map van het project")
    _add_settings_option(forms)

    issue = commands.add_parser(
        "from-issue",
        help="maak een bijdrage uit een ingevuld issueformulier",
        description="Lees de tekst van een issue zoals GitHub hem van een formulier maakt, schrijf "
        "het bestand, controleer het en toon zijn pad. Bij problemen blijft er geen bestand achter.",
    )
    issue.add_argument(
        "--form", type=Path, required=True, help=f"het formulier, bv. {FORMS_FOLDER}/project.yml"
    )
    issue.add_argument(
        "body", type=Path, metavar="BODY_FILE", help="de tekst van het issue ('-': stdin)"
    )
    issue.add_argument(
        "--summary",
        type=Path,
        metavar="FILE",
        help="schrijf ook een samenvatting in Markdown (voor de pull request of een reactie)",
    )
    issue.add_argument("--today", type=dt.date.fromisoformat, help=argparse.SUPPRESS)
    issue.add_argument("--root", type=Path, default=Path.cwd(), help="map van het project")
    _add_settings_option(issue)


def _relevant(
    problems: list[Problem], files: list[Path], root: Path
) -> tuple[list[Problem], list[Problem]]:
    """Problems in ``files`` or elsewhere mentioning one of them; and the warnings about other
    files (errors elsewhere that do not concern ``files`` are left out)."""
    wanted = set()
    stems = set()
    for path in files:
        absolute = path if path.is_absolute() else Path.cwd() / path
        try:
            wanted.add(absolute.resolve().relative_to(root.resolve()).as_posix())
        except ValueError:
            wanted.add(path.as_posix())
        stems.add(path.stem)
        stems.update(path.stem.split("-", 1)[1:])  # the slug of a municipality record
    relevant = [
        p for p in problems if p.path in wanted or any(f"'{stem}'" in p.message for stem in stems)
    ]
    others = [p for p in problems if p not in relevant and p.severity is Severity.WARNING]
    return relevant, others


def _add_settings_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--settings",
        type=Path,
        help=f"het instellingenbestand (standaard: {SETTINGS_FILE} in de map van het project)",
    )


def _layout(args: argparse.Namespace) -> Layout | None:
    """Where the data is, as the settings say; ``None`` (after a message) when they are bad."""
    root: Path = args.root
    path: Path | None = args.settings or (root / SETTINGS_FILE)
    try:
        if args.settings is not None or (path is not None and path.is_file()):
            settings = read_settings_file(path)  # type: ignore[arg-type]
        else:
            settings = ShowcaseSettings()
        kinds = load_registry(settings.kinds)
    except (OSError, SettingsError, ImportError, AttributeError, TypeError) as error:
        print(f"fout: de instellingen in {path} zijn niet bruikbaar: {error}", file=sys.stderr)
        return None
    return Layout.at(root, settings.data_path, settings.content_path, kinds, settings.cache_path)


def _no_data(root: Path) -> bool:
    if (root / "data").is_dir():
        return False
    print(
        f"fout: {root} heeft geen map data/; start in de map van het project of geef --root",
        file=sys.stderr,
    )
    return True


def run_validate(args: argparse.Namespace) -> int:
    root: Path = args.root
    if _no_data(root):
        return 2
    missing = [str(f) for f in args.files if not f.exists()]
    if missing:
        print(f"fout: dat bestand bestaat niet: {', '.join(missing)}", file=sys.stderr)
        return 2
    layout = _layout(args)
    if layout is None:
        return 2
    started = time.perf_counter()
    # Everything the check builds stays alive until it ends, so the cyclic garbage collector
    # would only walk the growing heap again and again (seconds at 10,000 entries).
    with paused_collector():
        result = run_check(layout, warnings=True)
    problems, folded, files = result.problems, None, result.files
    if args.files:
        problems, others = _relevant(problems, args.files, root)
        files = len(args.files)
        if others and not args.all_warnings:
            folded = Folded(others, about_others=True)
        else:
            problems += others
    elif not args.all_warnings:
        warnings = [p for p in problems if p.severity is Severity.WARNING]
        if warnings:
            folded = Folded(warnings)
            problems = errors_in(problems)
    elapsed = time.perf_counter() - started
    print(format_report(problems, args.format, files=files, folded=folded))
    if args.format == "text":
        print(f"gecontroleerd in {elapsed:.2f} s".replace(".", ","), file=sys.stderr)
    # --strict judges the files asked for; warnings about other files are only counted.
    hidden = folded.warnings if folded and not folded.about_others else []
    failing = [*problems, *hidden] if args.strict else errors_in(problems)
    return 1 if failing else 0


def run_schema(args: argparse.Namespace) -> int:
    layout = _layout(args)
    if layout is None:
        return 2
    folder = args.root / SCHEMA_FOLDER
    if args.check:
        stale = stale_schemas(folder, layout.kinds)
        for path in stale:
            print(f"{path.relative_to(args.root).as_posix()}: verouderd; voer `make schema` uit")
        return 1 if stale else 0
    for path in write_schemas(folder, layout.kinds):
        print(f"geschreven: {path.relative_to(args.root).as_posix()}")
    return 0


def run_new(args: argparse.Namespace) -> int:
    root: Path = args.root
    if _no_data(root):
        return 2
    layout = _layout(args)
    if layout is None:
        return 2
    offered = scaffold_kinds(layout.kinds)
    kind = offered.get(args.kind)
    if kind is None:
        print(
            f"fout: onbekende soort '{args.kind}': kies uit {', '.join(offered)}", file=sys.stderr
        )
        return 2
    title: str | None = args.title
    municipalities = split_values(args.municipality)
    themes = split_values(args.theme)
    regions = split_values(args.region)
    if kind.reference("region") is None and regions:
        print(f"fout: een {kind.singular.lower()} heeft geen regio's", file=sys.stderr)
        return 2
    missing = []
    if not (title or "").strip():
        missing.append("--title")
    if not municipalities and not regions:
        missing.append("--municipality")
    if needs_themes(kind) and not themes:
        missing.append("--theme")
    if missing and sys.stdin.isatty():
        title, municipalities, themes = ask_request(
            kind,
            title,
            municipalities,
            themes,
            load_references(layout),
            ask=input,
            say=lambda message: print(message, file=sys.stderr),
            need_municipalities=not regions,
        )
    elif missing:
        print(
            f"fout: {' en '.join(missing)} {'ontbreken' if len(missing) > 1 else 'ontbreekt'}; geef "
            f"{'ze' if len(missing) > 1 else 'het'} als optie (make new-{args.kind} "
            "TITLE=… MUNICIPALITIES=… THEMES=…), of start het in een terminal, dan wordt het je gevraagd",
            file=sys.stderr,
        )
        return 2
    request = Request(args.kind, title or "", municipalities, themes, regions, args.slug)
    try:
        path = write_entry(layout, request, dt.date.today())
    except ScaffoldError as error:
        for line in error.message.splitlines():
            print(f"fout: {line}", file=sys.stderr)
        return 2 if error.usage else 1
    shown = path.relative_to(layout.root).as_posix()
    print(f"geschreven: {shown}")
    print(
        f"Vul elke regel met TODO in en controleer daarna met: python -m showcase validate {shown}",
        file=sys.stderr,
    )
    return 0


def run_linkcheck(args: argparse.Namespace) -> int:
    output: Path = args.output
    if not output.is_dir():
        print(f"fout: {output} is geen map; bouw eerst de site", file=sys.stderr)
        return 2
    problems = check_links(output, args.site_url)
    print(format_report(problems, args.format))
    return 1 if problems else 0


def run_forms(args: argparse.Namespace) -> int:
    layout = _layout(args)
    if layout is None:
        return 2
    if args.for_event is not None:
        if not args.for_event.is_file():
            print(f"fout: dat bestand bestaat niet: {args.for_event}", file=sys.stderr)
            return 2
        form = form_for_event(args.for_event, layout.kinds)
        if form is not None:
            print(f"{FORMS_FOLDER}/{form.file}")
        return 0
    if args.check:
        stale = stale_forms(args.root, layout.kinds)
        for path in stale:
            print(f"{path}: verouderd; voer `python -m showcase forms` uit")
        return 1 if stale else 0
    for path in write_forms(args.root, layout.kinds):
        print(f"geschreven: {path}")
    return 0


def run_from_issue(args: argparse.Namespace) -> int:
    if _no_data(args.root):
        return 2
    layout = _layout(args)
    if layout is None:
        return 2
    form = form_named(args.form.name, layout.kinds)
    if form is None or not args.form.is_file():
        known = ", ".join(f"{FORMS_FOLDER}/{f.file}" for f in all_forms(layout.kinds))
        print(
            f"fout: {args.form} is geen formulier dat een bestand maakt; kies uit {known}",
            file=sys.stderr,
        )
        return 2
    if args.form.read_text(encoding="utf-8") != render_form(form):
        print(
            f"fout: {args.form} klopt niet met de modellen; voer `python -m showcase forms` uit",
            file=sys.stderr,
        )
        return 2
    if str(args.body) == "-":
        body = sys.stdin.read()
    elif args.body.is_file():
        body = args.body.read_text(encoding="utf-8", errors="replace")
    else:
        print(f"fout: dat bestand bestaat niet: {args.body}", file=sys.stderr)
        return 2
    try:
        outcome = from_issue(layout, form, body, args.today)
    except IssueError as error:
        for line in error.messages:
            print(line)
        if args.summary is not None:
            args.summary.write_text(_refusal_summary(error.messages), encoding="utf-8")
        return 2 if error.usage else 1
    print(outcome.path)
    for line in outcome.warnings:
        print(f"waarschuwing: {line}", file=sys.stderr)
    if args.summary is not None:
        args.summary.write_text(_outcome_summary(outcome), encoding="utf-8")
    return 0


def _outcome_summary(outcome: Outcome) -> str:
    what = "Nieuw bestand" if outcome.created else "Aangepast bestand"
    lines = [
        f"**{what}:** `{outcome.path}` ({outcome.title})",
        "",
        "De automatische controle vond geen fouten. Een redacteur leest het voorstel na en zet het "
        "online; wie het issue schreef, kan de antwoorden nog aanpassen (het voorstel volgt mee).",
    ]
    if outcome.warnings:
        lines += ["", "Om nog na te kijken:", ""] + [f"- {line}" for line in outcome.warnings]
    return "\n".join(lines) + "\n"


def _refusal_summary(messages: list[str]) -> str:
    lines = [
        "Dank je! De automatische controle kon van dit issue nog geen voorstel maken:",
        "",
        *(f"- {line}" for line in messages),
        "",
        "Pas je antwoorden aan (de drie puntjes bovenaan het issue → *Edit*); de controle loopt "
        "dan opnieuw. Lukt het niet? Schrijf het hieronder, een redacteur helpt je verder.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    commands = {
        "validate": run_validate,
        "schema": run_schema,
        "new": run_new,
        "linkcheck": run_linkcheck,
        "forms": run_forms,
        "from-issue": run_from_issue,
        "freshness": freshness.run,
    }
    return commands[args.command](args)


__all__ = ["Severity", "main"]
