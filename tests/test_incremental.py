"""Correctness under caching: a warm build after an edit equals a cold build of the same tree.

The warm build starts from the previous build's output and Markdown cache; whatever it reuses,
the site it publishes must be the one a cold build (no output, no cache) makes of the edited
tree, byte for byte. A deleted project must disappear from every page and file.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import re
import shutil
import zlib
from pathlib import Path

import pytest

from pelican_showcase.build import build
from showcase.check.search import indexed_digest

from .conftest import ROOT

EDITED = "content/projecten/antwerp-smart-zone-slimme-verlichting.md"
DELETED = "content/projecten/camera-sensoren-gemeentelijke-voertuigen-igean.md"
OVERRIDES = {
    "THEME": str(ROOT / "theme"),
    "PLUGIN_PATHS": [str(ROOT / "plugins")],
    "SHOWCASE_CHECK_HTML": False,  # checks the output, which the comparison covers
}


def make_tree(folder: Path) -> Path:
    for name in ("data", "content"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / "pelicanconf.py", folder / "pelicanconf.py")
    return folder


def files_of(output: Path) -> dict[str, bytes]:
    """Every file of a built site by its path; Pagefind's filter files in a comparable form.

    Pagefind writes its filter files in hash-map order, so two runs on the same pages give other
    bytes and names (seen with Pagefind 1.5.2 on identical input), and so do the meta file and
    the entry file, which name them by hash. Those are compared by their decompressed sizes, and
    the entry file without the hash. Pages, fragments and the word index: byte for byte."""
    files: dict[str, bytes] = {}
    filters: dict[str, list[int]] = {}
    for path in sorted(output.rglob("*")):
        name = path.relative_to(output).as_posix()
        bundle = name.split("/", 1)[0]
        if not path.is_file():
            continue
        if "/filter/" in name or name.endswith(".pf_meta"):
            filters.setdefault(bundle, []).append(len(gzip.decompress(path.read_bytes())))
        elif name.endswith("/pagefind-entry.json"):
            entry = json.loads(path.read_bytes())
            for language in entry["languages"].values():
                language.pop("hash")
            files[name] = json.dumps(entry, sort_keys=True).encode()
        else:
            files[name] = path.read_bytes()
    for bundle, sizes in filters.items():
        files[f"{bundle}/filters and meta"] = repr(sorted(sizes)).encode()
    return files


def changed_pages(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    """The indexed pages that were added, removed or changed in what the search index reads."""

    def indexed(files: dict[str, bytes]) -> dict[str, str]:
        return {
            name: indexed_digest([(name, data)], "")
            for name, data in files.items()
            if name.endswith(".html") and b"data-pagefind-body" in data
        }

    old, new = indexed(before), indexed(after)
    return {name for name in old.keys() | new.keys() if old.get(name) != new.get(name)}


def build_tree(tree: Path, shard_pages: int) -> dict[str, bytes]:
    overrides = {**OVERRIDES, "SHOWCASE_SEARCH_SHARD_PAGES": shard_pages}
    assert build(tree / "pelicanconf.py", tree / "output", overrides=overrides) == 0
    return files_of(tree / "output")


def edit(tree: Path) -> None:
    """New title, summary and body words for one project; another project removed."""
    path = tree / EDITED
    text = path.read_text(encoding="utf-8")
    title = text.split("title: ", 1)[1].split("\n", 1)[0]
    text = text.replace(f"title: {title}", "title: Slimme verlichting op het Sint-Andriesplein")
    text = text.replace("summary: ", "summary: Bewerkt. ", 1)
    path.write_text(text + "\nEen nieuwe alinea na de bewerking.\n", encoding="utf-8")
    (tree / DELETED).unlink()


@pytest.fixture(scope="module", params=[2500, 150], ids=["one-index", "several-shards"])
def warm_and_cold(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict[str, bytes], ...]:
    """The site before the edit, after it (warm), and of the edited tree (cold). With 150
    pages a shard, the real site's ~590 indexed pages make four search bundles."""
    shard_pages = request.param
    warm = make_tree(tmp_path_factory.mktemp("warm"))
    before = build_tree(warm, shard_pages)
    edit(warm)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        after = build_tree(warm, shard_pages)
    if shard_pages == 150:
        # Only the bundles of the shards whose indexed pages changed are made again (the two
        # projects' and the page of the deleted project's only partner); the others stay.
        found = re.search(r"zoekindex: (\d+) van (\d+) del", printed.getvalue())
        assert found is not None, printed.getvalue()
        rebuilt, count = int(found[1]), int(found[2])
        shards = {zlib.crc32(path.encode()) % count for path in changed_pages(before, after)}
        assert rebuilt == len(shards) < count
    cold = make_tree(tmp_path_factory.mktemp("cold"))
    edit(cold)
    return before, after, build_tree(cold, shard_pages)


def test_warm_build_after_an_edit_equals_a_cold_build(
    warm_and_cold: tuple[dict[str, bytes], ...],
) -> None:
    before, warm, cold = warm_and_cold
    assert sorted(warm) == sorted(cold)
    differing = [name for name in warm if warm[name] != cold[name]]
    assert differing == []
    assert warm != before  # the edit did reach the output


def test_edit_reaches_every_page_that_shows_the_project(
    warm_and_cold: tuple[dict[str, bytes], ...],
) -> None:
    before, warm, _ = warm_and_cold
    new_title = b"Slimme verlichting op het Sint-Andriesplein"
    showing = sorted(name for name, data in warm.items() if new_title in data)
    assert "projecten/antwerp-smart-zone-slimme-verlichting/index.html" in showing
    assert "gemeenten/antwerpen/index.html" in showing
    assert "projecten/index.html" in showing
    assert "open-data/projecten.json" in showing
    assert all(new_title not in data for data in before.values())


def test_deleted_project_leaves_no_trace(warm_and_cold: tuple[dict[str, bytes], ...]) -> None:
    before, warm, _ = warm_and_cold
    slug = Path(DELETED).stem.encode()
    assert any(slug in data for data in before.values())
    assert [name for name, data in warm.items() if slug in name.encode() or slug in data] == []
