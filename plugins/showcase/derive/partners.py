"""Partners: every organisation the projects name, grouped across the ways it is written.

A project names its partners as free text (``partners[i].name``), so one organisation turns up
as ``imec``, ``IMEC``, ``imec vzw`` or ``imec (City of Things)``. This module groups those
mentions, deterministically and without guessing:

* A name's *details* are the parts in parentheses at the end of a word (``imec (City of
  Things)``: the programme); ``(groot)ouders`` keeps its parentheses. The rest is its *base*.
* Two bases belong to the same organisation when they have the same *key*: the base without
  accents, case, punctuation, spaces and a legal form at its start or end (``nv``, ``vzw``,
  ``bvba``…; see :data:`LEGAL_FORMS`). ``IMEC``, ``imec v.z.w.`` and ``Imec`` share the key
  ``imec``; ``Stad Antwerpen`` and ``Stad Antwerpen - Stadsreiniging`` do not, nor do
  ``Leiedal`` and ``Intercommunale Leiedal``: a word more may be another organisation.
* An abbreviation joins its organisation only where an entry declares it: ``Vrije Universiteit
  Brussel (VUB)``, whose details are exactly the initials of its base, puts ``VUB`` with it.
  No other abbreviation is guessed.

Within a key, the *name to use* is the most frequent base; ties go to the spelling with the most
accented letters (``Schréder`` over ``Schreder``), then the shortest (without a legal form),
then by code point. Every mention written otherwise is a *respelling*: the warnings stage
(:mod:`showcase.derive.warnings`) reports it at that ``partners[i].name``. A partner's page
is called by its key's name to use (with the declared abbreviation, if any); its type is the
type most of its mentions give (ties in the order of ``PartnerType``).

Related projects (:mod:`showcase.derive.related`) compare partners by the same groups.
Everything is deterministic: mentions are read in catalogue order and every list is sorted
with a total order.
"""

from __future__ import annotations

import re
import typing
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from showcase.link.catalogue import Place, ProjectEntry, RegionEntry, name_key
from showcase.link.labels import PARTNER_LABELS
from showcase.schema.models import PartnerType

