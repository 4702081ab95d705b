"""Scaffolding: every kind of entry, written into a scratch copy, validates without errors."""

from __future__ import annotations

import datetime as dt
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from showcase import check_showcase
from showcase.contribute.references import load_references
from showcase.contribute.scaffold import (
    Request,
    ScaffoldError,
    ask_request,
    render_entry,
    scaffold_kinds,
    slugify,
    write_entry,
)
from showcase.load.dataset import Layout
from showcase.load.reader import load_front_matter_file
from showcase.problems import Problem, Severity, errors_in

from .conftest import ROOT

TODAY = dt.date(2026, 11, 26)
MUNICIPALITY_ADVICE = (
    "schrijf de naam, de NIS-code of de bestandsnaam uit data/municipalities/"
    " (bv. 'Gent', '44021' of 'gent')"
)
THEME_ADVICE = "kies een thema uit data/themes.yaml (slug of naam)"
KINDS = scaffold_kinds()
REQUESTS = {
    "project": Request(
        "project",
        'Slimme verlichting op het "marktplein"',
        ["gent", "41002"],
        ["energie-en-klimaat"],
    ),
    "ervaring": Request("ervaring", "Wat we leerden van sensoren", ["Sint-Niklaas"], []),
    "suggestie": Request("suggestie", "Deel je meetdata: als open data!", ["gent"], ["open-data"]),
}


def problems_in(root: Path, path: Path) -> list[Problem]:
    _, problems = check_showcase(Layout.at(root), warnings=True, today=TODAY)
    shown = path.relative_to(root).as_posix()
    return sorted(p for p in problems if p.path == shown)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_scaffolded_entry_validates(scratch: Path, kind: str) -> None:
    path = write_entry(Layout.at(scratch), REQUESTS[kind], TODAY)
    rubric, model = KINDS[kind].folder, KINDS[kind].model
    assert path.parent == scratch / "content" / rubric
    _, problems = check_showcase(Layout.at(scratch), warnings=True, today=TODAY)
    assert errors_in(problems) == []
    found = problems_in(scratch, path)
    assert found and all(p.severity is Severity.WARNING for p in found)
    # every field of the model is there, each with a comment
    doc, _ = load_front_matter_file(path, scratch)
    assert doc is not None
    assert list(doc.data) == list(model.model_fields)
    front = path.read_text(encoding="utf-8").split("---\n")[1]
    for line in front.splitlines():
        if line and not line.startswith((" ", "#")):
            assert " # " in line, line


def test_project_file_and_its_warnings(scratch: Path) -> None:
    path = write_entry(Layout.at(scratch), REQUESTS["project"], TODAY)
    assert path.name == "slimme-verlichting-op-het-marktplein.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[:7] == [
        "---",
        "# yaml-language-server: $schema=../../schema/project.schema.json",
        'title: "Slimme verlichting op het \\"marktplein\\"" # titel zoals bezoekers hem zien',
        'summary: "TODO: één zin die zegt wat het project doet." # één zin, max. 300 tekens',
        "kind: project                 # project of proeftuin (living lab)",
        "municipalities: [gent, aalst] # slug of NIS-code ('44021'); een gefuseerde gemeente mag",
        "regions: []                   # regio's uit data/regions.yaml, bv. [westhoek]",
    ]
    shown = path.relative_to(scratch).as_posix()
    placeholder = "plaatshouder 'TODO' blijven staan: vervang hem door de echte tekst"
    in_text = "plaatshouder 'TODO' blijven staan in de tekst: vervang hem door je eigen woorden"
    assert [(p.line, p.field, p.message) for p in problems_in(scratch, path)] == [
        (4, "summary", placeholder),
        (37, "sources[0].title", placeholder),
        (38, "sources[0].url", placeholder),
        (43, "", in_text),
        (47, "", in_text),
        (51, "", in_text),
    ]
    assert all(p.path == shown for p in problems_in(scratch, path))


def test_names_and_nis_codes_become_slugs(scratch: Path) -> None:
    path = write_entry(Layout.at(scratch), REQUESTS["ervaring"], TODAY)
    doc, _ = load_front_matter_file(path, scratch)
    assert doc is not None
    assert doc.data["municipalities"] == ["sint-niklaas"]
    assert doc.data["date"] == doc.data["last_reviewed"] == "2026-11-26"


