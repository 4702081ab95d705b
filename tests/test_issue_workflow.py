"""The issue-form workflow, run here: its shell steps on sample events, with a fake ``gh``.

GitHub cannot be reached from a test, so the steps that are scripts run for real (bash, the
project's own ``python -m showcase``), the pull-request action is replaced by the outputs it
documents, and ``gh`` by a script that records what it was asked.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT
from .test_from_issue import GOOD, issue_body

WORKFLOW = ROOT / ".github" / "workflows" / "issue-form.yml"
_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def workflow() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def lookup(path: str, context: dict[str, Any]) -> Any:
    value: Any = context
    for part in path.split("."):
        value = value.get(part, "") if isinstance(value, dict) else ""
    return value


def evaluate(expression: str, context: dict[str, Any]) -> Any:
    """The few expression forms the workflow uses: paths, ``||``, ``==``, ``!=``, contains()."""
    expression = expression.strip()
    if expression.startswith("contains("):
        match = re.fullmatch(r"contains\(([\w.*]+),\s*'([^']*)'\)", expression)
        assert match, expression
        items = lookup(match.group(1).replace(".*.name", ""), context)
        return any(item.get("name") == match.group(2) for item in items)
    for operator in ("==", "!="):
        if operator in expression:
            left, right = (part.strip() for part in expression.split(operator))
            equal = str(evaluate(left, context)) == right.strip("'")
            return equal if operator == "==" else not equal
    if "||" in expression:
        return next((v for v in (evaluate(p, context) for p in expression.split("||")) if v), "")
    if expression.startswith("'"):
        return expression.strip("'")
    return lookup(expression, context)


def substitute(text: str, context: dict[str, Any]) -> str:
    return _EXPRESSION.sub(lambda m: str(evaluate(m.group(1), context)), text)


FAKE_GH = """#!/usr/bin/env bash
# Records its arguments and the comment it was given; --edit-last fails the first time (no
# earlier comment), as gh does.
printf '%s\\n' "$*" >> "$GH_LOG"
for arg in "$@"; do
  if [ "$previous" = "--body-file" ]; then cp "$arg" "$GH_LOG.comment"; fi
  previous="$arg"
done
if [[ " $* " == *" --edit-last "* ]] && [ ! -e "$GH_LOG.commented" ]; then
  echo "no comments found for current user" >&2
  exit 1
