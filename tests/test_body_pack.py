"""The Markdown cache is one pack file: reused whole, pruned, rebuilt when damaged or outdated.

A damaged pack costs time, never a crash and never wrong HTML; the pack holds exactly the bodies
of the last build; another renderer version invalidates all of it.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from showcase import check_showcase, parallel
from showcase.link.catalogue import Catalogue
from showcase.load.dataset import Layout
from showcase.site import bodies
from showcase.site.bodies import PACK_NAME, cache_key, render_catalogue
from showcase.site.pack import MAGIC, pack_bytes, read_pack, write_pack

from .conftest import ROOT

EDITED = "content/projecten/antwerp-smart-zone-slimme-verlichting.md"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    loaded, _ = check_showcase(Layout.at(ROOT))
    return loaded


def body_keys(catalogue: Catalogue) -> set[str]:
    texts = [entry.body for entry in catalogue.all_entries()]
    texts += [p.record.introduction for p in catalogue.places.values() if p.record.introduction]
    return {cache_key(text) for text in texts}


def html_of(result: bodies.RenderedBodies, catalogue: Catalogue) -> list[str]:
    return [result.of(entry) for entry in catalogue.all_entries()] + [
        result.intro_of(place) for place in catalogue.places.values()
    ]


def test_one_pack_file_holds_every_body_and_a_warm_run_renders_none(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    first = render_catalogue(catalogue, cache=tmp_path, workers=1)
    assert first.rendered == first.bodies > 0
    assert [p.name for p in tmp_path.iterdir()] == [PACK_NAME]
    assert set(read_pack(tmp_path / PACK_NAME, bodies.RENDER_VERSION)) == body_keys(catalogue)
    inode = (tmp_path / PACK_NAME).stat().st_ino
    second = render_catalogue(catalogue, cache=tmp_path, workers=1)
    assert second.rendered == 0 and second.cached == second.bodies
    assert html_of(second, catalogue) == html_of(first, catalogue)
    # Nothing changed: the pack is not written again.
    assert (tmp_path / PACK_NAME).stat().st_ino == inode


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:-1] + bytes([data[-1] ^ 1]), id="one-bit-flipped"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: b"<html>not a pack</html>", id="garbage"),
        pytest.param(lambda data: data[: len(MAGIC) + 10], id="header-only"),
    ],
)
def test_a_damaged_pack_is_rebuilt_never_trusted(
    tmp_path: Path, catalogue: Catalogue, damage: Callable[[bytes], bytes]
) -> None:
    cold = render_catalogue(catalogue, workers=1)
    render_catalogue(catalogue, cache=tmp_path, workers=1)
    pack = tmp_path / PACK_NAME
    pack.write_bytes(damage(pack.read_bytes()))
    assert read_pack(pack, bodies.RENDER_VERSION) == {}
    again = render_catalogue(catalogue, cache=tmp_path, workers=1)
    assert again.rendered == again.bodies
    assert html_of(again, catalogue) == html_of(cold, catalogue)
    assert set(read_pack(pack, bodies.RENDER_VERSION)) == body_keys(catalogue)


def test_a_whole_pack_of_the_wrong_shape_is_refused(tmp_path: Path) -> None:
    pack = tmp_path / PACK_NAME
    for payload in ([1, 2], ("v",), ("v", {"key": 3}), ("v", {1: "html"})):
        data = marshal.dumps(payload)
        pack.write_bytes(MAGIC + hashlib.sha256(data).digest() + data)
        assert read_pack(pack, "v") == {}
    pack.write_bytes(pack_bytes("v", {"key": "<p>x</p>\n"}))
    assert read_pack(pack, "v") == {"key": "<p>x</p>\n"}


def test_stale_entries_are_pruned(tmp_path: Path, catalogue: Catalogue) -> None:
    render_catalogue(catalogue, cache=tmp_path / "cache", workers=1)
    tree = tmp_path / "tree"
    for name in ("data", "content"):
        shutil.copytree(ROOT / name, tree / name)
    edited = tree / EDITED
    edited.write_text(edited.read_text(encoding="utf-8") + "\nEen extra zin.\n", encoding="utf-8")
    changed, _ = check_showcase(Layout.at(tree))
    result = render_catalogue(changed, cache=tmp_path / "cache", workers=1)
    assert result.rendered == 1
    stored = set(read_pack(tmp_path / "cache" / PACK_NAME, bodies.RENDER_VERSION))
    assert stored == body_keys(changed) and stored != body_keys(catalogue)
    assert len(body_keys(catalogue) - stored) == 1


def test_another_renderer_version_invalidates_the_pack(
    tmp_path: Path, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    render_catalogue(catalogue, cache=tmp_path, workers=1)
    old = read_pack(tmp_path / PACK_NAME, bodies.RENDER_VERSION)
    monkeypatch.setattr(bodies, "RENDER_VERSION", bodies.RENDER_VERSION + ":next")
    assert read_pack(tmp_path / PACK_NAME, bodies.RENDER_VERSION) == {}
    again = render_catalogue(catalogue, cache=tmp_path, workers=1)
    assert again.rendered == again.bodies
    new = read_pack(tmp_path / PACK_NAME, bodies.RENDER_VERSION)
    assert len(new) == len(old) and not set(new) & set(old)


def test_workers_render_and_the_parent_writes_the_pack_once(
    tmp_path: Path, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = render_catalogue(catalogue, workers=1)
    monkeypatch.setattr(parallel, "THRESHOLDS", parallel.Thresholds(render_bodies=2))
    writes: list[int] = []
    original = bodies.write_pack

    def counted(*args: object, **kwargs: object) -> bool:
        writes.append(os.getpid())
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(bodies, "write_pack", counted)
    result = render_catalogue(catalogue, cache=tmp_path, workers=2)
    if parallel.can_fork():
        assert result.stats.workers == 2
    assert html_of(result, catalogue) == html_of(serial, catalogue)
    assert len(writes) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [PACK_NAME]  # no temporary file left


def test_the_old_one_file_per_body_cache_is_removed(tmp_path: Path, catalogue: Catalogue) -> None:
    old = tmp_path / "ab" / f"ab{'0' * 62}.html"
    old.parent.mkdir()
    old.write_text("<p>oud</p>\n", encoding="utf-8")
    render_catalogue(catalogue, cache=tmp_path, workers=1)
    assert [p.name for p in tmp_path.iterdir()] == [PACK_NAME]


def test_an_unwritable_cache_is_reported_not_fatal(tmp_path: Path, catalogue: Catalogue) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert write_pack(blocker / PACK_NAME, "v", {"k": "v"}) is False
    assert read_pack(blocker / PACK_NAME, "v") == {}
    result = render_catalogue(catalogue, cache=blocker, workers=1)
    assert html_of(result, catalogue) == html_of(render_catalogue(catalogue, workers=1), catalogue)
    assert blocker.read_text(encoding="utf-8") == "x"
