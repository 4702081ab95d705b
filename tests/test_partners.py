"""Partners: names grouped across spellings, the located warning, and the pages on the site."""

from __future__ import annotations

import datetime as dt
import typing
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from showcase import check_showcase
from showcase.derive.partners import (
    GROUP_LABELS,
    index_partners,
    name_partners,
    parse_name,
    partner_key,
    slug_of,
)
from showcase.derive.warnings import PARTNER_RULE
from showcase.load.dataset import Layout
from showcase.problems import Problem, Severity
from showcase.schema.models import PartnerType

from .conftest import ROOT

# --- names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "key"),
    [
        (["imec", "IMEC", "Imec"], "imec"),  # case
        (["Schréder", "Schreder", "SCHRÉDER"], "schreder"),  # accents
        (["Leuvenair.be", "Leuvenair be", "leuvenair-be"], "leuvenairbe"),  # punctuation
        (["I-CHANGE", "I CHANGE", "i.change"], "ichange"),
        (["Mobiel 21", "Mobiel21", "mobiel-21"], "mobiel21"),
        (["imec vzw", "imec v.z.w.", "imec VZW", "vzw imec"], "imec"),  # legal form
        (["Thor Park NV", "Thor Park nv", "NV Thor Park", "Thor Park n.v."], "thorpark"),
        (["Citymesh BV", "Citymesh bvba", "Citymesh SRL", "Citymesh Ltd."], "citymesh"),
        (["imec (City of Things)", "imec (imec-SMIT, VUB)"], "imec"),  # details
    ],
)
def test_spellings_of_one_organisation_share_a_key(names: list[str], key: str) -> None:
    assert {partner_key(parse_name(name).base) for name in names} == {key}


@pytest.mark.parametrize(
    "names",
    [
        ["Stad Antwerpen", "Stad Antwerpen - Stadsreiniging"],
        ["Leiedal", "Intercommunale Leiedal"],
        ["VIVES", "Hogeschool VIVES"],
        ["UGent", "Universiteit Gent"],
        ["Thomas More", "Thomas More Kempen / LiCalab"],
        ["Eandis", "Fluvius"],
        ["Interreg 2 Zeeën", "Interreg North-West Europe"],
        ["Mobiel 21", "Mobiel 12"],
        ["VITO", "VUB"],
        ["vzw", "nv"],  # a legal form alone is a name
    ],
)
def test_different_organisations_keep_different_keys(names: list[str]) -> None:
    keys = [partner_key(parse_name(name).base) for name in names]
    assert len(set(keys)) == len(keys), keys


def test_details_are_parentheses_that_close_a_word() -> None:
    spelling = parse_name("VLAIO (City of Things 2019)")
    assert (spelling.base, spelling.details, spelling.key) == (
        "VLAIO",
        ("City of Things 2019",),
        "vlaio",
    )
    assert parse_name("Instituut voor Mobiliteit (IMOB), UHasselt").base == (
        "Instituut voor Mobiliteit, UHasselt"
    )
    kept = parse_name("gemachtigde opzichters en (groot)ouders")
    assert (kept.base, kept.details) == ("gemachtigde opzichters en (groot)ouders", ())
    assert parse_name("Partner <script>alert(1)</script> & Co").details == ()


def test_only_declared_abbreviations_join_their_organisation() -> None:
    assert parse_name("Vrije Universiteit Brussel (VUB)").abbreviation == "VUB"
    assert parse_name("Transport & Mobility Leuven (TML)").abbreviation == "TML"
    # Not the initials: a department or another name, not an abbreviation of this one.
    assert parse_name("Vlaamse Gemeenschapscommissie (VGC)").abbreviation == ""
    assert parse_name("KU Leuven (ESAT)").abbreviation == ""
    assert parse_name("EFRO (ERDF)").abbreviation == ""
    naming = name_partners(
        parse_name(n) for n in ["VUB", "Vrije Universiteit Brussel (VUB)", "UGent", "VITO"]
    )
    assert naming.group_of["vub"] == naming.group_of["vrijeuniversiteitbrussel"]
    assert naming.names[naming.group_of["vub"]] == "Vrije Universiteit Brussel (VUB)"
    assert naming.group_of["ugent"] == "ugent"  # no entry says what UGent stands for
    assert naming.names["vito"] == "VITO"


def test_the_name_to_use_is_the_most_frequent_spelling() -> None:
    def names(*written: str) -> str:
        naming = name_partners(parse_name(n) for n in written)
        (name,) = naming.names.values()
        return name

    assert names("imec", "IMEC", "imec (City of Things)", "imec vzw") == "imec"
    assert names("IMEC", "IMEC", "imec") == "IMEC"
    assert names("Schreder", "Schréder") == "Schréder"  # a tie: the accented one
    assert names("Mobipunt vzw", "Mobipunt") == "Mobipunt"  # then the shortest
    assert names("imec", "IMEC") == "IMEC"  # then by code point: always the same one


