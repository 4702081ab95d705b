"""Synthetic but valid showcase content for the benchmark, from a seed.

:func:`generate` writes a complete project tree into an empty folder (never into the
repository): a copy of the real ``data/`` (all 327 municipality records, themes, regions,
provinces, neighbours, geometry) and ``content/pages/``, a ``pelicanconf.py`` that is the
repository's own with absolute paths to its theme and plugins, and N projects
``content/projecten/bench-<i>.md`` with realistic front matter and a Markdown body of 400–800
words of Dutch-like text from a fixed vocabulary.

The same bodies are written as plain Pelican articles under ``baseline/content/`` (with
Pelican's own ``Title:``/``Date:``/… header), with a minimal ``baseline/pelicanconf.py``
(default theme, no plugins) and ``baseline/pelicanconf_warm.py`` (the same with the content
cache on), for the bare-Pelican baseline.

The same titles, dates and bodies are written once more as a minimal Hugo site under ``hugo/``
(:func:`write_hugo_skeleton`), for case (e): ``hugo/content/projecten/bench-<i>.md`` with YAML front
matter (``title``, ``date``), one section list (``_index.md``) that links every project, a
``hugo.toml`` that turns off every other kind of page (home, taxonomies, terms, RSS, sitemap,
robots.txt, 404), and three layouts: ``baseof.html``, ``single.html`` (title, date, body) and
``list.html`` (title, a list of links). Hugo renders the bodies with its own Goldmark.

Everything is drawn from one ``random.Random(seed)`` in a fixed order, and nothing a project
draws depends on N: the same seed gives the same bytes, and the first 50 projects of N = 1,000
are the 50 projects of N = 50. ``inspired_by`` only points at earlier-numbered projects, so
there are never cycles.

``python -m bench.generate FOLDER --n 100`` writes one tree, to look at.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import random
import re
import shutil
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

from showcase.load.reader import load_yaml_file
from showcase.schema.models import SLUG_RE

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SEED = 20261126
PROJECT_PREFIX = "bench-"
SCHEMA_COMMENT = "# yaml-language-server: $schema=../../schema/project.schema.json"
REVIEWED_FROM = dt.date(2025, 12, 1)
"""``last_reviewed`` falls in the year from here: no 'review it' warnings before December 2027."""

# --- The fixed vocabulary -----------------------------------------------------------------------

DETERMINERS = ("de", "het", "een", "elke", "deze", "onze")
ADJECTIVES = (
    "slimme", "nieuwe", "open", "lokale", "digitale", "duurzame", "veilige", "groene", "betere",
    "eerste", "kleine", "grote", "publieke", "gedeelde", "anonieme", "goedkope", "stille",
    "drukke", "eenvoudige", "heldere", "regionale", "Vlaamse", "betrouwbare", "zuinige",
)  # fmt: skip
NOUNS = (
    "sensor", "gemeente", "stad", "data", "platform", "wijk", "straat", "inwoner", "school",
    "fietspad", "verlichting", "parkeerplaats", "luchtkwaliteit", "meting", "netwerk", "dienst",
    "bestuur", "partner", "pilot", "proeftuin", "toepassing", "camera", "teller", "dashboard",
    "overheid", "regio", "mobiliteit", "energie", "waterput", "afvalbak", "zorg", "woning",
    "gebouw", "plein", "markt", "handelaar", "bezoeker", "fietser", "voetganger", "bus",
    "laadpaal", "meter", "kaart", "app", "website", "privacy", "kost", "subsidie", "evaluatie",
    "opschaling", "samenwerking", "leverancier", "onderzoeker", "vrijwilliger", "buurt",
    "centrum", "dorp", "schepen", "raad", "begroting", "opdracht", "aanbesteding", "standaard",
    "gegevensstroom", "verkeer", "geluid", "hitte", "regen", "rioolbuis", "bewoner", "student",
)  # fmt: skip
VERBS = (
    "meet", "toont", "deelt", "verzamelt", "analyseert", "verbetert", "ondersteunt", "test",
    "plaatst", "bespaart", "verlaagt", "verhoogt", "koppelt", "stuurt", "volgt", "begeleidt",
    "betrekt", "opent", "evalueert", "vergelijkt", "bouwt", "levert", "brengt", "maakt", "helpt",
    "beheert", "bundelt", "verlicht", "beschermt", "telt",
)  # fmt: skip
PREPOSITIONS = ("met", "voor", "in", "op", "van", "naar", "over", "door", "bij", "rond", "zonder")
ADVERBS = ("ook", "nog", "samen", "vandaag", "sneller", "beter", "elke dag", "voortaan", "al")
CONNECTIVES = ("en", "maar", "zodat", "terwijl", "omdat", "want")
HEADINGS = (
    "Aanpak", "Resultaten", "Achtergrond", "Partners", "Data en privacy", "Kosten en financiering",
    "Lessen", "Volgende stappen", "Opschaling", "Wat inwoners merken",
)  # fmt: skip
TOPICS = (
    "Slimme straatverlichting", "Luchtkwaliteit meten", "Parkeersensoren", "Telraam-tellingen",
    "Slimme afvalbakken", "Mobipunten", "Geluidsmetingen", "Digitaal loket", "Open dataplatform",
    "Slimme hemelwaterputten", "Drukte meten in winkelstraten", "Veilige schoolomgeving",
    "Burgerbegroting online", "Hittekaart", "Slimme energiemeters", "Zorgtechnologie thuis",
    "Deelfietsen", "Digitale tweeling", "Waterpeilsensoren", "Verkeerslichten op maat",
)  # fmt: skip
PARTNERS = (
    ("imec", "kennisinstelling"), ("VITO", "kennisinstelling"), ("KU Leuven", "kennisinstelling"),
    ("Universiteit Gent", "kennisinstelling"), ("Digipolis", "intercommunale"),
    ("Fluvius", "intercommunale"), ("Leiedal", "intercommunale"), ("Interleuven", "intercommunale"),
    ("VVSG", "vzw/burgerinitiatief"), ("Mobiel 21", "vzw/burgerinitiatief"),
    ("Agentschap Wegen en Verkeer", "overheid"), ("VLAIO", "overheid"),
    ("Provincie Limburg", "overheid"), ("Sensolab bv", "bedrijf"), ("Datastroom nv", "bedrijf"),
    ("Lichtlijn bv", "bedrijf"), ("Telraam", "bedrijf"), ("Buurtkracht", "andere"),
)  # fmt: skip
PROGRAMMES = (
    "City of Things (VLAIO)", "Relanceplan Vlaamse Veerkracht", "Europees Fonds voor Regionale "
    "Ontwikkeling", "Interreg Vlaanderen-Nederland", "Provinciaal impulsfonds", "Eigen middelen",
)  # fmt: skip
ROLES = (
    "Smart-city-coördinator", "Dienst mobiliteit", "Dienst omgeving", "Innovatieteam",
    "Dienst informatica", "Duurzaamheidsambtenaar",
)  # fmt: skip
MAILBOXES = ("smartcity", "innovatie", "mobiliteit", "omgeving", "data", "info")
SOURCE_SITES = (
    "www.vvsg.be", "www.vlaio.be", "nieuws.vlaanderen.be", "www.hln.be", "www.nieuwsblad.be",
    "www.vrt.be", "www.imec-int.com", "www.agentschapbinnenlandsbestuur.be",
)  # fmt: skip
STATUSES = (("lopend", 35), ("afgerond", 20), ("pilot", 15), ("opgeschaald", 10), ("idee", 10),
            ("stopgezet", 10))  # fmt: skip
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
_LINK_URL_RE = re.compile(r"\]\([^)]*\)")
_WORD_RE = re.compile(r"\S*[^\W\d_]\S*")


def count_words(markdown: str) -> int:
    """Words of a Markdown body as a reader counts them: link targets and markers left out."""
    return len(_WORD_RE.findall(_LINK_URL_RE.sub("]", markdown)))


# --- Reference data ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    slug: str
    name: str
    merged: bool


@dataclass(frozen=True)
class ThemeRef:
    slug: str
    label: str
    domain: str
    """The label of the domain it belongs to (itself for a domain): the baseline's category."""


