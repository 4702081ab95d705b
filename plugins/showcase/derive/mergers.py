"""The municipal mergers, told from the records: how many municipalities Flanders had before
and after each merger day, and what the mergers did to a region's member list.

Everything comes from the municipality records (``valid_from``, ``valid_until``, ``successor``):
a merger day is the day after a ``valid_until``, the count on a day is the number of records
valid that day. Nothing is typed in: a region listed as it was in 2018 says so itself ("44
gemeenten in 2018, 42 sinds de fusies van 1 januari 2019, 38 sinds de fusies van 1 januari
2025"), and /gemeenten/ tells 308 → 300 → 285 with the municipalities each wave made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from showcase.link.catalogue import Catalogue, Place, RegionEntry, name_key
from showcase.link.labels import date_nl

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Merger:
    """Municipalities that became one on a merger day."""

    result: Place
    """The municipality they became (it may keep one of their codes, as Antwerpen did)."""
    parts: tuple[Place, ...]
    """The municipalities of the day before that it is made of (itself when it kept its code),
    A–Z."""

    @property
    def parts_nl(self) -> str:
        """``Aalter en Knesselare``: the parts by their names (the day says which Aalter)."""
        return _joined([p.name for p in self.parts], "en")


@dataclass(frozen=True)
class MergerWave:
    """One merger day: how many municipalities before and after, and the mergers."""

    day: dt.date
    before: int
    after: int
    mergers: tuple[Merger, ...]
    """A–Z by the resulting municipality."""

    @property
    def merged(self) -> int:
        """Municipalities of the day before that took part (``before - after + len(mergers)``)."""
        return sum(len(m.parts) for m in self.mergers)

    @property
    def day_nl(self) -> str:
        return date_nl(self.day)


@dataclass(frozen=True)
class MergerHistory:
    """From the municipalities before the first merger day to today's."""

    first_day: dt.date | None
    """The last day before the first merger day (``None`` without mergers)."""
    first: int
    """How many municipalities there were that day (or today, without mergers)."""
    waves: tuple[MergerWave, ...]

    @property
    def first_day_nl(self) -> str:
        return date_nl(self.first_day) if self.first_day else ""

    @property
    def days_nl(self) -> str:
        """``1 januari 2019 of 1 januari 2025``: the merger days."""
        return _joined([w.day_nl for w in self.waves], "of")


@dataclass(frozen=True)
class RegionStep:
    """A region's member count on one day."""

    day: dt.date
    count: int
    mergers: tuple[Merger, ...] = ()
    """The mergers among its members that day (none for the first step)."""


@dataclass(frozen=True)
class RegionHistory:
    """How many municipalities a region's member list makes, before and after the mergers."""

    region: RegionEntry
    steps: tuple[RegionStep, ...]
    """The first day its list fits (the day before a merger day, or a merger day), then every
    merger day that changed the count."""

    @property
    def current(self) -> int:
        """Today's municipalities among its members (their successors counted once)."""
        return self.steps[-1].count if self.steps else len(self.region.members)

    @property
    def changed(self) -> bool:
        return len(self.steps) > 1

    @property
    def text(self) -> str:
        """``44 gemeenten in 2018, 42 sinds de fusies van 1 januari 2019, 38 sinds de fusies
        van 1 januari 2025``; ``18 gemeenten`` when no merger touched them."""
        if not self.steps:
            return _gemeenten(len(self.region.members))
        first, *later = self.steps
        if not later:
            return _gemeenten(first.count)
        parts = [f"{_gemeenten(first.count)} in {first.day.year}"]
        parts += [f"{step.count} sinds de fusies van {date_nl(step.day)}" for step in later]
        return ", ".join(parts)

    @property
    def short(self) -> str:
        """``38 gemeenten, 44 in 2018``: today first, for a fact box."""
        if not self.changed:
            return self.text
        first = self.steps[0]
        return f"{_gemeenten(self.current)}, {first.count} in {first.day.year}"


