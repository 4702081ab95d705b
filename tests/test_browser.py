"""The built site in a real browser (Debian's Chromium through Playwright): search, filters,
and axe-core at WCAG 2.1 AA on every page type, at phone and desktop width."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from .browser_support import CHROMIUM_ARGS, CHROMIUM_PATH, serve
from .conftest import build_test_site

if not Path(CHROMIUM_PATH).exists():
    if os.environ.get("SHOWCASE_REQUIRE_BROWSER") == "1":
        raise RuntimeError(f"{CHROMIUM_PATH} is missing: install Debian's chromium package")
    pytest.skip(
        f"{CHROMIUM_PATH} is missing (apt-get install chromium); .ci/run installs it",
        allow_module_level=True,
    )

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

PAGE_TYPES = {
    "home": "/",
    "gemeenten": "/gemeenten/",
    "gemeente": "/gemeenten/deinze/",
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
}


@pytest.fixture(scope="module")
def base_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


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
