"""The issue-form workflow, run here: its shell steps on sample events, with a fake ``gh``.

GitHub cannot be reached from a test, so the steps that are scripts run for real (bash, the
project's own ``python -m showcase``), the pull-request action is replaced by the outputs it
documents, and ``gh`` by a script that records what it was asked.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT
from .test_from_issue import GOOD, issue_body
from .workflow_steps import FakeGh, evaluate, load_workflow, run_script, substitute

WORKFLOW = ROOT / ".github" / "workflows" / "issue-form.yml"


class Run:
    """One run of the job's steps in a copy of the project, for one issue event."""

    def __init__(self, root: Path, body: str, labels: list[str]) -> None:
        self.root = root
        self.temp = Path(tempfile.mkdtemp(prefix="runner-", dir=root))
        self.gh = FakeGh(self.temp)
        self.event = {"issue": {"number": 7, "body": body, "labels": [{"name": n} for n in labels]}}
        event_path = self.temp / "event.json"
        event_path.write_text(json.dumps(self.event), encoding="utf-8")
        self.env = {
            **os.environ,
            **self.gh.env,
            "PATH": f"{self.gh.bin}{os.pathsep}{os.environ['PATH']}",
            "GITHUB_EVENT_PATH": str(event_path),
            "GITHUB_REPOSITORY": "vvsg-smart-city/showcase",
            "RUNNER_TEMP": str(self.temp),
            "GITHUB_ACTIONS": "false",
        }
        self.context: dict[str, Any] = {
            "github": {"event": self.event, "token": "fake-token"},
            "secrets": {"FORM_BOT_TOKEN": ""},
            "runner": {"temp": str(self.temp)},
            "steps": {},
        }
        self.ran: list[str] = []
        self.pull_request: dict[str, str] = {}

    def job(self) -> dict[str, Any]:
        job: dict[str, Any] = load_workflow(WORKFLOW)["jobs"]["propose"]
        return job

    def job_runs(self) -> bool:
        return bool(evaluate(self.job()["if"], self.context))

    def run(self) -> None:
        for number, step in enumerate(self.job()["steps"]):
            name = step.get("name", step.get("uses", ""))
            if "if" in step and not evaluate(step["if"], self.context):
                continue
            outputs: dict[str, str] = {}
            if step.get("uses", "").startswith("peter-evans/create-pull-request@"):
                # The action's documented outputs stand in for GitHub.
                self.pull_request = {
                    key: substitute(str(value), self.context) for key, value in step["with"].items()
                }
                outputs = {
                    "pull-request-url": "https://github.com/vvsg-smart-city/showcase/pull/12",
                    "pull-request-operation": "created",
                }
            elif "run" in step and name != "Install":  # the test's Python has the project
                output = self.temp / f"output-{number}"
                outputs = run_script(step, self.root, self.env, self.context, output)
            if "id" in step:
                self.context["steps"][step["id"]] = {"outputs": outputs}
            self.ran.append(name)


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
    comment = ["issue", "comment", "7", "--repo", "vvsg-smart-city/showcase"]
    body = ["--body-file", f"{run.temp}/comment.md"]
    assert run.gh.calls == [[*comment, "--edit-last", *body], [*comment, *body]]
    assert "https://github.com/vvsg-smart-city/showcase/pull/12" in run.gh.body


def test_a_wrong_answer_becomes_a_comment_and_no_pull_request(project: Path) -> None:
    answers = {**GOOD["project.yml"], "municipalities": "Lomel"}
    run = Run(project, issue_body("project.yml", answers), LABELS)
    run.run()
    assert "Open or update the pull request" not in run.ran
    assert "- Gemeenten: onbekende gemeente 'Lomel' (bedoelde je 'Lommel'?)" in run.gh.body
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
    assert run.ran[-1] == "Turn the answers into a file" and run.gh.calls == []


def test_the_workflow_keeps_to_least_privilege() -> None:
    data = load_workflow(WORKFLOW)
    assert data[True] == {"issues": {"types": ["opened", "edited"]}}  # `on` reads as True
    assert data["permissions"] == {}
    job = data["jobs"]["propose"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    checkout = job["steps"][0]
    assert checkout["with"]["persist-credentials"] is False
