"""What the site adds to the catalogue: synergies, maps and open data, computed once per build.

The catalogue holds the records and their links; this module loads the two data files that only
the site needs (the neighbour table and the simplified map), computes the synergies and the
open-data files, and hands the page plan (:mod:`showcase.site.pages`) one frozen bundle.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from showcase import parallel
from showcase.derive.contacts import ContactRoutes, compute_contact_routes
from showcase.derive.downloads import Download, describe_downloads
from showcase.derive.maps import (
    MapData,
    check_coverage,
    load_map_data,
    render_local_map,
    render_province_map,
    render_region_map,
)
from showcase.derive.mergers import Mergers, compute_mergers
from showcase.derive.neighbours import Neighbours, load_neighbours
from showcase.derive.open_data import (
    add_radar,
    export_open_data,
    export_radar,
    geometries_by_nis,
)
from showcase.derive.partners import Partners, index_partners
from showcase.derive.peers import Peers, compute_peers, land_areas
from showcase.derive.synergy import Synergies, compute_synergies
from showcase.link.catalogue import Catalogue, Place, ProvinceEntry
from showcase.load.dataset import Layout
from showcase.problems import Problem, display_path


@dataclass(frozen=True)
class SiteExtras:
    synergies: Synergies
    contacts: ContactRoutes
    map_data: MapData | None
    downloads: tuple[Download, ...]
    files: Mapping[str, bytes] = field(default_factory=dict)
    """Open-data file name → bytes, written under ``/open-data/``."""
    site_url: str = ""
    """The public address (``SITEURL``): the maps' links and absolute URLs in JSON-LD start
    with it (empty while developing)."""
    peers: Peers = field(default_factory=dict)
    """NIS code of each current municipality → its peers ("Vergelijkbare gemeenten"), best
    first: :class:`showcase.derive.peers.Peer` (``place``, ``reasons``, ``score``)."""
    mergers: Mergers = field(default_factory=Mergers.none)
    """The mergers told from the records: 308 → 300 → 285, and each region's member count."""
    partners: Partners = field(default_factory=Partners)
    """Every partner organisation the projects name, grouped across spellings (/partners/)."""

    def region_map(self, catalogue: Catalogue) -> str:
        """The map of Flanders, coloured by each municipality's own projects; each title says
        both counts (``Place.project_counts``), as the lists and pages do."""
        if self.map_data is None:
            return ""
        current = catalogue.current
        return render_region_map(
            self.map_data,
            {p.nis_code: p.project_counts.own for p in current},
            {p.nis_code: f"{self.site_url}{p.url}" for p in current},
            {p.nis_code: p.name for p in current},
            labels={p.nis_code: p.project_counts.text for p in current},
            provinces={p.nis_code: p.province.name for p in current if p.province},
        )

    def province_map(self, province: ProvinceEntry) -> str:
        """The province's current municipalities, coloured and titled as on the region map."""
        if self.map_data is None:
            return ""
        places = province.places
        return render_province_map(
            self.map_data,
            {p.nis_code for p in places},
            {p.nis_code: p.project_counts.own for p in places},
            {p.nis_code: f"{self.site_url}{p.url}" for p in places},
            {p.nis_code: p.name for p in places},
            labels={p.nis_code: p.project_counts.text for p in places},
            title=f"Kaart van de provincie {province.name}: slimme-stadsprojecten per gemeente",
            description=(
                f"De {len(places)} gemeenten van de provincie {province.name}, elk gekleurd naar "
                "haar aantal eigen projecten en met een link naar haar pagina. De lijst van de "
                "gemeenten per arrondissement geeft dezelfde cijfers."
            ),
        )

    def local_map(self, place: Place) -> str:
        """The municipality among its neighbours; empty for a municipality merged away."""
        if self.map_data is None or not place.is_current:
            return ""
        nearby = self.synergies.nearby.get(place.nis_code)
        neighbours = [n.place for n in nearby.neighbours] if nearby else []
        shown = [place, *neighbours]
        return render_local_map(
            self.map_data,
            place.nis_code,
            [p.nis_code for p in neighbours],
            {p.nis_code: f"{self.site_url}{p.url}" for p in shown},
            {p.nis_code: p.name for p in shown},
        )