@dataclass(frozen=True)
class Reference:
    """The real slugs the synthetic projects refer to, read from the repository's data/."""

    current: tuple[Place, ...]
    merged: tuple[Place, ...]
    domains: tuple[ThemeRef, ...]
    subthemes: tuple[ThemeRef, ...]
    regions: tuple[str, ...]

    @property
    def places(self) -> int:
        return len(self.current) + len(self.merged)


@functools.cache
def load_reference(data: Path) -> Reference:
    """Municipality slugs from the record file names (``<nis>-<slug>.yaml``), themes, regions.

    Read with the showcase's own strict loader, once per process and folder.
    """
    current: list[Place] = []
    merged: list[Place] = []
    for path in sorted((data / "municipalities").glob("*.yaml")):
        slug = path.stem.split("-", 1)[1]
        doc, problems = load_yaml_file(path)
        if doc is None or not isinstance(doc.data, dict):
            raise ValueError(f"{path}: cannot read the record: {problems}")
        place = Place(slug, str(doc.data["name"]), doc.data.get("valid_until") is not None)
        (merged if place.merged else current).append(place)
    themes_doc, problems = load_yaml_file(data / "themes.yaml")
    if themes_doc is None:
        raise ValueError(f"{data / 'themes.yaml'}: {problems}")
    domains: list[ThemeRef] = []
    subthemes: list[ThemeRef] = []
    for domain in themes_doc.data["themes"]:
        domains.append(ThemeRef(domain["slug"], domain["label"], domain["label"]))
        for sub in domain.get("subthemes", []):
            subthemes.append(ThemeRef(sub["slug"], sub["label"], domain["label"]))
    regions_doc, problems = load_yaml_file(data / "regions.yaml")
    if regions_doc is None:
        raise ValueError(f"{data / 'regions.yaml'}: {problems}")
    regions = tuple(region["slug"] for region in regions_doc.data["regions"])
    return Reference(tuple(current), tuple(merged), tuple(domains), tuple(subthemes), regions)


