"""Raw HTML in bodies, checked on the Markdown source: what the site would drop is said there.

A contributor may write a little HTML in a body. The renderer (:mod:`showcase.site.markup`)
passes it to nh3, which keeps only the tags, attributes and URL schemes of its allowlists, and
cmark-gfm shows a few tags (``<iframe>``, ``<script>``, …) as text. This check tells the
contributor beforehand, at the line and column in the ``.md`` file:

* an **error** for what tries to run or restyle something: ``<script>``, ``<style>``, an event
  handler (``onerror``, ``onclick``…), a ``javascript:``, ``vbscript:`` or ``data:`` URL (also
  written with character references or spaces), and an ``<img>`` without ``alt`` (invalid HTML
  that would fail the build's HTML check);
* a **warning** for what is dropped harmlessly: a tag outside the allowlist (an ``<iframe>``,
  ``<object>``, ``<form>``, ``<div>``…), an attribute it does not allow (``style``, ``class``,
  ``target``…), a URL scheme other than those allowed; each says what to write instead.

What counts as raw HTML is what cmark-gfm reads as raw HTML (:mod:`showcase.site.markdown_tree`),
so a tag in a code span or a code block, or after a backslash, is no concern. The allowlists are
the renderer's own: nothing here repeats them. Every tag is read with the standard library's
HTML parser, which reads unquoted attributes and character references as a browser does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from showcase.load.reader import Document
from showcase.problems import Problem, Severity
from showcase.site.markdown_tree import FILTERED_TAGS, LINE_BREAK, Node, parse_nodes
from showcase.site.markup import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES

FIELD = "body"
RULE = "ruwe HTML"
"""The rule of the warnings (a report counts folded warnings by rule)."""
SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "data"})
"""URL schemes that run or embed something: refused wherever they stand."""
URL_ATTRIBUTES = frozenset(
    {"action", "background", "cite", "codebase", "data", "formaction", "href", "icon",
     "longdesc", "lowsrc", "dynsrc", "manifest", "ping", "poster", "src", "srcset", "usemap",
     "xlink:href"}
)  # fmt: skip
"""Attributes whose value a browser follows as a URL."""

VALUES = {
    "width": (re.compile(r"[0-9]+"), "een getal (pixels), bv. 320"),
    "height": (re.compile(r"[0-9]+"), "een getal (pixels), bv. 240"),
    "colspan": (re.compile(r"[1-9][0-9]*"), "een getal vanaf 1"),
    "rowspan": (re.compile(r"[0-9]+"), "een getal"),
    "start": (re.compile(r"-?[0-9]+"), "een geheel getal"),
    "scope": (re.compile(r"(?i)row|col|rowgroup|colgroup"), "row, col, rowgroup of colgroup"),
    "id": (re.compile(r"\S+"), "één woord zonder spaties, bv. bijdragen"),
    "hreflang": (re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*"), "een taalcode, bv. nl of en"),
}
"""Values of allowed attributes that the build's HTML check (the Nu HTML checker) accepts."""

_RAW_HINT = re.compile(r"<(?:[A-Za-z][A-Za-z0-9-]*[\s/>]|/[A-Za-z]|[!?])")
"""Raw HTML starts like this (an autolink, ``<https://…>``, does not); a body without it holds
none (most bodies)."""
_START = re.compile(r"<[A-Za-z]")
_DATA_SCHEME = re.compile(r"data\s*\\?:")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_URL_STRIP = "".join(chr(c) for c in range(0x21))
"""What a browser strips from both ends of a URL: C0 controls and the space."""
_ATTRIBUTE_NAME = re.compile(r"(?<=[\s/\"'])([^\s/>\"'=][^\s/>=]*)")

_HINTS = {
    "b": "schrijf **vet** in Markdown",
    "i": "schrijf *schuin* in Markdown",
    "u": "onderstreepte tekst lijkt een link: schrijf **vet** of *schuin*",
    "s": "schrijf ~~doorgehaald~~ in Markdown",
    "strike": "schrijf ~~doorgehaald~~ in Markdown",
    "h1": "de titel van de pagina is de enige h1: begin een tussenkopje met ##",
    "iframe": "zet een gewone link naar de video of de pagina",
    "form": "een formulier kan niet in de tekst: zet een link naar het formulier",
}
_EMBEDS = frozenset(
    {"object", "embed", "video", "audio", "source", "track", "picture", "canvas", "svg",
     "math", "frame", "frameset", "applet", "noembed", "noframes"}
)  # fmt: skip
_FORM_PARTS = frozenset(
    {"form", "input", "button", "select", "option", "optgroup", "label", "fieldset", "legend",
     "textarea", "output", "datalist"}
)  # fmt: skip


@dataclass(frozen=True)
class Finding:
    """A problem at a 1-based line and column of the body."""

    line: int
    col: int
    message: str
    severity: Severity = Severity.ERROR


