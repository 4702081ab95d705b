"""The checker as contributors and CI run it: output formats and exit codes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def run(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "GITHUB_ACTIONS": "false", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "showcase", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )


FILES = len(list((ROOT / "data/municipalities").glob("*.yaml"))) + 6
"""What the scratch copy without entries holds: the records, 4 data files and the 2 pages."""


def break_gent(root: Path) -> None:
    # The real projects have warnings (no contact yet, see test_warnings.py); these tests are
    # about errors, so the scratch copy goes without them.
    for rubric in ("projecten", "ervaringen", "suggesties"):
        shutil.rmtree(root / "content" / rubric)
    path = root / "data/municipalities/44021-gent.yaml"
    text = path.read_text().replace("nis_code: '44021'", "nis_code: 44021")
    path.write_text(text + "provincie: Oost-Vlaanderen\n")


def test_clean_data_exits_0() -> None:
    result = run("validate")
    assert result.returncode == 0, result.stdout
    # No errors; warnings (such as a project without contact) do not fail the run.
    *lines, summary = result.stdout.splitlines()
    # Warnings about files not named on the command line are counted in one line.
    assert all(
        re.fullmatch(
            r"\d+ waarschuwingen? in \d+ bestand(en)? \(.*\); toon ze met --all-warnings", line
        )
        for line in lines
    ), lines
    assert re.fullmatch(r"0 problemen( en \d+ waarschuwingen?)? in \d+ bestanden", summary), summary
    listed = run("validate", "--all-warnings").stdout.splitlines()
    assert all(": waarschuwing: " in line for line in listed[:-1]), listed


def test_text_format_and_exit_1(scratch: Path) -> None:
    break_gent(scratch)
    result = run("validate", "--root", str(scratch), cwd=scratch)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "data/municipalities/44021-gent.yaml:2:11: nis_code: 44021 is geen NIS-code: schrijf de NIS-code van 5 cijfers als tekst, bv. '44021'",
        "data/municipalities/44021-gent.yaml:31:1: provincie: onbekend veld 'provincie' (bedoelde je 'province'?); bestaande velden: arrondissement, contact, introduction, name, nis_code, population, postal_codes, province, slug, successor, valid_from, valid_until, website",
        f"2 problemen in {FILES} bestanden",
    ]


def test_github_format(scratch: Path) -> None:
    break_gent(scratch)
    result = run("validate", "--root", str(scratch), cwd=scratch, env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "::error file=data/municipalities/44021-gent.yaml,line=2,col=11,title=nis_code::44021 is geen NIS-code: schrijf de NIS-code van 5 cijfers als tekst, bv. '44021'"
    )
    assert lines[1].startswith("::error file=data/municipalities/44021-gent.yaml,line=31,col=1,")
    assert lines[-1] == f"2 problemen in {FILES} bestanden"


def test_json_format(scratch: Path) -> None:
    break_gent(scratch)
    result = run("validate", "--format", "json", "--root", str(scratch), cwd=scratch)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["errors"] == 2 and report["files"] == FILES
    assert report["problems"][0] == {
        "path": "data/municipalities/44021-gent.yaml",
        "line": 2,
        "col": 11,
        "field": "nis_code",
        "message": "44021 is geen NIS-code: schrijf de NIS-code van 5 cijfers als tekst, bv. '44021'",
        "severity": "error",
    }


def test_files_limit_the_report(scratch: Path) -> None:
    break_gent(scratch)
    other = scratch / "data/municipalities/11001-aartselaar.yaml"
    result = run("validate", str(other), "--root", str(scratch), cwd=scratch)
    assert result.returncode == 0
    gent = scratch / "data/municipalities/44021-gent.yaml"
    result = run("validate", str(gent), "--root", str(scratch), cwd=scratch)
    assert result.returncode == 1


def test_bad_usage_exits_2(tmp_path: Path) -> None:
    assert run("validate", "--format", "xml").returncode == 2
    assert run("frobnicate").returncode == 2
    assert run("validate", "does-not-exist.yaml").returncode == 2
    assert run("validate", "--root", str(tmp_path)).returncode == 2
