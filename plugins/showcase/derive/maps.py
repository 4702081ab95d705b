"""Municipality shapes and the build-time SVG maps (no tiles, nothing fetched, no scripts).

``data/geo/flanders-2025.json`` is a quantized TopoJSON made once by
``tools/simplify_boundaries.py``: shared borders are stored once as arcs, so neighbouring
municipalities stay gap-free. Its integer grid coordinates (Belgian Lambert 72, y down) are the
SVG user units: a ``d`` string is the rings written out, with nothing to project or round.

:func:`load_map_data` reads the file and reports what is wrong as problems, never raising.
:func:`render_region_map` draws the whole region, one link per municipality, coloured by its
number of own projects (``Place.own_projects``: not those it takes part in only through a
region, which would colour a whole province alike); :func:`render_local_map` draws one municipality among its neighbours.
The output is deterministic (municipalities in NIS order, integers only) and carries no ``style``
attribute, script or event handler: the colours are classes, styled in ``theme/static/css``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
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


def _area(shape: Shape, css_class: str, title: str, url: str | None) -> str:
    path = f'<path class="map-area {css_class}" d="{shape.path_data}"/>'
    if url is None:
        return f"<g><title>{escape(title)}</title>{path}</g>"
    return f'<a href="{_attr(url)}"><title>{escape(title)}</title>{path}</a>'


_TEXT_EM = 0.6
"""A generous average character width, in em, to size the legend without measuring text."""


def _legend_size(unit: int) -> tuple[int, int]:
    longest = max(len(bucket.label) for bucket in COUNT_BUCKETS)
    width = unit + round(longest * _TEXT_EM * unit * 0.7)
    return width, unit * len(COUNT_BUCKETS)


def _legend(x: int, y: int, unit: int) -> list[str]:
    """The count classes as swatches with labels; the top left corner at (x, y).

    Hidden from assistive technology: it explains colours, and every link's title already
    says its count in words.
    """
    size = unit * 7 // 10
    lines = [f'<g class="map-legend" font-size="{size}" aria-hidden="true">']
    for row, bucket in enumerate(COUNT_BUCKETS):
        top = y + row * unit + (unit - size) // 2
        lines.append(
            f'<rect class="map-area {bucket.css_class}" x="{x}" y="{top}" '
            f'width="{size}" height="{size}"/>'
            f'<text x="{x + unit}" y="{top + size * 7 // 8}">{escape(bucket.label)}</text>'
        )
    lines.append("</g>")
    return lines


def _crosses(a: GridPoint, b: GridPoint, box: tuple[int, int, int, int]) -> bool:
    """Whether the segment a-b touches the box (Liang-Barsky clipping)."""
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in (
        (-dx, a[0] - box[0]),
        (dx, box[2] - a[0]),
        (-dy, a[1] - box[1]),
        (dy, box[3] - a[1]),
    ):
        if p == 0:
            if q < 0:
                return False
        elif p < 0:
            t0 = max(t0, q / p)
        else:
            t1 = min(t1, q / p)
        if t0 > t1:
            return False
    return True


def _inside(point: tuple[float, float], ring: Ring) -> bool:
    inside = False
    for a, b in pairwise(ring):
        if (a[1] > point[1]) != (b[1] > point[1]):
            x = a[0] + (point[1] - a[1]) * (b[0] - a[0]) / (b[1] - a[1])
            if point[0] < x:
                inside = not inside
    return inside


def box_is_empty(data: MapData, box: tuple[int, int, int, int]) -> bool:
    """Whether no municipality reaches into the box ``(min_x, min_y, max_x, max_y)``."""
    centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    for shape in data.shapes.values():
        if not _overlaps(shape.bbox, box):
            continue
        for ring in shape.rings:
            if _inside(centre, ring):
                return False
            if any(_crosses(a, b, box) for a, b in pairwise(ring)):
                return False
    return True


def legend_box(data: MapData) -> tuple[int, int, int, int]:
    """Where the region map's legend goes: an empty corner, else below the map."""
    unit = max(data.width // 60, 1)
    width, height = _legend_size(unit)
    for x, y in (
        (data.width - width, 0),
        (0, 0),
        (0, data.height - height),
        (data.width - width, data.height - height),
    ):
        box = (x, y, x + width, y + height)
        if box_is_empty(data, box):
            return box
    gap = unit // 2
    return 0, data.height + gap, width, data.height + gap + height


def render_region_map(
    data: MapData,
    counts: Mapping[str, int],
    urls: Mapping[str, str],
    names: Mapping[str, str],
    *,
    labels: Mapping[str, str] | None = None,
    title: str = "Kaart van Vlaanderen: slimme-stadsprojecten per gemeente",
    description: str = (
        "Elke gemeente is gekleurd naar haar aantal eigen projecten (zonder de projecten waar "
        "ze enkel via een regio aan deelneemt) en is een link naar haar pagina. De tabel bij "
        "de kaart geeft dezelfde cijfers."
    ),
    id_prefix: str = "kaart-vlaanderen",
    legend: bool = True,
) -> str:
    """The whole region: one link per municipality, coloured by its number of own projects.

    ``counts``, ``urls``, ``names`` and ``labels`` are keyed by NIS code. A municipality without
    a count has none; one without a URL is drawn without a link; one without a name shows the
    map's name. A link's title is ``name: label`` when ``labels`` gives one (the site passes
    :attr:`ProjectCounts.text`, both numbers), else ``name: N projecten`` (:func:`count_label`).
    ``id_prefix`` keeps the title and desc ids unique on the page.
    """
    margin = max(data.width // 100, 1)
    box = legend_box(data) if legend else (0, 0, 0, 0)
    height = max(data.height, box[3])
    view_box = (-margin, -margin, data.width + 2 * margin, height + 2 * margin)
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
    if legend:
        lines.extend(_legend(box[0], box[1], (box[3] - box[1]) // len(COUNT_BUCKETS)))
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
