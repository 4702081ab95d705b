"""Municipality shapes and the build-time SVG maps (no tiles, nothing fetched, no scripts).

``data/geo/flanders-2025.json`` is a quantized TopoJSON made once by
``tools/simplify_boundaries.py``: shared borders are stored once as arcs, so neighbouring
municipalities stay gap-free. Its integer grid coordinates (Belgian Lambert 72, y down) are the
SVG user units: a ``d`` string is the rings written out, with nothing to project or round.

:func:`load_map_data` reads the file and reports what is wrong as problems, never raising.
:func:`render_region_map` draws the whole region, one link per municipality, coloured by its
number of own projects (``Place.own_projects``: not those it takes part in only through a
region, which would colour a whole province alike), with the province borders and names;
:func:`render_province_map` draws one province's municipalities the same way, each with its
name for hover and focus; :func:`render_local_map` draws one municipality among its neighbours.
Names go where a horizontal label fits best (:func:`label_point`); the colour legend is HTML,
on the page (:data:`COUNT_BUCKETS`).
The output is deterministic (municipalities in NIS order, integers only) and carries no ``style``
attribute, script or event handler: the colours are classes, styled in ``theme/static/css``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from html import escape
from itertools import pairwise
from pathlib import Path
from typing import Any

from showcase.problems import Problem, display_path

GridPoint = tuple[int, int]
Ring = tuple[GridPoint, ...]
"""A closed ring: the last point repeats the first."""
Polygon = tuple[Ring, ...]
"""An outer ring followed by its holes."""

MAP_DATA_PATH = Path("data") / "geo" / "flanders-2025.json"
"""Where the map data lives, relative to the project root."""

_NIS = re.compile(r"\d{5}")
_SVG_NS = "http://www.w3.org/2000/svg"


@dataclass(frozen=True)
class Bucket:
    """A class of project counts: ``low`` to ``high`` inclusive (``high`` None: no upper end)."""

    low: int
    high: int | None
    css_class: str
    label: str

    def contains(self, count: int) -> bool:
        return count >= self.low and (self.high is None or count <= self.high)


COUNT_BUCKETS: tuple[Bucket, ...] = (
    Bucket(0, 0, "map-count-0", "0 eigen projecten"),
    Bucket(1, 1, "map-count-1", "1 eigen project"),
    Bucket(2, 3, "map-count-2-3", "2 of 3 eigen projecten"),
    Bucket(4, None, "map-count-4-plus", "4 of meer eigen projecten"),
)
"""The colour classes of the region map (by own projects), in legend order."""


@dataclass(frozen=True)
class Shape:
    """One municipality on the map grid."""

    nis_code: str
    name: str
    polygons: tuple[Polygon, ...]

    @cached_property
    def rings(self) -> tuple[Ring, ...]:
        return tuple(ring for polygon in self.polygons for ring in polygon)

    @cached_property
    def bbox(self) -> tuple[int, int, int, int]:
        """``(min_x, min_y, max_x, max_y)`` in grid units."""
        xs = [p[0] for ring in self.rings for p in ring]
        ys = [p[1] for ring in self.rings for p in ring]
        return min(xs), min(ys), max(xs), max(ys)

    @cached_property
    def path_data(self) -> str:
        """The SVG ``d``: per ring an absolute ``M``, relative ``l`` segments and ``z``."""
        return "".join(_ring_path(ring) for ring in self.rings)


@dataclass(frozen=True)
class MapData:
    """Every municipality shape of one map, keyed and ordered by NIS code."""

    width: int
    height: int
    shapes: Mapping[str, Shape]
    attribution: str
    """The credit line the data asks for (its ``licence``)."""
    neighbours: Mapping[str, tuple[str, ...]]
    """Per NIS code, the municipalities it shares a border with (an arc, not just a corner)."""
    arcs: tuple[tuple[GridPoint, ...], ...] = ()
    """The shared border pieces, decoded: each drawn once, by whichever map needs it."""
    arc_users: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    """Per arc, the municipalities whose rings use it (one: an outer border; two: a shared one)."""


# --- Loading ---------------------------------------------------------------------------------


class _Invalid(Exception):
    """A structural problem inside the map data, with the field it concerns."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _int_pair(value: Any, field: str) -> GridPoint:
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise _Invalid(
            field, f"verwacht een paar gehele getallen, maar kreeg {json.dumps(value)[:40]}"
        )
    return value[0], value[1]


