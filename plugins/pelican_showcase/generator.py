"""The generator that turns the catalogue into pages and feeds.

Pelican calls :meth:`ShowcaseGenerator.generate_context` (load, validate, link, derive, render
the bodies) and then :meth:`ShowcaseGenerator.generate_output` (plan the pages and write them).
Everything of one build lives on the generator instance; the build asks it for
:attr:`ShowcaseGenerator.result` when Pelican is done.
"""

from __future__ import annotations

import logging
import shutil
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pelican.generators import Generator

import showcase as showcase_package
from pelican_showcase import feeds
from pelican_showcase.timing import Timings
from showcase import check_showcase, parallel
from showcase.check.search import Shard
from showcase.check.sources import PageSource, page_sources
from showcase.contribute.editor import (
    EDITOR_FILES,
    EDITOR_FOLDER,
    choices_from_catalogue,
    editor_csp,
    editor_files,
)
from showcase.contribute.forms import FormAddresses
from showcase.derive.extras import SiteExtras, build_extras
from showcase.kinds import load_registry
from showcase.link.catalogue import Catalogue, ProjectEntry
from showcase.link.labels import date_nl, number_nl, period_nl
from showcase.load.dataset import Layout, load_cache_folder
from showcase.load.media import media_files
from showcase.problems import ProblemsFound, errors_in
from showcase.settings import ShowcaseSettings
from showcase.site.bodies import RenderedBodies, render_catalogue
from showcase.site.feeds import plan_feeds
from showcase.site.files import render_headers, render_robots, render_sitemap
from showcase.site.fingerprints import (
    Dependency,
    Fingerprinter,
    Unfingerprintable,
    changed_dependencies,
    fingerprint,
    global_fingerprint,
)
from showcase.site.pages import PlannedPage, SiteInputs, navigation, page_context, plan_site
from showcase.site.recording import (
    Reads,
    Recorder,
    RecordingEnvironment,
    recording_environment,
)
from showcase.site.written import PageWriter, Previous, Written, WrittenPages, resume

logger = logging.getLogger(__name__)


NOT_ON_PAGES = frozenset({"OUTPUT_PATH", "SHOWCASE_WORKERS", "SHOWCASE_CHECK_HTML"})
"""Settings no template reads (a test holds this), left out of the pages' global fingerprint:
the staging folder differs on every build, and the others change how the build works, not
what it writes."""


@dataclass(frozen=True)
class BuildResult:
    """What the generator hands the build: what it wrote and what the search index needs."""

    pages: int
    """HTML pages planned (and written, unless their bytes did not change)."""
    projects: int
    municipalities: int
    """Current municipalities."""
    shards: tuple[Shard, ...]
    written: WrittenPages = field(default_factory=WrittenPages)
    """What the writers found in each page (and which pages they kept from the last build)."""
    sources: Mapping[str, PageSource] = field(default_factory=dict)
    """The file each page is made from, by its path in the output: the build's checks name it."""


def write_if_changed(path: Path, content: bytes) -> None:
    """Write ``content`` unless the file already holds exactly that. A changed file is
    replaced, never written in place: it may be a hard link into the published site."""
    try:
        if path.stat().st_size == len(content) and path.read_bytes() == content:
            return
        path.unlink()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


