"""The maps on the built site (issue 15): the Flanders map with province borders, names and an
HTML legend; a map per province with a link per municipality and a theme summary; the theme ×
province table with domain rows that stand out."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from showcase.derive.maps import COUNT_BUCKETS

PROVINCES = ["Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen"]


def page(output: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((output / url.strip("/") / "index.html").read_text("utf-8"), "html.parser")


def province_urls(output: Path) -> list[str]:
    return [a["href"] for a in page(output, "/provincies/").select(".card-title a")]


def assert_html_legend(figure: Tag) -> None:
    legend = figure.select_one("div.map-legend")
    assert legend is not None, "the legend is HTML, beside the SVG"
    items = legend.select("li")
    assert [li.get_text(strip=True) for li in items] == [b.label for b in COUNT_BUCKETS]
    swatches = [li.select_one(".map-swatch")["class"] for li in items]
    assert swatches == [["map-swatch", b.css_class] for b in COUNT_BUCKETS]
    assert figure.select("svg text.map-legend, svg g.map-legend, svg rect") == []


@pytest.mark.parametrize("url", ["/", "/gemeenten/"])
def test_region_map_has_provinces_and_an_html_legend(built_site: Path, url: str) -> None:
    soup = page(built_site, url)
    figure = soup.select_one("figure.map-figure")
    svg = figure.select_one("svg.map-region")
    assert svg.select_one("g.map-provinces[aria-hidden=true] path.map-province-border")
    assert [t.get_text() for t in svg.select("text.map-label")] == PROVINCES
    assert_html_legend(figure)
    # On a phone the way on: a link per province map, right under the map.
    nav = soup.select_one("figure.map-figure + nav.map-provinces-nav")
    assert nav is not None and nav["aria-label"] == "Kaart per provincie"
    links = [(a.get_text(), a["href"]) for a in nav.select("a")]
    assert links == [
        (name, f"{href}#kaart")
        for name, href in zip(PROVINCES, province_urls(built_site), strict=True)
    ]


def test_every_province_page_has_its_map(built_site: Path) -> None:
    urls = province_urls(built_site)
    assert len(urls) == 5
    on_maps: list[str] = []
    for url in urls:
        soup = page(built_site, url)
        heading = soup.find(id="kaart")
        assert heading is not None and heading.name == "h2"
        figure = heading.find_next("figure")
        svg = figure.select_one("svg.map-province")
        assert svg is not None, url
        assert "role" not in svg.attrs  # the links stay reachable
        # One link per current municipality of the province, as its list below.
        listed = [li.a["href"] for li in soup.select("ul.place-list > li")]
        anchors = svg.select("a")
        assert sorted(a["href"] for a in anchors) == sorted(listed), url
        for a in anchors:
            name = a.find("text", class_="map-name")
            assert name is not None and name["aria-hidden"] == "true"
            assert a.find("title").get_text().startswith(f"{name.get_text()}: ")
        # Other provinces are context only: hidden and not linked.
        for g in svg.select("g[aria-hidden=true]"):
            assert g.select("a") == []
        assert_html_legend(figure)
        assert figure.select_one('figcaption a[href="#gemeenten"]')  # the list alternative
        on_maps += listed
    assert len(on_maps) == len(set(on_maps)) == 285


def test_province_theme_summary_matches_the_matrix(built_site: Path) -> None:
    matrix = page(built_site, "/themas/per-provincie/")
    columns = [a.get_text() for a in matrix.select("thead th a")]
    table = {
        tr.th.a["href"]: [int(td.get_text()) for td in tr.find_all("td")]
        for tr in matrix.select("table.matrix tbody tr")
    }
    for url in province_urls(built_site):
        soup = page(built_site, url)
        name = soup.h1.get_text().removeprefix("Provincie ")
        index = columns.index(name)
        section = soup.find(id="themas").find_parent("section")
        rows = section.select("table.theme-summary tbody tr")
        found = {tr.th.a["href"]: int(tr.td.get_text()) for tr in rows}
        assert found == {href: counts[index] for href, counts in table.items() if counts[index]}
        for tr in rows:
            assert tr["class"] in (["domain"], ["subtheme"])
            assert tr.th["scope"] == "row"
        assert rows[0]["class"] == ["domain"]
        assert section.select_one('a[href="/themas/per-provincie/"]')


def test_matrix_rows_are_grouped_by_domain(built_site: Path) -> None:
    soup = page(built_site, "/themas/per-provincie/")
    wrap = soup.select_one("div.table-wrap")
    assert wrap["role"] == "region" and wrap["tabindex"] == "0" and wrap["aria-label"]
    table = wrap.select_one("table.matrix")
    assert table.caption.get_text() == "Aantal projecten per thema (rijen) en provincie (kolommen)"
    groups = table.select("tbody")
    assert len(groups) > 1
    for tbody in groups:
        first, *rest = tbody.select("tr")
        assert first["class"] == ["domain"] and first.th["scope"] == "rowgroup"
        for tr in rest:
            assert tr["class"] == ["subtheme"] and tr.th["scope"] == "row"
