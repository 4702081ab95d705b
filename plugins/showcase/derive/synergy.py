"""Synergies: which projects, municipalities and themes could learn from each other.

Pure domain code: it reads a linked :class:`~showcase.catalogue.Catalogue` and the neighbour
table ``data/neighbours.csv`` and returns frozen dataclasses; it knows nothing of Pelican or
templates. :func:`load_neighbours` reads the table (reporting problems, never raising) and
:func:`compute_synergies` computes, in one call:

* ``related``: per project, up to five projects *elsewhere* that resemble it, each with the
  reasons in Dutch ("zelfde thema: Luchtkwaliteit", "gelijkaardige woorden: sensoren, fijnstof");
* ``nearby`` ("In de buurt"): per current municipality, what its neighbours do on the themes it
  works on too, and the themes its neighbours work on that it has not touched yet;
* ``radar`` ("Opschalen", :mod:`showcase.derive.radar`): per project, the municipalities that
  could join it (members of its regions) or take it over (elsewhere), with their reasons and a
  score, ranked by evidence;
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
  its members take part and are never candidates. The radar's own decisions are in
  :mod:`showcase.derive.radar`.
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
``parallel.THRESHOLDS.related_projects`` projects on, counting the words and ranking are split over forked processes
(they share the index copy-on-write and send back plain data); the result is the same whatever
their number.

"In de buurt" costs O(M · k · p · t) for M current municipalities with k neighbours doing p
projects on t themes; the radar O(N · (footprint · k + region members)); the matrix
O(N · t · provinces).

Everything is deterministic: every list is sorted with a total order (ties end on a slug or a NIS
code; partial sums run in a fixed order and full scores are rounded to four decimals before
ranking). Nothing is kept at module level but constants.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from showcase import parallel
from showcase.derive.footprints import project_footprint, theme_order
from showcase.derive.matrix import ThemeProvinceMatrix, compute_matrix
from showcase.derive.nearby import Nearby, compute_nearby
from showcase.derive.neighbours import Neighbours, bind
from showcase.derive.radar import Peers, Radar, compute_radar
from showcase.derive.related import Related, Work, start_related
from showcase.link.catalogue import Catalogue

logger = logging.getLogger(__name__)


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
    rescore: int = 12
    """The best candidates by partial score that are scored in full."""
    shown_words: int = 3
    """Shared words given as a reason."""
    nearby_projects: int = 8
    """Neighbour projects shown per municipality ("In de buurt")."""
    radar_join: int = 5
    """Municipalities per project that could join it ("Opschalen": ``aansluiten``)."""
    radar_take_over: int = 5
    """Municipalities per project that could take it over (``overnemen``)."""


@dataclass(frozen=True)
class Synergies:
    related: Mapping[str, tuple[Related, ...]]
    """Project slug → related projects, best first (score, then slug). Every project is a key."""
    nearby: Mapping[str, Nearby]
    """NIS code of each current municipality → "In de buurt"."""
    radar: Radar
    """ "Opschalen": per project, who could join it or take it over."""
    matrix: ThemeProvinceMatrix
    work: Work = field(compare=False)


def compute_synergies(
    catalogue: Catalogue,
    neighbours: Neighbours,
    settings: SynergySettings | None = None,
    *,
    workers: int | None = None,
    today: dt.date | None = None,
    peers: Peers | None = None,
    cache: Path | None = None,
) -> Synergies:
    """Every synergy of the catalogue; pure and deterministic.

    From ``parallel.THRESHOLDS.related_projects`` projects on, the related projects are ranked in ``workers``
    processes (default: the usable cores); the result is the same whatever their number.
    ``today`` (default: the real today) decides which declarations of interest the radar still
    counts; ``peers`` (:func:`showcase.derive.peers.compute_peers`) adds peers as a reason.
    ``cache`` is a folder that keeps each text's counted words between builds
    (:mod:`showcase.derive.word_counts`; the result is the same with it or without it).
    """
    settings = settings or SynergySettings()
    workers = parallel.workers_for(workers)
    neighbours = bind(neighbours, catalogue)
    order = theme_order(catalogue)
    footprints = {id(p): project_footprint(p) for p in catalogue.projects}
    # Large catalogues rank the related projects in forked processes meanwhile.
    ranking = start_related(catalogue, footprints, order, settings, workers, cache)
    try:
        nearby = compute_nearby(catalogue, neighbours, order, settings)
        radar = compute_radar(
            catalogue, neighbours, footprints, settings, today=today or dt.date.today(), peers=peers
        )
        matrix = compute_matrix(catalogue, footprints, order)
    finally:
        related, work = ranking()
    logger.debug(
        "related projects: %d projects, %d postings visited, %d pairs scored",
        work.projects,
        work.postings_visited,
        work.pairs_scored,
    )
    return Synergies(related=related, nearby=nearby, radar=radar, matrix=matrix, work=work)
