"""Problems found in the data: located, collected, and reported together.

Every check in the project reports through :class:`Problem`; nothing raises on bad input.
A run collects all problems, prints them in one of three formats and fails once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
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

    def format_text(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}"
        label = "" if self.severity is Severity.ERROR else "warning: "
        field = f"{self.field}: " if self.field else ""
        return f"{where}: {label}{field}{self.message}"

    def format_github(self) -> str:
        kind = "error" if self.severity is Severity.ERROR else "warning"
        title = self.field or "file"
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
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.col, p.field, p.message))


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def summary_line(problems: list[Problem]) -> str:
    errors = len(errors_in(problems))
    warnings = len(problems) - errors
    files = len({p.path for p in problems})
    noun = "problem" if errors == 1 else "problems"
    text = f"{errors} {noun}"
    if warnings:
        text += f" and {warnings} warning{'s' if warnings != 1 else ''}"
    return f"{text} in {files} file{'s' if files != 1 else ''}"


def format_report(problems: list[Problem], fmt: str = "text") -> str:
    """Render a whole report. ``fmt`` is ``text``, ``github`` or ``json``."""
    ordered = sort_problems(problems)
    if fmt == "json":
        payload = {
            "problems": [asdict(p) for p in ordered],
            "errors": len(errors_in(ordered)),
            "warnings": len(ordered) - len(errors_in(ordered)),
            "files": len({p.path for p in ordered}),
        }
        return json.dumps(payload, ensure_ascii=False, indent=2)
    if fmt == "github":
        lines = [p.format_github() for p in ordered]
        lines.append(summary_line(ordered))
        return "\n".join(lines)
    lines = [p.format_text() for p in ordered]
    lines.append(summary_line(ordered))
    return "\n".join(lines)


class ProblemsFound(Exception):
    """Raised by a build step once, after it has collected every problem of the run."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sort_problems(problems)
        super().__init__(summary_line(self.problems))