# --- One project --------------------------------------------------------------------------------


@dataclass
class Synthetic:
    """One generated project: its front matter lines, body and what the baseline needs."""

    number: int
    title: str
    date: dt.date
    category: str
    tags: list[str]
    front_matter: list[str]
    body: str
    words: int

    @property
    def slug(self) -> str:
        return f"{PROJECT_PREFIX}{self.number}"

    def showcase_text(self) -> str:
        return "\n".join(["---", *self.front_matter, "---", self.body])

    def baseline_text(self) -> str:
        header = [
            f"Title: {self.title}",
            f"Date: {self.date.isoformat()}",
            f"Category: {self.category}",
            f"Tags: {', '.join(self.tags)}",
            f"Slug: {self.slug}",
        ]
        return "\n".join([*header, "", self.body])

    def hugo_text(self) -> str:
        front = ["---", f"title: {quoted(self.title)}", f"date: {self.date.isoformat()}", "---"]
        return "\n".join([*front, self.body])


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def plain_slug(slug: str) -> str:
    """A slug as contributors write it: plain, unless YAML would read it as something else."""
    if SLUG_RE.match(slug) and slug not in _YAML_WORDS and not slug.isdigit():
        return slug
    return quoted(slug)


def flow(slugs: list[str]) -> str:
    return "[" + ", ".join(plain_slug(s) for s in slugs) + "]"


