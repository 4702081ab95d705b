"""Screenshots of the built site at phone and desktop width, for docs/screenshots/.

    python tools/screenshots.py [output] [docs/screenshots] [name ...]

Serves the built site on a free localhost port and drives Debian's Chromium
(/usr/bin/chromium) through Playwright; no browser is downloaded. Names (keys of
``PAGES``) render only those pages, at both widths.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser_support import CHROMIUM_ARGS, CHROMIUM_PATH, serve

PAGES = {
    "home": ("/", None),
    "gemeente": ("/gemeenten/deinze/", None),
    "project": ("/projecten/city-of-things-antwerpen/", None),
    "project-contact": ("/projecten/telraam-leuven/", "#contact"),
    "contacten": ("/contacten/", None),
    "ervaring": ("/ervaringen/gentlevert-stadsdistributie-geen-groot-succes/", None),
    "zoeken": ("/zoeken/?q=luchtkwaliteit", None),
    "partners": ("/partners/", None),
    "partner": ("/partners/imec/", None),
    "opschalen": ("/opschalen/", None),
    "gemeente-synergie": ("/gemeenten/alveringem/", ".peers, .radar-place"),
    "kaart-home": ("/", ".map-figure, .map-provinces-nav"),
    "provincie": (
        "/provincies/limburg/",
        ".breadcrumb, main h1, section[aria-labelledby=kaart], section[aria-labelledby=themas]",
    ),
    "embed": ("/gemeenten/kortrijk/embed/", None),
}
"""Name → (URL, the elements to capture, or ``None`` for the whole page). A selector that
matches several elements captures the box around all of them."""
WIDTHS = (375, 1280)


def _capture(tab: Page, selector: str, path: str) -> None:
    """The box around every element ``selector`` matches (one element: just that one)."""
    found = tab.locator(selector)
    if found.count() == 1:
        found.screenshot(path=path)
        return
    boxes = [box for i in range(found.count()) if (box := found.nth(i).bounding_box())]
    if not boxes:
        raise SystemExit(f"{selector!r} matches nothing on {tab.url}")
    scroll_y = tab.evaluate("window.scrollY")
    left = min(b["x"] for b in boxes)
    top = min(b["y"] for b in boxes) + scroll_y
    right = max(b["x"] + b["width"] for b in boxes)
    bottom = max(b["y"] + b["height"] for b in boxes) + scroll_y
    clip = {"x": left, "y": top, "width": right - left, "height": bottom - top}
    tab.screenshot(path=path, full_page=True, clip=clip)


def main() -> int:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "output")
    target = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
    target.mkdir(parents=True, exist_ok=True)
    names = sys.argv[3:] or list(PAGES)
    unknown = [name for name in names if name not in PAGES]
    if unknown:
        raise SystemExit(f"unknown screenshot(s): {', '.join(unknown)}; known: {', '.join(PAGES)}")
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900})
            tab = context.new_page()
            for name in names:
                url, element = PAGES[name]
                tab.goto(base + url, wait_until="networkidle")
                if name == "zoeken":
                    tab.wait_for_selector(".pagefind-ui__result", timeout=10_000)
                path = str(target / f"{name}-{width}.png")
                if element is None:
                    tab.screenshot(path=path, full_page=True)
                else:
                    _capture(tab, element, path)
            context.close()
        browser.close()
    print(f"wrote {len(names) * len(WIDTHS)} screenshots to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
