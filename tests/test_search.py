"""The search index: its shards (stable assignment, digests of what Pagefind reads), and what
the build gives Pagefind (current municipalities as filters, readable facts, a Dutch index)."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from pelican_showcase.build import PAGEFIND_OPTIONS
from showcase import check_showcase
from showcase.check.search import indexed_digest, indexed_part, plan_shards
from showcase.load.dataset import Layout

from .conftest import ROOT

PATHS = [f"projecten/project-{i}/index.html" for i in range(1000)]


def test_every_page_in_exactly_one_shard() -> None:
    shards = plan_shards(PATHS, 300)
    assert [s.bundle for s in shards] == ["pagefind", "pagefind-2", "pagefind-3", "pagefind-4"]
    assert [s.url for s in shards][:2] == ["/pagefind/", "/pagefind-2/"]
    placed = [page for shard in shards for page in shard.pages]
    assert sorted(placed) == sorted(PATHS)
    assert all(150 < len(shard.pages) < 350 for shard in shards)


def test_small_sites_have_one_bundle() -> None:
    assert [s.bundle for s in plan_shards(PATHS[:10], 2500)] == ["pagefind"]
    assert [s.pages for s in plan_shards([], 2500)] == [()]


def test_a_new_page_leaves_the_others_in_their_shard() -> None:
    before = {p: s.bundle for s in plan_shards(PATHS, 300) for p in s.pages}
    grown = plan_shards([*PATHS, "projecten/nieuw/index.html"], 300)
    after = {p: s.bundle for s in grown for p in s.pages}
    assert all(after[p] == bundle for p, bundle in before.items())


PAGE = (
    "<html><head><title>{head}</title></head><body><nav>menu</nav>"
    "<article data-pagefind-body><h1>Titel</h1><p>{text}</p>"
    '<section aria-labelledby="verwant" data-pagefind-ignore><h2>Verwant</h2>'
    "<section><p>{related}</p></section></section><p>{after}</p></article></body></html>"
)


def digest(**parts: str) -> str:
    values = {"head": "kop", "text": "tekst", "related": "ander", "after": "slot", **parts}
    return indexed_digest([("a/index.html", PAGE.format(**values).encode())], "pagefind 1")


def test_digest_follows_what_is_indexed_only() -> None:
    assert digest() == digest(head="andere kop")  # before data-pagefind-body
    assert digest() != digest(text="nieuwe tekst")
    assert digest() == digest(related="een ander project")  # data-pagefind-ignore
    # An ignored section ends at its first </section>: text after a nested section counts.
    assert digest() != digest(after="nieuw slot")


def test_digest_follows_the_indexer_and_the_paths() -> None:
    page = PAGE.format(head="", text="t", related="r", after="s").encode()
    assert indexed_digest([("a", page)], "pagefind 1") != indexed_digest([("a", page)], "pf 2")
    assert indexed_digest([("a", page)], "x") != indexed_digest([("b", page)], "x")


def test_indexed_part_is_the_body_element_with_what_it_nests() -> None:
    page = "<div>a</div><div class='x' data-pagefind-body><div>b</div>c</div><div>d</div>"
    assert indexed_part(page) == "<div class='x' data-pagefind-body><div>b</div>c</div>"
    assert indexed_part("<p>geen</p>") == "<p>geen</p>"


# --- the index the build makes (issue 15: search a visitor can use on a phone) ---------------


@pytest.fixture(scope="module")
def fragments(built_site: Path) -> dict[str, dict[str, Any]]:
    """Pagefind's record of every indexed page (its text, anchors and filters), by URL."""
    found = {}
    for path in (built_site / "pagefind" / "fragment").glob("*.pf_fragment"):
        record = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :])
        found[record["url"]] = record
    return found


@pytest.fixture(scope="module")
def current_names() -> set[str]:
    catalogue, problems = check_showcase(Layout.at(ROOT))
    assert problems == []
    return {place.name for place in catalogue.current}


def indexed_pages(site: Path) -> Iterator[tuple[str, BeautifulSoup]]:
    for path in sorted(site.rglob("index.html")):
        html = path.read_text(encoding="utf-8")
        if "data-pagefind-body" in html:
            yield "/" + str(path.parent.relative_to(site)) + "/", BeautifulSoup(html, "html.parser")


