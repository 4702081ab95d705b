"""The load cache: what loading each file gave, kept by the SHA-256 of the file's bytes.

Loading 10,000 files (strict YAML, then pydantic) takes seconds; after one edit, one file has
changed. The cache keeps, per file, everything loading it gave: the valid record and its
:class:`~showcase.load.reader.Document` (the positions that later problems are located with),
or else none, and its problems in the order they were found, so a broken file reports the same
problems every time. A file is looked up by its path, its model and its kind of file, and used
only when the SHA-256 of the bytes read now is the one stored beside it (modification times are
never trusted). Everything is keyed by :func:`version_key` too: the sources of ``load/`` and
``schema/`` (and of any model outside them), the versions of pydantic and PyYAML and the project
root, so changed code never serves a record loaded the old way.

The cache is one pack file (:mod:`showcase.site.pack`, as the Markdown cache): read once, written
once by this process (a temporary file renamed over it) and only when a file was added, changed
or removed, so it holds exactly the files of the last load. A damaged, truncated or other-version
pack is ignored (and so rebuilt). A value is ``digest | pickle((problems, record, document))``;
the document's plain data and its positions are ``marshal`` blobs inside it, quicker to write
and read back than pickling their many small tuples, and the positions stay packed until a
problem needs one. The pack is the project's own file,
checked by its SHA-256 before anything in it is unpickled.
"""

from __future__ import annotations

import hashlib
import inspect
import marshal
import pickle
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

import pydantic
import pydantic_core
import yaml

from showcase.load.reader import Document
from showcase.problems import Problem
from showcase.site.pack import read_bytes_pack, write_pack

PACK_NAME = "records.pack"
"""The pack file in the load cache's folder."""
_DIGEST = 32
_PACKAGE = Path(__file__).resolve().parent.parent
_SOURCES = ("load", "schema", "problems.py", "site/markdown_tree.py", "site/markup.py")
"""What loading a file runs, under ``plugins/showcase/`` (with the raw-HTML check of a body,
which asks cmark-gfm): a change to any of it invalidates every stored file."""

Stored = tuple[list[Problem], Any, Document | None, Any]
"""What loading one file gave: its problems, its valid record (or None), that record's
document (None without a record) and what else was found of it while loading (an entry's
body checks, :class:`showcase.load.dataset.BodyChecks`; else None)."""


def version_key(models: Iterable[type[Any]], root: Path) -> str:
    """The code and versions that loading depends on, and the root that paths are shown from."""
    files = {path for name in _SOURCES for path in _source_files(_PACKAGE / name)}
    digest = hashlib.sha256()
    for model in sorted(models, key=lambda m: (m.__module__, m.__qualname__)):
        # A model from elsewhere (a kind declared outside the package): its source file; a
        # model made at run time has none, so its JSON Schema stands for it.
        try:
            source = inspect.getsourcefile(model)
        except TypeError:
            source = None
        if source is not None:
            files.add(Path(source).resolve())
        elif hasattr(model, "model_json_schema"):
            digest.update(repr(model.model_json_schema()).encode())
    for path in sorted(files):
        digest.update(
            str(path.relative_to(_PACKAGE) if path.is_relative_to(_PACKAGE) else path).encode()
        )
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    parts = [
        digest.hexdigest()[:32],
        pydantic.VERSION,
        pydantic_core.__version__,
        yaml.__version__,
        str(yaml.__with_libyaml__),
        metadata.version("cmarkgfm"),
        sys.version,
        str(root),
    ]
    return "\n".join(parts)


def _source_files(path: Path) -> list[Path]:
    return [path] if path.is_file() else sorted(path.glob("*.py"))


def file_key(path: Path, model: type[Any], entry: bool) -> str:
    """A file's key: its path, the model it is validated with and how it is read."""
    return f"{path}\0{model.__module__}.{model.__qualname__}\0{'md' if entry else 'yaml'}"


def digest_of(raw: bytes) -> bytes:
    return hashlib.sha256(raw).digest()


def encode(problems: list[Problem], record: Any, doc: Document | None, more: Any = None) -> bytes:
    """What loading a file gave, as stored (:func:`decode` gives it back equal)."""
    located = None
    if record is not None and doc is not None:
        data = marshal.dumps(doc.data)
        located = (doc.display, data, doc.pack_positions(), doc.body, doc.body_line)
    return pickle.dumps((problems, record, located, more), protocol=pickle.HIGHEST_PROTOCOL)


def decode(blob: bytes, path: Path) -> Stored:
    """The problems, record and document that :func:`encode` stored for the file at ``path``.

    The document's positions stay packed until a problem asks for one
    (:meth:`Document.packed`): unpacking them all would cost more than the rest of it."""
    problems, record, located, more = pickle.loads(blob)
    if located is None:
        return problems, record, None, more
    display, data, positions, body, body_line = located
    doc = Document.packed(path, display, marshal.loads(data), positions, body, body_line)
    return problems, record, doc, more


class LoadCache:
    """The stored files of one load: looked up by key and digest, then saved once."""

    def __init__(self, folder: Path, version: str) -> None:
        self.path = folder / PACK_NAME
        self.version = version
        self.stored = read_bytes_pack(self.path, version)
        self.kept: dict[str, bytes] = {}
        self.added = 0

    def find(self, key: str, path: Path) -> bytes | None:
        """The stored blob of the file at ``path`` if its bytes are still those it was loaded
        from; None when it must be loaded (new, changed, or unreadable now)."""
        value = self.stored.get(key)
        if value is None:
            return None
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        if value[:_DIGEST] != digest_of(raw):
            return None
        self.kept[key] = value
        return value[_DIGEST:]

    def forget(self, key: str) -> None:
        """A stored blob that could not be read back: it is loaded again and not kept."""
        self.kept.pop(key, None)

    def keep(self, key: str, digest: bytes, blob: bytes) -> None:
        """A file just loaded from bytes with ``digest``."""
        self.kept[key] = digest + blob
        self.added += 1

    def save(self) -> bool:
        """Write the pack when it would change: it then holds exactly the kept files."""
        if not self.added and self.kept.keys() == self.stored.keys():
            return False
        return write_pack(self.path, self.version, self.kept)
