"""Contacts: a way to reach someone from every page, sourced, and refused when it is not a
service's own route (a person's name, a private mailbox, a page without https)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from showcase import check_showcase
from showcase.load.dataset import Layout, load_data_file
from showcase.problems import errors_in
from showcase.schema.models import Municipality

from .conftest import ROOT

SOURCE = "    title: Contact\n    url: https://www.gent.be/contact\n    accessed: 2026-11-26\n"
GENT = """\
nis_code: '44021'
name: Gent
slug: gent
province: Oost-Vlaanderen
arrondissement:
  name: Gent
  nis_code: '44000'
"""


def page(output: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup(
        (output / url.lstrip("/") / "index.html").read_text("utf-8"), "html.parser"
    )


def check(tmp_path: Path, extra: str) -> list[str]:
    path = tmp_path / "44021-gent.yaml"
    path.write_text(GENT + extra, encoding="utf-8")
    _, problems = load_data_file(path, Municipality, tmp_path)
    return [p.format_text() for p in problems]


# --- what is refused, located and in Dutch ----------------------------------------------------


@pytest.mark.parametrize(
    ("contact", "expected"),
    [
        (
            "  role: Jan Peeters\n  email: info@gent.be\n",
            "44021-gent.yaml:9:9: contact.role: 'Jan Peeters' lijkt een naam van een persoon: "
            "schrijf een functie of dienst, bv. 'Dienst Mobiliteit' of 'Smart-city-coördinator'",
        ),
        (
            "  role: Dienst Mobiliteit\n  email: mobiliteit.gent@gmail.com\n",
            "44021-gent.yaml:10:10: contact.email: 'mobiliteit.gent@gmail.com' is een adres bij "
            "gmail.com: geef een functionele mailbox op het domein van de organisatie, bv. "
            "'smartcity@gent.be'",
        ),
        (
            "  role: Dienst Mobiliteit\n  email: jan.peeters@gent.be\n",
            "44021-gent.yaml:10:10: contact.email: 'jan.peeters@gent.be' lijkt een persoonlijk "
            "adres: geef een functionele mailbox, bv. 'mobiliteit@gent.be' of 'info@gent.be'",
        ),
        (
            "  role: Dienst Mobiliteit\n  url: http://www.gent.be/contact\n",
            "44021-gent.yaml:10:8: contact.url: 'http://www.gent.be/contact' is geen beveiligd "
            "webadres: een website of contactpagina begint met https://, bv. 'https://www.gent.be/'",
        ),
        (
            "  role: Dienst Mobiliteit\n",
            "44021-gent.yaml:9:3: contact: geef een functioneel e-mailadres ('email') of een "
            "contactpagina ('url')",
        ),
    ],
)
def test_a_contact_is_a_service_with_its_own_route(
    tmp_path: Path, contact: str, expected: str
) -> None:
    assert check(tmp_path, "contact:\n" + contact + "  source:\n" + SOURCE) == [expected]


def test_a_website_is_https_and_attested_on_itself(tmp_path: Path) -> None:
    assert check(tmp_path, "website:\n  url: http://www.gent.be/\n  source:\n" + SOURCE) == [
        "44021-gent.yaml:9:8: website.url: 'http://www.gent.be/' is geen beveiligd webadres: "
        "een website of contactpagina begint met https://, bv. 'https://www.gent.be/'"
    ]
    other = SOURCE.replace("https://www.gent.be/contact", "https://nieuws.example.org/gent")
    assert check(tmp_path, "website:\n  url: https://www.gent.be/\n  source:\n" + other) == [
        "44021-gent.yaml:12:10: website.source.url: de bron van een website moet een pagina op "
        "die website zijn (gent.be), niet op nieuws.example.org"
    ]


def test_a_source_needs_its_address(tmp_path: Path) -> None:
    no_url = "    title: Contact\n    accessed: 2026-11-26\n"
    found = check(
        tmp_path, "contact:\n  role: Onthaal\n  email: info@gent.be\n  source:\n" + no_url
    )
    assert found == ["44021-gent.yaml:12:5: contact.source.url: dit verplichte veld ontbreekt"]


def test_two_municipalities_cannot_share_a_website(scratch: Path) -> None:
    aalst = scratch / "data/municipalities/41002-aalst.yaml"
    text = aalst.read_text(encoding="utf-8")
    start = text.index("website:")
    end = text.index("\ncontact:") if "\ncontact:" in text else text.index("\nintroduction:")
    gent_site = (scratch / "data/municipalities/44021-gent.yaml").read_text(encoding="utf-8")
    site = gent_site[gent_site.index("website:") : gent_site.index("\ncontact:")]
    aalst.write_text(text[:start] + site + text[end:], encoding="utf-8")
    _, problems = check_showcase(Layout.at(scratch))
    assert [p.format_text() for p in errors_in(problems)] == [
        "data/municipalities/44021-gent.yaml:18:8: website.url: stad.gent is al de website van "
        "Aalst (data/municipalities/41002-aalst.yaml): geef de website van Gent zelf"
    ]


# --- what the real data holds -------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalogue() -> object:
    catalogue, problems = check_showcase(Layout.at(ROOT))
    assert problems == []
    return catalogue


def test_enough_real_contacts_and_stories(catalogue: object) -> None:
    """The targets of the contacts issue, held against the data so they cannot slip back."""
    current = catalogue.current  # type: ignore[attr-defined]
    assert len(current) == 285
    assert sum(1 for p in current if p.record.website is not None) >= 200
    projects = catalogue.projects  # type: ignore[attr-defined]
    assert sum(1 for p in projects if p.record.contact is not None) >= 30
    ervaringen = catalogue.entries_of("ervaring")  # type: ignore[attr-defined]
    suggesties = catalogue.entries_of("suggestie")  # type: ignore[attr-defined]
    assert len(ervaringen) >= 12 and len(suggesties) >= 8
    for entry in (*ervaringen, *suggesties):
        assert entry.record.sources, entry.slug
        assert all(s.url.startswith(("https://", "http://")) for s in entry.record.sources)


# --- what visitors see ------------------------------------------------------------------------


def contact_links(soup: BeautifulSoup) -> list[str]:
    section = soup.find(id="contact")
    assert section is not None
    return [a["href"] for a in section.find_all("a", href=True)]


def test_every_project_page_leads_to_someone(built_site: Path) -> None:
    for folder in sorted((built_site / "projecten").iterdir()):
        if not (folder / "index.html").is_file() or folder.name == "status":
            continue
        links = contact_links(page(built_site, f"/projecten/{folder.name}/"))
        outward = [h for h in links if h.startswith(("mailto:", "https://"))]
        assert outward, folder.name


def test_a_project_without_its_own_contact_falls_back_visibly(built_site: Path) -> None:
    soup = page(built_site, "/projecten/afvalmonitor-limburg/")
    section = soup.find(id="contact")
    assert "Contact via de website van Pelt" in section.get_text(" ", strip=True)
    assert section.find("a", string="Contact via de website van Pelt")["href"].startswith(
        "https://"
    )


def test_every_current_municipality_page_has_a_contact_section(
    built_site: Path, catalogue: object
) -> None:
    for place in catalogue.current:  # type: ignore[attr-defined]
        links = contact_links(page(built_site, place.url))
        assert links, place.slug
        if place.record.website is not None:
            assert place.record.website.url in links


def test_a_merged_municipality_sends_to_its_successors_website(built_site: Path) -> None:
    text = page(built_site, "/gemeenten/nevele/").find(id="contact").get_text(" ", strip=True)
    assert "deel van Deinze" in text and "Contact via de website van Deinze" in text


def test_the_site_says_who_runs_it(built_site: Path) -> None:
    for url in ("/colofon/", "/toegankelijkheid/", "/bijdragen/"):
        soup = page(built_site, url)
        assert "mailto:info@vvsg.be" in contact_links(soup), url
    footer = page(built_site, "/").find("footer").get_text(" ", strip=True)
    assert "Vereniging van Vlaamse Steden en Gemeenten" in footer and "info@vvsg.be" in footer
    statement = page(built_site, "/toegankelijkheid/").find("article").get_text(" ", strip=True)
    feedback = statement.split("Feedback en contact")[1]
    assert "Bewerk deze pagina" not in feedback and "VVSG" in feedback


def test_the_directory_lists_every_current_municipality(
    built_site: Path, catalogue: object
) -> None:
    soup = page(built_site, "/contacten/")
    names = [a.get_text() for a in soup.select(".directory-block .directory-name")]
    assert sorted(names) == sorted(p.name for p in catalogue.current)  # type: ignore[attr-defined]
    assert soup.find(attrs={"data-pagefind-body": True}) is not None
    assert [d["id"] for d in soup.select("details.directory-block")] == [
        "antwerpen",
        "limburg",
        "oost-vlaanderen",
        "vlaams-brabant",
        "west-vlaanderen",
    ]


def test_rubric_pages_speak_to_visitors_not_in_paths(built_site: Path) -> None:
    for url in ("/ervaringen/", "/suggesties/", "/contacten/", "/gemeenten/boom/", "/bijdragen/"):
        text = page(built_site, url).get_text(" ", strip=True)
        for path in ("content/", "data/municipalities", ".md", ".yaml"):
            assert path not in text, (url, path)


def test_an_old_status_says_how_old_it_is(built_site: Path) -> None:
    soup = page(built_site, "/projecten/space-tinder-brugge/")
    assert "Lopend volgens een bron van december 2020" in soup.get_text(" ", strip=True)


def test_no_personal_names_in_contacts(catalogue: object) -> None:
    from showcase.schema.models import looks_like_a_name

    contacts = [p.record.contact for p in catalogue.projects if p.record.contact]  # type: ignore[attr-defined]
    contacts += [p.record.contact for p in catalogue.current if p.record.contact]  # type: ignore[attr-defined]
    assert contacts and not [c.role for c in contacts if looks_like_a_name(c.role)]


def test_the_empty_state_invites_without_paths(tmp_path: Path) -> None:
    """A rubric without entries says how to add one, in words for visitors."""
    from .conftest import build_test_site

    project = tmp_path / "leeg"
    output = build_test_site(project, SHOWCASE_CHECK_HTML=False)
    shutil.rmtree(project / "content" / "suggesties")
    from pelican_showcase.build import build

    overrides = {"THEME": str(ROOT / "theme"), "PLUGIN_PATHS": [str(ROOT / "plugins")]}
    assert (
        build(
            project / "pelicanconf.py",
            output,
            overrides={**overrides, "SHOWCASE_CHECK_HTML": False},
        )
        == 0
    )
    soup = page(output, "/suggesties/")
    text = soup.get_text(" ", strip=True)
    assert "Er staan nog geen suggesties in de showcase" in text
    assert "content/" not in text
    links = {a.get_text(" ", strip=True): a["href"] for a in soup.select(".invite a")}
    assert links["Suggestie toevoegen met een formulier"].endswith(
        "/issues/new?template=suggestie.yml"
    )
    assert links["in de webeditor"] == "/admin/#/collections/suggesties/new"
    assert links["hoe je bijdraagt"] == "/bijdragen/"