class ShowcaseGenerator(Generator):  # type: ignore[misc]
    """Loads, validates and links in ``generate_context``; writes in ``generate_output``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.showcase = ShowcaseSettings.from_mapping(self.settings)
        self.kinds = load_registry(self.showcase.kinds)
        self.timings = Timings()
        self.catalogue: Catalogue | None = None
        self.extras: SiteExtras | None = None
        self.bodies: RenderedBodies | None = None
        self.result: BuildResult | None = None
        self.previous: Previous | None = None
        """The last build's output and manifest, when the build found them (it sets this)."""
        self.contract = page_context(self.kinds)
        # Rendering records what each page reads from the catalogue (page fingerprints).
        self.env: RecordingEnvironment = recording_environment(
            self.env, self.settings["JINJA_ENVIRONMENT"]
        )
        self.recorder = Recorder()
        self.env.recorder = self.recorder
        self._changed = b""
        for key, value in self.showcase.as_mapping().items():
            self.context[key] = value
        self.context["navigation"] = navigation(self.kinds)
        self.env.filters.update(
            {"date_nl": date_nl, "period_nl": period_nl, "number_nl": number_nl}
        )
        self._card_facts: dict[int, tuple[Markup, Reads]] = {}
        self._form_addresses: FormAddresses | None = None
        self.env.globals["card_facts"] = self.card_facts
        self.env.globals["form_url"] = self.form_url

    def form_url(self, name: str, **prefill: str) -> str:
        """The address of an issue form with fields filled in; '' without a repository."""
        if not self.showcase.repository_url:
            return ""
        if self._form_addresses is None:
            self._form_addresses = FormAddresses(self.kinds, self.showcase.repository_url)
        return self._form_addresses(name, **prefill)

    def card_facts(self, project: ProjectEntry) -> Markup:
        """The facts on a project's card, rendered once per project: a project is a card on
        about ten lists (its municipalities, themes, province, status…). What rendering them
        read counts for every page that shows them."""
        key = id(project)
        if key not in self._card_facts:
            template = self.env.get_template("partials/project_card_facts.html")
            with self.recorder.page() as reads:
                self._card_facts[key] = (Markup(template.render(project=project)), reads)
        facts, reads = self._card_facts[key]
        self.recorder.replay(reads)
        return facts

    def layout(self) -> Layout:
        root = Path(self.settings["PATH"]).resolve().parent
        return Layout(
            root,
            (root / self.showcase.data_path).resolve(),
            (root / self.showcase.content_path).resolve(),
            self.kinds,
            load_cache_folder(root, self.showcase.cache_path),
        )

    def generate_context(self) -> None:
        layout = self.layout()
        with self.timings.step("load and link"):
            catalogue, problems = check_showcase(layout)
        if errors_in(problems):
            raise ProblemsFound(problems)
        cache = self.showcase.cache_path
        with self.timings.step("synergies, maps, open data"):
            extras, more = build_extras(
                catalogue,
                layout,
                site_url=self.settings.get("SITEURL", ""),
                publisher=self.showcase.publisher,
                contact_url=self.showcase.contact_url or None,
                workers=self.showcase.workers,
                cache=(layout.root / cache / "synergies") if cache else None,
            )
        if extras is None or errors_in(more):
            raise ProblemsFound(problems + more)
        with self.timings.step("Markdown"):
            self.bodies = render_catalogue(
                catalogue,
                cache=(layout.root / cache / "markdown") if cache else None,
                workers=self.showcase.workers,
                site_url=self.settings.get("SITEURL", ""),
            )
        self.catalogue = catalogue
        self.extras = extras
        self.context["showcase"] = catalogue

    def _write_pages(
        self, pages: Sequence[PlannedPage], output: Path
    ) -> tuple[list[Written], list[tuple[Dependency, str]]]:
        """Render and write pages, scanning each as it is written. A page whose inputs did not
        change since the last build is kept from its output unrendered, one whose bytes did not
        change is kept once rendered (see :mod:`showcase.site.written`). Returns the pages and
        the dependencies this process added to the table (:mod:`showcase.site.recording`)."""
        edit_url = self.showcase.edit_url.rstrip("/")
        writer = PageWriter(output, self.previous, self.settings.get("SITEURL", ""), self._changed)
        written = []
        contexts = Fingerprinter()  # the pages (and so their contexts) outlive it
        for page in pages:
            assert set(page.context) == self.contract[page.template], page.template
            edit = f"{edit_url}/{page.meta.source}" if edit_url and page.meta.source else None
            try:
                context = contexts((page.template, page.path, page.meta, edit, page.context))
            except Unfingerprintable:
                context = ""
            kept = writer.keep_unrendered(page.path, context)
            if kept is not None:
                written.append(kept)
                continue
            template = self.get_template(page.template.removesuffix(".html"))
            with self.recorder.page() as reads:
                html = template.render(
                    {
                        **self.context,
                        "output_file": page.path,
                        "page": page.meta,
                        "edit_link": edit,
                        **page.context,
                    }
                )
            context = "" if reads.broken else context
            packed = array("I", sorted(reads.indexes)).tobytes()
            written.append(writer.write(page.path, html, page.indexed, context, packed))
        return written, self.recorder.new()

    def _start_recording(self, catalogue: Catalogue) -> WrittenPages:
        """Resume from the last build (see :func:`showcase.site.written.resume`)."""
        theme = Path(self.settings["THEME"])
        code = Path(showcase_package.__file__ or "").parent.parent
        settings = {k: v for k, v in self.context.items() if k not in NOT_ON_PAGES}
        self.recorder, self._changed, written = resume(
            self.previous,
            global_fingerprint([theme, code], settings),
            lambda table: changed_dependencies(
                table,
                catalogue,
                self.env.getattr,
                self.env.getitem,
                parallel.workers_for(self.showcase.workers),
            ),
        )
        self.env.recorder = self.recorder
        return written

    def generate_output(self, writer: Any) -> None:
        catalogue, extras, bodies = self.catalogue, self.extras, self.bodies
        assert catalogue and extras and bodies, "generate_context first"
        output = Path(self.output_path)
        with self.timings.step("page fingerprints"):
            written = self._start_recording(catalogue)
        with self.timings.step("pages"):
            inputs = SiteInputs(catalogue, extras, bodies, self.showcase.repository_url)
            pages, shards = plan_site(inputs, self.showcase.search_shard_pages)
            workers = parallel.workers_for(self.showcase.workers)
            if not parallel.worth_it(len(pages), parallel.THRESHOLDS.write_pages, workers):
                workers = 1
            # The pages are shared out over forked processes (they share the catalogue).
            for share, new in parallel.share_out(
                lambda share: self._write_pages(share, output), pages, workers
            ):
                written.add(share, new)
        with self.timings.step("feeds and files"):
            self._write_files(pages, output, written)
        self.result = BuildResult(
            len(pages),
            len(catalogue.projects),
            len(catalogue.current),
            tuple(shards),
            written,
            page_sources(pages, self.layout().root),
        )

    def _write_files(self, pages: list[PlannedPage], output: Path, written: WrittenPages) -> None:
        assert self.catalogue is not None and self.extras is not None
        for name, content in self.extras.files.items():
            target = output / "open-data" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        media = self.layout().content / "media"
        for source in media_files(media):
            target = output / "media" / source.relative_to(media)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        feeds.write_feeds(plan_feeds(self.catalogue), output, self.settings)
        site_url = self.settings.get("SITEURL", "")
        (output / "sitemap.xml").write_text(render_sitemap(pages, site_url), encoding="utf-8")
        (output / "robots.txt").write_text(render_robots(site_url), encoding="utf-8")
        (output / "_headers").write_text(
            render_headers(self.showcase.csp, self.showcase.csp_search, editor_csp()),
            encoding="utf-8",
        )
        # The web editor (/admin/): Decap CMS, configured from the models and the data. Its
        # config.yml lists every project: at 10,000 projects, made again only when one of the
        # choices changed.
        choices = choices_from_catalogue(self.catalogue)
        inputs = fingerprint(choices)
        keeper = PageWriter(output, self.previous, site_url, self._changed)
        names = [f"{EDITOR_FOLDER}/{name}" for name in EDITOR_FILES]
        if not all(keeper.keep_file(name, inputs) for name in names):
            editor = editor_files(
                self.showcase,
                choices,
                self.kinds,
                site_name=self.settings["SITENAME"],
                site_url=site_url,
            )
            assert sorted(editor) == sorted(names)
            for name, text in editor.items():
                write_if_changed(output / name, text.encode("utf-8"))
        for name in names:
            written.add_file(output, name, inputs)
