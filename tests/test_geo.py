"""The committed map data, the SVG maps drawn from it, and the tool that made it."""

from __future__ import annotations

import json
import math
import random
import re
import xml.etree.ElementTree as ET
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest

from showcase.derive.maps import (
    COUNT_BUCKETS,
    MAP_DATA_PATH,
    MapData,
    Ring,
    check_coverage,
    count_bucket,
    count_label,
    label_point,
    load_map_data,
    outline_arcs,
    province_labels,
    render_local_map,
    render_province_map,
    render_region_map,
    shape_contains,
)
from showcase.load.reader import iter_files, load_yaml_file

from .conftest import ROOT, load_tool

SVG = "{http://www.w3.org/2000/svg}"
REGION_SVG_LIMIT = 150_000
GENT = "44021"
MERELBEKE_MELLE = "44088"
BAARLE_HERTOG = "13002"
VOEREN = "73109"
# Gent's Flemish neighbours (2025), as in the reference neighbours.csv.
GENT_NEIGHBOURS = {
    "43018",  # Zelzate
    "44013",  # Destelbergen
    "44019",  # Evergem
    "44064",  # Sint-Martens-Latem
    "44083",  # Deinze
    "44085",  # Lievegem
    "44086",  # Nazareth-De Pinte
    "44087",  # Lochristi
    "44088",  # Merelbeke-Melle
}


tool = load_tool("simplify_boundaries")


@pytest.fixture(scope="module")
def data() -> MapData:
    loaded, problems = load_map_data(ROOT / MAP_DATA_PATH, ROOT)
    assert problems == []
    assert loaded is not None
    return loaded


@pytest.fixture(scope="module")
def current() -> dict[str, dict[str, str]]:
    """The 2025 municipalities (``valid_until`` null): NIS code → name and slug."""
    records: dict[str, dict[str, str]] = {}
    for path in iter_files(ROOT / "data" / "municipalities", ".yaml"):
        doc, problems = load_yaml_file(path, ROOT)
        assert problems == []
        assert doc is not None
        if doc.data["valid_until"] is None:
            records[doc.data["nis_code"]] = {"name": doc.data["name"], "slug": doc.data["slug"]}
    assert len(records) == 285
    return records


@pytest.fixture(scope="module")
def provinces_of() -> dict[str, str]:
    """The 2025 municipalities: NIS code → province name."""
    found: dict[str, str] = {}
    for path in iter_files(ROOT / "data" / "municipalities", ".yaml"):
        doc, _ = load_yaml_file(path, ROOT)
        assert doc is not None
        if doc.data["valid_until"] is None:
            found[doc.data["nis_code"]] = doc.data["province"]
    return found


def region_inputs(
    current: dict[str, dict[str, str]],
) -> tuple[dict[str, int], dict[str, str], dict[str, str]]:
    counts = {nis: (int(nis) * 7) % 6 for nis in current}
    urls = {nis: f"/gemeenten/{record['slug']}/" for nis, record in current.items()}
    names = {nis: record["name"] for nis, record in current.items()}
    return counts, urls, names


def links(svg: str) -> dict[str, str]:
    """href → title of every link in an SVG."""
    root = ET.fromstring(svg)
    found: dict[str, str] = {}
    for a in root.iter(f"{SVG}a"):
        title = a.find(f"{SVG}title")
        assert title is not None and title.text
        found[a.attrib["href"]] = title.text
    return found


# --- The committed data ----------------------------------------------------------------------


def test_data_has_the_285_current_municipalities(
    data: MapData, current: dict[str, dict[str, str]]
) -> None:
    assert list(data.shapes) == sorted(current)
    assert check_coverage(data, {nis: r["name"] for nis, r in current.items()}) == []
    assert {nis: s.name for nis, s in data.shapes.items()} == {
        nis: r["name"] for nis, r in current.items()
    }


def test_check_coverage_names_missing_and_unknown_codes(data: MapData) -> None:
    expected = {nis: shape.name for nis, shape in data.shapes.items() if nis != GENT}
    expected["99999"] = "Nergensdorp"
    assert [p.format_text() for p in check_coverage(data, expected)] == [
        "data/geo/flanders-2025.json:1:1: objects.municipalities: geen vorm voor 99999 Nergensdorp",
        "data/geo/flanders-2025.json:1:1: objects.municipalities: "
        "vorm 44021 Gent is geen huidige gemeente",
    ]


