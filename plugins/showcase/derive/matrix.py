"""Thema's per provincie: the number of projects per theme × province, with totals."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from showcase.derive.footprints import covered_themes
from showcase.link.catalogue import Catalogue, ProvinceEntry, ThemeEntry


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

    @property
    def groups(self) -> tuple[tuple[MatrixRow, tuple[MatrixRow, ...]], ...]:
        """The rows per domain: ``(domain row, its sub-theme rows)``, in the matrix's order."""
        groups: list[tuple[MatrixRow, list[MatrixRow]]] = []
        for row in self.rows:
            if row.is_domain or not groups:
                groups.append((row, []))
            else:
                groups[-1][1].append(row)
        return tuple((domain, tuple(subthemes)) for domain, subthemes in groups)

    def summary_of(self, slug: str) -> tuple[ThemeCount, ...]:
        """One province's column: each domain and sub-theme with projects there, in order."""
        index = next((i for i, p in enumerate(self.provinces) if p.slug == slug), None)
        if index is None:
            return ()
        return tuple(
            ThemeCount(row.theme, row.counts[index], row.is_domain)
            for row in self.rows
            if row.counts[index]
        )


@dataclass(frozen=True)
class ThemeCount:
    """A theme's projects in one province (a line of the province page's theme summary)."""

    theme: ThemeEntry
    count: int
    is_domain: bool


def compute_matrix(
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
        for slug in covered_themes(project):
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