def test_refuses_to_overwrite(scratch: Path) -> None:
    layout = Layout.at(scratch)
    path = write_entry(layout, REQUESTS["suggestie"], TODAY)
    path.write_text(path.read_text(encoding="utf-8") + "Mijn eigen tekst.\n", encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    with pytest.raises(ScaffoldError) as refused:
        write_entry(layout, REQUESTS["suggestie"], TODAY)
    assert refused.value.message == (
        "content/suggesties/deel-je-meetdata-als-open-data.md bestaat al: pas dat bestand aan, "
        "of kies een andere titel (of --slug)"
    )
    assert refused.value.usage is False
    assert path.read_text(encoding="utf-8") == before


def test_real_project_is_never_overwritten(scratch: Path) -> None:
    existing = scratch / "content" / "projecten" / "telraam-leuven.md"
    before = existing.read_text(encoding="utf-8")
    request = Request("project", "Telraam Leuven", ["leuven"], ["mobiliteit"])
    with pytest.raises(ScaffoldError, match="bestaat al"):
        write_entry(Layout.at(scratch), request, TODAY)
    assert existing.read_text(encoding="utf-8") == before


def test_unknown_municipality_and_theme_with_hints(scratch: Path) -> None:
    request = Request("project", "Een project", ["gnet", "zzzzzz"], ["energie", "mobiliteit"])
    with pytest.raises(ScaffoldError) as refused:
        write_entry(Layout.at(scratch), request, TODAY)
    assert refused.value.message.splitlines() == [
        "onbekende gemeente 'gnet' (bedoelde je 'Gent'?): " + MUNICIPALITY_ADVICE,
        "onbekende gemeente 'zzzzzz': " + MUNICIPALITY_ADVICE,
        "onbekend thema 'energie' (bedoelde je 'Energie en klimaat'?): " + THEME_ADVICE,
    ]
    assert refused.value.usage is True
    assert not (scratch / "content" / "projecten" / "een-project.md").exists()


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (
            Request("project", "X", [], ["mobiliteit"]),
            "een project heeft minstens één gemeente nodig (of een regio)",
        ),
        (Request("project", "X", ["gent"], []), "een project heeft minstens één thema nodig"),
        (
            Request("ervaring", "X", [], []),
            "een ervaring heeft minstens één gemeente nodig (of een regio of een organisatie)",
        ),
        (Request("suggestie", " ", ["gent"], []), "de titel is leeg"),
        (Request("suggestie", "X", ["gent"], [], ["westhoek"]), "een suggestie heeft geen regio's"),
    ],
)
def test_what_each_kind_needs(scratch: Path, request_: Request, message: str) -> None:
    with pytest.raises(ScaffoldError) as refused:
        write_entry(Layout.at(scratch), request_, TODAY)
    assert refused.value.message.splitlines() == [message]


def test_a_regional_project(scratch: Path) -> None:
    request = Request("project", "Regionaal project", [], ["mobiliteit"], ["westhoek"])
    path = write_entry(Layout.at(scratch), request, TODAY)
    assert errors_in(problems_in(scratch, path)) == []
    assert "regions: [westhoek]" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Slimme verlichting op het Marktplein!", "slimme-verlichting-op-het-marktplein"),
        ("Geïnspireerd door 's-Gravenwezel", "geinspireerd-door-s-gravenwezel"),
        ("  CO₂-meters in 20 scholen  ", "co2-meters-in-20-scholen"),
        ("Een heel lange titel " * 6, "een-heel-lange-titel-een-heel-lange-titel-een-heel-lange"),
        ("!!!", ""),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_a_title_without_letters_needs_a_slug(scratch: Path) -> None:
    with pytest.raises(ScaffoldError, match="geef --slug"):
        write_entry(Layout.at(scratch), Request("suggestie", "!!!", ["gent"], []), TODAY)
    request = Request("suggestie", "!!!", ["gent"], [], slug="uitroeptekens")
    assert write_entry(Layout.at(scratch), request, TODAY).name == "uitroeptekens.md"


def test_render_is_stable() -> None:
    text = render_entry(Request("suggestie", "X", ["gent"], []), TODAY)
    assert text == render_entry(Request("suggestie", "X", ["gent"], []), TODAY)
    assert text.startswith(
        "---\n# yaml-language-server: $schema=../../schema/suggestie.schema.json\n"
    )


