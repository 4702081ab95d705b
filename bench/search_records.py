"""Prototype measurement (issue 16, item 1): a search shard from custom records vs from HTML.

``python -m bench.search_records SITE --shard-pages 2500 --shards 3`` takes a built site (e.g.
the ``output/`` of ``python -m bench.generate`` built with ``pelican_showcase.build``), plans
the shards as the build does, and for each of the first ``--shards`` shards times:

* **HTML**: today's ``run_pagefind`` (the Pagefind CLI on the shard's pages, hard-linked);
* **records**: the same shard through ``pagefind --service`` with one ``AddRecord`` per page
  (url, content, language ``nl``, meta title, filters), then ``WriteFiles``.

The records' text is taken from the HTML beforehand, untimed (the ``data-pagefind-body`` part
without its ``data-pagefind-ignore`` parts, the filters from ``data-pagefind-filter``), so both
sides index the same words. CPU is the children's user + system time.

The records talk to the service directly: the ``pagefind`` package's ``PagefindIndex`` reads
one response per 0.1 s (``PagefindService._wait_for_responses`` sleeps between reads), which
makes 2,000 ``add_custom_record`` calls take over 200 s.
"""

from __future__ import annotations

import argparse
import base64
import json
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from pagefind.service import get_executable

from pelican_showcase.build import run_pagefind
from showcase.check.search import plan_shards


class Service:
    """A minimal client of ``pagefind --service``: base64 JSON messages, each ended by a comma."""

    def __init__(self) -> None:
        executable = get_executable()
        if executable is None:
            raise FileNotFoundError("pagefind binary")
        self.process = subprocess.Popen(
            [str(executable), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        self.last_id = 0

    def send(self, payload: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.last_id += 1
        message = json.dumps({"message_id": self.last_id, "payload": payload}).encode()
        self.process.stdin.write(base64.b64encode(message) + b",")

    def receive(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        data = bytearray()
        while (byte := self.process.stdout.read(1)) != b",":
            if not byte:
                raise EOFError("pagefind --service stopped")
            data += byte
        payload: dict[str, Any] = json.loads(base64.b64decode(data))["payload"]
        if payload.get("type") == "Error":
            raise RuntimeError(payload)
        return payload

    def call(self, payload: dict[str, Any]) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.send(payload)
        self.process.stdin.flush()
        return self.receive()

    def write_index(self, records: list[dict[str, Any]], output: Path) -> None:
        index = self.call({"type": "NewIndex", "config": {"force_language": "nl"}})["index_id"]

        def feed() -> None:
            assert self.process.stdin is not None
            for record in records:
                self.send({"type": "AddRecord", "index_id": index, **record})
            self.process.stdin.flush()

        writer = threading.Thread(target=feed)
        writer.start()
        for _ in records:
            self.receive()
        writer.join()
        self.call({"type": "WriteFiles", "index_id": index, "output_path": str(output)})

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def record_of(site: Path, page: str) -> dict[str, Any]:
    """What Pagefind reads from a page, as a custom record."""
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    body = soup.select_one("[data-pagefind-body]")
    assert body is not None, page
    filters: dict[str, list[str]] = {}
    for mark in body.select("[data-pagefind-filter]"):
        name, value = str(mark["data-pagefind-filter"]).split(":", 1)
        filters.setdefault(name, []).append(value)
    for ignored in body.select("[data-pagefind-ignore]"):
        ignored.decompose()
    heading = body.select_one("h1")
    return {
        "url": "/" + page.removesuffix("index.html"),
        "content": " ".join(body.get_text(" ").split()),
        "language": "nl",
        "meta": {"title": heading.get_text(strip=True) if heading else ""},
        "filters": filters,
        "sort": None,
    }


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def size_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site (its search bundles are replaced)")
    parser.add_argument("--shard-pages", type=int, default=2500)
    parser.add_argument("--shards", type=int, default=1, help="how many shards to time")
    args = parser.parse_args(argv)
    site: Path = args.site
    indexed = sorted(
        str(path.relative_to(site))
        for path in site.rglob("index.html")
        if not str(path.relative_to(site)).startswith(("pagefind", "admin/"))
        and b"data-pagefind-body" in path.read_bytes()
    )
    shards = plan_shards(indexed, args.shard_pages)
    print(f"{len(indexed)} indexed pages, {len(shards)} shards of at most {args.shard_pages}")
    scratch = site.with_name(f"{site.name}.records")
    for shard in shards[: args.shards]:
        shutil.rmtree(site / shard.bundle, ignore_errors=True)
        cpu, start = children_cpu(), time.perf_counter()
        run_pagefind(site, shard.bundle, shard.pages)
        html_wall, html_cpu = time.perf_counter() - start, children_cpu() - cpu
        records = [record_of(site, page) for page in shard.pages]
        shutil.rmtree(scratch, ignore_errors=True)
        cpu, start = children_cpu(), time.perf_counter()
        service = Service()
        service.write_index(records, scratch)
        service.close()
        records_wall, records_cpu = time.perf_counter() - start, children_cpu() - cpu
        print(
            f"{shard.bundle}: {len(shard.pages)} pages; HTML {html_wall:.2f} s "
            f"(CPU {html_cpu:.2f} s, {size_mb(site / shard.bundle):.1f} MB); records "
            f"{records_wall:.2f} s (CPU {records_cpu:.2f} s, {size_mb(scratch):.1f} MB)"
        )
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
