"""The neighbour table ``data/neighbours.csv``: which current municipalities border each other.

:func:`load_neighbours` reads it, reporting every bad row as a located problem (never raising).
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from showcase.derive.footprints import place_key
from showcase.link.catalogue import Catalogue, Place
from showcase.load.validation import did_you_mean
from showcase.problems import Problem, display_path

NEIGHBOURS_FILE = "neighbours.csv"
"""The neighbour table, in the data folder."""
NEIGHBOURS_HEADER = ("nis_code", "neighbour_nis", "shared_border_m")
MIN_SHARED_BORDER_M = 10
"""Two municipalities are neighbours when they share more than this many metres of border."""
_NIS_RE = re.compile(r"^[0-9]{5}$")


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
        report(1, 1, "", "bestand ontbreekt")
        return Neighbours(MappingProxyType({})), problems
    except UnicodeDecodeError as error:
        report(1, 1, "", f"geen UTF-8 ({error.reason} op byte {error.start}): bewaar als UTF-8")
        return Neighbours(MappingProxyType({})), problems

    reader = csv.reader(text.splitlines(keepends=True))
    header = next(reader, None)
    if header != list(NEIGHBOURS_HEADER):
        found = ",".join(header) if header else "niets"
        report(1, 1, "", f"de kopregel moet '{','.join(NEIGHBOURS_HEADER)}' zijn, niet '{found}'")
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
                f"verwacht 3 waarden ({','.join(NEIGHBOURS_HEADER)}), gevonden {len(row)}",
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
            report(line, cols[1], "neighbour_nis", "een gemeente is niet haar eigen buur")
            valid = False
        border = int(border_text) if border_text.isdigit() and border_text.isascii() else None
        if border is None:
            report(
                line,
                cols[2],
                "shared_border_m",
                f"'{border_text}' is geen lengte: schrijf hele meters, bv. '2940'",
            )
            valid = False
        elif border <= MIN_SHARED_BORDER_M:
            report(
                line,
                cols[2],
                "shared_border_m",
                f"{border} m gemeenschappelijke grens maakt geen buren: "
                f"de regel is meer dan {MIN_SHARED_BORDER_M} m",
            )
            valid = False
        if not valid or border is None:
            continue
        if (code, other) in rows:
            report(
                line,
                1,
                "",
                f"het paar {code},{other} staat er twee keer (eerst op regel {rows[code, other][1]})",
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
                f"de omgekeerde rij '{other},{code},{border}' ontbreekt: "
                "elk paar staat er van beide kanten in",
            )
        elif reverse[0] != border and code < other:
            report(
                line,
                1,
                "shared_border_m",
                f"{border} m hier maar {reverse[0]} m op regel {reverse[1]} voor de omgekeerde rij",
            )
        pairs[code, other] = pairs[other, code] = border
    listed: dict[str, list[Neighbour]] = defaultdict(list)
    for (code, other), border in pairs.items():
        listed[code].append(Neighbour(catalogue.places[other], border))
    by_code = {
        code: tuple(sorted(listed[code], key=lambda n: place_key(n.place)))
        for code in sorted(listed)
    }
    return Neighbours(MappingProxyType(by_code)), problems


def _check_code(value: str, catalogue: Catalogue) -> str | None:
    if not _NIS_RE.match(value):
        return f"'{value}' is geen NIS-code: schrijf 5 cijfers, bv. '44021'"
    place = catalogue.places.get(value)
    if place is None:
        current = [p.nis_code for p in catalogue.places.values() if p.is_current]
        return f"onbekende NIS-code '{value}'{did_you_mean(value, current)}"
    if not place.is_current:
        final = place.final
        return (
            f"'{value}' ({place.label}) is geen gemeente van de kaart van 2025: "
            f"ze is nu deel van {final.name} ('{final.nis_code}')"
        )
    return None


def bind(neighbours: Neighbours, catalogue: Catalogue) -> Neighbours:
    """The same table with this catalogue's places (it may come from another build)."""
    places = catalogue.places
    by_code = {
        code: tuple(Neighbour(places[n.place.nis_code], n.shared_border_m) for n in found)
        for code, found in neighbours.by_code.items()
        if code in places and all(n.place.nis_code in places for n in found)
    }
    return Neighbours(MappingProxyType(by_code))
