"""Screenshots of the web editor (/admin/) at 1280 px, for docs/screenshots/admin-*.png.

    python tools/editor_screenshots.py [output] [docs/screenshots]

Needs a built site (``make build``) and decap-server (``npm ci --prefix tools/editor-test``).
The editor runs against a temporary copy of data/ and content/ through decap-server, as in
tests/test_editor_e2e.py, in Debian's Chromium (/usr/bin/chromium); nothing is downloaded.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from showcase import check_showcase
from showcase.contribute.editor import EDITOR_FOLDER, choices_from_catalogue, editor_files
from showcase.load.dataset import Layout
from showcase.settings import read_settings_file

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser_support import CHROMIUM_ARGS, CHROMIUM_PATH, serve

ROOT = Path(__file__).resolve().parent.parent
SERVER = ROOT / "tools" / "editor-test" / "node_modules" / "decap-server" / "dist" / "index.js"


def main() -> int:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "output").resolve()
    target = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        copy, served = Path(scratch, "repository"), Path(scratch, "site")
        for name in ("data", "content"):
            shutil.copytree(ROOT / name, copy / name)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        catalogue, _ = check_showcase(Layout.at(copy))
        files = editor_files(
            read_settings_file(ROOT / "pelicanconf.py"),
            choices_from_catalogue(catalogue),
            site_name="Slimme Steden en Gemeenten Vlaanderen",
            local_port=port,
        )
        served.mkdir()
        (served / "theme").symlink_to(site / "theme", target_is_directory=True)
        for name, text in files.items():
            (served / name).parent.mkdir(parents=True, exist_ok=True)
            (served / name).write_text(text, encoding="utf-8")
        environment = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1"}
        environment["GIT_REPO_DIRECTORY"] = str(copy)
        server = subprocess.Popen(["node", str(SERVER)], env=environment, cwd=SERVER.parent)
        try:
            time.sleep(2)
            shoot(served, target)
        finally:
            server.terminate()
            server.wait()
    print(f"wrote {target}/admin-collectie.png and {target}/admin-nieuw-project.png")
    return 0


def shoot(served: Path, target: Path) -> None:
    with serve(served) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        tab = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        tab.goto(f"{base}/{EDITOR_FOLDER}/")
        tab.get_by_role("button", name="Inloggen").click()
        tab.get_by_role("link", name="Projecten", exact=True).click()
        tab.get_by_text("Afvalmonitor").first.wait_for()
        tab.screenshot(path=str(target / "admin-collectie.png"))
        tab.get_by_role("link", name="Item van type Project maken").click()
        tab.locator('input[id^="title-field-"]').first.fill("Slimme verlichting op het Marktplein")
        for label in ("Gent", "Aalst"):
            box = tab.locator('input[id^="municipalities-field-"]')
            box.fill(label)
            tab.get_by_role("option", name=label, exact=True).click()
        tab.locator('label[for^="title-field-"]').first.scroll_into_view_if_needed()
        time.sleep(0.5)
        tab.screenshot(path=str(target / "admin-nieuw-project.png"))
        browser.close()


if __name__ == "__main__":
    sys.exit(main())
