"""The benchmark harness keeps working: generated content is valid, the smoke run reports.

Speed is never asserted: only that every case ran and gave positive numbers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.generate import PROJECT_PREFIX, GeneratedSite, count_words, generate
from bench.run import CASE_KEYS, edit_project, main
from showcase import check_showcase
from showcase.load.dataset import Layout
from showcase.problems import errors_in

ROOT = Path(__file__).resolve().parent.parent


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def table_after(markdown: str, header: str) -> list[list[str]]:
    """The body rows of the Markdown table whose header line starts with ``header``."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


@pytest.fixture(scope="module")
def site50(tmp_path_factory: pytest.TempPathFactory) -> GeneratedSite:
    return generate(tmp_path_factory.mktemp("bench") / "tree", 50)


def test_generated_projects_validate(site50: GeneratedSite) -> None:
    site = site50
    catalogue, problems = check_showcase(Layout.at(site.root))
    assert [p.format_text() for p in errors_in(problems)] == []
    assert sorted(p.slug for p in catalogue.projects) == sorted(
        f"{PROJECT_PREFIX}{i}" for i in range(1, 51)
    )
    assert len(catalogue.places) == site.municipalities == 327
    assert any(p.inspired_by for p in catalogue.projects)
    for number in range(1, 51):
        text = site.project_path(number).read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[1]
        assert 400 <= count_words(body) <= 800
        assert "\n## " in body
        assert re.search(r"^(- |1\. )", body, re.MULTILINE)
        assert "](https://" in body
        plain = (site.baseline / "content" / f"{PROJECT_PREFIX}{number}.md").read_text()
        header, plain_body = plain.split("\n\n", 1)
        assert [line.split(":", 1)[0] for line in header.splitlines()] == [
            "Title",
            "Date",
            "Category",
            "Tags",
            "Slug",
        ]
        assert plain_body == body


def test_generation_is_deterministic_and_grows_by_prefix(tmp_path: Path) -> None:
    small = generate(tmp_path / "small", 10, seed=7)
    again = generate(tmp_path / "again", 10, seed=7)
    larger = generate(tmp_path / "larger", 15, seed=7)
    assert files_of(small.root) == files_of(again.root)
    small_projects = files_of(small.root / "content" / "projecten")
    larger_projects = files_of(larger.root / "content" / "projecten")
    assert small_projects == {k: v for k, v in larger_projects.items() if k in small_projects}
    other = generate(tmp_path / "other", 10, seed=8)
    assert files_of(other.root / "content") != files_of(small.root / "content")


def test_generation_refuses_the_repository(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="inside the repository"):
        generate(ROOT / "content" / "bench-should-not-exist", 1)
    assert not (ROOT / "content" / "bench-should-not-exist").exists()
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "something.txt").write_text("x")
    with pytest.raises(ValueError, match="not empty"):
        generate(tmp_path / "full", 1)


def test_edit_changes_one_word_of_summary_and_body(site50: GeneratedSite) -> None:
    original = site50.project_path(26).read_text(encoding="utf-8")
    edited = edit_project(original, 1)
    changed = [
        (a, b) for a, b in zip(original.splitlines(), edited.splitlines(), strict=True) if a != b
    ]
    assert len(changed) == 2
    assert changed[0][1].startswith("summary: ")
    for before, after in changed:
        assert len(before.split()) == len(after.split())
        assert "bewerkt1" in after


def test_smoke_run_reports_every_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "performance.md"
    argv = ["--sizes", "50", "--runs", "1", "--out", str(out), "--workdir", str(tmp_path / "w")]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert f"wrote {out}" in printed

    report = out.read_text(encoding="utf-8")
    rows = table_after(report, "| N | case |")
    keys = [re.findall(r"^\((\w'?)\) ", row[1]) for row in rows]
    assert keys == [[key] for key in CASE_KEYS]
    for row in rows:
        assert row[0] == "50"
        wall, rss, pages, ms = (float(cell.replace(",", "")) for cell in row[3:7])
        assert wall > 0 and rss > 0 and pages > 0 and ms > 0, row
    ratios = table_after(report, "| N | b/a |")
    assert len(ratios) == 1 and ratios[0][0] == "50"
    assert all(float(cell) > 0 for cell in ratios[0][1:])
    for section in ("## Machine", "## Command", "## Generated content", "## Where the time goes"):
        assert section in report
    assert "python -m bench --sizes 50 --runs 1" in report
    assert "PLACEHOLDER" in report
    # The build's step times, from its --timings line, for the cold and the edit build.
    for key in ("b", "c"):
        line = next(x for x in report.splitlines() if x.startswith(f"- N = 50, ({key}): "))
        assert "stappen: load and link" in line and "zoekindex: " in line
    # The generated trees are removed afterwards; only the logs stay in the work folder.
    assert not (tmp_path / "w" / "n50").exists()
