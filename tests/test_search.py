"""The search index's shards: stable assignment, and digests of what Pagefind reads."""

from __future__ import annotations

from showcase.check.search import indexed_digest, indexed_part, plan_shards

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
