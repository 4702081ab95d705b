"""One-off import of the municipality boundaries for the build-time SVG map.

Run once to create ``data/geo/flanders-2025.json`` (and ``data/geo/flanders-2025.geojson``) from
the reference GeoJSON::

    python tools/simplify_boundaries.py ../shared/reference/boundaries/flanders_municipalities_2025.geojson

The result is committed: the site build reads it with ``showcase.derive.maps`` and never touches the
GeoJSON, a tile server or the network. Pure Python, no GIS packages. The steps:

1. **Project** every WGS84 longitude/latitude to Belgian Lambert 72 (EPSG:31370): a Helmert
   shift from WGS84 to the BD72 datum (the inverse of EPSG:15929, as PROJ's ``towgs84``), then the
   Lambert conformal conic (two standard parallels) on the International 1924 ellipsoid, with the
   formulas of IOGP Guidance Note 7-2.
2. **Build the arc topology** of the coverage, as TopoJSON does: a vertex is a junction when the
   rings passing through it do not all have the same two neighbouring vertices (three or more
   polygons meet there, or the neighbour changes). Rings are cut at junctions into arcs, and an arc
   shared by two rings is stored once. A ring without junctions (an island, an enclave and the hole
   it fills) is one closed arc, started at its smallest vertex so both sides find the same arc.
3. **Simplify each arc once** with Douglas-Peucker (tolerance in metres). Arc ends never move,
   so neighbours keep identical borders: no gaps, no slivers.
4. **Quantize** to an integer grid (``grid`` metres per unit, y pointing down, origin at the
   top-left of the bounding box): these integers are the SVG user units.
5. **Keep every shape**: a ring that collapsed to fewer than three distinct points or to zero area
   gets back its most significant removed vertices, one at a time, until it is a real polygon.
   Every polygon part and hole survives (Baarle-Hertog's enclaves and the Baarle-Nassau holes).

The output is TopoJSON (https://github.com/topojson/topojson-specification): quantized,
delta-encoded ``arcs``; ``objects.municipalities`` holds one Polygon or MultiPolygon per
municipality (properties ``nis_code`` and ``name_nl``) whose rings list arc indices (``~i``, that
is ``-i - 1``, is arc ``i`` reversed). ``transform`` turns grid units back into Lambert 72 metres
(the y scale is negative because the grid's y points down). Foreign members ``source``,
``licence``, ``projection``, ``simplification`` and ``size`` (the grid's width and height) say
where the data comes from and how it was made. The file has one arc and one municipality per line
so that a rerun shows as a readable diff. A rerun with the same input gives the same bytes.

The same run writes the same simplified map as GeoJSON (RFC 7946), next to the TopoJSON with the
suffix ``.geojson``, for the open-data download ``gemeenten.geojson`` (``showcase.derive.open_data``). Each
grid point goes back to Lambert 72 metres through the TopoJSON's ``transform`` and then to WGS84
with the exact inverse of step 1 (:func:`unproject`: the inverse Lambert conformal conic, then the
Helmert transformation solved exactly, iterating on the BD72 height), rounded to 5 decimals (about
a metre). Neighbours keep identical border coordinates; exterior rings run counter-clockwise and
holes clockwise; the foreign members ``source``, ``licence``, ``coordinates`` and
``simplification`` credit the sources as the TopoJSON does. One municipality per line.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

Point = tuple[float, float]
Grid = tuple[int, int]

DEFAULT_TOLERANCE_M = 100.0
DEFAULT_GRID_M = 25.0

SOURCE = [
    {
        "name": "Statbel (statistische sectoren, open data)",
        "url": "https://statbel.fgov.be/nl/open-data",
        "licence": "Statbel open data (Licentie open data, CC BY 4.0): vermeld de bron Statbel",
    },
    {
        "name": "Provincies in Cijfers (gebiedsniveaus)",
        "url": "https://github.com/provinciesincijfers/gebiedsniveaus",
        "path": "data_voor_swing/shapefiles/gemeente.*",
        "commit": "3b1b6d8d3548e495f597db134f437f0d08898535",
        "note": "vereenvoudigde gemeentegrenzen, afgeleid van de statistische sectoren van Statbel",
    },
]
FORMAT = (
    "TopoJSON, quantized: arcs are delta-encoded integer grid points (SVG user units, y down); "
    "each municipality's rings list arc indexes, ~i for arc i reversed. "
    "Made by tools/simplify_boundaries.py, read by plugins/showcase/geo.py."
)
GEOJSON_FORMAT = (
    "GeoJSON (RFC 7946), WGS84 longitude/latitude: the simplified map of flanders-2025.json, "
    "one municipality per line; neighbours share identical border coordinates. "
    "Made by tools/simplify_boundaries.py, for the open-data download gemeenten.geojson."
)
GEOJSON_DECIMALS = 5  # about a metre
LICENCE = (
    "Grenzen: Statbel (statistische sectoren, open data) via Provincies in Cijfers "
    "(gebiedsniveaus). Vermeld beide bronnen bij hergebruik."
)


# --- 1. Projection: WGS84 longitude/latitude to Belgian Lambert 72 (EPSG:31370) -------------

_WGS84_A = 6378137.0
_WGS84_F = 1 / 298.257223563
_INTL_A = 6378388.0
_INTL_F = 1 / 297.0
# PROJ's +towgs84 for BD72 (EPSG:15929), position-vector convention: BD72 -> WGS84.
_TOWGS84 = (-106.8686, 52.2978, -103.7239, 0.3366, -0.457, 1.8422, -1.2747)
_LAT_1 = math.radians(51 + 10 / 60 + 0.00204 / 3600)
_LAT_2 = math.radians(49 + 50 / 60 + 0.00204 / 3600)
_LON_0 = math.radians(4 + 22 / 60 + 2.952 / 3600)
_FALSE_EASTING = 150000.01256
_FALSE_NORTHING = 5400088.4378


def _to_ecef(
    lon: float, lat: float, a: float, f: float, height: float = 0.0
) -> tuple[float, float, float]:
    e2 = f * (2 - f)
    sin_lat = math.sin(lat)
    n = a / math.sqrt(1 - e2 * sin_lat * sin_lat)
    return (
        (n + height) * math.cos(lat) * math.cos(lon),
        (n + height) * math.cos(lat) * math.sin(lon),
        (n * (1 - e2) + height) * sin_lat,
    )


def _from_ecef(x: float, y: float, z: float, a: float, f: float) -> tuple[float, float]:
    e2 = f * (2 - f)
    lon = math.atan2(y, x)
    p = math.hypot(x, y)
    lat = math.atan2(z, p * (1 - e2))
    for _ in range(10):  # converges to well below a millimetre in a few steps
        sin_lat = math.sin(lat)
        n = a / math.sqrt(1 - e2 * sin_lat * sin_lat)
        lat = math.atan2(z + e2 * n * sin_lat, p)
    return lon, lat


def _ellipsoidal_height(x: float, y: float, z: float, lat: float, a: float, f: float) -> float:
    """Height above the ellipsoid of an ECEF point whose geodetic latitude is ``lat``."""
    e2 = f * (2 - f)
    sin_lat = math.sin(lat)
    n = a / math.sqrt(1 - e2 * sin_lat * sin_lat)
    # Stable at Belgian latitudes (cos(lat) is far from zero).
    return math.hypot(x, y) / math.cos(lat) - n


def wgs84_to_bd72(lon_deg: float, lat_deg: float) -> tuple[float, float]:
    """Longitude and latitude (radians) on the BD72 datum for a WGS84 position in degrees."""
    x, y, z = _to_ecef(math.radians(lon_deg), math.radians(lat_deg), _WGS84_A, _WGS84_F)
    tx, ty, tz, rx_s, ry_s, rz_s, ppm = _TOWGS84
    rx, ry, rz = (math.radians(r / 3600) for r in (rx_s, ry_s, rz_s))
    scale = 1 + ppm * 1e-6
    # Inverse of the small-angle position-vector transformation.
    x, y, z = (x - tx) / scale, (y - ty) / scale, (z - tz) / scale
    bx = x + rz * y - ry * z
    by = -rz * x + y + rx * z
    bz = ry * x - rx * y + z
    return _from_ecef(bx, by, bz, _INTL_A, _INTL_F)


def _solve3(m: Sequence[Sequence[float]], v: Sequence[float]) -> tuple[float, float, float]:
    """The solution of the 3x3 linear system ``m @ x = v`` (Cramer's rule)."""

    def det(c: Sequence[Sequence[float]]) -> float:
        return (
            c[0][0] * (c[1][1] * c[2][2] - c[1][2] * c[2][1])
            - c[0][1] * (c[1][0] * c[2][2] - c[1][2] * c[2][0])
            + c[0][2] * (c[1][0] * c[2][1] - c[1][1] * c[2][0])
        )

    d = det(m)
    out = []
    for column in range(3):
        replaced = [[v[r] if c == column else m[r][c] for c in range(3)] for r in range(3)]
        out.append(det(replaced) / d)
    return out[0], out[1], out[2]


def bd72_to_wgs84(lon: float, lat: float) -> tuple[float, float]:
    """WGS84 longitude and latitude (degrees) of a BD72 longitude/latitude in radians.

    The exact inverse of :func:`wgs84_to_bd72`. That function takes a WGS84 point on the
    ellipsoid (height 0), applies the Helmert transformation and drops the BD72 height. So the
    BD72 height is unknown here: it is found by iteration, until the WGS84 point lies on the
    WGS84 ellipsoid. The linear transformation is inverted by solving it, not by flipping the
    signs of its parameters.
    """
    tx, ty, tz, rx_s, ry_s, rz_s, ppm = _TOWGS84
    rx, ry, rz = (math.radians(r / 3600) for r in (rx_s, ry_s, rz_s))
    scale = 1 + ppm * 1e-6
    # The matrix that wgs84_to_bd72 applies after removing translation and scale.
    matrix = ((1.0, rz, -ry), (-rz, 1.0, rx), (ry, -rx, 1.0))
    height = 0.0
    lon_w = lat_w = 0.0
    for _ in range(10):  # the height error shrinks about 100 000-fold per step
        bx, by, bz = _to_ecef(lon, lat, _INTL_A, _INTL_F, height)
        x, y, z = _solve3(matrix, (bx, by, bz))
        x, y, z = x * scale + tx, y * scale + ty, z * scale + tz
        lon_w, lat_w = _from_ecef(x, y, z, _WGS84_A, _WGS84_F)
        off = _ellipsoidal_height(x, y, z, lat_w, _WGS84_A, _WGS84_F)
        if abs(off) < 1e-6:
            break
        height -= off
    return math.degrees(lon_w), math.degrees(lat_w)


def _lcc_m(lat: float, e: float) -> float:
    return math.cos(lat) / math.sqrt(1 - (e * math.sin(lat)) ** 2)


def _lcc_t(lat: float, e: float) -> float:
    sin_lat = math.sin(lat)
    return math.tan(math.pi / 4 - lat / 2) / math.pow((1 - e * sin_lat) / (1 + e * sin_lat), e / 2)


_E = math.sqrt(_INTL_F * (2 - _INTL_F))
_N = (math.log(_lcc_m(_LAT_1, _E)) - math.log(_lcc_m(_LAT_2, _E))) / (
    math.log(_lcc_t(_LAT_1, _E)) - math.log(_lcc_t(_LAT_2, _E))
)
_F = _lcc_m(_LAT_1, _E) / (_N * _lcc_t(_LAT_1, _E) ** _N)


def lambert72_from_bd72(lon: float, lat: float) -> Point:
    """Lambert 72 easting and northing (metres) of a BD72 longitude/latitude in radians."""
    r = _INTL_A * _F * _lcc_t(lat, _E) ** _N
    theta = _N * (lon - _LON_0)
    # The latitude of false origin is 90 degrees, so r_F is zero.
    return _FALSE_EASTING + r * math.sin(theta), _FALSE_NORTHING - r * math.cos(theta)


def project(lon_deg: float, lat_deg: float) -> Point:
    """Lambert 72 (EPSG:31370) easting and northing in metres of a WGS84 longitude/latitude."""
    return lambert72_from_bd72(*wgs84_to_bd72(lon_deg, lat_deg))


def bd72_from_lambert72(easting: float, northing: float) -> tuple[float, float]:
    """BD72 longitude and latitude (radians) of a Lambert 72 easting and northing (metres).

    The inverse Lambert conformal conic (2SP) of IOGP Guidance Note 7-2; the latitude is found
    by iteration, to well below a micrometre.
    """
    dx, dy = easting - _FALSE_EASTING, _FALSE_NORTHING - northing
    r = math.copysign(math.hypot(dx, dy), _N)
    theta = math.atan2(dx, dy)
    t = (r / (_INTL_A * _F)) ** (1 / _N)
    lat = math.pi / 2 - 2 * math.atan(t)
    for _ in range(20):
        sin_lat = math.sin(lat)
        ratio = (1 - _E * sin_lat) / (1 + _E * sin_lat)
        new = math.pi / 2 - 2 * math.atan(t * ratio ** (_E / 2))
        if new == lat:
            break
        lat = new
    return theta / _N + _LON_0, lat


def unproject(easting: float, northing: float) -> tuple[float, float]:
    """WGS84 longitude and latitude (degrees) of a Lambert 72 point: the inverse of project."""
    return bd72_to_wgs84(*bd72_from_lambert72(easting, northing))


# --- 2. Arc topology -------------------------------------------------------------------------


@dataclass
class Feature:
    """One municipality: polygons, each a list of rings (outer first), each a list of points."""

    nis_code: str
    name: str
    polygons: list[list[list[Point]]]


@dataclass
class Topology:
    """Unique arcs (point lists; a closed arc repeats its first point) and rings of arc refs."""

    arcs: list[list[Point]] = field(default_factory=list)
    # per feature, per polygon, per ring: arc references (``~i`` for arc ``i`` reversed)
    rings: list[list[list[list[int]]]] = field(default_factory=list)


def _open_ring(ring: Sequence[Point]) -> list[Point]:
    """The ring without its closing point and without repeated consecutive points."""
    points: list[Point] = []
    for point in ring:
        if not points or point != points[-1]:
            points.append(point)
    while len(points) > 1 and points[0] == points[-1]:
        points.pop()
    return points


def find_junctions(rings: Iterable[Sequence[Point]]) -> set[Point]:
    """Vertices where the rings passing through them do not share the same two neighbours."""
    seen: dict[Point, frozenset[Point]] = {}
    junctions: set[Point] = set()
    for ring in rings:
        n = len(ring)
        for i, point in enumerate(ring):
            pair = frozenset((ring[i - 1], ring[(i + 1) % n]))
            known = seen.setdefault(point, pair)
            if known != pair:
                junctions.add(point)
    return junctions


def _canonical_closed(points: list[Point]) -> list[Point]:
    start = points.index(min(points))
    rotated = points[start:] + points[:start]
    return [*rotated, rotated[0]]


def build_topology(features: Sequence[Feature]) -> Topology:
    """Cut every ring at the junctions and store each distinct arc once."""
    opened = [[[_open_ring(ring) for ring in polygon] for polygon in f.polygons] for f in features]
    junctions = find_junctions(
        ring for feature in opened for polygon in feature for ring in polygon
    )
    topology = Topology()
    index: dict[tuple[Point, ...], int] = {}

    def reference(arc: list[Point]) -> int:
        key = tuple(arc)
        if key in index:
            return index[key]
        # A closed arc starts at its smallest vertex, so its reverse starts there too.
        reverse = tuple(reversed(arc))
        if reverse in index:
            return ~index[reverse]
        index[key] = len(topology.arcs)
        topology.arcs.append(arc)
        return index[key]

    for feature in opened:
        feature_refs: list[list[list[int]]] = []
        for polygon in feature:
            polygon_refs: list[list[int]] = []
            for ring in polygon:
                cuts = [i for i, point in enumerate(ring) if point in junctions]
                if not cuts:
                    polygon_refs.append([reference(_canonical_closed(ring))])
                    continue
                rotated = ring[cuts[0] :] + ring[: cuts[0]]
                cuts = [i - cuts[0] for i in cuts] + [len(ring)]
                closed = [*rotated, rotated[0]]
                refs = [reference(closed[a : b + 1]) for a, b in pairwise(cuts)]
                polygon_refs.append(refs)
            feature_refs.append(polygon_refs)
        topology.rings.append(feature_refs)
    return topology


# --- 3. Douglas-Peucker, as an importance per vertex ----------------------------------------


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return math.hypot(p[0] - a[0], p[1] - a[1])
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def dp_importance(points: Sequence[Point]) -> list[float]:
    """For every vertex, the largest Douglas-Peucker tolerance at which it is still kept.

    Keeping the vertices whose importance exceeds a tolerance gives exactly the Douglas-Peucker
    result for that tolerance. The two ends are always kept.
    """
    n = len(points)
    importance = [0.0] * n
    importance[0] = importance[-1] = math.inf
    stack = [(0, n - 1, math.inf)]
    while stack:
        first, last, cap = stack.pop()
        if last - first < 2:
            continue
        best, best_distance = first + 1, -1.0
        for k in range(first + 1, last):
            distance = _segment_distance(points[k], points[first], points[last])
            if distance > best_distance:
                best, best_distance = k, distance
        value = min(best_distance, cap)
        importance[best] = value
        stack.append((first, best, value))
        stack.append((best, last, value))
    return importance


# --- 4./5. Quantize and keep every shape ----------------------------------------------------


def _quantize_arc(
    points: Sequence[Point], kept: Sequence[bool], grid: Callable[[Point], Grid]
) -> list[Grid]:
    out: list[Grid] = []
    for point, keep in zip(points, kept, strict=True):
        if keep:
            q = grid(point)
            if not out or q != out[-1]:
                out.append(q)
    if len(out) == 1:
        out.append(out[0])
    return out


def join_ring(refs: Sequence[int], arcs: Sequence[Sequence[Grid]]) -> list[Grid]:
    """The closed ring of grid points that a list of arc references describes."""
    ring: list[Grid] = []
    for ref in refs:
        arc = list(arcs[ref]) if ref >= 0 else list(reversed(arcs[~ref]))
        ring.extend(arc if not ring else arc[1:])
    return ring


def ring_area2(ring: Sequence[Grid]) -> int:
    """Twice the signed area of a closed ring."""
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in pairwise(ring))


