"""Pages scanned as they are written, and kept from the previous build when unchanged.

The writer scans each page once (ids, links, safety, the search index's digest) and records it;
the next build keeps a page whose bytes did not change (a hard link to the published file)
and takes its scan from the record. A kept page must be checked exactly as a written one: a
broken link on it is still reported, at its line; a file someone touched is never trusted.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from array import array
from pathlib import Path

import pytest

from pelican_showcase.build import build
from showcase.check.links import KeptLinks, check_links, keep_links, page_links
from showcase.check.search import page_digest
from showcase.check.sitecheck import finish_html_check, java_available, start_html_check
from showcase.site.written import PageWriter, Previous, Written, WrittenPages, manifest_path

from .conftest import ROOT

PAGE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main id="inhoud" data-pagefind-body><h1 id="top">{title}</h1>
<p><a href="/b/">naar b</a> <a href="/c/#stuk">naar c</a> <a href="#top">boven</a></p>
<p>{extra}</p></main></body></html>
"""


def page(title: str = "Een pagina", extra: str = "") -> str:
    return PAGE.format(title=title, extra=extra)


def publish(tmp_path: Path, pages: dict[str, str], previous: Previous | None = None) -> Path:
    """Write ``pages`` into a new folder, as a build does, and return it with its manifest
    saved beside it (``tmp_path / "manifest.pack"``)."""
    folder = tmp_path / f"site-{len(list(tmp_path.glob('site-*')))}"
    writer = PageWriter(folder, previous, "https://ons.be")
    written = WrittenPages()
    written.add(writer.write(path, html, indexed=True) for path, html in pages.items())
    assert written.save(tmp_path / "manifest.pack", "https://ons.be")
    return folder


def previous_of(tmp_path: Path, folder: Path) -> Previous:
    found = Previous.load(tmp_path / "manifest.pack", folder, "https://ons.be")
    assert found is not None
    return found


def test_an_unchanged_page_is_kept_as_a_link_to_the_published_file(tmp_path: Path) -> None:
    first = publish(tmp_path, {"a/index.html": page()})
    writer = PageWriter(tmp_path / "new", previous_of(tmp_path, first), "https://ons.be")
    written = writer.write("a/index.html", page(), indexed=True)
    assert written.kept and written.problems == []
    assert os.stat(tmp_path / "new/a/index.html").st_ino == os.stat(first / "a/index.html").st_ino
    assert written.record[6] == page_digest(page())


def test_a_changed_page_is_written_and_scanned_again(tmp_path: Path) -> None:
    first = publish(tmp_path, {"a/index.html": page()})
    writer = PageWriter(tmp_path / "new", previous_of(tmp_path, first), "https://ons.be")
    html = page(extra='<a href="/d/">nieuw</a>')
    written = writer.write("a/index.html", html, indexed=True)
    assert not written.kept
    assert (tmp_path / "new/a/index.html").read_text(encoding="utf-8") == html
    assert "/d/" in KeptLinks(written.record[4], written.record[5]).links[-1].url
    assert written.record[6] == page_digest(html) != page_digest(page())


@pytest.mark.parametrize("touch", ["replaced", "edited", "removed"])
def test_a_published_file_someone_touched_is_not_trusted(tmp_path: Path, touch: str) -> None:
    first = publish(tmp_path, {"a/index.html": page()})
    previous = previous_of(tmp_path, first)
    published = first / "a/index.html"
    if touch == "replaced":  # same bytes, another file
        published.unlink()
        published.write_text(page(), encoding="utf-8")
    elif touch == "edited":  # in place: the size or the time changes
        published.write_text(page("Een andere pagina"), encoding="utf-8")
    else:
        published.unlink()
    written = PageWriter(tmp_path / "new", previous, "https://ons.be").write(
        "a/index.html", page(), indexed=True
    )
    assert not written.kept
    assert (tmp_path / "new/a/index.html").read_text(encoding="utf-8") == page()


