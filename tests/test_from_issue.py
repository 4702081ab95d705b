"""``python -m showcase from-issue``: an issue body, as GitHub writes it for a form, becomes a
checked file; anything wrong is said under the form's labels, and nothing is left behind."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from showcase.contribute.forms import FORMS_FOLDER, form_named
from showcase.contribute.issues import IssueError, hostile, parse_body, split_link
from showcase.contribute.records import replace_key
from showcase.load.reader import load_front_matter_file

from .conftest import ROOT

TODAY = dt.date(2026, 11, 29)
FORMS = ROOT / FORMS_FOLDER


def issue_body(form_file: str, answers: dict[str, Any]) -> str:
    """The body GitHub writes for ``answers`` to the checked-in form (its own YAML)."""
    form = yaml.safe_load((FORMS / form_file).read_text(encoding="utf-8"))
    parts = []
    for item in form["body"]:
        if item["type"] == "markdown":
            continue
        attributes = item["attributes"]
        if item["type"] == "checkboxes":
            ticked = "X" if answers.get(item["id"]) else " "
            value = "\n".join(f"- [{ticked}] {o['label']}" for o in attributes["options"])
        else:
            value = answers.get(item["id"]) or "_No response_"
        parts.append(f"### {attributes['label']}\n\n{value}")
    return "\n\n".join(parts)


GOOD: dict[str, dict[str, Any]] = {
    "project.yml": {
        "title": "Slimme zitbanken in het park",
        "summary": "De gemeente test zitbanken die telefoons opladen en het gebruik tellen.",
        "kind": "proeftuin",
        "municipalities": "Lommel, 44021",
        "themes": "Verkeer en parkeren, energie-en-klimaat",
        "status": "pilot",
        "start": "2024-03",
        "partners": "Voorbeeldbedrijf – bedrijf\n- Universiteit Gent (kennisinstelling)",
        "funding": "City of Things (VLAIO) – € 25.000 – 2024",
        "results": "- 3 banken geplaatst",
        "contact_role": "Dienst Mobiliteit",
        "contact_address": "mobiliteit@lommel.be",
        "contact_source": "Contact – https://www.lommel.be/contact",
        "links": "[Projectpagina](https://www.lommel.be/banken)",
        "inspired_by": "telraam-leuven",
        "sources": "Slimme banken in Lommel – https://www.lommel.be/nieuws/banken – 2024-05-02",
        "body": "De gemeente plaatste **drie** banken.\n\n## Aanpak\n\nZe meet het gebruik.",
        "consent": True,
    },
    "ervaring.yml": {
        "title": "Wat we leerden van slimme banken",
        "summary": "Sensoren in het park vragen een duidelijke afspraak over het onderhoud.",
        "municipalities": "Sint-Niklaas",
        "projects": "https://example.org/showcase/projecten/telraam-leuven/",
        "themes": "Open data en dataplatformen",
        "date": "2025-06",
        "sources": "[Evaluatie](https://www.sint-niklaas.be/evaluatie) 2025-06",
        "body": "## Wat werkte\n\nDe bewoners deden mee.",
        "consent": True,
    },
    "suggestie.yml": {
        "title": "Deel je meetdata als open data",
        "summary": "Publiceer meetdata meteen als open data, dan kunnen buren ze hergebruiken.",
        "organisation": "Kenniscentrum",
        "audience": "gemeenten",
        "sources": "Open data – https://www.vlaanderen.be/open-data",
        "body": "Begin klein: één dataset.",
        "consent": True,
    },
}


def run(*args: str, root: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "showcase", "from-issue", *args, "--root", str(root)],
        cwd=root,
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "GITHUB_ACTIONS": "false"},
        check=False,
    )


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for folder in ("data", "content")
        for p in (root / folder).rglob("*")
        if p.is_file()
    }


def from_issue_cli(
    root: Path, form_file: str, answers: dict[str, Any], *extra: str
) -> subprocess.CompletedProcess[str]:
    body = root / "issue.md"
    body.write_text(issue_body(form_file, answers), encoding="utf-8")
    return run("--form", str(FORMS / form_file), str(body), *extra, root=root)


@pytest.mark.parametrize("form_file", sorted(GOOD))
def test_a_body_from_each_form_becomes_a_valid_entry(scratch: Path, form_file: str) -> None:
    result = from_issue_cli(scratch, form_file, GOOD[form_file], "--summary", "pr.md")
    assert result.returncode == 0, result.stdout + result.stderr
    path = scratch / result.stdout.strip()
    assert path.is_file() and path.parent.parent == scratch / "content"
    checked = subprocess.run(
        [sys.executable, "-m", "showcase", "validate", str(path), "--root", str(scratch)],
        cwd=scratch,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout
    summary = (scratch / "pr.md").read_text(encoding="utf-8")
    assert summary.startswith(f"**Nieuw bestand:** `{result.stdout.strip()}`")


def test_the_project_file_holds_what_was_answered(scratch: Path) -> None:
    result = from_issue_cli(scratch, "project.yml", GOOD["project.yml"], "--today", "2026-11-29")
    assert result.returncode == 0, result.stdout
    doc, _ = load_front_matter_file(scratch / result.stdout.strip(), scratch)
    assert doc is not None
    data = doc.data
    assert data["municipalities"] == ["lommel", "gent"]
    assert data["themes"] == ["verkeer-en-parkeren", "energie-en-klimaat"]
    assert data["kind"] == "proeftuin" and data["status"] == "pilot"
    assert data["partners"] == [
        {"name": "Voorbeeldbedrijf", "type": "bedrijf"},
        {"name": "Universiteit Gent", "type": "kennisinstelling"},
    ]
    assert data["funding"] == [
        {"programme": "City of Things (VLAIO)", "amount": 25000, "year": 2024}
    ]
    assert data["results"] == ["3 banken geplaatst"]
    assert data["contact"]["email"] == "mobiliteit@lommel.be"
    assert data["links"] == [{"title": "Projectpagina", "url": "https://www.lommel.be/banken"}]
    assert data["inspired_by"] == ["telraam-leuven"]
    assert data["sources"] == [
        {
            "title": "Slimme banken in Lommel",
            "url": "https://www.lommel.be/nieuws/banken",
            "date": "2024-05-02",
            "accessed": "2026-11-29",
        }
    ]
    assert data["last_reviewed"] == "2026-11-29"
    assert doc.body.startswith("De gemeente plaatste **drie** banken.")


def test_a_misspelt_municipality_is_refused_with_the_label_and_leaves_nothing(
    scratch: Path,
) -> None:
    before = tree(scratch)
    answers = {**GOOD["project.yml"], "municipalities": "Lomel", "themes": "verkeer"}
    result = from_issue_cli(scratch, "project.yml", answers, "--summary", "comment.md")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "Gemeenten: onbekende gemeente 'Lomel' (bedoelde je 'Lommel'?)",
        "Thema's: onbekend thema 'verkeer' (bedoelde je 'Verkeer en parkeren'?)",
    ]
    assert tree(scratch) == before
    comment = (scratch / "comment.md").read_text(encoding="utf-8")
    assert "- Gemeenten: onbekende gemeente 'Lomel' (bedoelde je 'Lommel'?)" in comment


def test_problems_the_checker_finds_are_said_under_the_labels(scratch: Path) -> None:
    before = tree(scratch)
    answers = {
        **GOOD["project.yml"],
        "summary": "x" * 301,
        "start": "maart",
        "contact_role": "Jan Peeters",
        "contact_address": "jan.peeters@gmail.com",
        "sources": "Geen adres hier",
    }
    result = from_issue_cli(scratch, "project.yml", answers)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "Samenvatting: te lang (301 tekens; hoogstens 300)",
        "Bronnen: geen adres gevonden; schrijf het met https://",
    ]
    assert tree(scratch) == before
    answers["sources"] = GOOD["project.yml"]["sources"]
    answers["summary"] = "Een samenvatting."
    result = from_issue_cli(scratch, "project.yml", answers)
    assert result.returncode == 1
    said = result.stdout
    assert "Start: 'maart' is geen jaar" in said
    assert "Contactpunt: functie of dienst: 'Jan Peeters' lijkt een naam van een persoon" in said
    assert "Contactpunt: e-mailadres of contactpagina: 'jan.peeters@gmail.com' is een adres" in said
    assert tree(scratch) == before


def test_every_required_answer_and_the_agreement(scratch: Path) -> None:
    result = from_issue_cli(scratch, "suggestie.yml", {"title": "Alleen een titel"})
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "Samenvatting: dit is verplicht",
        "Voor wie: dit is verplicht",
        "Bronnen: dit is verplicht",
        "Beschrijving: dit is verplicht",
        "Afspraken: vink de afspraak aan",
    ]


# --- hostile values ---------------------------------------------------------------------------


def test_html_and_jinja_stay_text(scratch: Path) -> None:
    answers = {
        **GOOD["suggestie.yml"],
        "title": "<img src=x onerror=alert(1)> {{ 7 * 7 }} {% raw %}",
        "summary": "Een samenvatting met {{ config }} en <b>vet</b>.",
    }
    result = from_issue_cli(scratch, "suggestie.yml", answers)
    assert result.returncode == 0, result.stdout
    doc, _ = load_front_matter_file(scratch / result.stdout.strip(), scratch)
    assert doc is not None
    assert doc.data["title"] == answers["title"]
    assert doc.data["summary"] == answers["summary"]


def test_yaml_injection_stays_inside_its_field(scratch: Path) -> None:
    # A one-line answer with a line break (possible through the API) is refused ...
    answers = {**GOOD["project.yml"], "title": "x\nstatus: afgerond"}
    refused = from_issue_cli(scratch, "project.yml", answers)
    assert refused.returncode == 1
    assert refused.stdout.splitlines() == ["Titel: hoort op één regel"]
    # ... and in free text it stays text: the status is the one chosen.
    answers = {
        **GOOD["project.yml"],
        "summary": 'x"\nstatus: afgerond\n---\nkind: project',
        "results": "status: afgerond\n'; kind: project",
        "partners": "Firma: status: afgerond – bedrijf",
    }
    result = from_issue_cli(scratch, "project.yml", answers)
    assert result.returncode == 0, result.stdout
    doc, _ = load_front_matter_file(scratch / result.stdout.strip(), scratch)
    assert doc is not None
    assert doc.data["status"] == "pilot" and doc.data["kind"] == "proeftuin"
    assert doc.data["summary"] == 'x" status: afgerond --- kind: project'
    assert doc.data["results"] == ["status: afgerond", "'; kind: project"]


def test_huge_values_are_refused(scratch: Path) -> None:
    before = tree(scratch)
    answers = {**GOOD["project.yml"], "title": "a" * 100_000, "body": "b" * 100_000}
    result = from_issue_cli(scratch, "project.yml", answers)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "Titel: te lang (100000 tekens; hoogstens 150)",
        "Beschrijving: te lang (100000 tekens; hoogstens 20000)",
    ]
    assert tree(scratch) == before


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("Slim\u202eknab", "bevat een tekstrichtingsteken (U+202E)"),
        ("Slim\x07park", "bevat een stuurteken (U+0007)"),
        ("Slim\x00park", "bevat een stuurteken (U+0000)"),
    ],
)
def test_control_and_direction_characters_are_refused(scratch: Path, value: str, said: str) -> None:
    result = from_issue_cli(scratch, "project.yml", {**GOOD["project.yml"], "title": value})
    assert result.returncode == 1
    assert result.stdout.startswith(f"Titel: {said}")


def test_right_to_left_text_is_welcome(scratch: Path) -> None:
    answers = {**GOOD["suggestie.yml"], "body": "Een groet in het Arabisch: مرحبا بكم."}
    result = from_issue_cli(scratch, "suggestie.yml", answers)
    assert result.returncode == 0, result.stdout


# --- the other forms ------------------------------------------------------------------------


def test_a_municipality_gets_its_website_and_contact(scratch: Path) -> None:
    record = scratch / "data" / "municipalities" / "44084-aalter.yaml"
    answers = {
        "municipality": "Aalter",
        "website": "https://www.aalter.be/",
        "website_source": "Contact – https://www.aalter.be/contact",
        "contact_role": "Dienst Communicatie",
        "contact_address": "https://www.aalter.be/contact",
        "contact_source": "[Contact](https://www.aalter.be/contact)",
        "consent": True,
    }
    result = from_issue_cli(scratch, "gemeente.yml", answers, "--summary", "pr.md")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "data/municipalities/44084-aalter.yaml"
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    assert data["website"]["source"]["url"] == "https://www.aalter.be/contact"
    assert data["contact"]["url"] == "https://www.aalter.be/contact"
    assert (scratch / "pr.md").read_text(encoding="utf-8").startswith("**Aangepast bestand:**")


def test_a_refused_change_restores_the_record(scratch: Path) -> None:
    record = scratch / "data" / "municipalities" / "44084-aalter.yaml"
    before = record.read_bytes()
    answers = {
        "municipality": "Aalter",
        "website": "https://www.aalter.be/",
        "website_source": "Elders – https://www.example.org/aalter",
        "consent": True,
    }
    result = from_issue_cli(scratch, "gemeente.yml", answers)
    assert result.returncode == 1
    assert result.stdout.startswith("Pagina op die website die het staaft: ")
    assert record.read_bytes() == before
    merged = from_issue_cli(scratch, "gemeente.yml", {**answers, "municipality": "Nevele"})
    assert merged.returncode == 1
    assert "bestaat niet meer" in merged.stdout
    empty = from_issue_cli(scratch, "gemeente.yml", {"municipality": "Aalter", "consent": True})
    assert empty.returncode == 1
    assert empty.stdout.strip() == (
        "Officiële website: vul een website of een contactpunt in (of beide)"
    )


def test_wij_doen_dit_ook_adds_a_reuse_declaration(scratch: Path) -> None:
    path = scratch / "content" / "projecten" / "telraam-leuven.md"
    answers = {
        "project": "https://example.org/projecten/telraam-leuven/",
        "municipality": "Lommel",
        "stage": "Wij doen dit ook",
        "consent": True,
    }
    result = from_issue_cli(scratch, "interesse.yml", answers, "--today", "2026-11-29")
    assert result.returncode == 0, result.stdout
    doc, _ = load_front_matter_file(path, scratch)
    assert doc is not None
    assert doc.data["reuse"] == [
        {"municipality": "lommel", "stage": "in-gebruik", "date": "2026-11-29"}
    ]
    # the same municipality again, and one that takes part already: refused, file unchanged
    before = path.read_bytes()
    again = from_issue_cli(scratch, "interesse.yml", answers, "--today", "2026-11-29")
    assert again.returncode == 1
    assert again.stdout.startswith("Gemeente: Lommel staat al in reuse")
    leuven = from_issue_cli(scratch, "interesse.yml", {**answers, "municipality": "Leuven"})
    assert leuven.returncode == 1
    assert leuven.stdout.startswith("Gemeente: Leuven neemt al deel aan het project")
    assert path.read_bytes() == before
    unknown = from_issue_cli(scratch, "interesse.yml", {**answers, "project": "Telram Leuven"})
    assert unknown.stdout.startswith("Project: onbekend project 'Telram Leuven' (bedoelde je")


# --- usage ---------------------------------------------------------------------------------


def test_bad_usage_exits_2(scratch: Path, tmp_path: Path) -> None:
    body = scratch / "issue.md"
    body.write_text(issue_body("project.yml", GOOD["project.yml"]), encoding="utf-8")
    missing = run("--form", str(FORMS / "project.yml"), "nergens.md", root=scratch)
    assert missing.returncode == 2 and "bestaat niet" in missing.stderr
    correction = run("--form", str(FORMS / "correctie.yml"), str(body), root=scratch)
    assert (
        correction.returncode == 2 and "geen formulier dat een bestand maakt" in correction.stderr
    )
    stale = tmp_path / "project.yml"
    stale.write_text("name: oud\n", encoding="utf-8")
    outdated = run("--form", str(stale), str(body), root=scratch)
    assert outdated.returncode == 2 and "klopt niet met de modellen" in outdated.stderr
    no_form = run(str(body), root=scratch)
    assert no_form.returncode == 2
    from_stdin = run(
        "--form", str(FORMS / "project.yml"), "-", root=scratch, stdin=body.read_text()
    )
    assert from_stdin.returncode == 0, from_stdin.stdout


def test_a_body_from_another_form_names_the_missing_questions() -> None:
    form = form_named("suggestie.yml")
    assert form is not None
    with pytest.raises(IssueError) as refused:
        parse_body(form, issue_body("gemeente.yml", {"municipality": "Gent"}))
    assert refused.value.messages[0].startswith(
        "Titel: deze vraag staat niet in het issue; maak het issue met het formulier"
    )


def test_windows_line_ends_and_empty_answers() -> None:
    form = form_named("interesse.yml")
    assert form is not None
    body = issue_body("interesse.yml", {"project": "Telraam Leuven", "consent": True})
    answers = parse_body(form, body.replace("\n", "\r\n"))
    assert answers["project"] == "Telraam Leuven"
    assert answers["municipality"] == "" and answers["source"] == ""
    assert answers["consent"].startswith("- [X] ")


def test_split_link() -> None:
    assert split_link("Titel – https://a.be/x – 2024-05") == ("Titel", "https://a.be/x", "2024-05")
    assert split_link("[Titel](https://a.be/x) 2024") == ("Titel", "https://a.be/x", "2024")
    assert split_link("https://a.be/x.") == ("", "https://a.be/x", "")
    assert split_link("geen adres") == ("geen adres", "", "")


def test_hostile_checks_only_what_matters() -> None:
    form = form_named("project.yml")
    assert form is not None
    body = next(q for q in form.fields if q.id == "body")
    assert hostile(body, "regel 1\n\tregel 2") == []
    assert hostile(body, "Arabisch: مرحبا") == []


def test_replace_key_keeps_the_rest() -> None:
    text = "# kop\nname: Gent\nwebsite: null\nintroduction: null # tekst\n"
    order = ["name", "website", "contact", "introduction"]
    changed = replace_key(text, "website", {"url": "https://gent.be/"}, order)
    assert (
        changed
        == "# kop\nname: Gent\nwebsite:\n  url: https://gent.be/\nintroduction: null # tekst\n"
    )
    added = replace_key(changed, "contact", {"role": "Dienst"}, order)
    assert added.splitlines()[4:6] == ["contact:", "  role: Dienst"]
    assert added.endswith("introduction: null # tekst\n")
    listed = replace_key(
        "a: 1\nreuse:\n- x: 1\n\nb: 2\n", "reuse", [{"x": 1}, {"x": 2}], ["a", "reuse", "b"]
    )
    assert listed == "a: 1\nreuse:\n- x: 1\n- x: 2\n\nb: 2\n"


def test_what_the_writer_would_refuse_is_said_for_the_form(scratch: Path) -> None:
    existing = "Telraam in Leuven: inwoners tellen het verkeer in hun straat"
    answers = {**GOOD["project.yml"], "title": existing, "municipalities": ""}
    result = from_issue_cli(scratch, "project.yml", answers)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "Titel: er staat al een project met deze titel op de showcase "
        "(/projecten/telraam-leuven/); kies een andere titel, of meld een aanvulling met het "
        "formulier voor correcties",
        "Gemeenten: een project heeft minstens één gemeente nodig (of een regio)",
    ]
    no_letters = from_issue_cli(scratch, "project.yml", {**GOOD["project.yml"], "title": "!!!"})
    assert no_letters.stdout.splitlines() == ["Titel: schrijf een titel met letters of cijfers"]
