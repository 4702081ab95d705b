"""The domain of the smart-city showcase: models, loading, linking, deriving, reporting.

Nothing in this package knows Pelican; the build (``pelican_showcase``) and the command line
(``python -m showcase``) share it. The sub-packages follow the flow::

    schema/   the models (pydantic) and the JSON Schema made from them
    load/     strict YAML with positions, finding and validating files
    link/     the catalogue: every reference resolved, then sealed
    derive/   synergies, maps, open data and warnings, computed from the catalogue
    site/     the page plan, Markdown bodies, the site's own files
    check/    checks of the built site: links, markup, HTML, the search index's shards
    contribute/  what contributors run: scaffolding new entries

``kinds.py`` declares the content kinds every stage loops over; ``settings.py`` holds every
``SHOWCASE_*`` setting; ``parallel.py`` is the one place that runs work in parallel.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from showcase.derive.warnings import find_warnings
from showcase.link.catalogue import Catalogue
from showcase.link.linker import build_catalogue
from showcase.load.dataset import Layout, load_dataset
from showcase.problems import Problem, errors_in

__all__ = ["Catalogue", "CheckResult", "Layout", "Problem", "check_showcase", "run_check"]


@dataclass(frozen=True)
class CheckResult:
    catalogue: Catalogue
    problems: list[Problem]
    files: int
    """How many files were checked."""


def check_showcase(
    layout: Layout,
    *,
    warnings: bool = False,
    today: dt.date | None = None,
) -> tuple[Catalogue, list[Problem]]:
    """Load, validate and link everything; return the catalogue and every problem found.

    With ``warnings``, the problems include warnings too (:mod:`showcase.derive.warnings`, and
    the raw HTML that a body loses, :mod:`showcase.load.rawhtml`), as of ``today`` (default:
    the real today). The build leaves them out: they never fail it.
    """
    result = run_check(layout, warnings=warnings, today=today)
    return result.catalogue, result.problems


def run_check(
    layout: Layout, *, warnings: bool = False, today: dt.date | None = None
) -> CheckResult:
    """:func:`check_showcase`, and how many files it read."""
    data, problems = load_dataset(layout)
    catalogue, link_problems = build_catalogue(data)
    problems += link_problems
    if not warnings:
        problems = errors_in(problems)
    else:
        documents = {
            loaded.doc.display: loaded.doc
            for entries in data.entries.values()
            for loaded in entries
        }
        problems += find_warnings(catalogue, today or dt.date.today(), documents)
    return CheckResult(catalogue, problems, data.files_read)