def test_every_shape_has_closed_rings(data: MapData) -> None:
    for shape in data.shapes.values():
        assert shape.polygons, shape.nis_code
        for ring in shape.rings:
            assert ring[0] == ring[-1]
            assert len(set(ring)) >= 3
            assert all(0 <= x <= data.width and 0 <= y <= data.height for x, y in ring)


def test_every_part_and_hole_survives(data: MapData) -> None:
    baarle = data.shapes[BAARLE_HERTOG]
    assert len(baarle.polygons) == 26  # the main part and its enclaves, as in the source
    assert sum(len(polygon) - 1 for polygon in baarle.polygons) == 6  # Baarle-Nassau holes
    assert len(data.shapes[VOEREN].polygons) == 1
    assert sum(len(s.polygons) for s in data.shapes.values()) == 311
    assert sum(len(s.rings) for s in data.shapes.values()) == 317


def test_data_credits_its_sources() -> None:
    topology = json.loads((ROOT / MAP_DATA_PATH).read_text(encoding="utf-8"))
    names = [source["name"] for source in topology["source"]]
    assert names == [
        "Statbel (statistische sectoren, open data)",
        "Provincies in Cijfers (gebiedsniveaus)",
    ]
    assert "Statbel" in topology["licence"] and "Provincies in Cijfers" in topology["licence"]
    assert topology["simplification"]["tolerance_m"] > 0


def ring_edges(ring: Ring) -> set[frozenset[tuple[int, int]]]:
    return {frozenset(pair) for pair in pairwise(ring)}


