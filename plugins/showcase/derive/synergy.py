"""Synergies: which projects, municipalities and themes could learn from each other.

Pure domain code: it reads a linked :class:`~showcase.catalogue.Catalogue` and the neighbour
table ``data/neighbours.csv`` and returns frozen dataclasses; it knows nothing of Pelican or
templates. :func:`load_neighbours` reads the table (reporting problems, never raising) and
:func:`compute_synergies` computes, in one call:

* ``related``: per project, up to five projects *elsewhere* that resemble it, each with the
  reasons in Dutch ("zelfde thema: Luchtkwaliteit", "gelijkaardige woorden: sensoren, fijnstof");
* ``nearby`` ("In de buurt"): per current municipality, what its neighbours do on the themes it
  works on too, and the themes its neighbours work on that it has not touched yet;
* ``scaling`` ("Opschalen"): per theme, approaches in use in several municipalities (one shared
  project, or a lineage of projects through ``inspired_by``/``replicates``) and the neighbouring
  municipalities that could join them;
* ``matrix``: the number of projects per theme × province, with totals.

Decisions
---------
* Where a project runs (its *footprint*) is the set of current municipalities it names, a merged
  one counting as its successor, plus the members of its regions.
* A related project is *elsewhere* unless its footprint lies within this project's footprint:
  from a Gent + Leuven project, a Leuven-only project is at home; from the Leuven project, the
  joint one reaches Gent and is elsewhere. A project is never related to itself.
* A municipality's *own work* ("In de buurt") is what names it or one of its predecessors
  (``ProjectMention.through`` ``direct`` or ``predecessor``), not its regions' projects: a
  Limburg-wide project is no neighbour's own initiative, and would make every Limburg
  municipality look alike. A theme is *touched* when an own project names it or one of its
  sub-themes; projects the municipality shares with a neighbour are not shown as the neighbour's.
* For "Opschalen" the footprint counts regions too: a region-wide project is in use there, so
  its members are doers, not candidates. An approach is a lineage (projects linked through
  ``inspired_by``/``replicates``, either way) or a single project in two or more municipalities.
  Candidates are current neighbours of the doers without any project on the theme, ranked by how
  many doers they border, then by the length of that border, then by name.
* The matrix counts distinct projects per cell; row totals are row sums (a project in two
  provinces counts in both), column totals sum the domain rows only (sub-themes are a breakdown).

Complexity (N projects, F features of one project: its themes, its partners and its
``query_terms`` heaviest words; L = ``champions``; C = ``rescore``)
---------------------------------------------------------------------------------------------
Related projects never compare all pairs. One pass builds inverted indexes (theme → projects,
partner → projects, word → projects with TF-IDF weights), in O(words + postings · log postings).
Words and partners found in more than 20 % of the projects are dropped, and every posting list
is cut to its L "champions": the projects for which that theme, partner or word weighs most
(champion lists, Manning, Raghavan and Schütze, *Introduction to Information Retrieval* §7.1.3).
A project then only meets the projects on the champion lists of its own F features, at most
``max_candidates`` of them, and only the C best of those are scored in full. The work per project
is thus bounded by constants (F · L posting visits, C full scorings) and the whole stays
O(N log N). :class:`Work` counts it; a test holds 2,000 synthetic projects to that bound and
checks that four times the projects cost about the same work per project. With unbounded
settings the same code compares every pair that shares anything; a test checks that the default
settings rank the real catalogue exactly as that exhaustive search does. From
:data:`PARALLEL_FROM` projects on, counting the words and ranking are split over forked processes
(they share the index copy-on-write and send back plain data); the result is the same whatever
their number.

"In de buurt" costs O(M · k · p · t) for M current municipalities with k neighbours doing p
projects on t themes; "Opschalen" O(N · t · footprint · k); the matrix O(N · t · provinces).

Everything is deterministic: every list is sorted with a total order (ties end on a slug or a NIS
code; partial sums run in a fixed order and full scores are rounded to four decimals before
ranking). Nothing is kept at module level but constants.
"""

from __future__ import annotations

import csv
import functools
import gc
import logging
import math
import os
import pickle
import re
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar, cast

from showcase.link.catalogue import Catalogue, Place, ProjectEntry, ProvinceEntry, ThemeEntry
from showcase.load.validation import did_you_mean
from showcase.problems import Problem, display_path

logger = logging.getLogger(__name__)

NEIGHBOURS_FILE = "neighbours.csv"
"""The neighbour table, in the data folder."""
NEIGHBOURS_HEADER = ("nis_code", "neighbour_nis", "shared_border_m")
MIN_SHARED_BORDER_M = 10
"""Two municipalities are neighbours when they share more than this many metres of border."""
PARALLEL_FROM = 4000
"""From this many projects on, the related projects are found in several processes (forking
one costs some 0.05 s: below this, it would not pay)."""

_NIS_RE = re.compile(r"^[0-9]{5}$")
_WORD_RE = re.compile(r"[^\W\d_]{3,}(?:-[^\W\d_]+)*|[^\W\d_]+(?:-[^\W\d_]+)+")
"""A word: three letters or more, or letters joined by hyphens."""
_LETTER_RE = re.compile(r"[^\W\d_]")
_PARENTHESES_RE = re.compile(r"\([^)]*\)")

