"""The pages a build writes, scanned as they are written, and what the next build keeps.

A page is rendered on every build (its inputs reach across the whole catalogue); what costs
after that is writing it, scanning it for the checks (its ids, its links, its safety) and
reading it back for the search index. :class:`PageWriter` does all of that once, in the process
that rendered the page, and returns a small record of it. The build keeps the records of the
pages it published in a manifest (a pack, :mod:`showcase.site.pack`, in the build cache), one per
output folder::

    path → (SHA-256 of the bytes, inode, size, mtime_ns, ids, link URLs, indexed digest, checked,
            context fingerprint, dependencies read)

with, under two reserved keys, the global fingerprint (templates, code, settings) and the table
of dependencies (:mod:`showcase.site.fingerprints`). Before rendering a page, the next build into
that folder compares its context fingerprint and the dependencies it read last time: when
nothing it was made from changed (and the published file is still the one recorded), the page is
kept without being rendered. Otherwise it is rendered, and when its bytes have the digest the manifest
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
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from showcase.check import htmlscan, links, search, sitecheck
from showcase.check.links import KeptLinks, keep_links
from showcase.check.search import page_digest
from showcase.check.sitecheck import scan_page
from showcase.problems import Problem
from showcase.site.fingerprints import Dependency
from showcase.site.pack import read_records, write_pack
from showcase.site.recording import Recorder

FORMAT = "pages-2"
SCANNER = hashlib.sha256(
    b"".join(
        Path(module.__file__ or "").read_bytes() for module in (htmlscan, links, search, sitecheck)
    )
).hexdigest()[:16]
"""The code that made the records: a change to the scan or the search digest drops them."""

Record = tuple[str, int, int, int, str, str, str, bool, str, bytes]
"""digest, inode, size, mtime_ns, ids, URLs, indexed digest, checked, context fingerprint
('' when the page cannot be kept unrendered), dependencies read (see the module's text)."""
GLOBAL = "\0global"
TABLE = "\0dependencies"
FILES = "\0files"
"""Other files kept the same way, by the fingerprint of what they are made from (see
:meth:`PageWriter.keep_file`): name → (inputs, inode, size, mtime_ns)."""
Table = list[tuple[Dependency, str]]


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
    global_fingerprint: str = ""
    table: Table = field(default_factory=list)
    files: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)

    @classmethod
    def load(cls, manifest: Path, folder: Path, site_url: str) -> Previous | None:
        if not folder.is_dir():
            return None
        records = dict(read_records(manifest, manifest_version(site_url)))
        fingerprint = records.pop(GLOBAL, ("",))[0]
        table = [(tuple(d), f) for d, f in records.pop(TABLE, ())]
        files = {name: tuple(rest) for name, *rest in records.pop(FILES, ())}
        if not records or not all(len(r) == 10 for r in records.values()):
            return None
        return cls(folder, records, fingerprint, table, files)

    def published(self, path: str, digest: str | None) -> Record | None:
        """The record of ``path`` when the previous output still holds the very file it
        describes (and, with ``digest``, the page still has those bytes)."""
        record = self.records.get(path)
        if record is None or (digest is not None and record[0] != digest):
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
    """What writing one page gave: its record, its safety problems, whether it was kept
    (hard-linked from the previous output) rather than written, and whether it was rendered."""

    path: str
    record: Record
    problems: list[Problem]
    kept: bool
    rendered: bool = True


class PageWriter:
    """Writes pages into a new output folder, keeping unchanged ones from ``previous``.
    ``changed``: for each dependency of the previous build's table, whether it changed
    (empty: no page may be kept unrendered)."""

    def __init__(
        self,
        output: Path,
        previous: Previous | None,
        site_url: str,
        changed: bytes = b"",
    ) -> None:
        self.output = output
        self.previous = previous
        self.site_url = site_url.rstrip("/")
        self.changed = changed
        self._folders: set[Path] = set()

    def keep_unrendered(self, path: str, context: str) -> Written | None:
        """Keep ``path`` without rendering it when its context fingerprint is ``context`` and
        nothing it read last time changed; None when it must be rendered."""
        if self.previous is None or not context or not self.changed:
            return None
        record = self.previous.published(path, None)
        if record is None or record[8] != context:
            return None
        reads = array("I", record[9])
        if len(reads) and (
            reads[-1] >= len(self.changed) or any(map(self.changed.__getitem__, reads))
        ):
            return None
        if not self._link(path):
            return None
        return Written(path, record, [], True, rendered=False)

    def write(
        self, path: str, html: str, indexed: bool, context: str = "", reads: bytes = b""
    ) -> Written:
        """Write (or keep, when its bytes did not change) a rendered page; ``context`` and
        ``reads``: its context fingerprint and the dependencies it read, for the next build."""
        data = html.encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()
        if self.previous is not None:
            record = self.previous.published(path, digest)
            if record is not None and self._link(path):
                return Written(path, (*record[:8], context, reads), [], True)
        target = self.output / path
        self._folder(target.parent)
        target.write_bytes(data)
        found = target.stat()
        page, problems = scan_page(html, path, self.site_url)
        ids, urls = keep_links(page)
        indexed_digest = page_digest(html) if indexed else ""
        made: Record = (
            digest,
            found.st_ino,
            found.st_size,
            found.st_mtime_ns,
            ids,
            urls,
            indexed_digest,
            False,
            context,
            reads,
        )
        return Written(path, made, problems, False)

    def keep_file(self, path: str, inputs: str) -> bool:
        """Keep the file ``path`` (not a page) from the previous output when it was made from
        ``inputs`` (a fingerprint of everything it is made from but the code and settings,
        which the global fingerprint covers) and is still the file recorded."""
        if self.previous is None or not self.changed:
            return False
        record = self.previous.files.get(path)
        if record is None or len(record) != 4 or record[0] != inputs:
            return False
        try:
            found = os.stat(self.previous.folder / path)
        except OSError:
            return False
        return (found.st_ino, found.st_size, found.st_mtime_ns) == record[1:] and self._link(path)

    def _link(self, path: str) -> bool:
        assert self.previous is not None
        target = self.output / path
        self._folder(target.parent)
        try:
            os.link(self.previous.folder / path, target)
        except OSError:
            return False  # another file system, say: the page is written instead
        return True

    def _folder(self, folder: Path) -> None:
        if folder not in self._folders:
            folder.mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)