def _decode_arcs(value: Any) -> list[list[GridPoint]]:
    if not isinstance(value, list) or not value:
        raise _Invalid("arcs", "verwacht een niet-lege lijst van bogen (arcs)")
    arcs: list[list[GridPoint]] = []
    for i, raw in enumerate(value):
        if not isinstance(raw, list) or len(raw) < 2:
            raise _Invalid(f"arcs[{i}]", "een boog heeft minstens twee posities nodig")
        x = y = 0
        points: list[GridPoint] = []
        for j, item in enumerate(raw):
            dx, dy = _int_pair(item, f"arcs[{i}][{j}]")
            x, y = x + dx, y + dy
            points.append((x, y))
        arcs.append(points)
    return arcs


def _join_ring(refs: Any, arcs: Sequence[Sequence[GridPoint]], field: str) -> Ring:
    if not isinstance(refs, list) or not refs:
        raise _Invalid(field, "een ring heeft een niet-lege lijst van boognummers nodig")
    points: list[GridPoint] = []
    for ref in refs:
        if not isinstance(ref, int) or isinstance(ref, bool) or not -len(arcs) <= ref < len(arcs):
            raise _Invalid(field, f"onbekende boog {json.dumps(ref)}")
        arc = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
        if points and points[-1] != arc[0]:
            raise _Invalid(field, f"boog {ref} begint niet waar de vorige eindigt")
        points.extend(arc[1:] if points else arc)
    ring: list[GridPoint] = []
    for point in points:
        if not ring or point != ring[-1]:
            ring.append(point)
    if ring[0] != ring[-1]:
        raise _Invalid(field, "de ring is niet gesloten")
    if len(set(ring)) < 3:
        raise _Invalid(field, "de ring heeft minder dan drie verschillende punten")
    return tuple(ring)


def _decode_shape(
    raw: Any, arcs: Sequence[Sequence[GridPoint]], field: str
) -> tuple[Shape, set[int]]:
    if not isinstance(raw, dict):
        raise _Invalid(field, "verwacht een geometrie-object")
    properties = raw.get("properties")
    if not isinstance(properties, dict):
        raise _Invalid(f"{field}.properties", "properties ontbreken")
    nis = properties.get("nis_code")
    name = properties.get("name_nl")
    if not isinstance(nis, str) or not _NIS.fullmatch(nis):
        raise _Invalid(f"{field}.properties.nis_code", "verwacht een tekst van vijf cijfers")
    if not isinstance(name, str) or not name.strip():
        raise _Invalid(f"{field}.properties.name_nl", f"{nis}: de naam ontbreekt")
    kind, raw_arcs = raw.get("type"), raw.get("arcs")
    if kind == "Polygon":
        raw_polygons = [raw_arcs]
    elif kind == "MultiPolygon" and isinstance(raw_arcs, list) and raw_arcs:
        raw_polygons = raw_arcs
    else:
        raise _Invalid(
            f"{field}.type", f"{nis}: verwacht een Polygon of een niet-lege MultiPolygon"
        )
    polygons: list[Polygon] = []
    used: set[int] = set()
    for p, raw_polygon in enumerate(raw_polygons):
        where = f"{field}.arcs" + (f"[{p}]" if kind == "MultiPolygon" else "")
        if not isinstance(raw_polygon, list) or not raw_polygon:
            raise _Invalid(where, f"{nis}: een polygoon heeft minstens één ring nodig")
        polygons.append(
            tuple(_join_ring(refs, arcs, f"{where}[{r}]") for r, refs in enumerate(raw_polygon))
        )
        used.update(ref if ref >= 0 else ~ref for refs in raw_polygon for ref in refs)
    return Shape(nis_code=nis, name=name, polygons=tuple(polygons)), used


def _size(topology: dict[str, Any]) -> tuple[int, int]:
    size = topology.get("size")
    if isinstance(size, dict):
        width, height = size.get("width"), size.get("height")
        if isinstance(width, int) and isinstance(height, int) and width > 0 and height > 0:
            return width, height
    raise _Invalid("size", "verwacht {width, height} als positieve gehele getallen")


def _attribution(topology: dict[str, Any]) -> str:
    licence = topology.get("licence")
    if not isinstance(licence, str) or not licence.strip():
        raise _Invalid("licence", "de kaartgegevens moeten hun bronnen vermelden")
    return licence.strip()


