"""Property-based tests: whatever a contributor writes, the loader and the checker answer with
located problem reports, never with a traceback."""

from __future__ import annotations

import string
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from showcase.load.dataset import load_data_file, load_entry_file
from showcase.schema.models import Municipality, Project

from .conftest import ROOT

GENT = (ROOT / "data/municipalities/44021-gent.yaml").read_text(encoding="utf-8")
PROJECT = sorted((ROOT / "content/projecten").glob("*.md"))[0].read_text(encoding="utf-8")

# Characters that matter to YAML and Markdown, plus some that should never matter.
YAML_ALPHABET = string.ascii_letters + string.digits + " \t\n:-[]{},'\"#&*!|>%@`?~.\\/é€\r"

fuzz = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def assert_located(problems: list, name: str, text_lines: int) -> None:
    for problem in problems:
        assert problem.path == name
        assert 1 <= problem.line <= max(text_lines, 1) + 1, problem
        assert problem.col >= 1
        assert problem.message


@fuzz
@given(st.text(alphabet=YAML_ALPHABET, max_size=300))
def test_random_text_never_crashes_the_record_loader(tmp_path: Path, text: str) -> None:
    path = tmp_path / "44021-gent.yaml"
    path.write_text(text, encoding="utf-8", newline="")
    loaded, problems = load_data_file(path, Municipality, tmp_path)
    assert loaded is None or problems == []
    assert_located(problems, "44021-gent.yaml", text.count("\n") + text.count("\r") + 1)


@fuzz
@given(
    st.integers(min_value=0, max_value=len(GENT) - 1),
    st.integers(min_value=0, max_value=20),
    st.text(alphabet=YAML_ALPHABET, max_size=12),
)
def test_mutated_record_never_crashes(tmp_path: Path, at: int, cut: int, insert: str) -> None:
    text = GENT[:at] + insert + GENT[at + cut :]
    path = tmp_path / "44021-gent.yaml"
    path.write_text(text, encoding="utf-8", newline="")
    _, problems = load_data_file(path, Municipality, tmp_path)
    assert_located(problems, "44021-gent.yaml", text.count("\n") + text.count("\r") + 1)


@fuzz
@given(
    st.integers(min_value=0, max_value=len(PROJECT) - 1),
    st.integers(min_value=0, max_value=30),
    st.text(alphabet=YAML_ALPHABET, max_size=12),
)
def test_mutated_front_matter_never_crashes(tmp_path: Path, at: int, cut: int, insert: str) -> None:
    text = PROJECT[:at] + insert + PROJECT[at + cut :]
    path = tmp_path / "project.md"
    path.write_text(text, encoding="utf-8", newline="")
    _, problems = load_entry_file(path, Project, tmp_path)
    assert_located(problems, "project.md", text.count("\n") + text.count("\r") + 1)


@fuzz
@given(st.binary(max_size=200))
def test_random_bytes_never_crash(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "project.md"
    path.write_bytes(b"---\ntitle: x\n" + raw)
    _, problems = load_entry_file(path, Project, tmp_path)
    assert problems
    assert_located(problems, "project.md", raw.count(b"\n") + raw.count(b"\r") + 3)


values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.text(string.ascii_lowercase, min_size=1, max_size=8), children, max_size=3
        )
    ),
    max_leaves=10,
)


@fuzz
@given(st.dictionaries(st.sampled_from(sorted(Project.model_fields)), values, max_size=8))
def test_wrong_types_in_known_fields_are_reported(tmp_path: Path, fields: dict) -> None:
    import yaml

    text = "---\n" + yaml.safe_dump(fields, allow_unicode=True) + "---\nBody.\n"
    path = tmp_path / "project.md"
    path.write_text(text, encoding="utf-8")
    loaded, problems = load_entry_file(path, Project, tmp_path)
    assert loaded is not None or problems
    assert_located(problems, "project.md", text.count("\n") + 1)