class Writer:
    """Draws projects from one seeded random generator, in a fixed order."""

    def __init__(self, reference: Reference, seed: int) -> None:
        self.ref = reference
        self.rng = random.Random(seed)

    # -- text ----------------------------------------------------------------------------------

    def noun_phrase(self) -> list[str]:
        words = [self.rng.choice(DETERMINERS)]
        if self.rng.random() < 0.5:
            words.append(self.rng.choice(ADJECTIVES))
        words.append(self.rng.choice(NOUNS))
        return words

    def clause(self) -> list[str]:
        words = [*self.noun_phrase(), self.rng.choice(VERBS), *self.noun_phrase()]
        if self.rng.random() < 0.6:
            words += [self.rng.choice(PREPOSITIONS), *self.noun_phrase()]
        if self.rng.random() < 0.3:
            words += self.rng.choice(ADVERBS).split()
        return words

    def sentence(self, limit: int) -> tuple[str, int]:
        """A sentence of at most ``limit`` words (at least one); returns it and its length."""
        words = self.clause()
        if self.rng.random() < 0.35:
            words += [self.rng.choice(CONNECTIVES), *self.clause()]
        words = words[: max(1, limit)]
        if len(words) > 3 and self.rng.random() < 0.08:
            index = self.rng.randrange(1, len(words))
            words[index] = f"**{words[index]}**"
        text = " ".join(words)
        return text[0].upper() + text[1:] + ".", len(words)

    def paragraph(self, limit: int) -> tuple[str, int]:
        sentences: list[str] = []
        count = 0
        for _ in range(self.rng.randint(3, 6)):
            if count >= limit:
                break
            text, n = self.sentence(limit - count)
            sentences.append(text)
            count += n
        return " ".join(sentences), count

    def bullet_list(self, limit: int, numbered: bool) -> tuple[str, int]:
        items: list[str] = []
        count = 0
        for index in range(self.rng.randint(3, 5)):
            if count >= limit:
                break
            words = [*self.noun_phrase(), self.rng.choice(VERBS), *self.noun_phrase()]
            words = words[: max(1, limit - count)]
            count += len(words)
            marker = f"{index + 1}." if numbered else "-"
            items.append(f"{marker} {' '.join(words)}")
        return "\n".join(items), count

    def link_sentence(self, limit: int, site: str) -> tuple[str, int]:
        label = [self.rng.choice(ADJECTIVES), self.rng.choice(NOUNS)]
        path = f"{self.rng.choice(NOUNS)}-{self.rng.choice(NOUNS)}"
        words = ["Meer", "uitleg", "staat", "op", "de", "pagina"][: max(0, limit - 2)]
        text = " ".join(words)
        link = f"[{' '.join(label)}](https://{site}/{path})"
        return (f"{text} {link}." if text else f"{link}."), len(words) + 2

    def body(self, site: str) -> tuple[str, int]:
        """400–800 words: an introduction, then sections with lists and links."""
        target = self.rng.randint(400, 800)
        blocks: list[str] = []
        count = 0
        text, n = self.paragraph(target)
        blocks.append(text)
        count += n
        headings = self.rng.sample(HEADINGS, len(HEADINGS))
        section = 0
        while count < target:
            heading = headings[section % len(headings)]
            section += 1
            blocks.append(f"## {heading}")
            count += len(heading.split())
            # The first section has one paragraph, a list and a link: every body has all three.
            first = section == 1
            for _ in range(1 if first else self.rng.randint(1, 2)):
                if count >= target:
                    break
                text, n = self.paragraph(target - count)
                blocks.append(text)
                count += n
            if count < target and (first or self.rng.random() < 0.7):
                text, n = self.bullet_list(target - count, numbered=self.rng.random() < 0.3)
                blocks.append(text)
                count += n
            if count < target and (first or self.rng.random() < 0.5):
                text, n = self.link_sentence(target - count, site)
                blocks.append(text)
                count += n
        return "\n\n".join(blocks) + "\n", count

    def summary(self, names: list[str]) -> str:
        words = [names[0], self.rng.choice(VERBS), *self.noun_phrase()]
        words += [self.rng.choice(PREPOSITIONS), *self.noun_phrase()]
        if self.rng.random() < 0.5:
            words += [self.rng.choice(CONNECTIVES), *self.clause()]
        while len(" ".join(words)) > 280:  # the model allows 300 characters
            words.pop()
        return " ".join(words) + "."

    # -- front matter --------------------------------------------------------------------------

    def period(self, year: int) -> str:
        if self.rng.random() < 0.4:
            return f"'{year}-{self.rng.randint(1, 12):02d}'"
        return str(year)

    def date_between(self, start: dt.date, days: int) -> dt.date:
        return start + dt.timedelta(days=self.rng.randrange(days))

    def project(self, number: int) -> Synthetic:
        rng = self.rng
        count = rng.choices((1, 2, 3), weights=(60, 28, 12))[0]
        places = rng.sample(self.ref.current, count)
        if self.ref.merged and rng.random() < 0.08:
            places[-1] = rng.choice(self.ref.merged)
        names = [p.name for p in places]
        themes = [
            rng.choice(self.ref.domains) if rng.random() < 0.1 else rng.choice(self.ref.subthemes)
            for _ in range(rng.randint(1, 3))
        ]
        themes = list(dict.fromkeys(themes))
        regions = [rng.choice(self.ref.regions)] if self.ref.regions and rng.random() < 0.12 else []
        kind = "proeftuin" if rng.random() < 0.15 else "project"
        status = rng.choices([s for s, _ in STATUSES], weights=[w for _, w in STATUSES])[0]
        start_year = rng.randint(2014, 2025) if rng.random() < 0.85 else None
        topic = rng.choice(TOPICS)
        title = f"{topic} in {' en '.join(names[:2])}"
        summary = self.summary(names)
        reviewed = self.date_between(REVIEWED_FROM, 360)

        lines = [SCHEMA_COMMENT, f"title: {quoted(title)}", f"summary: {quoted(summary)}"]
        lines += [f"kind: {kind}", f"municipalities: {flow([p.slug for p in places])}"]
        lines += [f"regions: {flow(regions)}", f"themes: {flow([t.slug for t in themes])}"]
        lines.append(f"status: {status}")
        date = reviewed
        if start_year is not None:
            start = self.period(start_year)
            lines.append(f"start: {start}")
            month = int(start.strip("'")[5:] or 1)
            date = dt.date(start_year, month, 1)
            if status in ("afgerond", "stopgezet") and rng.random() < 0.8:
                lines.append(f"end: {rng.randint(start_year + 1, 2026)}")
        partners = rng.sample(PARTNERS, rng.randint(0, 4))
        if partners:
            lines.append("partners:")
            for name, partner_type in partners:
                lines += [f"  - name: {quoted(name)}", f"    type: {partner_type}"]
        if rng.random() < 0.6:
            lines.append("funding:")
            for _ in range(rng.randint(1, 2)):
                lines.append(f"  - programme: {quoted(rng.choice(PROGRAMMES))}")
                if rng.random() < 0.6:
                    lines.append(f"    amount: {rng.randint(5, 900) * 1000}")
                if rng.random() < 0.5:
                    lines.append(f"    year: {rng.randint(2015, 2025)}")
        results = rng.randint(0, 3)
        if results:
            lines.append("results:")
            for _ in range(results):
                figure = rng.randint(2, 400)
                noun = rng.choice(NOUNS)
                lines.append(f"  - {quoted(f'{figure} keer {noun} {rng.choice(VERBS)} beter.')}")
        mailbox = rng.choice(MAILBOXES)
        lines += ["contact:", f"  role: {quoted(rng.choice(ROLES))}"]
        lines.append(f"  email: {quoted(f'{mailbox}@{places[0].slug}.be')}")
        site = f"www.{places[0].slug}.be"
        lines += ["  source:", f"    title: {quoted('Contact')}"]
        lines += [f"    url: {quoted(f'https://{site}/contact')}", "    accessed: 2026-11-26"]
        if rng.random() < 0.4:
            lines.append("links:")
            for _ in range(rng.randint(1, 2)):
                label = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}".capitalize()
                lines += [f"  - title: {quoted(label)}"]
                lines += [f"    url: {quoted(f'https://{site}/{rng.choice(NOUNS)}')}"]
        if number > 1 and rng.random() < 0.05:
            earlier = rng.sample(range(1, number), min(number - 1, rng.choice((1, 1, 1, 2))))
            lines.append(f"inspired_by: {flow([f'{PROJECT_PREFIX}{j}' for j in sorted(earlier)])}")
        lines.append("sources:")
        for _ in range(rng.randint(1, 3)):
            source_site = rng.choice((*SOURCE_SITES, site))
            words = [*self.noun_phrase(), rng.choice(VERBS), *self.noun_phrase()]
            source_title = " ".join(words).capitalize()
            path = "-".join(w.lower() for w in words if w.isalpha())
            lines += [f"  - title: {quoted(source_title)}"]
            lines += [f"    url: {quoted(f'https://{source_site}/{path}')}"]
            has_date = rng.random() < 0.7
            if has_date:
                year = rng.randint(2014, 2026)
                shape = rng.random()
                if shape < 0.6:
                    lines.append(f"    date: {self.date_between(dt.date(year, 1, 1), 365)}")
                elif shape < 0.8:
                    lines.append(f"    date: '{year}-{rng.randint(1, 12):02d}'")
                else:
                    lines.append(f"    date: {year}")
            if not has_date or rng.random() < 0.8:
                lines.append(f"    accessed: {reviewed.isoformat()}")
        lines.append(f"last_reviewed: {reviewed.isoformat()}")
        body, words_count = self.body(site)
        return Synthetic(
            number,
            title,
            date,
            themes[0].domain,
            [t.slug for t in themes],
            lines,
            body,
            words_count,
        )


