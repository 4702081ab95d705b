"""The committed WGS84 GeoJSON of the simplified map (the open-data boundaries) and its inverse
projection: data/geo/flanders-2025.geojson, made by tools/simplify_boundaries.py next to the
TopoJSON data/geo/flanders-2025.json."""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from showcase.derive.open_data import geometries_by_nis

from .conftest import ROOT, load_tool

GEOJSON_PATH = ROOT / "data" / "geo" / "flanders-2025.geojson"
TOPOJSON_PATH = ROOT / "data" / "geo" / "flanders-2025.json"
# Flanders (with the Baarle-Hertog enclaves and Voeren), generously.
LON_RANGE = (2.5, 6.0)
LAT_RANGE = (50.6, 51.6)
GEOJSON_LIMIT = 400_000  # bytes; the file is about 330 kB


tool = load_tool("simplify_boundaries")


@pytest.fixture(scope="module")
def geojson() -> dict[str, Any]:
    with GEOJSON_PATH.open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


@pytest.fixture(scope="module")
def topojson() -> dict[str, Any]:
    with TOPOJSON_PATH.open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


def polygons_of(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    assert geometry["type"] == "MultiPolygon"
    polygons: list[list[list[list[float]]]] = geometry["coordinates"]
    return polygons


def rings_of(collection: dict[str, Any]) -> Iterator[tuple[str, int, list[list[float]]]]:
    """NIS code, index in its polygon (0 is the exterior) and coordinates of every ring."""
    for feature in collection["features"]:
        for polygon in polygons_of(feature["geometry"]):
            for index, ring in enumerate(polygon):
                yield feature["properties"]["nis_code"], index, ring


def signed_area2(ring: list[list[float]]) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in pairwise(ring))


def decoded_arcs(topojson: dict[str, Any]) -> list[list[tuple[int, int]]]:
    arcs = []
    for encoded in topojson["arcs"]:
        x = y = 0
        arc = []
        for dx, dy in encoded:
            x, y = x + dx, y + dy
            arc.append((x, y))
        arcs.append(arc)
    return arcs


def lambert(topojson: dict[str, Any], point: tuple[int, int]) -> tuple[float, float]:
    """Lambert 72 easting and northing of a TopoJSON grid point."""
    (sx, sy), (tx, ty) = topojson["transform"]["scale"], topojson["transform"]["translate"]
    return tx + point[0] * sx, ty + point[1] * sy


# --- The committed file -----------------------------------------------------------------------


def test_geojson_has_the_municipalities_of_the_topojson(
    geojson: dict[str, Any], topojson: dict[str, Any]
) -> None:
    assert geojson["type"] == "FeatureCollection"
    codes = [f["properties"]["nis_code"] for f in geojson["features"]]
    topo = topojson["objects"]["municipalities"]["geometries"]
    assert codes == sorted(codes)
    assert len(codes) == len(set(codes)) == 285
    assert set(codes) == {g["properties"]["nis_code"] for g in topo}
    names = {f["properties"]["nis_code"]: f["properties"]["name_nl"] for f in geojson["features"]}
    assert names == {g["properties"]["nis_code"]: g["properties"]["name_nl"] for g in topo}
    for feature in geojson["features"]:
        assert feature["type"] == "Feature"
        assert set(feature["properties"]) == {"nis_code", "name_nl"}


def test_geojson_credits_its_sources(geojson: dict[str, Any], topojson: dict[str, Any]) -> None:
    assert geojson["source"] == topojson["source"]
    assert geojson["licence"] == topojson["licence"]
    names = " ".join(source["name"] for source in geojson["source"])
    assert "Statbel" in names and "Provincies in Cijfers" in names
    simplification = geojson["simplification"]
    assert simplification["tolerance_m"] == topojson["simplification"]["tolerance_m"]
    assert simplification["grid_m"] == topojson["simplification"]["grid_m"]
    assert "crs" not in geojson  # RFC 7946 has no crs member: WGS84 is implied


def test_every_coordinate_lies_in_flanders(geojson: dict[str, Any]) -> None:
    lons, lats = [], []
    for _, _, ring in rings_of(geojson):
        for position in ring:
            assert len(position) == 2
            lon, lat = position
            assert LON_RANGE[0] < lon < LON_RANGE[1]
            assert LAT_RANGE[0] < lat < LAT_RANGE[1]
            assert round(lon, 5) == lon and round(lat, 5) == lat  # five decimals, about 1 m
            lons.append(lon)
            lats.append(lat)
    assert geojson["bbox"] == [min(lons), min(lats), max(lons), max(lats)]


def test_rings_are_closed_with_rfc7946_winding(geojson: dict[str, Any]) -> None:
    holes = 0
    for code, index, ring in rings_of(geojson):
        assert len(ring) >= 4, code
        assert ring[0] == ring[-1], code
        assert len({tuple(p) for p in ring}) == len(ring) - 1, code  # no other repeats
        area = signed_area2(ring)
        if index == 0:
            assert area > 0, f"{code}: exterior ring must be counter-clockwise"
        else:
            holes += 1
            assert area < 0, f"{code}: hole must be clockwise"
    assert holes > 0  # the Baarle-Nassau holes in Baarle-Hertog's enclaves are kept


