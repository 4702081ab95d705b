"""The shape of the code, held by tests: small functions, one parallel module, rubrics declared
in one place, a catalogue that cannot change after linking, settings in one typed object."""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import pytest

from showcase import check_showcase
from showcase.link.catalogue import SealedError
from showcase.load.dataset import Layout
from showcase.settings import PREFIX, SettingsError, ShowcaseSettings, setting_name

from .conftest import ROOT

PLUGINS = ROOT / "plugins"
MODULES = sorted(PLUGINS.rglob("*.py"))
MAX_FUNCTION_LINES = 120


def test_no_function_is_longer_than_120_lines() -> None:
    long = []
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({length})")
    assert long == []


PARALLEL = re.compile(
    r"^\s*(import (multiprocessing|threading|concurrent)|from (multiprocessing|threading|"
    r"concurrent)\b)|os\.fork\(",
    re.MULTILINE,
)


def test_parallel_work_is_set_up_in_one_module() -> None:
    setting_up = [
        path.relative_to(PLUGINS).as_posix()
        for path in MODULES
        if PARALLEL.search(path.read_text(encoding="utf-8"))
    ]
    assert setting_up == ["showcase/parallel.py"]


@pytest.mark.parametrize("name", ["ervaring", "suggestie"])
def test_a_rubric_is_named_in_at_most_three_modules(name: str) -> None:
    """Its model, the registry, and at most one more: everything else loops over the kinds."""
    naming = [
        path.relative_to(PLUGINS).as_posix()
        for path in MODULES
        if name in path.read_text(encoding="utf-8").casefold()
    ]
    assert len(naming) <= 3, naming
    assert "showcase/kinds.py" in naming and "showcase/schema/models.py" in naming


def test_the_catalogue_is_sealed_after_linking() -> None:
    catalogue, _ = check_showcase(Layout.at(ROOT))
    project = catalogue.projects[0]
    place = catalogue.by_slug["gent"]
    with pytest.raises(SealedError, match="sealed after linking"):
        project.body = "changed"
    with pytest.raises(SealedError):
        place.label = "Gent!"
    with pytest.raises(SealedError):
        catalogue.regions = []
    assert isinstance(place.projects, tuple) and isinstance(project.themes, tuple)
    with pytest.raises(TypeError):
        place.entries["ervaring"] = ()  # type: ignore[index]


def test_every_setting_is_typed_and_documented() -> None:
    docs = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    undocumented = [
        setting_name(spec.name)
        for spec in dataclasses.fields(ShowcaseSettings)
        if f"`{setting_name(spec.name)}`" not in docs
    ]
    assert undocumented == []
    used = set()  # set in the settings files, or named as a string in the code
    for path in (ROOT / "pelicanconf.py", ROOT / "publishconf.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(rf"^({PREFIX}[A-Z_]+)\s*=", text, re.MULTILINE))
    for path in MODULES:
        used |= set(re.findall(rf"[\"']({PREFIX}[A-Z_]+)[\"']", path.read_text(encoding="utf-8")))
    known = {setting_name(spec.name) for spec in dataclasses.fields(ShowcaseSettings)}
    assert used - known - {"SHOWCASE_SITEURL"} == set(), "every setting has a field"


def test_settings_refuse_unknown_names_and_wrong_types() -> None:
    assert ShowcaseSettings.from_mapping({"SHOWCASE_WORKERS": 2, "SITENAME": "x"}).workers == 2
    with pytest.raises(SettingsError, match="onbekende instelling SHOWCASE_DATAPATH"):
        ShowcaseSettings.from_mapping({"SHOWCASE_DATAPATH": "data"})
    with pytest.raises(SettingsError, match="SHOWCASE_CHECK_HTML moet bool zijn, niet 'ja'"):
        ShowcaseSettings.from_mapping({"SHOWCASE_CHECK_HTML": "ja"})
    with pytest.raises(SettingsError, match="SHOWCASE_WORKERS moet int of None zijn"):
        ShowcaseSettings.from_mapping({"SHOWCASE_WORKERS": True})


def test_the_tree_shows_the_flow() -> None:
    packages = sorted(
        p.name for p in (PLUGINS / "showcase").iterdir() if (p / "__init__.py").exists()
    )
    assert packages == ["check", "contribute", "derive", "link", "load", "schema", "site"]
    assert not [
        p.name
        for p in (PLUGINS / "showcase").glob("*.py")
        if p.name
        not in {
            "__init__.py",
            "__main__.py",
            "cli.py",
            "kinds.py",
            "parallel.py",
            "problems.py",
            "settings.py",
        }
    ]


def test_the_cli_reads_the_folders_from_the_settings(tmp_path: Path) -> None:
    from showcase.cli import main

    (tmp_path / "gegevens").mkdir()
    for name in ("municipalities", "geo"):
        (tmp_path / "gegevens" / name).symlink_to(ROOT / "data" / name)
    for name in ("provinces.yaml", "themes.yaml", "regions.yaml", "neighbours.csv"):
        (tmp_path / "gegevens" / name).symlink_to(ROOT / "data" / name)
    (tmp_path / "data").mkdir()  # an empty data folder where the default would look
    (tmp_path / "inhoud").symlink_to(ROOT / "content")
    (tmp_path / "pelicanconf.py").write_text(
        'SHOWCASE_DATA_PATH = "gegevens"\nSHOWCASE_CONTENT_PATH = "inhoud"\n', encoding="utf-8"
    )
    assert main(["validate", "--root", str(tmp_path), "--format", "json"]) == 0
    (tmp_path / "pelicanconf.py").write_text('SHOWCASE_DATA_PAT = "x"\nSHOWCASE_X = 1\n', "utf-8")
    assert main(["validate", "--root", str(tmp_path)]) == 2