def load_site_data(
    layout: Layout, catalogue: Catalogue
) -> tuple[Neighbours | None, MapData | None, list[Problem]]:
    """The neighbour table and the map data, with the problems found in them."""
    problems: list[Problem] = []
    neighbours, found = load_neighbours(layout.neighbours, catalogue, root=layout.root)
    problems += found
    map_data, found = load_map_data(layout.map_data, layout.root)
    problems += found
    if map_data is not None:
        expected = {p.nis_code: p.name for p in catalogue.current}
        problems += check_coverage(map_data, expected, display_path(layout.map_data, layout.root))
    return neighbours, map_data, problems


def load_geometries(layout: Layout) -> tuple[dict[str, dict[str, Any]] | None, list[Problem]]:
    """The WGS84 boundaries for ``gemeenten.geojson``, if the project has them."""
    path = layout.boundaries
    if not path.exists():
        return None, []
    display = display_path(path, layout.root)
    try:
        return geometries_by_nis(json.loads(path.read_text(encoding="utf-8"))), []
    except (ValueError, KeyError, TypeError) as error:
        return None, [Problem(display, 1, 1, "", f"het grenzenbestand is onleesbaar: {error}")]


def _export(
    catalogue: Catalogue, layout: Layout, **options: Any
) -> tuple[dict[str, bytes], list[Problem]]:
    """The open-data files (:func:`export_open_data` without the DCAT catalogue) with the
    boundaries, if the project has them; or the problem that makes the boundary file unusable.
    Reading the boundaries (0.4 s) is part of it, so that a forked process does both."""
    geometries, problems = load_geometries(layout)
    if problems:
        return {}, problems
    files = export_open_data(catalogue, geometries=geometries, described=False, **options)
    return files, []


def build_extras(
    catalogue: Catalogue,
    layout: Layout,
    *,
    site_url: str,
    publisher: str,
    contact_url: str | None,
    workers: int | None = None,
    today: dt.date | None = None,
    cache: Path | None = None,
) -> tuple[SiteExtras | None, list[Problem]]:
    """Everything beyond the catalogue, or ``None`` with the problems that prevent it.

    Large catalogues use ``workers`` processes (default: the usable cores); the result is the
    same whatever their number. ``today`` (default: the real today) is the day the scale-up
    radar counts declarations of interest from. ``cache`` (a folder, or ``None``) keeps what a
    later build can use again, whose result is the same with it or without it: the counted
    words of each project's text (:mod:`showcase.derive.word_counts`).
    """
    # Millions of objects are made and kept: the collector would walk them all, again and
    # again, to free nothing (see parallel.paused_collector).
    with parallel.paused_collector():
        neighbours, map_data, problems = load_site_data(layout, catalogue)
        if neighbours is None or problems:
            return None, problems + load_geometries(layout)[1]
        workers = parallel.workers_for(workers)
        peers = compute_peers(catalogue, land_areas(map_data) if map_data is not None else None)
        partners = index_partners(catalogue.projects)
        # The DCAT catalogue describes every file: add_radar makes it once the radar's are there.
        export = functools.partial(
            _export,
            catalogue,
            layout,
            publisher=publisher,
            site_url=site_url,
            contact_url=contact_url,
            peers=peers,
            partners=partners,
        )
        synergise = functools.partial(
            compute_synergies,
            catalogue,
            neighbours,
            workers=workers,
            today=today,
            peers=peers,
            cache=cache,
        )
        projects = len(catalogue.projects)
        if parallel.worth_it(projects, parallel.THRESHOLDS.related_projects, workers):
            # The open data do not depend on the synergies: a forked process writes them
            # meanwhile and sends back the bytes (the radar's files are added after).
            exported = parallel.fork_call(export)
            try:
                synergies = synergise()
                # Made here while that process may still be writing.
                radar_files = export_radar(synergies.radar, site_url=site_url)
            finally:
                ((files, found),) = parallel.wait_all([exported])
        else:
            synergies = synergise()
            radar_files = export_radar(synergies.radar, site_url=site_url)
            files, found = export()
        if found:
            return None, problems + found
        with_geometry = layout.boundaries.exists()
        files = add_radar(
            files,
            catalogue,
            synergies.radar,
            publisher=publisher,
            site_url=site_url,
            contact_url=contact_url,
            with_geometry=with_geometry,
            radar_files=radar_files,
        )
    downloads = tuple(describe_downloads(with_geometry=with_geometry))
    contacts = compute_contact_routes(catalogue)
    return (
        SiteExtras(
            synergies,
            contacts,
            map_data,
            downloads,
            files,
            site_url,
            peers=peers,
            mergers=compute_mergers(catalogue),
            partners=partners,
        ),
        problems,
    )
