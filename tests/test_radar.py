"""Opschalen, the scale-up radar: on the real data (every project), on a scratch copy with
declarations of interest (a fixed ``today``), in its open-data files and on the built site,
where every page shows the same candidates as opschalen.json."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from showcase import Catalogue, check_showcase
from showcase.derive import radar as radar_module
from showcase.derive.extras import SiteExtras, build_extras
from showcase.derive.neighbours import load_neighbours, neighbours_path
from showcase.derive.open_data import RADAR_COLUMNS, add_radar, export_open_data
from showcase.derive.radar import (
    JOIN,
    JOINABLE,
    KIND_LABELS,
    LEADING,
    TAKE_OVER,
    Radar,
    RadarEntry,
    add_years,
)
from showcase.derive.synergy import SynergySettings, compute_synergies
from showcase.kinds import PROJECT
from showcase.link.catalogue import ProjectEntry
from showcase.load.dataset import Layout

from .conftest import ROOT, build_test_site

TODAY = dt.date(2026, 11, 29)
QUALIFYING = {"interesse", "regio", "buur", "gelijkaardig"}
"""Reasons that make a candidate; the theme alone does not."""


@dataclass(frozen=True, repr=False)
class Real:
    catalogue: Catalogue
    extras: SiteExtras

    @property
    def radar(self) -> Radar:
        return self.extras.synergies.radar

    def __repr__(self) -> str:
        return "<the real showcase data and its radar>"


@pytest.fixture(scope="module")
def real() -> Real:
    catalogue, problems = check_showcase(Layout.at(ROOT))
    assert problems == []
    extras, problems = build_extras(
        catalogue,
        Layout.at(ROOT),
        site_url="",
        publisher="Test",
        contact_url=None,
        workers=1,
        today=TODAY,
    )
    assert extras is not None and problems == []
    return Real(catalogue, extras)


def finals(places: Any) -> set[str]:
    return {place.final.nis_code for place in places}


def footprint(project: ProjectEntry) -> set[str]:
    return finals(project.places) | finals(m for r in project.regions for m in r.members)


def codes(entry: RadarEntry, kind: str | None = None) -> list[str]:
    return [c.place.nis_code for c in entry.candidates if kind is None or c.kind == kind]


# -- the radar on the real data ---------------------------------------------------------------


def test_join_candidates_never_lie_outside_the_projects_regions(real: Real) -> None:
    catalogue = real.catalogue
    members = {r.slug: finals(r.members) for r in catalogue.regions}
    joined = 0
    for project in catalogue.projects:
        entry = real.radar.by_project.get(project.slug)
        if entry is None:
            assert project.record.status == "stopgezet"
            continue
        named = finals(project.places)
        regions = [r for r in catalogue.regions if r in project.regions or named & members[r.slug]]
        assert list(entry.regions) == regions, project.slug
        inside = set().union(*(members[r.slug] for r in regions))
        for code in codes(entry, JOIN):
            assert code in inside, (project.slug, code)
            assert project.record.status in JOINABLE, project.slug
            joined += 1
        for candidate in entry.take_over:
            if project.record.status in JOINABLE:
                assert candidate.place.nis_code not in inside, (project.slug, candidate)
    assert joined > 0


def test_participants_users_and_the_lineage_are_never_candidates(real: Real) -> None:
    footprints = {p.slug: footprint(p) for p in real.catalogue.projects}
    for entry in real.radar.entries:
        project = entry.project
        doing = set(footprints[project.slug])
        doing |= finals(r.place for r in project.reuse_in_use)
        for other in (*project.inspired_by, *project.replicates, *project.followers):
            doing |= footprints[other.slug]
        assert not doing & set(codes(entry)), project.slug
        assert {p.nis_code for p in entry.places} == footprints[project.slug]
        assert all(p.is_current for p in (c.place for c in entry.candidates))


def test_every_candidate_has_its_reasons_and_score(real: Real) -> None:
    settings = SynergySettings()
    for entry in real.radar.entries:
        assert len(entry.join) <= settings.radar_join
        assert len(entry.take_over) <= settings.radar_take_over
        assert len(set(codes(entry))) == len(codes(entry)), "each municipality once"
        for found in (entry.join, entry.take_over):
            order = [(-c.score, -c.shared_border_m, c.place.name.casefold()) for c in found]
            assert order == sorted(order), entry.project.slug
        for candidate in entry.candidates:
            reason_codes = [r.code for r in candidate.reasons]
            assert QUALIFYING & set(reason_codes), (entry.project.slug, candidate)
            assert reason_codes[-1] in {"thema", "geen-thema"}
            assert candidate.score == sum(r.points for r in candidate.reasons)
            assert all(text and text == text.strip() for text in candidate.reason_texts)


def test_the_kept_candidates_are_the_best_of_all_candidates(real: Real) -> None:
    """Only the kept candidates get their reasons written: the same lists as ranking every
    candidate with its reasons (a radar that keeps them all) and keeping the best."""
    catalogue = real.catalogue
    neighbours, problems = load_neighbours(neighbours_path(ROOT / "data"), catalogue)
    assert neighbours is not None and problems == []
    unbounded = SynergySettings(radar_join=10_000, radar_take_over=10_000)
    everyone = compute_synergies(
        catalogue, neighbours, unbounded, workers=1, today=TODAY, peers=real.extras.peers
    ).radar
    settings = SynergySettings()
    longer = 0
    for entry in real.radar.entries:
        full = everyone.by_project[entry.project.slug]
        for candidate in full.candidates:
            assert candidate.score == sum(r.points for r in candidate.reasons)
        assert full.join[: settings.radar_join] == entry.join, entry.project.slug
        assert full.take_over[: settings.radar_take_over] == entry.take_over
        longer += full.candidate_count > entry.candidate_count
    assert longer > 0, "some project has more candidates than it keeps"


def test_regional_projects_like_s_lim(real: Real) -> None:
    """s-LIM covers Limburg: nobody joins it from outside; its neighbours elsewhere may take
    it over. A project of some Limburg municipalities can be joined by the other members."""
    province = next(p for p in real.catalogue.provinces if p.slug == "limburg")
    limburg = {p.nis_code for p in province.places}
    slim = real.radar.by_project["s-lim-smart-regio-limburg"]
    assert slim.join == ()
    assert slim.take_over and all(c.place.nis_code not in limburg for c in slim.take_over)
    assert all(c.reason_texts[0].startswith("buur van ") for c in slim.take_over)
    afval = real.radar.by_project["afvalmonitor-limburg"]
    assert afval.join and all(c.place.nis_code in limburg for c in afval.join)
    assert all("lid van Limburg" in c.reason_texts for c in afval.join)
    assert all(c.place.nis_code not in limburg for c in afval.take_over)
    for entry in real.radar.entries:
        if "limburg" in [r.slug for r in entry.regions]:
            assert set(codes(entry, JOIN)) <= limburg, entry.project.slug


def test_projects_rank_by_evidence(real: Real) -> None:
    entries = real.radar.entries
    assert [e.rank for e in entries] == list(range(1, len(entries) + 1))
    tiers = [e.tier for e in entries]
    assert tiers == sorted(tiers)
    assert entries[0].project.record.status == "opgeschaald"
    pilots = [e.rank for e in entries if e.project.record.status == "pilot"]
    running = [e.rank for e in entries if e.project.record.status == "lopend"]
    assert max(running) < min(pilots)
    slugs = {p.slug for p in real.catalogue.projects if p.record.status != "stopgezet"}
    assert set(real.radar.by_project) == slugs


def test_municipalities_and_filters_hold_the_same_entries(real: Real) -> None:
    radar = real.radar
    expected: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for entry in radar.entries:
        for candidate in entry.candidates:
            expected[candidate.place.nis_code].add((entry.project.slug, candidate.kind))
    found = {
        code: {(c.entry.project.slug, c.candidate.kind) for c in (*item.join, *item.take_over)}
        for code, item in radar.by_place.items()
    }
    assert found == expected
    for facet in radar.facets:
        assert facet.entries and list(facet.entries) == sorted(facet.entries, key=lambda e: e.rank)
    theme = radar.by_theme["mobiliteit"]
    assert all(
        any(
            t.slug == "mobiliteit" or (t.parent and t.parent.slug == "mobiliteit")
            for t in e.project.themes
        )
        for e in theme.entries
    )
    assert theme.leading == theme.entries[:LEADING]


def test_the_radar_is_deterministic(real: Real) -> None:
    catalogue = real.catalogue
    neighbours, problems = load_neighbours(neighbours_path(ROOT / "data"), catalogue)
    assert problems == []
    shuffled = list(catalogue.projects)
    random.Random(14).shuffle(shuffled)
    again = compute_synergies(
        catalogue.with_entries(PROJECT.name, shuffled),
        neighbours,
        workers=1,
        today=TODAY,
        peers=real.extras.peers,
    ).radar
    assert again == real.radar
    assert again.method == real.radar.method
    files = add_radar({}, catalogue, again, publisher="Test")
    assert files["opschalen.json"] == real.extras.files["opschalen.json"]
    assert files["opschalen.csv"] == real.extras.files["opschalen.csv"]


# -- declarations of interest (a fixed today) -------------------------------------------------

REUSE = """reuse:
  - municipality: bree
    stage: interesse
    date: 2024-12-01
  - municipality: ledegem
    stage: interesse
    date: 2025-03-01
  - municipality: menen
    stage: in-gebruik
    date: 2025-01-15
