"""The built site in a real browser (Debian's Chromium through Playwright): search, filters,
and axe-core at WCAG 2.1 AA on every page type, at phone and desktop width."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from pelican_showcase.build import run_pagefind

from .browser_support import launch_chromium, require_chromium, serve
from .conftest import build_test_site

require_chromium()

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import Browser, Page  # noqa: E402

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

PAGE_TYPES = {
    "home": "/",
    "gemeenten": "/gemeenten/",
    "gemeente": "/gemeenten/deinze/",
    "gemeente-widget": "/gemeenten/kortrijk/embed/",
    "gefuseerde gemeente": "/gemeenten/zwijndrecht/",
    "provincie": "/provincies/limburg/",
    "projecten": "/projecten/",
    "project": "/projecten/test-gedeeld-project/",
    "status": "/projecten/status/lopend/",
    "proeftuinen": "/proeftuinen/",
    "themas": "/themas/",
    "thema": "/themas/luchtkwaliteit/",
    "ervaringen": "/ervaringen/",
    "ervaring": "/ervaringen/test-ervaring-sensoren/",
    "suggesties": "/suggesties/",
    "contacten": "/contacten/",
    "colofon": "/colofon/",
    "toegankelijkheid": "/toegankelijkheid/",
    "zoeken": "/zoeken/",
    "404": "/404.html",
    "opschalen": "/opschalen/",
    "opschalen per regio": "/opschalen/regio/limburg/",
    "thema per provincie": "/themas/per-provincie/",
    "open data": "/open-data/",
    "partners": "/partners/",
    "partners per soort": "/partners/soort/overheid/",
    "partner": "/partners/vlaio/",
}


@pytest.fixture(scope="module")
def base_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launch_chromium() as browser:
        yield browser


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == [], errors


def search(tab: Page, base_url: str, term: str) -> list[str]:
    tab.goto(f"{base_url}/zoeken/")
    tab.fill(".pagefind-ui__search-input", term)
    tab.wait_for_selector(".pagefind-ui__result-link")
    return tab.locator(".pagefind-ui__result-link").all_inner_texts()


def test_search_finds_a_municipality(tab: Page, base_url: str) -> None:
    assert "Deinze" in search(tab, base_url, "Deinze")


def test_search_finds_a_theme_and_a_filter_narrows(tab: Page, base_url: str) -> None:
    search(tab, base_url, "luchtkwaliteit")
    message = tab.locator(".pagefind-ui__message")
    before = int(message.inner_text().split()[0])
    tab.get_by_text("Provincie", exact=True).click()
    tab.locator("#provincie-Limburg").check()
    tab.wait_for_function(
        "n => parseInt(document.querySelector('.pagefind-ui__message').innerText) < n", arg=before
    )
    after = int(message.inner_text().split()[0])
    assert 0 < after < before


@pytest.fixture(scope="module")
def sharded_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same site with its search index in three bundles (150 indexed pages each)."""
    site = build_test_site(
        tmp_path_factory.mktemp("sharded"),
        SHOWCASE_SEARCH_SHARD_PAGES=150,
        SHOWCASE_CHECK_HTML=False,
    )
    assert (site / "pagefind-3/pagefind-entry.json").is_file()
    with serve(site) as url:
        yield url


def result_count(tab: Page) -> int:
    return int(tab.locator(".pagefind-ui__message").inner_text().split()[0])


def test_sharded_index_finds_what_one_index_finds(
    tab: Page, base_url: str, sharded_url: str
) -> None:
    """Pagefind merges the bundles: the same results and filters as a single index."""
    counts = []
    for url in (base_url, sharded_url):
        search(tab, url, "luchtkwaliteit")
        counts.append(result_count(tab))
        tab.get_by_text("Provincie", exact=True).click()
        tab.locator("#provincie-Limburg").check()
        tab.wait_for_function(
            "n => parseInt(document.querySelector('.pagefind-ui__message').innerText) < n",
            arg=counts[-1],
        )
        counts.append(result_count(tab))
    assert counts[:2] == counts[2:]
    assert 0 < counts[1] < counts[0]