# --- The whole tree -----------------------------------------------------------------------------


@dataclass
class GeneratedSite:
    """Where a generated tree is and how big it is."""

    root: Path
    n: int
    seed: int
    municipalities: int
    words: list[int] = field(default_factory=list)
    project_bytes: int = 0
    baseline_bytes: int = 0

    @property
    def settings(self) -> Path:
        return self.root / "pelicanconf.py"

    @property
    def output(self) -> Path:
        return self.root / "output"

    @property
    def baseline(self) -> Path:
        return self.root / "baseline"

    @property
    def hugo(self) -> Path:
        """The Hugo site of case (e): the same titles, dates and bodies."""
        return self.root / "hugo"

    def project_path(self, number: int) -> Path:
        return self.root / "content" / "projecten" / f"{PROJECT_PREFIX}{number}.md"

    def describe(self) -> str:
        if not self.words:
            return f"{self.n} projects"
        return (
            f"{self.n} projects, {self.project_bytes / 1e6:.1f} MB of Markdown with front matter, "
            f"{sum(self.words):,} words of body ({min(self.words)}–{max(self.words)} per "
            f"project, median {statistics.median(self.words):.0f}), plus {self.municipalities} "
            "municipality records"
        )


def showcase_settings(repo: Path) -> str:
    """The repository's pelicanconf.py, with its theme and plugins by absolute path."""
    text = (repo / "pelicanconf.py").read_text(encoding="utf-8")
    return (
        f"{text.rstrip()}\n\n"
        "# Added by bench/generate.py: the repository's theme and plugins, by absolute path.\n"
        f"THEME = {str(repo / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(repo / 'plugins')!r}]\n"
        "# The Nu HTML checker is a test of the output, not part of building it (the baseline\n"
        "# validates nothing either); its time is reported apart in docs/performance.md.\n"
        "SHOWCASE_CHECK_HTML = False\n"
    )


