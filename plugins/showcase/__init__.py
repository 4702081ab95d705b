"""The domain of the smart-city showcase: models, loading, linking, reporting.

Nothing in this package knows Pelican; the build (``pelican_showcase``) and the command line
(``python -m showcase``) share it.
"""

from __future__ import annotations

from showcase.catalogue import Catalogue, build_catalogue
from showcase.dataset import Layout, load_dataset
from showcase.markup import MarkdownRenderer
from showcase.problems import Problem

__all__ = ["Catalogue", "Layout", "Problem", "check_showcase"]


def check_showcase(
    layout: Layout, renderer: MarkdownRenderer | None = None
) -> tuple[Catalogue, list[Problem]]:
    """Load, validate and link everything; return the catalogue and every problem found."""
    data, problems = load_dataset(layout)
    catalogue, link_problems = build_catalogue(data, renderer)
    return catalogue, problems + link_problems