def test_slugs() -> None:
    assert slug_of("Schréder") == "schreder"
    assert slug_of("Transport & Logistiek Vlaanderen") == "transport-logistiek-vlaanderen"
    assert slug_of("Partner <script>alert(1)</script> & Co") == "partner-script-alert-1-script-co"
    assert slug_of("???") == "partner"


def test_no_partner_takes_the_type_pages_folder() -> None:
    """A partner called "Soort" must not hide the type pages under /partners/soort/."""
    from types import SimpleNamespace

    class Project:  # what index_partners reads of a ProjectEntry (hashable, like it)
        def __init__(self, slug: str, *names: str) -> None:
            partners = [SimpleNamespace(name=n, type="andere") for n in names]
            self.slug, self.record = slug, SimpleNamespace(partners=partners)
            self.places = self.regions = self.themes = ()

    def project(slug: str, *names: str) -> Any:
        return Project(slug, *names)

    found = index_partners([project("a", "Soort", "Soort vzw"), project("b", "soort")])
    (entry,) = found.entries
    assert entry.slug == "soort-2" and entry.url == "/partners/soort-2/"
    assert [g.url for g in found.groups] == ["/partners/soort/andere/"]
    assert entry.group_url == "/partners/soort/andere/"


# --- the real catalogue ----------------------------------------------------------------------


def test_real_partners_group_only_what_the_rules_justify() -> None:
    catalogue, problems = check_showcase(Layout.at(ROOT))
    assert problems == []
    partners = index_partners(catalogue.projects)
    merged = {
        entry.name: sorted({role.spelling.base for role in entry.roles})
        for entry in partners.entries
        if len({role.spelling.base for role in entry.roles}) > 1
    }
    # The one grouping of differently written names: an abbreviation one entry declares.
    assert merged == {"Vrije Universiteit Brussel (VUB)": ["VUB", "Vrije Universiteit Brussel"]}
    assert partners.respellings == ()
    mentions = sum(len(p.record.partners) for p in catalogue.projects)
    assert sum(len(e.roles) for e in partners.entries) == mentions == len(partners.by_mention)
    assert len({e.slug for e in partners.entries}) == len(partners.entries)
    assert [g.type for g in partners.groups] == [
        t for t in typing.get_args(PartnerType) if any(e.type == t for e in partners.entries)
    ]
    assert set(GROUP_LABELS) == set(typing.get_args(PartnerType))
    vlaio = next(e for e in partners.entries if e.slug == "vlaio")
    assert vlaio.type == "overheid" and len(vlaio.projects) == len(vlaio.roles)
    written = Counter(name for item in vlaio.projects for name in item.written)
    assert written["VLAIO (City of Things 2019)"] == 7
    assert vlaio.reach.startswith(f"{len(vlaio.projects)} projecten in ")


# --- the warning -----------------------------------------------------------------------------

PATH = "content/projecten/antwerp-smart-zone-slimme-verlichting.md"


def test_a_respelled_partner_is_a_located_warning(scratch: Path) -> None:
    path = scratch / PATH
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('  - name: "imec"\n', '  - name: "IMEC vzw"\n'), "utf-8")
    _, problems = check_showcase(Layout.at(scratch), warnings=True, today=dt.date(2026, 11, 26))
    found = [p for p in problems if p.rule == PARTNER_RULE]
    assert found == [
        Problem(
            PATH,
            13,
            11,
            "partners[0].name",
            "'IMEC vzw' staat elders als 'imec': schrijf 'imec'",
            Severity.WARNING,
        )
    ]
    assert found[0].rule == "partnernaam"
    # The details stay as they were; only the name is respelled.
    path.write_text(text.replace('  - name: "imec"\n', '  - name: "Imec (Smart Zone)"\n'), "utf-8")
    _, problems = check_showcase(Layout.at(scratch), warnings=True, today=dt.date(2026, 11, 26))
    assert [p.message for p in problems if p.rule == PARTNER_RULE] == [
        "'Imec' staat elders als 'imec': schrijf 'imec (Smart Zone)'"
    ]


# --- the site --------------------------------------------------------------------------------


