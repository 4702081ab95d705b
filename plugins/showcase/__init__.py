"""The domain of the smart-city showcase: models, loading, linking, reporting.

Nothing in this package knows Pelican; the build (``pelican_showcase``) and the command line
(``python -m showcase``) share it.
"""

from __future__ import annotations

import datetime as dt

from showcase.derive.warnings import find_warnings
from showcase.link.catalogue import Catalogue, build_catalogue
from showcase.load.dataset import Layout, load_dataset
from showcase.problems import Problem

__all__ = ["Catalogue", "Layout", "Problem", "check_showcase"]


def check_showcase(
    layout: Layout,
    *,
    warnings: bool = False,
    today: dt.date | None = None,
) -> tuple[Catalogue, list[Problem]]:
    """Load, validate and link everything; return the catalogue and every problem found.

    With ``warnings``, the problems include warnings too (:mod:`showcase.derive.warnings`), as of
    ``today`` (default: the real today). The build leaves them out: they never fail it.
    """
    data, problems = load_dataset(layout)
    catalogue, link_problems = build_catalogue(data)
    problems += link_problems
    if warnings:
        documents = {loaded.doc.display: loaded.doc for loaded in data.projects}
        documents.update((loaded.doc.display, loaded.doc) for loaded in data.ervaringen)
        documents.update((loaded.doc.display, loaded.doc) for loaded in data.suggesties)
        problems += find_warnings(catalogue, today or dt.date.today(), documents)
    return catalogue, problems