def baseline_settings(cache_content: bool = False) -> str:
    """Bare Pelican: the default theme, no plugins, default settings but for these few."""
    return (
        '"""Bare Pelican for the benchmark baseline: default theme, no plugins."""\n\n'
        'AUTHOR = "Benchmark"\n'
        'SITENAME = "Benchmark baseline"\n'
        'SITEURL = ""\n'
        'PATH = "content"\n'
        'OUTPUT_PATH = "output"\n'
        'TIMEZONE = "Europe/Brussels"\n'
        'DEFAULT_LANG = "nl"\n'
        f"CACHE_CONTENT = {cache_content}\n"
        f"LOAD_CONTENT_CACHE = {cache_content}\n"
    )


HUGO_CONFIG = """\
# Written by bench/generate.py: the Hugo site of case (e). Only the pages of the projects and
# one list of them; every other kind of page is turned off.
baseURL = "/"
title = "Benchmark Hugo"
defaultContentLanguage = "nl"
disableKinds = ["home", "taxonomy", "term", "rss", "sitemap", "robotstxt", "404"]
"""

HUGO_LAYOUTS = {
    "baseof.html": """\
<!DOCTYPE html>
<html lang="nl-BE">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ site.Title }}</title>
</head>
<body>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
""",
    "single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time></p>
{{ .Content }}
</article>
{{ end }}
""",
    "list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
{{ end }}
""",
}


