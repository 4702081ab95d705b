"""Page fingerprints: what a page was made from, so that an unchanged page is not rendered again.

A page is its template applied to its context. Its context is fingerprinted whole
(:func:`fingerprint`), except for the linked objects of the catalogue in it (a project, a
municipality, the catalogue itself…): those point at each other across the whole catalogue, so
they stand in the fingerprint by their identity only (:func:`identity`). What the template
then reads *from* a linked object is recorded while the page is rendered
(:mod:`showcase.site.recording`): each read is a dependency, ``(kind, identity, name)``, kept
with the fingerprint of the value it gave.

The next build evaluates every dependency the last build recorded against the new catalogue
(:func:`changed_dependencies`); a page whose context fingerprint is the same and none of whose
dependencies changed would be rendered to the same bytes, and is kept without rendering. The
templates, the theme, the code and the settings are one global fingerprint
(:func:`global_fingerprint`): a change to any of them renders every page.

Anything :func:`fingerprint` does not know raises :class:`Unfingerprintable`; such a page is
always rendered. A read the recorder cannot see would make a page stale, so everything a
template can reach goes through Jinja's ``getattr``, ``getitem`` and ``call``, which the
recorder sees; linked objects have no ``__str__``, ``__iter__`` or ``__len__`` of their own.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib import metadata
from pathlib import Path, PurePath
from typing import Any

from jinja2 import Undefined
from markupsafe import Markup
from pydantic import BaseModel

from showcase import parallel
from showcase.kinds import ContentKind
from showcase.link.catalogue import Catalogue, Entry, _Linked

Identity = tuple[str, ...]
Dependency = tuple[Any, ...]
"""``("a", identity, name)`` an attribute read (Jinja's ``getattr``), ``("i", identity, name)``
an item read (``getitem``), ``("c", identity, name, args)`` a call of a method with plain
arguments."""


class Unfingerprintable(TypeError):
    """A value :func:`fingerprint` cannot describe: the page that holds it is always rendered."""


def identity(value: Any) -> Identity | None:
    """How a linked object is known across builds (its kind and key); None for other values."""
    if not isinstance(value, _Linked):
        return None
    if isinstance(value, Catalogue):
        return ("Catalogue",)
    if isinstance(value, Entry):
        return ("Entry", value.kind.name, value.slug)
    return (type(value).__name__, str(getattr(value, value._key)))


_FIELDS: dict[type, tuple[str, ...]] = {}
SMALL = 4
"""Lists and tuples up to this length are written out in place, larger ones by a digest."""


def _field_names(kind: type) -> tuple[str, ...]:
    names = _FIELDS.get(kind)
    if names is None:
        if issubclass(kind, BaseModel):
            names = (*kind.model_fields, "__pydantic_extra__")
        else:
            names = tuple(spec.name for spec in dataclasses.fields(kind))  # type: ignore[arg-type]
        names = _FIELDS[kind] = names
    return names


class Fingerprinter:
    """:func:`fingerprint` with a memory: a structure met again (the same object: a map's
    shapes, a list of projects on many pages) is described by the digest it had the first
    time. Only for values that live as long as the fingerprinter (the planned pages'
    contexts): an object's ``id`` may be reused once it is gone."""

    def __init__(self) -> None:
        self.memo: dict[int, str] = {}

    def __call__(self, value: Any) -> str:
        """The digest of ``value``; a list, tuple or dict given here may be a temporary one
        (it is not remembered, what it holds is)."""
        out: list[str] = []
        if type(value) in (list, tuple, dict):
            self._feed_structure(value, out, 0)
        else:
            self._feed(value, out, 0)
        return hashlib.blake2b("\x1e".join(out).encode(), digest_size=16).hexdigest()

    def _feed(self, value: Any, out: list[str], depth: int) -> None:
        if depth > 40:
            raise Unfingerprintable("too deep")
        kind = type(value)
        if kind is str:
            out.append(f"s{len(value)}:{value}")
        elif kind is Markup:
            out.append(f"m{len(value)}:{value}")
        elif value is None or kind is bool or kind is int or kind is float:
            out.append(f"v{value!r}")
        elif (kind is tuple or kind is list) and len(value) <= SMALL:
            self._feed_structure(value, out, depth)  # cheaper written out than remembered
        else:
            known = self.memo.get(id(value))
            if known is None:
                if isinstance(value, _Linked):
                    known = "L" + "\x1f".join(identity(value) or ())
                else:
                    inner: list[str] = []
                    self._feed_structure(value, inner, depth)
                    digest = hashlib.blake2b("\x1e".join(inner).encode(), digest_size=16)
                    known = "#" + digest.hexdigest()
                self.memo[id(value)] = known
            out.append(known)

    def _feed_structure(self, value: Any, out: list[str], depth: int) -> None:
        kind = type(value)
        if kind is list or kind is tuple:
            out.append(f"[{len(value)}")
            for item in value:
                self._feed(item, out, depth + 1)
        elif isinstance(value, Mapping):
            out.append(f"{{{len(value)}")
            for key, item in value.items():
                self._feed(key, out, depth + 1)
                self._feed(item, out, depth + 1)
        elif isinstance(value, BaseModel) or (
            dataclasses.is_dataclass(value) and not isinstance(value, type)
        ):
            if isinstance(value, ContentKind):
                out.append("K" + value.name)
                return
            out.append("D" + kind.__qualname__)
            for name in _field_names(kind):
                self._feed(getattr(value, name), out, depth + 1)
        else:
            _feed_other(value, out, lambda item: self._feed(item, out, depth + 1))


def _feed_other(value: Any, out: list[str], feed: Callable[[Any], None]) -> None:
    if isinstance(value, str):  # other str subclasses
        out.append(f"S{type(value).__name__}{len(value)}:{value}")
    elif isinstance(value, (set, frozenset)):
        out.append(f"{{{len(value)}:" + ",".join(sorted(map(fingerprint, value))))
    elif isinstance(value, (datetime.date, datetime.time)):
        out.append("d" + value.isoformat())
    elif isinstance(value, enum.Enum):
        out.append(f"e{type(value).__qualname__}.{value.name}")
    elif isinstance(value, (list, tuple)):  # named tuples
        out.append(f"T{type(value).__qualname__}{len(value)}")
        for item in value:  # never a temporary list: the memory is by ``id``
            feed(item)
    elif isinstance(value, (PurePath, int, float)):
        out.append(f"x{type(value).__qualname__}:{value}")
    elif isinstance(value, Undefined):
        out.append("U")
    elif isinstance(value, type):
        out.append(f"t{value.__module__}.{value.__qualname__}")
    elif type(value).__module__ == "pydantic_core._pydantic_core":  # URLs
        out.append(f"u{type(value).__qualname__}:{value}")
    elif callable(value):
        owner = identity(getattr(value, "__self__", None))
        name = getattr(value, "__qualname__", type(value).__qualname__)
        out.append(f"f{name}:" + "\x1f".join(owner or ()))
    else:
        raise Unfingerprintable(type(value).__qualname__)


def fingerprint(value: Any) -> str:
    """A digest of ``value``: equal for equal values, linked objects by identity only.
    Raises :class:`Unfingerprintable` for values it does not know."""
    return Fingerprinter()(value)


def global_fingerprint(folders: Iterable[Path], settings: Mapping[str, Any]) -> str:
    """The templates and theme, the code (``folders``: every file in them) and the settings
    every page sees, with the versions of the libraries that render."""
    digest = hashlib.sha256()
    for package in ("pelican", "jinja2", "markupsafe"):
        digest.update(f"{package} {metadata.version(package)}\n".encode())
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(f"{path.relative_to(folder)}\n".encode() + path.read_bytes())
    for key in sorted(settings):
        try:
            digest.update(f"{key}={fingerprint(settings[key])}\n".encode())
        except Unfingerprintable:
            digest.update(f"{key}:{type(settings[key]).__qualname__}\n".encode())
    return digest.hexdigest()


def linked_objects(catalogue: Catalogue) -> Iterator[_Linked]:
    """Every linked object of the catalogue (each at least once)."""
    yield catalogue
    yield from catalogue.places.values()
    for province in catalogue.provinces:
        yield province
        yield from province.arrondissements
    themes = list(catalogue.themes)
    while themes:
        theme = themes.pop()
        yield theme
        themes.extend(theme.children)
    yield from catalogue.regions
    for entries in catalogue.entries.values():
        yield from entries


def index_by_identity(catalogue: Catalogue) -> dict[Identity, _Linked]:
    found: dict[Identity, _Linked] = {}
    for item in linked_objects(catalogue):
        key = identity(item)
        if key is not None:
            found[key] = item
    return found


def evaluate(
    dependency: Dependency,
    objects: Mapping[Identity, _Linked],
    getattr_: Callable[[Any, str], Any],
    getitem: Callable[[Any, Any], Any],
) -> str | None:
    """The fingerprint of what ``dependency`` reads now; None when it cannot be read (the
    object is gone, the call fails, the value is unknown): a page that depends on it is
    rendered again."""
    target = objects.get(dependency[1])
    if target is None:
        return None
    try:
        if dependency[0] == "a":
            return fingerprint(getattr_(target, dependency[2]))
        if dependency[0] == "i":
            return fingerprint(getitem(target, dependency[2]))
        if dependency[0] == "c":
            return fingerprint(getattr(target, dependency[2])(*dependency[3]))
    except Exception:  # a read that fails now is a change
        return None
    return None


def changed_dependencies(
    table: list[tuple[Dependency, str]],
    catalogue: Catalogue,
    getattr_: Callable[[Any, str], Any],
    getitem: Callable[[Any, Any], Any],
    workers: int = 1,
) -> tuple[bytearray, list[str | None]]:
    """For each dependency of the last build's table: whether its value changed (1) or not
    (0), and its fingerprint now. A large table is shared out over ``workers`` cores."""
    objects = index_by_identity(catalogue)

    def evaluate_part(part: range) -> list[str | None]:
        return [evaluate(table[index][0], objects, getattr_, getitem) for index in part]

    now = parallel.split_range(evaluate_part, len(table), workers, parallel.THRESHOLDS.dependencies)
    changed = bytearray(
        found is None or found != before for found, (_, before) in zip(now, table, strict=True)
    )
    return changed, now