def page(output: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((output / url.strip("/") / "index.html").read_text("utf-8"), "html.parser")


def test_the_partner_index_by_type_without_javascript(built_site: Path) -> None:
    soup = page(built_site, "/partners/")
    assert soup.h1.get_text() == "Partners"
    assert not soup.select("script[src]")
    filters = [a["href"] for a in soup.select("nav.partner-types a")]
    sections = [h2["id"] for h2 in soup.select("section.directory-section h2")]
    assert sections[:3] == ["bedrijf", "kennisinstelling", "overheid"]
    # The type filter is a static page per type: it works without JavaScript.
    assert filters == ["/partners/", *(f"/partners/soort/{s}/" for s in sections)]
    assert soup.select_one("nav.partner-types a[aria-current=page]")["href"] == "/partners/"
    everyone = [a["href"] for a in soup.select(".directory-name")]
    per_type = []
    for section, href in zip(sections, filters[1:], strict=True):
        filtered = page(built_site, href)
        assert filtered.select_one("nav.partner-types a[aria-current=page]")["href"] == href
        (heading,) = filtered.select("section.directory-section h2")
        assert heading["id"] == section
        mine = [a["href"] for a in filtered.select(".directory-name")]
        listed = soup.select_one(f"section[aria-labelledby={section}]").select(".directory-name")
        assert mine == [a["href"] for a in listed] and mine
        per_type += mine
    assert sorted(per_type) == sorted(everyone)  # each partner under exactly one type
    headings = [h2.contents[0].strip() for h2 in soup.select("section.directory-section h2")]
    assert headings[:2] == ["Bedrijven", "Kennisinstellingen"]
    links = soup.select(".directory-name")
    for link in links:
        assert (built_site / link["href"].strip("/") / "index.html").is_file(), link["href"]
    names = [a.get_text() for a in links]
    assert "Partner <script>alert(1)</script> & Co" in names  # escaped: text, not markup
    assert "<script>alert(1)</script>" not in (built_site / "partners/index.html").read_text()
    imec = next(a for a in links if a.get_text() == "imec")
    assert imec.find_next_sibling("span").get_text().startswith("11 projecten in ")


def test_a_partner_page_lists_its_projects_and_municipalities(built_site: Path) -> None:
    soup = page(built_site, "/partners/vlaio/")
    assert soup.h1.get_text() == "VLAIO"
    assert soup.select_one(".kicker").get_text() == "Partner · Overheid"
    crumbs = [(a["href"], a.get_text()) for a in soup.select(".breadcrumb a")]
    assert crumbs[:2] == [("/partners/", "Partners"), ("/partners/soort/overheid/", "Overheden")]
    cards = soup.select("section[aria-labelledby=projecten] .card")
    assert len(cards) == 13
    titles = [card.select_one(".card-title a") for card in cards]
    assert all(a["href"].startswith("/projecten/") for a in titles)
    assert all(card.select_one(".badge") for card in cards)  # the status
    sensoc = next(c for c in cards if "Sensoc" in c.get_text())
    assert sensoc.select_one(".via").get_text() == "vermeld als ‘VLAIO (City of Things 2019)’"
    places = [a.get_text() for a in soup.select(".partner-places a")]
    assert "Gent" in places and places == sorted(places)
    assert soup.select_one("[data-pagefind-body]") is not None
    filters = [s["data-pagefind-filter"] for s in soup.select("[data-pagefind-filter]")]
    assert filters[0] == "soort:Partner" and "gemeente:Gent" in filters
    assert soup.select_one("section[aria-labelledby=projecten]").has_attr("data-pagefind-ignore")


def test_project_pages_link_each_partner(built_site: Path) -> None:
    soup = page(built_site, "/projecten/test-gedeeld-project/")
    (link,) = soup.select(".factbox a[href^='/partners/']")
    assert link.get_text() == "Partner <script>alert(1)</script> & Co"
    assert link["href"] == "/partners/partner-script-alert-1-script-co/"
    partner = page(built_site, link["href"])
    assert partner.h1.get_text() == "Partner <script>alert(1)</script> & Co"
    assert "<script>alert(1)" not in str(partner.find("main"))
    back = [a["href"] for a in partner.select(".card-title a")]
    assert back == ["/projecten/test-gedeeld-project/"]
    soup = page(built_site, "/projecten/slimme-regio-halle-vilvoorde/")
    vub = next(a for a in soup.select(".factbox a") if a.get_text() == "VUB")
    assert vub["href"] == "/partners/vrije-universiteit-brussel-vub/"


def test_partners_in_the_menu_the_sitemap_and_the_search(built_site: Path) -> None:
    soup = page(built_site, "/partners/")
    menu = {a.get_text(): a for a in soup.select(".site-nav a")}
    assert menu["Partners"]["aria-current"] == "page"
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/partners/</loc>" in sitemap and "/partners/imec/</loc>" in sitemap
    assert page(built_site, "/zoeken/").select_one("a[href='/partners/']") is not None
