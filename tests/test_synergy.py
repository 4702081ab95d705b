"""Synergies: related projects, "In de buurt" and the theme × province matrix ("Opschalen", the
scale-up radar, is tested in test_radar.py).

On the real catalogue (properties that must hold for any content), on a small laboratory
catalogue (the real municipalities and themes with a handful of scratch projects, so that exact
results can be asserted) and on 2,000 synthetic projects (the work stays bounded per project).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools
import os
import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from showcase import Catalogue, parallel
from showcase.derive import related as synergy
from showcase.derive.neighbours import Neighbours, load_neighbours, neighbours_path
from showcase.derive.partners import index_partners, partner_name
from showcase.derive.related import words_of
from showcase.derive.synergy import Synergies, SynergySettings, compute_synergies
from showcase.kinds import KINDS, PROJECT
from showcase.link.catalogue import Place, ProjectEntry, ThemeEntry
from showcase.link.linker import build_catalogue
from showcase.load.dataset import Dataset, Layout, load_dataset, load_entry_file
from showcase.parallel import fork_call, wait_all
from showcase.schema.models import Partner, Project

from .conftest import ROOT

# -- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    data, problems = load_dataset(Layout.at(ROOT))
    assert problems == []
    return data


@pytest.fixture(scope="module")
def catalogue(dataset: Dataset) -> Catalogue:
    """The real catalogue, linked as ``check_showcase`` links it (the loaded files are shared
    with the laboratory below, so the 327 municipality files are read once)."""
    catalogue, problems = build_catalogue(dataset)
    assert problems == []
    return catalogue


@pytest.fixture(scope="module")
def neighbours(catalogue: Catalogue) -> Neighbours:
    found, problems = load_neighbours(neighbours_path(ROOT / "data"), catalogue, root=ROOT)
    assert problems == []
    return found


@pytest.fixture(scope="module")
def synergies(catalogue: Catalogue, neighbours: Neighbours) -> Synergies:
    return compute_synergies(catalogue, neighbours)


def project_file(
    title: str,
    municipalities: list[str],
    themes: list[str],
    body: str,
    *,
    regions: list[str] | None = None,
    partners: list[str] | None = None,
    inspired_by: list[str] | None = None,
) -> str:
    lines = [
        "---",
        f'title: "{title}"',
        f'summary: "{title}."',
        "kind: project",
        f"municipalities: [{', '.join(municipalities)}]",
        f"regions: [{', '.join(regions or [])}]",
        f"themes: [{', '.join(themes)}]",
        "status: lopend",
        "partners:",
        *[f'  - {{name: "{name}", type: kennisinstelling}}' for name in partners or []],
        f"inspired_by: [{', '.join(inspired_by or [])}]",
        "sources:",
        "  - {title: Bron, url: 'https://example.org/', accessed: 2026-11-26}",
        "last_reviewed: 2026-11-26",
        "---",
        body,
        "",
    ]
    if not partners:
        lines.remove("partners:")
    return "\n".join(lines)


LAB_PROJECTS = {
    "kikkerkoor-gent": project_file(
        "Kikkerkoor",
        ["gent"],
        ["geluid"],
        "Akoestische sensoren luisteren naar het kikkerkoor aan de vijvers en amfibieën.",
        partners=["imec"],
    ),
    "kikkerkoor-leuven": project_file(
        "Kikkerkoor",
        ["leuven"],
        ["geluid"],
        "Akoestische sensoren aan de vijvers tellen de amfibieën van het kikkerkoor.",
    ),
    "kikkerkoor-gent-vervolg": project_file(
        "Vervolgtraject", ["gent"], ["geluid"], "Een tweede fase met extra meetpunten."
    ),
    "kikkerkoor-melle": project_file(
        "Kwakende buren",
        ["melle"],
        ["geluid"],
        "Een werkgroep volgt het voorbeeld van de buurstad.",
        inspired_by=["kikkerkoor-gent"],
    ),
    "geluidskaart-brugge": project_file(
        "Geluidskaart", ["brugge"], ["geluid"], "Verkeerslawaai langs de invalswegen."
    ),
    "luchtmeting-brugge": project_file(
        "Luchtmeting",
        ["brugge"],
        ["luchtkwaliteit"],
        "Fijnstof meten op de markt.",
        partners=["imec (City of Things)"],
    ),
    "waterpeil-destelbergen": project_file(
        "Waterpeil", ["destelbergen"], ["water"], "Peilmeters in de Schelde."
    ),
    "afvalbak-hasselt": project_file(
        "Afvalbakken", ["hasselt"], ["afval"], "Vulgraad van de afvalbakken."
    ),
    "zonnepaneel-genk": project_file(
        "Zonnepanelen", ["genk"], ["afval", "energie-en-klimaat"], "Zonnepanelen op containers."
    ),
    "limburgse-scholen": project_file(
        "Scholen meten", [], ["onderwijs"], "Alle scholen meten mee.", regions=["limburg"]
    ),
}


def lab_dataset(dataset: Dataset, projects: list[Any]) -> Dataset:
    """The real records with only ``projects`` as content (no entry naming a real project)."""
    lab = dataset.with_entries(PROJECT, projects)
    for kind in KINDS:
        if kind is not PROJECT and kind.reference("project") is not None:
            lab = lab.with_entries(kind, [])
    return lab


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory, dataset: Dataset) -> tuple[Catalogue, Synergies]:
    """The real municipalities, themes and regions with only the scratch projects above."""
    return lab_of(tmp_path_factory.mktemp("lab"), dataset, LAB_PROJECTS)


def lab_of(root: Path, dataset: Dataset, texts: dict[str, str]) -> tuple[Catalogue, Synergies]:
    """The real municipalities, themes and regions with only the projects ``texts`` (slug →
    file text), written under ``root``."""
    folder = root / "content" / "projecten"
    folder.mkdir(parents=True)
    projects = []
    for slug, text in texts.items():
        path = folder / f"{slug}.md"
        path.write_text(text, encoding="utf-8")
        loaded, problems = load_entry_file(path, Project, root)
        assert problems == [] and loaded is not None
        projects.append(loaded)
    catalogue, problems = build_catalogue(lab_dataset(dataset, projects))
    assert problems == []
    neighbours, problems = load_neighbours(neighbours_path(ROOT / "data"), catalogue)
    assert problems == []
    return catalogue, compute_synergies(catalogue, neighbours)


def names(places: Iterator[Place] | tuple[Place, ...] | list[Place]) -> list[str]:
    return [p.name for p in places]


def slugs(projects: tuple[ProjectEntry, ...] | list[ProjectEntry]) -> list[str]:
    return [p.slug for p in projects]


def footprint(project: ProjectEntry) -> set[str]:
    codes = {p.final.nis_code for p in project.places}
    return codes | {m.final.nis_code for r in project.regions for m in r.members}


def flat_themes(catalogue: Catalogue) -> list[ThemeEntry]:
    return [t for domain in catalogue.themes for t in (domain, *domain.children)]


# -- neighbours -------------------------------------------------------------------------------


def test_neighbours_come_from_the_csv(catalogue: Catalogue, neighbours: Neighbours) -> None:
    gent = {n.place.nis_code: n.shared_border_m for n in neighbours.of("44021")}
    assert gent["44088"] == 13014  # Merelbeke-Melle, a 2025 municipality
    assert "44040" not in gent  # Melle merged into it
    assert names(n.place for n in neighbours.of(catalogue.by_slug["gent"])) == [
        "Deinze",
        "Destelbergen",
        "Evergem",
        "Lievegem",
        "Lochristi",
        "Merelbeke-Melle",
        "Nazareth-De Pinte",
        "Sint-Martens-Latem",
        "Zelzate",
    ]
    assert neighbours.pair_count == 754
    assert neighbours.of("73109") == ()  # Voeren has no Flemish neighbour
    assert len(neighbours.by_code) == 284
    for code, found in neighbours.by_code.items():
        assert catalogue.places[code].is_current
        for neighbour in found:
            assert neighbour.place.is_current and neighbour.shared_border_m > 10
            back = {n.place.nis_code: n.shared_border_m for n in neighbours.of(neighbour.place)}
            assert back[code] == neighbour.shared_border_m


def test_neighbour_problems_are_reported_not_raised(tmp_path: Path, catalogue: Catalogue) -> None:
    path = tmp_path / "data" / "neighbours.csv"
    path.parent.mkdir()
    path.write_text(
        "nis_code,neighbour_nis,shared_border_m\n"
        "44021,44088,13014\n"
        "44088,44021,13014\n"
        "44021,4402,100\n"
        "44021,44999,100\n"
        "44040,44021,500\n"
        "44021,44021,500\n"
        "44021,44013,abc\n"
        "44021,44013,5\n"
        "44021,44013\n"
        "\n"
        "44021,44013,9858\n"
        "44021,44088,13014\n"
        "44013,44088,5516\n"
        "44088,44013,5000\n",
        encoding="utf-8",
    )
    found, problems = load_neighbours(path, catalogue, root=tmp_path)
    assert [p.format_text() for p in problems] == [
        "data/neighbours.csv:4:7: neighbour_nis: '4402' is geen NIS-code: schrijf 5 cijfers, bv. '44021'",
        "data/neighbours.csv:5:7: neighbour_nis: onbekende NIS-code '44999' (bedoelde je '44019'?)",
        "data/neighbours.csv:6:1: nis_code: '44040' (Melle) is geen gemeente van de kaart van 2025: ze is nu deel van Merelbeke-Melle ('44088')",
        "data/neighbours.csv:7:7: neighbour_nis: een gemeente is niet haar eigen buur",
        "data/neighbours.csv:8:13: shared_border_m: 'abc' is geen lengte: schrijf hele meters, bv. '2940'",
        "data/neighbours.csv:9:13: shared_border_m: 5 m gemeenschappelijke grens maakt geen buren: de regel is meer dan 10 m",
        "data/neighbours.csv:10:1: verwacht 3 waarden (nis_code,neighbour_nis,shared_border_m), gevonden 2",
        "data/neighbours.csv:13:1: het paar 44021,44088 staat er twee keer (eerst op regel 2)",
        "data/neighbours.csv:12:1: de omgekeerde rij '44013,44021,9858' ontbreekt: elk paar staat er van beide kanten in",
        "data/neighbours.csv:14:1: shared_border_m: 5516 m hier maar 5000 m op regel 15 voor de omgekeerde rij",
    ]
    # Good rows are kept, and a pair listed from one side only still works both ways.
    assert names(n.place for n in found.of("44021")) == ["Destelbergen", "Merelbeke-Melle"]
    assert names(n.place for n in found.of("44013")) == ["Gent", "Merelbeke-Melle"]


def test_neighbours_file_missing_or_wrong_header(tmp_path: Path, catalogue: Catalogue) -> None:
    found, problems = load_neighbours(tmp_path / "neighbours.csv", catalogue, root=tmp_path)
    assert found.by_code == {}
    assert [p.format_text() for p in problems] == ["neighbours.csv:1:1: bestand ontbreekt"]
    path = tmp_path / "neighbours.csv"
    path.write_text("territory,nis_code,neighbour_nis,shared_border_m\n", encoding="utf-8")
    _, problems = load_neighbours(path, catalogue, root=tmp_path)
    assert [p.format_text() for p in problems] == [
        "neighbours.csv:1:1: de kopregel moet 'nis_code,neighbour_nis,shared_border_m' zijn, niet 'territory,nis_code,neighbour_nis,shared_border_m'"
    ]


# -- related projects on the real catalogue ---------------------------------------------------


def test_every_project_has_a_ranked_list(catalogue: Catalogue, synergies: Synergies) -> None:
    assert set(synergies.related) == {p.slug for p in catalogue.projects}
    settings = SynergySettings()
    assert sum(1 for found in synergies.related.values() if found) >= len(catalogue.projects) - 2
    for slug, found in synergies.related.items():
        assert len(found) <= settings.related_count
        order = [(-r.score, r.project.slug) for r in found]
        assert order == sorted(order), slug
        assert all(r.score >= settings.min_score for r in found)


def test_never_related_to_itself_nor_to_projects_at_home(
    catalogue: Catalogue, synergies: Synergies
) -> None:
    by_slug = {p.slug: p for p in catalogue.projects}
    for slug, found in synergies.related.items():
        here = footprint(by_slug[slug])
        for related in found:
            assert related.project.slug != slug
            # Elsewhere: the related project reaches a municipality this one does not.
            assert not footprint(related.project) <= here, (slug, related.project.slug)


def test_explanations_name_what_is_shared(catalogue: Catalogue, synergies: Synergies) -> None:
    by_slug = {p.slug: p for p in catalogue.projects}
    partners = index_partners(catalogue.projects)

    def partners_of(project: ProjectEntry) -> set[str]:
        return {
            partners.by_mention[(project.slug, i)].name for i in range(len(project.record.partners))
        }

    kinds = ("zelfde thema", "zelfde partner", "zelfde gemeente", "zelfde regio", "zelfde domein")
    kinds += ("gelijkaardige woorden",)
    for slug, found in synergies.related.items():
        project = by_slug[slug]
        for related in found:
            assert related.reasons, (slug, related.project.slug)
            for theme in related.themes:
                assert theme in project.themes and theme in related.project.themes
                assert theme.label in related.reasons[0]
            if related.themes:
                assert related.reasons[0].startswith("zelfde thema: ")
            for domain in related.domains:
                assert any(
                    domain.label in r for r in related.reasons if r.startswith("zelfde domein")
                )
            assert set(related.partners) <= partners_of(project) & partners_of(related.project)
            for place in related.places:
                assert place in {p.final for p in project.places}
                assert place in {p.final for p in related.project.places}
            assert set(related.regions) <= set(project.regions) & set(related.project.regions)
            # What a reader recognises at once comes first, the shared words last.
            order = [kinds.index(reason.split(":")[0]) for reason in related.reasons]
            assert order == sorted(order), related.reasons
    kortrijk = synergies.related["kortrijk-meet-luchtkwaliteit"]
    luchtkwaliteit = catalogue.theme_by_slug["luchtkwaliteit"]
    assert kortrijk and all(luchtkwaliteit in r.themes for r in kortrijk)
    assert all("Luchtkwaliteit" in r.reasons[0] for r in kortrijk)


def test_deterministic_whatever_the_input_order(
    catalogue: Catalogue, neighbours: Neighbours, synergies: Synergies
) -> None:
    shuffled = list(catalogue.projects)
    random.Random(7).shuffle(shuffled)
    again = compute_synergies(catalogue.with_entries(PROJECT.name, shuffled), neighbours)
    assert again == synergies


def test_the_index_finds_what_comparing_all_pairs_finds(
    catalogue: Catalogue, neighbours: Neighbours, synergies: Synergies
) -> None:
    """Unbounded, the same code meets every pair that shares anything; the cut lists,
    the few query words and the short list of the defaults lose nothing on the real data."""
    unbounded = SynergySettings(
        query_terms=10**6, champions=10**6, max_candidates=10**6, rescore=10**6
    )
    exhaustive = compute_synergies(catalogue, neighbours, unbounded)
    assert exhaustive.work.max_candidates > synergies.work.max_candidates
    assert exhaustive.work.pairs_scored > synergies.work.pairs_scored

    def ranking(found: Synergies) -> dict[str, list[tuple[str, float]]]:
        return {s: [(r.project.slug, r.score) for r in rs] for s, rs in found.related.items()}

    assert ranking(synergies) == ranking(exhaustive)


def test_words_leave_out_stopwords_and_keep_compounds() -> None:
    assert words_of("De sensoren meten het fijnstof in de zonne-energie-wijk van de stad") == [
        "sensoren",
        "meten",
        "fijnstof",
        "zonne-energie-wijk",
    ]
    assert partner_name("imec (City of Things)") == "imec"


def test_words_leave_out_filler_and_short_words() -> None:
    """The site once gave "gelijkaardige woorden: nacht, feller, stuk"; filler words and words
    shorter than four letters (app, lab, led) say nothing about a project."""
    text = "Het licht brandt 's nachts feller in dit stuk van de wijk, met een app en een lab."
    assert words_of(text) == ["licht", "brandt", "nachts", "wijk"]
    assert words_of("e-loket app via QR-code") == ["e-loket", "qr-code"]


NOISE_PROJECTS = {
    "nachtlicht-antwerpen": project_file(
        "Nachtlicht op het plein",
        ["antwerpen"],
        ["openbare-verlichting"],
        "Het licht brandt 's nachts feller. Dit stuk van de stad kreeg een app van het lab.",
        partners=["IMEC"],
    ),
    "nachtlicht-antwerpen-leuven": project_file(
        "Nachtlicht in twee steden",
        ["antwerpen", "leuven"],
        ["openbare-verlichting"],
        "De lampen branden 's nachts feller, stuk voor stuk, met een app van het lab.",
        partners=["imec vzw"],
    ),
}


def test_reasons_a_reader_understands_first(tmp_path: Path, dataset: Dataset) -> None:
    """Shared theme, partner (however written), municipality; never filler or short words."""
    _, synergies = lab_of(tmp_path, dataset, NOISE_PROJECTS)
    (found,) = synergies.related["nachtlicht-antwerpen"]
    assert found.project.slug == "nachtlicht-antwerpen-leuven"
    assert found.reasons == (
        "zelfde thema: Openbare verlichting",
        "zelfde partner: IMEC",
        "zelfde gemeente: Antwerpen",
        "gelijkaardige woorden: nachtlicht, nachts",
    )


def test_word_counts_find_what_words_of_finds() -> None:
    """The related projects count words with a faster pattern (runs of letters, the letters
    spelled out); it must find exactly the words, in the order, of the reference pattern."""
    rng = random.Random(11)
    alphabet = [*"abcdefghijklmnopqrstuvwxyz", *"éëïöüàçñßø", *"ǅİΣσςжא中", *"²½٣0159_"]
    alphabet += [*"--- ", " ", " ", "\n", ".", ",", "'", "(", "\u0301"]
    texts = ["".join(rng.choices(alphabet, k=rng.randint(0, 80))).casefold() for _ in range(3000)]
    texts += ["e-mail, -- a-b ab- -abc abc--def x-y-z zonne-energie-wijk ab de één café"]
    runs = synergy._run_pattern(texts)
    for text in texts:
        expected = Counter(words_of(text))
        for word in synergy.DUTCH_STOPWORDS & set(expected):
            del expected[word]
        found = synergy._term_counts(text, runs, synergy.DUTCH_STOPWORDS, {})
        assert list(found.items()) == list(expected.items()), text


def test_the_same_in_worker_processes(
    catalogue: Catalogue, neighbours: Neighbours, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Split over forked processes, the work gives the same synergies and counts the same."""
    if not hasattr(os, "fork"):
        pytest.skip("no fork on this platform")
    projects = synthetic_projects(catalogue, 300)
    big = catalogue.with_entries(PROJECT.name, [*catalogue.projects, *projects])
    alone = compute_synergies(big, neighbours, workers=1)
    monkeypatch.setattr(
        parallel, "THRESHOLDS", dataclasses.replace(parallel.THRESHOLDS, related_projects=0)
    )
    for workers in (2, 3):
        split = compute_synergies(big, neighbours, workers=workers)
        assert split == alone
        assert split.work == alone.work