"""


def test_interest_is_a_reason_for_two_years(scratch: Path) -> None:
    path = scratch / "content/projecten/kortrijk-meet-luchtkwaliteit.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nsources:", f"\n{REUSE}sources:", 1), encoding="utf-8")
    catalogue, problems = check_showcase(Layout.at(scratch))
    assert problems == []
    neighbours, _ = load_neighbours(neighbours_path(scratch / "data"), catalogue)

    def candidates(today: dt.date) -> dict[str, tuple[str, int, tuple[str, ...]]]:
        every = SynergySettings(radar_join=300, radar_take_over=300)
        radar = compute_synergies(catalogue, neighbours, every, workers=1, today=today).radar
        entry = radar.by_project["kortrijk-meet-luchtkwaliteit"]
        return {c.place.name: (c.kind, c.score, c.reason_texts) for c in entry.candidates}

    found = candidates(dt.date(2026, 11, 30))
    # Far from Kortrijk, Bree is a candidate only because it said it wants to.
    kind, score, reasons = found["Bree"]
    assert (kind, score) == (TAKE_OVER, 4)
    assert reasons[0] == "toonde interesse op 1 december 2024"
    assert reasons[1].startswith("nog geen project rond Luchtkwaliteit")
    kind, score, reasons = found["Ledegem"]
    assert kind == TAKE_OVER  # Kortrijk is in none of the regions
    assert reasons[:2] == ("toonde interesse op 1 maart 2025", "buur van Kortrijk")
    assert score == 4 + 3 + (1 if reasons[2].startswith("werkt al") else 0)
    # Menen uses it already: no candidate, but its neighbours are.
    assert "Menen" not in found
    assert any("buur van" in r and "Menen" in r for _, _, rs in found.values() for r in rs)
    # Two years after its date, a declaration leaves the radar (it stays on the project page,
    # which lists project.reuse).
    assert add_years(dt.date(2024, 12, 1), 2) == dt.date(2026, 12, 1)
    later = candidates(dt.date(2026, 12, 1))
    assert "Bree" not in later
    assert later["Ledegem"][2][0] == "toonde interesse op 1 maart 2025"
    latest = candidates(dt.date(2027, 3, 1))
    assert latest["Ledegem"][2][0] == "buur van Kortrijk"  # still a neighbour
    assert latest["Ledegem"][1] == later["Ledegem"][1] - 4
    project = next(p for p in catalogue.projects if p.slug == "kortrijk-meet-luchtkwaliteit")
    assert [r.place.name for r in project.reuse_interest] == ["Ledegem", "Bree"]
    assert add_years(dt.date(2024, 2, 29), 2) == dt.date(2026, 2, 28)


# -- the open-data files ----------------------------------------------------------------------


def test_opschalen_json_and_csv_hold_the_radar(real: Real) -> None:
    files = real.extras.files
    records = json.loads(files["opschalen.json"])
    assert [r["slug"] for r in records] == sorted(real.radar.by_project)
    for record in records:
        entry = real.radar.by_project[record["slug"]]
        assert record["rank"] == entry.rank
        assert record["candidates"] == [
            {
                "nis_code": c.place.nis_code,
                "name": c.place.name,
                "kind": c.kind,
                "reasons": list(c.reason_texts),
                "score": c.score,
            }
            for c in entry.candidates
        ]
    reader = csv.DictReader(io.StringIO(files["opschalen.csv"].decode("utf-8"), newline=""))
    rows = list(reader)
    assert reader.fieldnames == list(RADAR_COLUMNS)
    expected = [
        (
            r["slug"],
            r["url"],
            str(index),
            c["nis_code"],
            c["kind"],
            str(c["score"]),
            "\n".join(c["reasons"]),
        )
        for r in records
        for index, c in enumerate(r["candidates"], 1)
    ]
    assert [
        (
            row["project_slug"],
            row["project_url"],
            row["candidate_rank"],
            row["nis_code"],
            row["kind"],
            row["score"],
            row["reasons"],
        )
        for row in rows
    ] == expected


def test_opschalen_is_in_the_dcat_catalogue(real: Real) -> None:
    document = json.loads(real.extras.files["catalogus.jsonld"])
    datasets = {d["@id"].split("#")[-1]: d for d in document["dcat:dataset"]}
    assert set(datasets) == {"gemeenten", "projecten", "opschalen"}
    urls = [d["dcat:downloadURL"]["@id"] for d in datasets["opschalen"]["dcat:distribution"]]
    assert urls == ["/open-data/opschalen.json", "/open-data/opschalen.csv"]
    # Without the radar (export_open_data alone), the dataset is left out, not left empty.
    alone = export_open_data(real.catalogue, publisher="Test")
    assert "opschalen.json" not in alone
    listed = json.loads(alone["catalogus.jsonld"])["dcat:dataset"]
    assert [d["@id"] for d in listed] == ["/open-data/#gemeenten", "/open-data/#projecten"]


# -- the built site: the same candidates everywhere -------------------------------------------


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url.lstrip("/") / "index.html").read_text("utf-8"), "html.parser")


@pytest.fixture(scope="module")
def export(built_site: Path) -> dict[str, dict[str, Any]]:
    records = json.loads((built_site / "open-data/opschalen.json").read_text("utf-8"))
    return {r["slug"]: r for r in records}


@pytest.fixture(scope="module")
def nis_by_url(built_site: Path) -> dict[str, str]:
    rows = json.loads((built_site / "open-data/gemeenten.json").read_text("utf-8"))
    return {row["url"]: row["nis_code"] for row in rows}


def shown(block: Any, nis_by_url: dict[str, str]) -> list[tuple[str, str, str]]:
    """``(kind, NIS code, name)`` of the candidates in a block, as a visitor reads them."""
    found = []
    kind = ""
    labels = {label: kind for kind, label in KIND_LABELS.items()}
    for element in block.select(".radar-kind, .radar-candidate-list > li > a"):
        if "radar-kind" in (element.get("class") or []):
            kind = labels[element.get_text(strip=True)]
        else:
            found.append((kind, nis_by_url[element["href"]], element.get_text(strip=True)))
    return found


def exported(record: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(c["kind"], c["nis_code"], c["name"]) for c in record["candidates"]]


def test_every_project_page_shows_its_candidates(
    built_site: Path, export: dict[str, dict[str, Any]], nis_by_url: dict[str, str]
) -> None:
    projects = json.loads((built_site / "open-data/projecten.json").read_text("utf-8"))
    assert {p["slug"] for p in projects} == set(export)  # no project stopped
    for slug, record in export.items():
        section = page(built_site, record["url"]).select_one("#opschalen")
        assert section is not None, slug
        assert shown(section, nis_by_url) == exported(record), slug
    shared = export["test-gedeeld-project"]["candidates"]
    assert not any(c["name"] == "Lommel" for c in shared)  # in use there already
    if dt.date.today() < add_years(dt.date(2026, 11, 2), 2):  # Evergem's interest counts
        evergem = next(c for c in shared if c["name"] == "Evergem")
        assert evergem["reasons"][:2] == ["toonde interesse op 2 november 2026", "buur van Gent"]


def test_theme_and_municipality_pages_show_the_same_candidates(
    built_site: Path, export: dict[str, dict[str, Any]], nis_by_url: dict[str, str]
) -> None:
    for theme in ("verkeer-en-parkeren", "mobiliteit", "luchtkwaliteit"):
        entries = page(built_site, f"/themas/{theme}/").select(
            "#opschalen ~ .radar-list .radar-entry"
        )
        assert 0 < len(entries) <= LEADING
        for item in entries:
            slug = item.select_one(".radar-title a")["href"].split("/")[-2]
            assert shown(item, nis_by_url) == exported(export[slug]), (theme, slug)
    smart_flanders = exported(export["smart-flanders-realtime-open-data"])
    tags = page(built_site, "/opschalen/thema/verkeer-en-parkeren/").select(".radar-entry")
    found = {i.select_one(".radar-title a")["href"]: shown(i, nis_by_url) for i in tags}
    assert found["/projecten/smart-flanders-realtime-open-data/"] == smart_flanders
    expected: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for slug, record in export.items():
        for candidate in record["candidates"]:
            expected[candidate["nis_code"]].add((f"/projecten/{slug}/", candidate["kind"]))
    urls = {code: url for url, code in nis_by_url.items()}
    diest = "24020"
    assert diest in expected
    for code in [*sorted(expected)[::7], diest, "73109"]:
        section = page(built_site, urls[code]).select_one(".radar-place")
        found_here = set()
        for heading in section.select("h3") if section else ():
            kind = JOIN if heading.get_text() == "Kan aansluiten bij" else TAKE_OVER
            for link in heading.find_next_sibling("ul").select("li > a"):
                found_here.add((link["href"], kind))
        assert found_here == expected.get(code, set()), code


def test_opschalen_lists_each_project_once_with_filters(
    built_site: Path, export: dict[str, dict[str, Any]]
) -> None:
    soup = page(built_site, "/opschalen/")
    links = [a["href"] for a in soup.select(".radar-entry .radar-title a")]
    assert len(links) == len(set(links)) == len(export)
    ranked = sorted(export.values(), key=lambda r: r["rank"])
    assert links == [r["url"] for r in ranked]
    filters = soup.select_one("nav.radar-filters")
    assert filters["aria-label"] == "Filter de projecten"
    facet_links = [a["href"] for a in filters.select("a")]
    for group in ("provincie", "regio", "thema"):
        assert any(href.startswith(f"/opschalen/{group}/") for href in facet_links)
    assert "/opschalen/provincie/limburg/" in facet_links
    assert "/opschalen/regio/westhoek/" in facet_links
    for href in facet_links:
        facet = page(built_site, href)
        count = filters.select_one(f'a[href="{href}"] + .count').get_text(" ", strip=True)
        entries = facet.select(".radar-entry .radar-title a")
        assert count.split()[0] == str(len(entries)), href
        assert facet.select_one(f'nav.radar-filters a[href="{href}"]')["aria-current"] == "page"
        found = [a["href"] for a in entries]
        assert found == [u for u in links if u in found], "the radar's order"
    limburg = [
        a["href"]
        for a in page(built_site, "/opschalen/provincie/limburg/").select(".radar-title a")
    ]
    assert "/projecten/s-lim-smart-regio-limburg/" in limburg
    assert "/projecten/telraam-leuven/" not in limburg
    assert soup.select_one("#zo-kiest-de-radar") is not None


def test_opschalen_is_in_the_main_menu(built_site: Path) -> None:
    menu = page(built_site, "/").select(".site-nav a")
    labels = [a.get_text() for a in menu]
    assert labels[labels.index("Thema's") + 1] == "Opschalen"
    here = page(built_site, "/opschalen/regio/limburg/").select_one(
        '.site-nav a[href="/opschalen/"]'
    )
    assert here["aria-current"] == "true"
    assert (
        page(built_site, "/opschalen/").select_one('.site-nav a[aria-current="page"]').get_text()
        == "Opschalen"
    )


def test_radar_settings_are_kept(real: Real) -> None:
    """The settings the method text names are the ones used."""
    settings = dataclasses.asdict(SynergySettings())
    assert f"de beste {settings['radar_join']} die kunnen aansluiten" in " ".join(real.radar.method)


def test_a_long_list_names_the_candidates_and_links_to_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, built_site: Path
) -> None:
    """Up to ``REASONS_UP_TO`` projects a list shows every candidate with its reasons; a longer
    one gives each project one line, linked to the candidates on its page (at N = 10,000 the
    reasons on every filter page were a fifth of the site's bytes)."""
    assert radar_module.lists_reasons(radar_module.REASONS_UP_TO)
    assert not radar_module.lists_reasons(radar_module.REASONS_UP_TO + 1)
    # The real site's lists are short: reasons everywhere.
    soup = page(built_site, "/opschalen/")
    assert soup.select("details.radar-candidates .radar-reasons")
    assert not soup.select(".radar-candidates-link")

    monkeypatch.setattr(radar_module, "REASONS_UP_TO", 10)
    site = build_test_site(tmp_path, SHOWCASE_CHECK_HTML=False)
    soup = page(site, "/opschalen/")
    entries = soup.select(".radar-entry")
    assert len(entries) > 10 and not soup.select(".radar-reasons")
    assert "de kandidaten en hun redenen staan op de pagina van elk project" in soup.get_text()
    for entry in entries:
        title = entry.select_one(".radar-title a")
        link = entry.select_one(".radar-candidates-link a")
        if link is not None:
            assert link["href"] == title["href"] + "#opschalen"
            target = page(site, title["href"]).select_one("#opschalen")
            assert target is not None and target.select(".radar-candidate-list li")
    # A filter page with at most ten projects still lists the reasons.
    short = next(
        url
        for url in (a["href"] for a in soup.select(".radar-filters a"))
        if len(page(site, url).select(".radar-entry")) <= 10
        and page(site, url).select("details.radar-candidates")
    )
    assert page(site, short).select(".radar-reasons"), short