fi
touch "$GH_LOG.commented"
"""


class Run:
    """One run of the job's steps in a copy of the project."""

    def __init__(self, root: Path, body: str, labels: list[str]) -> None:
        self.root = root
        self.temp = Path(tempfile.mkdtemp(prefix="runner-", dir=root))
        bin_dir = self.temp / "bin"
        bin_dir.mkdir()
        (bin_dir / "gh").write_text(FAKE_GH, encoding="utf-8")
        (bin_dir / "gh").chmod(0o755)
        # `python` is the one running the tests: the project is installed in it.
        (bin_dir / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
        (bin_dir / "python").chmod(0o755)
        self.gh_log = self.temp / "gh.log"
        self.event = {
            "issue": {
                "number": 7,
                "body": body,
                "labels": [{"name": name} for name in labels],
            }
        }
        event_path = self.temp / "event.json"
        event_path.write_text(json.dumps(self.event), encoding="utf-8")
        self.env = {
            **os.environ,
            "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
            "GITHUB_EVENT_PATH": str(event_path),
            "GITHUB_REPOSITORY": "vvsg-smart-city/showcase",
            "RUNNER_TEMP": str(self.temp),
            "GH_LOG": str(self.gh_log),
            "GITHUB_ACTIONS": "false",
        }
        self.context: dict[str, Any] = {
            "github": {"event": self.event, "token": "fake-token"},
            "secrets": {},
            "runner": {"temp": str(self.temp)},
            "steps": {},
        }
        self.ran: list[str] = []

    def job_runs(self) -> bool:
        return bool(evaluate(workflow()["jobs"]["propose"]["if"], self.context))

    def run(self) -> None:
        for step in workflow()["jobs"]["propose"]["steps"]:
            name = step.get("name", step.get("uses", ""))
            if "if" in step and not evaluate(step["if"], self.context):
                continue
            if "uses" in step:
                self.action(step)
            elif name != "Install":  # the project is installed in the test's Python already
                self.script(step)
            self.ran.append(name)

    def action(self, step: dict[str, Any]) -> None:
        if step["uses"].startswith("peter-evans/create-pull-request@"):
            inputs = {
                key: substitute(str(value), self.context) for key, value in step["with"].items()
            }
            self.pull_request = inputs
            self.context["steps"][step["id"]] = {
                "outputs": {
                    "pull-request-url": "https://github.com/vvsg-smart-city/showcase/pull/12",
                    "pull-request-operation": "created",
                }
            }

    def script(self, step: dict[str, Any]) -> None:
        assert "${{" not in step["run"], "an expression inside a script"
        output = self.temp / f"output-{len(self.ran)}"
        output.touch()
        env = {
            **self.env,
            **{k: substitute(str(v), self.context) for k, v in step.get("env", {}).items()},
            "GITHUB_OUTPUT": str(output),
        }
        script = self.temp / "step.sh"
        script.write_text(step["run"], encoding="utf-8")
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        outputs = dict(
            line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if line
        )
        if "id" in step:
            self.context["steps"][step["id"]] = {"outputs": outputs}

    def gh_calls(self) -> list[str]:
        return self.gh_log.read_text(encoding="utf-8").splitlines() if self.gh_log.exists() else []

    def comment(self) -> str:
        return Path(f"{self.gh_log}.comment").read_text(encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for folder in ("data", "content", ".github"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "pelicanconf.py", tmp_path / "pelicanconf.py")
    return tmp_path


LABELS = ["via formulier", "formulier: project"]


def test_a_good_issue_becomes_a_pull_request_and_a_comment(project: Path) -> None:
    run = Run(project, issue_body("project.yml", GOOD["project.yml"]), LABELS)
    assert run.job_runs()
    run.run()
    assert run.ran[-2:] == ["Open or update the pull request", "Tell the issue"]
    path = "content/projecten/slimme-zitbanken-in-het-park.md"
    assert (project / path).is_file()
    assert run.pull_request["add-paths"] == path
    assert run.pull_request["branch"] == "formulier/issue-7"
    assert run.pull_request["token"] == "fake-token"
    summary = Path(run.pull_request["body-path"]).read_text(encoding="utf-8")
    assert summary.startswith(f"**Nieuw bestand:** `{path}`") and summary.endswith("Closes #7\n")
    calls = run.gh_calls()
    assert calls == [
        "issue comment 7 --repo vvsg-smart-city/showcase --edit-last --body-file "
        f"{run.temp}/comment.md",
        f"issue comment 7 --repo vvsg-smart-city/showcase --body-file {run.temp}/comment.md",
    ]
    assert "https://github.com/vvsg-smart-city/showcase/pull/12" in run.comment()


def test_a_wrong_answer_becomes_a_comment_and_no_pull_request(project: Path) -> None:
    answers = {**GOOD["project.yml"], "municipalities": "Lomel"}
    run = Run(project, issue_body("project.yml", answers), LABELS)
    run.run()
    assert "Open or update the pull request" not in run.ran
    assert "- Gemeenten: onbekende gemeente 'Lomel' (bedoelde je 'Lommel'?)" in run.comment()
    assert not (project / "content/projecten/slimme-zitbanken-in-het-park.md").exists()


def test_the_body_is_never_run_as_shell(project: Path) -> None:
    answers = {
        **GOOD["project.yml"],
        "title": "$(touch pwned) `touch pwned2` ${HOME}",
        "body": "'; touch pwned3; echo '\n\"$(touch pwned4)\"",
    }
    run = Run(project, issue_body("project.yml", answers), LABELS)
    run.run()
    assert not list(project.glob("pwned*"))
    written = next((project / "content" / "projecten").glob("touch-pwned*.md"))
    assert "$(touch pwned) `touch pwned2` ${HOME}" in written.read_text(encoding="utf-8")


def test_other_issues_are_left_alone(project: Path) -> None:
    assert not Run(project, "Iets anders", ["correctie"]).job_runs()
    run = Run(project, "### Titel\n\nX", ["via formulier"])
    assert run.job_runs()
    run.run()
    assert run.ran[-1] == "Turn the answers into a file" and run.gh_calls() == []


def test_the_workflow_keeps_to_least_privilege() -> None:
    data = workflow()
    assert data[True] == {"issues": {"types": ["opened", "edited"]}}  # `on` reads as True
    assert data["permissions"] == {}
    job = data["jobs"]["propose"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    for step in job["steps"]:
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
        if "run" in step:
            assert "${{" not in step["run"]
    checkout = job["steps"][0]
    assert checkout["with"]["persist-credentials"] is False
