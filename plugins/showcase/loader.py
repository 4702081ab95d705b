"""Strict YAML loading with line positions.

PyYAML's usual loaders keep the last of two duplicate keys, turn ``no`` into ``False`` and ``0800``
into ``800``, and run arbitrary tags. Here the YAML is only *composed* into nodes, and this module
turns the nodes into plain Python values itself, with the rules a data file needs:

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

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from showcase.problems import Problem

MAX_FILE_BYTES = 256 * 1024
"""A data file or entry larger than this is refused (an entry is a page, not a book)."""

Key = str | int
Loc = tuple[Key, ...]
Position = tuple[int, int]

_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_YAML11_BOOL = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")


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
    def __init__(self, line: int, col: int, message: str, loc: Loc = ()) -> None:
        super().__init__(message)
        self.line, self.col, self.message, self.loc = line, col, message, loc


class _NodeComposer(Reader, Scanner, Parser, Composer, BaseResolver):
    """PyYAML's composer with no implicit typing and no anchors or aliases."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        BaseResolver.__init__(self)

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        mark = event.start_mark
        if isinstance(event, AliasEvent):
            raise _Refused(
                mark.line + 1,
                mark.column + 1,
                f"alias '*{event.anchor}' is not allowed: write the value out in full",
            )
        if getattr(event, "anchor", None) is not None:
            raise _Refused(
                mark.line + 1,
                mark.column + 1,
                f"anchor '&{event.anchor}' is not allowed: anchors and aliases are refused "
                "in data files",
            )
        return super().compose_node(parent, index)


def _compose(text: str) -> Node | None:
    """Compose the YAML into nodes: with libyaml (C, about 13 times faster) when PyYAML has
    it, else with the pure-Python composer. Both refuse anchors and aliases."""
    if not yaml.__with_libyaml__:
        composer = _NodeComposer(text)
        try:
            return composer.get_single_node()
        finally:
            composer.dispose()
    if "&" in text:  # only then can there be an anchor (and so an alias): find it
        for event in yaml.parse(text, Loader=yaml.CBaseLoader):
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                mark = event.start_mark
                kind = "alias '*" if isinstance(event, AliasEvent) else "anchor '&"
                raise _Refused(
                    mark.line + 1 if mark else 1,
                    mark.column + 1 if mark else 1,
                    f"{kind}{anchor}' is not allowed: anchors and aliases are refused "
                    "in data files",
                )
    loader = yaml.CBaseLoader(text)
    try:
        node: Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


def _tab_problems(text: str, display: str, line_offset: int) -> list[Problem]:
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
                    "a tab is used for indentation: YAML needs spaces (use 2 spaces per level)",
                )
            )
    return problems


def _plain_scalar(node: ScalarNode, loc: Loc) -> Any:
    value: str = node.value
    if node.tag != _STR_TAG:
        raise _Refused(
            node.start_mark.line + 1,
            node.start_mark.column + 1,
            f"the tag '{node.tag}' is not allowed: data files hold plain values only",
            loc,
        )
    if node.style:  # quoted or block text: always a string (plain is None, or '' in libyaml)
        return value
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _YAML11_BOOL.match(value):
        raise _Refused(
            node.start_mark.line + 1,
            node.start_mark.column + 1,
            f"'{value}' is ambiguous in YAML (some tools read it as a yes/no value): "
            f"write true or false, or put text in quotes: '{value}'",
            loc,
        )
    if _LEADING_ZERO.match(value):
        raise _Refused(
            node.start_mark.line + 1,
            node.start_mark.column + 1,
            f"{value} has a leading zero and would be read as the number "
            f"{int(value)}: put it in quotes: '{value}'",
            loc,
        )
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    return value


class _Builder:
    def __init__(self, line_offset: int) -> None:
        self.line_offset = line_offset
        self.positions: dict[Loc, Position] = {}
        self.key_positions: dict[Loc, Position] = {}
        self.problems: list[tuple[int, int, Loc, str]] = []
        self.seen: set[int] = set()

    def _pos(self, node: Node) -> Position:
        return (node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1)

    def build(self, node: Node, loc: Loc) -> Any:
        if id(node) in self.seen:  # a node reached twice is an alias: never expand it
            line, col = self._pos(node)
            self.problems.append((line, col, loc, "aliases are not allowed in data files"))
            return None
        self.seen.add(id(node))
        self.positions[loc] = self._pos(node)
        if isinstance(node, ScalarNode):
            try:
                return _plain_scalar(node, loc)
            except _Refused as refused:
                line, col = self._pos(node)
                self.problems.append((line, col, loc, refused.message))
                return None
        if node.tag not in (_SEQ_TAG, _MAP_TAG):
            line, col = self._pos(node)
            self.problems.append(
                (
                    line,
                    col,
                    loc,
                    f"the tag '{node.tag}' is not allowed: data files hold plain values",
                )
            )
            return None
        if isinstance(node, SequenceNode):
            return [self.build(item, (*loc, index)) for index, item in enumerate(node.value)]
        assert isinstance(node, MappingNode)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                line, col = self._pos(key_node)
                self.problems.append((line, col, loc, "a key must be a simple name"))
                continue
            key = str(key_node.value)
            if key == "<<":
                line, col = self._pos(key_node)
                self.problems.append(
                    (line, col, loc, "merge keys ('<<') are not allowed: write the fields out")
                )
                continue
            key_loc = (*loc, key)
            if key in result:
                first_line, _ = self.key_positions[key_loc]
                line, col = self._pos(key_node)
                self.problems.append(
                    (
                        line,
                        col,
                        key_loc,
                        f"duplicate key '{key}': it is already set on line {first_line}; "
                        "keep one of the two",
                    )
                )
                continue
            self.key_positions[key_loc] = self._pos(key_node)
            result[key] = self.build(value_node, key_loc)
        return result


