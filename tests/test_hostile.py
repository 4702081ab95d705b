"""Hostile and broken input, all at once, through the real checker (one run, one exit code):
every case is refused with its located message, and nothing raises."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

FRONT = (
    "---\ntitle: T\nsummary: S.\nkind: project\nmunicipalities: [gent]\nthemes: [water]\n"
    "status: idee\nsources:\n  - title: B\n    url: https://example.org/\n"
    "    accessed: 2026-01-01\nlast_reviewed: 2026-01-01\n"
)
GENT = (ROOT / "data/municipalities/44021-gent.yaml").read_text(encoding="utf-8")

# (file, content, expected "line:col: message" fragment after the path)
CASES: list[tuple[str, str | bytes, str]] = [
    (
        "content/projecten/dubbel.md",
        FRONT + "title: U\n---\n",
        ":13:1: title: dubbele sleutel 'title'",
    ),
    (
        "content/projecten/tab.md",
        FRONT.replace("  - title", "\t- title") + "---\n",
        ":9:1: een tab als inspringing",
    ),
    ("content/projecten/syntax.md", FRONT + "extra: [a, b\n---\n", "syntaxfout"),
    (
        "content/projecten/anker.md",
        FRONT.replace("themes: [water]", "themes: &t [water]") + "other: *t\n---\n",
        ":6:9: anker '&t' is niet toegestaan",
    ),
    (
        "content/projecten/tag.md",
        FRONT.replace("summary: S.", "summary: !!python/object:os.system x") + "---\n",
        ":3:10: summary: de tag 'tag:yaml.org,2002:python/object:os.system' is niet toegestaan",
    ),
    ("content/projecten/te-groot.md", FRONT + "---\n" + "x" * 300_000, ":1:1: het bestand is 300."),
    (
        "data/regions.yaml",
        "regions: []\n---\nregions: []\n",
        ":2:1: het bestand bevat meerdere YAML-documenten",
    ),
    (
        "content/projecten/bytes.md",
        FRONT.encode() + b"bad: caf\xe9\n---\n",
        ":13:9: byte 0xe9 is geen geldige UTF-8",
    ),
    (
        "content/projecten/jaja.md",
        FRONT.replace("kind: project", "kind: yes") + "---\n",
        ":4:7: kind: 'yes' is dubbelzinnig in YAML",
    ),
    (
        "content/projecten/nul.md",
        FRONT.replace("summary: S.", "summary: 0800") + "---\n",
        ":3:10: summary: 0800 begint met een nul",
    ),
    (
        "content/projecten/getal.md",
        FRONT.replace("title: T", "title: 2024") + "---\n",
        ":2:8: title: verwacht tekst, maar kreeg 2024",
    ),
    (
        "content/projecten/lijst.md",
        FRONT.replace("kind: project", "kind:\n  type: project") + "---\n",
        ":5:3: kind: {'type': 'project'} is niet toegestaan",
    ),
    ("content/projecten/leeg.md", "", ":1:1: het bestand moet beginnen met voorwerk"),
    ("data/municipalities/99999-leeg.yaml", "", ":1:1: het bestand is leeg"),
    ("content/projecten/open.md", FRONT, ":1:1: het voorwerk is niet afgesloten"),
    (
        "content/projecten/onbekend.md",
        FRONT.replace("[gent]", "[gnet]").replace("[water]", "[watr]")
        + "regions: [westhook]\n---\n",
        "onbekende gemeente 'gnet' (bedoelde je 'gent'?)",
    ),
    (
        "content/projecten/zelf.md",
        FRONT + "inspired_by: [zelf]\n---\n",
        ":13:15: inspired_by[0]: een project kan niet naar zichzelf verwijzen",
    ),
    (
        "content/projecten/kring-a.md",
        FRONT + "inspired_by: [kring-b]\n---\n",
        ":13:14: inspired_by: de afstamming loopt rond: 'kring-a' en 'kring-b'",
    ),
    (
        "content/projecten/kring-b.md",
        FRONT + "inspired_by: [kring-a]\n---\n",
        ":13:14: inspired_by: de afstamming loopt rond: 'kring-b' en 'kring-a'",
    ),
    (
        "content/projecten/Hoofd Letters.md",
        FRONT + "---\n",
        ":1:1: de bestandsnaam 'Hoofd Letters.md' moet een slug in kleine letters zijn",
    ),
    (
        "content/projecten/pad.md",
        FRONT + "---\n![x](../../data/regions.yaml)\n",
        ":14:6: body: het pad '../../data/regions.yaml' wijst buiten content/media/",
    ),
    (
        "content/projecten/ver-beeld.md",
        FRONT + "---\n![x](https://example.org/x.png)\n",
        "staat op een andere site",
    ),
    (
        "content/projecten/geen-beeld.md",
        FRONT + "---\n![x](/media/geen.png)\n",
        "'/media/geen.png' bestaat niet",
    ),
    (
        "content/projecten/ruwe-html.md",
        FRONT + "---\nTekst `<b onclick=x>` en <b onclick=alert(1)>vet</b>.\n",
        ":14:29: body: het attribuut onclick op <b> is een script (een event handler)",
    ),
]


def write(root: Path, name: str, content: str | bytes) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, str]:
    import shutil

    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "content", root / "content")
    for name, content, _ in CASES:
        write(root, name, content)
    # A successor chain that loops: Nevele -> Deinze (tot 2018) -> Nevele.
    deinze_old = root / "data/municipalities/44011-deinze-tot-2018.yaml"
    deinze_old.write_text(
        deinze_old.read_text().replace("successor: '44083'", "successor: '44049'")
    )
    nevele = root / "data/municipalities/44049-nevele.yaml"
    nevele.write_text(nevele.read_text().replace("successor: '44083'", "successor: '44011'"))
    result = subprocess.run(
        [sys.executable, "-m", "showcase", "validate", "--root", str(root)],
        capture_output=True,
        text=True,
        env={**os.environ, "GITHUB_ACTIONS": "false"},
        check=False,
    )
    return result.returncode, result.stdout, result.stderr


def test_exit_code_and_no_traceback(report: tuple[int, str, str]) -> None:
    code, stdout, stderr = report
    assert code == 1
    assert "Traceback" not in stdout + stderr


@pytest.mark.parametrize(("name", "expected"), [(n, e) for n, _, e in CASES])
def test_each_case_is_located(report: tuple[int, str, str], name: str, expected: str) -> None:
    lines = [line for line in report[1].splitlines() if line.startswith(name + ":")]
    assert lines, f"nothing reported for {name}"
    assert any(expected in line for line in lines), lines


def test_successor_loop(report: tuple[int, str, str]) -> None:
    assert (
        "data/municipalities/44049-nevele.yaml:11:12: successor: de keten van successors keert terug naar deze gemeente"
        in report[1]
    )
