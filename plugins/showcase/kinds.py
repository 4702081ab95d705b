"""The kinds of content (rubrics): one declaration each, and every stage loops over them.

A kind is a folder of Markdown files with YAML front matter (``content/<folder>/<slug>.md``),
validated by one model. Its declaration says everything the rest of the flow needs to know:

* **load**: the folder and the model;
* **schema**: the name, title and description of its JSON Schema (``schema/<name>.schema.json``);
* **link**: which front-matter fields refer to municipalities, regions, themes or projects;
* **derive**: whether its entries get review warnings;
* **render**: the URL of an entry and of the list, the templates, the navigation label and
  the list's introduction, the sort order, whether it is searched and has an Atom feed;
* **contribute**: the scaffold's hints (``python -m showcase new <name>``).

Adding a rubric is one declaration here, one model in :mod:`showcase.schema.models` and at most
two templates (docs/architecture.md has the recipe; ``tests/test_kinds.py`` builds a site with a
throwaway kind to keep the recipe true). Which registry a build uses is a setting
(``SHOWCASE_KINDS``), so a test can add a kind without changing this module.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from showcase.schema.models import Ervaring, Page, Project, Suggestie

Target = Literal["municipality", "region", "theme", "project"]


@dataclass(frozen=True)
class Reference:
    """A front-matter field that names other records: ``municipalities: [gent, aalst]``."""

    field: str
    target: Target
    many: bool = True
    """A list of references; otherwise exactly one."""


@dataclass(frozen=True)
class Scaffold:
    """What ``python -m showcase new`` writes for a kind besides the model's fields."""

    summary: str
    """The placeholder summary, after ``TODO:``."""
    body: str
    """The body to write, with ``TODO`` where the contributor writes."""
    hints: Mapping[str, str] = field(default_factory=dict)
    """Comments for this kind's fields, where the generic ones do not fit."""
    form_description: str = ""
    """What the issue form is for, in one sentence (the form's description on GitHub)."""
    form_body: str = ""
    """The help under the issue form's text field (``Beschrijving``)."""


@dataclass(frozen=True, eq=False)
class ContentKind:
    """One rubric. ``name`` is how the command line and the schema call it (``ervaring``);
    ``folder`` is its content folder and its URL section (``ervaringen``)."""

    name: str
    folder: str
    model: type[BaseModel]
    title: str
    """The plural, as visitors read it: heading, navigation label (``Ervaringen``)."""
    singular: str
    """One entry, as visitors read it (``Ervaring``): the kicker, the search facet ``soort``."""
    intro: str
    """The list page's introduction (and its meta description)."""
    schema_title: str
    schema_description: str
    url: str = "/{folder}/{slug}/"
    list_url: str | None = "/{folder}/"
    detail_template: str = "entry.html"
    list_template: str | None = "entries.html"
    nav: bool = True
    """Listed in the main navigation (after Thema's, before Contacten)."""
    references: tuple[Reference, ...] = ()
    sort_key: Callable[[Any], Any] | None = None
    """Sort key of a linked entry; ``None`` keeps the file order."""
    newest_first: bool = True
    """Sort descending (newest first)."""
    search: bool = True
    """Its detail pages are in the search index."""
    feed_title: str | None = None
    """An Atom feed of all its entries at ``/feeds/<folder>.atom.xml``, with this title."""
    review_warnings: bool = False
    """Warn about an old ``last_reviewed`` and a missing ``contact``."""
    scaffold: Scaffold | None = None
    """``None``: not offered by ``python -m showcase new``."""
    issue_form: str | None = None
    """Its issue form in ``.github/ISSUE_TEMPLATE/`` (contributions without git)."""

    def entry_url(self, slug: str) -> str:
        return self.url.format(folder=self.folder, slug=slug)

    @property
    def index_url(self) -> str | None:
        return self.list_url.format(folder=self.folder) if self.list_url else None

    @property
    def schema_name(self) -> str:
        return self.name

    def reference(self, target: Target) -> Reference | None:
        """The field that refers to ``target`` records, if the kind has one."""
        return next((r for r in self.references if r.target == target), None)


@dataclass(frozen=True)
class Registry:
    """The kinds of a showcase, in the order pages, menus and reports list them."""

    kinds: tuple[ContentKind, ...]

    def __post_init__(self) -> None:
        for attribute in ("name", "folder"):
            values = [getattr(kind, attribute) for kind in self.kinds]
            doubles = sorted({v for v in values if values.count(v) > 1})
            if doubles:
                raise ValueError(f"two content kinds share the {attribute} {doubles[0]!r}")

    def __iter__(self) -> Iterator[ContentKind]:
        return iter(self.kinds)

    def __len__(self) -> int:
        return len(self.kinds)

    def __getitem__(self, name: str) -> ContentKind:
        for kind in self.kinds:
            if kind.name == name:
                return kind
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(kind.name for kind in self.kinds)

    def by_folder(self, folder: str) -> ContentKind | None:
        return next((kind for kind in self.kinds if kind.folder == folder), None)

    def plus(self, *kinds: ContentKind) -> Registry:
        """This registry with more kinds after its own."""
        return Registry((*self.kinds, *kinds))


def _by_date(entry: Any) -> tuple[str, str]:
    """Newest first with ``newest_first``; a date may be a year, a year-month or missing."""
    return (entry.record.date or "", entry.slug)


def _by_start(entry: Any) -> Any:
    return entry.sort_key


