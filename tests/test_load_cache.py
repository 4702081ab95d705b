"""The load cache: a warm load gives what a cold one gives, and parses only what changed.

Each file's result is kept by the SHA-256 of its bytes in one pack file; a removed file leaves
the pack, a damaged or other-version pack is rebuilt, a broken file keeps its problems, and
``python -m showcase validate`` uses the cache under the settings' cache folder.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from showcase.cli import main
from showcase.load import cache as load_cache
from showcase.load import reader
from showcase.load.dataset import Dataset, Layout, load_dataset
from showcase.problems import Problem
from showcase.site.pack import MAGIC, read_bytes_pack, write_pack

from .conftest import ROOT

EDITED = "content/projecten/antwerp-smart-zone-slimme-verlichting.md"


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files whose YAML is parsed from now on (as shown to contributors), in order."""
    seen: list[str] = []
    parse = reader.parse_yaml_text

    def counting(text: str, path: Path, display: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(display)
        return parse(text, path, display, *args, **kwargs)

    monkeypatch.setattr(reader, "parse_yaml_text", counting)
    return seen


def cached(root: Path, folder: Path) -> Layout:
    return dataclasses.replace(Layout.at(root), load_cache=folder)


def load(layout: Layout) -> tuple[Dataset, list[Problem]]:
    return load_dataset(layout, workers=1)


def same(first: tuple[Dataset, list[Problem]], second: tuple[Dataset, list[Problem]]) -> None:
    """Two loads gave the same records, documents and problems, in the same order."""
    (one, problems_one), (two, problems_two) = first, second
    assert problems_two == problems_one
    assert [p.rule for p in problems_two] == [p.rule for p in problems_one]
    for name in ("municipalities", "provinces", "themes", "regions", "organisation", "entries"):
        assert getattr(two, name) == getattr(one, name), name
    assert two.failed_files == one.failed_files
    assert two.files_read == one.files_read


def pack_keys(folder: Path) -> set[str]:
    stored = read_bytes_pack(folder / load_cache.PACK_NAME, version_of(folder))
    return {key.split("\0")[0] for key in stored}


def version_of(folder: Path) -> str:
    """The version the pack in ``folder`` was written for (read from the pack itself)."""
    import marshal

    data = (folder / load_cache.PACK_NAME).read_bytes()
    version, _ = marshal.loads(data[len(MAGIC) + 32 :])
    assert isinstance(version, str)
    return version


def test_a_warm_load_equals_a_cold_one_on_the_real_data(tmp_path: Path, parsed: list[str]) -> None:
    cold = load(Layout.at(ROOT))
    files = cold[0].files_read
    assert len(parsed) == files
    filling = load(cached(ROOT, tmp_path))
    same(cold, filling)
    del parsed[:]
    warm = load(cached(ROOT, tmp_path))
    assert parsed == []
    same(cold, warm)
    assert len(pack_keys(tmp_path)) == files


def broken_tree(scratch: Path) -> Path:
    """The scratch copy with a YAML error, a model error and an unknown field."""
    gent = scratch / "data/municipalities/44021-gent.yaml"
    gent.write_text(
        gent.read_text(encoding="utf-8").replace("nis_code: '44021'", "nis_code: 44021")
    )
    edited = scratch / EDITED
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("\ntitle:", "\ntitel: x\ntitle:", 1), encoding="utf-8")
    (scratch / "content/projecten/kapot.md").write_text("---\ntitle: [niet gesloten\n---\n")
    return scratch


def test_a_file_with_an_error_reports_it_again_from_the_cache(
    scratch: Path, tmp_path: Path, parsed: list[str]
) -> None:
    root = broken_tree(scratch)
    cold = load(Layout.at(root))
    shown = {p.path for p in cold[1]}
    assert {"data/municipalities/44021-gent.yaml", EDITED, "content/projecten/kapot.md"} <= shown
    folder = tmp_path / "cache"
    same(cold, load(cached(root, folder)))
    del parsed[:]
    warm = load(cached(root, folder))
    assert parsed == []
    same(cold, warm)