def test_search_link_with_query(tab: Page, base_url: str) -> None:
    tab.goto(f"{base_url}/zoeken/?q=Nevele")
    tab.wait_for_selector(".pagefind-ui__result-link")
    assert "Testproject in Nevele" in tab.locator(".pagefind-ui__result-link").all_inner_texts()


# --- search a visitor can use on a phone (issue 15) --------------------------------------------


def test_search_on_a_phone_shows_the_results_before_the_filters(
    browser: Browser, base_url: str
) -> None:
    tops = {}
    for width in (375, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800})
        tab = context.new_page()
        search(tab, base_url, "water")
        boxes = [
            tab.locator(selector).first.bounding_box()
            for selector in (".pagefind-ui__result", ".pagefind-ui__filter-panel")
        ]
        folded = [b.get_attribute("open") for b in tab.locator(".pagefind-ui__filter-block").all()]
        context.close()
        assert folded and set(folded) == {None}  # every filter closed until asked for
        result, filters = (box for box in boxes if box is not None)
        tops[width] = (result["y"], filters["y"])
        if width == 1280:  # side by side: the filters left of the results
            assert filters["x"] + filters["width"] <= result["x"]
    result_top, filters_top = tops[375]
    assert result_top < filters_top, tops
    assert result_top < 800, f"the first result starts at {result_top} px on a phone"


GLUED = re.compile(
    r"(Gemeenten|Thema's|Status|Periode|Partners|Financiering|Contact|Links|NIS-code|Provincie"
    r"|Arrondissement|Inwoners|Postcodes|Website|Regio's)[A-Z0-9]"
)


def test_excerpts_separate_a_fact_from_its_label(tab: Page, base_url: str) -> None:
    """The fact box reads "Status: Lopend Periode: sinds 2019", not "StatusLopend Periode2019",
    and its heading ("Feiten") and the sources ("Bronnen") are no sub-results."""
    search(tab, base_url, "periode")
    excerpts = tab.locator(".pagefind-ui__result-excerpt").all_inner_texts()
    nested = tab.locator(".pagefind-ui__result-nested .pagefind-ui__result-link").all_inner_texts()
    assert [e for e in excerpts if GLUED.search(e)] == []
    assert any(re.search(r"Status: \w+ Periode: ", e) for e in excerpts), excerpts
    assert {"Feiten", "Bronnen"} & set(nested) == set()


def test_the_gemeente_filter_lists_the_current_municipalities(tab: Page, base_url: str) -> None:
    search(tab, base_url, "water")
    tab.get_by_text("Gemeente", exact=True).click()
    names = tab.locator("input[name=gemeente]").evaluate_all("all => all.map(i => i.value)")
    assert 200 < len(names) <= 285
    assert [name for name in names if "(tot " in name] == []
    assert "Bilzen-Hoeselt" in names and "Bilzen" not in names and "Nevele" not in names


