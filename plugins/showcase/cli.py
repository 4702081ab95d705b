"""Command line: ``python -m showcase validate [FILES…]``.

Checks the data without starting Pelican, prints every problem as ``path:line:col: field:
message`` and a summary line. Exit codes: 0 clean, 1 problems found, 2 bad usage.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from showcase import check_showcase
from showcase.dataset import Layout
from showcase.problems import Problem, Severity, errors_in, format_report


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
    validate.add_argument(
        "--format",
        choices=("text", "github", "json"),
        default="github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text",
        help="output format (default: github inside GitHub Actions, else text)",
    )
    validate.add_argument("--strict", action="store_true", help="warnings fail the run too")
    validate.add_argument("--root", type=Path, default=Path.cwd(), help="project folder")
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


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    root: Path = args.root
    if not (root / "data").is_dir():
        print(
            f"error: {root} has no data/ folder; run from the project folder or pass --root",
            file=sys.stderr,
        )
        return 2
    missing = [str(f) for f in args.files if not f.exists()]
    if missing:
        print(f"error: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    _, problems = check_showcase(Layout.at(root))
    if args.files:
        problems = _relevant(problems, args.files, root)
    elapsed = time.perf_counter() - started
    print(format_report(problems, args.format))
    if args.format == "text":
        print(f"checked in {elapsed:.2f} s", file=sys.stderr)
    failing = problems if args.strict else errors_in(problems)
    return 1 if failing else 0


__all__ = ["Severity", "main"]
