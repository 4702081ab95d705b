"""Shared fixtures: the project root, scratch copies of the data, one real build."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def load_tool(name: str) -> ModuleType:
    """A script from tools/ as a module (tools/ is not a package)."""
    path = ROOT / "tools" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A copy of the project's data and content in tmp_path, free to break."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


@pytest.fixture(scope="session")
def real_catalogue() -> Any:
    """The real data and content, loaded and linked once (no problems allowed)."""
    from showcase.link.linker import build_catalogue
    from showcase.load.dataset import Layout, load_dataset

    data, problems = load_dataset(Layout.at(ROOT))
    assert problems == []
    catalogue, problems = build_catalogue(data)
    assert problems == []
    return catalogue


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real data plus the test fixtures (ervaringen, suggesties, hostile bodies), built once."""
    return build_test_site(tmp_path_factory.mktemp("site"))


def build_test_site(project: Path, **settings: Any) -> Path:
    """The real data plus the test fixtures, built into ``project/output`` with ``settings``."""
    from pelican_showcase.build import build

    shutil.copytree(ROOT / "data", project / "data")
    shutil.copytree(ROOT / "content", project / "content")
    for folder in (FIXTURES / "content").iterdir():
        shutil.copytree(folder, project / "content" / folder.name, dirs_exist_ok=True)
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, project / name)
    output = project / "output"
    overrides = {
        "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        **settings,
    }
    assert build(project / "pelicanconf.py", output, overrides=overrides) == 0
    return output
