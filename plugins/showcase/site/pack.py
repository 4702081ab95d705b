"""One cache file of strings by key: read whole, written whole, checked before it is trusted.

The Markdown cache used to be one file per body; at 10,000 bodies writing the files added half
the rendering time again to a cold build, and reading them back took twice as long as reading
one pack (docs/performance.md, round 3). A pack is one file::

    MAGIC | SHA-256 of the payload (32 bytes) | payload

where the payload is ``marshal`` of ``(version, {key: value})``: text for the Markdown cache
(:func:`read_pack`), bytes for the load cache (:func:`read_bytes_pack`), tuples of plain values
for the pages a build wrote (:func:`read_records`). A reader that finds anything
else (no file, another format, a truncated or damaged file, another ``version``) gets an empty
pack and the caller renders again: a bad pack costs time, never a crash and never wrong text.
The checksum is verified before the payload is parsed.

Only one process writes a pack: the build's parent process, once per build, after its worker
processes have sent their results back. It writes a temporary file beside the pack and renames
it over the pack (atomic on POSIX), so a reader (another build of the same tree) sees the old
pack or the new one, whole. Two builds writing at once: the last rename wins, whole.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import marshal
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

logger = logging.getLogger(__name__)

MAGIC = b"showcase-pack-1\n"
_DIGEST = 32
V = TypeVar("V")


def read_pack(path: Path, version: str) -> dict[str, str]:
    """The entries of the pack at ``path`` if it is whole, holds text and was written for
    ``version``; otherwise an empty dict (a damaged pack is reported in the log, then ignored)."""
    return read_pack_of(path, version, str)


def read_bytes_pack(path: Path, version: str) -> dict[str, bytes]:
    """:func:`read_pack` for a pack whose values are ``bytes``."""
    return read_pack_of(path, version, bytes)


def read_records(path: Path, version: str) -> dict[str, tuple[Any, ...]]:
    """As :func:`read_pack`, for a pack whose values are tuples (of what ``marshal`` keeps)."""
    return read_pack_of(path, version, tuple)


def read_pack_of(path: Path, version: str, kind: type[V]) -> dict[str, V]:
    """:func:`read_pack` of a pack whose values are ``kind`` (anything ``marshal`` writes: a
    dict of word counts, say); a value of another type makes the pack damaged."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as error:
        logger.warning("cache %s is niet leesbaar (%s); alles wordt opnieuw gemaakt", path, error)
        return {}
    entries = _entries(data, version, kind)
    if entries is None:
        logger.warning("cache %s is beschadigd; alles wordt opnieuw gemaakt", path)
        return {}
    return entries


def _entries(data: bytes, version: str, kind: type[V]) -> dict[str, V] | None:
    """The entries of a pack's bytes; ``{}`` for another version, None when damaged."""
    start = len(MAGIC) + _DIGEST
    if len(data) < start or not data.startswith(MAGIC):
        return None
    payload = memoryview(data)[start:]
    if hashlib.sha256(payload).digest() != data[len(MAGIC) : start]:
        return None
    try:
        loaded = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    if not (isinstance(loaded, tuple) and len(loaded) == 2 and isinstance(loaded[1], dict)):
        return None
    stored_version, entries = loaded
    if stored_version != version:
        return {}
    if not all(isinstance(k, str) and isinstance(v, kind) for k, v in entries.items()):
        return None
    checked: dict[str, V] = entries
    return checked


def pack_bytes(version: str, entries: Mapping[str, object]) -> bytes:
    payload = marshal.dumps((version, dict(entries)))
    return MAGIC + hashlib.sha256(payload).digest() + payload


def write_pack(path: Path, version: str, entries: Mapping[str, object]) -> bool:
    """Replace the pack at ``path`` by exactly ``entries`` (whatever it held is dropped).

    Returns whether it was written; a cache that cannot be written is reported, not fatal."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(pack_bytes(version, entries))
        temporary.replace(path)
    except OSError as error:
        logger.warning("cache %s kon niet geschreven worden (%s)", path, error)
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        return False
    return True