def test_a_failing_worker_is_reported_after_all_are_waited_for() -> None:
    if not hasattr(os, "fork"):
        pytest.skip("no fork on this platform")

    def fail() -> int:
        raise ValueError("on purpose")

    pending = [fork_call(lambda: 1), fork_call(fail), fork_call(lambda: 3)]
    with pytest.raises(RuntimeError, match="worker process failed"):
        wait_all(pending)
    assert [fork_call(functools.partial(pow, n, 2))() for n in range(3)] == [0, 1, 4]


# -- the laboratory: exact results ------------------------------------------------------------


def test_lab_ranking_and_reasons(lab: tuple[Catalogue, Synergies]) -> None:
    _, synergies = lab
    found = synergies.related["kikkerkoor-gent"]
    assert [(r.project.slug, r.reasons) for r in found] == [
        (
            "kikkerkoor-leuven",
            (
                "zelfde thema: Geluid",
                "gelijkaardige woorden: kikkerkoor, akoestische, amfibieën",
            ),
        ),
        ("luchtmeting-brugge", ("zelfde partner: imec", "zelfde domein: Omgeving")),
        ("geluidskaart-brugge", ("zelfde thema: Geluid",)),  # ties with the next: by slug
        ("kikkerkoor-melle", ("zelfde thema: Geluid",)),
    ]
    assert found[2].score == found[3].score
    # The follow-up in Gent itself is at home, as is Gent's project for it.
    assert "kikkerkoor-gent-vervolg" not in slugs([r.project for r in found])
    assert "kikkerkoor-gent" not in slugs(
        [r.project for r in synergies.related["kikkerkoor-gent-vervolg"]]
    )
    # A shared domain alone is not enough.
    assert "waterpeil-destelbergen" not in slugs([r.project for r in found])


