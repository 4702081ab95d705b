"""Linking: every record and entry resolved against the others, into one :class:`Catalogue`.

Linking follows the content-kinds registry (:mod:`showcase.kinds`): each kind's declared
references (municipalities, regions, themes, projects) are resolved the same way, with a
located problem and a "did you mean" hint for each one that does not resolve. Every problem of
the run is collected; the catalogue is sealed at the end.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from showcase.kinds import PROJECT, ContentKind, Reference
from showcase.link.catalogue import (
    ArrondissementGroup,
    Catalogue,
    Entry,
    Place,
    ProjectEntry,
    ProjectMention,
    ProvinceEntry,
    RegionEntry,
    ReuseEntry,
    ThemeEntry,
    name_key,
)
from showcase.load.dataset import BodyChecks, Dataset, Loaded
from showcase.load.media import check_media
from showcase.load.reader import Loc
from showcase.load.validation import did_you_mean, nearest
from showcase.problems import Problem
from showcase.schema.models import Municipality, site_host

PROJECT_FOLDER_HINT = "gebruik de bestandsnaam van een project in content/projecten/ zonder .md"


class _Linker:
    """Builds the catalogue, collecting every problem on the way."""

    def __init__(self, data: Dataset) -> None:
        self.data = data
        self.problems: list[Problem] = []
        # Slugs and codes of municipality records that failed on their own: references to
        # them are not reported again.
        self.broken_refs: set[str] = set()
        for failed in data.failed_files:
            stem = Path(failed).stem
            if Path(failed).parent == data.layout.municipalities:
                self.broken_refs.update(stem.split("-", 1))
        self.places: dict[str, Place] = {}
        self.by_slug: dict[str, Place] = {}
        self.theme_by_slug: dict[str, ThemeEntry] = {}
        self.region_by_slug: dict[str, RegionEntry] = {}
        self.project_by_slug: dict[str, ProjectEntry] = {}
        self.media_root = data.layout.content / "media"

    def report(self, loaded: Loaded[Any], loc: Loc, message: str, *, key: bool = False) -> None:
        self.problems.append(loaded.doc.problem(loc, message, key=key))

    # -- municipalities --------------------------------------------------------------------

    def link_places(self) -> dict[str, Place]:
        places: dict[str, Place] = {}
        slugs: dict[str, Loaded[Municipality]] = {}
        for loaded in self.data.municipalities:
            record = loaded.record
            stem = loaded.doc.path.stem
            expected = f"{record.nis_code}-{record.slug}"
            if stem != expected:
                code, _, _slug = stem.partition("-")
                if code != record.nis_code:
                    self.report(
                        loaded,
                        ("nis_code",),
                        f"de NIS-code '{record.nis_code}' past niet bij de bestandsnaam "
                        f"'{loaded.doc.path.name}': het bestand moet '{expected}.yaml' heten",
                    )
                else:
                    self.report(
                        loaded,
                        ("slug",),
                        f"de slug '{record.slug}' past niet bij de bestandsnaam "
                        f"'{loaded.doc.path.name}': het bestand moet '{expected}.yaml' heten",
                    )
            if record.nis_code in places:
                other = places[record.nis_code].source
                self.report(
                    loaded,
                    ("nis_code",),
                    f"NIS-code '{record.nis_code}' wordt ook gebruikt door {other}",
                )
                continue
            if record.slug in slugs:
                other = slugs[record.slug].doc.display
                self.report(
                    loaded, ("slug",), f"slug '{record.slug}' wordt ook gebruikt door {other}"
                )
                continue
            slugs[record.slug] = loaded
            places[record.nis_code] = Place(record, loaded.doc.display)
        by_code = {loaded.record.nis_code: loaded for loaded in self.data.municipalities}
        for place in places.values():
            successor_code = place.record.successor
            if successor_code is None:
                continue
            code = successor_code
            loaded = by_code[place.nis_code]
            successor = places.get(code)
            if successor is None and code in self.broken_refs:
                continue
            if successor is None:
                hint = did_you_mean(code, places)
                self.report(
                    loaded, ("successor",), f"successor '{code}' is geen bekende NIS-code{hint}"
                )
                continue
            merged_on = place.merged_on
            if merged_on and not successor.exists_on(merged_on):
                self.report(
                    loaded,
                    ("successor",),
                    f"successor '{code}' ({successor.name}) bestaat niet op {merged_on}, "
                    "de dag na valid_until",
                )
            place.successor = successor
            successor.predecessors.append(place)
        self.check_websites(places, by_code)
        looped: list[Place] = []
        for place in places.values():
            if self._loops(place):
                self.report(
                    by_code[place.nis_code],
                    ("successor",),
                    "de keten van successors keert terug naar deze gemeente",
                )
                looped.append(place)
        for place in looped:
            if place.successor is not None and place in place.successor.predecessors:
                place.successor.predecessors.remove(place)
            place.successor = None
        for place in places.values():
            place.predecessors.sort(key=name_key)
            clash = any(
                other is not place and other.name == place.name for other in places.values()
            )
            until = place.record.valid_until
            place.label = f"{place.name} (tot {until.year})" if clash and until else place.name
        return places

    def check_websites(
        self, places: dict[str, Place], by_code: dict[str, Loaded[Municipality]]
    ) -> None:
        """Two municipalities cannot have the same website: one of them is a copy-paste."""
        owners: dict[str, Place] = {}
        for place in sorted(places.values(), key=lambda p: p.nis_code):
            website = place.record.website
            if website is None:
                continue
            host = site_host(website.url)
            other = owners.setdefault(host, place)
            if other is not place:
                self.report(
                    by_code[place.nis_code],
                    ("website", "url"),
                    f"{host} is al de website van {other.name} ({other.source}): geef de "
                    f"website van {place.name} zelf",
                )

    @staticmethod
    def _loops(place: Place) -> bool:
        seen = {place.nis_code}
        current = place.successor
        while current is not None:
            if current.nis_code in seen:
                return True
            seen.add(current.nis_code)
            current = current.successor
        return False

    def link_provinces(self, places: dict[str, Place]) -> list[ProvinceEntry]:
        provinces_file = self.data.provinces
        if provinces_file is None:
            return []
        entries = {p.name: ProvinceEntry(p.slug, p.name) for p in provinces_file.record.provinces}
        arrondissements = {
            p.name: {a.name: a.nis_code for a in p.arrondissements}
            for p in provinces_file.record.provinces
        }
        by_code = {loaded.record.nis_code: loaded for loaded in self.data.municipalities}
        for place in places.values():
            record = place.record
            loaded = by_code[place.nis_code]
            province = entries.get(record.province)
            if province is None:
                hint = did_you_mean(record.province, entries)
                self.report(
                    loaded,
                    ("province",),
                    f"onbekende provincie '{record.province}'{hint}; kies uit: "
                    + ", ".join(sorted(entries)),
                )
                continue
            known = arrondissements[record.province]
            arr = record.arrondissement
            if arr.name not in known:
                hint = did_you_mean(arr.name, known)
                self.report(
                    loaded,
                    ("arrondissement", "name"),
                    f"onbekend arrondissement '{arr.name}' in {record.province}{hint}; kies uit: "
                    + ", ".join(sorted(known)),
                )
            elif known[arr.name] != arr.nis_code:
                self.report(
                    loaded,
                    ("arrondissement", "nis_code"),
                    f"arrondissement {arr.name} heeft NIS-code '{known[arr.name]}', "
                    f"niet '{arr.nis_code}'",
                )
        for province in entries.values():
            for place in places.values():
                if place.record.province == province.name:
                    place.province = province
            province.places = [
                p
                for p in sorted(places.values(), key=name_key)
                if p.is_current and p.record.province == province.name
            ]
            groups: dict[str, ArrondissementGroup] = {}
            for place in province.places:
                arr = place.record.arrondissement
                groups.setdefault(arr.nis_code, ArrondissementGroup(arr.name, arr.nis_code))
                groups[arr.nis_code].places.append(place)
            province.arrondissements = sorted(groups.values(), key=lambda g: g.name)
        return sorted(entries.values(), key=lambda p: p.name)

    # -- themes and regions ----------------------------------------------------------------

    def link_themes(self) -> tuple[list[ThemeEntry], dict[str, ThemeEntry]]:
        themes_file = self.data.themes
        if themes_file is None:
            return [], {}
        domains: list[ThemeEntry] = []
        by_slug: dict[str, ThemeEntry] = {}
        for index, domain in enumerate(themes_file.record.themes):
            entry = ThemeEntry(domain.slug, domain.label, domain.description)
            if domain.slug in by_slug:
                self.report(
                    themes_file, ("themes", index, "slug"), f"dubbele thema-slug '{domain.slug}'"
                )
                continue
            by_slug[domain.slug] = entry
            domains.append(entry)
            for sub_index, sub in enumerate(domain.subthemes):
                if sub.slug in by_slug:
                    self.report(
                        themes_file,
                        ("themes", index, "subthemes", sub_index, "slug"),
                        f"dubbele thema-slug '{sub.slug}'",
                    )
                    continue
                child = ThemeEntry(sub.slug, sub.label, sub.description, parent=entry)
                entry.children.append(child)
                by_slug[sub.slug] = child
        return domains, by_slug

    def resolve_place(self, loaded: Loaded[Any], loc: Loc, ref: str) -> Place | None:
        place = self.by_slug.get(ref) or self.places.get(ref)
        if place is None and ref in self.broken_refs:
            return None  # the record itself failed to load and is reported already
        if place is None:
            hint = did_you_mean(ref, self.by_slug)
            self.report(
                loaded,
                loc,
                f"onbekende gemeente '{ref}'{hint}: gebruik de slug van een bestand in "
                "data/municipalities/ (bv. 'gent') of de NIS-code (bv. '44021')",
            )
        return place

    def link_regions(self) -> list[RegionEntry]:
        regions_file = self.data.regions
        if regions_file is None:
            return []
        regions: list[RegionEntry] = []
        seen: set[str] = set()
        for index, region in enumerate(regions_file.record.regions):
            if region.slug in seen:
                self.report(
                    regions_file,
                    ("regions", index, "slug"),
                    f"dubbele regio-slug '{region.slug}'",
                )
                continue
            seen.add(region.slug)
            entry = RegionEntry(
                region.slug,
                region.name,
                region.kind,
                region.description,
                region.note,
                region.website,
            )
            for member_index, ref in enumerate(region.members):
                place = self.resolve_place(
                    regions_file, ("regions", index, "members", member_index), ref
                )
                if place is not None and place not in entry.members:
                    entry.members.append(place)
                    place.regions.append(entry)
            regions.append(entry)
        return regions

    # -- entries ---------------------------------------------------------------------------

    def link_kind(self, kind: ContentKind) -> list[Entry[Any]]:
        """Every entry of ``kind`` with its references resolved, in the kind's order."""
        linked: list[Entry[Any]] = []
        seen: dict[str, str] = {}
        for loaded in self.data.entries_of(kind):
            if loaded.slug in seen:
                self.report(loaded, (), f"dubbele slug '{loaded.slug}': ook {seen[loaded.slug]}")
                continue
            seen[loaded.slug] = loaded.doc.display
            make = ProjectEntry if kind is PROJECT else Entry
            entry = make(
                kind=kind,
                record=loaded.record,
                slug=loaded.slug,
                source=loaded.doc.display,
                body=self.body_of(loaded),
            )
            for reference in kind.references:
                self.resolve(loaded, entry, reference)
            linked.append(entry)
            if isinstance(entry, ProjectEntry):
                self.project_by_slug[entry.slug] = entry
        if kind.sort_key is not None:
            linked.sort(key=kind.sort_key, reverse=kind.newest_first)
        return linked

    def resolve(self, loaded: Loaded[Any], entry: Entry[Any], reference: Reference) -> None:
        """Resolve one declared reference of ``entry`` into its list of linked objects."""
        value = getattr(loaded.record, reference.field)
        refs: list[tuple[Loc, str]]
        if reference.many:
            refs = [((reference.field, index), ref) for index, ref in enumerate(value)]
        else:
            refs = [((reference.field,), value)] if value is not None else []
        targets: dict[str, list[Any]] = {
            "municipality": entry.places,
            "region": entry.regions,
            "theme": entry.themes,
            "project": entry.projects,
        }
        target = targets[reference.target]
        for loc, ref in refs:
            found = self.find(loaded, loc, ref, reference)
            if found is not None and found not in target:
                target.append(found)

    def find(self, loaded: Loaded[Any], loc: Loc, ref: str, reference: Reference) -> Any:
        """The object a reference names, or ``None`` after reporting why not."""
        if reference.target == "municipality":
            return self.resolve_place(loaded, loc, ref)
        table: dict[str, Any]
        if reference.target == "region":
            table, what, where = self.region_by_slug, "onbekende regio", "zie data/regions.yaml"
        elif reference.target == "theme":
            table, what, where = self.theme_by_slug, "onbekend thema", "zie data/themes.yaml"
        else:
            table, what, where = self.project_by_slug, "onbekend project", PROJECT_FOLDER_HINT
        found = table.get(ref)
        if found is None and reference.target == "theme":
            self.report(loaded, loc, self.theme_problem(ref))
        elif found is None:
            self.report(loaded, loc, f"{what} '{ref}'{did_you_mean(ref, table)}: {where}")
        return found

    def theme_problem(self, ref: str) -> str:
        """An unknown theme: its slug when ``ref`` is a theme's label, else the nearest ones."""
        by_label = {t.label.casefold(): t for t in self.theme_by_slug.values()}
        theme = by_label.get(ref.casefold().strip())
        if theme is not None:
            return (
                f"'{ref}' is de naam van een thema: schrijf de slug '{theme.slug}' "
                "(zie data/themes.yaml)"
            )
        hint = did_you_mean(ref, self.theme_by_slug)
        if hint:
            return f"onbekend thema '{ref}'{hint}: zie data/themes.yaml"
        near = nearest(ref, list(self.theme_by_slug))
        return (
            f"onbekend thema '{ref}': de dichtstbijzijnde thema's zijn {', '.join(near)} "
            "(alle thema's staan in data/themes.yaml)"
        )

    def link_lineage(self, projects: list[ProjectEntry]) -> None:
        """Resolve ``inspired_by`` and ``replicates``; refuse self-references and cycles."""
        by_slug = {p.slug: p for p in projects}
        loaded_by_slug = {loaded.slug: loaded for loaded in self.data.entries_of(PROJECT)}
        for project in projects:
            loaded = loaded_by_slug[project.slug]
            for attr in ("inspired_by", "replicates"):
                for index, slug in enumerate(getattr(project.record, attr)):
                    target = by_slug.get(slug)
                    if slug == project.slug:
                        self.report(
                            loaded, (attr, index), "een project kan niet naar zichzelf verwijzen"
                        )
                    elif target is None:
                        hint = did_you_mean(slug, by_slug)
                        self.report(
                            loaded,
                            (attr, index),
                            f"onbekend project '{slug}'{hint}: {PROJECT_FOLDER_HINT}",
                        )
                    elif target not in getattr(project, attr):
                        getattr(project, attr).append(target)
                        target.followers.append(project)
        # A cycle (a inspired b inspired a) has no first project: report it on each member.
        state: dict[str, int] = {}
        on_cycle: set[str] = set()

        def visit(project: ProjectEntry, path: list[str]) -> None:
            state[project.slug] = 1
            path.append(project.slug)
            for target in (*project.inspired_by, *project.replicates):
                if state.get(target.slug) == 1:
                    on_cycle.update(path[path.index(target.slug) :])
                elif target.slug not in state:
                    visit(target, path)
            path.pop()
            state[project.slug] = 2

        for project in projects:
            if project.slug not in state:
                visit(project, [])
        for slug in sorted(on_cycle):
            project = by_slug[slug]
            loops = [
                t.slug for t in (*project.inspired_by, *project.replicates) if t.slug in on_cycle
            ]
            field_name = "inspired_by" if project.record.inspired_by else "replicates"
            self.report(
                loaded_by_slug[slug],
                (field_name,),
                f"de afstamming loopt rond: '{slug}' en '{loops[0]}' verwijzen naar elkaar via "
                "inspired_by/replicates; een project bouwt alleen voort op oudere",
            )

    def link_reuse(self, projects: list[ProjectEntry]) -> None:
        """Resolve each project's ``reuse`` declarations; refuse an unknown municipality, one
        named twice, one that already takes part, and a date still to come."""
        loaded_by_slug = {loaded.slug: loaded for loaded in self.data.entries_of(PROJECT)}
        today = dt.date.today()
        for project in projects:
            loaded = loaded_by_slug[project.slug]
            taking_part = {place.final.nis_code for place in project.places}
            declared: dict[str, int] = {}
            for index, reuse in enumerate(project.record.reuse):
                loc: Loc = ("reuse", index, "municipality")
                place = self.resolve_place(loaded, loc, reuse.municipality)
                if reuse.date > today:
                    self.report(
                        loaded,
                        ("reuse", index, "date"),
                        f"{reuse.date} ligt in de toekomst: schrijf de dag waarop de gemeente "
                        "het liet weten",
                    )
                if place is None:
                    continue
                current = place.final
                if current.nis_code in taking_part:
                    self.report(
                        loaded,
                        loc,
                        f"{current.name} neemt al deel aan het project (municipalities): "
                        "haal de gemeente uit reuse",
                    )
                elif current.nis_code in declared:
                    self.report(
                        loaded,
                        loc,
                        f"{current.name} staat al in reuse (nummer {declared[current.nis_code] + 1}):"
                        " houd één verklaring per gemeente, de recentste",
                    )
                else:
                    declared[current.nis_code] = index
                    entry = ReuseEntry(reuse, place, project)
                    project.reuse.append(entry)
                    current.reuse.append(entry)
            project.reuse.sort(key=lambda r: r.record.date, reverse=True)

    def body_of(self, loaded: Loaded[Any]) -> str:
        """The Markdown body, after checking the local files it refers to and its raw HTML."""
        checks = loaded.body_checks or BodyChecks.of(loaded.doc)
        self.problems.extend(check_media(loaded.doc, self.media_root, list(checks.media)))
        self.problems.extend(checks.raw_html)
        return loaded.doc.body