def test_after_one_edit_exactly_that_file_is_parsed_again(
    scratch: Path, tmp_path: Path, parsed: list[str]
) -> None:
    folder = tmp_path / "cache"
    load(cached(scratch, folder))
    pack = folder / load_cache.PACK_NAME
    edited = scratch / EDITED
    edited.write_text(edited.read_text(encoding="utf-8") + "\nEen zin erbij.\n", encoding="utf-8")
    # The modification time says nothing: only the bytes count.
    os.utime(edited, (1, 1))
    del parsed[:]
    inode = pack.stat().st_ino
    warm = load(cached(scratch, folder))
    assert parsed == [EDITED]
    assert pack.stat().st_ino != inode  # written again, whole
    same(load(Layout.at(scratch)), warm)
    body = next(e.doc.body for e in warm[0].entries["project"] if e.doc.display == EDITED)
    assert body.endswith("Een zin erbij.\n")
    del parsed[:]
    inode = pack.stat().st_ino
    load(cached(scratch, folder))
    assert parsed == []
    assert pack.stat().st_ino == inode  # nothing changed: not written


def test_a_removed_file_leaves_the_cache(scratch: Path, tmp_path: Path, parsed: list[str]) -> None:
    folder = tmp_path / "cache"
    load(cached(scratch, folder))
    assert str(scratch / EDITED) in pack_keys(folder)
    (scratch / EDITED).unlink()
    del parsed[:]
    warm = load(cached(scratch, folder))
    assert parsed == []
    assert str(scratch / EDITED) not in pack_keys(folder)
    assert len(pack_keys(folder)) == warm[0].files_read
    same(load(Layout.at(scratch)), warm)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:-1] + bytes([data[-1] ^ 1]), id="one-bit-flipped"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: b"not a pack", id="garbage"),
    ],
)
def test_a_damaged_pack_is_loaded_again_in_full_and_rewritten(
    scratch: Path, tmp_path: Path, parsed: list[str], damage: Callable[[bytes], bytes]
) -> None:
    folder = tmp_path / "cache"
    cold = load(cached(scratch, folder))
    pack = folder / load_cache.PACK_NAME
    pack.write_bytes(damage(pack.read_bytes()))
    del parsed[:]
    again = load(cached(scratch, folder))
    assert len(parsed) == cold[0].files_read
    same(cold, again)
    assert len(pack_keys(folder)) == cold[0].files_read


def test_a_pack_of_another_version_is_loaded_again_in_full(
    scratch: Path, tmp_path: Path, parsed: list[str]
) -> None:
    folder = tmp_path / "cache"
    cold = load(cached(scratch, folder))
    pack = folder / load_cache.PACK_NAME
    version = version_of(folder)
    stored = read_bytes_pack(pack, version)
    write_pack(pack, version.replace(version[:8], "00000000", 1), stored)
    del parsed[:]
    same(cold, load(cached(scratch, folder)))
    assert len(parsed) == cold[0].files_read
    assert version_of(folder) == version


def test_the_version_follows_the_loading_code_and_the_root(tmp_path: Path) -> None:
    from showcase.schema.models import Municipality

    version = load_cache.version_key([Municipality], ROOT)
    assert load_cache.version_key([Municipality], ROOT) == version
    assert load_cache.version_key([Municipality], tmp_path) != version
    # A kind whose model is declared elsewhere: its source is part of the version.
    assert load_cache.version_key([Municipality, Elsewhere], ROOT) != version


class Elsewhere(BaseModel):
    """A model declared outside the package, as a fork's own kind would be."""

    title: str