def test_lab_nearby(lab: tuple[Catalogue, Synergies]) -> None:
    catalogue, synergies = lab
    gent = synergies.nearby["44021"]
    assert gent.place is catalogue.by_slug["gent"]
    # Merelbeke-Melle's own work includes what its predecessor Melle did.
    assert [
        (n.project.slug, names(n.neighbours), [t.label for t in n.themes]) for n in gent.shared
    ] == [("kikkerkoor-melle", ["Merelbeke-Melle"], ["Geluid"])]
    assert gent.shared_count == 1
    assert [(t.theme.label, names(t.neighbours), slugs(t.projects)) for t in gent.new_themes] == [
        ("Water", ["Destelbergen"], ["waterpeil-destelbergen"])
    ]
    # A region-wide project (Limburg) is nobody's own work next door.
    hasselt = synergies.nearby["71072"]
    assert [(n.project.slug, names(n.neighbours)) for n in hasselt.shared] == [
        ("zonnepaneel-genk", ["Genk"])
    ]
    assert [t.theme.label for t in hasselt.new_themes] == ["Energie en klimaat"]
    assert set(synergies.nearby) == {p.nis_code for p in catalogue.current}
    assert synergies.nearby["73109"].neighbours == ()


def test_lab_radar(lab: tuple[Catalogue, Synergies]) -> None:
    """The scale-up radar on the laboratory: who could join or take over, and why."""
    _, synergies = lab
    radar = synergies.radar

    def candidates(slug: str) -> list[tuple[str, str, int, tuple[str, ...]]]:
        entry = radar.by_project[slug]
        return [(c.kind, c.place.name, c.score, c.reason_texts) for c in entry.candidates]

    # Gent's project: Merelbeke-Melle follows it (kikkerkoor-melle is inspired by it), so it is
    # no candidate though it borders Gent. Destelbergen already works on Omgeving (water).
    assert candidates("kikkerkoor-gent")[:2] == [
        ("overnemen", "Destelbergen", 4, ("buur van Gent", "werkt al rond Omgeving")),
        ("overnemen", "Evergem", 3, ("buur van Gent", "nog geen project rond Geluid")),
    ]
    assert "Merelbeke-Melle" not in [name for _, name, _, _ in candidates("kikkerkoor-gent")]
    # A running project in a Limburg municipality: the other members can join it.
    assert candidates("afvalbak-hasselt")[0] == (
        "aansluiten",
        "Genk",
        6,
        ("lid van Limburg", "buur van Hasselt", "werkt al rond Afval"),
    )
    assert {c.kind for c in radar.by_project["afvalbak-hasselt"].candidates} == {"aansluiten"}
    # A Limburg-wide project: every member takes part, so nobody joins; its neighbours
    # elsewhere can take it over.
    scholen = radar.by_project["limburgse-scholen"]
    assert scholen.join == () and len(scholen.take_over) == SynergySettings().radar_take_over
    assert all(c.place.record.province != "Limburg" for c in scholen.take_over)
    assert scholen.take_over[0].reason_texts[0].startswith("buur van ")
    # Equal scores: the longer border first.
    assert [c.place.name for c in radar.by_project["kikkerkoor-leuven"].take_over[:2]] == [
        "Oud-Heverlee",
        "Herent",
    ]


