"""The site's own files besides its pages: ``sitemap.xml``, ``robots.txt`` and ``_headers``."""

from __future__ import annotations

from xml.sax.saxutils import escape

from showcase.contribute.editor import EDITOR_FOLDER
from showcase.site.pages import PlannedPage


def render_sitemap(pages: list[PlannedPage], site_url: str) -> str:
    """``sitemap.xml`` for the HTML pages (the 404 page excluded)."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for page in pages:
        if not page.listed:
            continue
        lines.append(f"  <url><loc>{escape(site_url + page.meta.url)}</loc></url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def render_robots(site_url: str) -> str:
    # The web editor (/admin/) is no page of the site.
    return (
        f"User-agent: *\nAllow: /\nDisallow: /{EDITOR_FOLDER}/\n\nSitemap: {site_url}/sitemap.xml\n"
    )


EMBED_PATH = "/gemeenten/:slug/embed/*"
"""The ``_headers`` rule of the municipal widgets (``Place.embed_url``): the only pages other
sites may frame. ``:slug`` is one path segment (Netlify and Cloudflare Pages both read it so)."""
EMBED_FRAMERS = "*"
"""Who may frame a widget (``frame-ancestors``): any website."""


def render_headers(csp: str, search_csp: str, editor_csp: str | None = None) -> str:
    """``_headers`` for hosts that read it (Netlify, Cloudflare Pages): the same policies as
    the pages' meta tags, plus what a meta tag cannot say. The web editor (``/admin/``) has a
    policy of its own (:func:`showcase.contribute.editor.editor_csp`).

    Every page refuses to be framed (``frame-ancestors 'none'``) except the widgets
    (:data:`EMBED_PATH`). A request matching several rules gets the headers of all of them:
    Cloudflare Pages joins two values of one header (two policies, both enforced, so the site's
    ``'none'`` would still forbid the frame) unless the later rule detaches it (``! Name``);
    Netlify keeps the later rule's value. So each narrower rule comes after ``/*``, detaches
    the policy and sets its own, and ``tests/test_embed.py`` resolves the file both ways."""
    common = (
        "  X-Content-Type-Options: nosniff\n"
        "  Referrer-Policy: strict-origin-when-cross-origin\n"
        "  Permissions-Policy: geolocation=(), camera=(), microphone=()\n"
    )
    text = (
        f"/*\n  Content-Security-Policy: {csp}; frame-ancestors 'none'\n{common}\n"
        f"/zoeken/*\n  ! Content-Security-Policy\n"
        f"  Content-Security-Policy: {search_csp}; frame-ancestors 'none'\n"
    )
    text += (
        f"\n{EMBED_PATH}\n  ! Content-Security-Policy\n"
        f"  Content-Security-Policy: {csp}; frame-ancestors {EMBED_FRAMERS}\n"
    )
    if editor_csp:
        text += (
            f"\n/{EDITOR_FOLDER}/*\n  ! Content-Security-Policy\n"
            f"  Content-Security-Policy: {editor_csp}; frame-ancestors 'none'\n"
        )
    return text