def test_the_gemeente_filter_holds_the_current_municipalities_only(
    built_site: Path, fragments: dict[str, dict[str, Any]], current_names: set[str]
) -> None:
    assert len(current_names) == 285
    in_pages = set()
    for _, soup in indexed_pages(built_site):
        for span in soup.select("[data-pagefind-filter^='gemeente:']"):
            in_pages.add(span["data-pagefind-filter"].removeprefix("gemeente:"))
    assert in_pages - current_names == set()
    in_index = {name for r in fragments.values() for name in r["filters"].get("gemeente", [])}
    assert in_index == current_names  # every current municipality has its page
    # A merged municipality counts for its successor: its page and its projects.
    assert fragments["/gemeenten/nevele/"]["filters"]["gemeente"] == ["Deinze"]
    assert fragments["/gemeenten/bilzen/"]["filters"]["gemeente"] == ["Bilzen-Hoeselt"]
    monitor = fragments["/projecten/afvalmonitor-limburg/"]["filters"]["gemeente"]
    assert "Bilzen-Hoeselt" in monitor and "Bilzen" not in monitor
    # The old name stays findable as text: the fact box names the municipality as written.
    assert "Bilzen" in fragments["/projecten/afvalmonitor-limburg/"]["content"].split(": ", 1)[1]


def test_fact_boxes_are_indexed_label_colon_value(
    built_site: Path, fragments: dict[str, dict[str, Any]]
) -> None:
    """Pagefind runs a <dt> and its <dd> together ("StatusAfgerond"): every label is
    followed by a colon and a space in what it indexes, and preceded by a space."""
    checked = 0
    for url, soup in indexed_pages(built_site):
        content = fragments[url]["content"]
        for dt in soup.select("dt"):
            label = dt.get_text().removesuffix(":")
            value = dt.find_next_sibling("dd").get_text(" ", strip=True).split()[0]
            assert label + value not in content, url
            assert f"{label}: {value}" in content, url
            # nor with the value before it ("9850Website: …")
            assert not re.search(rf"\S{re.escape(label)}: ", content), (url, label)
            checked += 1
    assert checked > 1000
    content = fragments["/projecten/city-of-things-antwerpen/"]["content"]
    assert "Status: Afgerond Periode: 2017 – 2019" in content
    assert (
        "NIS-code: 44049 Provincie: Oost-Vlaanderen" in fragments["/gemeenten/nevele/"]["content"]
    )


def test_no_web_address_runs_into_the_next_words(fragments: dict[str, dict[str, Any]]) -> None:
    """Two spans on their own lines in a flex column look apart, but Pagefind reads
    "www.leuven.beStadskantoor" when a template drops the whitespace between them."""
    glued = {
        url: match.group(0)
        for url, record in fragments.items()
        for match in re.finditer(
            r"\.(be|gent|brussels|vlaanderen|eu|com|org)[A-Z]\w*", record["content"]
        )
    }
    assert glued == {}
    assert "www.oud-turnhout.be Onthaal gemeente" in fragments["/contacten/"]["content"]


def test_no_sub_results_for_the_facts_and_the_sources(
    fragments: dict[str, dict[str, Any]],
) -> None:
    """Pagefind splits a result on headings with an id: not on "Feiten" (its facts belong to
    the page) nor "Bronnen" (the list of sources is not indexed)."""
    anchors = {(a["id"], a["text"]) for r in fragments.values() for a in r["anchors"]}
    assert {text for _, text in anchors} & {"Feiten", "Bronnen"} == set()
    assert {anchor for anchor, _ in anchors} & {"feiten", "bronnen"} == set()
    project = fragments["/projecten/city-of-things-antwerpen/"]
    assert "Gemeenten: Antwerpen" in project["content"]  # the facts are still indexed
    assert "geraadpleegd op" not in project["content"]


def test_the_index_is_dutch(built_site: Path) -> None:
    """The pages say nl-BE; the build makes one Dutch index (Pagefind's Dutch stemmer)."""
    entry = json.loads((built_site / "pagefind" / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["nl"]
    assert entry["languages"]["nl"]["wasm"] == "nl"
    assert (built_site / "pagefind" / "wasm.nl.pagefind").is_file()
    assert len(list((built_site / "pagefind").glob("pagefind.nl_*.pf_meta"))) == 1
    assert PAGEFIND_OPTIONS == ("--force-language", "nl")
