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
settings rank the real catalogue exactly as that exhaustive search does.

"In de buurt" costs O(M · k · p · t) for M current municipalities with k neighbours doing p
projects on t themes; "Opschalen" O(themes · N · footprint · k); the matrix O(N · t · provinces).

Everything is deterministic: every list is sorted with a total order (ties end on a slug or a NIS
code; partial sums run in a fixed order and full scores are rounded to four decimals before
ranking). Nothing is kept at module level but constants.
"""

from __future__ import annotations

import csv
import heapq
import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from types import MappingProxyType

from showcase.catalogue import Catalogue, Place, ProjectEntry, ProvinceEntry, ThemeEntry
from showcase.problems import Problem, display_path
from showcase.validation import did_you_mean

logger = logging.getLogger(__name__)

NEIGHBOURS_FILE = "neighbours.csv"
"""The neighbour table, in the data folder."""
NEIGHBOURS_HEADER = ("nis_code", "neighbour_nis", "shared_border_m")
MIN_SHARED_BORDER_M = 10
"""Two municipalities are neighbours when they share more than this many metres of border."""

_NIS_RE = re.compile(r"^[0-9]{5}$")
_WORD_RE = re.compile(r"[^\W\d_]{3,}(?:-[^\W\d_]+)*|[^\W\d_]+(?:-[^\W\d_]+)+")
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
    catalogue: Catalogue, neighbours: Neighbours, settings: SynergySettings | None = None
) -> Synergies:
    """Every synergy of the catalogue; pure and deterministic."""
    settings = settings or SynergySettings()
    neighbours = _bind(neighbours, catalogue)
    order = _theme_order(catalogue)
    footprints = {id(p): _footprint(p) for p in catalogue.projects}
    related, work = _related_projects(catalogue, footprints, order, settings)
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


def _term_counts(project: ProjectEntry, excluded: frozenset[str]) -> Counter[str]:
    record = project.record
    counts = Counter(words_of(record.title, excluded))
    counts.update(counts)  # the title counts twice
    counts.update(words_of(record.summary, excluded))
    counts.update(words_of(project.body, excluded))  # the Markdown source: no rendering needed
    return counts


@dataclass(frozen=True)
class _Profile:
    project: ProjectEntry
    footprint: frozenset[str]
    themes: Mapping[str, ThemeEntry]
    domains: Mapping[str, ThemeEntry]
    partners: Mapping[str, str]
    """Partner key (case-folded) → name as this project writes it (without parentheses)."""
    terms: Mapping[str, float]
    """Word → TF-IDF weight, the vector normalised to length 1."""
    query: tuple[str, ...]


def _related_projects(
    catalogue: Catalogue,
    footprints: Mapping[int, frozenset[str]],
    order: Mapping[str, int],
    settings: SynergySettings,
) -> tuple[Mapping[str, tuple[Related, ...]], Work]:
    projects = sorted(catalogue.projects, key=lambda p: p.slug)
    total = len(projects)
    limit = max(settings.min_df_limit, settings.max_share * total)
    excluded = _place_words(catalogue)

    counts = [_term_counts(p, excluded) for p in projects]
    term_df = Counter(term for c in counts for term in c)
    partner_sets = []
    for project in projects:
        names: dict[str, str] = {}
        for partner in project.record.partners:
            name = partner_name(partner.name)
            names.setdefault(name.casefold(), name)
        partner_sets.append(names)
    partner_df = Counter(key for names in partner_sets for key in names)
    theme_df = Counter(t.slug for p in projects for t in p.themes)

    def idf(df: int) -> float:
        return math.log(1 + total / df)

    profiles: list[_Profile] = []
    for project, term_counts, names in zip(projects, counts, partner_sets, strict=True):
        weights = {
            term: (1 + math.log(tf)) * idf(term_df[term])
            for term, tf in term_counts.items()
            if term_df[term] <= limit
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        terms = {term: w / norm for term, w in sorted(weights.items())}
        query = sorted((t for t in terms if term_df[t] > 1), key=lambda t: (-terms[t], t))
        profiles.append(
            _Profile(
                project=project,
                footprint=footprints[id(project)],
                themes={t.slug: t for t in project.themes},
                domains={_domain(t).slug: _domain(t) for t in project.themes},
                partners={k: v for k, v in names.items() if partner_df[k] <= limit},
                terms=terms,
                query=tuple(query[: settings.query_terms]),
            )
        )

    # Inverted indexes, each posting list cut to its champions.
    theme_posts: dict[str, list[int]] = defaultdict(list)
    partner_posts: dict[str, list[int]] = defaultdict(list)
    term_posts: dict[str, list[int]] = defaultdict(list)
    for index, profile in enumerate(profiles):
        for slug in profile.themes:
            theme_posts[slug].append(index)
        for key in profile.partners:
            partner_posts[key].append(index)
        for term in profile.terms:
            if term_df[term] > 1:
                term_posts[term].append(index)
    cut = settings.champions
    theme_champs = {
        slug: [(i, 1.0) for i in sorted(post, key=lambda i: (len(profiles[i].themes), i))[:cut]]
        for slug, post in theme_posts.items()
    }
    partner_champs = {
        key: [(i, 1.0) for i in sorted(post, key=lambda i: (len(profiles[i].partners), i))[:cut]]
        for key, post in partner_posts.items()
    }
    term_champs = {
        term: [
            (i, profiles[i].terms[term])
            for i in sorted(post, key=lambda i: (-profiles[i].terms[term], i))[:cut]
        ]
        for term, post in term_posts.items()
    }

    visited = scored = widest = 0
    related: dict[str, tuple[Related, ...]] = {}
    for index, profile in enumerate(profiles):
        features: list[tuple[int, int, str, list[tuple[int, float]], float]] = []
        for slug in profile.themes:
            weight = settings.theme_weight * idf(theme_df[slug])
            features.append((theme_df[slug], 0, slug, theme_champs[slug], weight))
        for key in profile.partners:
            weight = settings.partner_weight * idf(partner_df[key])
            features.append((partner_df[key], 1, key, partner_champs[key], weight))
        for term in profile.query:
            weight = settings.text_weight * profile.terms[term]
            features.append((term_df[term], 2, term, term_champs[term], weight))
        features.sort(key=lambda f: (f[0], f[1], f[2]))  # rarest first

        partial: dict[int, float] = {}
        skipped = {index}  # itself, projects at home, and any project once the set is full
        here = profile.footprint
        for _df, _kind, _key, champions, weight in features:
            visited += len(champions)
            for other, factor in champions:
                if other in partial:
                    partial[other] += weight * factor
                elif other not in skipped:
                    there = profiles[other].footprint
                    at_home = bool(there) and there <= here
                    if at_home or len(partial) >= settings.max_candidates:
                        skipped.add(other)
                    else:
                        partial[other] = weight * factor
        widest = max(widest, len(partial))
        for other in partial:  # the domain bonus is cheap to add exactly
            theirs = profiles[other]
            shared = profile.domains.keys() & theirs.domains.keys()
            if shared:
                common = profile.themes.keys() & theirs.themes.keys()
                shared -= {_domain(profile.themes[slug]).slug for slug in common}
                partial[other] += settings.domain_weight * len(shared)
        # The sums above run in a fixed order, so equal inputs give equal floats: ties by slug.
        shortlist = heapq.nlargest(settings.rescore, partial, key=lambda i: (partial[i], -i))
        scored += len(shortlist)
        found = []
        for other in shortlist:
            result = _score(profile, profiles[other], theme_df, partner_df, idf, order, settings)
            if result.score >= settings.min_score:
                found.append(result)
        found.sort(key=lambda r: (-r.score, r.project.slug))
        related[profile.project.slug] = tuple(found[: settings.related_count])

    work = Work(total, visited, scored, widest)
    return MappingProxyType(related), work


def _score(
    mine: _Profile,
    other: _Profile,
    theme_df: Mapping[str, int],
    partner_df: Mapping[str, int],
    idf: Callable[[int], float],
    order: Mapping[str, int],
    settings: SynergySettings,
) -> Related:
    """The full score of ``other`` for ``mine``: a weighted sum, summed in a fixed order."""
    themes = sorted(mine.themes.keys() & other.themes.keys(), key=order.__getitem__)
    implied = {_domain(mine.themes[s]).slug for s in themes}
    domains = sorted(mine.domains.keys() & other.domains.keys() - implied, key=order.__getitem__)
    partners = sorted(mine.partners.keys() & other.partners.keys())
    score = sum(settings.theme_weight * idf(theme_df[s]) for s in themes)
    score += settings.domain_weight * len(domains)
    score += sum(settings.partner_weight * idf(partner_df[k]) for k in partners)
    shared = sorted(
        ((mine.terms[t] * other.terms[t], t) for t in mine.terms.keys() & other.terms.keys()),
        key=lambda x: (-x[0], x[1]),
    )
    similarity = sum(product for product, _ in shared)
    words: list[str] = []
    if similarity >= settings.min_text_similarity:
        score += settings.text_weight * similarity
        words = [t for _, t in shared[: settings.shown_words]]
    return Related(
        project=other.project,
        score=round(score, 4),
        themes=tuple(mine.themes[s] for s in themes),
        domains=tuple(mine.domains[s] for s in domains),
        partners=tuple(sorted((mine.partners[k] for k in partners), key=str.casefold)),
        words=tuple(words),
    )


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
        ranked = sorted(
            (
                NeighbourProject(
                    project,
                    tuple(sorted(places, key=_place_key)),
                    tuple(sorted(themes, key=lambda t: order.get(t.slug, 0))),
                )
                for project, places, themes in shared.values()
            ),
            key=lambda n: (-len(n.themes), -len(n.neighbours), n.project.slug),
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
            shared=tuple(ranked[: settings.nearby_projects]),
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
    themes = sorted(catalogue.theme_by_slug.values(), key=lambda t: order.get(t.slug, 0))
    scaling: dict[str, ThemeScaling] = {}
    for theme in themes:
        has_theme: set[str] = set()
        for project in projects:
            if theme.slug in covered_by[id(project)]:
                has_theme |= footprints[id(project)]
        found = [(group, reach) for group, reach, covered in lineages if theme.slug in covered]
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
