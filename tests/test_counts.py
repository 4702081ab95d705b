"""One count of a municipality's projects, everywhere: the map, its table, the lists, the pages
and gemeenten.json agree for every current municipality of the built site (issue 14).

Before the counts had one definition, the map counted a municipality's own projects and the
lists, pages and ``project_count`` every project its page lists: 86 of the 285 disagreed
(Lommel: "0 projecten" on the map, 1 in the list, through s-LIM).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from showcase.derive.maps import count_bucket
from showcase.link.catalogue import ProjectCounts

Counts = tuple[int, int]
"""(own, through a region)"""

_OWN = re.compile(r"(\d+) eigen projec(?:t|ten)(?: en (\d+) via een regio)?")
_REGIONAL = re.compile(r"(\d+) projec(?:t|ten) via een regio")


def parse_counts(text: str) -> Counts:
    """The two numbers of a label, read back as a visitor reads them."""
    text = " ".join(text.split())
    if text == "geen projecten":
        return 0, 0
    if match := _OWN.fullmatch(text):
        return int(match[1]), int(match[2] or 0)
    if match := _REGIONAL.fullmatch(text):
        return 0, int(match[1])
    raise AssertionError(f"not a count label: {text!r}")


def soup_of(output: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((output / url.strip("/") / "index.html").read_text("utf-8"), "html.parser")


@pytest.mark.parametrize(
    ("own", "total", "text"),
    [
        (0, 0, "geen projecten"),
        (1, 1, "1 eigen project"),
        (3, 3, "3 eigen projecten"),
        (0, 1, "1 project via een regio"),
        (0, 2, "2 projecten via een regio"),
        (1, 2, "1 eigen project en 1 via een regio"),
        (4, 5, "4 eigen projecten en 1 via een regio"),
    ],
)
def test_the_label_of_both_counts(own: int, total: int, text: str) -> None:
    counts = ProjectCounts(own=own, total=total)
    assert counts.text == text
    assert parse_counts(text) == (own, total - own)


def test_map_lists_pages_and_export_agree_for_every_municipality(built_site: Path) -> None:
    rows = json.loads((built_site / "open-data/gemeenten.json").read_text("utf-8"))
    expected: dict[str, Counts] = {}
    names: dict[str, str] = {}
    for row in rows:
        if row["current"]:
            own, total = row["project_count_direct"], row["project_count"]
            assert 0 <= own <= total, row["name"]
            expected[row["url"]] = (own, total - own)
            names[row["url"]] = row["name"]
    assert len(expected) == 285
    disagree: list[str] = []

    def check(where: str, url: str, found: Counts) -> None:
        if found != expected[url]:
            disagree.append(f"{where}: {names[url]} {found} ≠ {expected[url]} in gemeenten.json")

    # The map and its table, on the home page and on /gemeenten/: coloured by own projects.
    for page_url in ("/", "/gemeenten/"):
        soup = soup_of(built_site, page_url)
        links = soup.select("svg.map-region a")
        assert len(links) == 285
        for a in links:
            url = a["href"]
            name, _, label = a.find("title").get_text().partition(": ")
            assert name == names[url]
            found = parse_counts(label)
            check(f"kaart {page_url}", url, found)
            colour = a.find("path")["class"]
            assert count_bucket(found[0]).css_class in colour, (url, colour)
        for tr in soup.select(".map-table tbody tr"):
            own, regional = (int(td.get_text()) for td in tr.find_all("td")[-2:])
            check(f"kaarttabel {page_url}", tr.th.a["href"], (own, regional))
    # The lists: /gemeenten/ by province and each province page, with the same label.
    list_pages = ["/gemeenten/"] + [
        a["href"] for a in soup_of(built_site, "/provincies/").select(".card-title a")
    ]
    assert len(list_pages) == 6
    seen = 0
    for page_url in list_pages:
        soup = soup_of(built_site, page_url)
        by_province = page_url == "/gemeenten/"  # its A–Z list has no counts
        items = soup.select(
            "section.province-block ul.place-list > li" if by_province else "ul.place-list > li"
        )
        seen += len(items)
        for li in items:
            url = li.a["href"]
            badge = li.select_one(".project-count")
            check(f"lijst {page_url}", url, parse_counts(badge.get_text()) if badge else (0, 0))
    assert seen == 2 * 285
    # Each municipality's page: its label, and the cards it lists.
    for url in expected:
        soup = soup_of(built_site, url)
        section = soup.find(id="projecten").find_parent("section")
        line = section.select_one(".project-counts")
        if line is None:
            found = (0, 0)
        else:
            name, _, label = line.get_text().rstrip(".").partition(": ")
            assert name == names[url]
            found = parse_counts(label)
        check("pagina", url, found)
        cards = section.select("li.card")
        through_region = [
            c for c in cards if c.select_one(".via") and "regio" in c.select_one(".via").get_text()
        ]
        check("kaartjes op de pagina", url, (len(cards) - len(through_region), len(through_region)))
    assert disagree == []


def test_lommel_counts_its_regional_project_apart(built_site: Path) -> None:
    soup = soup_of(built_site, "/gemeenten/lommel/")
    assert soup.select_one(".project-counts").get_text() == "Lommel: 1 project via een regio."
    titles = {
        a["href"]: a.find("title").get_text()
        for a in soup_of(built_site, "/").select("svg.map-region a")
    }
    assert titles["/gemeenten/lommel/"] == "Lommel: 1 project via een regio"
    legend = [  # HTML beside the map (issue 15), no longer SVG text
        li.get_text(strip=True) for li in soup_of(built_site, "/").select(".map-legend li")
    ]
    assert legend == [
        "0 eigen projecten",
        "1 eigen project",
        "2 of 3 eigen projecten",
        "4 of meer eigen projecten",
    ]


def test_province_maps_count_as_the_region_map(built_site: Path) -> None:
    """Each province's map (issue 15) titles and colours its municipalities as the region map
    does: the same label, the colour of the own projects."""
    region = {
        a["href"]: (a.find("title").get_text(), a.find("path")["class"])
        for a in soup_of(built_site, "/").select("svg.map-region a")
    }
    seen = 0
    for province in soup_of(built_site, "/provincies/").select(".card-title a"):
        for a in soup_of(built_site, province["href"]).select("svg.map-province a"):
            title = a.find("title").get_text()
            assert (title, a.find("path")["class"]) == region[a["href"]]
            own, _ = parse_counts(title.partition(": ")[2])
            assert count_bucket(own).css_class in a.find("path")["class"]
            seen += 1
    assert seen == len(region) == 285
