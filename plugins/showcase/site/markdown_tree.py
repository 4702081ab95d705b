"""What cmark-gfm reads in a body: its raw HTML and its links, and where they stand.

The renderer (:mod:`showcase.site.markup`) gives cmark-gfm's HTML to nh3. To say what nh3 will
drop, the checker must know which ``<…>`` in a body cmark-gfm passes on as raw HTML: not the
same characters in a code span, a code block or after a backslash, which are shown as text.
Only cmark-gfm's own parse answers that exactly, so this module asks it: the Python binding
(``cmarkgfm``) exposes rendering only, and the cmark-gfm library compiled into it is called
here through :mod:`ctypes`, with the renderer's options and extensions, for its syntax tree.

Block positions in that tree are exact. Positions of inline nodes are cmark-gfm's estimate:
bytes, not characters, and off after a continuation line's extra indentation or a tag that
spans lines; :mod:`showcase.load.rawhtml` confirms them against the source.
"""

from __future__ import annotations

import ctypes
import functools
import re
from dataclasses import dataclass
from typing import Any

from cmarkgfm import _cmark
from cmarkgfm.cmark import Options

from showcase.site.markup import OPTIONS

PARSE_OPTIONS = OPTIONS | Options.CMARK_OPT_GITHUB_PRE_LANG
"""As ``cmarkgfm.github_flavored_markdown_to_html`` parses for the renderer."""
EXTENSIONS = (b"table", b"autolink", b"tagfilter", b"strikethrough", b"tasklist")
"""The extensions ``cmarkgfm.github_flavored_markdown_to_html`` attaches."""
FILTERED_TAGS = frozenset(
    {"title", "textarea", "style", "xmp", "iframe", "noembed", "noframes", "script", "plaintext"}
)
"""GFM's "disallowed raw HTML" (the tagfilter extension): cmark-gfm writes ``&lt;`` for the
``<`` of these tags, so the tag shows as text on the page instead of reaching nh3."""

_LEAVES = frozenset({b"paragraph", b"heading", b"table_cell"})
"""The blocks that hold inline nodes."""
_WANTED = frozenset({b"html_block", b"html_inline", b"link"})
_CHILDLESS = frozenset(
    {b"text", b"softbreak", b"linebreak", b"code", b"html_inline", b"html_block", b"code_block",
     b"thematic_break"}
)  # fmt: skip
LINE_BREAK = re.compile(r"\r\n|\r|\n")
"""Where cmark-gfm starts a new line."""


@dataclass(frozen=True)
class Node:
    """A node of interest: raw HTML or a link."""

    kind: str
    """``html_block``, ``html_inline`` or ``link`` (also an autolink)."""
    text: str
    """The raw HTML, or the link's URL."""
    line: int
    """1-based line in the body: exact for ``html_block``, an estimate otherwise."""
    col: int
    """1-based byte column in that line: an estimate except for ``html_block``."""
    block_line: int
    block_end_line: int
    """The lines of the block the node stands in (exact)."""


class _Library:
    """The cmark-gfm functions the tree needs, from the library inside ``cmarkgfm``."""

    def __init__(self) -> None:
        lib = ctypes.CDLL(_cmark.__file__)
        pointer, number = ctypes.c_void_p, ctypes.c_int

        def bind(name: str, result: Any, *arguments: Any) -> Any:
            function = getattr(lib, name)
            function.restype = result
            function.argtypes = list(arguments)
            return function

        bind("cmark_gfm_core_extensions_ensure_registered", None)()
        self.parser_new = bind("cmark_parser_new", pointer, number)
        self.find_extension = bind("cmark_find_syntax_extension", pointer, ctypes.c_char_p)
        self.attach = bind("cmark_parser_attach_syntax_extension", number, pointer, pointer)
        self.feed = bind("cmark_parser_feed", None, pointer, ctypes.c_char_p, ctypes.c_size_t)
        self.finish = bind("cmark_parser_finish", pointer, pointer)
        self.parser_free = bind("cmark_parser_free", None, pointer)
        self.node_free = bind("cmark_node_free", None, pointer)
        self.first_child = bind("cmark_node_first_child", pointer, pointer)
        self.next = bind("cmark_node_next", pointer, pointer)
        self.type_string = bind("cmark_node_get_type_string", ctypes.c_char_p, pointer)
        self.node_type = bind("cmark_node_get_type", number, pointer)
        self.literal = bind("cmark_node_get_literal", ctypes.c_char_p, pointer)
        self.url = bind("cmark_node_get_url", ctypes.c_char_p, pointer)
        self.start_line = bind("cmark_node_get_start_line", number, pointer)
        self.start_column = bind("cmark_node_get_start_column", number, pointer)
        self.end_line = bind("cmark_node_get_end_line", number, pointer)
        self.extensions = [self.find_extension(name) for name in EXTENSIONS]
        if not all(self.extensions):
            raise RuntimeError("cmark-gfm mist een van de extensies " + repr(EXTENSIONS))
        self.names: dict[int, bytes] = {}
        """Type names by type number (the numbers of extension nodes are set at run time)."""

    def name_of(self, node: int) -> bytes:
        number = self.node_type(node)
        name = self.names.get(number)
        if name is None:
            name = self.names[number] = self.type_string(node)
        return name


@functools.cache
def _library() -> _Library:
    return _Library()


def parse_nodes(text: str, *, links: bool = True) -> list[Node]:
    """The raw HTML and the links of ``text``, in document order.

    Without ``links``, a paragraph, heading or table cell without ``<`` in its lines is not
    looked into: it holds no raw HTML, and its links are not wanted."""
    lib = _library()
    parser = lib.parser_new(PARSE_OPTIONS)
    try:
        for extension in lib.extensions:
            lib.attach(parser, extension)
        data = text.encode("utf-8")
        lib.feed(parser, data, len(data))
        root = lib.finish(parser)
        try:
            lines = None if links else LINE_BREAK.split(text)
            return _walk(lib, root, lines)
        finally:
            lib.node_free(root)
    finally:
        lib.parser_free(parser)


def _walk(lib: _Library, root: int, lines: list[str] | None) -> list[Node]:
    """Depth first, node by node (a few calls into the library per node: the cost here)."""
    found: list[Node] = []
    block = (0, 0)
    parents: list[int] = []
    node = lib.first_child(root)
    while node:
        kind = lib.name_of(node)
        enter = kind not in _CHILDLESS
        if kind in _LEAVES:
            block = (lib.start_line(node), lib.end_line(node))
            if lines is not None and not any(
                "<" in line for line in lines[block[0] - 1 : block[1]]
            ):
                enter = False
        elif kind in _WANTED:
            if kind == b"html_block":
                block = (lib.start_line(node), lib.end_line(node))
            raw = lib.url(node) if kind == b"link" else lib.literal(node)
            text = (raw or b"").decode("utf-8", "replace")
            line, col = lib.start_line(node), lib.start_column(node)
            found.append(Node(kind.decode(), text, line, col, *block))
        child = lib.first_child(node) if enter else None
        if child:
            parents.append(node)
            node = child
            continue
        node = lib.next(node)
        while not node and parents:
            node = lib.next(parents.pop())
    return found