DUTCH_STOPWORDS = frozenset(
    """
    aan aangezien achter af al alle allemaal alles als alsof altijd ander andere anders bij
    beide ben bent bepaalde bijna bijvoorbeeld binnen boven buiten daar daarbij daardoor
    daarin daarmee daarna daarnaast daarom daarop daarvan daarvoor dan dat de deed deze die
    dit doch doen doet door dus echter een eens eerder eerst eerste eigen elk elke en enige
    enkel enkele enz er erg ergens even geen geweest gaat gaan ge gedaan geworden had hadden
    heb hebben heeft hem hen het hier hierbij hiervoor hiermee hij hoe hoewel hun iedere
    iemand iets ik in indien is ja je jij jullie kan kon konden kunnen later liet maakt maar
    me meer meest men met mij mijn minder moest moesten moet moeten mogen na naar naast net
    niet niets nog nooit nu of om omdat omtrent ondanks onder ons onze ook op opdat over
    pas per reeds rond samen sinds slechts sommige soms steeds te tegen telkens ten ter
    terwijl toch toe toen tot tussen twee drie uit uw vaak van vanaf vanuit veel verder via
    vier voor vooral vóór waar waarbij waardoor waarin waarmee waarom waarop waarvan wanneer
    want waren was wat we wel welk welke werd werden wie wij wil worden wordt zal ze zelf
    zeer zich zij zijn zo zoals zodat zolang zonder zou zouden zowel één
    the and for with from this that are was were has have its their into about than also
    januari februari maart april mei juni juli augustus september oktober november december
    vijf zes zeven acht negen tien elf twaalf dertien twintig honderd duizend miljoen
    alleen begon beter blijft blijkt blijven bovendien geeft geven ging gingen gebruikt
    gebruiken gebruikte goed goede groot grote klein kleine komen komt kreeg kregen krijgen
    kwam laat laten lang lange liep liepen maakte maakten maken nam nemen nieuw nieuwe
    plaatste plaatsten staan staat stond stonden werkt werken werkte werkten zag zien ziet
    zette zetten bouwt bouwde kozen koos diende dient wilde willen zegt zei vindt vond
    houden hield eind begin jaar jaren dag dagen week weken maand maanden keer manier
    ongeveer meerdere verschillende zodra tijd
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
"""Dutch function words (and a few English ones, for partner and programme names)."""


# -- settings and results ---------------------------------------------------------------------


@dataclass(frozen=True)
class SynergySettings:
    """The knobs of :func:`compute_synergies`; the defaults are the site's."""

    related_count: int = 5
    """Related projects kept per project."""
    theme_weight: float = 2.0
    """Per shared theme, times log(1 + N / projects on that theme): rare themes count more."""
    domain_weight: float = 1.0
    """Per shared domain that no shared theme already accounts for."""
    partner_weight: float = 1.5
    """Per shared partner, times log(1 + N / projects with that partner)."""
    text_weight: float = 4.0
    """Times the cosine similarity of the TF-IDF word vectors (0 to 1)."""
    min_text_similarity: float = 0.05
    """Below this cosine, the words do not count (and are not given as a reason)."""
    min_score: float = 1.5
    """A related project needs at least this score: a shared domain alone is not enough."""
    max_share: float = 0.2
    """Words and partners found in more than this share of the projects are ignored."""
    min_df_limit: int = 2
    """...but a word or partner shared by this many projects always counts (small catalogues)."""
    query_terms: int = 8
    """A project looks for candidates through its heaviest words only."""
    champions: int = 32
    """Each posting list is cut to this many entries (see the module notes)."""
    max_candidates: int = 200
    """At most this many distinct candidates per project."""
    rescore: int = 10
    """The best candidates by partial score that are scored in full."""
    shown_words: int = 3
    """Shared words given as a reason."""
    nearby_projects: int = 8
    """Neighbour projects shown per municipality ("In de buurt")."""
    approaches: int = 8
    """Approaches shown per theme ("Opschalen")."""
    approach_candidates: int = 5
    """Candidate municipalities per approach."""
    theme_candidates: int = 10
    """Candidate municipalities per theme."""


@dataclass(frozen=True)
class Neighbour:
    place: Place
    shared_border_m: int


@dataclass(frozen=True)
class Neighbours:
    """Current municipalities and their neighbours (2025 map), from ``data/neighbours.csv``."""

    by_code: Mapping[str, tuple[Neighbour, ...]]
    """NIS code → neighbours, A–Z. Symmetric; a municipality without neighbours is absent."""

    def of(self, place: Place | str) -> tuple[Neighbour, ...]:
        code = place if isinstance(place, str) else place.nis_code
        return self.by_code.get(code, ())

    @property
    def pair_count(self) -> int:
        return sum(len(found) for found in self.by_code.values()) // 2


@dataclass(frozen=True)
class Related:
    """A project elsewhere that resembles another one, and why."""

    project: ProjectEntry
    score: float
    themes: tuple[ThemeEntry, ...] = ()
    """Themes both projects name, in catalogue order."""
    domains: tuple[ThemeEntry, ...] = ()
    """Domains both projects work in, other than those of the shared themes."""
    partners: tuple[str, ...] = ()
    """Partners both projects name (without the parenthesised details), A–Z."""
    words: tuple[str, ...] = ()
    """The shared words that weigh most, heaviest first."""

    @property
    def reasons(self) -> tuple[str, ...]:
        """The explanation in Dutch, one line per kind of link."""
        found = []
        if self.themes:
            found.append("zelfde thema: " + ", ".join(t.label for t in self.themes))
        if self.domains:
            found.append("zelfde domein: " + ", ".join(t.label for t in self.domains))
        if self.partners:
            found.append("zelfde partner: " + ", ".join(self.partners))
        if self.words:
            found.append("gelijkaardige woorden: " + ", ".join(self.words))
        return tuple(found)


@dataclass(frozen=True)
class NeighbourProject:
    """A neighbour's project on themes the municipality works on too."""

    project: ProjectEntry
    neighbours: tuple[Place, ...]
    """The neighbours whose own project it is, A–Z."""
    themes: tuple[ThemeEntry, ...]
    """The project's themes the municipality works on too, in catalogue order."""


@dataclass(frozen=True)
class NewTheme:
    """A theme the neighbours work on and the municipality has not touched yet."""

    theme: ThemeEntry
    neighbours: tuple[Place, ...]
    projects: tuple[ProjectEntry, ...]


@dataclass(frozen=True)
class Nearby:
    """ "In de buurt" for one current municipality."""

    place: Place
    neighbours: tuple[Neighbour, ...]
    shared: tuple[NeighbourProject, ...]
    """Best first: most shared themes, then most neighbours, then slug; capped."""
    shared_count: int
    """All neighbour projects on shared themes, before the cap."""
    new_themes: tuple[NewTheme, ...]
    """Most neighbours first, then most projects, then catalogue order."""


@dataclass(frozen=True)
class Candidate:
    """A municipality that borders an approach and has no project on its theme yet."""

    place: Place
    neighbours: tuple[Place, ...]
    """The municipalities doing it that it borders, A–Z."""
    shared_border_m: int
    """Its border with them, in metres."""


@dataclass(frozen=True)
class Approach:
    """One way of working on a theme, found in several municipalities."""

    projects: tuple[ProjectEntry, ...]
    """One project, or a lineage (``inspired_by``/``replicates``) oldest first."""
    places: tuple[Place, ...]
    """The current municipalities where it runs, A–Z."""
    candidates: tuple[Candidate, ...]

    @property
    def lead(self) -> ProjectEntry:
        return self.projects[0]

    @property
    def is_lineage(self) -> bool:
        return len(self.projects) > 1


@dataclass(frozen=True)
class ThemeScaling:
    """ "Opschalen" for one theme."""

    theme: ThemeEntry
    approaches: tuple[Approach, ...]
    """Widest first (most municipalities, then most projects, then slug); capped."""
    approach_count: int
    candidates: tuple[Candidate, ...]
    """Neighbours of any approach without a project on the theme, best first; capped."""


@dataclass(frozen=True)
class MatrixRow:
    theme: ThemeEntry
    counts: tuple[int, ...]
    """Distinct projects on the theme per province, in the matrix's province order."""
    distinct: int
    """Distinct projects on the theme in all of Flanders."""

    @property
    def is_domain(self) -> bool:
        return self.theme.parent is None

    @property
    def total(self) -> int:
        """The sum of the row: a project in two provinces counts in both."""
        return sum(self.counts)


@dataclass(frozen=True)
class ThemeProvinceMatrix:
    """Projects per theme (domains and sub-themes, catalogue order) × province.

    A project counts in a province when one of its municipalities (today's, so a merged one
    counts where its successor is) or one member of its regions lies there.
    """

    provinces: tuple[ProvinceEntry, ...]
    rows: tuple[MatrixRow, ...]
    column_totals: tuple[int, ...]
    """Per province, the sum of the domain rows: a project on two domains counts twice."""
    column_distinct: tuple[int, ...]
    """Per province, its distinct projects."""

    @property
    def total(self) -> int:
        return sum(self.column_totals)


@dataclass(frozen=True)
class Work:
    """What computing the related projects cost; a test holds it to the bounds."""

    projects: int
    postings_visited: int
    """Entries read from the (cut) posting lists, over all projects."""
    pairs_scored: int
    """Pairs scored in full."""
    max_candidates: int
    """The largest candidate set of one project."""


@dataclass(frozen=True)
class Synergies:
    related: Mapping[str, tuple[Related, ...]]
    """Project slug → related projects, best first (score, then slug). Every project is a key."""
    nearby: Mapping[str, Nearby]
    """NIS code of each current municipality → "In de buurt"."""
    scaling: Mapping[str, ThemeScaling]
    """Theme slug → "Opschalen", every theme in catalogue order."""
    matrix: ThemeProvinceMatrix
    work: Work = field(compare=False)


# -- neighbours -------------------------------------------------------------------------------


def neighbours_path(data_folder: Path) -> Path:
    return data_folder / NEIGHBOURS_FILE


def load_neighbours(
    path: Path, catalogue: Catalogue, *, root: Path | None = None
) -> tuple[Neighbours, list[Problem]]:
    """Read the neighbour table. Bad rows are reported (``path:line:col``) and left out."""
    display = display_path(path, root)
    problems: list[Problem] = []

    def report(line: int, col: int, column: str, message: str) -> None:
        problems.append(Problem(display, line, col, column, message))

    try:
        text = path.read_text(encoding="utf-8-sig")  # a spreadsheet's byte-order mark is fine
    except FileNotFoundError:
        report(1, 1, "", "file missing")
        return Neighbours(MappingProxyType({})), problems
    except UnicodeDecodeError as error:
        report(1, 1, "", f"not UTF-8 ({error.reason} at byte {error.start}): save as UTF-8")
        return Neighbours(MappingProxyType({})), problems

    reader = csv.reader(text.splitlines(keepends=True))
    header = next(reader, None)
    if header != list(NEIGHBOURS_HEADER):
        found = ",".join(header) if header else "nothing"
        report(1, 1, "", f"the header must be '{','.join(NEIGHBOURS_HEADER)}', not '{found}'")
        return Neighbours(MappingProxyType({})), problems

    rows: dict[tuple[str, str], tuple[int, int]] = {}  # pair → (border, line)
    for row in reader:
        line = reader.line_num
        if not row or all(not value.strip() for value in row):
            continue
        if len(row) != len(NEIGHBOURS_HEADER):
            report(
                line,
                1,
                "",
                f"expected 3 values ({','.join(NEIGHBOURS_HEADER)}), found {len(row)}",
            )
            continue
        cols = [1 + sum(len(value) + 1 for value in row[:index]) for index in range(len(row))]
        code, other, border_text = (value.strip() for value in row)
        valid = True
        for index, value in ((0, code), (1, other)):
            message = _check_code(value, catalogue)
            if message:
                report(line, cols[index], NEIGHBOURS_HEADER[index], message)
                valid = False
        if valid and code == other:
            report(line, cols[1], "neighbour_nis", "a municipality is not its own neighbour")
            valid = False
        border = int(border_text) if border_text.isdigit() and border_text.isascii() else None
        if border is None:
            report(
                line,
                cols[2],
                "shared_border_m",
                f"'{border_text}' is not a length: use whole metres, e.g. '2940'",
            )
            valid = False
        elif border <= MIN_SHARED_BORDER_M:
            report(
                line,
                cols[2],
                "shared_border_m",
                f"{border} m of shared border does not make neighbours: "
                f"the rule is more than {MIN_SHARED_BORDER_M} m",
            )
            valid = False
        if not valid or border is None:
            continue
        if (code, other) in rows:
            report(
                line,
                1,
                "",
                f"the pair {code},{other} is listed twice (first on line {rows[code, other][1]})",
            )
            continue
        rows[code, other] = (border, line)

    pairs: dict[tuple[str, str], int] = {}
    for (code, other), (border, line) in rows.items():
        reverse = rows.get((other, code))
        if reverse is None:
            report(
                line,
                1,
                "",
                f"the reverse row '{other},{code},{border}' is missing: "
                "every pair is listed from both sides",
            )
        elif reverse[0] != border and code < other:
            report(
                line,
                1,
                "shared_border_m",
                f"{border} m here but {reverse[0]} m on line {reverse[1]} for the reverse row",
            )
        pairs[code, other] = pairs[other, code] = border
    listed: dict[str, list[Neighbour]] = defaultdict(list)
    for (code, other), border in pairs.items():
        listed[code].append(Neighbour(catalogue.places[other], border))
    by_code = {
        code: tuple(sorted(listed[code], key=lambda n: _place_key(n.place)))
        for code in sorted(listed)
    }
    return Neighbours(MappingProxyType(by_code)), problems


def _check_code(value: str, catalogue: Catalogue) -> str | None:
    if not _NIS_RE.match(value):
        return f"'{value}' is not a NIS code: use 5 digits, e.g. '44021'"
    place = catalogue.places.get(value)
    if place is None:
        current = [p.nis_code for p in catalogue.places.values() if p.is_current]
        return f"unknown NIS code '{value}'{did_you_mean(value, current)}"
    if not place.is_current:
        final = place.final
        return (
            f"'{value}' ({place.label}) is not a municipality of the 2025 map: "
            f"it is part of {final.name} ('{final.nis_code}') now"
        )
    return None


# -- entry point ------------------------------------------------------------------------------


def compute_synergies(
    catalogue: Catalogue,
    neighbours: Neighbours,
    settings: SynergySettings | None = None,
    *,
    workers: int | None = None,
) -> Synergies:
    """Every synergy of the catalogue; pure and deterministic.

    From :data:`PARALLEL_FROM` projects on, the related projects are ranked in ``workers``
    processes (default: the usable cores); the result is the same whatever their number.
    """
    settings = settings or SynergySettings()
    workers = usable_cores() if workers is None else workers
    neighbours = _bind(neighbours, catalogue)
    order = _theme_order(catalogue)
    footprints = {id(p): _footprint(p) for p in catalogue.projects}
    related, work = _related_projects(catalogue, footprints, order, settings, workers)
    logger.debug(
        "related projects: %d projects, %d postings visited, %d pairs scored",
        work.projects,
        work.postings_visited,
        work.pairs_scored,
    )
    return Synergies(
        related=related,
        nearby=_nearby(catalogue, neighbours, order, settings),
        scaling=_scaling(catalogue, neighbours, footprints, order, settings),
        matrix=_matrix(catalogue, footprints, order),
        work=work,
    )


# -- shared helpers ---------------------------------------------------------------------------


def _bind(neighbours: Neighbours, catalogue: Catalogue) -> Neighbours:
    """The same table with this catalogue's places (it may come from another build)."""
    places = catalogue.places
    by_code = {
        code: tuple(Neighbour(places[n.place.nis_code], n.shared_border_m) for n in found)
        for code, found in neighbours.by_code.items()
        if code in places and all(n.place.nis_code in places for n in found)
    }
    return Neighbours(MappingProxyType(by_code))


def _place_key(place: Place) -> tuple[str, str]:
    return (place.name.lstrip("'").casefold(), place.nis_code)


def _theme_order(catalogue: Catalogue) -> dict[str, int]:
    """Theme slug → position in catalogue order (each domain, then its sub-themes)."""
    order: dict[str, int] = {}
    for domain in catalogue.themes:
        order[domain.slug] = len(order)
        for child in domain.children:
            order[child.slug] = len(order)
    return order


def _domain(theme: ThemeEntry) -> ThemeEntry:
    return theme.parent or theme


def _covered(project: ProjectEntry) -> set[str]:
    """The slugs of the project's themes and of their domains."""
    return {t.slug for t in project.themes} | {_domain(t).slug for t in project.themes}


def _footprint(project: ProjectEntry) -> frozenset[str]:
    """NIS codes of the current municipalities where the project runs, regions included."""
    codes = {place.final.nis_code for place in project.places}
    codes.update(member.final.nis_code for region in project.regions for member in region.members)
    return frozenset(codes)


def _own_projects(place: Place) -> list[ProjectEntry]:
    """The municipality's own work: what names it or a predecessor, not its regions' projects."""
    return [mention.project for mention in place.projects if mention.through != "region"]


# -- related projects -------------------------------------------------------------------------


class _TextOf(HTMLParser):
    """The text of sanitized HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(html: str) -> str:
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    return " ".join(parser.parts)


def words_of(text: str, excluded: frozenset[str] = frozenset()) -> list[str]:
    """Lower-case words of three letters or more, without stopwords and ``excluded``."""
    return [
        word
        for word in _WORD_RE.findall(text.casefold())
        if word not in DUTCH_STOPWORDS and word not in excluded
    ]


def partner_name(name: str) -> str:
    """A partner's name without parenthesised details: ``imec (City of Things)`` → ``imec``."""
    plain = " ".join(_PARENTHESES_RE.sub(" ", name).split())
    return plain or name.strip()


def _place_words(catalogue: Catalogue) -> frozenset[str]:
    """Words of place names: "Gent" links projects by where they are, not by what they do."""
    names = [p.name for p in catalogue.places.values()]
    names += [r.name for r in catalogue.regions] + [p.name for p in catalogue.provinces]
    return frozenset(word for name in names for word in _WORD_RE.findall(name.casefold()))


def _text_of(project: ProjectEntry) -> str:
    """The title (twice: it counts double), the summary and the Markdown source (no rendering
    needed), case-folded. No word spans a line break, so the parts can be searched as one."""
    record = project.record
    return "\n".join((record.title, record.title, record.summary, project.body)).casefold()


def _run_pattern(texts: Iterable[str]) -> re.Pattern[str]:
    r"""Runs of letters, joined by single hyphens, in ``texts``: the candidates for words.

    A run is a word of :data:`_WORD_RE` when it has three letters or more or a hyphen; a
    shorter one is none, and no word of :data:`_WORD_RE` starts inside a run. So runs, then
    that test once per distinct run (:func:`_term_counts`), find the same words, and a simpler
    pattern is faster. Faster still, the letter class lists the letters that occur in the texts
    instead of testing each character's Unicode category (``[^\W\d_]``); and the possessive
    repeats never backtrack, as a run never needs to give a letter back.
    """
    others: set[str] = set()
    for text in texts:
        if not text.isascii():
            others.update(text)
    letters = "".join(sorted(c for c in others if not c.isascii() and _LETTER_RE.match(c)))
    letter = f"[a-zA-Z{letters}]"
    return re.compile(f"{letter}++(?:-{letter}++)*+")


def _term_counts(
    text: str, runs: re.Pattern[str], dropped: frozenset[str], canonical: dict[str, str]
) -> dict[str, int]:
    """What :func:`words_of` finds in ``text``, counted, without ``dropped``; ``runs`` is
    :func:`_run_pattern` of a set of texts including this one.

    Counting every run and then keeping the words looks each distinct run up once instead of
    each occurrence, and keeps the words in the order of their first occurrence, as filtering
    first would. Each word is the string object ``canonical`` holds for it, so that equal
    words are one object (quicker to compare, and pickled once when a worker sends them); and
    a plain dict pickles faster than a Counter.
    """
    return {
        canonical.setdefault(word, word): count
        for word, count in Counter(runs.findall(text)).items()
        if (len(word) > 2 or "-" in word) and word not in dropped
    }


@dataclass(frozen=True, slots=True)
class _Profile:
    project: ProjectEntry
    footprint: frozenset[str]
    themes: Mapping[str, ThemeEntry]
    domains: Mapping[str, ThemeEntry]
    implied: Mapping[str, str]
    """Theme slug → the slug of its domain."""
    partners: Mapping[str, str]
    """Partner key (case-folded) → name as this project writes it (without parentheses)."""
    terms: Mapping[str, float]
    """Word → TF-IDF weight, the vector normalised to length 1."""
    query: tuple[str, ...]
    theme_keys: frozenset[str]
    domain_keys: frozenset[str]
    partner_keys: frozenset[str]
    term_keys: frozenset[str]


_T = TypeVar("_T")
_Feature = tuple[int, int, str, list[tuple[int, float]], float]
"""A posting list to visit: (df, kind, key, champions as (index, factor), weight)."""
_Match = tuple[int, float, tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]
"""A related project as plain data: (index, score, theme slugs, domain slugs, partner keys,
words). Plain, so that a worker process can send it back cheaply."""
_Ranking = tuple[list[_Match], int, int, int]
"""The matches of one project, then its postings visited, pairs scored and candidates."""


class _Index:
    """The profiles and the inverted indexes of related projects, built once; :meth:`rank`
    then reads them only, so ranges of projects can be ranked in forked processes."""

    def __init__(
        self,
        projects: Sequence[ProjectEntry],
        excluded: frozenset[str],
        footprints: Mapping[int, frozenset[str]],
        order: Mapping[str, int],
        settings: SynergySettings,
        workers: int,
    ) -> None:
        self.order = order
        self.settings = settings
        total = len(projects)
        limit = max(settings.min_df_limit, settings.max_share * total)

        texts = [_text_of(p) for p in projects]
        runs, dropped = _run_pattern(texts), DUTCH_STOPWORDS | excluded

        def count(part: range) -> list[dict[str, int]]:
            canonical: dict[str, str] = {}
            return [_term_counts(texts[i], runs, dropped, canonical) for i in part]

        counts = _map_parts(count, total, workers)
        term_df: Counter[str] = Counter()
        for term_counts in counts:
            term_df.update(term_counts.keys())
        partner_sets = []
        for project in projects:
            names: dict[str, str] = {}
            for partner in project.record.partners:
                name = partner_name(partner.name)
                names.setdefault(name.casefold(), name)
            partner_sets.append(names)
        partner_df = Counter(key for names in partner_sets for key in names)
        theme_df = Counter(t.slug for p in projects for t in p.themes)

        # Thousands of words share a document frequency and most counts are small: each
        # logarithm is computed once (by the same expression, so to the same float).
        @functools.cache
        def idf(df: int) -> float:
            return math.log(1 + total / df)

        @functools.cache
        def tf_weight(tf: int) -> float:
            return 1 + math.log(tf)

        term_idf = {term: idf(df) for term, df in term_df.items() if df <= limit}
        profiles: list[_Profile] = []
        for project, term_counts, names in zip(projects, counts, partner_sets, strict=True):
            # The squares are summed in the words' order of first occurrence, as ever.
            weights = {
                term: tf_weight(tf) * term_idf[term]
                for term, tf in term_counts.items()
                if term in term_idf
            }
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            terms = {term: weights[term] / norm for term in sorted(weights)}
            # Heaviest first, ties A–Z: plain tuples sort in C, without a key function.
            query = sorted([(-w, term) for term, w in terms.items() if term_df[term] > 1])
            partners = {k: v for k, v in names.items() if partner_df[k] <= limit}
            profiles.append(
                _Profile(
                    project=project,
                    footprint=footprints[id(project)],
                    themes={t.slug: t for t in project.themes},
                    domains={_domain(t).slug: _domain(t) for t in project.themes},
                    implied={t.slug: _domain(t).slug for t in project.themes},
                    partners=partners,
                    terms=terms,
                    query=tuple(term for _, term in query[: settings.query_terms]),
                    theme_keys=frozenset(t.slug for t in project.themes),
                    domain_keys=frozenset(_domain(t).slug for t in project.themes),
                    partner_keys=frozenset(partners),
                    term_keys=frozenset(terms),
                )
            )
        self.profiles = profiles
        self.term_df = term_df

        # Inverted indexes, each posting list cut to its champions. The lists are built in
        # index order and sorting is stable, so ties stay in index order without a key.
        theme_posts: dict[str, list[int]] = defaultdict(list)
        partner_posts: dict[str, list[int]] = defaultdict(list)
        term_posts: dict[str, list[tuple[float, int]]] = defaultdict(list)
        for index, profile in enumerate(profiles):
            for slug in profile.themes:
                theme_posts[slug].append(index)
            for key in profile.partners:
                partner_posts[key].append(index)
            for term, weight in profile.terms.items():
                if term_df[term] > 1:
                    term_posts[term].append((-weight, index))
        cut = settings.champions
        theme_count = [len(p.themes) for p in profiles]
        partner_count = [len(p.partners) for p in profiles]
        self.theme_features: dict[str, _Feature] = {}
        for slug, post in theme_posts.items():
            champions = [(i, 1.0) for i in sorted(post, key=theme_count.__getitem__)[:cut]]
            weight = settings.theme_weight * idf(theme_df[slug])
            self.theme_features[slug] = (theme_df[slug], 0, slug, champions, weight)
        self.partner_features: dict[str, _Feature] = {}
        for key, post in partner_posts.items():
            champions = [(i, 1.0) for i in sorted(post, key=partner_count.__getitem__)[:cut]]
            weight = settings.partner_weight * idf(partner_df[key])
            self.partner_features[key] = (partner_df[key], 1, key, champions, weight)
        self.term_champions = {
            term: [(i, -negative) for negative, i in sorted(post)[:cut]]
            for term, post in term_posts.items()
        }
        self.theme_weights = {slug: f[4] for slug, f in self.theme_features.items()}
        self.partner_weights = {key: f[4] for key, f in self.partner_features.items()}

        # Themes and domains as bits of an int: the domain bonus of a candidate is then a few
        # integer operations instead of set operations.
        theme_bit = {slug: 1 << bit for bit, slug in enumerate(sorted(theme_df))}
        domains = {d for p in profiles for d in p.domain_keys}
        self.domain_bit = {slug: 1 << bit for bit, slug in enumerate(sorted(domains))}
        self.theme_bit = theme_bit
        self.theme_masks = [sum(theme_bit[s] for s in p.theme_keys) for p in profiles]
        self.domain_masks = [sum(self.domain_bit[d] for d in p.domain_keys) for p in profiles]

    def rank(self, part: range) -> list[_Ranking]:
        """The related projects of each project in ``part``: see the module notes."""
        settings = self.settings
        profiles = self.profiles
        term_df = self.term_df
        theme_features, partner_features = self.theme_features, self.partner_features
        term_champions = self.term_champions
        theme_masks, domain_masks = self.theme_masks, self.domain_masks
        text_weight, domain_weight = settings.text_weight, settings.domain_weight
        max_candidates, rescore = settings.max_candidates, settings.rescore
        footprint = [p.footprint for p in profiles]
        rankings: list[_Ranking] = []
        for index in part:
            profile = profiles[index]
            features = [theme_features[slug] for slug in profile.themes]
            features += [partner_features[key] for key in profile.partners]
            features += [
                (term_df[t], 2, t, term_champions[t], text_weight * profile.terms[t])
                for t in profile.query
            ]
            features.sort()  # rarest first; (df, kind, key) differs for any two features

            partial: dict[int, float] = {}
            skipped = {index}  # itself, projects at home, and any project once the set is full
            here = profile.footprint
            visited = 0
            for feature in features:
                champions, weight = feature[3], feature[4]
                visited += len(champions)
                for other, factor in champions:
                    if other in partial:
                        partial[other] += weight * factor
                    elif other not in skipped:
                        there = footprint[other]
                        if (there and there <= here) or len(partial) >= max_candidates:
                            skipped.add(other)
                        else:
                            partial[other] = weight * factor

            # Then the domain bonus: the shared domains that no shared theme accounts for.
            # It adds at most `reach`, and never lowers a score; so a candidate that cannot
            # reach the rescore-th best score without it (floats round monotonically) cannot
            # make the short list and is left out before its bonus is worked out.
            my_domains, my_themes = domain_masks[index], theme_masks[index]
            reach = domain_weight * my_domains.bit_count()
            least = -math.inf
            if len(partial) > rescore > 0 and domain_weight >= 0:
                least = sorted(partial.values(), reverse=True)[rescore - 1]
            implied: dict[int, int] = {}  # shared themes → their domains, for this project
            best: list[tuple[float, int]] = []
            for other, score in partial.items():
                if score + reach >= least:
                    shared = my_domains & domain_masks[other]
                    if shared:
                        common = my_themes & theme_masks[other]
                        if common:
                            if common not in implied:
                                implied[common] = self._domains_of(profile, common)
                            shared &= ~implied[common]
                        if shared:  # adding 0.0 for none would change nothing
                            score += domain_weight * shared.bit_count()
                    best.append((score, -other))

            # The best `rescore` by (score, -index): the sums above run in a fixed order, so
            # equal inputs give equal floats and ties go by slug (index). Only candidates
            # reaching the rescore-th best score can be among them: sort those few.
            if len(best) > rescore > 0:
                least = sorted([score for score, _ in best], reverse=True)[rescore - 1]
                best = [pair for pair in best if pair[0] >= least]
            best.sort(reverse=True)
            shortlist = [-negative for _, negative in best[:rescore]]
            found = []
            for other in shortlist:
                match = self._score(profile, profiles[other], other)
                if match is not None:
                    found.append(match)
            found.sort(key=lambda m: (-m[1], profiles[m[0]].project.slug))
            rankings.append(
                (found[: settings.related_count], visited, len(shortlist), len(partial))
            )
        return rankings

    def _domains_of(self, profile: _Profile, themes: int) -> int:
        """The domains (bits) of the project's themes among ``themes`` (bits)."""
        found = 0
        for slug, domain in profile.implied.items():
            if self.theme_bit[slug] & themes:
                found |= self.domain_bit[domain]
        return found

    def _score(self, mine: _Profile, other: _Profile, index: int) -> _Match | None:
        """The full score of ``other`` (at ``index``) for ``mine``, a weighted sum in a fixed
        order; ``None`` below ``min_score``."""
        settings, order = self.settings, self.order
        common = mine.theme_keys & other.theme_keys
        both = mine.domain_keys & other.domain_keys
        shared = mine.partner_keys & other.partner_keys
        themes = sorted(common, key=order.__getitem__) if common else []
        score = sum([self.theme_weights[s] for s in themes])
        if themes:
            both = both - {mine.implied[s] for s in themes}
        domains = sorted(both, key=order.__getitem__) if both else []
        score += settings.domain_weight * len(domains)
        partners = sorted(shared) if shared else []
        if partners:
            score += sum([self.partner_weights[k] for k in partners])
        words: tuple[str, ...] = ()
        products: list[tuple[float, str]] = []
        similarity: float = 0
        if not mine.term_keys.isdisjoint(other.term_keys):
            mine_terms, other_terms = mine.terms, other.terms
            # Largest product first, ties A–Z: negated products sort as plain tuples, and
            # negating a float is exact.
            products = sorted(
                [(-(mine_terms[t] * other_terms[t]), t) for t in mine.term_keys & other.term_keys]
            )
            similarity = sum([-negative for negative, _ in products])
        if similarity >= settings.min_text_similarity:
            score += settings.text_weight * similarity
            words = tuple([t for _, t in products[: settings.shown_words]])
        score = round(score, 4)
        if score < settings.min_score:
            return None
        return (index, score, tuple(themes), tuple(domains), tuple(partners), words)


def _related_projects(
    catalogue: Catalogue,
    footprints: Mapping[int, frozenset[str]],
    order: Mapping[str, int],
    settings: SynergySettings,
    workers: int = 1,
) -> tuple[Mapping[str, tuple[Related, ...]], Work]:
    projects = sorted(catalogue.projects, key=lambda p: p.slug)
    total = len(projects)
    index = _Index(projects, _place_words(catalogue), footprints, order, settings, workers)
    rankings = _map_parts(index.rank, total, workers)
    work = Work(
        total,
        sum(r[1] for r in rankings),
        sum(r[2] for r in rankings),
        max((r[3] for r in rankings), default=0),
    )
    profiles = index.profiles
    related: dict[str, tuple[Related, ...]] = {}
    for mine, (found, *_) in zip(profiles, rankings, strict=True):
        related[mine.project.slug] = tuple(
            Related(
                project=profiles[other].project,
                score=score,
                themes=tuple(mine.themes[s] for s in themes),
                domains=tuple(mine.domains[s] for s in domains),
                partners=tuple(sorted((mine.partners[k] for k in partners), key=str.casefold)),
                words=words,
            )
            for other, score, themes, domains, partners, words in found
        )
    return MappingProxyType(related), work


# -- worker processes -------------------------------------------------------------------------


def usable_cores() -> int:
    """The number of cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _map_parts(task: Callable[[range], list[_T]], total: int, workers: int) -> list[_T]:
    """``task(range(total))``; from :data:`PARALLEL_FROM` items on, the range is split over
    ``workers`` processes (this one and forked ones) and the results are joined in order."""
    if workers <= 1 or total < PARALLEL_FROM or not hasattr(os, "fork"):
        return task(range(total))
    parts = [range(total * k // workers, total * (k + 1) // workers) for k in range(workers)]
    pending = [fork_call(functools.partial(task, part)) for part in parts[1:]]
    try:
        found = task(parts[0])
    finally:
        rest = wait_all(pending)
    for more in rest:
        found += more
    return found


def fork_call(task: Callable[[], _T]) -> Callable[[], _T]:
    """Start ``task`` in a forked process and return the function that waits for its result.

    The child shares this process's memory copy-on-write, so nothing needs to be sent to it;
    it sends its result back pickled through a pipe and leaves at once. Call the returned
    function exactly once, also when something fails (see :func:`wait_all`): the child waits
    until its result is read.
    """
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, and leave without running anything else
        code = 0
        try:
            os.close(read)
            gc.disable()  # a short life: collecting would only copy the pages it shares
            with open(write, "wb") as sink:
                pickle.dump(task(), sink, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            traceback.print_exc()
            code = 1
        os._exit(code)
    os.close(write)

    def result() -> _T:
        with open(read, "rb") as source:
            data = source.read()
        _, status = os.waitpid(pid, 0)
        if status != 0:
            raise RuntimeError("a worker process failed (its traceback is printed above)")
        return cast(_T, pickle.loads(data))

    return result


def wait_all(pending: Iterable[Callable[[], _T]]) -> list[_T]:
    """The results of :func:`fork_call`, in order; every child is waited for, even when one
    failed, and then the first failure is raised."""
    results: list[_T] = []
    failure: BaseException | None = None
    for result in pending:
        try:
            results.append(result())
        except BaseException as error:
            failure = failure or error
    if failure is not None:
        raise failure
    return results


# -- in de buurt ------------------------------------------------------------------------------


def _nearby(
    catalogue: Catalogue,
    neighbours: Neighbours,
    order: Mapping[str, int],
    settings: SynergySettings,
) -> Mapping[str, Nearby]:
    own = {place.nis_code: _own_projects(place) for place in catalogue.current}
    touched = {
        code: {slug for project in projects for slug in _covered(project)}
        for code, projects in own.items()
    }
    nearby: dict[str, Nearby] = {}
    for place in catalogue.current:
        code = place.nis_code
        mine = {id(p) for p in own[code]}
        shared: dict[int, tuple[ProjectEntry, list[Place], list[ThemeEntry]]] = {}
        new: dict[str, tuple[ThemeEntry, list[Place], dict[int, ProjectEntry]]] = {}
        for neighbour in neighbours.of(code):
            for project in own.get(neighbour.place.nis_code, []):
                if id(project) in mine:
                    continue
                common = [t for t in project.themes if t.slug in touched[code]]
                if common:
                    entry = shared.setdefault(id(project), (project, [], common))
                    entry[1].append(neighbour.place)
                for theme in project.themes:
                    if theme.slug in touched[code]:
                        continue
                    slot = new.setdefault(theme.slug, (theme, [], {}))
                    if neighbour.place not in slot[1]:
                        slot[1].append(neighbour.place)
                    slot[2][id(project)] = project
        # Rank first and build only what is shown: sorting does not change the lengths.
        ranked = sorted(shared.values(), key=lambda e: (-len(e[2]), -len(e[1]), e[0].slug))
        shown = tuple(
            NeighbourProject(
                project,
                tuple(sorted(places, key=_place_key)),
                tuple(sorted(themes, key=lambda t: order.get(t.slug, 0))),
            )
            for project, places, themes in ranked[: settings.nearby_projects]
        )
        new_themes = sorted(
            (
                NewTheme(
                    theme,
                    tuple(sorted(places, key=_place_key)),
                    tuple(sorted(found.values(), key=lambda p: p.slug)),
                )
                for theme, places, found in new.values()
            ),
            key=lambda n: (-len(n.neighbours), -len(n.projects), order.get(n.theme.slug, 0)),
        )
        nearby[code] = Nearby(
            place=place,
            neighbours=neighbours.of(code),
            shared=shown,
            shared_count=len(ranked),
            new_themes=tuple(new_themes),
        )
    return MappingProxyType(nearby)


# -- opschalen --------------------------------------------------------------------------------


def _lineages(projects: Sequence[ProjectEntry]) -> list[list[ProjectEntry]]:
    """Projects grouped by lineage (``inspired_by``/``replicates``, either way), oldest first."""
    parent = {p.slug: p.slug for p in projects}

    def root(slug: str) -> str:
        while parent[slug] != slug:
            parent[slug] = parent[parent[slug]]
            slug = parent[slug]
        return slug

    for project in projects:
        for target in (*project.inspired_by, *project.replicates):
            if target.slug in parent:
                a, b = sorted((root(project.slug), root(target.slug)))
                parent[b] = a
    groups: dict[str, list[ProjectEntry]] = defaultdict(list)
    for project in projects:
        groups[root(project.slug)].append(project)
    return [
        sorted(group, key=lambda p: (p.sort_key, p.slug)) for _, group in sorted(groups.items())
    ]


def _candidates(
    doers: Iterable[str],
    exclude: frozenset[str] | set[str],
    neighbours: Neighbours,
    catalogue: Catalogue,
    cap: int,
) -> tuple[Candidate, ...]:
    """Neighbours of ``doers`` outside ``exclude``: most doers bordered, longest border, A–Z."""
    doing = set(doers)
    found: dict[str, list[Neighbour]] = defaultdict(list)
    for code in sorted(doing):
        for neighbour in neighbours.of(code):
            other = neighbour.place.nis_code
            if other not in doing and other not in exclude:
                found[other].append(Neighbour(catalogue.places[code], neighbour.shared_border_m))
    ranked = sorted(
        (
            Candidate(
                catalogue.places[code],
                tuple(sorted((n.place for n in near), key=_place_key)),
                sum(n.shared_border_m for n in near),
            )
            for code, near in found.items()
        ),
        key=lambda c: (-len(c.neighbours), -c.shared_border_m, _place_key(c.place)),
    )
    return tuple(ranked[:cap])


def _scaling(
    catalogue: Catalogue,
    neighbours: Neighbours,
    footprints: Mapping[int, frozenset[str]],
    order: Mapping[str, int],
    settings: SynergySettings,
) -> Mapping[str, ThemeScaling]:
    projects = sorted(catalogue.projects, key=lambda p: p.slug)
    covered_by = {id(p): _covered(p) for p in projects}
    lineages: list[tuple[list[ProjectEntry], frozenset[str], set[str]]] = []
    for group in _lineages(projects):
        reach: set[str] = set()
        covered: set[str] = set()
        for project in group:
            reach |= footprints[id(project)]
            covered |= covered_by[id(project)]
        if len(group) > 1 or len(reach) > 1:
            lineages.append((group, frozenset(reach), covered))
    # Widest first; the order does not depend on the theme, so sort once.
    lineages.sort(key=lambda item: (-len(item[1]), -len(item[0]), item[0][0].slug))
    # Per theme, in one pass each: where it is in use, and its approaches (widest first).
    in_use: dict[str, set[str]] = defaultdict(set)
    for project in projects:
        for slug in covered_by[id(project)]:
            in_use[slug] |= footprints[id(project)]
    approaches_of: dict[str, list[tuple[list[ProjectEntry], frozenset[str]]]] = defaultdict(list)
    for lineage, places, slugs in lineages:
        for slug in slugs:
            approaches_of[slug].append((lineage, places))
    themes = sorted(catalogue.theme_by_slug.values(), key=lambda t: order.get(t.slug, 0))
    scaling: dict[str, ThemeScaling] = {}
    for theme in themes:
        has_theme = in_use.get(theme.slug, set())
        found = approaches_of.get(theme.slug, [])
        doers = set().union(*(reach for _, reach in found))
        approaches = tuple(
            Approach(
                projects=tuple(group),
                places=tuple(sorted((catalogue.places[c] for c in reach), key=_place_key)),
                candidates=_candidates(
                    reach, has_theme, neighbours, catalogue, settings.approach_candidates
                ),
            )
            for group, reach in found[: settings.approaches]
        )
        scaling[theme.slug] = ThemeScaling(
            theme=theme,
            approaches=approaches,
            approach_count=len(found),
            candidates=_candidates(
                doers, has_theme, neighbours, catalogue, settings.theme_candidates
            ),
        )
    return MappingProxyType(scaling)


# -- thema × provincie ------------------------------------------------------------------------


def _matrix(
    catalogue: Catalogue,
    footprints: Mapping[int, frozenset[str]],
    order: Mapping[str, int],
) -> ThemeProvinceMatrix:
    provinces = tuple(catalogue.provinces)
    column = {province.slug: index for index, province in enumerate(provinces)}
    counts: dict[str, list[int]] = {slug: [0] * len(provinces) for slug in order}
    distinct: Counter[str] = Counter()
    column_distinct = [0] * len(provinces)
    for project in catalogue.projects:
        places = (catalogue.places[code] for code in footprints[id(project)])
        columns = sorted(
            {column[p.province.slug] for p in places if p.province and p.province.slug in column}
        )
        for index in columns:
            column_distinct[index] += 1
        for slug in _covered(project):
            if slug not in counts:
                continue
            distinct[slug] += 1
            for index in columns:
                counts[slug][index] += 1
    rows = tuple(
        MatrixRow(catalogue.theme_by_slug[slug], tuple(counts[slug]), distinct[slug])
        for slug in sorted(order, key=order.__getitem__)
    )
    domain_rows = [row for row in rows if row.is_domain]
    column_totals = tuple(sum(row.counts[i] for row in domain_rows) for i in range(len(provinces)))
    return ThemeProvinceMatrix(provinces, rows, column_totals, tuple(column_distinct))
