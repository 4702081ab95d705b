"""The generator that turns the catalogue into pages and feeds."""

from __future__ import annotations

import json
import logging
import os
import shutil
import traceback
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pelican.generators import Generator

from pelican_showcase import feeds
from pelican_showcase.timing import step
from showcase import check_showcase
from showcase.derive.extras import SiteExtras, build_extras
from showcase.link.catalogue import Catalogue, ProjectEntry, date_nl, period_nl
from showcase.load.dataset import Layout
from showcase.load.media import media_files
from showcase.problems import ProblemsFound, errors_in
from showcase.site.bodies import render_catalogue
from showcase.site.pages import (
    PAGE_CONTEXT,
    PlannedPage,
    plan_site,
    render_headers,
    render_robots,
    render_sitemap,
)

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # Folders, relative to the folder of the settings file (the project root).
    "SHOWCASE_DATA_PATH": "data",
    "SHOWCASE_CONTENT_PATH": "content",
    # Where "Bewerk deze pagina" links point: files are appended to this URL.
    "SHOWCASE_EDIT_URL": "",
    # Rendered Markdown is cached here by content hash (relative to the project root; "" = off).
    "SHOWCASE_CACHE_PATH": ".cache/showcase",
    # Processes for the heavy steps (Markdown, pages); None = one per core.
    "SHOWCASE_WORKERS": None,
    # Indexed pages per search-index shard (Pagefind needs ~0.2 MB of memory per page).
    "SHOWCASE_SEARCH_SHARD_PAGES": 2500,
    # Who publishes the open data (the DCAT catalogue names it) and where to reach them.
    "SHOWCASE_PUBLISHER": "Slimme Steden en Gemeenten Vlaanderen",
    "SHOWCASE_CONTACT_URL": "",
    # Only the site's own scripts run. Also written to _headers.
    "SHOWCASE_CSP": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'"
    ),
    # The search page also runs Pagefind's WebAssembly.
    "SHOWCASE_CSP_SEARCH": (
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
        "base-uri 'self'; form-action 'self'"
    ),
}


SEARCH_PLAN = ".search-shards.json"
"""Left in the output folder by the generator for the build's search-index step."""

PARALLEL_PAGES_FROM = 600
"""From this many pages on, pages are written by one process per core."""


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


def number_nl(value: int) -> str:
    """``262219`` → ``262.219`` (Dutch thousands separator)."""
    return f"{value:,}".replace(",", ".")


class ShowcaseGenerator(Generator):  # type: ignore[misc]
    """Loads, validates and links in ``generate_context``; writes in ``generate_output``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, value in DEFAULTS.items():
            self.settings.setdefault(key, value)
            self.context.setdefault(key, self.settings[key])
        self.catalogue: Catalogue | None = None
        self.extras: SiteExtras | None = None
        self.env.filters.update(
            {"date_nl": date_nl, "period_nl": period_nl, "number_nl": number_nl}
        )
        self._card_facts: dict[int, Markup] = {}
        self.env.globals["card_facts"] = self.card_facts

    def card_facts(self, project: ProjectEntry) -> Markup:
        """The facts on a project's card, rendered once per project: a project is a card on
        about ten lists (its municipalities, themes, province, status…)."""
        key = id(project)
        if key not in self._card_facts:
            template = self.env.get_template("partials/project_card_facts.html")
            self._card_facts[key] = Markup(template.render(project=project))
        return self._card_facts[key]

    def layout(self) -> Layout:
        root = Path(self.settings["PATH"]).resolve().parent
        return Layout(
            root,
            (root / self.settings["SHOWCASE_DATA_PATH"]).resolve(),
            (root / self.settings["SHOWCASE_CONTENT_PATH"]).resolve(),
        )

    def generate_context(self) -> None:
        layout = self.layout()
        with step("load and link"):
            catalogue, problems = check_showcase(layout)
        if errors_in(problems):
            raise ProblemsFound(problems)
        with step("synergies, maps, open data"):
            extras, more = build_extras(
                catalogue,
                layout,
                site_url=self.settings.get("SITEURL", ""),
                publisher=self.settings["SHOWCASE_PUBLISHER"],
                contact_url=self.settings["SHOWCASE_CONTACT_URL"] or None,
            )
        if extras is None or errors_in(more):
            raise ProblemsFound(problems + more)
        cache = self.settings["SHOWCASE_CACHE_PATH"]
        with step("Markdown"):
            render_catalogue(
                catalogue,
                cache=(layout.root / cache / "markdown") if cache else None,
                workers=self.settings["SHOWCASE_WORKERS"],
            )
        self.catalogue = catalogue
        self.extras = extras
        self.context["showcase"] = catalogue

    def _write_pages(self, pages: list[PlannedPage], output: Path) -> None:
        """Render and write pages; a file whose bytes would not change is left alone."""
        edit_url = self.settings["SHOWCASE_EDIT_URL"].rstrip("/")
        for page in pages:
            assert set(page.context) == PAGE_CONTEXT[page.template], page.template
            edit = f"{edit_url}/{page.meta.source}" if edit_url and page.meta.source else None
            template = self.get_template(page.template.removesuffix(".html"))
            html = template.render(
                {
                    **self.context,
                    "output_file": page.path,
                    "page": page.meta,
                    "edit_link": edit,
                    **page.context,
                }
            )
            write_if_changed(output / page.path, html.encode("utf-8"))

    def _write_in_processes(self, pages: list[PlannedPage], output: Path, workers: int) -> None:
        """Split the pages over forked processes (they share the catalogue copy-on-write)."""
        children = []
        for share in range(1, workers):
            pid = os.fork()
            if pid == 0:  # the child writes its share and leaves without running anything else
                code = 0
                try:
                    self._write_pages(pages[share::workers], output)
                except BaseException:
                    traceback.print_exc()
                    code = 1
                os._exit(code)
            children.append(pid)
        failed = False
        try:
            self._write_pages(pages[0::workers], output)
        finally:
            for pid in children:
                _, status = os.waitpid(pid, 0)
                failed = failed or status != 0
        if failed:
            raise RuntimeError("a page-writing process failed (its traceback is printed above)")

    def generate_output(self, writer: Any) -> None:
        assert self.catalogue is not None and self.extras is not None, "generate_context first"
        output = Path(self.output_path)
        with step("pages"):
            pages, shards = plan_site(
                self.catalogue, self.extras, self.settings["SHOWCASE_SEARCH_SHARD_PAGES"]
            )
            workers = self.settings["SHOWCASE_WORKERS"] or os.cpu_count() or 1
            if workers > 1 and len(pages) >= PARALLEL_PAGES_FROM and hasattr(os, "fork"):
                self._write_in_processes(pages, output, workers)
            else:
                self._write_pages(pages, output)
        with step("feeds and files"):
            self._write_files(pages, output)
        # The build indexes the site after Pelican is done; it reads (and removes) this plan.
        plan = [{"bundle": shard.bundle, "pages": list(shard.pages)} for shard in shards]
        (output / SEARCH_PLAN).write_text(json.dumps(plan), encoding="utf-8")

    def _write_files(self, pages: list[PlannedPage], output: Path) -> None:
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
        feeds.write_feeds(self.catalogue, output, self.settings)
        site_url = self.settings.get("SITEURL", "")
        (output / "sitemap.xml").write_text(render_sitemap(pages, site_url), encoding="utf-8")
        (output / "robots.txt").write_text(render_robots(site_url), encoding="utf-8")
        (output / "_headers").write_text(
            render_headers(self.settings["SHOWCASE_CSP"], self.settings["SHOWCASE_CSP_SEARCH"]),
            encoding="utf-8",
        )