def test_geojson_is_the_topojson_converted_back(
    geojson: dict[str, Any], topojson: dict[str, Any]
) -> None:
    """Every ring is the TopoJSON ring, point for point, through the inverse projection."""
    arcs = decoded_arcs(topojson)
    topo = topojson["objects"]["municipalities"]["geometries"]
    for feature, geometry in zip(geojson["features"], topo, strict=True):
        assert feature["properties"] == geometry["properties"]
        assert feature["geometry"]["type"] == geometry["type"]
        topo_polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        polygons = polygons_of(feature["geometry"])
        assert len(polygons) == len(topo_polygons)
        for polygon, topo_polygon in zip(polygons, topo_polygons, strict=True):
            assert len(polygon) == len(topo_polygon)
            for ring, refs in zip(polygon, topo_polygon, strict=True):
                grid_ring = tool.join_ring(refs, arcs)
                # A collapsed arc is two equal points: the GeoJSON drops the repeat.
                grid_ring = [p for i, p in enumerate(grid_ring) if i == 0 or p != grid_ring[i - 1]]
                expected = [
                    [round(v, 5) for v in tool.unproject(*lambert(topojson, p))] for p in grid_ring
                ]
                assert ring in (expected, expected[::-1])


def test_neighbours_share_identical_borders(geojson: dict[str, Any]) -> None:
    """An edge is used by at most two rings, and Gent shares a border with Merelbeke-Melle."""
    edges: Counter[frozenset[tuple[float, float]]] = Counter()
    owners: dict[frozenset[tuple[float, float]], set[str]] = {}
    for code, _, ring in rings_of(geojson):
        for a, b in pairwise(ring):
            edge = frozenset({(a[0], a[1]), (b[0], b[1])})
            edges[edge] += 1
            owners.setdefault(edge, set()).add(code)
    assert max(edges.values()) == 2
    shared = sum(1 for count in edges.values() if count == 2)
    assert shared > len(edges) / 2  # most borders are inner borders, written twice
    assert any(owners[e] == {"44021", "44088"} for e in edges if edges[e] == 2)


def test_geometries_by_nis_accepts_the_file() -> None:
    with GEOJSON_PATH.open(encoding="utf-8") as handle:
        geometries = geometries_by_nis(json.load(handle))
    assert len(geometries) == 285
    assert {g["type"] for g in geometries.values()} == {"Polygon", "MultiPolygon"}
    assert geometries["44021"]["type"] == "Polygon"  # Gent


def test_geojson_is_compact_with_one_feature_per_line() -> None:
    text = GEOJSON_PATH.read_text(encoding="utf-8")
    assert len(text.encode()) < GEOJSON_LIMIT
    assert text.endswith("\n  ]\n}\n")
    lines = [line for line in text.splitlines() if line.startswith('{"type":"Feature",')]
    assert len(lines) == 285
    assert all(" " not in line.split('"geometry":', 1)[1] for line in lines)


def test_tool_reproduces_the_geojson_from_the_topojson(topojson: dict[str, Any]) -> None:
    """Rebuilt from the committed TopoJSON, the GeoJSON comes out byte for byte the same."""
    geometries = topojson["objects"]["municipalities"]["geometries"]
    features = [
        tool.Feature(g["properties"]["nis_code"], g["properties"]["name_nl"], [])
        for g in geometries
    ]
    topology = tool.Topology(
        arcs=[],
        rings=[[g["arcs"]] if g["type"] == "Polygon" else g["arcs"] for g in geometries],
    )
    simplification = topojson["simplification"]
    result = tool.Simplified(
        arcs=decoded_arcs(topojson),
        width=topojson["size"]["width"],
        height=topojson["size"]["height"],
        translate=tuple(topojson["transform"]["translate"]),
        kept=simplification["vertices_out"],
        total=simplification["vertices_in"],
        restored=simplification["vertices_restored_to_keep_shapes"],
    )
    text = tool.render_geojson(
        features,
        topology,
        result,
        tolerance=simplification["tolerance_m"],
        grid_size=simplification["grid_m"],
        source_file=simplification["input"],
    )
    assert text == GEOJSON_PATH.read_text(encoding="utf-8")


# --- The inverse projection -------------------------------------------------------------------


def test_forward_of_inverse_is_within_a_millimetre(
    geojson: dict[str, Any], topojson: dict[str, Any]
) -> None:
    """Grid points of the map: projecting the unprojected point gives it back; the rounded
    coordinates of the committed file land within a metre of the grid point."""
    arcs = decoded_arcs(topojson)
    points = sorted({p for arc in arcs for p in arc})[::97]
    assert len(points) > 50
    for point in points:
        easting, northing = lambert(topojson, point)
        lon, lat = tool.unproject(easting, northing)
        assert math.dist(tool.project(lon, lat), (easting, northing)) < 0.001
        rounded = tool.project(round(lon, 5), round(lat, 5))
        assert math.dist(rounded, (easting, northing)) < 1.0
    # The whole grid of the map, every 5 km.
    width, height = topojson["size"]["width"], topojson["size"]["height"]
    for gx in range(0, width + 1, 200):
        for gy in range(0, height + 1, 200):
            easting, northing = lambert(topojson, (gx, gy))
            back = tool.project(*tool.unproject(easting, northing))
            assert math.dist(back, (easting, northing)) < 0.001


