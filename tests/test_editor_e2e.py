"""The web editor for real: Decap CMS in Debian's Chromium, writing through ``decap-server``
(the local backend, pinned in tools/editor-test/) into a copy of the repository. A project is
made through the form and must pass the checker; a municipality's introduction is edited and
nothing else of its file may change. Any error in the browser, a refusal by the editor's
Content-Security-Policy included, fails the test.

Needs Node (``decap-server`` in ``tools/editor-test/node_modules``: ``npm ci --prefix
tools/editor-test``, which ``make test`` and .ci/run do) and Chromium. Without npm the test is
skipped, unless ``SHOWCASE_REQUIRE_BROWSER=1`` (as in CI) makes that a failure.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from showcase import check_showcase
from showcase.cli import main as showcase_main
from showcase.contribute.editor import (
    EDITOR_FOLDER,
    Choices,
    choices_from_catalogue,
    editor_files,
)
from showcase.kinds import KINDS
from showcase.load.dataset import Layout, load_entry_file
from showcase.schema.jsonschema import modeline
from showcase.settings import ShowcaseSettings

from .browser_support import launch_chromium, require_chromium, serve
from .conftest import ROOT

REQUIRED = os.environ.get("SHOWCASE_REQUIRE_BROWSER") == "1"
TOOL = ROOT / "tools" / "editor-test"
SERVER = TOOL / "node_modules" / "decap-server" / "dist" / "index.js"

require_chromium()
if shutil.which("npm") is None and not REQUIRED:
    pytest.skip(
        "npm is missing: the editor's test needs decap-server (apt-get install nodejs npm)",
        allow_module_level=True,
    )

from playwright.sync_api import Page  # noqa: E402

TITLE = "Slimme verlichting op het Marktplein – test 2.0"
SLUG = "slimme-verlichting-op-het-marktplein-test-2-0"
BODY = "De stad test slimme verlichting die oplicht als er iemand voorbijkomt."
INTRODUCTION = "Gent werkt aan een slimme stad met open data en proeftuinen."


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's data and content: what the editor writes lands here."""
    folder = tmp_path_factory.mktemp("repository")
    for name in ("data", "content", "schema"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / "pelicanconf.py", folder / "pelicanconf.py")
    return folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def decap_server(project: Path) -> Iterator[int]:
    """``decap-server`` on a free port, writing files into ``project`` (its "fs" mode)."""
    node = shutil.which("node")
    if node is None or not SERVER.is_file():
        pytest.fail(
            "decap-server is not installed: run `npm ci --prefix tools/editor-test` "
            "(make test and .ci/run do it)"
        )
    port = free_port()
    environment = {
        **os.environ,
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "GIT_REPO_DIRECTORY": str(project),
        "MODE": "fs",
        "LOG_LEVEL": "warn",
    }
    server = subprocess.Popen(
        [node, str(SERVER)],
        cwd=TOOL,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while not _answers(port):
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                output = server.communicate()[0]
                pytest.fail(f"decap-server did not start:\n{output}")
            time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _answers(port: int) -> bool:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1",
        data=json.dumps({"action": "info"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=1) as response:
            return bool(json.load(response).get("type") == "local_fs")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@pytest.fixture(scope="module")
def choices(project: Path) -> Choices:
    catalogue, _ = check_showcase(Layout.at(project))
    return choices_from_catalogue(catalogue)


@pytest.fixture(scope="module")
def site(
    built_site: Path, tmp_path_factory: pytest.TempPathFactory, decap_server: int, choices: Choices
) -> Path:
    """The built site, with its editor made as the build makes it but pointed at this test's
    decap-server (its port in config.yml and in the page's policy)."""
    folder = tmp_path_factory.mktemp("served")
    (folder / "theme").symlink_to(built_site / "theme", target_is_directory=True)
    settings = ShowcaseSettings(repository_url="https://github.com/vvsg-smart-city/showcase")
    files = editor_files(
        settings, choices, KINDS, site_name="Slimme Steden", local_port=decap_server
    )
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    # The page as the build made it (the test's build names the site in full), but for the port.
    built = (built_site / EDITOR_FOLDER / "index.html").read_text(encoding="utf-8")
    page = files[f"{EDITOR_FOLDER}/index.html"].replace(str(decap_server), "8081")
    assert page == built.replace("Slimme Steden en Gemeenten Vlaanderen", "Slimme Steden")
    return folder


@pytest.fixture(scope="module")
def editor(site: Path) -> Iterator[tuple[Page, list[str]]]:
    """The editor in Chromium, logged in with the local backend; and the errors it reports."""
    with serve(site) as base_url, launch_chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{base_url}/{EDITOR_FOLDER}/")
        page.get_by_role("button", name="Inloggen").click()
        page.get_by_text("Inhoudstypen").wait_for()  # Dutch: locale nl
        yield page, errors


def field(page: Page, name: str, tag: str = "input") -> Any:
    """The last visible input of a field by its name (Decap's ids are ``<name>-field-<n>``):
    the one just added, when a list has several."""
    return page.locator(f'{tag}[id^="{name}-field-"]:visible').last


def choose(page: Page, name: str, label: str) -> None:
    """Pick ``label`` in a select (react-select: type to filter, then click the option)."""
    box = field(page, name)
    box.click()
    box.fill(label)
    page.get_by_role("option", name=label, exact=True).click()


def publish(page: Page, path: Path, ending: str) -> str:
    """Publish the entry; the file the editor wrote (ending in ``ending``)."""
    page.get_by_role("button", name="Publiceer").click()
    page.get_by_text("Publiceer nu").click()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            if text.rstrip().endswith(ending):
                return text
        time.sleep(0.1)
    page.screenshot(path=str(path.parent / "editor-failed.png"), full_page=True)
    said = page.locator('[class*="ErrorMessage"], [class*="Errors"] li, [role="alert"]')
    raise AssertionError(
        f"the editor did not write {path}; it says: {said.all_inner_texts()}; "
        f"screenshot: {path.parent / 'editor-failed.png'}"
    )


def validate(project: Path, path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """``python -m showcase validate <file> --root <copy>``: must pass; its report."""
    capsys.readouterr()
    code = showcase_main(["validate", str(path), "--root", str(project), "--format", "text"])
    report = capsys.readouterr().out
    assert code == 0, report
    return report


def test_the_collections_are_the_kinds_and_the_municipalities(
    editor: tuple[Page, list[str]],
) -> None:
    page, errors = editor
    names = [kind.title for kind in KINDS if kind.scaffold is not None] + ["Gemeenten"]
    for name in names:
        assert page.get_by_role("link", name=name, exact=True).is_visible()
    assert errors == []


def test_a_new_project_through_the_form_passes_the_checker(
    editor: tuple[Page, list[str]],
    project: Path,
    choices: Choices,
    capsys: pytest.CaptureFixture[str],
) -> None:
    page, errors = editor
    today = dt.date.today().isoformat()
    page.get_by_role("link", name="Projecten", exact=True).click()
    page.get_by_role("link", name="Item van type Project maken").click()
    field(page, "title").fill(TITLE)
    field(page, "summary", "textarea").fill("Gent en Aalst testen verlichting die meedenkt.")
    choose(page, "kind", "Proeftuin")
    labels = {target: dict(choices.of(target)) for target in ("municipality", "theme")}
    choose(page, "municipalities", labels["municipality"]["gent"])
    choose(page, "municipalities", labels["municipality"]["aalst"])
    choose(page, "themes", labels["theme"]["openbare-verlichting"])
    choose(page, "status", "Pilot")
    field(page, "start").fill("2024-03")
    page.get_by_role("button", name="Voeg partner toe").click()
    field(page, "name").fill("Voorbeeld Verlichting nv")
    choose(page, "type", "Bedrijf")
    page.get_by_role("button", name="Voeg bron toe").click()
    field(page, "title").fill("Gent test slimme verlichting")
    field(page, "url").fill("https://stad.gent/nl/nieuws/slimme-verlichting")
    field(page, "date").fill("2024-05")
    field(page, "accessed").fill(today)
    field(page, "last_reviewed").fill(today)
    # The body's rich-text editor (Slate): fill() replaces the scaffold's text in one go.
    page.locator('[data-slate-editor="true"]').fill(BODY)
    path = project / "content" / "projecten" / f"{SLUG}.md"
    text = publish(page, path, BODY)
    lines = text.split("\n")
    assert lines[:2] == ["---", modeline("project", path.parent, project / "schema")]
    report = validate(project, path, capsys)
    assert report.splitlines()[-1] == "0 problemen in 1 bestand"
    loaded, problems = load_entry_file(path, KINDS["project"].model, project)
    assert problems == [] and loaded is not None
    record: Any = loaded.record
    assert (record.title, record.kind, record.status, record.start) == (
        TITLE,
        "proeftuin",
        "pilot",
        "2024-03",
    )
    assert (record.municipalities, record.themes) == (["gent", "aalst"], ["openbare-verlichting"])
    assert [(p.name, p.type) for p in record.partners] == [("Voorbeeld Verlichting nv", "bedrijf")]
    source = record.sources[0]
    assert (source.url, source.date, source.accessed.isoformat()) == (
        "https://stad.gent/nl/nieuws/slimme-verlichting",
        "2024-05",
        today,
    )
    assert record.contact is None, "an untouched contact point is left out, not written empty"
    assert errors == []


def test_a_municipality_is_edited_and_the_rest_of_its_file_kept(
    editor: tuple[Page, list[str]], project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page, errors = editor
    path = project / "data" / "municipalities" / "44021-gent.yaml"
    before = yaml.safe_load(path.read_text(encoding="utf-8"))
    page.get_by_text("Terug naar Projecten").click()
    page.get_by_role("link", name="Gemeenten", exact=True).click()
    page.get_by_text("Gent (44021)", exact=True).click()
    field(page, "introduction", "textarea").fill(INTRODUCTION)
    text = publish(page, path, INTRODUCTION)
    assert text.split("\n")[0] == modeline("municipality", path.parent, project / "schema")
    after = yaml.safe_load(text)
    assert after == {**before, "introduction": INTRODUCTION}
    validate(project, path, capsys)
    assert errors == []
