"""Running a GitHub workflow's shell steps here: bash as GitHub runs it, the expressions of
``env:`` and ``if:`` filled in from a sample context, and a fake ``gh`` that records its calls.

GitHub cannot be reached from a test; the scripts are what can go wrong, so they run for real.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")

FAKE_GH = """#!{python}
# Records each call (and the file given with --body-file); `issue list` answers with the issues
# in $FAKE_GH_ISSUES, `issue create` with an address; `--edit-last` fails while this fake has
# not commented yet, as gh does.
import json, os, shutil, sys
args = sys.argv[1:]
log = os.environ["FAKE_GH_LOG"]
with open(log, "a", encoding="utf-8") as out:
    out.write(json.dumps(args) + "\\n")
if "--body-file" in args:
    shutil.copy(args[args.index("--body-file") + 1], log + ".body")
if args[:2] == ["issue", "list"]:
    print(os.environ.get("FAKE_GH_ISSUES", "[]"))
elif args[:2] == ["issue", "create"]:
    print("https://github.com/vvsg-smart-city/showcase/issues/99")
elif args[:2] == ["issue", "comment"]:
    if "--edit-last" in args and not os.path.exists(log + ".commented"):
        sys.exit("no comments found for current user")
    open(log + ".commented", "w").close()
"""


def load_workflow(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def lookup(path: str, context: dict[str, Any]) -> Any:
    """A value of the context. A step that did not run or wrote no such output reads as '', as
    on GitHub; anything else missing is a mistake in the workflow or the test."""
    value: Any = context
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            if path.startswith("steps."):
                return ""
            raise KeyError(f"the sample context has no {path!r}: add it to the test")
        value = value[part]
    return value


def evaluate(expression: str, context: dict[str, Any]) -> Any:
    """The expression forms the workflows use: paths, ``'text'``, ``||``, ``==``, ``!=`` and
    ``contains(x.*.name, 'y')``. Anything else fails the test, so a new form gets added here."""
    expression = expression.strip()
    contains = re.fullmatch(r"contains\(([\w.]+)\.\*\.name,\s*'([^']*)'\)", expression)
    if contains:
        items = lookup(contains.group(1), context)
        return any(item.get("name") == contains.group(2) for item in items)
    for operator in ("==", "!="):
        if operator in expression:
            left, right = (part.strip() for part in expression.split(operator))
            equal = str(evaluate(left, context)) == str(evaluate(right, context))
            return equal if operator == "==" else not equal
    if "||" in expression:
        values = [evaluate(part, context) for part in expression.split("||")]
        return next((value for value in values if value), values[-1])
    if expression.startswith("'") and expression.endswith("'"):
        return expression[1:-1]
    return lookup(expression, context)


def substitute(text: str, context: dict[str, Any]) -> str:
    return _EXPRESSION.sub(lambda m: str(evaluate(m.group(1), context)), text)


class FakeGh:
    """A ``gh`` on PATH that records its calls; ``issues`` is what ``gh issue list`` answers."""

    def __init__(self, folder: Path, issues: list[dict[str, Any]] | None = None) -> None:
        self.bin = folder / "bin"
        self.bin.mkdir(parents=True)
        gh = self.bin / "gh"
        gh.write_text(FAKE_GH.format(python=sys.executable), encoding="utf-8")
        gh.chmod(0o755)
        # `python` in a step is the one running the tests: the project is installed in it.
        python = self.bin / "python"
        python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
        python.chmod(0o755)
        self.log = folder / "gh.log"
        self.log.touch()
        self.env = {
            "PATH": os.pathsep.join([str(self.bin), "/usr/bin", "/bin"]),
            "FAKE_GH_LOG": str(self.log),
            "FAKE_GH_ISSUES": json.dumps(issues or []),
        }

    @property
    def calls(self) -> list[list[str]]:
        lines = self.log.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines]

    @property
    def body(self) -> str:
        """The last file given with ``--body-file``."""
        return Path(f"{self.log}.body").read_text(encoding="utf-8")


def run_script(
    step: dict[str, Any], cwd: Path, env: dict[str, str], context: dict[str, Any], output: Path
) -> dict[str, str]:
    """One ``run:`` step with bash as GitHub runs it; returns what it wrote to GITHUB_OUTPUT."""
    assert "${{" not in step["run"], f"{step.get('name')}: an expression inside a script"
    output.write_text("", encoding="utf-8")
    script = output.with_suffix(".sh")
    script.write_text(step["run"], encoding="utf-8")
    step_env = {k: substitute(str(v), context) for k, v in step.get("env", {}).items()}
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=cwd,
        env={**env, **step_env, "GITHUB_OUTPUT": str(output)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"{step.get('name')}: {result.stdout}{result.stderr}"
    lines = output.read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line)
