"""A Jinja environment that records what a template reads from the catalogue's linked objects.

Jinja turns every ``a.b`` into ``environment.getattr(a, "b")``, every ``a[b]`` (and the
``attribute=`` of filters such as ``sort``) into ``environment.getitem(a, b)``, and every call
into ``context.call(f, …)``. :class:`RecordingEnvironment` passes those through and, while a
:class:`Recorder` is recording, notes each read of a linked object as a dependency
(:mod:`showcase.site.fingerprints`) with the fingerprint of the value it gave. Reads of other
values are not noted: they were reached through a noted read, or they are part of the page's
context, which is fingerprinted whole.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment
from jinja2.runtime import Context

from showcase.link.catalogue import _Linked
from showcase.site.fingerprints import Dependency, Unfingerprintable, fingerprint, identity

PLAIN = (str, int, float, bool, type(None))
"""Arguments a recorded call may have (a call with others makes its page unkeepable)."""


@dataclass
class Reads:
    """What one page (or one part of pages, rendered once and reused) read."""

    indexes: set[int] = field(default_factory=set)
    broken: bool = False
    """A read could not be fingerprinted: the page must be rendered every time."""


class Recorder:
    """The dependencies of the pages rendered in one process: a table of every dependency
    seen (with the fingerprint of its value now) and, for the page being rendered, the
    indexes of those it read. The table starts as the last build's, so its indexes stay
    valid; ``fresh`` are those whose fingerprint is already the value of this build."""

    def __init__(
        self, table: list[tuple[Dependency, str]] | None = None, fresh: set[int] | None = None
    ) -> None:
        self.table: list[tuple[Dependency, str]] = list(table or [])
        self.index = {dependency: i for i, (dependency, _) in enumerate(self.table)}
        self.base = len(self.table)
        self.fresh = set(fresh or ())
        self.current: Reads | None = None
        self._seen: dict[tuple[str, int, Any], int] = {}

    def read(self, kind: str, obj: _Linked, name: Any, value: Any) -> None:
        """``obj.name`` (``kind`` "a") or ``obj[name]`` ("i") gave ``value``."""
        current = self.current
        if current is None:
            return
        found = self._seen.get((kind, id(obj), name))  # linked objects live all the build
        if found is None:
            found = self._index_of((kind, identity(obj), name), value)
            if found is None:
                return
            self._seen[(kind, id(obj), name)] = found
        current.indexes.add(found)

    def note(self, dependency: Dependency, value: Any) -> None:
        found = self._index_of(dependency, value)
        if found is not None and self.current is not None:
            self.current.indexes.add(found)

    def _index_of(self, dependency: Dependency, value: Any) -> int | None:
        """The dependency's index in the table, its value fingerprinted once per build;
        None (and the page marked) when the value cannot be fingerprinted."""
        found = self.index.get(dependency)
        if found is None or (found < self.base and found not in self.fresh):
            try:
                digest = fingerprint(value)
            except Unfingerprintable:
                self.refuse()
                return None
            if found is None:
                found = len(self.table)
                self.index[dependency] = found
                self.table.append((dependency, digest))
            else:
                self.table[found] = (dependency, digest)
                self.fresh.add(found)
        return found

    def refuse(self) -> None:
        """A read that cannot be recorded: the current page must always be rendered."""
        if self.current is not None:
            self.current.broken = True

    @contextmanager
    def page(self) -> Iterator[Reads]:
        """Record the reads of one page, or of one part of pages (nested: the part's reads
        are its own; :meth:`replay` counts them for each page that shows the part)."""
        outer, self.current = self.current, Reads()
        try:
            yield self.current
        finally:
            self.current = outer

    def replay(self, reads: Reads) -> None:
        if self.current is not None:
            self.current.indexes |= reads.indexes
            self.current.broken |= reads.broken

    def new(self) -> list[tuple[Dependency, str]]:
        """The dependencies this process added to the table it started from."""
        return self.table[self.base :]


class RecordingContext(Context):
    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        result = super().call(__obj, *args, **kwargs)
        recorder = getattr(__self.environment, "recorder", None)
        owner = getattr(__obj, "__self__", None)
        if recorder is not None and recorder.current is not None and isinstance(owner, _Linked):
            named = [key for key in kwargs if not key.startswith("_")]  # Jinja's own: _loop_vars
            if named or not all(isinstance(arg, PLAIN) for arg in args):
                recorder.refuse()
            else:
                key = identity(owner)
                recorder.note(("c", key, __obj.__name__, tuple(args)), result)
        return result


class RecordingEnvironment(Environment):
    """A Jinja environment whose reads of linked objects a :class:`Recorder` can see."""

    context_class = RecordingContext
    recorder: Recorder | None = None

    def getattr(self, obj: Any, attribute: str) -> Any:
        value = super().getattr(obj, attribute)
        if isinstance(obj, _Linked) and self.recorder is not None:
            self.recorder.read("a", obj, attribute, value)
        return value

    def getitem(self, obj: Any, argument: Any) -> Any:
        value = super().getitem(obj, argument)
        if isinstance(obj, _Linked) and self.recorder is not None:
            if isinstance(argument, PLAIN):
                self.recorder.read("i", obj, argument, value)
            else:
                self.recorder.refuse()
        return value


def recording_environment(env: Environment, options: Mapping[str, Any]) -> RecordingEnvironment:
    """A :class:`RecordingEnvironment` made as ``env`` was (Pelican makes the generator's
    environment from ``options``, its ``JINJA_ENVIRONMENT``): the same loader, options,
    filters, tests and globals."""
    copy = RecordingEnvironment(loader=env.loader, **options)
    copy.filters.update(env.filters)
    copy.tests.update(env.tests)
    copy.globals.update(env.globals)
    return copy
