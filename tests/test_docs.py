"""Keep the docs honest: CONTRIBUTING's annotated examples validate against the models."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from showcase.kinds import KINDS
from showcase.load.dataset import load_entry_file

from .conftest import ROOT

EXAMPLE = re.compile(r"<!-- example: (\w+) -->\n```markdown\n(.*?)```", re.S)
CONTRIBUTED = sorted(kind.name for kind in KINDS if kind.scaffold is not None)
"""The kinds contributors write (the ones ``make new-…`` offers): each has an example."""


def examples() -> list[tuple[str, str]]:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    return EXAMPLE.findall(text)


def test_every_entry_kind_has_an_example() -> None:
    assert sorted(kind for kind, _ in examples()) == CONTRIBUTED


@pytest.mark.parametrize(("kind", "text"), examples())
def test_contributing_example_validates(tmp_path: Path, kind: str, text: str) -> None:
    path = tmp_path / f"voorbeeld-{kind}.md"
    path.write_text(text, encoding="utf-8")
    loaded, problems = load_entry_file(path, KINDS[kind].model, tmp_path)
    assert problems == []
    assert loaded is not None
