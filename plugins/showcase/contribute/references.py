"""What a contributor may name, and how: municipalities by name, slug or NIS code, themes by
slug or label, regions by slug or name, projects by slug or title.

``make new-*`` and ``from-issue`` turn what people type ("Sint-Niklaas", "Verkeer en parkeren")
into the slugs the files hold, and refuse what is unknown with a Dutch message and the nearest
valid choices.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from showcase.load.dataset import Layout, load_data_file
from showcase.load.reader import iter_files
from showcase.schema.models import Municipality, RegionsFile, ThemesFile


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass
class Names:
    """One kind of reference: what may be typed → the slug, and the name to suggest per slug."""

    what: str
    """``gemeente``, ``thema``… for messages (with its article: ``onbekende gemeente``)."""
    unknown: str
    """``onbekende`` or ``onbekend``."""
    advice: str = ""
    """What may be typed instead, after the hint (for ``make new``: names files)."""
    form_advice: str = ""
    """The same for someone filling in a form on GitHub, when no known name is close."""
    lookup: dict[str, str] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)
    """Slug → how a contributor knows it (a name or a label)."""

    def add(self, slug: str, *names: str, prefer: bool = True) -> None:
        for name in (slug, *names):
            if prefer or _key(name) not in self.lookup:
                self.lookup[_key(name)] = slug
        self.shown.setdefault(slug, names[0] if names else slug)

    def find(self, value: str) -> str | None:
        """The slug ``value`` names (a slug, a name or a label, in any case), or ``None``."""
        return self.lookup.get(_key(value))

    def resolve(self, value: str, *, in_form: bool = False) -> tuple[str | None, str | None]:
        """The slug of ``value``, or a message saying it is unknown and what is close."""
        slug = self.find(value)
        if slug is not None:
            return slug, None
        hint = self.hint(value)
        advice = (self.form_advice if not hint else "") if in_form else self.advice
        advice = f": {advice}" if advice else ""
        return None, f"{self.unknown} {self.what} '{value}'{hint}{advice}"

    def hint(self, value: str) -> str:
        """`` (bedoelde je 'Lommel'?)`` when a known name is close; the advice says the rest."""
        options = {_key(name): slug for name, slug in self.lookup.items()}
        close = difflib.get_close_matches(_key(value), list(options), n=1, cutoff=0.75)
        if not close:
            containing = [name for name in options if _key(value) and _key(value) in name]
            close = containing[:1]
        if close:
            return f" (bedoelde je '{self.shown[options[close[0]]]}'?)"
        return ""


@dataclass
class References:
    """The names a new entry may use, from the real data."""

    municipalities: Names
    themes: Names
    regions: Names
    projects: Names

    def resolve_all(self, names: Names, values: Iterable[str]) -> tuple[list[str], list[str]]:
        """The slugs of ``values`` (each once, in order), and a message per unknown one."""
        found: list[str] = []
        problems: list[str] = []
        for value in values:
            slug, problem = names.resolve(value)
            if problem is not None:
                problems.append(problem)
            elif slug is not None and slug not in found:
                found.append(slug)
        return found, problems


def load_references(layout: Layout) -> References:
    """Municipalities, themes, regions and projects as the data defines them (valid files)."""
    municipalities = Names(
        "gemeente",
        "onbekende",
        "schrijf de naam, de NIS-code of de bestandsnaam uit data/municipalities/"
        " (bv. 'Gent', '44021' of 'gent')",
        "schrijf de naam zoals op de site (bv. 'Sint-Niklaas') of de NIS-code (bv. '46021')",
    )
    for path in iter_files(layout.municipalities, ".yaml"):
        loaded, _ = load_data_file(path, Municipality, layout.root)
        if loaded is None:
            continue
        record = loaded.record
        # A name shared by a merged and a current municipality means the current one.
        municipalities.add(record.slug, record.name, prefer=record.valid_until is None)
        municipalities.add(record.slug, record.nis_code)
    themes = Names(
        "thema",
        "onbekend",
        "kies een thema uit data/themes.yaml (slug of naam)",
        "kies een thema van de pagina Thema's van de showcase, bv. 'Verkeer en parkeren'",
    )
    if layout.themes.exists():
        loaded_themes, _ = load_data_file(layout.themes, ThemesFile, layout.root)
        if loaded_themes is not None:
            for domain in loaded_themes.record.themes:
                for theme in (domain, *domain.subthemes):
                    themes.add(theme.slug, theme.label)
    regions = Names(
        "regio",
        "onbekende",
        "kies een regio uit data/regions.yaml (slug of naam)",
        "schrijf de naam van een regio van de showcase, bv. 'Westhoek'",
    )
    if layout.regions.exists():
        loaded_regions, _ = load_data_file(layout.regions, RegionsFile, layout.root)
        if loaded_regions is not None:
            for region in loaded_regions.record.regions:
                regions.add(region.slug, region.name)
    projects = Names(
        "project",
        "onbekend",
        "schrijf de titel of de bestandsnaam uit content/projecten/",
        "schrijf de titel van het project zoals op de showcase, of plak het adres van zijn pagina",
    )
    project_kind = layout.kinds.by_folder("projecten")
    if project_kind is not None:
        from showcase.load.dataset import load_entry_file

        for path in iter_files(layout.entries(project_kind), ".md"):
            loaded_project, _ = load_entry_file(path, project_kind.model, layout.root)
            if loaded_project is not None:
                projects.add(path.stem, str(loaded_project.record.title))  # type: ignore[attr-defined]
    return References(municipalities, themes, regions, projects)
