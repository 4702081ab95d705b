"""The words of each project's text, counted once and kept between builds.

Related projects (:mod:`showcase.derive.related`) weigh the words of every project; counting
them is a third of that work (1.7 s at N = 10,000), and after an edit all but one text are the
same. What a text's counts are depends on that text, the words left out and the rules of
:mod:`showcase.derive.related` only (its pattern of runs lists the letters of the texts, but
never changes what it finds in a text: every letter of that text is in it). So each text's
counts are kept under the SHA-256 of :data:`COUNTS_VERSION`, the words left out and the text,
in one pack file (:mod:`showcase.site.pack`: checked, whole, replaced atomically); a text
that is not in it is counted as before. The pack is rewritten with exactly this build's texts
when one was new or is gone. Whatever the pack holds, the counts are those of a build without
it (a test compares them after an edit).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

from showcase.site.pack import read_pack_of, write_pack

PACK_NAME = "word-counts.pack"
"""The pack file in the synergies' cache folder."""

Counts = dict[str, int]
"""Word → how often it occurs in one text, in the order of first occurrence."""


def counts_version(rules: Path) -> str:
    """Part of every key: the code that counts (the module of the rules), so a change to the
    pattern, the stopwords or the word length never serves counts made the old way; and the
    Unicode version, which says what a letter is."""
    code = hashlib.sha256(rules.read_bytes()).hexdigest()[:16]
    return f"word-counts-1:{code}:unicode-{unicodedata.unidata_version}"


def text_keys(texts: Sequence[str], version: str, dropped: frozenset[str]) -> list[str]:
    """The key of each text: its counts depend on the rules, the words left out and itself."""
    words = "\n".join(sorted(dropped))
    prefix = hashlib.sha256(f"{version}\0{words}\0".encode())
    keys = []
    for text in texts:
        digest = prefix.copy()
        digest.update(text.encode("utf-8", "surrogatepass"))
        keys.append(digest.hexdigest())
    return keys


def counted(
    keys: Sequence[str],
    count: Callable[[Sequence[int]], list[Counts]],
    cache: Path | None,
    version: str,
) -> tuple[list[Counts], int]:
    """The counts of the text of each key, and how many were counted (not found in ``cache``).

    ``count`` counts the texts at the given positions; without a cache folder it counts all.
    """
    path = cache / PACK_NAME if cache is not None else None
    stored = read_pack_of(path, version, dict) if path is not None else {}
    missing = [i for i, key in enumerate(keys) if key not in stored]
    found: dict[str, Counts] = {key: stored[key] for key in keys if key in stored}
    for index, counts in zip(missing, count(missing), strict=True):
        found[keys[index]] = counts
    if path is not None and (missing or len(stored) != len(found)):
        write_pack(path, version, found)
    return [found[key] for key in keys], len(missing)
