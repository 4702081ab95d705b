"""Images and attachments in bodies: they live in ``content/media/`` and nowhere else.

A body may show ``![foto](/media/sensor.jpg)`` or link ``[verslag](/media/verslag.pdf)``.
Paths that climb out (``../``), absolute file paths, symlinks and missing files are problems;
images from other sites are refused too, because the site loads nothing from elsewhere.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from showcase.load.reader import Document
from showcase.problems import Problem

MEDIA_URL = "/media/"
# Where a Markdown body names a file: ![alt](url), [text](url), [label]: url, and raw HTML.
# The target pattern starts at its literal '[' so the regex engine can skip ahead to the next
# one; whether a '!' stands before it (an image) is looked up afterwards. An optional '!' in
# front made the engine try every position of every body (~15 times slower).
_MD_TARGET = re.compile(r"\[[^\]\n]*\]\(\s*<?([^)\s>]+)")
_MD_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
_HTML_REF = re.compile(
    r"<(img|a)\b[^>]*?\b(?:src|href)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+))",
    re.IGNORECASE,
)
"""A raw-HTML reference, its value in double, single or no quotes."""


def _references(body: str) -> list[tuple[bool, str]]:
    """(is an image, URL) for every target in a Markdown body, in order of appearance."""
    found: list[tuple[int, bool, str]] = []
    for match in _MD_TARGET.finditer(body):
        start = match.start()
        # A '!' just before the '[' makes it an image. That '!' is never part of the previous
        # match: a match is followed by ')', '>', a space or the end of the body, never by '['.
        image = start > 0 and body[start - 1] == "!"
        found.append((start - 1 if image else start, image, match.group(1)))
    if "]:" in body:  # a definition needs one; most bodies have none, so skip the line scan
        for match in _MD_DEFINITION.finditer(body):
            found.append((match.start(), False, match.group(1)))
    if "<" in body:
        for match in _HTML_REF.finditer(body):
            url = next(value for value in match.group(2, 3, 4) if value is not None)
            found.append((match.start(), match.group(1).lower() == "img", url))
    return [(image, url) for _, image, url in sorted(found)]


def _body_position(doc: Document, url: str) -> tuple[int, int]:
    """Where ``url`` stands in the body: as a Markdown target ``(url)`` first, else anywhere."""
    lines = doc.body.split("\n")
    for needle, shift in ((f"({url})", 1), (f'"{url}"', 1), (f"={url}", 1), (url, 0)):
        for offset, line in enumerate(lines):
            column = line.find(needle)
            if column >= 0:
                return doc.body_line + offset, column + 1 + shift
    return doc.body_line, 1


def _media_problem(url: str, is_image: bool, media_root: Path) -> str | None:
    """What is wrong with one reference, or ``None``."""
    if not is_image and url.startswith(("http://", "https://")):
        return None  # a link to another site, as most are: nothing to check, no parsing needed
    parts = urlsplit(url)
    if parts.scheme in ("mailto", "tel") or url.startswith("#"):
        return None
    if parts.scheme in ("http", "https"):
        if not is_image:
            return None
        return (
            f"de afbeelding '{url}' staat op een andere site: zet het bestand in content/media/ en "
            "schrijf /media/<bestandsnaam>; de site laadt niets van elders"
        )
    path = unquote(parts.path)
    if ".." in PurePosixPath(path).parts or path.startswith("//") or parts.scheme == "file":
        return f"het pad '{url}' wijst buiten content/media/: schrijf /media/<bestandsnaam>"
    if not path.startswith(MEDIA_URL):
        # A link to a page of the site is checked on the built site; an image must be media.
        if is_image:
            return (
                f"de afbeelding '{url}' moet in content/media/ staan: schrijf /media/<bestandsnaam>"
            )
        return None
    target = media_root / path.removeprefix(MEDIA_URL)
    if target.is_symlink():
        return f"'{url}' is een symbolische link: kopieer het bestand zelf naar content/media/"
    if not target.is_file():
        return f"'{url}' bestaat niet: zet het bestand in content/media/ of verbeter de naam"
    if not target.resolve().is_relative_to(media_root.resolve()):
        return f"het pad '{url}' wijst buiten content/media/"
    return None


MediaReference = tuple[bool, str]
"""(is an image, URL as written) of one file a body names."""


def media_references(body: str) -> list[MediaReference]:
    """The targets of a Markdown body that :func:`check_media` must look at, in order: all but
    links to other sites (most are those, and they never have a problem)."""
    return [(image, url) for image, url in _references(body) if image or not _elsewhere(url)]


def _elsewhere(raw: str) -> bool:
    return raw.replace("&amp;", "&").startswith(("http://", "https://"))


def check_media(
    doc: Document, media_root: Path, references: list[MediaReference] | None = None
) -> list[Problem]:
    """Problems with the local images and attachments that a Markdown body refers to.

    It reads the Markdown source, so the checker needs no rendering. ``references`` are the
    body's :func:`media_references` when they are known already (the load cache keeps them)."""
    problems: list[Problem] = []
    found = _references(doc.body) if references is None else references
    for is_image, raw in found:
        url = raw.replace("&amp;", "&")
        message = _media_problem(url, is_image, media_root)
        if message is not None:
            line, col = _body_position(doc, url)
            problems.append(Problem(doc.display, line, col, "body", message))
    return problems


def media_files(media_root: Path) -> list[Path]:
    """Regular files under content/media/ (symlinks are never published)."""
    if not media_root.is_dir():
        return []
    return sorted(p for p in media_root.rglob("*") if p.is_file() and not p.is_symlink())