@dataclass
class WrittenPages:
    """Every page a build wrote (or kept), gathered from the writer processes, and the table
    of the dependencies their records name."""

    records: dict[str, Record] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    kept: int = 0
    rendered: int = 0
    table: Table = field(default_factory=list)
    global_fingerprint: str = ""
    files: dict[str, tuple[str, int, int, int]] = field(default_factory=dict)
    """Other files kept by :meth:`PageWriter.keep_file`: name → (inputs, inode, size, mtime)."""

    def __post_init__(self) -> None:
        self._index = {dependency: i for i, (dependency, _) in enumerate(self.table)}
        self._base = len(self.table)

    def add(self, written: Iterable[Written], new: Sequence[tuple[Dependency, str]] = ()) -> None:
        """The pages of one writer process, and the dependencies it added to the table it
        started from (numbered from the end of that table: renumbered here)."""
        renumber: dict[int, int] = {}
        for offset, (dependency, digest) in enumerate(new):
            index = self._index.get(dependency)
            if index is None:
                index = self._index[dependency] = len(self.table)
                self.table.append((dependency, digest))
            renumber[self._base + offset] = index
        for page in written:
            record = page.record
            if renumber and record[9]:
                reads = array("I", record[9])
                if reads[-1] >= self._base:
                    reads = array("I", sorted(renumber.get(i, i) for i in reads))
                    record = (*record[:9], reads.tobytes())
            self.records[page.path] = record
            self.problems += page.problems
            self.kept += page.kept
            self.rendered += page.rendered

    def add_file(self, output: Path, path: str, inputs: str) -> None:
        """Record the file ``path`` of ``output`` as made from ``inputs`` (see ``keep_file``)."""
        found = (output / path).stat()
        self.files[path] = (inputs, found.st_ino, found.st_size, found.st_mtime_ns)

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
        self.records = {path: (*r[:7], True, *r[8:]) for path, r in self.records.items()}

    def save(self, manifest: Path, site_url: str) -> bool:
        records, table = _compact(self.records, self.table)
        entries: dict[str, tuple[Any, ...]] = dict(records)
        entries[GLOBAL] = (self.global_fingerprint,)
        entries[TABLE] = tuple(table)
        entries[FILES] = tuple((name, *record) for name, record in sorted(self.files.items()))
        return write_pack(manifest, manifest_version(site_url), entries)


def _compact(records: dict[str, Record], table: Table) -> tuple[dict[str, Record], Table]:
    """Drop the dependencies no page reads any more (a deleted project's) once they are a
    third of the table, renumbering the pages' reads."""
    used: set[int] = set()
    for record in records.values():
        used.update(array("I", record[9]))
    if len(used) * 3 >= len(table) * 2:
        return records, table
    order = sorted(used)
    renumber = {old: new for new, old in enumerate(order)}
    compact = {
        path: (*r[:9], array("I", [renumber[i] for i in array("I", r[9])]).tobytes())
        for path, r in records.items()
    }
    return compact, [table[i] for i in order]


Evaluate = Callable[[Table], tuple[bytearray, list[str | None]]]
"""The last build's dependency table evaluated now: whether each changed, and its fingerprint
(:func:`showcase.site.fingerprints.changed_dependencies` against this build's catalogue)."""


def resume(
    previous: Previous | None, global_now: str, evaluate: Evaluate
) -> tuple[Recorder, bytes, WrittenPages]:
    """Where this build starts from: the recorder its pages' reads go into, which of the
    last build's dependencies changed (empty: no page may be kept unrendered, because there is
    no last build, or its templates, code or settings differ), and the pages it will write."""
    if previous is None or previous.global_fingerprint != global_now or not previous.table:
        return Recorder(), b"", WrittenPages(global_fingerprint=global_now)
    changed, now = evaluate(previous.table)
    table = [
        (dependency, found or "")
        for (dependency, _), found in zip(previous.table, now, strict=True)
    ]
    fresh = {index for index, found in enumerate(now) if found is not None}
    return (
        Recorder(table, fresh),
        bytes(changed),
        WrittenPages(table=list(table), global_fingerprint=global_now),
    )
