"""Strict YAML loading with line positions.

PyYAML's usual loaders keep the last of two duplicate keys, turn ``no`` into ``False`` and ``0800``
into ``800``, and run arbitrary tags. Here the YAML is only *parsed* into events, and this module
builds plain Python values from them itself, with the rules a data file needs:

* duplicate keys, anchors, aliases and tags are problems, not surprises;
* plain scalars follow the YAML 1.2 core schema (``true``/``false``, ``null``, decimal numbers);
  everything else stays text, so ``2020-01-01`` and ``'44021'`` reach the models as strings;
* the YAML 1.1 booleans (``yes``, ``no``, ``on``, ``off``) and numbers with a leading zero are
  refused, because other tools read them differently: the author is asked to quote them;
* every value keeps the line and column where it stands, so a model error can point at it.

Encoding: files are UTF-8. A leading byte-order mark is accepted and ignored; CRLF line endings
are accepted. Other bytes that are not UTF-8, files over :data:`MAX_FILE_BYTES` and several YAML
documents in one file are problems.
"""

from __future__ import annotations

import marshal
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner

from showcase.problems import Problem

if yaml.__with_libyaml__:
    from yaml._yaml import CParser

MAX_FILE_BYTES = 256 * 1024
"""A data file or entry larger than this is refused (an entry is a page, not a book)."""

Key = str | int
Loc = tuple[Key, ...]
Position = tuple[int, int]

_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
# No tag, or the non-specific '!', gives a node the default tag of its kind. A list may carry the
# mapping tag and a group of fields the list tag: both are read for what they are, as before.
_SCALAR_TAGS = frozenset({None, "!", _STR_TAG})
_COLLECTION_TAGS = frozenset({None, "!", _SEQ_TAG, _MAP_TAG})

_AMBIGUOUS = object()
"""A plain word that YAML 1.1 reads as a yes/no value: refused, the author quotes it."""
_PLAIN_WORDS: dict[str, object] = {
    **dict.fromkeys(("", "~", "null", "Null", "NULL"), None),
    **dict.fromkeys(("true", "True", "TRUE"), True),
    **dict.fromkeys(("false", "False", "FALSE"), False),
    **dict.fromkeys(
        ("y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO"),
        _AMBIGUOUS,
    ),
    **dict.fromkeys(("on", "On", "ON", "off", "Off", "OFF"), _AMBIGUOUS),
}
"""Every plain scalar that is not text or a number, looked up in one step (the words are few and
fixed, a dictionary beats a row of regular expressions on the ~30 scalars of each file)."""
_NUMBER_START = frozenset("+-.0123456789")
"""A plain scalar can only be a number when it starts with one of these."""
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_FENCE = re.compile(r"^---[^\S\n]*$", re.MULTILINE)
"""A line that opens or closes front matter: ``---``, perhaps followed by spaces."""


@dataclass(frozen=True)
class Document:
    """A loaded file: plain data plus where each value stands."""

    path: Path
    display: str
    data: Any
    positions: dict[Loc, Position] = field(default_factory=dict)
    key_positions: dict[Loc, Position] = field(default_factory=dict)
    body: str = ""
    body_line: int = 0

    @classmethod
    def packed(
        cls, path: Path, display: str, data: Any, located: bytes, body: str, body_line: int
    ) -> Document:
        """A document whose ``positions`` and ``key_positions`` are ``marshal`` bytes
        (:func:`pack_positions`), unpacked when first asked for. The load cache gives back its
        documents so: most are never asked where a value stands (only a problem is located)."""
        doc = object.__new__(cls)
        state = doc.__dict__
        state.update(path=path, display=display, data=data, body=body, body_line=body_line)
        state["_located"] = located
        return doc

    def __getattr__(self, name: str) -> dict[Loc, Position]:
        """``positions`` and ``key_positions`` of a :meth:`packed` document, on first use."""
        state = self.__dict__
        if name in ("positions", "key_positions") and "_located" in state:
            state["positions"], state["key_positions"] = marshal.loads(state.pop("_located"))
            located: dict[Loc, Position] = state[name]
            return located
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def pack_positions(self) -> bytes:
        """``positions`` and ``key_positions`` as bytes for :meth:`packed`."""
        return marshal.dumps((self.positions, self.key_positions))

    def locate(self, loc: Loc) -> Position:
        """Line and column of the value at ``loc``, or of its nearest located parent."""
        for end in range(len(loc), -1, -1):
            position = self.positions.get(tuple(loc[:end]))
            if position is not None:
                return position
        return (1, 1)

    def locate_key(self, loc: Loc) -> Position:
        """Line and column of the key itself (for unknown fields), else of the value."""
        return self.key_positions.get(tuple(loc)) or self.locate(loc)

    def problem(self, loc: Loc, message: str, *, key: bool = False) -> Problem:
        line, col = self.locate_key(loc) if key else self.locate(loc)
        return Problem(self.display, line, col, format_loc(loc), message)