def test_the_writer_finds_unsafe_markup_on_the_page_it_writes(tmp_path: Path) -> None:
    written = PageWriter(tmp_path, None, "https://ons.be").write(
        "a/index.html", page(extra='<img src="/x.png" alt="" onerror="alert(1)">'), indexed=False
    )
    assert [(p.path, p.field) for p in written.problems] == [("a/index.html", "img.onerror")]
    assert written.record[6] == ""  # not in the search index: no digest


def test_the_manifest_belongs_to_one_site_address_and_survives_no_damage(tmp_path: Path) -> None:
    first = publish(tmp_path, {"a/index.html": page(), "b/index.html": page("B")})
    assert set(previous_of(tmp_path, first).records) == {"a/index.html", "b/index.html"}
    assert Previous.load(tmp_path / "manifest.pack", first, "https://ander.be") is None
    data = (tmp_path / "manifest.pack").read_bytes()
    (tmp_path / "manifest.pack").write_bytes(data[:-10])
    assert Previous.load(tmp_path / "manifest.pack", first, "https://ons.be") is None
    assert Previous.load(tmp_path / "manifest.pack", tmp_path / "nothing", "https://ons.be") is None


def test_manifests_of_two_outputs_are_kept_apart(tmp_path: Path) -> None:
    assert manifest_path(tmp_path, tmp_path / "output") != manifest_path(tmp_path, tmp_path / "o2")


def test_a_broken_link_on_a_kept_page_is_reported_where_it_stands(tmp_path: Path) -> None:
    """A kept page's links come from its record, without their places: when one is broken,
    the page is read again and every use of that link is reported as a scanned page's is."""
    site = tmp_path / "site"
    html = page(extra='<a href="/b/">nog eens b</a>')
    (site / "a").mkdir(parents=True)
    (site / "a/index.html").write_text(html, encoding="utf-8")
    (site / "c").mkdir()
    (site / "c/index.html").write_text('<p id="stuk">c</p>', encoding="utf-8")
    scanned = {site / "a/index.html": page_links(html), site / "c/index.html": page_links("")}
    scanned[site / "c/index.html"].ids.add("stuk")
    kept = {path: KeptLinks(*keep_links(found)) for path, found in scanned.items()}
    expected = check_links(site, "", scanned)
    assert [(p.line, p.field) for p in expected] == [(4, "href"), (5, "href")]
    assert check_links(site, "", kept) == expected


@pytest.mark.skipif(not java_available(), reason="the Nu HTML checker needs Java")
def test_the_html_checker_skips_pages_it_passed_before(tmp_path: Path) -> None:
    (tmp_path / "goed").mkdir()
    (tmp_path / "goed/index.html").write_text(page(), encoding="utf-8")
    (tmp_path / "fout").mkdir()
    (tmp_path / "fout/index.html").write_text(page(extra="<div><p>open</span>"), "utf-8")
    assert {p.path for p in finish_html_check(start_html_check(tmp_path))} == {"fout/index.html"}
    assert finish_html_check(start_html_check(tmp_path, skip={"fout/index.html"})) == []
    nothing = start_html_check(tmp_path, skip={"fout/index.html", "goed/index.html"})
    assert nothing.process is None and finish_html_check(nothing) == []
    assert not tmp_path.with_name(f"{tmp_path.name}.html-check").exists()