def test_asking_repeats_until_the_answer_is_known(scratch: Path) -> None:
    answers = iter(["", "Mijn project", "gnet", "gent, aalst", "energie", "energie-en-klimaat"])
    said: list[str] = []
    title, municipalities, themes = ask_request(
        KINDS["project"],
        None,
        [],
        [],
        load_references(Layout.at(scratch)),
        ask=lambda question: next(answers),
        say=said.append,
    )
    assert (title, municipalities, themes) == (
        "Mijn project",
        ["gent", "aalst"],
        ["energie-en-klimaat"],
    )
    assert said == [
        "onbekende gemeente 'gnet' (bedoelde je 'Gent'?): " + MUNICIPALITY_ADVICE,
        "onbekend thema 'energie' (bedoelde je 'Energie en klimaat'?): " + THEME_ADVICE,
    ]


# --- the command line ------------------------------------------------------------------------


def run(*args: str, root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "showcase", *args, "--root", str(root)],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "GITHUB_ACTIONS": "false"},
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_command_writes_then_refuses(scratch: Path) -> None:
    args = ("new", "project", "--title", "Slimme banken", "--municipality", "gent,aalst")
    result = run(*args, "--theme", "mobiliteit", root=scratch)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "geschreven: content/projecten/slimme-banken.md\n"
    checked = run("validate", "content/projecten/slimme-banken.md", root=scratch)
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.splitlines()[-1] == "0 problemen en 6 waarschuwingen in 1 bestand"
    assert (
        run("validate", "--strict", "content/projecten/slimme-banken.md", root=scratch).returncode
        == 1
    )
    again = run(*args, "--theme", "mobiliteit", root=scratch)
    assert again.returncode == 1
    assert again.stderr == (
        "fout: content/projecten/slimme-banken.md bestaat al: pas dat bestand aan, of kies "
        "een andere titel (of --slug)\n"
    )


def test_command_without_a_terminal_needs_every_option(scratch: Path) -> None:
    result = run("new", "suggestie", "--theme", "open-data", root=scratch)
    assert result.returncode == 2
    assert result.stderr == (
        "fout: --title en --municipality ontbreken; geef ze als optie (make new-suggestie "
        "TITLE=… MUNICIPALITIES=… THEMES=…), of start het in een terminal, dan wordt het je "
        "gevraagd\n"
    )
    unknown = run("new", "ervaring", "--title", "X", "--municipality", "gnet", root=scratch)
    assert unknown.returncode == 2
    assert unknown.stderr.startswith("fout: onbekende gemeente 'gnet' (bedoelde je 'Gent'?)")
    assert not (scratch / "content" / "ervaringen" / "x.md").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_command_asks_in_a_terminal(scratch: Path) -> None:
    leader, follower = pty.openpty()
    try:
        os.write(leader, b"Een gevraagd project\ngnet\ngent\nmobiliteit\n")
        result = subprocess.run(
            [sys.executable, "-m", "showcase", "new", "project", "--root", str(scratch)],
            cwd=scratch,
            stdin=follower,
            capture_output=True,
            text=True,
            env={**os.environ, "GITHUB_ACTIONS": "false"},
            timeout=120,
            check=False,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("geschreven: content/projecten/een-gevraagd-project.md\n")
    assert "Titel: " in result.stdout and "onbekende gemeente 'gnet'" in result.stderr
    assert (scratch / "content" / "projecten" / "een-gevraagd-project.md").is_file()


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_target_passes_the_variables_through(scratch: Path, tmp_path: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", scratch / "pyproject.toml")
    stamp = tmp_path / "installed"  # the virtual environment is this one: nothing to install
    stamp.touch()
    result = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-C",
            str(scratch),
            "-f",
            str(ROOT / "Makefile"),
            f"BIN={Path(sys.executable).parent}",
            f"STAMP={stamp}",
            "new-suggestie",
            'TITLE=Deel je "meetdata"; ook $$HOME & co',
            "MUNICIPALITIES=De Panne",
            "THEMES=open-data,mobiliteit",
        ],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "GITHUB_ACTIONS": "false"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    path = scratch / "content" / "suggesties" / "deel-je-meetdata-ook-home-co.md"
    doc, _ = load_front_matter_file(path, scratch)
    assert doc is not None
    assert doc.data["title"] == 'Deel je "meetdata"; ook $HOME & co'
    assert doc.data["municipalities"] == ["de-panne"]
    assert doc.data["themes"] == ["open-data", "mobiliteit"]