@pytest.fixture(scope="module")
def words_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A small index made the way the build makes one (Dutch, from nl-BE pages), of one
    sentence a page, to show what a search term finds."""
    site = tmp_path_factory.mktemp("words")
    for slug, text in WORD_PAGES.items():
        (site / slug).mkdir()
        (site / slug / "index.html").write_text(
            f'<!DOCTYPE html><html lang="nl-BE"><head><title>{slug}</title></head><body>'
            f"<main data-pagefind-body><h1>{slug}</h1><p>{text}</p></main></body></html>",
            encoding="utf-8",
        )
    run_pagefind(site, "pagefind", tuple(f"{slug}/index.html" for slug in WORD_PAGES))
    blank = '<!DOCTYPE html><title>woorden</title><link rel="icon" href="data:,">'
    (site / "index.html").write_text(blank, encoding="utf-8")
    with serve(site) as url:
        yield url


WORD_PAGES = {
    "meervoud": "Het project plaatste parkeersensoren in het centrum.",
    "enkelvoud": "Elke parkeersensor meldt een vrije plaats.",
    "sensoren": "De stad hing sensoren aan de lantaarnpalen.",
    "koppelteken": "Men plaatste parkeer-sensoren op de markt.",
    "laadpaal": "Op het plein staat een laadpaal.",
    "laadpalen": "Er kwamen laadpalen bij.",
}


def test_what_a_dutch_search_term_finds(tab: Page, words_url: str, built_site: Path) -> None:
    """Pagefind finds a word by its beginning and, through the Dutch stemmer, often its other
    number (laadpaal, laadpalen), but not a word inside a compound (sensoren in
    parkeersensoren); "parkeersensor" and "parkeersensoren" do not even find each other."""
    tab.goto(f"{words_url}/")
    found = tab.evaluate(
        """async terms => {
            const pagefind = await import("/pagefind/pagefind.js");
            const found = {};
            for (const term of terms) {
                const search = await pagefind.search(term);
                const pages = await Promise.all(search.results.map(r => r.data()));
                found[term] = pages.map(page => page.url.split("/")[1]).sort();
            }
            return found;
        }""",
        ["parkeersensoren", "parkeersensor", "sensoren", "parkeer", "laadpaal", "laadpalen"],
    )
    assert found == {
        "parkeersensoren": ["koppelteken", "meervoud"],
        "parkeersensor": ["enkelvoud"],
        "sensoren": ["koppelteken", "sensoren"],  # a hyphen splits, a compound does not
        "parkeer": ["enkelvoud", "koppelteken", "meervoud"],
        "laadpaal": ["laadpaal", "laadpalen"],
        "laadpalen": ["laadpaal", "laadpalen"],
    }
    # The search page's tips say so, with these words.
    help_text = " ".join((built_site / "zoeken/index.html").read_text(encoding="utf-8").split())
    for claim in (
        "<em>laadpaal</em> vindt ook <em>laadpalen</em>",
        "<em>sensoren</em> vindt geen <em>parkeersensoren</em>, <em>parkeer</em> wel",
    ):
        assert claim in help_text


def test_map_link_opens_the_municipality(tab: Page, base_url: str) -> None:
    tab.goto(f"{base_url}/")
    tab.locator('svg.map a[href="/gemeenten/genk/"]').click()
    tab.wait_for_url("**/gemeenten/genk/")
    assert tab.locator("h1").inner_text() == "Genk"


def test_related_projects_are_shown(tab: Page, base_url: str) -> None:
    tab.goto(f"{base_url}/projecten/city-of-things-antwerpen/")
    related = tab.locator("#verwant ~ ul.related > li")
    assert related.count() > 0
    assert related.first.locator(".reasons li").first.is_visible()


PHONE = {"width": 375, "height": 667}


@pytest.mark.parametrize("url", ["/opschalen/", "/opschalen/provincie/limburg/"])
def test_opschalen_shows_results_within_five_phone_screens(
    browser: Browser, base_url: str, url: str
) -> None:
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    tab.goto(base_url + url)
    first = tab.locator(".radar-entry").first
    top = tab.evaluate(
        "e => e.getBoundingClientRect().top + window.scrollY", first.element_handle()
    )
    summary = first.locator(".radar-candidates > summary")
    candidates = first.locator(".radar-candidate-list").first
    assert not candidates.is_visible()  # folded until asked for
    summary.click()
    assert candidates.is_visible()
    context.close()
    assert top < 5 * PHONE["height"], f"the first project starts at {top} px"


def test_opschalen_filters_work_without_javascript(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{base_url}/opschalen/")
    filters = tab.get_by_role("navigation", name="Filter de projecten")
    filters.get_by_text("Provincie", exact=True).click()
    filters.get_by_role("link", name="Limburg").click()
    tab.wait_for_url("**/opschalen/provincie/limburg/")
    heading = tab.locator("h1").inner_text()
    titles = tab.locator(".radar-title a").all_inner_texts()
    context.close()
    assert heading == "Opschalen in de provincie Limburg"
    assert "s-LIM: Smart Regio Limburg" in titles


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_no_axe_violations(browser: Browser, base_url: str, name: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(base_url + PAGE_TYPES[name], wait_until="load")
    if name == "zoeken":
        page.fill(".pagefind-ui__search-input", "water")
        page.wait_for_selector(".pagefind-ui__result-link")
    results = Axe().run(page, options=WCAG_AA)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    context.close()
    assert results.violations_count == 0, results.generate_report()
    assert overflow <= 0, f"{name} scrolls sideways at {width} px"


# --- maps people can read (issue 15) ---------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/provincies/limburg/"])
def test_maps_read_on_a_phone(browser: Browser, base_url: str, url: str) -> None:
    """At 375 px the page does not scroll sideways, the HTML legend is at least 12 px and the
    names drawn on the map (province names; a municipality's name on focus) too."""
    for width in (375, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800})
        tab = context.new_page()
        tab.goto(base_url + url, wait_until="load")
        overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        legend = tab.locator(".map-figure .map-legend li")
        sizes = legend.evaluate_all("all => all.map(e => parseFloat(getComputedStyle(e).fontSize))")
        swatch = tab.locator(".map-figure .map-swatch").first.bounding_box()
        figure = tab.locator(".map-figure").first.bounding_box()
        if url == "/":
            names = tab.locator("svg.map-region text.map-label")
        else:
            tab.locator("svg.map-province a").first.focus()
            names = tab.locator("svg.map-province a:focus text.map-name")
        heights = names.evaluate_all("all => all.map(e => e.getBoundingClientRect().height)")
        context.close()
        assert overflow <= 0, f"{url} scrolls sideways at {width} px"
        assert len(sizes) == 4 and min(sizes) >= 12, sizes
        assert swatch is not None and swatch["height"] >= 12
        assert figure is not None and figure["width"] <= width
        assert heights and min(heights) >= 12, (width, heights)
        assert max(heights) <= 40, (width, heights)  # shrunk on a wide map, not huge