def write_hugo_skeleton(hugo: Path) -> None:
    """The Hugo site without its projects: configuration, layouts and the section list."""
    (hugo / "layouts").mkdir(parents=True)
    (hugo / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (hugo / "layouts" / name).write_text(text, encoding="utf-8")
    projects = hugo / "content" / "projecten"
    projects.mkdir(parents=True)
    (projects / "_index.md").write_text('---\ntitle: "Projecten"\n---\n', encoding="utf-8")


def _refuse_repository(root: Path, repo: Path) -> None:
    root = root.resolve()
    if root.is_relative_to(repo.resolve()):
        raise ValueError(f"refusing to generate into {root}: it is inside the repository")
    if root.exists() and any(root.iterdir()):
        raise ValueError(f"refusing to generate into {root}: the folder is not empty")


def generate(root: Path, n: int, seed: int = DEFAULT_SEED, repo: Path = REPO) -> GeneratedSite:
    """Write the showcase tree and the baseline tree for ``n`` projects into ``root``."""
    if n < 1:
        raise ValueError("n must be at least 1")
    _refuse_repository(root, repo)
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(repo / "data", root / "data")
    shutil.copytree(repo / "content" / "pages", root / "content" / "pages")
    (root / "pelicanconf.py").write_text(showcase_settings(repo), encoding="utf-8")
    reference = load_reference((repo / "data").resolve())

    site = GeneratedSite(root.resolve(), n, seed, reference.places)
    projects = root / "content" / "projecten"
    projects.mkdir(parents=True)
    baseline = root / "baseline"
    (baseline / "content").mkdir(parents=True)
    (baseline / "pelicanconf.py").write_text(baseline_settings(False), encoding="utf-8")
    (baseline / "pelicanconf_warm.py").write_text(baseline_settings(True), encoding="utf-8")

    write_hugo_skeleton(site.hugo)
    hugo_projects = site.hugo / "content" / "projecten"

    writer = Writer(reference, seed)
    for number in range(1, n + 1):
        project = writer.project(number)
        showcase = project.showcase_text().encode("utf-8")
        plain = project.baseline_text().encode("utf-8")
        (projects / f"{project.slug}.md").write_bytes(showcase)
        (baseline / "content" / f"{project.slug}.md").write_bytes(plain)
        (hugo_projects / f"{project.slug}.md").write_bytes(project.hugo_text().encode("utf-8"))
        site.words.append(project.words)
        site.project_bytes += len(showcase)
        site.baseline_bytes += len(plain)
    return site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="an empty folder outside the repository")
    parser.add_argument("--n", type=int, default=100, help="number of projects (default 100)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    try:
        site = generate(args.folder, args.n, args.seed)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"wrote {site.root}: {site.describe()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