def load_map_data(path: Path, root: Path | None = None) -> tuple[MapData | None, list[Problem]]:
    """Read the map data; every problem is reported, none is raised.

    The map is returned only when the whole file is sound, so a page never shows half a map.
    """
    display = display_path(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        return None, [
            Problem(display, 1, 1, "", f"het bestand kan niet gelezen worden: {error.strerror}")
        ]
    except UnicodeDecodeError:
        return None, [Problem(display, 1, 1, "", "het bestand is geen UTF-8")]
    try:
        topology = json.loads(text)
    except json.JSONDecodeError as error:
        return None, [
            Problem(display, error.lineno, error.colno, "", f"ongeldige JSON: {error.msg}")
        ]
    if not isinstance(topology, dict) or topology.get("type") != "Topology":
        return None, [Problem(display, 1, 1, "type", "verwacht een TopoJSON-Topology")]
    problems: list[Problem] = []
    try:
        width, height = _size(topology)
        attribution = _attribution(topology)
        arcs = _decode_arcs(topology.get("arcs"))
        collection = topology.get("objects", {}).get("municipalities")
        geometries = collection.get("geometries") if isinstance(collection, dict) else None
        if not isinstance(geometries, list) or not geometries:
            raise _Invalid("objects.municipalities", "verwacht een GeometryCollection")
    except _Invalid as invalid:
        return None, [Problem(display, 1, 1, invalid.field, invalid.message)]

    shapes: dict[str, Shape] = {}
    users: dict[int, set[str]] = {}
    seen: dict[str, int] = {}
    for i, raw in enumerate(geometries):
        field = f"objects.municipalities.geometries[{i}]"
        nis = _nis_of(raw)
        occurrence = seen.get(nis, 0) if nis else 0
        if nis:
            seen[nis] = occurrence + 1
        line = _line_of(text, nis, occurrence)
        if occurrence:
            message = f"{nis} komt meer dan eens voor"
            problems.append(Problem(display, line, 1, f"{field}.properties.nis_code", message))
            continue
        try:
            shape, used = _decode_shape(raw, arcs, field)
        except _Invalid as invalid:
            problems.append(Problem(display, line, 1, invalid.field, invalid.message))
            continue
        shapes[shape.nis_code] = shape
        for arc in used:
            users.setdefault(arc, set()).add(shape.nis_code)
    if problems:
        return None, problems
    touching: dict[str, set[str]] = {nis: set() for nis in shapes}
    for codes in users.values():
        for nis in codes:
            touching[nis].update(codes - {nis})
    data = MapData(
        width=width,
        height=height,
        shapes={nis: shapes[nis] for nis in sorted(shapes)},
        attribution=attribution,
        neighbours={nis: tuple(sorted(touching[nis])) for nis in sorted(touching)},
        arcs=tuple(tuple(arc) for arc in arcs),
        arc_users={arc: tuple(sorted(codes)) for arc, codes in sorted(users.items())},
    )
    return data, []


def _nis_of(raw: Any) -> str | None:
    properties = raw.get("properties") if isinstance(raw, dict) else None
    nis = properties.get("nis_code") if isinstance(properties, dict) else None
    return nis if isinstance(nis, str) and nis else None


def _line_of(text: str, nis: str | None, occurrence: int) -> int:
    """The line of a geometry, found by its NIS code (the tool writes one per line)."""
    at = -1
    for _ in range(occurrence + 1 if nis else 0):
        at = text.find(f'"nis_code":"{nis}"', at + 1)
        if at < 0:
            return 1
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def check_coverage(
    data: MapData, expected: Mapping[str, str], path: str = MAP_DATA_PATH.as_posix()
) -> list[Problem]:
    """Problems when the shapes and the current municipalities (NIS → name) differ."""
    problems: list[Problem] = []
    for nis in sorted(set(expected) - set(data.shapes)):
        problems.append(
            Problem(path, 1, 1, "objects.municipalities", f"geen vorm voor {nis} {expected[nis]}")
        )
    for nis in sorted(set(data.shapes) - set(expected)):
        name = data.shapes[nis].name
        message = f"vorm {nis} {name} is geen huidige gemeente"
        problems.append(Problem(path, 1, 1, "objects.municipalities", message))
    return problems


# --- Rendering -------------------------------------------------------------------------------


def count_bucket(count: int) -> Bucket:
    """The colour class of a number of projects."""
    for bucket in COUNT_BUCKETS:
        if bucket.contains(count):
            return bucket
    return COUNT_BUCKETS[0]  # negative counts do not happen; draw them as none


def count_label(name: str, count: int) -> str:
    """``Gent: 5 projecten``, ``Aalter: 1 project``."""
    return f"{name}: {count} {'project' if count == 1 else 'projecten'}"


def _numbers(values: Iterable[int]) -> str:
    """Integers for a path: a space only where the next number has no minus sign."""
    out: list[str] = []
    for value in values:
        if out and value >= 0:
            out.append(" ")
        out.append(str(value))
    return "".join(out)


def _ring_path(ring: Ring) -> str:
    points = list(ring[:-1]) if len(ring) > 1 and ring[0] == ring[-1] else list(ring)
    deltas: list[int] = []
    for a, b in pairwise(points):
        if a != b:
            deltas.extend((b[0] - a[0], b[1] - a[1]))
    start = f"M{_numbers(points[0])}"
    return f"{start}l{_numbers(deltas)}z" if deltas else f"{start}z"


def _attr(value: str) -> str:
    return escape(value, quote=True)


def _names_list(names: Sequence[str]) -> str:
    """``A``, ``A en B``, ``A, B en C``."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " en " + names[-1]


def _svg_open(
    view_box: tuple[int, int, int, int],
    css_class: str,
    id_prefix: str,
    title: str,
    description: str,
    interactive: bool,
) -> list[str]:
    # role="img" would make every link inside presentational, hidden from screen readers: a
    # map with links keeps the SVG root's own role (graphics-document), named by its title and
    # described by its desc. (The Nu checker refuses role="group" on <svg>.)
    role = "" if interactive else 'role="img" '
    id_prefix = _attr(id_prefix)
    return [
        f'<svg xmlns="{_SVG_NS}" viewBox="{" ".join(map(str, view_box))}" class="{css_class}" '
        f'{role}aria-labelledby="{id_prefix}-title" '
        f'aria-describedby="{id_prefix}-desc">',
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(description)}</desc>',
    ]


def _area(shape: Shape, css_class: str, title: str, url: str | None, extra: str = "") -> str:
    path = f'<path class="map-area {css_class}" d="{shape.path_data}"/>{extra}'
    if url is None:
        return f"<g><title>{escape(title)}</title>{path}</g>"
    return f'<a href="{_attr(url)}"><title>{escape(title)}</title>{path}</a>'


_LABEL_EM = 0.66
"""A generous average character width, in em, to keep a label inside the map without
measuring text."""

REGION_LABEL_SIZE = 28
"""Province names on the region map are 1/28 of its width high: about 12 px on a 375 px phone.
Wider maps shrink them in CSS (a percentage of this size), so they stay about that size."""
PROVINCE_LABEL_SIZE = 20
"""Municipality names on a province map (shown on hover and focus): 1/20 of its width."""


def _inside(point: tuple[float, float], ring: Ring) -> bool:
    inside = False
    for a, b in pairwise(ring):
        if (a[1] > point[1]) != (b[1] > point[1]):
            x = a[0] + (point[1] - a[1]) * (b[0] - a[0]) / (b[1] - a[1])
            if point[0] < x:
                inside = not inside
    return inside


def shape_contains(shape: Shape, point: tuple[float, float]) -> bool:
    """Whether the point lies inside the shape (even-odd over all its rings: holes excluded)."""
    return sum(_inside(point, ring) for ring in shape.rings) % 2 == 1


def _runs(shape: Shape, y: float) -> list[tuple[float, float]]:
    """The stretches of the horizontal line at ``y`` that lie inside the shape."""
    xs: list[float] = []
    for ring in shape.rings:
        for a, b in pairwise(ring):
            if (a[1] > y) != (b[1] > y):
                xs.append(a[0] + (y - a[1]) * (b[0] - a[0]) / (b[1] - a[1]))
    xs.sort()
    return list(zip(xs[::2], xs[1::2], strict=True))


def label_point(shapes: Sequence[Shape], lines: int = 15) -> GridPoint:
    """Where a horizontal label fits best in one shape or a group of touching shapes.

    On ``lines`` horizontal lines across the middle half of their height, the stretches inside
    the shapes (neighbours' stretches joined), the widest wins, central lines preferred: the
    label goes in its middle. Cheap (no distance field) and always inside a shape: the point
    ``(x, y)`` returned lies on the line ``y + 0.5``, inside.
    """
    min_y = min(shape.bbox[1] for shape in shapes)
    max_y = max(shape.bbox[3] for shape in shapes)
    best: tuple[float, int, int] | None = None
    for i in range(lines):
        share = 0.25 + 0.5 * (i + 0.5) / lines
        y = math.floor(min_y + (max_y - min_y) * share) + 0.5  # never on a grid vertex
        merged: list[tuple[float, float]] = []
        for start, end in sorted(run for shape in shapes for run in _runs(shape, y)):
            if merged and start <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        for start, end in merged:
            score = (end - start) * (1 - abs(share - 0.5))
            if best is None or score > best[0]:
                best = (score, round((start + end) / 2), math.floor(y))
    if best is None:  # degenerate shapes: the middle of their box
        min_x = min(shape.bbox[0] for shape in shapes)
        max_x = max(shape.bbox[2] for shape in shapes)
        return (min_x + max_x) // 2, (min_y + max_y) // 2
    return best[1], best[2]


def outline_arcs(data: MapData, members: Collection[str]) -> tuple[int, ...]:
    """The arcs on the outline of a group of municipalities: those only one of them uses."""
    return tuple(
        arc for arc, users in data.arc_users.items() if sum(nis in members for nis in users) == 1
    )


def _arcs_path(data: MapData, arcs: Iterable[int]) -> str:
    """Open polylines, one ``M…l…`` per arc, in arc order."""
    parts: list[str] = []
    for index in arcs:
        points = data.arcs[index]
        deltas: list[int] = []
        for a, b in pairwise(points):
            if a != b:
                deltas.extend((b[0] - a[0], b[1] - a[1]))
        if deltas:
            parts.append(f"M{_numbers(points[0])}l{_numbers(deltas)}")
    return "".join(parts)


@dataclass(frozen=True)
class MapLabel:
    """A name on the map: its text and where its middle goes (grid units)."""

    text: str
    x: int
    y: int


def _label_text(label: MapLabel, css_class: str, hidden: bool = False) -> str:
    aria = ' aria-hidden="true"' if hidden else ""
    return (
        f'<text class="{css_class}"{aria} x="{label.x}" y="{label.y}" dy=".35em">'
        f"{escape(label.text)}</text>"
    )


def _fit_label(
    text: str, point: GridPoint, size: int, view_box: tuple[int, int, int, int]
) -> MapLabel:
    """The label at the point, moved in as far as needed for its estimated width to fit."""
    half = math.ceil(len(text) * _LABEL_EM * size / 2)
    left, top, width, height = view_box
    x = min(max(point[0], left + half), left + width - half)
    y = min(max(point[1], top + size), top + height - size)
    return MapLabel(text, x, y)


def province_labels(
    data: MapData, provinces: Mapping[str, str], size: int, view_box: tuple[int, int, int, int]
) -> tuple[MapLabel, ...]:
    """One label per province (``provinces``: NIS code → province name), A–Z."""
    members: dict[str, list[Shape]] = {}
    for nis, shape in data.shapes.items():
        if nis in provinces:
            members.setdefault(provinces[nis], []).append(shape)
    return tuple(
        _fit_label(name, label_point(members[name]), size, view_box)
        for name in sorted(members, key=lambda n: (n.casefold(), n))
    )


def render_region_map(
    data: MapData,
    counts: Mapping[str, int],
    urls: Mapping[str, str],
    names: Mapping[str, str],
    *,
    labels: Mapping[str, str] | None = None,
    provinces: Mapping[str, str] | None = None,
    title: str = "Kaart van Vlaanderen: slimme-stadsprojecten per gemeente",
    description: str = (
        "Elke gemeente is gekleurd naar haar aantal eigen projecten (zonder de projecten waar "
        "ze enkel via een regio aan deelneemt) en is een link naar haar pagina. De tabel bij "
        "de kaart geeft dezelfde cijfers."
    ),
    id_prefix: str = "kaart-vlaanderen",
) -> str:
    """The whole region: one link per municipality, coloured by its number of own projects.

    ``counts``, ``urls``, ``names`` and ``labels`` are keyed by NIS code. A municipality without
    a count has none; one without a URL is drawn without a link; one without a name shows the
    map's name. A link's title is ``name: label`` when ``labels`` gives one (the site passes
    :attr:`ProjectCounts.text`, both numbers), else ``name: N projecten`` (:func:`count_label`).
    ``provinces`` (NIS code → province name) adds the province borders and names, drawn on
    top and hidden from assistive technology (the page lists the provinces as links).
    ``id_prefix`` keeps the title and desc ids unique on the page. The legend is the page's
    (HTML, from :data:`COUNT_BUCKETS`), so it stays readable on a phone.
    """
    margin = max(data.width // 100, 1)
    view_box = (-margin, -margin, data.width + 2 * margin, data.height + 2 * margin)
    interactive = any(nis in urls for nis in data.shapes)
    lines = _svg_open(view_box, "map map-region", id_prefix, title, description, interactive)
    lines.append('<g class="map-areas" fill-rule="evenodd">')
    for nis, shape in data.shapes.items():
        count = max(counts.get(nis, 0), 0)
        name = names.get(nis, shape.name)
        text = labels.get(nis) if labels is not None else None
        label = f"{name}: {text}" if text is not None else count_label(name, count)
        lines.append(_area(shape, count_bucket(count).css_class, label, urls.get(nis)))
    lines.append("</g>")
    if provinces:
        groups: dict[str, set[str]] = {}
        for nis in data.shapes:
            if nis in provinces:
                groups.setdefault(provinces[nis], set()).add(nis)
        borders = sorted(
            {arc for members in groups.values() for arc in outline_arcs(data, members)}
        )
        size = view_box[2] // REGION_LABEL_SIZE
        lines.append('<g class="map-provinces" aria-hidden="true">')
        lines.append(f'<path class="map-province-border" d="{_arcs_path(data, borders)}"/>')
        lines.append(f'<g class="map-labels" font-size="{size}" text-anchor="middle">')
        lines.extend(
            _label_text(label, "map-label")
            for label in province_labels(data, provinces, size, view_box)
        )
        lines.append("</g>")
        lines.append("</g>")
    lines.append("</svg>")
    return "\n".join(lines) + "\n"


def render_province_map(
    data: MapData,
    members: Collection[str],
    counts: Mapping[str, int],
    urls: Mapping[str, str],
    names: Mapping[str, str],
    *,
    labels: Mapping[str, str] | None = None,
    title: str,
    description: str,
    id_prefix: str = "kaart-provincie",
    margin_ratio: float = 0.03,
) -> str:
    """One province: its municipalities (``members``) as on the region map, cropped to them.

    Each municipality is a link (when it has a URL) with its title (``name: label``, as on the
    region map) and its name, which CSS shows on hover and keyboard focus (``map-name``).
    Municipalities of other provinces in view are faint context, hidden from assistive
    technology; the province's outline is drawn on top. Empty when no member has a shape.
    """
    inside = [nis for nis in data.shapes if nis in members]
    if not inside:
        return ""
    boxes = [data.shapes[nis].bbox for nis in inside]
    min_x, min_y = min(b[0] for b in boxes), min(b[1] for b in boxes)
    max_x, max_y = max(b[2] for b in boxes), max(b[3] for b in boxes)
    margin = max(round(max(max_x - min_x, max_y - min_y) * margin_ratio), 1)
    view = (min_x - margin, min_y - margin, max_x + margin, max_y + margin)
    view_box = (view[0], view[1], view[2] - view[0], view[3] - view[1])
    size = view_box[2] // PROVINCE_LABEL_SIZE
    context = [
        nis
        for nis, shape in data.shapes.items()
        if nis not in members and _overlaps(shape.bbox, view)
    ]
    interactive = any(nis in urls for nis in inside)
    lines = _svg_open(view_box, "map map-province", id_prefix, title, description, interactive)
    if context:
        lines.append('<g class="map-areas" fill-rule="evenodd" aria-hidden="true">')
        lines.extend(
            f'<path class="map-area map-context" d="{data.shapes[nis].path_data}"/>'
            for nis in context
        )
        lines.append("</g>")
    lines.append(
        f'<g class="map-areas" fill-rule="evenodd" font-size="{size}" text-anchor="middle">'
    )
    for nis in inside:
        shape = data.shapes[nis]
        count = max(counts.get(nis, 0), 0)
        name = names.get(nis, shape.name)
        text = labels.get(nis) if labels is not None else None
        label = f"{name}: {text}" if text is not None else count_label(name, count)
        name_label = _fit_label(name, label_point([shape], lines=7), size, view_box)
        lines.append(
            _area(
                shape,
                count_bucket(count).css_class,
                label,
                urls.get(nis),
                extra=_label_text(name_label, "map-name", hidden=True),
            )
        )
    lines.append("</g>")
    outline = _arcs_path(data, outline_arcs(data, set(inside)))
    lines.append(f'<path class="map-province-border" aria-hidden="true" d="{outline}"/>')
    lines.append("</svg>")
    return "\n".join(lines) + "\n"


def _overlaps(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _widen(box: tuple[int, int, int, int], width: int, height: int) -> tuple[int, int, int, int]:
    """The box, grown around its centre to at least ``width`` by ``height``."""
    grow_x = max(width - (box[2] - box[0]), 0)
    grow_y = max(height - (box[3] - box[1]), 0)
    return (
        box[0] - grow_x // 2,
        box[1] - grow_y // 2,
        box[2] + grow_x - grow_x // 2,
        box[3] + grow_y - grow_y // 2,
    )


def render_local_map(
    data: MapData,
    focus_nis: str,
    neighbour_nis: Iterable[str],
    urls: Mapping[str, str],
    names: Mapping[str, str],
    *,
    id_prefix: str = "kaart-ligging",
    margin_ratio: float = 0.08,
    min_width_ratio: float = 1 / 6,
) -> str:
    """One municipality among its neighbours, cropped to them with a margin.

    The view is at least ``min_width_ratio`` of the region wide (and half that high), so a
    municipality without Flemish neighbours, such as Voeren, still shows its surroundings.

    The focus municipality is highlighted (``map-focus``) and not linked: it is the page the
    map is on. Neighbours (``map-neighbour``) link to their pages. Other municipalities in view
    are faint context (``map-context``), hidden from assistive technology and not linked.
    Returns an empty string when the focus municipality has no shape.
    """
    focus = data.shapes.get(focus_nis)
    if focus is None:
        return ""

    def name_of(nis: str) -> str:
        return names.get(nis, data.shapes[nis].name)

    neighbours = sorted(
        nis for nis in set(neighbour_nis) if nis in data.shapes and nis != focus_nis
    )
    boxes = [data.shapes[nis].bbox for nis in [focus_nis, *neighbours]]
    min_x, min_y = min(b[0] for b in boxes), min(b[1] for b in boxes)
    max_x, max_y = max(b[2] for b in boxes), max(b[3] for b in boxes)
    margin = max(round(max(max_x - min_x, max_y - min_y) * margin_ratio), 1)
    view = (min_x - margin, min_y - margin, max_x + margin, max_y + margin)
    min_width = round(data.width * min_width_ratio)
    view = _widen(view, min_width, min_width // 2)
    view_box = (view[0], view[1], view[2] - view[0], view[3] - view[1])
    context = [
        nis
        for nis, shape in data.shapes.items()
        if nis != focus_nis and nis not in neighbours and _overlaps(shape.bbox, view)
    ]

    focus_name = name_of(focus_nis)
    neighbour_names = sorted((name_of(nis) for nis in neighbours), key=lambda n: (n.casefold(), n))
    if neighbour_names:
        description = f"{focus_name} grenst aan {_names_list(neighbour_names)}."
    else:
        description = f"{focus_name} grenst aan geen andere Vlaamse gemeente."
    title = f"Ligging van {focus_name}"
    interactive = any(nis in urls for nis in neighbours)
    lines = _svg_open(view_box, "map map-local", id_prefix, title, description, interactive)
    lines.append('<g class="map-areas" fill-rule="evenodd">')
    if context:
        lines.append('<g aria-hidden="true">')
        lines.extend(
            f'<path class="map-area map-context" d="{data.shapes[nis].path_data}"/>'
            for nis in context
        )
        lines.append("</g>")
    lines.extend(
        _area(data.shapes[nis], "map-neighbour", name_of(nis), urls.get(nis)) for nis in neighbours
    )
    lines.append(_area(focus, "map-focus", focus_name, None))
    lines.append("</g>")
    lines.append("</svg>")
    return "\n".join(lines) + "\n"