def check_raw_html(doc: Document) -> list[Problem]:
    """Problems with the raw HTML (and script links) in a document's Markdown body."""
    offset = doc.body_line - 1
    return [
        Problem(doc.display, f.line + offset, f.col, FIELD, f.message, f.severity, RULE)
        for f in find_raw_html(doc.body)
    ]


def find_raw_html(body: str) -> list[Finding]:
    """What the site would refuse or drop of the raw HTML and links in ``body``."""
    links = _may_link_to_a_script(body)
    if _RAW_HINT.search(body) is None and not links:
        return []  # cmark-gfm is not asked: nothing in the body can be raw HTML or such a link
    source = _Source(LINE_BREAK.split(body))
    findings: list[Finding] = []
    for node in parse_nodes(body, links=links):
        if node.kind in ("html_block", "html_inline"):
            if node.kind == "html_inline" and not _START.match(node.text):
                continue  # an end tag, a comment (closed), a declaration: nothing to judge
            findings += _check_html(node, source)
        elif node.kind == "link":
            message = _script_url(node.text, "van de link", "href")
            if message is not None:
                line, col = source.near(node)
                findings.append(Finding(line, col, message))
    return findings


def _may_link_to_a_script(body: str) -> bool:
    """Whether a link (``[…](…)``, ``[…]: …``, ``<…>``) in ``body`` may have a script URL: a
    few searches for a literal, as most bodies have links and none has such a URL."""
    if "](" not in body and "]:" not in body and "<" not in body:
        return False
    if "&" in body or "\t" in body:
        return True  # a character reference or a tab may spell a scheme in pieces
    lower = body.lower()
    return "script" in lower or ("data" in lower and _DATA_SCHEME.search(lower) is not None)


@dataclass(frozen=True)
class _StartTag:
    name: str
    attrs: list[tuple[str, str | None]]
    offset: int
    """Where its ``<`` stands in the raw HTML."""
    text: str