def _decode(raw: bytes, display: str) -> tuple[str | None, list[Problem]]:
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            Problem(
                display,
                1,
                1,
                "",
                f"the file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,} bytes",
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
                f"byte 0x{raw[error.start]:02x} is not valid UTF-8: save the file as UTF-8",
            )
        ]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def parse_yaml_text(
    text: str, path: Path, display: str, line_offset: int = 0
) -> tuple[Document | None, list[Problem]]:
    """Parse YAML text into a :class:`Document`; ``line_offset`` shifts reported lines."""
    problems = _tab_problems(text, display, line_offset)
    if problems:
        return None, problems
    try:
        node = _compose(text)
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
        return None, [Problem(display, line, col, "", f"character not allowed in YAML: {error}")]
    if node is None:
        return Document(path, display, None, {(): (1 + line_offset, 1)}), []
    builder = _Builder(line_offset)
    data = builder.build(node, ())
    problems = [
        Problem(display, line, col, format_loc(loc), message)
        for line, col, loc, message in builder.problems
    ]
    doc = Document(path, display, data, builder.positions, builder.key_positions)
    return (None if problems else doc), problems


def _at_stream_end(error: yaml.MarkedYAMLError) -> bool:
    problem = error.problem or ""
    return "<stream end>" in problem or "end of stream" in problem


def _describe_yaml_error(error: yaml.MarkedYAMLError) -> str:
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    if "expected a single document" in context or "but found another document" in problem:
        return "the file holds several YAML documents ('---' in the middle): keep one"
    if _at_stream_end(error):
        return "syntax error: the bracket, brace or quote opened here is never closed"
    if "could not find expected ':'" in problem:
        return "syntax error: a line is missing ':' after its key (or a quote is not closed)"
    if "mapping values are not allowed" in problem:
        return (
            "syntax error: a ': ' inside a value; put the value in quotes, "
            "e.g. title: 'Gent: slimme stad'"
        )
    if "found duplicate anchor" in problem or "found undefined alias" in problem:
        return "anchors and aliases are not allowed in data files"
    text = "; ".join(part for part in (context, problem) if part)
    return f"YAML syntax error: {text}"


def load_yaml_file(path: Path, root: Path | None = None) -> tuple[Document | None, list[Problem]]:
    """Read and parse one YAML data file."""
    from showcase.problems import display_path

    display = display_path(path, root)
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(display, 1, 1, "", f"cannot read the file: {error.strerror}")]
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
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(display, 1, 1, "", f"cannot read the file: {error.strerror}")]
    text, problems = _decode(raw, display)
    if text is None:
        return None, problems
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, [
            Problem(
                display,
                1,
                1,
                "",
                "the file must start with front matter: a line '---', the fields, then '---'",
            )
        ]
    closing = next(
        (index for index, line in enumerate(lines[1:], start=1) if line.rstrip() == "---"), None
    )
    if closing is None:
        return None, [
            Problem(
                display,
                1,
                1,
                "",
                "the front matter is not closed: add a line '---' after the last field",
            )
        ]
    yaml_text = "\n".join(lines[1:closing])
    doc, problems = parse_yaml_text(yaml_text, path, display, line_offset=1)
    if doc is None:
        return None, problems
    body = "\n".join(lines[closing + 1 :])
    return (
        Document(
            path,
            display,
            doc.data,
            doc.positions,
            doc.key_positions,
            body=body,
            body_line=closing + 2,
        ),
        problems,
    )


def iter_files(folder: Path, suffix: str) -> Iterator[Path]:
    """Files under ``folder`` with ``suffix``, in a stable order."""
    if folder.is_dir():
        yield from sorted(p for p in folder.rglob(f"*{suffix}") if p.is_file())