def test_validate_uses_the_cache_of_the_settings(scratch: Path, parsed: list[str]) -> None:
    assert main(["validate", "--root", str(scratch), "--format", "json"]) == 0
    pack = scratch / ".cache/showcase/load" / load_cache.PACK_NAME
    assert pack.is_file()
    files = len(parsed)
    assert files > 0
    del parsed[:]
    assert main(["validate", "--root", str(scratch), "--format", "json"]) == 0
    assert parsed == []
    # With FILES… too: the same load, the same cache.
    assert (
        main(["validate", "--root", str(scratch), "--format", "json", str(scratch / EDITED)]) == 0
    )
    assert parsed == []
    # SHOWCASE_CACHE_PATH = "" is no cache: every file is parsed.
    (scratch / "pelicanconf.py").write_text('SHOWCASE_CACHE_PATH = ""\n', encoding="utf-8")
    assert main(["validate", "--root", str(scratch), "--format", "json"]) == 0
    assert len(parsed) == files


def test_linking_a_warm_load_reports_what_a_cold_one_does(
    scratch: Path, tmp_path: Path, parsed: list[str]
) -> None:
    """An entry's body checks (raw HTML, media) are kept too; whether a media file exists is
    looked at anew on every run."""
    from showcase.link.linker import build_catalogue

    edited = scratch / EDITED
    text = edited.read_text(encoding="utf-8")
    edited.write_text(
        text + "\n<script>alert(1)</script>\n\n![foto](/media/later.png)\n\n<b onclick='x'>b</b>\n",
        encoding="utf-8",
    )
    folder = tmp_path / "cache"

    def link(layout: Layout) -> tuple[list[Problem], list[Problem]]:
        data, problems = load(layout)
        catalogue, more = build_catalogue(data)
        assert catalogue.projects
        return problems, more

    cold = link(Layout.at(scratch))
    assert {p.path for p in cold[1]} == {EDITED}
    assert len(cold[1]) >= 3
    assert link(cached(scratch, folder)) == cold
    del parsed[:]
    assert link(cached(scratch, folder)) == cold
    assert parsed == []
    (scratch / "content/media").mkdir(exist_ok=True)
    (scratch / "content/media/later.png").write_bytes(b"\x89PNG\r\n")
    fixed = link(cached(scratch, folder))
    assert parsed == []
    assert fixed == link(Layout.at(scratch))
    assert len(fixed[1]) == len(cold[1]) - 1


def test_python_m_showcase_leaves_its_objects_to_the_exit(scratch: Path) -> None:
    """``python -m showcase`` freezes what it made before it ends, so the interpreter's last
    collection does not walk it (half a second after a validate of 10,000 files)."""
    import subprocess
    import sys

    probe = (
        "import atexit, gc, runpy, sys\n"
        "atexit.register(lambda: print('bevroren', gc.get_freeze_count() > 0))\n"
        f"sys.argv = ['showcase', 'validate', '--root', {str(scratch)!r}, '--format', 'json']\n"
        "runpy.run_module('showcase', run_name='__main__')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith("bevroren True")


def test_a_cache_filled_by_worker_processes_gives_the_same(scratch: Path, tmp_path: Path) -> None:
    """Workers send back what they loaded encoded once; this process decodes it."""
    root = broken_tree(scratch)
    cold = load(Layout.at(root))
    folder = tmp_path / "cache"
    filled = load_dataset(cached(root, folder), workers=2, parallel_from=1)
    same(cold, filled)
    warm = load_dataset(cached(root, folder), workers=2, parallel_from=1)
    same(cold, warm)
    assert len(pack_keys(folder)) == cold[0].files_read


def test_a_model_made_at_run_time_is_part_of_the_version() -> None:
    from pydantic import create_model

    # In a module without a source file: its JSON Schema stands for it.
    one = create_model("Made", __module__="made_at_run_time", title=(str, ...))
    two = create_model("Made", __module__="made_at_run_time", title=(str, ...), summary=(str, ""))
    assert load_cache.version_key([one], ROOT) != load_cache.version_key([two], ROOT)
