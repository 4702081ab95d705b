"""Command line: ``python -m showcase validate|schema|new|linkcheck``.

``validate [FILES…]`` checks the data without starting Pelican, prints every problem as
``path:line:col: field: message`` and a summary line. ``schema`` writes the JSON Schema files for
editors into ``schema/``. ``new KIND`` writes a new entry of a content kind to fill in.
``linkcheck OUTPUT`` checks the internal links of a built site.

Exit codes, for every command: 0 clean, 1 problems found, 2 bad usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

from showcase import check_showcase
from showcase.check.links import check_links
from showcase.contribute.scaffold import (
    Request,
    ScaffoldError,
    ask_request,
    load_references,
    needs_themes,
    scaffold_kinds,
    split_values,
    with_article,
    write_entry,
)
from showcase.kinds import load_registry
from showcase.load.dataset import Layout
from showcase.parallel import paused_collector
from showcase.problems import Problem, Severity, errors_in, format_report
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
        help="output format (default: github inside GitHub Actions, else text)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m showcase", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser(
        "validate", help="check the municipality records and the entries, without building"
    )
    validate.add_argument(
        "files",
        nargs="*",
        type=Path,
        help="only report on these files and on what refers to them (default: everything)",
    )
    add_format_option(validate)
    validate.add_argument("--strict", action="store_true", help="warnings fail the run too")
    validate.add_argument("--root", type=Path, default=Path.cwd(), help="project folder")
    _add_settings_option(validate)

    schema = commands.add_parser(
        "schema", help=f"write the JSON Schema of every kind of file into {SCHEMA_FOLDER}/"
    )
    schema.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 when a committed schema is not what the models produce",
    )
    schema.add_argument("--root", type=Path, default=Path.cwd(), help="project folder")
    _add_settings_option(schema)

    new = commands.add_parser(
        "new",
        help="write a new entry to fill in: " + ", ".join(scaffold_kinds()),
        description="Write content/<rubric>/<slug>.md with every field present and commented. "
        "Missing options are asked for when standard input is a terminal.",
    )
    new.add_argument("kind", metavar="KIND", help=f"what to write: {', '.join(scaffold_kinds())}")
    new.add_argument("--title", help="the title; the file name (slug) is made from it")
    new.add_argument(
        "--municipality",
        action="append",
        default=[],
        metavar="NAME",
        help="slug, NIS code or name; repeat it, or separate with commas, for several",
    )
    new.add_argument(
        "--theme",
        action="append",
        default=[],
        metavar="SLUG",
        help="a theme from data/themes.yaml; repeat it, or separate with commas",
    )
    new.add_argument(
        "--region",
        action="append",
        default=[],
        metavar="SLUG",
        help="a region from data/regions.yaml (projects only); repeatable",
    )
    new.add_argument("--slug", help="the file name without .md (default: made from the title)")
    new.add_argument("--root", type=Path, default=Path.cwd(), help="project folder")
    _add_settings_option(new)

    linkcheck = commands.add_parser(
        "linkcheck", help="check the internal links and anchors of a built site"
    )
    linkcheck.add_argument("output", type=Path, help="the folder the site was built into")
    linkcheck.add_argument(
        "--site-url",
        default="",
        help="the site's public address (SITEURL): absolute links under it count as internal",
    )
    add_format_option(linkcheck)
    return parser


def _relevant(problems: list[Problem], files: list[Path], root: Path) -> list[Problem]:
    """Problems in ``files``, plus problems elsewhere that mention one of them."""
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
    return [
        p for p in problems if p.path in wanted or any(f"'{stem}'" in p.message for stem in stems)
    ]


def _add_settings_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--settings",
        type=Path,
        help=f"the settings file (default: {SETTINGS_FILE} in the project folder, if it is there)",
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
        print(f"error: the settings in {path} cannot be used: {error}", file=sys.stderr)
        return None
    return Layout.at(root, settings.data_path, settings.content_path, kinds)


def _no_data(root: Path) -> bool:
    if (root / "data").is_dir():
        return False
    print(
        f"error: {root} has no data/ folder; run from the project folder or pass --root",
        file=sys.stderr,
    )
    return True


def run_validate(args: argparse.Namespace) -> int:
    root: Path = args.root
    if _no_data(root):
        return 2
    missing = [str(f) for f in args.files if not f.exists()]
    if missing:
        print(f"error: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    layout = _layout(args)
    if layout is None:
        return 2
    started = time.perf_counter()
    # Everything the check builds stays alive until it ends, so the cyclic garbage collector
    # would only walk the growing heap again and again (seconds at 10,000 entries).
    with paused_collector():
        _, problems = check_showcase(layout, warnings=True)
    if args.files:
        problems = _relevant(problems, args.files, root)
    elapsed = time.perf_counter() - started
    print(format_report(problems, args.format))
    if args.format == "text":
        print(f"checked in {elapsed:.2f} s", file=sys.stderr)
    failing = problems if args.strict else errors_in(problems)
    return 1 if failing else 0


def run_schema(args: argparse.Namespace) -> int:
    layout = _layout(args)
    if layout is None:
        return 2
    folder = args.root / SCHEMA_FOLDER
    if args.check:
        stale = stale_schemas(folder, layout.kinds)
        for path in stale:
            print(f"{path.relative_to(args.root).as_posix()}: out of date; run `make schema`")
        return 1 if stale else 0
    for path in write_schemas(folder, layout.kinds):
        print(f"wrote {path.relative_to(args.root).as_posix()}")
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
        print(f"error: unknown kind '{args.kind}': use {', '.join(offered)}", file=sys.stderr)
        return 2
    title: str | None = args.title
    municipalities = split_values(args.municipality)
    themes = split_values(args.theme)
    regions = split_values(args.region)
    if kind.reference("region") is None and regions:
        print(f"error: {with_article(args.kind)} has no regions", file=sys.stderr)
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
            f"error: {' and '.join(missing)} missing; give "
            f"{'them' if len(missing) > 1 else 'it'} as options (make new-{args.kind} "
            "TITLE=… MUNICIPALITIES=… THEMES=…), or run in a terminal to be asked",
            file=sys.stderr,
        )
        return 2
    request = Request(args.kind, title or "", municipalities, themes, regions, args.slug)
    try:
        path = write_entry(layout, request, dt.date.today())
    except ScaffoldError as error:
        for line in error.message.splitlines():
            print(f"error: {line}", file=sys.stderr)
        return 2 if error.usage else 1
    shown = path.relative_to(layout.root).as_posix()
    print(f"wrote {shown}")
    print(
        f"Fill in every line marked TODO, then check it with: python -m showcase validate {shown}",
        file=sys.stderr,
    )
    return 0


def run_linkcheck(args: argparse.Namespace) -> int:
    output: Path = args.output
    if not output.is_dir():
        print(f"error: {output} is not a folder; build the site first", file=sys.stderr)
        return 2
    problems = check_links(output, args.site_url)
    print(format_report(problems, args.format))
    return 1 if problems else 0


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
    }
    return commands[args.command](args)


__all__ = ["Severity", "main"]