def shared_runs(ring: Ring, other: set[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """The maximal runs of consecutive ring points that also lie on the other shape."""
    points = list(ring[:-1])
    start = next((i for i, p in enumerate(points) if p not in other), None)
    assert start is not None, "the ring lies wholly on the other shape"
    points = points[start:] + points[:start]
    runs: list[list[tuple[int, int]]] = [[]]
    for point in points:
        if point in other:
            runs[-1].append(point)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if len(run) >= 2]


def contains_cyclic(ring: Ring, run: list[tuple[int, int]]) -> bool:
    points = list(ring[:-1])
    doubled = points + points
    n = len(run)
    return any(doubled[i : i + n] == run for i in range(len(points)))


def test_neighbours_share_identical_border_points(data: MapData) -> None:
    gent, melle = data.shapes[GENT], data.shapes[MERELBEKE_MELLE]
    melle_points = {p for ring in melle.rings for p in ring}
    runs = [run for ring in gent.rings for run in shared_runs(ring, melle_points)]
    assert runs, "Gent and Merelbeke-Melle share no border"
    assert max(len(run) for run in runs) >= 10
    for run in runs:
        # The same points, walked the other way round: no gap, no overlap.
        assert any(contains_cyclic(ring, run[::-1]) for ring in melle.rings)
    gent_edges = set().union(*(ring_edges(r) for r in gent.rings))
    melle_edges = set().union(*(ring_edges(r) for r in melle.rings))
    assert sum(len(run) - 1 for run in runs) == len(gent_edges & melle_edges)


def test_the_coverage_has_no_overlapping_edges(data: MapData) -> None:
    uses: Counter[frozenset[tuple[int, int]]] = Counter()
    for shape in data.shapes.values():
        for ring in shape.rings:
            uses.update(ring_edges(ring))
    assert max(uses.values()) == 2
    # Most borders are inner borders, drawn by both neighbours from the same arc.
    assert sum(1 for n in uses.values() if n == 2) > 2 * sum(1 for n in uses.values() if n == 1)


def test_neighbours_follow_the_shared_borders(data: MapData) -> None:
    assert set(data.neighbours[GENT]) == GENT_NEIGHBOURS
    assert data.neighbours[VOEREN] == ()
    for nis, neighbours in data.neighbours.items():
        assert list(neighbours) == sorted(neighbours)
        assert all(nis in data.neighbours[other] for other in neighbours)


# --- Loading problems ------------------------------------------------------------------------


def load_text(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "map.json"
    path.write_text(text, encoding="utf-8")
    loaded, problems = load_map_data(path, tmp_path)
    assert (loaded is None) == bool(problems)
    return [p.format_text() for p in problems]


def tiny_topology(**changes: object) -> dict[str, object]:
    """Two unit squares side by side, sharing arc 1."""
    topology: dict[str, object] = {
        "type": "Topology",
        "licence": "Grenzen: test",
        "size": {"width": 2, "height": 1},
        "objects": {
            "municipalities": {
                "type": "GeometryCollection",
                "geometries": [
                    {
                        "type": "Polygon",
                        "arcs": [[0, 1]],
                        "properties": {"nis_code": "11001", "name_nl": "Links"},
                    },
                    {
                        "type": "Polygon",
                        "arcs": [[2, -2]],
                        "properties": {"nis_code": "11002", "name_nl": "Rechts"},
                    },
                ],
            }
        },
        "arcs": [
            [[1, 0], [-1, 0], [0, 1], [1, 0]],
            [[1, 1], [0, -1]],
            [[1, 1], [1, 0], [0, -1], [-1, 0]],
        ],
    }
    topology.update(changes)
    return topology


def test_a_sound_tiny_topology_loads(tmp_path: Path) -> None:
    path = tmp_path / "map.json"
    path.write_text(json.dumps(tiny_topology()), encoding="utf-8")
    loaded, problems = load_map_data(path, tmp_path)
    assert problems == []
    assert loaded is not None
    assert loaded.shapes["11001"].rings == (((1, 0), (0, 0), (0, 1), (1, 1), (1, 0)),)
    assert loaded.shapes["11002"].rings == (((1, 1), (2, 1), (2, 0), (1, 0), (1, 1)),)
    assert loaded.shapes["11001"].path_data == "M1 0l-1 0 0 1 1 0z"
    assert loaded.neighbours == {"11001": ("11002",), "11002": ("11001",)}


def test_loading_reports_problems_instead_of_raising(tmp_path: Path) -> None:
    assert load_text(tmp_path, '{"type": "Topology",\n  "arcs": [}') == [
        "map.json:2:12: ongeldige JSON: Expecting value"
    ]
    assert load_text(tmp_path, "[]") == ["map.json:1:1: type: verwacht een TopoJSON-Topology"]
    assert load_text(tmp_path, json.dumps(tiny_topology(licence=""))) == [
        "map.json:1:1: licence: de kaartgegevens moeten hun bronnen vermelden"
    ]
    assert load_text(tmp_path, json.dumps(tiny_topology(arcs=[[[0, 0], [1, "2"]]]))) == [
        'map.json:1:1: arcs[0][1]: verwacht een paar gehele getallen, maar kreeg [1, "2"]'
    ]
    missing = tiny_topology(arcs=tiny_topology()["arcs"][:2])  # type: ignore[index]
    assert load_text(tmp_path, json.dumps(missing)) == [
        "map.json:1:1: objects.municipalities.geometries[1].arcs[0]: onbekende boog 2"
    ]
    (tmp_path / "absent.json").unlink(missing_ok=True)
    loaded, problems = load_map_data(tmp_path / "absent.json", tmp_path)
    assert loaded is None
    assert [p.format_text() for p in problems] == [
        "absent.json:1:1: het bestand kan niet gelezen worden: No such file or directory"
    ]


def test_loading_points_at_the_line_of_a_broken_municipality(tmp_path: Path) -> None:
    topology = tiny_topology()
    geometries = topology["objects"]["municipalities"]["geometries"]  # type: ignore[index]
    geometries[1]["properties"]["nis_code"] = "11001"
    geometries[0]["arcs"] = [[0]]
    text = json.dumps(topology, indent=1).replace('"nis_code": "11001"', '"nis_code":"11001"')
    first = text.index('"nis_code":"11001"')
    second = text.index('"nis_code":"11001"', first + 1)
    line_1, line_2 = text.count("\n", 0, first) + 1, text.count("\n", 0, second) + 1
    assert line_1 < line_2
    assert load_text(tmp_path, text) == [
        f"map.json:{line_1}:1: objects.municipalities.geometries[0].arcs[0]: de ring is niet gesloten",
        f"map.json:{line_2}:1: objects.municipalities.geometries[1].properties.nis_code: "
        "11001 komt meer dan eens voor",
    ]


# --- The region map --------------------------------------------------------------------------


def test_count_labels_and_buckets() -> None:
    assert count_label("Gent", 5) == "Gent: 5 projecten"
    assert count_label("Aalter", 1) == "Aalter: 1 project"
    assert count_label("Boom", 0) == "Boom: 0 projecten"
    assert [count_bucket(n).css_class for n in range(6)] == [
        "map-count-0",
        "map-count-1",
        "map-count-2-3",
        "map-count-2-3",
        "map-count-4-plus",
        "map-count-4-plus",
    ]


def test_region_map_links_every_municipality(
    data: MapData, current: dict[str, dict[str, str]]
) -> None:
    counts, urls, names = region_inputs(current)
    svg = render_region_map(data, counts, urls, names)
    root = ET.fromstring(svg)
    anchors = list(root.iter(f"{SVG}a"))
    assert len(anchors) == 285
    assert links(svg) == {urls[nis]: count_label(names[nis], counts[nis]) for nis in current}
    for a in anchors:
        paths = a.findall(f"{SVG}path")
        assert len(paths) == 1
        nis = next(n for n, url in urls.items() if url == a.attrib["href"])
        assert paths[0].attrib["class"] == f"map-area {count_bucket(counts[nis]).css_class}"
        assert paths[0].attrib["d"].startswith("M")
    hrefs = [a.attrib["href"] for a in anchors]
    assert hrefs == [urls[nis] for nis in sorted(current)]  # NIS order


def test_region_map_titles_gent(data: MapData, current: dict[str, dict[str, str]]) -> None:
    counts, urls, names = region_inputs(current)
    counts[GENT] = 5
    counts["44084"] = 1
    found = links(render_region_map(data, counts, urls, names))
    assert found["/gemeenten/gent/"] == "Gent: 5 projecten"
    assert found["/gemeenten/aalter/"] == "Aalter: 1 project"


def test_region_map_is_accessible_and_has_no_scripts_or_styles(
    data: MapData, current: dict[str, dict[str, str]]
) -> None:
    svg = render_region_map(data, *region_inputs(current))
    root = ET.fromstring(svg)
    assert "role" not in root.attrib  # role="img" would hide the links; "group" is invalid on <svg>
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert root.attrib["aria-labelledby"] == title.attrib["id"] == "kaart-vlaanderen-title"
    assert root.attrib["aria-describedby"] == desc.attrib["id"] == "kaart-vlaanderen-desc"
    for element in root.iter():
        assert element.tag not in {f"{SVG}script", f"{SVG}style", f"{SVG}foreignObject"}
        assert "style" not in element.attrib
        assert not any(name.startswith("on") for name in element.attrib)
    # The legend is the page's (HTML): no SVG text that shrinks to 3 px on a phone.
    assert root.find(f".//{SVG}text") is None
    assert root.find(f".//{SVG}rect") is None


def test_region_map_size_and_stability(
    data: MapData, current: dict[str, dict[str, str]], provinces_of: dict[str, str]
) -> None:
    counts, urls, names = region_inputs(current)
    svg = render_region_map(data, counts, urls, names, provinces=provinces_of)
    assert len(svg.encode()) < REGION_SVG_LIMIT  # with the province borders and names
    shuffled = list(urls.items())
    random.Random(1).shuffle(shuffled)
    provinces = dict(sorted(provinces_of.items(), reverse=True))
    assert render_region_map(data, counts, dict(shuffled), names, provinces=provinces) == svg
    assert re.fullmatch(r"-?\d+ -?\d+ \d+ \d+", ET.fromstring(svg).attrib["viewBox"])


def test_region_map_without_url_or_count(data: MapData) -> None:
    svg = render_region_map(data, {}, {}, {})
    root = ET.fromstring(svg)
    assert list(root.iter(f"{SVG}a")) == []
    assert root.attrib["role"] == "img"
    titles = [t.text for t in root.iter(f"{SVG}title")][1:]
    assert titles[:2] == ["Aartselaar: 0 projecten", "Antwerpen: 0 projecten"]
    assert list(root.iter(f"{SVG}text")) == []


def test_region_map_escapes_names_and_urls(data: MapData) -> None:
    svg = render_region_map(data, {GENT: 2}, {GENT: "/a?b=1&c=<2>"}, {GENT: 'Gent "&" <Co>'})
    assert links(svg) == {"/a?b=1&c=<2>": 'Gent "&" <Co>: 2 projecten'}


def test_legend_buckets_cover_every_count_once() -> None:
    for count in range(50):
        assert sum(bucket.contains(count) for bucket in COUNT_BUCKETS) == 1
    assert [b.label for b in COUNT_BUCKETS] == [
        "0 eigen projecten",
        "1 eigen project",
        "2 of 3 eigen projecten",
        "4 of meer eigen projecten",
    ]


# --- Provinces: borders, names, their own maps ------------------------------------------------

PROVINCES = ["Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen"]


def members_of(provinces_of: dict[str, str], province: str) -> set[str]:
    return {nis for nis, name in provinces_of.items() if name == province}


def test_a_provinces_outline_is_closed_and_only_its_edge(
    data: MapData, provinces_of: dict[str, str]
) -> None:
    for province in PROVINCES:
        members = members_of(provinces_of, province)
        arcs = outline_arcs(data, members)
        assert arcs
        for arc in arcs:
            assert sum(nis in members for nis in data.arc_users[arc]) == 1
        # Closed rings: every end point of an outline arc is shared by an even number of ends.
        ends = Counter(p for arc in arcs for p in (data.arcs[arc][0], data.arcs[arc][-1]))
        assert all(n % 2 == 0 for n in ends.values()), province
        # An arc inside the province (two members) is not on its outline.
        inner = [
            a for a, users in data.arc_users.items() if set(users) <= members and len(users) == 2
        ]
        assert inner and not set(inner) & set(arcs)


def test_region_map_draws_province_borders_and_names(
    data: MapData, current: dict[str, dict[str, str]], provinces_of: dict[str, str]
) -> None:
    svg = render_region_map(data, *region_inputs(current), provinces=provinces_of)
    root = ET.fromstring(svg)
    layer = root.find(f"{SVG}g[@class='map-provinces']")
    assert layer is not None and layer.attrib["aria-hidden"] == "true"
    border = layer.find(f"{SVG}path[@class='map-province-border']")
    assert border is not None
    # One "M" per border arc: the arcs between provinces and Flanders' own edge, nothing else.
    expected = {
        arc
        for arc, users in data.arc_users.items()
        if len({provinces_of[nis] for nis in users}) == 2 or len(users) == 1
    }
    assert border.attrib["d"].count("M") == len(expected)
    assert (
        border.attrib["d"]
        == render_region_map(data, {}, {}, {}, provinces=provinces_of)
        .split('class="map-province-border" d="')[1]
        .split('"')[0]
    )
    texts = list(layer.iter(f"{SVG}text"))
    assert [t.text for t in texts] == PROVINCES
    assert all(t.attrib["class"] == "map-label" for t in texts)
    # The layer is drawn after the municipalities, so the borders lie on top.
    assert svg.index("map-province-border") > svg.rindex("map-area")
    # Without provinces, no borders or names (the test above for the plain map).
    assert "map-province" not in render_region_map(data, *region_inputs(current))


def test_province_names_sit_inside_their_province_and_the_map(
    data: MapData, provinces_of: dict[str, str]
) -> None:
    view = (-94, -94, data.width + 188, data.height + 188)
    size = view[2] // 28
    labels = province_labels(data, provinces_of, size, view)
    assert [label.text for label in labels] == PROVINCES
    for label in labels:
        shapes = [data.shapes[nis] for nis in members_of(provinces_of, label.text)]
        x, y = label_point(shapes)
        assert any(shape_contains(shape, (x, y + 0.5)) for shape in shapes), label.text
        half = len(label.text) * 0.6 * size / 2
        assert view[0] <= label.x - half and label.x + half <= view[0] + view[2], label.text
        assert view[1] <= label.y - size and label.y + size <= view[1] + view[3]
    # Vlaams-Brabant surrounds Brussels: its name is not put in the hole.
    brabant = next(label for label in labels if label.text == "Vlaams-Brabant")
    shapes = [data.shapes[nis] for nis in members_of(provinces_of, "Vlaams-Brabant")]
    assert any(shape_contains(s, (brabant.x, brabant.y + 0.5)) for s in shapes)


def test_every_municipality_name_point_lies_inside_it(data: MapData) -> None:
    for shape in data.shapes.values():
        x, y = label_point([shape], lines=7)
        assert shape_contains(shape, (x, y + 0.5)), shape.name


def test_province_map_of_limburg(
    data: MapData, current: dict[str, dict[str, str]], provinces_of: dict[str, str]
) -> None:
    counts, urls, names = region_inputs(current)
    members = members_of(provinces_of, "Limburg")
    texts = {nis: f"{counts[nis]} eigen projecten" for nis in members}
    svg = render_province_map(
        data,
        members,
        counts,
        urls,
        names,
        labels=texts,
        title="Kaart van de provincie Limburg",
        description="De gemeenten van Limburg.",
    )
    root = ET.fromstring(svg)
    assert "role" not in root.attrib
    assert root.attrib["class"] == "map map-province"
    assert root.attrib["aria-labelledby"] == "kaart-provincie-title"
    assert root.findtext(f"{SVG}title") == "Kaart van de provincie Limburg"
    anchors = list(root.iter(f"{SVG}a"))
    assert [a.attrib["href"] for a in anchors] == [urls[nis] for nis in sorted(members)]
    assert links(svg) == {urls[nis]: f"{names[nis]}: {texts[nis]}" for nis in members}
    for a in anchors:
        nis = next(n for n in members if urls[n] == a.attrib["href"])
        path = a.find(f"{SVG}path")
        assert path is not None
        assert path.attrib["class"] == f"map-area {count_bucket(counts[nis]).css_class}"
        name = a.find(f"{SVG}text")
        assert name is not None and name.text == names[nis]
        assert name.attrib["class"] == "map-name" and name.attrib["aria-hidden"] == "true"
        x, y = int(name.attrib["x"]), int(name.attrib["y"])
        box = view_box(svg)
        assert box[0] < x < box[2] and box[1] < y < box[3]
    # Every member is inside the view; other provinces are faint, hidden and not linked.
    box = view_box(svg)
    for nis in members:
        x0, y0, x1, y1 = data.shapes[nis].bbox
        assert box[0] < x0 and box[1] < y0 and x1 < box[2] and y1 < box[3]
    hidden = [g for g in root.iter(f"{SVG}g") if g.attrib.get("aria-hidden") == "true"]
    assert len(hidden) == 1
    assert {p.attrib["class"] for p in hidden[0]} == {"map-area map-context"}
    outline = root.find(f"{SVG}path[@class='map-province-border']")
    assert outline is not None and outline.attrib["aria-hidden"] == "true"
    assert outline.attrib["d"].count("M") == len(outline_arcs(data, members))
    for element in root.iter():
        assert "style" not in element.attrib
        assert not any(name.startswith("on") for name in element.attrib)


def test_province_maps_are_small_stable_and_complete(
    data: MapData, current: dict[str, dict[str, str]], provinces_of: dict[str, str]
) -> None:
    counts, urls, names = region_inputs(current)
    linked: list[str] = []
    for province in PROVINCES:
        members = members_of(provinces_of, province)
        svg = render_province_map(
            data, members, counts, urls, names, title=province, description=province
        )
        assert len(svg.encode()) < 100_000, province
        assert svg == render_province_map(
            data,
            sorted(members, reverse=True),
            counts,
            urls,
            names,
            title=province,
            description=province,
        )
        linked += links(svg)
    assert sorted(linked) == sorted(urls.values())  # each municipality on exactly one map
    assert render_province_map(data, set(), counts, urls, names, title="", description="") == ""


# --- The local map ---------------------------------------------------------------------------


def view_box(svg: str) -> tuple[int, int, int, int]:
    x, y, w, h = (int(v) for v in ET.fromstring(svg).attrib["viewBox"].split())
    return x, y, x + w, y + h


def test_local_map_of_gent_shows_its_neighbours(
    data: MapData, current: dict[str, dict[str, str]]
) -> None:
    _, urls, names = region_inputs(current)
    svg = render_local_map(data, GENT, GENT_NEIGHBOURS, urls, names)
    root = ET.fromstring(svg)
    assert links(svg) == {urls[nis]: names[nis] for nis in GENT_NEIGHBOURS}
    classes = Counter(p.attrib["class"] for p in root.iter(f"{SVG}path"))
    assert classes["map-area map-focus"] == 1
    assert classes["map-area map-neighbour"] == len(GENT_NEIGHBOURS)
    assert classes["map-area map-context"] > 0
    focus = next(
        g
        for g in root.iter(f"{SVG}g")
        if g.find(f"{SVG}path[@class='map-area map-focus']") is not None
    )
    assert focus.findtext(f"{SVG}title") == "Gent"
    box = view_box(svg)
    for nis in [GENT, *GENT_NEIGHBOURS]:
        x0, y0, x1, y1 = data.shapes[nis].bbox
        assert box[0] < x0 and box[1] < y0 and x1 < box[2] and y1 < box[3]
    assert root.findtext(f"{SVG}title") == "Ligging van Gent"
    assert root.findtext(f"{SVG}desc") == (
        "Gent grenst aan Deinze, Destelbergen, Evergem, Lievegem, Lochristi, Merelbeke-Melle, "
        "Nazareth-De Pinte, Sint-Martens-Latem en Zelzate."
    )
    # The focus is drawn last, so its outline lies on top; context is hidden from assistive tech.
    assert svg.rindex("map-focus") > svg.rindex("map-neighbour") > svg.rindex("map-context")
    hidden = [g for g in root.iter(f"{SVG}g") if g.attrib.get("aria-hidden") == "true"]
    assert len(hidden) == 1
    assert all(p.attrib["class"] == "map-area map-context" for p in hidden[0])


def test_local_map_is_small_and_stable(data: MapData, current: dict[str, dict[str, str]]) -> None:
    _, urls, names = region_inputs(current)
    svg = render_local_map(data, GENT, GENT_NEIGHBOURS, urls, names)
    assert len(svg.encode()) < 40_000
    assert render_local_map(data, GENT, sorted(GENT_NEIGHBOURS, reverse=True), urls, names) == svg


def test_local_map_of_voeren_without_neighbours(data: MapData) -> None:
    svg = render_local_map(data, VOEREN, set(), {}, {})
    root = ET.fromstring(svg)
    assert root.attrib["role"] == "img"
    assert root.findtext(f"{SVG}desc") == "Voeren grenst aan geen andere Vlaamse gemeente."
    x0, _, x1, _ = view_box(svg)
    assert x1 - x0 >= data.width // 6  # widened to show some surroundings


def test_local_map_of_an_unknown_municipality_is_empty(data: MapData) -> None:
    assert render_local_map(data, "99999", {GENT}, {}, {}) == ""


# --- The tool --------------------------------------------------------------------------------


def test_lambert72_matches_the_iogp_example() -> None:
    # IOGP Guidance Note 7-2, Lambert Conic Conformal (2SP Belgium), BD72 latitude/longitude.
    lat = math.radians(50 + 40 / 60 + 46.461 / 3600)
    lon = math.radians(5 + 48 / 60 + 26.533 / 3600)
    easting, northing = tool.lambert72_from_bd72(lon, lat)
    assert easting == pytest.approx(251763.20, abs=0.1)
    assert northing == pytest.approx(153034.13, abs=0.1)


def test_projection_shifts_the_datum_by_about_a_hundred_metres() -> None:
    # WGS84 and BD72 latitudes and longitudes differ by some 100 m in Belgium.
    lon, lat = 3.72477, 51.05361  # Gent
    shifted = tool.project(lon, lat)
    unshifted = tool.lambert72_from_bd72(math.radians(lon), math.radians(lat))
    assert 50 < math.dist(shifted, unshifted) < 150
    assert shifted == pytest.approx((104_800, 193_900), abs=1_000)


def wiggly(a: tuple[float, float], b: tuple[float, float], n: int) -> list[tuple[float, float]]:
    """Points from a to b (a included, b not) with a small, uneven sideways wobble."""
    points = []
    for i in range(n):
        t = i / n
        wobble = 0.0 if i == 0 else ((i * 37) % 11 - 5) * (3.0 if i % 4 else 30.0)
        x = a[0] + (b[0] - a[0]) * t + (wobble if a[0] == b[0] else 0.0)
        y = a[1] + (b[1] - a[1]) * t + (wobble if a[1] == b[1] else 0.0)
        points.append((x, y))
    return points


def edge_points(a: tuple[float, float], b: tuple[float, float]) -> list[tuple[float, float]]:
    lo, hi = min(a, b), max(a, b)
    points = [*wiggly(lo, hi, 20), hi]
    return points if (lo, hi) == (a, b) else points[::-1]


def grid_square(x: int, y: int, size: float = 1000.0) -> list[tuple[float, float]]:
    corners = [(x * size, y * size), ((x + 1) * size, y * size)]
    corners += [((x + 1) * size, (y + 1) * size), (x * size, (y + 1) * size)]
    ring: list[tuple[float, float]] = []
    for a, b in zip(corners, corners[1:] + corners[:1], strict=True):
        ring += edge_points(a, b)[:-1]
    return [*ring, ring[0]]


def test_tool_simplifies_shared_edges_once() -> None:
    features = [
        tool.Feature(f"1100{i}", f"Vak {i}", [[grid_square(x, y)]])
        for i, (x, y) in enumerate([(0, 0), (1, 0), (0, 1), (1, 1)], start=1)
    ]
    topology = tool.build_topology(features)
    # 4 inner edges (shared) and 8 outer edges; the centre is a junction of four squares.
    shared = Counter(r if r >= 0 else ~r for f in topology.rings for r in f[0][0])
    assert sorted(Counter(shared.values()).items()) == [(1, 4), (2, 4)]
    result = tool.simplify(topology, tolerance=50.0, grid_size=10.0)
    assert result.kept < result.total
    rings = [tool.join_ring(f[0][0], result.arcs) for f in topology.rings]
    for ring in rings:
        assert tool.is_real_polygon(ring)
        assert ring[0] == ring[-1]
    # Douglas-Peucker keeps the 150 and 120 m wobbles (and the vertices that frame them) and
    # drops most others: one shared run per pair, the same points on both sides.
    for i, j in [(0, 1), (0, 2), (1, 3), (2, 3)]:
        a, b = rings[i], rings[j]
        runs = shared_runs(a, set(b))
        assert len(runs) == 1
        assert 4 <= len(runs[0]) < 21  # the corners and the big wobbles, not every vertex
        assert contains_cyclic(b, runs[0][::-1])
        assert len(ring_edges(a) & ring_edges(b)) == len(runs[0]) - 1
    # Simplifying again gives the same bytes.
    again = tool.simplify(tool.build_topology(features), tolerance=50.0, grid_size=10.0)
    assert again.arcs == result.arcs


def test_tool_keeps_an_enclave_and_its_hole() -> None:
    outer = [(0.0, 0.0), (1000.0, 0.0), (1000.0, 1000.0), (0.0, 1000.0), (0.0, 0.0)]
    hole = [(400.0, 400.0), (430.0, 400.0), (430.0, 430.0), (400.0, 430.0), (400.0, 400.0)]
    features = [
        tool.Feature("11001", "Rond", [[outer, hole[::-1]]]),
        tool.Feature("11002", "Enclave", [[hole]]),
    ]
    topology = tool.build_topology(features)
    assert len(topology.arcs) == 2  # the hole and the enclave are one closed arc
    assert topology.rings[0][0][1] == [~topology.rings[1][0][0][0]]
    result = tool.simplify(topology, tolerance=500.0, grid_size=10.0)
    enclave = tool.join_ring(topology.rings[1][0][0], result.arcs)
    assert tool.is_real_polygon(enclave)  # restored, though far below the tolerance
    assert result.restored > 0


def test_tool_output_is_the_committed_file_format(tmp_path: Path) -> None:
    features = [
        tool.Feature(f"1100{i}", f"Vak {i}", [[grid_square(x, 0)]])
        for i, x in enumerate([0, 1], start=1)
    ]
    topology = tool.build_topology(features)
    result = tool.simplify(topology, 50.0, 10.0)
    text = tool.render_topojson(
        features, topology, result, tolerance=50.0, grid_size=10.0, source_file="test.geojson"
    )
    path = tmp_path / "map.json"
    path.write_text(text, encoding="utf-8")
    loaded, problems = load_map_data(path, tmp_path)
    assert problems == []
    assert loaded is not None
    assert loaded.neighbours == {"11001": ("11002",), "11002": ("11001",)}
    assert loaded.width >= 200 and loaded.height >= 100