def test_lab_matrix(lab: tuple[Catalogue, Synergies]) -> None:
    _, synergies = lab
    matrix = synergies.matrix
    assert [p.name for p in matrix.provinces] == [
        "Antwerpen",
        "Limburg",
        "Oost-Vlaanderen",
        "Vlaams-Brabant",
        "West-Vlaanderen",
    ]
    rows = {row.theme.slug: row for row in matrix.rows}
    assert rows["geluid"].counts == (0, 0, 3, 1, 1)
    assert rows["omgeving"].counts == (0, 2, 4, 1, 2)
    assert rows["onderwijs"].counts == (0, 1, 0, 0, 0)
    assert rows["omgeving"].distinct == 9 and rows["omgeving"].total == 9
    assert matrix.column_distinct == (0, 3, 4, 1, 2)


# -- "In de buurt" and the matrix on the real catalogue --------------------------------------


def test_nearby_shows_the_neighbours_own_work(
    catalogue: Catalogue, neighbours: Neighbours, synergies: Synergies
) -> None:
    def own(place: Place) -> list[ProjectEntry]:
        return [m.project for m in place.projects if m.through != "region"]

    def touched(place: Place) -> set[str]:
        found = {t.slug for p in own(place) for t in p.themes}
        return found | {t.parent.slug for p in own(place) for t in p.themes if t.parent}

    assert list(synergies.nearby) == [p.nis_code for p in catalogue.current]
    for code, nearby in synergies.nearby.items():
        place = catalogue.places[code]
        assert nearby.neighbours == neighbours.of(code)
        around = {n.place.nis_code: n.place for n in nearby.neighbours}
        for item in nearby.shared:
            assert item.project not in own(place)
            assert item.themes and all(t.slug in touched(place) for t in item.themes)
            for neighbour in item.neighbours:
                assert neighbour.nis_code in around and item.project in own(neighbour)
        for new in nearby.new_themes:
            assert new.theme.slug not in touched(place)
            for project in new.projects:
                assert new.theme in project.themes
                assert any(project in own(n) for n in new.neighbours)
    antwerpen = synergies.nearby["11002"]
    assert "Schoten" in names(n.place for n in antwerpen.neighbours)