def format_loc(loc: Loc) -> str:
    """``('partners', 0, 'type')`` → ``partners[0].type``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


class _Refused(Exception):
    """A problem that ends the reading of a file, at a line and column of its YAML text."""

    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


NextEvent = Callable[[], Event]
AliasRefusal = Callable[[AliasEvent], _Refused]


def _start(event: Event) -> Position:
    """Line and column (from 1, within the YAML text) where an event starts."""
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _anchor_refused(event: NodeEvent, reason: str) -> _Refused:
    line, col = _start(event)
    kind = "alias '*" if type(event) is AliasEvent else "anker '&"
    return _Refused(line, col, f"{kind}{event.anchor}' is niet toegestaan: {reason}")


_REFUSED_IN_DATA = "ankers en aliassen worden geweigerd in gegevensbestanden"


def _alias_seen_first(event: AliasEvent) -> _Refused:
    """An alias met while the whole stream is searched for anchors and aliases."""
    return _anchor_refused(event, _REFUSED_IN_DATA)


def _alias_without_anchor(event: AliasEvent) -> _Refused:
    """An alias in a text without '&': libyaml's composer reported it as undefined."""
    line, col = _start(event)
    return _Refused(line, col, "ankers en aliassen zijn niet toegestaan in gegevensbestanden")


def _alias_composed(event: AliasEvent) -> _Refused:
    """An alias met by PyYAML's Python composer, which refused it itself."""
    return _anchor_refused(event, "schrijf de waarde voluit")


