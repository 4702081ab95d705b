"""The municipal widget framed by another website, and pages on paper, in a real browser
(Debian's Chromium through Playwright).

The site is served with the headers its ``_headers`` file gives each path (resolved the way
Cloudflare Pages does, :func:`tests.test_embed.cloudflare`), so the browser enforces the same
``frame-ancestors`` as the host would: a page on another origin (another port) may frame the
widget and nothing else."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .browser_support import launch_chromium, require_chromium, serve
from .headers_model import cloudflare, parse_headers

require_chromium()

from playwright.sync_api import Browser, Frame, Page  # noqa: E402


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site, served with the headers its ``_headers`` gives each path."""
    rules = parse_headers((built_site / "_headers").read_text(encoding="utf-8"))
    with serve(built_site, lambda path: cloudflare(rules, path)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launch_chromium() as browser:
        yield browser


def framing_page(folder: Path, src: str) -> Path:
    """A municipal website's page on another origin that frames ``src``, as the copied code
    does."""
    (folder / "index.html").write_text(
        '<!doctype html><html lang="nl-BE"><head><meta charset="utf-8"><title>Gemeente</title>'
        "</head><body><h1>Onze gemeente</h1>"
        f'<iframe src="{src}" title="Smart-city-projecten" width="100%" height="420"></iframe>'
        "</body></html>",
        encoding="utf-8",
    )
    return folder


def frame_of(tab: Page) -> Frame:
    frames = [frame for frame in tab.frames if frame is not tab.main_frame]
    assert len(frames) == 1
    return frames[0]


def test_another_site_frames_the_widget_and_its_links_leave_the_frame(
    browser: Browser, site_url: str, tmp_path: Path
) -> None:
    folder = framing_page(tmp_path, f"{site_url}/gemeenten/kortrijk/embed/")
    with serve(folder) as other:
        assert urlsplit(other).port != urlsplit(site_url).port  # another origin
        context = browser.new_context(viewport={"width": 375, "height": 800})
        tab = context.new_page()
        tab.goto(other + "/", wait_until="load")
        frame = frame_of(tab)
        frame.wait_for_selector(".projects li")
        assert "Kortrijk" in frame.inner_text("h1")
        links = frame.locator(".projects li > a")
        assert links.count() == 4
        target = links.first.get_attribute("href")
        assert target is not None and target.startswith("/projecten/")
        with tab.expect_navigation():
            links.first.click()
        assert tab.url == site_url + target  # the whole tab went to the showcase
        assert tab.frames == [tab.main_frame]
        context.close()


def test_another_site_cannot_frame_the_rest_of_the_site(
    browser: Browser, site_url: str, tmp_path: Path
) -> None:
    folder = framing_page(tmp_path, f"{site_url}/gemeenten/kortrijk/")
    refused: list[str] = []
    with serve(folder) as other:
        context = browser.new_context()
        tab = context.new_page()
        tab.on("console", lambda m: refused.append(m.text) if m.type == "error" else None)
        tab.goto(other + "/", wait_until="load")
        frame = frame_of(tab)
        assert frame.url.startswith("chrome-error://")  # the browser refused the page
        assert frame.locator(".site-header").count() == 0
        context.close()
    assert any("frame-ancestors" in message for message in refused), refused


def test_the_widget_is_readable_at_300_px(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 300, "height": 600})
    tab = context.new_page()
    tab.goto(site_url + "/gemeenten/kortrijk/embed/", wait_until="load")
    overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    size = tab.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.projects a')).fontSize)"
    )
    context.close()
    assert overflow <= 0
    assert size >= 15


# --- print --------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/projecten/telraam-leuven/", "/gemeenten/kortrijk/"])
def test_on_paper_no_menu_and_links_written_out(browser: Browser, site_url: str, url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(site_url + url, wait_until="load")
    assert tab.locator(".site-nav").is_visible()
    tab.emulate_media(media="print")
    for hidden in (".site-nav", ".skip-link", ".breadcrumb"):
        assert not tab.locator(hidden).first.is_visible(), hidden
    for kind in ("http", "/"):  # a link to another site, one within the showcase
        link = tab.locator(f"main a[href^='{kind}']:not(svg a)").first
        href = link.get_attribute("href")
        after = link.evaluate("a => getComputedStyle(a, '::after').content")
        assert href and after == f'" ({href})"', kind
    anchor = tab.locator("main a[href^='#']")
    if anchor.count():
        assert anchor.first.evaluate("a => getComputedStyle(a, '::after').content") == "none"
    body = tab.evaluate(
        "[getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor]"
    )
    assert body == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]
    pdf = tab.pdf(format="A4")
    context.close()
    assert pdf.startswith(b"%PDF")


def test_on_paper_cards_are_not_cut_and_the_code_to_copy_is_left_out(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(site_url + "/gemeenten/kortrijk/", wait_until="load")
    assert tab.locator(".embed-code").is_visible()
    tab.emulate_media(media="print")
    assert not tab.locator(".embed-code").is_visible()
    inside = tab.locator(".card").first.evaluate("c => getComputedStyle(c).breakInside")
    context.close()
    assert inside == "avoid"


def test_the_widget_in_dark_mode_passes_axe(browser: Browser, site_url: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 375, "height": 700}, color_scheme="dark")
    tab = context.new_page()
    tab.goto(site_url + "/gemeenten/kortrijk/embed/", wait_until="load")
    background = tab.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    wcag_aa = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    results = Axe().run(tab, options=wcag_aa)
    context.close()
    assert background != "rgb(255, 255, 255)"  # the dark colours apply
    assert results.violations_count == 0, results.generate_report()