def test_matrix_totals(catalogue: Catalogue, synergies: Synergies) -> None:
    matrix = synergies.matrix
    assert [row.theme for row in matrix.rows] == flat_themes(catalogue)
    assert matrix.provinces == tuple(catalogue.provinces)
    for row in matrix.rows:
        assert row.total == sum(row.counts)
        assert row.distinct == len(row.theme.projects)  # the catalogue's own list
        assert all(0 <= c <= row.distinct for c in row.counts)
    domain_rows = [row for row in matrix.rows if row.is_domain]
    assert len(domain_rows) == len(catalogue.themes)
    for index, province in enumerate(matrix.provinces):
        assert matrix.column_totals[index] == sum(row.counts[index] for row in domain_rows)
        assert matrix.column_distinct[index] == len(province.projects)
    assert matrix.total == sum(row.total for row in domain_rows) == sum(matrix.column_totals)


def test_matrix_groups_sub_themes_under_their_domain(
    catalogue: Catalogue, synergies: Synergies
) -> None:
    matrix = synergies.matrix
    groups = matrix.groups
    assert [domain.theme for domain, _ in groups] == list(catalogue.themes)
    for domain, subthemes in groups:
        assert domain.is_domain
        assert [row.theme for row in subthemes] == list(domain.theme.children)
    assert [row for domain, subs in groups for row in (domain, *subs)] == list(matrix.rows)


