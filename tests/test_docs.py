"""Keep the docs honest: CONTRIBUTING's annotated examples validate against the models."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from showcase.load.dataset import load_entry_file
from showcase.schema.models import Ervaring, Project, Suggestie

from .conftest import ROOT

EXAMPLE = re.compile(r"<!-- example: (\w+) -->\n```markdown\n(.*?)```", re.S)
MODELS = {"project": Project, "ervaring": Ervaring, "suggestie": Suggestie}


def examples() -> list[tuple[str, str]]:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    return EXAMPLE.findall(text)


def test_every_entry_kind_has_an_example() -> None:
    assert sorted(kind for kind, _ in examples()) == ["ervaring", "project", "suggestie"]


@pytest.mark.parametrize(("kind", "text"), examples())
def test_contributing_example_validates(tmp_path: Path, kind: str, text: str) -> None:
    path = tmp_path / f"voorbeeld-{kind}.md"
    path.write_text(text, encoding="utf-8")
    loaded, problems = load_entry_file(path, MODELS[kind], tmp_path)
    assert problems == []
    assert loaded is not None
