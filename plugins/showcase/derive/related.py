"""Related projects: per project, the projects elsewhere that resemble it, and why.

See :mod:`showcase.derive.synergy` for the decisions and the complexity of the search.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from showcase import parallel
from showcase.derive import word_counts
from showcase.derive.footprints import domain_of
from showcase.derive.partners import partner_names
from showcase.link.catalogue import (
    Catalogue,
    Place,
    ProjectEntry,
    RegionEntry,
    ThemeEntry,
    name_key,
)

if TYPE_CHECKING:
    from showcase.derive.synergy import SynergySettings


MIN_WORD_LENGTH = 4
"""Shorter words never count: in Dutch they are function words (in the list below anyway) or
abbreviations, and an organisation's abbreviation is a shared partner, a clearer reason."""
_WORD_RE = re.compile(rf"[^\W\d_]{{{MIN_WORD_LENGTH},}}(?:-[^\W\d_]+)*|[^\W\d_]+(?:-[^\W\d_]+)+")
"""A word: four letters or more, or letters joined by hyphens."""
_LETTER_RE = re.compile(r"[^\W\d_]")

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
    more most down over under what when where which while will would your ours
    januari februari maart april mei juni juli augustus september oktober november december
    vijf zes zeven acht negen tien elf twaalf dertien twintig honderd duizend miljoen
    alleen begon beter blijft blijkt blijven bovendien geeft geven ging gingen gebruikt
    gebruiken gebruikte goed goede groot grote klein kleine komen komt kreeg kregen krijgen
    kwam laat laten lang lange liep liepen maakte maakten maken nam nemen nieuw nieuwe
    plaatste plaatsten staan staat stond stonden werkt werken werkte werkten zag zien ziet
    zette zetten bouwt bouwde kozen koos diende dient wilde willen zegt zei vindt vond
    houden hield eind begin jaar jaren dag dagen week weken maand maanden keer manier
    ongeveer meerdere verschillende zodra tijd
    elkaar hoeveel langs vaker feller sterker hoger lager groter kleiner sneller minst
    belangrijk belangrijke belangrijkste gebeurt gebeuren gebeurde steunt steunen steunde
    begeleidt begeleiden begeleidde begeleidden vormen vormt vormde uitgeven opzet
    stap stuk stukken deel delen gedeeld gedeelde geheel helemaal zowat echt eigenlijk
    opnieuw intussen ondertussen inmiddels vandaag ooit nadien voordien vervolgens
    steun brengen brengt bracht vermeld vermeldt vermelden loopt lopen gezamenlijk gezamenlijke
    bron bronnen conclusie conclusies systeem systemen technologie technologieën
    project projecten proeftuin proeftuinen pilot pilootproject smart slim slimme
    stad steden stedelijke gemeente gemeenten gemeentelijke regio regionale provincie
    provinciale overheid overheden
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
"""Words that say nothing about what a project is about, written for this project (no
package): Dutch function words (articles, pronouns, prepositions, conjunctions, auxiliary and
modal verbs, adverbs), months and numbers, a few English function words (in partner and
programme names), everyday verbs and adjectives, the words every project on a smart-city
showcase shares (``project``, ``smart``, ``gemeente``, ``regio``…: where a project runs is
a reason of its own), and the noise that turned up as "gelijkaardige
woorden" on the site (``nacht, feller, stuk``: ``feller`` and ``stuk`` said nothing)."""


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
    """Partners both projects name (by the name :mod:`showcase.derive.partners` gives), A–Z."""
    words: tuple[str, ...] = ()
    """The shared words that weigh most, heaviest first."""
    places: tuple[Place, ...] = ()
    """Municipalities (today's) both projects name, A–Z: an explanation, not a score."""
    regions: tuple[RegionEntry, ...] = ()
    """Regions both projects name, A–Z: an explanation, not a score."""

    @property
    def reasons(self) -> tuple[str, ...]:
        """The explanation in Dutch, one line per kind of link, what a reader recognises at once
        first: themes, partners, municipalities, regions, then domains and words last."""
        found = []
        if self.themes:
            found.append("zelfde thema: " + ", ".join(t.label for t in self.themes))
        if self.partners:
            found.append("zelfde partner: " + ", ".join(self.partners))
        if self.places:
            found.append("zelfde gemeente: " + ", ".join(p.name for p in self.places))
        if self.regions:
            found.append("zelfde regio: " + ", ".join(r.name for r in self.regions))
        if self.domains:
            found.append("zelfde domein: " + ", ".join(t.label for t in self.domains))
        if self.words:
            found.append("gelijkaardige woorden: " + ", ".join(self.words))
        return tuple(found)


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
    counted: int = 0
    """Texts whose words were counted, not taken from the cache (all of them without one)."""


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
    """Lower-case words of :data:`MIN_WORD_LENGTH` letters or more (or with a hyphen), without
    stopwords and ``excluded``."""
    return [
        word
        for word in _WORD_RE.findall(text.casefold())
        if word not in DUTCH_STOPWORDS and word not in excluded
    ]


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

    A run is a word of :data:`_WORD_RE` when it has enough letters or a hyphen; a
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
        if (len(word) >= MIN_WORD_LENGTH or "-" in word) and word not in dropped
    }