def test_a_rebuild_without_a_change_keeps_every_page(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """The real site built twice: the second build writes no page (each is the published
    file, hard-linked), says so, and publishes the same bytes."""
    for name in ("data", "content"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "pelicanconf.py", tmp_path / "pelicanconf.py")
    overrides = {
        "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "SHOWCASE_CHECK_HTML": False,
    }
    output = tmp_path / "output"
    assert build(tmp_path / "pelicanconf.py", output, overrides=overrides) == 0
    before = {p: (p.read_bytes(), p.stat().st_ino) for p in output.rglob("index.html")}
    stale = tmp_path / ".output.old-999999999"  # a removal that did not finish (no such process)
    (stale / "gemeenten").mkdir(parents=True)
    capfd.readouterr()
    assert build(tmp_path / "pelicanconf.py", output, overrides=overrides) == 0
    line = capfd.readouterr().out
    pages, kept = re.search(r"(\d+) pagina's .*waarvan (\d+) ongewijzigd", line).groups()  # type: ignore[union-attr]
    assert int(pages) == int(kept) > 900
    after = {p: (p.read_bytes(), p.stat().st_ino) for p in output.rglob("index.html")}
    assert after.keys() == before.keys()
    planned = [p for p in after if p.relative_to(output).parts[0] != "admin"]
    assert all(after[p] == before[p] for p in planned)
    # The replaced site and the stale one are removed in the background: wait for that.
    for _ in range(600):
        if not list(tmp_path.glob(".output.*")):
            break
        time.sleep(0.1)
    assert list(tmp_path.glob(".output.*")) == []


def _record(reads: list[int]) -> tuple:  # type: ignore[type-arg]
    return ("d", 1, 2, 3, "", "", "", False, "c", array("I", reads).tobytes())


def test_dependencies_from_two_writer_processes_are_numbered_into_one_table() -> None:
    """Each writer process numbers the dependencies it meets after the last build's table;
    the build renumbers them into one table, a dependency both met once."""
    old = [(("a", ("Place", "1"), "name"), "f1")]
    pages = WrittenPages(table=list(old))
    first = [(("a", ("Place", "2"), "name"), "f2"), (("a", ("Place", "3"), "name"), "f3")]
    second = [(("a", ("Place", "3"), "name"), "f3")]
    pages.add([Written("a", _record([0, 1, 2]), [], False)], first)
    pages.add([Written("b", _record([0, 1]), [], False)], second)
    table = [dependency for dependency, _ in pages.table]
    assert table == [old[0][0], first[0][0], first[1][0]]
    assert list(array("I", pages.records["a"][9])) == [0, 1, 2]
    assert list(array("I", pages.records["b"][9])) == [0, 2]  # its 1 is the table's 2


def test_the_saved_table_drops_what_no_page_reads_any_more(tmp_path: Path) -> None:
    table = [((f"a{i}",), f"f{i}") for i in range(9)]
    pages = WrittenPages(table=list(table))
    pages.add([Written("a/index.html", _record([2, 7]), [], False)])
    (tmp_path / "site").mkdir()
    assert pages.save(tmp_path / "manifest.pack", "")
    previous = Previous.load(tmp_path / "manifest.pack", tmp_path / "site", "")
    assert previous is not None
    assert previous.table == [table[2], table[7]]
    assert list(array("I", previous.records["a/index.html"][9])) == [0, 1]


def test_another_file_is_kept_while_what_it_is_made_from_is_the_same(tmp_path: Path) -> None:
    first = tmp_path / "site-0"
    writer = PageWriter(first, None, "")
    written = WrittenPages()
    written.add([writer.write("a/index.html", page(), indexed=False)])
    (first / "admin").mkdir()
    (first / "admin/config.yml").write_text("backend: {}\n", encoding="utf-8")
    written.add_file(first, "admin/config.yml", "keuzes-1")
    assert written.save(tmp_path / "manifest.pack", "")
    previous = Previous.load(tmp_path / "manifest.pack", first, "")
    assert previous is not None
    keeper = PageWriter(tmp_path / "new", previous, "", changed=b"\0")
    assert not keeper.keep_file("admin/config.yml", "keuzes-2")
    assert keeper.keep_file("admin/config.yml", "keuzes-1")
    assert (tmp_path / "new/admin/config.yml").stat().st_ino == (
        first / "admin/config.yml"
    ).stat().st_ino
    # Without a usable last build (another global fingerprint: no ``changed``), nothing is kept.
    assert not PageWriter(tmp_path / "other", previous, "").keep_file(
        "admin/config.yml", "keuzes-1"
    )
