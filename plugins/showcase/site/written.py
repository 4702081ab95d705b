"""The pages a build writes, scanned as they are written, and what the next build keeps.

A page is rendered on every build (its inputs reach across the whole catalogue); what costs
after that is writing it, scanning it for the checks (its ids, its links, its safety) and
reading it back for the search index. :class:`PageWriter` does all of that once, in the process
that rendered the page, and returns a small record of it. The build keeps the records of the
pages it published in a manifest (a pack, :mod:`showcase.site.pack`, in the build cache), one per
output folder::

    path → (SHA-256 of the bytes, inode, size, mtime_ns, ids, link URLs, indexed digest, checked)

The next build into that folder renders a page, and when its bytes have the digest the manifest
holds and the previous output still holds that very file (same inode, size and modification
time: nothing replaced or edited it since), the file is hard-linked from the previous output
instead of written, and its scan is taken from the record: an unchanged page is neither
written, nor read, nor scanned again. ``checked`` says the page passed the Nu HTML checker
(``SHOWCASE_CHECK_HTML``): a build checks only the pages without it.

A record is only ever saved by a build that passed every check, so a kept page had no problem;
anything the checks depend on besides the bytes (the scanner's code, the site's address) is
part of the manifest's version, and another version starts from nothing.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from showcase.check import htmlscan, links, search, sitecheck
from showcase.check.links import KeptLinks, keep_links
from showcase.check.search import page_digest
from showcase.check.sitecheck import scan_page
from showcase.problems import Problem
from showcase.site.pack import read_records, write_pack

FORMAT = "pages-1"
SCANNER = hashlib.sha256(
    b"".join(
        Path(module.__file__ or "").read_bytes() for module in (htmlscan, links, search, sitecheck)
    )
).hexdigest()[:16]
"""The code that made the records: a change to the scan or the search digest drops them."""

Record = tuple[str, int, int, int, str, str, str, bool]
"""digest, inode, size, mtime_ns, ids, URLs, indexed digest, checked (see the module's text)."""


def manifest_version(site_url: str) -> str:
    return f"{FORMAT}:{SCANNER}:{site_url.rstrip('/')}"


def manifest_path(cache: Path, output: Path) -> Path:
    """Where the manifest of the site built into ``output`` is kept, under the build cache."""
    name = hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:16]
    return cache / "pages" / f"{name}.pack"


@dataclass(frozen=True)
class Previous:
    """The published output of the last build and its manifest."""

    folder: Path
    records: Mapping[str, tuple[Any, ...]]

    @classmethod
    def load(cls, manifest: Path, folder: Path, site_url: str) -> Previous | None:
        if not folder.is_dir():
            return None
        records = read_records(manifest, manifest_version(site_url))
        return cls(folder, records) if records else None

    def unchanged(self, path: str, digest: str) -> Record | None:
        """The record of ``path`` when the page still has ``digest`` and the previous output
        still holds the very file that record describes."""
        record = self.records.get(path)
        if record is None or len(record) != 8 or record[0] != digest:
            return None
        try:
            found = os.stat(self.folder / path)
        except OSError:
            return None
        if (found.st_ino, found.st_size, found.st_mtime_ns) != record[1:4]:
            return None
        return record


@dataclass(frozen=True)
class Written:
    """What writing one page gave: its record, its safety problems, and whether it was kept
    (hard-linked from the previous output) rather than written."""

    path: str
    record: Record
    problems: list[Problem]
    kept: bool


class PageWriter:
    """Writes pages into a new output folder, keeping unchanged ones from ``previous``."""

    def __init__(self, output: Path, previous: Previous | None, site_url: str) -> None:
        self.output = output
        self.previous = previous
        self.site_url = site_url.rstrip("/")
        self._folders: set[Path] = set()

    def write(self, path: str, html: str, indexed: bool) -> Written:
        data = html.encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()
        target = self.output / path
        self._folder(target.parent)
        if self.previous is not None:
            record = self.previous.unchanged(path, digest)
            if record is not None:
                try:
                    os.link(self.previous.folder / path, target)
                except OSError:
                    pass  # another file system, say: written below
                else:
                    return Written(path, record, [], True)
        target.write_bytes(data)
        found = target.stat()
        page, problems = scan_page(html, path, self.site_url)
        ids, urls = keep_links(page)
        record = (
            digest,
            found.st_ino,
            found.st_size,
            found.st_mtime_ns,
            ids,
            urls,
            page_digest(html) if indexed else "",
            False,
        )
        return Written(path, record, problems, False)

    def _folder(self, folder: Path) -> None:
        if folder not in self._folders:
            folder.mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)


@dataclass
class WrittenPages:
    """Every page a build wrote (or kept), gathered from the writer processes."""

    records: dict[str, Record] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    kept: int = 0

    def add(self, written: Iterable[Written]) -> None:
        for page in written:
            self.records[page.path] = page.record
            self.problems += page.problems
            self.kept += page.kept

    def links(self, output: Path) -> dict[Path, KeptLinks]:
        """What each page offers and asks for, by its absolute path (for the link check)."""
        output = output.resolve()
        return {output / path: KeptLinks(r[4], r[5]) for path, r in self.records.items()}

    def indexed(self) -> dict[str, str]:
        """The indexed digest of every page in the search index, by its path."""
        return {path: r[6] for path, r in self.records.items() if r[6]}

    def checked(self) -> set[str]:
        """The pages the Nu HTML checker passed in an earlier build (and kept since)."""
        return {path for path, r in self.records.items() if r[7]}

    def mark_checked(self) -> None:
        self.records = {path: (*r[:7], True) for path, r in self.records.items()}

    def save(self, manifest: Path, site_url: str) -> bool:
        return write_pack(manifest, manifest_version(site_url), self.records)
