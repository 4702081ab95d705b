"""The content-kinds registry: adding a rubric is one declaration, one model and at most two
templates (docs/architecture.md, "Een rubriek toevoegen"). This test follows that recipe with a
throwaway kind in a temporary tree and builds it for real, so the recipe stays true."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pelican_showcase.build import build
from showcase.contribute.scaffold import Request, write_entry
from showcase.kinds import KINDS, load_registry
from showcase.load.dataset import Layout
from showcase.schema.jsonschema import schema_specs

from .conftest import ROOT

KIND_MODULE = '''
"""A throwaway rubric for tests/test_kinds.py: events that municipalities organise."""

from pydantic import Field

from showcase.kinds import KINDS, ContentKind, Reference, Scaffold
from showcase.schema.models import Date, Model, MunicipalityRef, Slug, Text


class Evenement(Model):
    title: Text = Field(description="Titel van het evenement.")
    summary: Text = Field(max_length=300, description="Eén zin.")
    municipality: MunicipalityRef = Field(description="De gemeente die het organiseert.")
    themes: list[Slug] = Field(default_factory=list, description="Thema's.")
    date: Date = Field(description="Dag van het evenement.")
    last_reviewed: Date = Field(description="Laatst nagekeken.")


EVENEMENT = ContentKind(
    name="evenement",
    folder="evenementen",
    model=Evenement,
    title="Evenementen",
    singular="Evenement",
    intro="Studiedagen en demo's waar gemeenten elkaar ontmoeten.",
    schema_title="Evenement",
    schema_description="Het voorwerk van een evenement: content/evenementen/<slug>.md.",
    detail_template="evenement.html",
    references=(
        Reference("municipality", "municipality", many=False),
        Reference("themes", "theme"),
    ),
    sort_key=lambda entry: (entry.record.date, entry.slug),
    scaffold=Scaffold(summary="één zin over het evenement.", body="TODO: het programma.\\n"),
)

KINDS = KINDS.plus(EVENEMENT)
'''

TEMPLATE = """{% extends "entry.html" %}
{% block content %}<p class="evenement-op">Op {{ entry.record.date|date_nl }}</p>{{ super() }}{% endblock %}
"""

ENTRY = """---
title: "Smart-city-dag in Gent"
summary: "Een dag waarop gemeenten hun sensorprojecten tonen."
municipality: gent
themes: [luchtkwaliteit]
date: 2026-03-12
last_reviewed: 2026-11-26
---
Het programma volgt.
"""


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with the real data, one evenement, the kind's module and its template."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data")
    shutil.copytree(ROOT / "content", project / "content")
    (project / "content" / "evenementen").mkdir()
    (project / "content" / "evenementen" / "smart-city-dag.md").write_text(ENTRY, "utf-8")
    (project / "evenement_kind.py").write_text(textwrap.dedent(KIND_MODULE), "utf-8")
    (project / "templates").mkdir()
    (project / "templates" / "evenement.html").write_text(TEMPLATE, "utf-8")
    settings = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    settings += '\nSHOWCASE_KINDS = "evenement_kind:KINDS"\n'
    (project / "pelicanconf.py").write_text(settings, "utf-8")
    monkeypatch.syspath_prepend(str(project))
    return project


def test_a_new_kind_is_built_like_the_others(tree: Path) -> None:
    overrides = {
        "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "THEME_TEMPLATES_OVERRIDES": [str(tree / "templates")],
        "SHOWCASE_CHECK_HTML": False,
    }
    assert build(tree / "pelicanconf.py", tree / "output", overrides=overrides) == 0
    output = tree / "output"

    def page(path: str) -> BeautifulSoup:
        return BeautifulSoup((output / path).read_text(encoding="utf-8"), "html.parser")

    listing = page("evenementen/index.html")
    assert listing.h1.get_text() == "Evenementen"
    assert [a["href"] for a in listing.select(".card-title a")] == ["/evenementen/smart-city-dag/"]
    detail = page("evenementen/smart-city-dag/index.html")
    assert detail.select_one(".evenement-op").get_text() == "Op 12 maart 2026"  # its template
    assert detail.select_one("[data-pagefind-filter]")["data-pagefind-filter"] == "soort:Evenement"
    assert "Het programma volgt." in detail.select_one(".prose").get_text()
    menu = [a.get_text() for a in page("index.html").select(".site-nav a")]
    assert menu == [
        "Gemeenten",
        "Projecten",
        "Proeftuinen",
        "Thema's",
        "Opschalen",
        "Ervaringen",
        "Suggesties",
        "Evenementen",
        "Partners",
        "Contacten",
        "Zoeken",
    ]
    gent = page("gemeenten/gent/index.html").get_text(" ", strip=True)
    assert "Evenement: Smart-city-dag in Gent" in gent
    assert "/evenementen/smart-city-dag/" in (output / "sitemap.xml").read_text(encoding="utf-8")
    assert (output / "pagefind" / "pagefind-entry.json").is_file()


def test_the_checker_schema_and_scaffold_know_the_new_kind(tree: Path) -> None:
    registry = load_registry("evenement_kind:KINDS")
    assert registry.names == (*KINDS.names, "evenement")
    assert "evenement" in [spec.name for spec in schema_specs(registry)]

    layout = Layout.at(tree, kinds=registry)
    path = write_entry(
        layout, Request("evenement", "Open dag", ["aalst"], ["open-data"]), dt.date(2026, 11, 26)
    )
    assert path == tree / "content" / "evenementen" / "open-dag.md"

    bad = tree / "content" / "evenementen" / "fout.md"
    bad.write_text(ENTRY.replace("municipality: gent", "municipality: gnet"), "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "showcase", "validate", "--root", str(tree), str(bad)],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": f"{tree}:{ROOT / 'plugins'}", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1, result.stderr
    assert (
        "content/evenementen/fout.md:4:15: municipality: onbekende gemeente 'gnet' (bedoelde je 'gent'?)"
    ) in result.stdout


def test_two_kinds_may_not_share_a_name_or_a_folder() -> None:
    with pytest.raises(ValueError, match="share the name 'project'"):
        KINDS.plus(KINDS["project"])
    with pytest.raises(ValueError, match="share the folder 'projecten'"):
        KINDS.plus(dataclasses.replace(KINDS["project"], name="tweede-project"))