def _mention_projects(places: dict[str, Place], projects: Sequence[ProjectEntry]) -> None:
    """Give every municipality its projects: its own, its predecessors' and its regions'."""
    direct: dict[str, list[ProjectEntry]] = defaultdict(list)
    for project in projects:
        for place in project.places:
            direct[place.nis_code].append(project)
    for place in places.values():
        mentions: dict[int, ProjectMention] = {}
        for project in direct[place.nis_code]:
            mentions.setdefault(id(project), ProjectMention(project))
        for old in place.all_predecessors():
            merged = old.merged_on.year if old.merged_on else ""
            for project in direct[old.nis_code]:
                mentions.setdefault(
                    id(project),
                    ProjectMention(
                        project, f"Vroeger {old.label}, gefuseerd in {merged}", "predecessor"
                    ),
                )
        for region in place.member_of:
            for project in region.projects:
                mentions.setdefault(
                    id(project), ProjectMention(project, f"Via de regio {region.name}", "region")
                )
        place.projects = sorted(mentions.values(), key=lambda m: m.project.sort_key, reverse=True)


def _link_back(kind: ContentKind, entries: Sequence[Entry[Any]]) -> None:
    """Give projects their lineage's followers and themes and regions their projects; give
    municipalities and projects the entries of other kinds that name them."""
    for entry in entries:
        if isinstance(entry, ProjectEntry):
            for region in entry.regions:
                region.projects.append(entry)
            holders = {id(t): t for t in entry.themes}  # a domain once, even with 2 sub-themes
            holders.update((id(t.parent), t.parent) for t in entry.themes if t.parent)
            for holder in holders.values():
                holder.projects.append(entry)
            continue
        for place in entry.places:
            place.final.entries.setdefault(kind.name, []).append(entry)
            if place is not place.final:
                place.entries.setdefault(kind.name, []).append(entry)
        for project in entry.projects:
            project.mentions.setdefault(kind.name, []).append(entry)