PROJECT = ContentKind(
    name="project",
    folder="projecten",
    model=Project,
    title="Projecten",
    singular="Project",
    intro="Alle smart-city-projecten en proeftuinen van Vlaamse gemeenten, nieuwste eerst.",
    schema_title="Project of proeftuin",
    schema_description="Het voorwerk van een project of proeftuin: content/projecten/<slug>.md.",
    detail_template="project.html",
    list_template="projects.html",
    nav=False,  # the menu has Projecten and Proeftuinen in their own places
    references=(
        Reference("municipalities", "municipality"),
        Reference("regions", "region"),
        Reference("themes", "theme"),
    ),
    sort_key=_by_start,
    feed_title="Alle projecten",
    review_warnings=True,
    issue_form="project.yml",
    scaffold=Scaffold(
        summary="één zin die zegt wat het project doet.",
        body=(
            "TODO: wat deed de gemeente, waarom, en met wie? Schrijf in je eigen woorden.\n"
            "\n## Aanpak\n\n"
            "TODO: hoe het project werkt.\n"
            "\n## Resultaten\n\n"
            "TODO: wat het opleverde.\n"
        ),
        form_description=(
            "Stel een smart-city-project of proeftuin van je gemeente voor; wij maken er een "
            "fiche van."
        ),
        form_body=(
            "Wat deed de gemeente, waarom, met wie, en wat leverde het op? In je eigen woorden; "
            "kopjes (## Aanpak) mogen."
        ),
    ),
)

ERVARING = ContentKind(
    name="ervaring",
    folder="ervaringen",
    model=Ervaring,
    title="Ervaringen",
    singular="Ervaring",
    intro=(
        "Wat werkte, wat niet, en wat zou je anders doen? Deel de lessen van je gemeente zodat "
        "anderen er sneller mee verder kunnen."
    ),
    schema_title="Ervaring",
    schema_description=(
        "Het voorwerk van een ervaring van een gemeente: content/ervaringen/<slug>.md."
    ),
    references=(
        Reference("municipalities", "municipality"),
        Reference("regions", "region"),
        Reference("projects", "project"),
        Reference("themes", "theme"),
    ),
    sort_key=_by_date,
    issue_form="ervaring.yml",
    scaffold=Scaffold(
        summary="één zin die de les samenvat.",
        body=(
            "TODO: waar ging het over? Vertel het zoals de bronnen het zeggen, in je eigen "
            "woorden.\n\n## Wat werkte\n\nTODO\n\n## Wat minder goed liep\n\nTODO\n\n"
            "## Wat ze anders zouden doen\n\nTODO\n"
        ),
        hints={
            "municipalities": "de gemeenten die de ervaring delen (slug of NIS-code)",
            "organisation": "of wie de les trekt, als dat geen gemeente is",
        },
        form_description=(
            "Deel wat je gemeente leerde: wat werkte, wat niet, en wat ze anders zou doen."
        ),
        form_body=(
            "Wat werkte, wat liep minder goed, en wat zouden ze anders doen? Vertel het zoals de "
            "bronnen het zeggen, in je eigen woorden."
        ),
    ),
)

SUGGESTIE = ContentKind(
    name="suggestie",
    folder="suggesties",
    model=Suggestie,
    title="Suggesties",
    singular="Suggestie",
    intro=(
        "Een tip voor andere gemeenten, of een vraag aan de vereniging? Zet ze hier, zodat goede "
        "ideeën niet in één gemeente blijven steken."
    ),
    schema_title="Suggestie",
    schema_description=(
        "Het voorwerk van een suggestie van een gemeente: content/suggesties/<slug>.md."
    ),
    references=(
        Reference("municipalities", "municipality"),
        Reference("themes", "theme"),
        Reference("projects", "project"),
    ),
    sort_key=_by_date,
    issue_form="suggestie.yml",
    scaffold=Scaffold(
        summary="één zin die de suggestie samenvat.",
        body="TODO: de suggestie, waarom, en hoe een gemeente kan beginnen.\n",
        hints={
            "municipalities": "de gemeenten die de suggestie doen (slug of NIS-code)",
            "organisation": "of wie de suggestie doet, als dat geen gemeente is",
        },
        form_description="Geef een tip aan andere gemeenten, of een vraag aan de vereniging.",
        form_body="De suggestie, waarom, en hoe een gemeente kan beginnen. In je eigen woorden.",
    ),
)

PAGE = ContentKind(
    name="page",
    folder="pages",
    model=Page,
    title="Pagina's",
    singular="Pagina",
    intro="Gewone pagina's van de site, zoals het colofon.",
    schema_title="Pagina",
    schema_description=(
        "Het voorwerk van een gewone pagina, zoals het colofon: content/pages/<slug>.md."
    ),
    url="/{slug}/",
    list_url=None,
    detail_template="page.html",
    list_template=None,
    nav=False,
    search=False,
)

KINDS = Registry((PROJECT, ERVARING, SUGGESTIE, PAGE))
"""The showcase's own kinds (the default of ``SHOWCASE_KINDS``)."""
DEFAULT_KINDS_PATH = "showcase.kinds:KINDS"


def load_registry(path: str) -> Registry:
    """The registry at ``module:attribute`` (the ``SHOWCASE_KINDS`` setting)."""
    module_name, _, attribute = path.partition(":")
    registry = getattr(importlib.import_module(module_name), attribute or "KINDS")
    if not isinstance(registry, Registry):
        raise TypeError(f"{path} is not a showcase.kinds.Registry")
    return registry