def test_province_map_is_keyboard_reachable_and_names_on_focus(
    browser: Browser, base_url: str
) -> None:
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    tab.goto(f"{base_url}/provincies/limburg/")
    # From the breadcrumb, Tab reaches the map's first municipality; only its name shows.
    tab.locator(".breadcrumb a").last.focus()
    for _ in range(10):
        tab.keyboard.press("Tab")
        if tab.evaluate("!!document.activeElement.closest('svg.map-province')"):
            break
    focused = tab.locator("svg.map-province a:focus")
    assert focused.count() == 1
    href = focused.get_attribute("href")
    assert focused.locator("text.map-name").is_visible()
    visible = tab.locator("svg.map-province text.map-name").evaluate_all(
        "all => all.filter(e => getComputedStyle(e).display !== 'none').length"
    )
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"**{href}")
    context.close()
    assert visible == 1


def test_matrix_fits_a_phone_with_its_caption(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    tab.goto(f"{base_url}/themas/per-provincie/")
    wrap = tab.locator(".table-wrap").bounding_box()
    table = tab.locator("table.matrix").bounding_box()
    caption = tab.locator("table.matrix caption").bounding_box()
    overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    inner = tab.locator(".table-wrap").evaluate("e => e.scrollWidth - e.clientWidth")
    backgrounds = [
        tab.locator(f"table.matrix tr.{kind} th").first.evaluate(
            "e => getComputedStyle(e).backgroundColor + ' ' + getComputedStyle(e).fontWeight"
        )
        for kind in ("domain", "subtheme")
    ]
    context.close()
    assert overflow <= 0 and inner <= 0, (overflow, inner)
    assert wrap is not None and table is not None and caption is not None
    assert (
        caption["x"] >= wrap["x"] and caption["x"] + caption["width"] <= wrap["x"] + wrap["width"]
    )
    assert table["width"] <= wrap["width"] + 0.5
    assert backgrounds[0] != backgrounds[1]  # a domain row stands apart from its sub-themes