def test_a_provinces_theme_summary_is_its_matrix_column(
    catalogue: Catalogue, synergies: Synergies
) -> None:
    matrix = synergies.matrix
    for index, province in enumerate(matrix.provinces):
        summary = matrix.summary_of(province.slug)
        expected = [(row.theme, row.counts[index], row.is_domain) for row in matrix.rows]
        assert [(s.theme, s.count, s.is_domain) for s in summary] == [
            line for line in expected if line[1] > 0
        ]
        # A domain's projects there are at least those of any of its sub-themes.
        for line in summary:
            if line.theme.parent is not None:
                parent = next(s for s in summary if s.theme is line.theme.parent)
                assert parent.count >= line.count
    assert matrix.summary_of("atlantis") == ()


# -- scale: 2,000 synthetic projects ----------------------------------------------------------


def synthetic_projects(catalogue: Catalogue, count: int, seed: int = 2025) -> list[ProjectEntry]:
    """Projects with random municipalities, themes, partners and Zipf-distributed words.

    Real entries and records, built without validation (``model_construct``) to stay fast.
    """
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "ze", "bi", "do", "fe", "gu"]
    vocabulary = sorted({"".join(rng.choices(syllables, k=3)) for _ in range(900)})
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(vocabulary))))
    partners = [
        Partner.model_construct(name=f"Partner {a}{b}", type="bedrijf")
        for a in "ABCDEFGHIJKL"
        for b in "abcdefghijkl"
    ]
    themes = list(catalogue.theme_by_slug.values())
    places = catalogue.current

    def text(length: int) -> str:
        return " ".join(rng.choices(vocabulary, cum_weights=cumulative, k=length))

    projects = []
    for number in range(count):
        chosen = rng.sample(themes, rng.randint(1, 3))
        record = Project.model_construct(
            title=text(4),
            summary=text(12),
            kind="project",
            themes=[t.slug for t in chosen],
            status="lopend",
            partners=rng.sample(partners, rng.randint(0, 3)),
            last_reviewed=dt.date(2026, 11, 26),
            # Every list given: pydantic's default factories are slow to call one by one.
            municipalities=[],
            regions=[],
            funding=[],
            results=[],
            links=[],
            inspired_by=[],
            replicates=[],
            sources=[],
        )
        projects.append(
            ProjectEntry(
                record=record,
                slug=f"synthetisch-{number:04d}",
                source="synthetic",
                body=text(40),
                places=rng.sample(places, rng.randint(1, 3)),
                themes=chosen,
            )
        )
    return projects