class _PythonParser(Reader, Scanner, Parser):
    """PyYAML's pure-Python parser, for when PyYAML is built without libyaml."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)


def _events(text: str) -> tuple[NextEvent, AliasRefusal]:
    """The parser's events for ``text``, and how an alias among them is refused.

    libyaml parses in C (about 13 times faster than PyYAML's Python parser) when PyYAML has it.
    Each path keeps the refusals it gave when the values were built from composed nodes. An
    anchor is refused at the first one. An alias: PyYAML's Python composer refused it itself;
    libyaml's found it undefined, since its anchor would have been refused first. When the text
    holds a '&' (only then can it hold an anchor), libyaml's whole stream is read first, so the
    first anchor or alias anywhere is refused before a syntax error or a second document later.
    """
    if not yaml.__with_libyaml__:
        return cast(NextEvent, _PythonParser(text).get_event), _alias_composed
    parser = CParser(text)
    if "&" not in text:
        return cast(NextEvent, parser.get_event), _alias_without_anchor
    events: list[Event] = []
    while True:
        event = cast(Event, parser.get_event())
        if isinstance(event, NodeEvent) and event.anchor is not None:
            raise _anchor_refused(event, _REFUSED_IN_DATA)
        events.append(event)
        if type(event) is StreamEndEvent:
            return iter(events).__next__, _alias_seen_first


def _tab_problems(text: str, display: str, line_offset: int) -> list[Problem]:
    if "\t" not in text:  # the usual case: nothing to look for line by line
        return []
    problems = []
    for number, line in enumerate(text.split("\n"), start=1 + line_offset):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(
                Problem(
                    display,
                    number,
                    indent.index("\t") + 1,
                    "",
                    "een tab als inspringing: YAML vraagt spaties (gebruik 2 spaties per niveau)",
                )
            )
    return problems


class _Builder:
    """Plain values and where each stands, built from a YAML stream's events in one pass.

    PyYAML's composer would first make a node object per value and resolve a tag for each in
    Python; building straight from the events touches each value once. What composing refused
    ends the file: an anchor, an alias, a second document (raised as :class:`_Refused`), as
    does a syntax error (raised by the parser). Everything else is collected in ``problems``
    and building goes on, so one file reports all its problems at once.
    """

    def __init__(self, next_event: NextEvent, alias_refused: AliasRefusal, line_offset: int):
        self.next_event = next_event
        self.alias_refused = alias_refused
        self.first_line = 1 + line_offset  # the file line of the text's first line
        self.positions: dict[Loc, Position] = {}
        self.key_positions: dict[Loc, Position] = {}
        self.problems: list[tuple[int, int, Loc, str]] = []

    def document(self) -> tuple[bool, Any]:
        """(whether the stream holds a document, the document's value)."""
        next_event = self.next_event
        next_event()  # StreamStartEvent
        if type(next_event()) is StreamEndEvent:  # else the DocumentStartEvent
            return False, None
        value = self.node(next_event(), ())
        next_event()  # DocumentEndEvent
        after = next_event()
        if type(after) is not StreamEndEvent:
            line, col = _start(after)
            raise _Refused(
                line,
                col,
                "het bestand bevat meerdere YAML-documenten ('---' in het midden): hou er één",
            )
        return True, value

    def position(self, event: Event) -> Position:
        """Where ``event`` starts in the file: line (shifted by the offset) and column."""
        mark = event.start_mark
        return (mark.line + self.first_line, mark.column + 1) if mark else (1, 1)

    def refuse_tag(self, event: Event, position: Position, loc: Loc, what: str) -> None:
        tag = getattr(event, "tag", None)
        message = f"de tag '{tag}' is niet toegestaan: gegevensbestanden bevatten {what}"
        self.problems.append((*position, loc, message))

    def node(self, event: Event, loc: Loc) -> Any:
        """The value of the node that starts with ``event``, which stands at ``loc``."""
        if type(event) is ScalarEvent:
            if event.anchor is not None:
                raise _anchor_refused(event, _REFUSED_IN_DATA)
            mark = event.start_mark  # inlined self.position(): it runs for every value
            position = (mark.line + self.first_line, mark.column + 1) if mark else (1, 1)
            self.positions[loc] = position
            if event.tag not in _SCALAR_TAGS:
                self.refuse_tag(event, position, loc, "alleen gewone waarden")
                return None
            if event.style:  # quoted or block text: always a string (plain is '' or None)
                return event.value
            return self.plain(event.value, position, loc)
        if type(event) is MappingStartEvent or type(event) is SequenceStartEvent:
            if event.anchor is not None:
                raise _anchor_refused(event, _REFUSED_IN_DATA)
            mark = event.start_mark  # inlined self.position(): it runs for every value
            position = (mark.line + self.first_line, mark.column + 1) if mark else (1, 1)
            self.positions[loc] = position
            if event.tag not in _COLLECTION_TAGS:
                self.refuse_tag(event, position, loc, "gewone waarden")
                self.skip(event)
                return None
            if type(event) is SequenceStartEvent:
                return self.sequence(loc)
            return self.mapping(loc)
        if type(event) is AliasEvent:
            raise self.alias_refused(event)
        raise AssertionError(f"the parser gave {event!r} where a value belongs")

    def plain(self, value: str, position: Position, loc: Loc) -> Any:
        """A plain (unquoted) scalar by the YAML 1.2 core schema, or a problem."""
        if value in _PLAIN_WORDS:  # '' is one of them, so a value past this is not empty
            word = _PLAIN_WORDS[value]
            if word is not _AMBIGUOUS:
                return word
            message = (
                f"'{value}' is dubbelzinnig in YAML (sommige programma's lezen het als ja/nee): "
                f"schrijf true of false, of zet tekst tussen aanhalingstekens: '{value}'"
            )
        elif value[0] not in _NUMBER_START:
            return value
        elif _LEADING_ZERO.match(value):
            message = (
                f"{value} begint met een nul en zou gelezen worden als het getal "
                f"{int(value)}: zet het tussen aanhalingstekens: '{value}'"
            )
        elif _INT.match(value):
            return int(value)
        elif _FLOAT.match(value):
            return float(value)
        else:
            return value
        self.problems.append((*position, loc, message))
        return None

    def sequence(self, loc: Loc) -> list[Any]:
        next_event = self.next_event
        items: list[Any] = []
        event = next_event()
        while type(event) is not SequenceEndEvent:
            items.append(self.node(event, (*loc, len(items))))
            event = next_event()
        return items

    def mapping(self, loc: Loc) -> dict[str, Any]:
        next_event = self.next_event
        key_positions = self.key_positions
        result: dict[str, Any] = {}
        event = next_event()
        while type(event) is not MappingEndEvent:
            if type(event) is not ScalarEvent:  # a list, a group of fields or an alias
                self.skip(event)
                self.problems.append(
                    (*self.position(event), loc, "een sleutel moet een eenvoudige naam zijn")
                )
                self.skip(next_event())
            elif event.anchor is not None:
                raise _anchor_refused(event, _REFUSED_IN_DATA)
            elif event.value == "<<":
                self.problems.append(
                    (
                        *self.position(event),
                        loc,
                        "samenvoegsleutels ('<<') zijn niet toegestaan: schrijf de velden voluit",
                    )
                )
                self.skip(next_event())
            else:
                key = event.value
                key_loc = (*loc, key)
                if key in result:
                    first_line = key_positions[key_loc][0]
                    self.problems.append(
                        (
                            *self.position(event),
                            key_loc,
                            f"dubbele sleutel '{key}': die staat al op regel {first_line}; "
                            "hou er één van de twee",
                        )
                    )
                    self.skip(next_event())
                else:
                    mark = event.start_mark
                    key_positions[key_loc] = (
                        (mark.line + self.first_line, mark.column + 1) if mark else (1, 1)
                    )
                    result[key] = self.node(next_event(), key_loc)
            event = next_event()
        return result

    def skip(self, event: Event) -> None:
        """Pass over the node that starts with ``event`` without building it. Its anchors and
        aliases are refused all the same: composing it used to refuse them."""
        depth = 0
        while True:
            if type(event) is AliasEvent:
                raise self.alias_refused(event)
            if isinstance(event, NodeEvent) and event.anchor is not None:
                raise _anchor_refused(event, _REFUSED_IN_DATA)
            if isinstance(event, CollectionStartEvent):
                depth += 1
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
            if depth == 0:
                return
            event = self.next_event()


def _dotted(value: int) -> str:
    """``262144`` → ``262.144``: thousands as Dutch readers write them."""
    return f"{value:,}".replace(",", ".")


def _decode(raw: bytes, display: str) -> tuple[str | None, list[Problem]]:
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            Problem(
                display,
                1,
                1,
                "",
                f"het bestand is {_dotted(len(raw))} bytes groot; de grens is {_dotted(MAX_FILE_BYTES)} bytes",
            )
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [
            Problem(
                display,
                line,
                col,
                "",
                f"byte 0x{raw[error.start]:02x} is geen geldige UTF-8: bewaar het bestand als UTF-8",
            )
        ]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def parse_yaml_text(
    text: str,
    path: Path,
    display: str,
    line_offset: int = 0,
    *,
    body: str = "",
    body_line: int = 0,
) -> tuple[Document | None, list[Problem]]:
    """Parse YAML text into a :class:`Document`; ``line_offset`` shifts reported lines.

    ``body`` and ``body_line`` are the Markdown after front matter, kept on the document."""
    problems = _tab_problems(text, display, line_offset)
    if problems:
        return None, problems
    try:
        builder = _Builder(*_events(text), line_offset)
        found, data = builder.document()
    except _Refused as refused:
        return None, [
            Problem(display, refused.line + line_offset, refused.col, "", refused.message)
        ]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if _at_stream_end(error) and error.context_mark is not None:
            mark = error.context_mark  # point at what was opened, not at the end of the file
        line = (mark.line + 1 if mark else 1) + line_offset
        col = mark.column + 1 if mark else 1
        return None, [Problem(display, line, col, "", _describe_yaml_error(error))]
    except yaml.YAMLError as error:  # ReaderError: a character YAML does not allow
        position = getattr(error, "position", 0)
        line = text.count("\n", 0, position) + 1 + line_offset
        col = position - (text.rfind("\n", 0, position) + 1) + 1
        return None, [Problem(display, line, col, "", f"teken niet toegestaan in YAML: {error}")]
    if not found:
        positions: dict[Loc, Position] = {(): (1 + line_offset, 1)}
        return Document(path, display, None, positions, body=body, body_line=body_line), []
    if builder.problems:
        return None, [
            Problem(display, line, col, format_loc(loc), message)
            for line, col, loc, message in builder.problems
        ]
    doc = Document(path, display, data, builder.positions, builder.key_positions, body, body_line)
    return doc, []


def _at_stream_end(error: yaml.MarkedYAMLError) -> bool:
    problem = error.problem or ""
    return "<stream end>" in problem or "end of stream" in problem


def _describe_yaml_error(error: yaml.MarkedYAMLError) -> str:
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    if _at_stream_end(error):
        return "syntaxfout: het haakje, de accolade of het aanhalingsteken dat hier opent, wordt nooit gesloten"
    if "could not find expected ':'" in problem:
        return "syntaxfout: een regel mist ':' na zijn sleutel (of een aanhalingsteken is niet gesloten)"
    if "mapping values are not allowed" in problem:
        return (
            "syntaxfout: een ': ' in een waarde; zet de waarde tussen aanhalingstekens, "
            "bv. title: 'Gent: slimme stad'"
        )
    text = "; ".join(part for part in (context, problem) if part)
    return f"YAML-syntaxfout: {text}"


def read_source(path: Path, display: str) -> tuple[bytes | None, list[Problem]]:
    """A file's bytes, or the problem that it cannot be read."""
    try:
        return path.read_bytes(), []
    except OSError as error:
        return None, [
            Problem(display, 1, 1, "", f"het bestand kan niet gelezen worden: {error.strerror}")
        ]


def load_yaml_file(path: Path, root: Path | None = None) -> tuple[Document | None, list[Problem]]:
    """Read and parse one YAML data file."""
    from showcase.problems import display_path

    display = display_path(path, root)
    raw, problems = read_source(path, display)
    if raw is None:
        return None, problems
    return parse_yaml_bytes(raw, path, display)


def parse_yaml_bytes(raw: bytes, path: Path, display: str) -> tuple[Document | None, list[Problem]]:
    """Parse the bytes of a YAML data file (read from ``path``, shown as ``display``)."""
    text, problems = _decode(raw, display)
    if text is None:
        return None, problems
    return parse_yaml_text(text, path, display)


def load_front_matter_file(
    path: Path, root: Path | None = None
) -> tuple[Document | None, list[Problem]]:
    """Read a Markdown file with YAML front matter between ``---`` lines."""
    from showcase.problems import display_path

    display = display_path(path, root)
    raw, problems = read_source(path, display)
    if raw is None:
        return None, problems
    return parse_front_matter_bytes(raw, path, display)


def parse_front_matter_bytes(
    raw: bytes, path: Path, display: str
) -> tuple[Document | None, list[Problem]]:
    """Parse the bytes of a Markdown file with YAML front matter between ``---`` lines."""
    text, problems = _decode(raw, display)
    if text is None:
        return None, problems
    opening = _FENCE.match(text)
    if opening is None:
        return None, [
            Problem(
                display,
                1,
                1,
                "",
                "het bestand moet beginnen met voorwerk: een regel '---', de velden, en dan '---'",
            )
        ]
    closing = _FENCE.search(text, opening.end())
    if closing is None:
        return None, [
            Problem(
                display,
                1,
                1,
                "",
                "het voorwerk is niet afgesloten: zet een regel '---' na het laatste veld",
            )
        ]
    # Slices rather than a list of every line: the body is most of the file and stays one string.
    return parse_yaml_text(
        text[opening.end() + 1 : closing.start() - 1],
        path,
        display,
        line_offset=1,
        body=text[closing.end() + 1 :],
        body_line=text.count("\n", 0, closing.start()) + 2,
    )


def iter_files(folder: Path, suffix: str) -> Iterator[Path]:
    """Files under ``folder`` with ``suffix``, in a stable order."""
    if folder.is_dir():
        # Sorted by the parts of each path, as paths compare (but ~10 times quicker: a path
        # compares its parts anew at every comparison).
        found = [p for p in folder.rglob(f"*{suffix}") if p.is_file()]
        yield from sorted(found, key=lambda p: p.parts)
