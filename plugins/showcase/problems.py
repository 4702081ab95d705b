"""Problems found in the data: located, collected, and reported together.

Every check in the project reports through :class:`Problem`; nothing raises on bad input.
A run collects all problems, prints them in one of three formats and fails once.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from dataclasses import field as dc_field
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem: ``path:line:col: field: message``."""

    path: str
    line: int
    col: int
    field: str
    message: str
    severity: Severity = Severity.ERROR
    rule: str = dc_field(default="", compare=False)
    """For a warning, what kind it is (``geen contact``…), to count them by kind."""

    def format_text(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}"
        label = "" if self.severity is Severity.ERROR else "waarschuwing: "
        field = f"{self.field}: " if self.field else ""
        return f"{where}: {label}{field}{self.message}"

    def format_github(self) -> str:
        kind = "error" if self.severity is Severity.ERROR else "warning"
        title = self.field or "bestand"
        # GitHub workflow commands need %, CR and LF escaped in the message part.
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{kind} file={self.path},line={self.line},col={self.col},title={title}::{message}"


def display_path(path: Path, root: Path | None) -> str:
    """The path as a contributor sees it: relative to the project root when possible."""
    if root is not None:
        try:  # the usual case, without touching the disk: a path found under the root
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Errors first, then warnings; each by file, line and column."""
    return sorted(
        set(problems),
        key=lambda p: (p.severity is not Severity.ERROR, p.path, p.line, p.col, p.field, p.message),
    )


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def summary_line(problems: list[Problem], files: int | None = None) -> str:
    """``0 problemen in 1 bestand``, ``2 problemen en 3 waarschuwingen in 4 bestanden``.

    ``files`` is the number of files checked; without it, the files that have a problem."""
    errors = len(errors_in(problems))
    warnings = len(problems) - errors
    count = len({p.path for p in problems}) if files is None else files
    text = _plural(errors, "probleem", "problemen")
    if warnings:
        text += " en " + _plural(warnings, "waarschuwing", "waarschuwingen")
    return f"{text} in {_plural(count, 'bestand', 'bestanden')}"


@dataclass(frozen=True)
class Folded:
    """Warnings left out of a report, counted by kind, with how to see them."""

    warnings: list[Problem]
    about_others: bool = False
    """The warnings are about files the contributor did not name (they are not counted in the
    summary line, which is about the named files)."""

    def line(self) -> str:
        kinds = Counter(p.rule or p.field or "andere" for p in self.warnings)
        detail = ", ".join(f"{rule}: {count}" for rule, count in sorted(kinds.items()))
        files = len({p.path for p in self.warnings})
        where = (
            f"over {_plural(files, 'ander bestand', 'andere bestanden')}"
            if self.about_others
            else f"in {_plural(files, 'bestand', 'bestanden')}"
        )
        count = _plural(len(self.warnings), "waarschuwing", "waarschuwingen")
        return f"{count} {where} ({detail}); toon ze met --all-warnings"


def format_report(
    problems: list[Problem],
    fmt: str = "text",
    *,
    files: int | None = None,
    folded: Folded | None = None,
) -> str:
    """Render a whole report: errors, then warnings, then the count. ``fmt`` is ``text``,
    ``github`` or ``json``; ``folded`` are warnings counted in one line instead of listed."""
    ordered = sort_problems(problems)
    hidden = folded.warnings if folded else []
    if fmt == "json":
        payload = {
            "problems": [_as_json(p) for p in ordered],
            "errors": len(errors_in(ordered)),
            "warnings": len(ordered) - len(errors_in(ordered)),
            "files": len({p.path for p in ordered}) if files is None else files,
            "folded_warnings": len(hidden),
        }
        return json.dumps(payload, ensure_ascii=False, indent=2)
    lines = [p.format_github() if fmt == "github" else p.format_text() for p in ordered]
    if hidden and folded is not None:
        lines.append(folded.line())
    counted = ordered if folded is None or folded.about_others else [*ordered, *hidden]
    lines.append(summary_line(counted, files))
    return "\n".join(lines)


def _as_json(problem: Problem) -> dict[str, object]:
    """A problem as JSON; ``rule`` only when the problem belongs to a named rule."""
    data = asdict(problem)
    if not data["rule"]:
        del data["rule"]
    return data


class ProblemsFound(Exception):
    """Raised by a build step once, after it has collected every problem of the run."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sort_problems(problems)
        super().__init__(summary_line(self.problems))