def is_real_polygon(ring: Sequence[Grid]) -> bool:
    return len(set(ring)) >= 3 and ring_area2(ring) != 0


@dataclass
class Simplified:
    arcs: list[list[Grid]]
    width: int
    height: int
    translate: Point
    kept: int
    total: int
    restored: int


def simplify(topology: Topology, tolerance: float, grid_size: float) -> Simplified:
    """Douglas-Peucker on every arc once, quantize, then restore vertices of collapsed rings."""
    xs = [p[0] for arc in topology.arcs for p in arc]
    ys = [p[1] for arc in topology.arcs for p in arc]
    x0, y0 = min(xs), max(ys)

    def grid(point: Point) -> Grid:
        return round((point[0] - x0) / grid_size), round((y0 - point[1]) / grid_size)

    importance = [dp_importance(arc) for arc in topology.arcs]
    kept = [[value > tolerance for value in values] for values in importance]
    arcs = [_quantize_arc(a, k, grid) for a, k in zip(topology.arcs, kept, strict=True)]
    restored = 0
    for feature in topology.rings:
        for polygon in feature:
            for refs in polygon:
                while not is_real_polygon(join_ring(refs, arcs)):
                    candidates = [
                        (importance[i][k], -i, -k)
                        for i in sorted({r if r >= 0 else ~r for r in refs})
                        for k in range(len(kept[i]))
                        if not kept[i][k]
                    ]
                    if not candidates:
                        break  # nothing left to restore: smaller than the grid
                    _, minus_i, minus_k = max(candidates)
                    kept[-minus_i][-minus_k] = True
                    arcs[-minus_i] = _quantize_arc(topology.arcs[-minus_i], kept[-minus_i], grid)
                    restored += 1
    width = max(p[0] for arc in arcs for p in arc)
    height = max(p[1] for arc in arcs for p in arc)
    return Simplified(
        arcs=arcs,
        width=width,
        height=height,
        translate=(x0, y0),
        kept=sum(len(arc) for arc in arcs),
        total=sum(len(arc) for arc in topology.arcs),
        restored=restored,
    )


