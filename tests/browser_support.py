"""Serving a built site on localhost and launching Debian's Chromium, for browser tests."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM_PATH = os.environ.get("SHOWCASE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]


Headers = Callable[[str], Mapping[str, str]]
"""The response headers of a URL path (as a host would send them from ``_headers``)."""


def require_chromium() -> None:
    """Skip the calling test module without Chromium, or fail when ``SHOWCASE_REQUIRE_BROWSER=1``
    (CI): browser tests must run there, never be skipped."""
    if Path(CHROMIUM_PATH).exists():
        return
    if os.environ.get("SHOWCASE_REQUIRE_BROWSER") == "1":
        raise RuntimeError(f"{CHROMIUM_PATH} is missing: install Debian's chromium package")
    pytest.skip(
        f"{CHROMIUM_PATH} is missing (apt-get install chromium); .ci/run installs it",
        allow_module_level=True,
    )


@contextmanager
def launch_chromium() -> Iterator[Browser]:
    """Debian's Chromium through Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    headers_of: ClassVar[Headers | None] = None

    def end_headers(self) -> None:
        if self.headers_of is not None:
            for name, value in self.headers_of(urlsplit(self.path).path).items():
                self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(site: Path, headers: Headers | None = None) -> Iterator[str]:
    """Serve ``site`` on a free localhost port (with ``headers`` for each path, if given);
    yields the base URL."""
    handler_class = type("Handler", (_QuietHandler,), {"headers_of": staticmethod(headers)})
    handler = functools.partial(handler_class, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