class _TagReader(HTMLParser):
    """The start tags of a piece of raw HTML."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[_StartTag] = []
        self.starts = [0, *(m.end() for m in LINE_BREAK.finditer(html))]
        self.feed(html)
        self.open_comment = len(html) - len(self.rawdata) if self.rawdata[:4] == "<!--" else None
        """Where a comment starts that nothing closes: it hides the rest of the page."""
        # A tag left open at the end of an HTML block takes in the HTML rendered after it,
        # and counts as a tag for nh3: close it here to judge it.
        for ending in (">", '">', "'>"):
            if not self.rawdata.startswith("<"):
                break
            self.feed(ending)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, col = self.getpos()
        offset = self.starts[line - 1] + col
        self.tags.append(_StartTag(tag, attrs, offset, self.get_starttag_text() or ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def parse_html_declaration(self, i: int) -> int:
        """``<![…`` is a bogus comment to the next ``>`` in HTML (the standard library's
        parser knows a few marked sections and stops at any other)."""
        if self.rawdata.startswith("<![", i):
            return self.parse_bogus_comment(i)
        return super().parse_html_declaration(i)

    def set_cdata_mode(self, elem: str, *, escapable: bool = False) -> None:
        """Never: the elements whose content is text to a browser (``<script>``, ``<style>``,
        ``<textarea>``…) are the ones cmark-gfm turns into text, so what follows them is
        ordinary HTML for nh3, tags and all."""


def _check_html(node: Node, source: _Source) -> list[Finding]:
    literal_lines = LINE_BREAK.split(node.text)
    places = source.place_lines(node, literal_lines)
    starts = [0]
    for line in literal_lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    reader = _TagReader("\n".join(literal_lines))
    judged = [
        (tag.offset + _attribute_offset(tag.text, attribute), severity, message)
        for tag in reader.tags
        for attribute, severity, message in judge_tag(tag.name, tag.attrs)
    ]
    if reader.open_comment is not None:
        judged.append((reader.open_comment, Severity.WARNING, _OPEN_COMMENT_MESSAGE))
    findings: list[Finding] = []
    for offset, severity, message in judged:
        index = max(i for i, start in enumerate(starts) if start <= offset)
        line, col0 = places[index]
        findings.append(Finding(line, col0 + offset - starts[index] + 1, message, severity))
    return findings


def _attribute_offset(text: str, attribute: str | None) -> int:
    """Where ``attribute`` stands in a start tag's text (0, the ``<``, for the tag itself)."""
    if attribute is None:
        return 0
    for match in _ATTRIBUTE_NAME.finditer(text):
        if match.group(1).lower() == attribute:
            return match.start(1)
    return 0


Judgement = tuple[str | None, Severity, str]
"""The attribute concerned (``None``: the tag), how serious, and the message."""


def judge_tag(name: str, attrs: list[tuple[str, str | None]]) -> list[Judgement]:
    """What the site does with one start tag of raw HTML, as messages (nothing: it stays)."""
    if name == "script":
        return [(None, Severity.ERROR, _SCRIPT_MESSAGE)]
    if name == "style":
        return [(None, Severity.ERROR, _STYLE_MESSAGE)]
    judged: list[Judgement] = []
    refused: set[str] = set()
    for attribute, value in attrs:
        if attribute in refused:
            continue
        if attribute.startswith("on"):
            refused.add(attribute)
            judged.append((attribute, Severity.ERROR, _handler_message(name, attribute)))
        elif attribute in URL_ATTRIBUTES and value is not None:
            message = _script_url(value, f"in <{name} {attribute}>", attribute)
            if message is not None:
                refused.add(attribute)
                judged.append((attribute, Severity.ERROR, message))
    if name in FILTERED_TAGS or name not in ALLOWED_TAGS:
        judged.append((None, Severity.WARNING, _dropped_tag_message(name)))
        return judged
    judged += _judge_kept(name, attrs, refused)
    if name == "img" and "alt" not in {attribute for attribute, _ in attrs}:
        judged.append((None, Severity.ERROR, _ALT_MESSAGE))
    return judged


def _judge_kept(
    name: str, attrs: list[tuple[str, str | None]], judged_already: set[str]
) -> list[Judgement]:
    """The attributes of a tag the site keeps: dropped, or with a value the build refuses."""
    allowed = ALLOWED_ATTRIBUTES.get(name, set())
    judged: list[Judgement] = []
    seen = set(judged_already)
    for attribute, value in attrs:
        if attribute in seen:
            continue
        seen.add(attribute)
        if attribute not in allowed:
            message = _dropped_attribute_message(name, attribute)
            judged.append((attribute, Severity.WARNING, message))
        elif attribute in URL_ATTRIBUTES and value is not None:
            scheme = url_scheme(value)
            if scheme is not None and scheme not in URL_SCHEMES:
                message = _scheme_message(name, attribute, value)
                judged.append((attribute, Severity.WARNING, message))
        elif attribute in VALUES and not VALUES[attribute][0].fullmatch(value or ""):
            message = (
                f"de waarde '{value or ''}' van {attribute} op <{name}> is geen geldige HTML: "
                f"schrijf {VALUES[attribute][1]}"
            )
            judged.append((attribute, Severity.ERROR, message))
    return judged


def url_scheme(value: str) -> str | None:
    """The scheme of a URL as a browser reads it (lower case), or ``None`` for a relative URL.

    ``value`` has its character references resolved; like a browser, this strips controls and
    spaces from both ends and ignores tabs and newlines anywhere (``java&#9;script:``)."""
    url = re.sub(r"[\t\n\r]", "", value.strip(_URL_STRIP))
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else None


def _script_url(value: str, where: str, attribute: str) -> str | None:
    """The message for a URL with a script scheme, else ``None``. A ``srcset`` is a list of
    URLs, each followed by its size."""
    if attribute == "srcset":
        candidates = [c.strip().split(" ")[0] for c in value.split(",")]
    else:
        candidates = [value]
    for candidate in candidates:
        scheme = url_scheme(candidate)
        if scheme not in SCRIPT_SCHEMES:
            continue
        if scheme == "data" or attribute != "href":
            advice = "zet het bestand in content/media/ en schrijf /media/<bestandsnaam>"
        else:
            advice = "link naar een webpagina (https://…)"
        if scheme == "data":
            what = "niet toegestaan (data:)"
        else:
            what = f"een script ({scheme}:), en de site voert geen scripts uit de tekst uit"
        return f"het adres '{_shown(candidate)}' {where} is {what}; {advice}"
    return None


def _shown(url: str) -> str:
    """A URL as a browser reads it (what :func:`url_scheme` looks at), at most 40 characters."""
    url = re.sub(r"[\t\n\r]", "", url.strip(_URL_STRIP))
    return url if len(url) <= 40 else url[:39] + "…"


_SCRIPT_MESSAGE = (
    "<script> is niet toegestaan: de site voert geen scripts uit de tekst uit (de code zou als "
    "tekst op de pagina verschijnen); haal het script weg"
)
_STYLE_MESSAGE = (
    "<style> is niet toegestaan: de site gebruikt alleen haar eigen opmaak (de CSS zou als "
    "tekst op de pagina verschijnen); haal het stijlblok weg"
)
_OPEN_COMMENT_MESSAGE = (
    "dit HTML-commentaar wordt nergens gesloten: alles erna verdwijnt van de pagina; sluit het "
    "met -->"
)
_ALT_MESSAGE = (
    '<img> zonder alt: beschrijf wat er te zien is, bv. alt="Sensor aan een lantaarnpaal" '
    '(of alt="" voor een louter versierend beeld), of schrijf ![beschrijving](/media/bestand.jpg)'
)


def _handler_message(name: str, attribute: str) -> str:
    return (
        f"het attribuut {attribute} op <{name}> is een script (een event handler), en de site "
        f"voert geen scripts uit de tekst uit; haal {attribute} weg"
    )


def _dropped_tag_message(name: str) -> str:
    if name in FILTERED_TAGS:
        what = f"<{name}> wordt niet ingesloten maar als tekst getoond"
    else:
        what = f"<{name}> wordt weggelaten (de tekst erin blijft staan)"
    if name in _HINTS:
        hint = _HINTS[name]
    elif name in _EMBEDS:
        hint = "zet een gewone link naar de video, de kaart of het bestand"
    elif name in _FORM_PARTS:
        hint = _HINTS["form"]
    else:
        hint = "laat de tag weg, de site bepaalt de opmaak"
    return f"{what}; {hint}"


def _dropped_attribute_message(name: str, attribute: str) -> str:
    allowed = sorted(ALLOWED_ATTRIBUTES.get(name, set()))
    if attribute in ("style", "class"):
        hint = "de site bepaalt de opmaak"
    elif attribute == "target":
        hint = "een link opent in hetzelfde venster"
    elif attribute == "rel":
        hint = "de site zet rel zelf"
    elif allowed:
        hint = f"op <{name}> mag alleen {', '.join(allowed)}"
    else:
        hint = f"<{name}> krijgt geen attributen"
    return f"het attribuut {attribute} op <{name}> wordt weggelaten: {hint}"


def _scheme_message(name: str, attribute: str, value: str) -> str:
    schemes = ", ".join(f"{scheme}:" for scheme in sorted(URL_SCHEMES))
    return (
        f"het adres '{_shown(value)}' in <{name} {attribute}> wordt weggelaten: alleen {schemes} "
        "of een pad op de site mogen"
    )


class _Source:
    """The lines of a body, to place what cmark-gfm found exactly."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.cursor = (0, 0)
        """Raw HTML found so far ends here (0-based line and column): the next starts later."""

    def column(self, index: int, byte_col: int) -> int:
        """cmark-gfm's 1-based byte column in line ``index`` as a 0-based character column."""
        line = self.lines[index]
        return len(line.encode("utf-8")[: max(byte_col - 1, 0)].decode("utf-8", "ignore"))

    def near(self, node: Node) -> tuple[int, int]:
        """The 1-based line and column cmark-gfm gives a node, kept inside its block."""
        index = min(max(node.line, node.block_line, 1), len(self.lines)) - 1
        return index + 1, self.column(index, node.col) + 1

    def place_lines(self, node: Node, literal: list[str]) -> list[tuple[int, int]]:
        """Where each line of a node's raw HTML starts: 1-based line, 0-based column."""
        if node.kind == "html_block":
            first = node.line - 1
            first_col = self._find_in_line(first, literal[0], 0)
        else:
            first, first_col = self._locate_inline(node, literal[0])
        places = [(first + 1, first_col)]
        for number, text in enumerate(literal[1:], start=1):
            index = min(first + number, len(self.lines) - 1)
            places.append((index + 1, self._find_in_line(index, text, 0)))
        last = places[-1]
        self.cursor = max(self.cursor, (last[0] - 1, last[1] + len(literal[-1])))
        return places

    def _find_in_line(self, index: int, text: str, start: int) -> int:
        line = self.lines[index] if 0 <= index < len(self.lines) else ""
        if text and line.endswith(text) and len(line) - len(text) >= start:
            return len(line) - len(text)  # a block's line: the part after the container prefix
        found = line.find(text, start) if text else -1
        return max(found, 0)

    def _locate_inline(self, node: Node, needle: str) -> tuple[int, int]:
        """Confirm cmark-gfm's estimate, else take the nearest unescaped occurrence in the
        block after the raw HTML placed before."""
        guess = self.near(node)
        line, col = guess[0] - 1, guess[1] - 1
        if self._is_at(line, col, needle):
            return line, col
        candidates = []
        for index in range(max(node.block_line, 1) - 1, min(node.block_end_line, len(self.lines))):
            found = self.lines[index].find(needle)
            while found >= 0:
                if self._is_at(index, found, needle):
                    candidates.append((abs(index - line), abs(found - col), index, found))
                found = self.lines[index].find(needle, found + 1)
        if not candidates:
            return line, col
        _, _, index, found = min(candidates)
        return index, found

    def _is_at(self, index: int, col: int, needle: str) -> bool:
        if not 0 <= index < len(self.lines) or (index, col) < self.cursor:
            return False
        line = self.lines[index]
        if not line.startswith(needle, col):
            return False
        backslashes = len(line[:col]) - len(line[:col].rstrip("\\"))
        return backslashes % 2 == 0