def build_catalogue(data: Dataset) -> tuple[Catalogue, list[Problem]]:
    """Link a loaded dataset. Returns the sealed catalogue and the problems found linking."""
    linker = _Linker(data)
    places = linker.link_places()
    linker.places, linker.by_slug = places, {p.slug: p for p in places.values()}
    provinces = linker.link_provinces(places)
    domains, linker.theme_by_slug = linker.link_themes()
    regions = linker.link_regions()
    linker.region_by_slug = {r.slug: r for r in regions}
    entries: dict[str, list[Entry[Any]]] = {}
    for kind in data.layout.kinds:
        entries[kind.name] = linker.link_kind(kind)
        if kind is PROJECT:
            linker.link_lineage(entries[kind.name])  # type: ignore[arg-type]
            linker.link_reuse(entries[kind.name])  # type: ignore[arg-type]
    for kind in data.layout.kinds:
        _link_back(kind, entries[kind.name])
    projects: Sequence[ProjectEntry] = entries.get(PROJECT.name, [])  # type: ignore[assignment]
    for region in regions:
        region.projects.sort(key=lambda p: p.sort_key, reverse=True)
    for theme in linker.theme_by_slug.values():
        theme.projects.sort(key=lambda p: p.sort_key, reverse=True)
    _mention_projects(places, projects)
    # Where each project runs, today: its municipalities and its regions' members.
    reach = {
        id(p): {id(m.final) for m in p.places} | {id(m.final) for r in p.regions for m in r.members}
        for p in projects
    }
    for province in provinces:
        members = set(map(id, province.places))
        province.projects = [p for p in projects if not members.isdisjoint(reach[id(p)])]
    catalogue = Catalogue(
        places=places,
        by_slug=linker.by_slug,
        provinces=provinces,
        themes=domains,
        theme_by_slug=linker.theme_by_slug,
        regions=regions,
        entries=entries,
        kinds=data.layout.kinds,
        organisation=data.organisation.record if data.organisation else None,
    )
    catalogue.seal()
    return catalogue, linker.problems
