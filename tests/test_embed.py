"""The municipal widget (/gemeenten/<slug>/embed/): its pages, the code to copy, and the one
``_headers`` rule that lets other sites frame it."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from showcase import check_showcase
from showcase.link.catalogue import Catalogue
from showcase.load.dataset import Layout
from showcase.settings import DEFAULT_CSP, DEFAULT_CSP_SEARCH
from showcase.site.files import EMBED_PATH, render_headers
from showcase.site.planners import embed_code

from .conftest import FIXTURES, ROOT
from .headers_model import cloudflare, matches, netlify, parse_headers


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    """The catalogue of what ``built_site`` was built from: the data plus the test fixtures."""
    project = tmp_path_factory.mktemp("embed")
    shutil.copytree(ROOT / "data", project / "data")
    shutil.copytree(ROOT / "content", project / "content")
    for folder in (FIXTURES / "content").iterdir():
        shutil.copytree(folder, project / "content" / folder.name, dirs_exist_ok=True)
    found, problems = check_showcase(Layout.at(project))
    assert [p for p in problems if p.severity == "error"] == []
    return found


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def project_links(soup: BeautifulSoup, selector: str) -> list[str]:
    return [str(a["href"]) for a in soup.select(selector)]


# --- the pages ----------------------------------------------------------------------------------


def test_every_current_municipality_has_a_widget_listing_its_projects(
    built_site: Path, catalogue: Catalogue
) -> None:
    embeds = sorted(p.parent.parent.name for p in built_site.glob("gemeenten/*/embed/index.html"))
    assert embeds == sorted(place.slug for place in catalogue.current)
    assert len(embeds) == 285
    listed = 0
    for place in catalogue.current:
        page = soup_of(built_site / "gemeenten" / place.slug / "index.html")
        embed = soup_of(built_site / "gemeenten" / place.slug / "embed" / "index.html")
        on_page = project_links(page, 'section[aria-labelledby="projecten"] .card-title a')
        in_embed = project_links(embed, ".projects li > a")
        assert in_embed == on_page == [m.project.url for m in place.projects], place.slug
        counts = embed.select_one(".counts")
        assert counts is not None
        if place.projects:
            assert counts.get_text() == f"{place.project_counts.text}:"
        listed += len(in_embed)
    assert listed > 100  # regions' projects reach many municipalities


def test_a_region_project_is_labelled_with_its_region(
    built_site: Path, catalogue: Catalogue
) -> None:
    place, mention = next(
        (place, m) for place in catalogue.current for m in place.projects if m.through == "region"
    )
    assert mention.via and mention.via.startswith("Via de regio ")
    embed = soup_of(built_site / "gemeenten" / place.slug / "embed" / "index.html")
    items = {
        str(li.a["href"]): " ".join(li.get_text(" ").split()) for li in embed.select(".projects li")
    }
    assert items[mention.project.url].endswith(f"· {mention.via}")


def test_merged_municipalities_have_no_widget(built_site: Path, catalogue: Catalogue) -> None:
    merged = [place for place in catalogue.places.values() if not place.is_current]
    assert merged
    for place in merged:
        assert place.embed_url is None
        assert not (built_site / "gemeenten" / place.slug / "embed").exists()
        page = soup_of(built_site / "gemeenten" / place.slug / "index.html")
        assert page.select("#op-je-website, textarea") == []


def test_the_widget_runs_nothing_and_loads_nothing_from_elsewhere(built_site: Path) -> None:
    for path in sorted(built_site.glob("gemeenten/*/embed/index.html")):
        soup = soup_of(path)
        assert soup.find_all(["script", "iframe", "img", "object", "embed", "form"]) == []
        assert soup.find_all(style=True) == [] and soup.find_all("style") == []
        stylesheets = [str(link["href"]) for link in soup.find_all("link", rel="stylesheet")]
        assert stylesheets == ["/theme/css/embed.css"]
        for anchor in soup.find_all("a"):
            assert anchor["href"].startswith("/"), anchor  # the showcase itself (SITEURL = "")
            assert anchor.get("target") == "_top", anchor  # leaves the frame
        robots = soup.find("meta", attrs={"name": "robots"})
        assert isinstance(robots, Tag) and robots["content"] == "noindex"
        meta_csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert isinstance(meta_csp, Tag) and meta_csp["content"] == DEFAULT_CSP
        assert soup.find("nav") is None and "skip-link" not in str(soup)
    css = (ROOT / "theme" / "static" / "css" / "embed.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css


def test_the_widget_links_to_its_municipality_and_says_where_it_comes_from(
    built_site: Path,
) -> None:
    soup = soup_of(built_site / "gemeenten" / "kortrijk" / "embed" / "index.html")
    assert soup.title is not None and soup.title.get_text().startswith(
        "Smart-city-projecten van Kortrijk"
    )
    more = soup.select_one(".more a")
    assert more is not None and more["href"] == "/gemeenten/kortrijk/"
    footer = soup.find("footer")
    assert footer is not None
    assert "smart-city-showcase van de Vlaamse steden en gemeenten" in footer.get_text()


def test_widgets_are_neither_in_the_sitemap_nor_searched(built_site: Path) -> None:
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/gemeenten/kortrijk/" in sitemap
    assert "/embed/" not in sitemap
    fragments = sorted((built_site / "pagefind" / "fragment").glob("*.pf_fragment"))
    urls = [json.loads(gzip.decompress(f.read_bytes())[12:])["url"] for f in fragments]
    assert "/gemeenten/kortrijk/" in urls
    assert [url for url in urls if "/embed/" in url] == []


# --- the code to copy ---------------------------------------------------------------------------


def test_the_municipality_page_offers_the_code_to_copy(built_site: Path) -> None:
    page = soup_of(built_site / "gemeenten" / "kortrijk" / "index.html")
    section = page.select_one('section[aria-labelledby="op-je-website"]')
    assert section is not None and section.has_attr("data-pagefind-ignore")
    field = section.find("textarea")
    assert isinstance(field, Tag) and field.has_attr("readonly")
    label = section.find("label", attrs={"for": field["id"]})
    assert label is not None
    code = BeautifulSoup(field.get_text(), "html.parser").find("iframe")
    assert isinstance(code, Tag)
    assert code["src"] == "/gemeenten/kortrijk/embed/"
    assert code["title"] == "Smart-city-projecten van Kortrijk"
    assert page.find("iframe") is None  # text, never an element


def test_the_code_uses_the_public_address(catalogue: Catalogue) -> None:
    place = next(p for p in catalogue.current if p.slug == "kortrijk")
    code = embed_code(place, "https://example.org/showcase")
    assert code.startswith(
        '<iframe src="https://example.org/showcase/gemeenten/kortrijk/embed/" '
        'title="Smart-city-projecten van Kortrijk" '
    )
    merged = next(p for p in catalogue.places.values() if not p.is_current)
    assert embed_code(merged, "https://example.org") == ""


# --- _headers -----------------------------------------------------------------------------------


def frame_ancestors(policy: str) -> list[str]:
    return [d.strip() for d in re.split(r"[;,]", policy) if d.strip().startswith("frame-ancestors")]


def site_paths(site: Path) -> list[str]:
    paths = []
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        paths.append("/" + relative.removesuffix("index.html"))
    return paths


def test_pattern_matching_of_the_model() -> None:
    assert matches(EMBED_PATH, "/gemeenten/kortrijk/embed/")
    assert matches(EMBED_PATH, "/gemeenten/kortrijk/embed/index.html")
    assert not matches(EMBED_PATH, "/gemeenten/kortrijk/")
    assert not matches(EMBED_PATH, "/gemeenten/embed/")
    assert not matches(EMBED_PATH, "/gemeenten/a/b/embed/")
    assert matches("/*", "/")


@pytest.mark.parametrize("host", [cloudflare, netlify])
def test_headers_let_other_sites_frame_only_the_widget(built_site: Path, host: object) -> None:
    rules = parse_headers((built_site / "_headers").read_text(encoding="utf-8"))
    resolve = cloudflare if host is cloudflare else netlify
    paths = site_paths(built_site)
    embeds = [p for p in paths if p.endswith("/embed/")]
    assert len(embeds) == 285
    for path in paths:
        policy = resolve(rules, path)["Content-Security-Policy"]
        if path in embeds:
            assert frame_ancestors(policy) == ["frame-ancestors *"], path
            assert policy == f"{DEFAULT_CSP}; frame-ancestors *"  # the meta tag's, plus framing
        else:
            assert frame_ancestors(policy) == ["frame-ancestors 'none'"], path
        assert "X-Frame-Options" not in resolve(rules, path)


def test_only_the_widget_rule_allows_framing() -> None:
    rules = parse_headers(render_headers(DEFAULT_CSP, DEFAULT_CSP_SEARCH, "default-src 'self'"))
    allowing = [
        pattern
        for pattern, lines in rules
        for name, value in lines
        if name == "Content-Security-Policy"
        and value is not None
        and frame_ancestors(value) != ["frame-ancestors 'none'"]
    ]
    assert allowing == [EMBED_PATH]
    patterns = [pattern for pattern, _ in rules]
    assert patterns.index(EMBED_PATH) > patterns.index("/*")  # Netlify: the later rule wins
    embed_lines = dict(rules)[EMBED_PATH]
    assert embed_lines[0] == ("Content-Security-Policy", None)  # Cloudflare: detach first