def test_work_per_project_is_bounded(catalogue: Catalogue, neighbours: Neighbours) -> None:
    """Each project reads at most `champions` posting entries per feature (its themes, its
    partners and its `query_terms` heaviest words), admits at most `max_candidates` and scores
    `rescore` in full, however many projects there are. Small settings keep the test fast; the
    bound holds for any."""
    settings = SynergySettings(champions=8, query_terms=4, max_candidates=40, rescore=5)
    visits_per_project = []
    for count in (500, 2000):
        projects = synthetic_projects(catalogue, count)
        big = catalogue.with_entries(PROJECT.name, projects)
        synergies = compute_synergies(big, neighbours, settings)
        work = synergies.work
        assert work.projects == count
        features = sum(
            len(p.themes) + len(p.record.partners) + settings.query_terms for p in projects
        )
        assert work.postings_visited <= features * settings.champions
        assert work.max_candidates <= settings.max_candidates
        assert work.pairs_scored <= count * settings.rescore
        visits_per_project.append(work.postings_visited / count)
        related = synergies.related
        assert len(related) == count
        assert sum(1 for found in related.values() if found) > count * 0.9
        assert not any(r.project.slug == slug for slug, found in related.items() for r in found)
    # Four times the projects, about the same work per project (all pairs would be 4 times).
    small, large = visits_per_project
    assert large < 1.5 * small