# --- Reading and writing ---------------------------------------------------------------------


def read_features(path: Path) -> list[Feature]:
    """The municipalities of a GeoJSON FeatureCollection, projected, sorted by NIS code."""
    collection = json.loads(path.read_text(encoding="utf-8"))
    features: list[Feature] = []
    cache: dict[tuple[float, float], Point] = {}

    def projected(position: Sequence[float]) -> Point:
        key = (float(position[0]), float(position[1]))
        if key not in cache:
            cache[key] = project(*key)
        return cache[key]

    for item in collection["features"]:
        geometry = item["geometry"]
        if geometry["type"] == "Polygon":
            polygons = [geometry["coordinates"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["coordinates"]
        else:
            raise ValueError(f"{item['properties']['nis_code']}: unexpected {geometry['type']}")
        features.append(
            Feature(
                nis_code=str(item["properties"]["nis_code"]),
                name=str(item["properties"]["name_nl"]),
                polygons=[[[projected(p) for p in ring] for ring in poly] for poly in polygons],
            )
        )
    features.sort(key=lambda f: f.nis_code)
    return features


def _delta_encode(arc: Sequence[Grid]) -> list[list[int]]:
    out = [list(arc[0])]
    out.extend([b[0] - a[0], b[1] - a[1]] for a, b in pairwise(arc))
    return out


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def render_topojson(
    features: Sequence[Feature],
    topology: Topology,
    result: Simplified,
    *,
    tolerance: float,
    grid_size: float,
    source_file: str,
) -> str:
    """The TopoJSON text: metadata indented, then one arc and one municipality per line."""
    header: dict[str, Any] = {
        "type": "Topology",
        "format": FORMAT,
        "source": SOURCE,
        "licence": LICENCE,
        "projection": {
            "crs": "EPSG:31370",
            "name": "Belgian Lambert 72",
            "note": "x = (easting - translate[0]) / grid, y = (translate[1] - northing) / grid",
        },
        "simplification": {
            "tool": "tools/simplify_boundaries.py",
            "input": source_file,
            "method": "Douglas-Peucker on shared arcs (coverage topology), keep every shape",
            "tolerance_m": tolerance,
            "grid_m": grid_size,
            "vertices_in": result.total,
            "vertices_out": result.kept,
            "vertices_restored_to_keep_shapes": result.restored,
        },
        "size": {"width": result.width, "height": result.height},
        "transform": {
            "scale": [grid_size, -grid_size],
            "translate": [round(result.translate[0], 3), round(result.translate[1], 3)],
        },
    }
    head = json.dumps(header, ensure_ascii=False, indent=2)
    # Short lists of numbers on one line.
    head = re.sub(
        r"\[\s+([-0-9., \n]+?)\s+\]",
        lambda m: "[" + ", ".join(v.strip() for v in m.group(1).split(",")) + "]",
        head,
    )
    geometries: list[str] = []
    for feature, rings in zip(features, topology.rings, strict=True):
        geometry: dict[str, Any] = (
            {"type": "Polygon", "arcs": rings[0]}
            if len(rings) == 1
            else {"type": "MultiPolygon", "arcs": rings}
        )
        geometry["properties"] = {"nis_code": feature.nis_code, "name_nl": feature.name}
        geometries.append(_compact(geometry))
    arcs = [_compact(_delta_encode(arc)) for arc in result.arcs]
    return (
        head[:-2]
        + ',\n  "objects": {"municipalities": {"type": "GeometryCollection", "geometries": [\n'
        + ",\n".join(geometries)
        + '\n  ]}},\n  "arcs": [\n'
        + ",\n".join(arcs)
        + "\n  ]\n}\n"
    )


def _lonlat_area2(ring: Sequence[Sequence[float]]) -> float:
    """Twice the signed area of a closed longitude/latitude ring: positive is counter-clockwise."""
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in pairwise(ring))


def render_geojson(
    features: Sequence[Feature],
    topology: Topology,
    result: Simplified,
    *,
    tolerance: float,
    grid_size: float,
    source_file: str,
) -> str:
    """The same simplified map as GeoJSON (RFC 7946) in WGS84, one municipality per line.

    Every grid point of the TopoJSON goes back to Lambert 72 metres with the TopoJSON's own
    ``transform`` and then to WGS84 with :func:`unproject`, rounded to ``GEOJSON_DECIMALS``. A
    grid point always gives the same position, so neighbours keep identical borders. Exterior
    rings are counter-clockwise, holes clockwise. A ring that stayed smaller than the grid (none
    with the committed data) is left out, with its polygon if it is the exterior ring.
    """
    x0, y0 = round(result.translate[0], 3), round(result.translate[1], 3)
    positions: dict[Grid, list[float]] = {}

    def position(point: Grid) -> list[float]:
        if point not in positions:
            lon, lat = unproject(x0 + point[0] * grid_size, y0 - point[1] * grid_size)
            positions[point] = [round(lon, GEOJSON_DECIMALS), round(lat, GEOJSON_DECIMALS)]
        return positions[point]

    lines: list[str] = []
    for feature, rings in zip(features, topology.rings, strict=True):
        polygons: list[list[list[list[float]]]] = []
        for polygon in rings:
            out: list[list[list[float]]] = []
            for index, refs in enumerate(polygon):
                joined = join_ring(refs, result.arcs)
                # Closed, without the repeat that an arc collapsed to one point leaves.
                ring = [p for i, p in enumerate(joined) if i == 0 or p != joined[i - 1]]
                if not is_real_polygon(ring):
                    if index == 0:
                        break
                    continue
                coordinates = [position(p) for p in ring]
                if (_lonlat_area2(coordinates) > 0) != (index == 0):
                    coordinates.reverse()
                out.append(coordinates)
            if out:
                polygons.append(out)
        geometry: dict[str, Any] = (
            {"type": "Polygon", "coordinates": polygons[0]}
            if len(polygons) == 1
            else {"type": "MultiPolygon", "coordinates": polygons}
        )
        lines.append(
            _compact(
                {
                    "type": "Feature",
                    "properties": {"nis_code": feature.nis_code, "name_nl": feature.name},
                    "geometry": geometry,
                }
            )
        )
    lons = [p[0] for p in positions.values()]
    lats = [p[1] for p in positions.values()]
    header: dict[str, Any] = {
        "type": "FeatureCollection",
        "format": GEOJSON_FORMAT,
        "source": SOURCE,
        "licence": LICENCE,
        "coordinates": {
            "crs": "OGC:CRS84",
            "name": "WGS 84 longitude, latitude (RFC 7946)",
            "decimals": GEOJSON_DECIMALS,
            "note": (
                "converted back from the Belgian Lambert 72 (EPSG:31370) grid of the TopoJSON: "
                "inverse Lambert conformal conic 2SP, then BD72 to WGS84 (the Helmert "
                "transformation of the projection, solved exactly)"
            ),
        },
        "simplification": {
            "tool": "tools/simplify_boundaries.py",
            "input": source_file,
            "method": "Douglas-Peucker on shared arcs (coverage topology), keep every shape",
            "tolerance_m": tolerance,
            "grid_m": grid_size,
            "same_as": "flanders-2025.json (TopoJSON): the same simplified, shared borders",
        },
        "bbox": [min(lons), min(lats), max(lons), max(lats)],
    }
    head = json.dumps(header, ensure_ascii=False, indent=2)
    head = re.sub(
        r"\[\s+([-0-9., \n]+?)\s+\]",
        lambda m: "[" + ", ".join(v.strip() for v in m.group(1).split(",")) + "]",
        head,
    )
    return head[:-2] + ',\n  "features": [\n' + ",\n".join(lines) + "\n  ]\n}\n"


def convert(source: Path, tolerance: float, grid_size: float) -> tuple[str, str]:
    """The TopoJSON and the GeoJSON text of the same simplified map."""
    features = read_features(source)
    topology = build_topology(features)
    result = simplify(topology, tolerance, grid_size)
    options: dict[str, Any] = {
        "tolerance": tolerance,
        "grid_size": grid_size,
        "source_file": source.name,
    }
    return (
        render_topojson(features, topology, result, **options),
        render_geojson(features, topology, result, **options),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", type=Path, help="flanders_municipalities_2025.geojson")
    parser.add_argument(
        "--output",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "data" / "geo" / "flanders-2025.json",
    )
    parser.add_argument(
        "--geojson-output",
        type=Path,
        default=None,
        help="the WGS84 GeoJSON (default: --output with the suffix .geojson)",
    )
    parser.add_argument(
        "--tolerance",
        type=float,
        default=DEFAULT_TOLERANCE_M,
        help="Douglas-Peucker tolerance in metres (default %(default)s)",
    )
    parser.add_argument(
        "--grid",
        type=float,
        default=DEFAULT_GRID_M,
        help="metres per map unit (default %(default)s)",
    )
    args = parser.parse_args(argv)
    topojson, geojson = convert(args.source, args.tolerance, args.grid)
    geojson_output = args.geojson_output or args.output.with_suffix(".geojson")
    for path, text in ((args.output, topojson), (geojson_output, geojson)):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path} ({len(text.encode())} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