def test_inverse_of_forward_is_exact() -> None:
    for lon in (2.55, 3.72477, 4.4, 5.2, 5.9):
        for lat in (50.65, 50.9, 51.05361, 51.3, 51.55):
            back = tool.unproject(*tool.project(lon, lat))
            assert back == pytest.approx((lon, lat), abs=1e-10)  # about 10 micrometres


def test_inverse_lambert_matches_the_iogp_example() -> None:
    # IOGP Guidance Note 7-2, Lambert Conic Conformal (2SP Belgium), BD72 latitude/longitude;
    # 1e-6 degree is about 0.1 m, the tolerance of the forward test in test_geo.py.
    lon, lat = tool.bd72_from_lambert72(251763.20, 153034.13)
    assert math.degrees(lat) == pytest.approx(50 + 40 / 60 + 46.461 / 3600, abs=1e-6)
    assert math.degrees(lon) == pytest.approx(5 + 48 / 60 + 26.533 / 3600, abs=1e-6)


@pytest.mark.parametrize(
    ("easting", "northing", "lon", "lat"),
    [
        # PROJ 9.5.1, +proj=lcc with the EPSG:31370 parameters and the tool's +towgs84.
        (104800.0, 193900.0, 3.724101305, 51.05349417),
        (22000.0, 200000.0, 2.541368414, 51.095938042),
        (250000.0, 165000.0, 5.786966174, 50.786869617),
        (150000.0, 240000.0, 4.368761547, 51.469610967),
    ],
)
def test_inverse_matches_proj(easting: float, northing: float, lon: float, lat: float) -> None:
    assert tool.unproject(easting, northing) == pytest.approx((lon, lat), abs=2e-8)  # ~2 mm


# --- The writer on a small made-up map --------------------------------------------------------


def square(x: float, y: float, size: float) -> list[tuple[float, float]]:
    """A clockwise square in Lambert metres (the wrong way round for RFC 7946)."""
    return [(x, y), (x, y + size), (x + size, y + size), (x + size, y), (x, y)]


def test_render_geojson_orients_rings_and_keeps_holes() -> None:
    x, y = 100_000.0, 190_000.0
    outer = square(x, y, 2000.0)
    hole = square(x + 500, y + 500, 500.0)[::-1]  # counter-clockwise: also the wrong way round
    features = [
        tool.Feature("11001", "Rond", [[outer, hole]]),
        tool.Feature("11002", "Enclave", [[hole[::-1]], [square(x + 2000, y, 2000.0)]]),
    ]
    topology = tool.build_topology(features)
    result = tool.simplify(topology, 10.0, 25.0)
    options: dict[str, Any] = {"tolerance": 10.0, "grid_size": 25.0, "source_file": "test"}
    text = tool.render_geojson(features, topology, result, **options)
    assert text == tool.render_geojson(features, topology, result, **options)  # deterministic
    collection = json.loads(text)
    ring = collection["features"][0]["geometry"]["coordinates"]
    assert collection["features"][1]["geometry"]["type"] == "MultiPolygon"
    assert len(ring) == 2 and signed_area2(ring[0]) > 0 and signed_area2(ring[1]) < 0
    enclave = collection["features"][1]["geometry"]["coordinates"][0][0]
    assert sorted(map(tuple, enclave[:-1])) == sorted(map(tuple, ring[1][:-1]))
    assert signed_area2(enclave) > 0
    assert geometries_by_nis(collection).keys() == {"11001", "11002"}
    # The second square touches the first one's east side: the shared corners are identical.
    east = {tuple(p) for p in ring[0]} & {
        tuple(p) for p in collection["features"][1]["geometry"]["coordinates"][1][0]
    }
    assert len(east) == 2


def test_main_writes_both_files(tmp_path: Path) -> None:
    source = tmp_path / "in.geojson"
    ring = [[4.0, 51.0], [4.01, 51.0], [4.01, 51.01], [4.0, 51.01], [4.0, 51.0]]
    source.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"nis_code": "11001", "name_nl": "Vak"},
                        "geometry": {"type": "Polygon", "coordinates": [ring]},
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    output = tmp_path / "out" / "map.json"
    assert tool.main([str(source), "--output", str(output)]) == 0
    first = output.with_suffix(".geojson").read_bytes()
    assert tool.main([str(source), "--output", str(output)]) == 0
    assert output.with_suffix(".geojson").read_bytes() == first
    written = json.loads(first)
    (back,) = polygons_of(written["features"][0]["geometry"])
    assert signed_area2(back[0]) > 0
    assert len(back[0]) == 5
    for original in ring[:-1]:
        # 100 m Douglas-Peucker keeps the corners; the 25 m grid moves them by at most 18 m.
        nearest = min(back[0], key=lambda p: math.dist(p, original))
        assert nearest == pytest.approx(original, abs=0.0003)