def _count_words(
    texts: Sequence[str], dropped: frozenset[str], workers: int, cache: Path | None
) -> tuple[list[dict[str, int]], int]:
    """:func:`_term_counts` of every text, those kept in ``cache`` taken from it
    (:mod:`showcase.derive.word_counts`); and how many were counted."""
    version = word_counts.counts_version(Path(__file__))
    keys = word_counts.text_keys(texts, version, dropped)

    def count(positions: Sequence[int]) -> list[dict[str, int]]:
        runs = _run_pattern([texts[i] for i in positions])

        def part_of(part: range) -> list[dict[str, int]]:
            canonical: dict[str, str] = {}
            return [_term_counts(texts[positions[i]], runs, dropped, canonical) for i in part]

        threshold = parallel.THRESHOLDS.related_projects
        return parallel.split_range(part_of, len(positions), workers, threshold)

    return word_counts.counted(keys, count, cache, version)


@dataclass(frozen=True, slots=True)
class _Profile:
    project: ProjectEntry
    footprint: frozenset[str]
    themes: Mapping[str, ThemeEntry]
    domains: Mapping[str, ThemeEntry]
    implied: Mapping[str, str]
    """Theme slug → the slug of its domain."""
    partners: Mapping[str, str]
    """Partner (its group key, :mod:`showcase.derive.partners`) → the partner's name."""
    terms: Mapping[str, float]
    """Word → TF-IDF weight, the vector normalised to length 1."""
    query: tuple[str, ...]
    theme_keys: frozenset[str]
    domain_keys: frozenset[str]
    partner_keys: frozenset[str]
    term_keys: frozenset[str]


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
        cache: Path | None = None,
    ) -> None:
        self.order = order
        self.settings = settings
        total = len(projects)
        limit = max(settings.min_df_limit, settings.max_share * total)

        texts = [_text_of(p) for p in projects]
        counts, self.counted = _count_words(texts, DUTCH_STOPWORDS | excluded, workers, cache)
        term_df: Counter[str] = Counter()
        for term_counts in counts:
            term_df.update(term_counts.keys())
        partner_sets = partner_names(projects)
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
                    domains={domain_of(t).slug: domain_of(t) for t in project.themes},
                    implied={t.slug: domain_of(t).slug for t in project.themes},
                    partners=partners,
                    terms=terms,
                    query=tuple(term for _, term in query[: settings.query_terms]),
                    theme_keys=frozenset(t.slug for t in project.themes),
                    domain_keys=frozenset(domain_of(t).slug for t in project.themes),
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


def related_projects(
    catalogue: Catalogue,
    footprints: Mapping[int, frozenset[str]],
    order: Mapping[str, int],
    settings: SynergySettings,
    workers: int = 1,
    cache: Path | None = None,
) -> tuple[Mapping[str, tuple[Related, ...]], Work]:
    """Per project slug, its related projects; ``cache`` is a folder that keeps the words of
    each text between builds (:mod:`showcase.derive.word_counts`), or ``None``."""
    return start_related(catalogue, footprints, order, settings, workers, cache)()


def start_related(
    catalogue: Catalogue,
    footprints: Mapping[int, frozenset[str]],
    order: Mapping[str, int],
    settings: SynergySettings,
    workers: int = 1,
    cache: Path | None = None,
) -> Callable[[], tuple[Mapping[str, tuple[Related, ...]], Work]]:
    """:func:`related_projects` begun: the index is built here, and the ranking runs in
    forked processes (large catalogues) while this process does other work; the returned
    function (call it exactly once) waits for the rankings and gives the result."""
    projects = sorted(catalogue.projects, key=lambda p: p.slug)
    excluded = _place_words(catalogue)
    index = _Index(projects, excluded, footprints, order, settings, workers, cache)
    threshold = parallel.THRESHOLDS.related_projects
    pending = parallel.start_range(index.rank, len(projects), workers, threshold)
    return lambda: _related(index, pending())


def _related(
    index: _Index, rankings: list[_Ranking]
) -> tuple[Mapping[str, tuple[Related, ...]], Work]:
    """The related projects of every project from its ranking."""
    total = len(index.profiles)
    work = Work(
        total,
        sum(r[1] for r in rankings),
        sum(r[2] for r in rankings),
        max((r[3] for r in rankings), default=0),
        index.counted,
    )
    profiles = index.profiles
    homes = [{p.final.nis_code: p.final for p in profile.project.places} for profile in profiles]
    related: dict[str, tuple[Related, ...]] = {}
    for mine, home, (found, *_) in zip(profiles, homes, rankings, strict=True):
        regions = mine.project.regions
        related[mine.project.slug] = tuple(
            [
                Related(
                    project=profiles[other].project,
                    score=score,
                    themes=tuple([mine.themes[s] for s in themes]),
                    domains=tuple([mine.domains[s] for s in domains]),
                    partners=_names(mine.partners, partners) if partners else (),
                    words=words,
                    places=_shared_places(home, homes[other]),
                    regions=_shared_regions(regions, profiles[other].project.regions),
                )
                for other, score, themes, domains, partners, words in found
            ]
        )
    return MappingProxyType(related), work


def _names(names: Mapping[str, str], keys: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted([names[k] for k in keys], key=str.casefold))


def _shared_places(mine: Mapping[str, Place], theirs: Mapping[str, Place]) -> tuple[Place, ...]:
    """The municipalities (today's, by NIS code) that two projects both name themselves (not
    through a region), A–Z."""
    shared = [place for code, place in mine.items() if code in theirs] if theirs else []
    return tuple(sorted(shared, key=name_key)) if len(shared) > 1 else tuple(shared)


def _shared_regions(
    mine: Sequence[RegionEntry], theirs: Sequence[RegionEntry]
) -> tuple[RegionEntry, ...]:
    """The regions both projects name, A–Z."""
    if not mine or not theirs:
        return ()
    return tuple(sorted([r for r in mine if r in theirs], key=lambda r: r.name))