@dataclass(frozen=True)
class Mergers:
    history: MergerHistory
    regions: Mapping[str, RegionHistory]
    """Region slug → its history, every region of the catalogue."""

    @classmethod
    def none(cls) -> Mergers:
        """No mergers and no regions (a bundle made without the catalogue, in tests)."""
        return cls(MergerHistory(None, 0, ()), MappingProxyType({}))

    def of_regions(self, regions: Sequence[RegionEntry]) -> tuple[RegionHistory, ...]:
        """The histories of ``regions``, in their order."""
        return tuple(self.regions[r.slug] for r in regions if r.slug in self.regions)


def _gemeenten(count: int) -> str:
    return f"{count} gemeente" if count == 1 else f"{count} gemeenten"


def _joined(items: Sequence[str], word: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def merger_days(catalogue: Catalogue) -> list[dt.date]:
    """Every day on which municipalities merged, from the records' ``valid_until``."""
    return sorted({p.merged_on for p in catalogue.places.values() if p.merged_on is not None})


def holder_on(place: Place, day: dt.date) -> Place | None:
    """The municipality that holds ``place``'s territory on ``day``: itself, or the successor it
    merged into; ``None`` if it did not exist yet."""
    seen: set[str] = set()
    current: Place | None = place
    while current is not None and current.nis_code not in seen:
        if current.exists_on(day):
            return current
        start = current.record.valid_from
        if start is not None and day < start:
            return None
        seen.add(current.nis_code)
        current = current.successor
    return None


def _mergers_on(places: Sequence[Place], day: dt.date) -> tuple[Merger, ...]:
    """How the municipalities of the day before ``day`` among ``places`` came together on
    ``day``: the groups of two or more that became one."""
    before = ordered_unique(holder_on(p, day - ONE_DAY) for p in places)
    groups: dict[str, tuple[Place, list[Place]]] = {}
    for old in before:
        new = holder_on(old, day)
        if new is None:
            continue
        groups.setdefault(new.nis_code, (new, []))[1].append(old)
    found = [
        Merger(new, tuple(sorted(parts, key=name_key)))
        for new, parts in groups.values()
        if len(parts) > 1
    ]
    return tuple(sorted(found, key=lambda m: name_key(m.result)))


def ordered_unique(places: Iterable[Place | None]) -> list[Place]:
    """The places, each once, in first-seen order (``None`` left out)."""
    found: list[Place] = []
    seen: set[str] = set()
    for place in places:
        if place is not None and place.nis_code not in seen:
            seen.add(place.nis_code)
            found.append(place)
    return found


def merger_history(catalogue: Catalogue) -> MergerHistory:
    days = merger_days(catalogue)
    places = list(catalogue.places.values())
    if not days:
        return MergerHistory(None, len(catalogue.current), ())
    first_day = days[0] - ONE_DAY
    waves = []
    for day in days:
        before = sum(1 for p in places if p.exists_on(day - ONE_DAY))
        after = sum(1 for p in places if p.exists_on(day))
        merged = [p for p in places if p.merged_on == day]
        touched = [*merged, *(p.successor for p in merged if p.successor is not None)]
        waves.append(MergerWave(day, before, after, _mergers_on(touched, day)))
    first = sum(1 for p in places if p.exists_on(first_day))
    return MergerHistory(first_day, first, tuple(waves))


def region_history(region: RegionEntry, days: Sequence[dt.date]) -> RegionHistory:
    """The region's member count from the first day its list fits, then after each merger
    day that changed it."""
    candidates = [days[0] - ONE_DAY, *days] if days else []
    steps: list[RegionStep] = []
    for day in candidates:
        holders = [holder_on(m, day) for m in region.members]
        if any(h is None for h in holders):
            continue  # the list names a municipality that did not exist yet
        count = len(ordered_unique(holders))
        if not steps:
            steps.append(RegionStep(day, count))
        elif count != steps[-1].count:
            steps.append(RegionStep(day, count, _mergers_on(region.members, day)))
    return RegionHistory(region, tuple(steps))


def compute_mergers(catalogue: Catalogue) -> Mergers:
    days = merger_days(catalogue)
    regions = {r.slug: region_history(r, days) for r in catalogue.regions}
    return Mergers(merger_history(catalogue), MappingProxyType(regions))