LEGAL_FORMS = frozenset(
    """
    nv bv bvba ebvba cv cvba cvso cvoa vzw ivzw vof commv
    sa srl sprl scrl scs asbl aisbl
    ltd llc inc plc gmbh
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
"""Legal forms (Belgian, in Dutch and French, and a few foreign ones), written without dots:
a name's first or last word that is one of these does not tell organisations apart."""
TYPE_ORDER = typing.get_args(PartnerType)
GROUP_LABELS = {
    "bedrijf": "Bedrijven",
    "kennisinstelling": "Kennisinstellingen",
    "overheid": "Overheden",
    "intercommunale": "Intercommunales",
    "vzw/burgerinitiatief": "Vzw's en burgerinitiatieven",
    "andere": "Andere partners",
}
"""The heading of each type's section on the index page (the labels are singular)."""
INDEX_URL = "/partners/"
TYPE_FOLDER = "soort"
"""The type pages live under ``/partners/soort/<type>/``; no partner's page may take that slug."""
SEARCH_FACETS = ("gemeente", "regio", "provincie", "thema")
"""The search filters a partner's page takes over from its projects."""

_DETAIL_RE = re.compile(r"\s*\(([^()]*)\)(?=[\s,.;:/]|$)")
"""Parentheses that close a word: ``imec (City of Things)``, not ``(groot)ouders``."""
_NOT_LETTER_OR_DIGIT_RE = re.compile(r"[\W_]+")
_ABBREVIATION_RE = re.compile(r"[A-Z]{2,}")
_LETTERS_RE = re.compile(r"[^\W\d_]+")


# --- names -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spelling:
    """One way a partner is written, taken apart."""

    written: str
    base: str
    """Without the details: ``imec`` of ``imec (City of Things)``."""
    details: tuple[str, ...]
    key: str
    """What tells organisations apart: ``imec`` for ``IMEC``, ``imec vzw`` and ``Imec``."""
    abbreviation: str = ""
    """The abbreviation the name declares (``VUB`` of ``Vrije Universiteit Brussel (VUB)``)."""


def plain_text(text: str) -> str:
    """Case-folded, without accents: ``Schréder`` → ``schreder``."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def partner_key(name: str) -> str:
    """The key of a partner's base name: no accents, case, punctuation, spaces or legal form."""
    words = [w for w in _NOT_LETTER_OR_DIGIT_RE.split(plain_text(name).replace(".", "")) if w]
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words.pop()
    while len(words) > 1 and words[0] in LEGAL_FORMS:
        words.pop(0)
    return "".join(words) or name.strip().casefold()


def initials(name: str) -> frozenset[str]:
    """The initials of a name's words, upper case: of all words and of the capitalised ones."""
    words = _LETTERS_RE.findall(name)
    return frozenset(
        {
            "".join(w[0] for w in words).upper(),
            "".join(w[0] for w in words if w[0].isupper()),
        }
    )


def parse_name(written: str) -> Spelling:
    """A partner's name taken apart: its base, its details, its key, a declared abbreviation."""
    details = tuple(d.strip() for d in _DETAIL_RE.findall(written) if d.strip())
    base = " ".join(_DETAIL_RE.sub("", written).split()) or " ".join(written.split())
    declares = (
        len(details) == 1
        and _ABBREVIATION_RE.fullmatch(details[0]) is not None
        and len(_LETTERS_RE.findall(base)) > 1
        and details[0] in initials(base)
    )
    abbreviation = details[0] if declares else ""
    return Spelling(written, base, details, partner_key(base), abbreviation)


def partner_name(name: str) -> str:
    """A partner's name without its details: ``imec (City of Things)`` → ``imec``."""
    return parse_name(name).base


def _preferred(counts: Counter[str]) -> str:
    """The spelling to use of those counted: the most frequent, then the one with the most
    accented letters, then the shortest, then by code point."""
    return min(counts, key=lambda s: (-counts[s], -sum(not c.isascii() for c in s), len(s), s))


@dataclass(frozen=True)
class Naming:
    """How the spellings of the partners group, and what each group is called."""

    group_of: Mapping[str, str]
    """Key → the key that stands for its group (a declared abbreviation's key joins the key of
    the name that declares it)."""
    preferred: Mapping[str, str]
    """Key → its most used base (the name to use for that spelling)."""
    names: Mapping[str, str]
    """Group key → the name of the partner."""

    def group(self, spelling: Spelling) -> str:
        return self.group_of[spelling.key]


def name_partners(spellings: Iterable[Spelling]) -> Naming:
    """The groups of ``spellings`` (one per mention, so that frequent spellings win)."""
    bases: dict[str, Counter[str]] = defaultdict(Counter)
    declared: dict[str, Counter[str]] = defaultdict(Counter)  # key → abbreviations declared
    for spelling in spellings:
        bases[spelling.key][spelling.base] += 1
        if spelling.abbreviation:
            declared[spelling.key][spelling.abbreviation] += 1
    preferred = {key: _preferred(counts) for key, counts in bases.items()}
    group_of = {key: key for key in bases}
    names = dict(preferred)
    # A declared abbreviation that is also written on its own joins the declaring name; the
    # most declared abbreviation of a key wins, and an abbreviation joins one name only.
    for key in sorted(declared):
        abbreviation = _preferred(declared[key])
        short = partner_key(abbreviation)
        if short != key and group_of.get(short) == short and short not in declared:
            group_of[short] = key
            names.pop(short)
        names[key] = f"{preferred[key]} ({abbreviation})"
    return Naming(MappingProxyType(group_of), MappingProxyType(preferred), MappingProxyType(names))


def _spellings(projects: Iterable[ProjectEntry]) -> list[list[Spelling]]:
    """Every project's partners, parsed (each distinct name once)."""
    parsed: dict[str, Spelling] = {}
    found = []
    for project in projects:
        mine = []
        for partner in project.record.partners:
            spelling = parsed.get(partner.name)
            if spelling is None:
                spelling = parsed[partner.name] = parse_name(partner.name)
            mine.append(spelling)
        found.append(mine)
    return found


def partner_names(projects: Sequence[ProjectEntry]) -> list[dict[str, str]]:
    """Per project (in order): its partners' group keys → the partners' names, in the order it
    names them. What related projects compare."""
    spellings, naming = _mentions(projects)
    found = []
    for mine in spellings:
        names: dict[str, str] = {}
        for spelling in mine:
            group = naming.group(spelling)
            names.setdefault(group, naming.names[group])
        found.append(names)
    return found


# --- the partners ----------------------------------------------------------------------------


def slug_of(name: str) -> str:
    """``'Schréder'`` → ``'schreder'``; ``'Transport & Logistiek'`` → ``'transport-logistiek'``."""
    ascii_text = plain_text(name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "partner"


def type_url(kind: str) -> str:
    """The page with the partners of one type: ``/partners/soort/bedrijf/``."""
    return f"{INDEX_URL}{TYPE_FOLDER}/{slug_of(kind)}/"


def dutch_list(items: Sequence[str]) -> str:
    """``a``, ``a en b``, ``a, b en c``."""
    return " en ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def _counted(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


@dataclass(frozen=True)
class PartnerRole:
    """One mention of a partner: ``project`` names it as its ``index``-th partner."""

    project: ProjectEntry
    index: int
    spelling: Spelling
    type: str


@dataclass(frozen=True)
class PartnerProject:
    """A project of a partner, and how it writes the partner's name when that differs."""

    project: ProjectEntry
    written: tuple[str, ...]
    """The names as the project writes them, where not exactly the partner's name."""

    @property
    def via(self) -> str:
        """``vermeld als 'VLAIO (City of Things 2019)'``, or empty: how a project list shows
        the name the project uses (:file:`partials/project_list.html`)."""
        return (
            "vermeld als " + ", ".join(f"‘{name}’" for name in self.written) if self.written else ""
        )


@dataclass(frozen=True)
class PartnerLink:
    """A partner as a project's page lists it: as written, its type, its page."""

    name: str
    label: str
    url: str


@dataclass(frozen=True, eq=False)
class PartnerEntry:
    """An organisation that projects name as partner, with its page."""

    slug: str
    name: str
    type: str
    roles: tuple[PartnerRole, ...]
    """Every mention, in catalogue order (newest project first)."""
    projects: tuple[PartnerProject, ...]
    """Each project once, in catalogue order."""
    places: tuple[Place, ...]
    """The current municipalities of its projects (a merged one counts as its successor), A–Z."""
    regions: tuple[RegionEntry, ...]
    """The regions its projects name, A–Z."""
    search_filters: tuple[tuple[str, str], ...]
    """Facets for the search index: the kind, and its projects' municipalities, regions,
    provinces and themes."""

    @property
    def url(self) -> str:
        return f"{INDEX_URL}{self.slug}/"

    @property
    def type_label(self) -> str:
        return PARTNER_LABELS[self.type]

    @property
    def group_label(self) -> str:
        """The section of the index it is listed in: ``Bedrijven``."""
        return GROUP_LABELS[self.type]

    @property
    def anchor(self) -> str:
        """The id of that section on the index page."""
        return slug_of(self.type)

    @property
    def group_url(self) -> str:
        """The page with the partners of its type."""
        return type_url(self.type)

    @property
    def reach(self) -> str:
        """``1 project in Leuven``, ``11 projecten in 9 gemeenten en 2 regio's``."""
        count = len(self.projects)
        text = _counted(count, "project", "projecten")
        where = [p.name for p in self.places] + [f"regio {r.name}" for r in self.regions]
        if not where:
            return text
        if len(where) <= 3:
            return f"{text} in {dutch_list(where)}"
        parts = []
        if self.places:
            parts.append(_counted(len(self.places), "gemeente", "gemeenten"))
        if self.regions:
            parts.append(_counted(len(self.regions), "regio", "regio's"))
        return f"{text} in {dutch_list(parts)}"


@dataclass(frozen=True)
class PartnerGroup:
    """The partners of one type, for the index page's sections."""

    type: str
    label: str
    anchor: str
    partners: tuple[PartnerEntry, ...]

    @property
    def url(self) -> str:
        """The page with only this type's partners: the filter that needs no JavaScript."""
        return type_url(self.type)


@dataclass(frozen=True)
class Respelling:
    """A mention written otherwise than the name to use for the same organisation."""

    role: PartnerRole
    preferred: str
    """The base to use instead of the mention's."""

    @property
    def suggestion(self) -> str:
        details = "".join(f" ({d})" for d in self.role.spelling.details)
        return f"{self.preferred}{details}"

    @property
    def message(self) -> str:
        return (
            f"'{self.role.spelling.base}' staat elders als '{self.preferred}': "
            f"schrijf '{self.suggestion}'"
        )


@dataclass(frozen=True)
class Partners:
    """Every partner of the catalogue, by name, by type and by mention."""

    entries: tuple[PartnerEntry, ...] = ()
    """A–Z."""
    groups: tuple[PartnerGroup, ...] = ()
    """The types that have partners, in the order of ``PartnerType``."""
    respellings: tuple[Respelling, ...] = ()
    """In catalogue order."""
    by_mention: Mapping[tuple[str, int], PartnerEntry] = field(
        default_factory=lambda: MappingProxyType({})
    )
    """(project slug, index in its partners) → the partner."""

    def links_of(self, project: ProjectEntry) -> list[PartnerLink]:
        """The project's partners as written, each with its type and its page."""
        return [
            PartnerLink(
                partner.name,
                PARTNER_LABELS[partner.type],
                self.by_mention[(project.slug, index)].url,
            )
            for index, partner in enumerate(project.record.partners)
        ]


def _sort_key(name: str) -> tuple[str, str]:
    return (plain_text(name), name)


def _search_filters(
    places: Iterable[Place], regions: Iterable[RegionEntry], projects: Iterable[ProjectEntry]
) -> tuple[tuple[str, str], ...]:
    """``soort: Partner``, then the municipalities, regions, provinces and themes (with their
    domains) of a partner's projects, each facet A–Z."""
    found: dict[str, set[str]] = {facet: set() for facet in SEARCH_FACETS}
    members = [*places]
    for region in regions:
        found["regio"].add(region.name)
        members += region.members
    found["gemeente"].update(place.final.name for place in places)  # current ones only
    found["provincie"].update(
        m.final.province.name for m in members if m.final.province is not None
    )
    for project in projects:
        for theme in project.themes:
            found["thema"].update(t.label for t in (theme.parent, theme) if t is not None)
    return (
        ("soort", "Partner"),
        *(
            (facet, value)
            for facet in SEARCH_FACETS
            for value in sorted(found[facet], key=_sort_key)
        ),
    )


def _entry(slug: str, name: str, roles: list[PartnerRole]) -> PartnerEntry:
    types = Counter(role.type for role in roles)
    kind = min(types, key=lambda t: (-types[t], TYPE_ORDER.index(t)))
    written: dict[ProjectEntry, list[str]] = {}
    for role in roles:
        names = written.setdefault(role.project, [])
        if role.spelling.written != name and role.spelling.written not in names:
            names.append(role.spelling.written)
    places: dict[str, Place] = {}
    regions: dict[str, RegionEntry] = {}
    for project in written:
        for place in project.places:
            places.setdefault(place.final.nis_code, place.final)
        for region in project.regions:
            regions.setdefault(region.slug, region)
    where = sorted(places.values(), key=name_key)
    areas = sorted(regions.values(), key=lambda r: _sort_key(r.name))
    return PartnerEntry(
        slug=slug,
        name=name,
        type=kind,
        roles=tuple(roles),
        projects=tuple(PartnerProject(p, tuple(names)) for p, names in written.items()),
        places=tuple(where),
        regions=tuple(areas),
        search_filters=_search_filters(where, areas, written),
    )


def _mentions(projects: Sequence[ProjectEntry]) -> tuple[list[list[Spelling]], Naming]:
    """Every project's partners, parsed, and how they group."""
    spellings = _spellings(projects)
    return spellings, name_partners(s for mine in spellings for s in mine)


def find_respellings(
    projects: Sequence[ProjectEntry],
    mentions: tuple[list[list[Spelling]], Naming] | None = None,
) -> list[Respelling]:
    """The mentions written otherwise than the same organisation elsewhere, in catalogue order
    (``mentions``: :func:`_mentions` of ``projects``, if known)."""
    spellings, naming = mentions or _mentions(projects)
    return [
        Respelling(
            PartnerRole(project, index, spelling, project.record.partners[index].type),
            naming.preferred[spelling.key],
        )
        for project, mine in zip(projects, spellings, strict=True)
        for index, spelling in enumerate(mine)
        if spelling.base != naming.preferred[spelling.key]
    ]


def index_partners(projects: Sequence[ProjectEntry]) -> Partners:
    """Every partner that ``projects`` (in catalogue order) name, grouped and named."""
    spellings, naming = mentions = _mentions(projects)
    roles: dict[str, list[PartnerRole]] = defaultdict(list)
    for project, mine in zip(projects, spellings, strict=True):
        partners = project.record.partners
        for index, (partner, spelling) in enumerate(zip(partners, mine, strict=True)):
            roles[naming.group(spelling)].append(
                PartnerRole(project, index, spelling, partner.type)
            )
    respellings = find_respellings(projects, mentions)
    ordered = sorted(roles, key=lambda group: (_sort_key(naming.names[group]), group))
    entries: list[PartnerEntry] = []
    taken: set[str] = {TYPE_FOLDER}
    by_mention: dict[tuple[str, int], PartnerEntry] = {}
    for group in ordered:
        slug = base = slug_of(naming.names[group])
        number = 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        entry = _entry(slug, naming.names[group], roles[group])
        entries.append(entry)
        for role in entry.roles:
            by_mention[(role.project.slug, role.index)] = entry
    groups = tuple(
        PartnerGroup(kind, GROUP_LABELS[kind], slug_of(kind), members)
        for kind in TYPE_ORDER
        if (members := tuple(e for e in entries if e.type == kind))
    )
    return Partners(tuple(entries), groups, tuple(respellings), MappingProxyType(by_mention))
