"""Changing one top-level key of a YAML record in place, keeping the rest of the file as it is.

``from-issue`` adds a website to a municipality record or a ``reuse`` declaration to a project;
rewriting the whole file through a YAML dumper would lose its comments and its layout, so only
the lines of that one key are replaced (or inserted where the model's field order puts them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import yaml

_KEY_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)[ \t]*:")


def dump_key(key: str, value: Any) -> list[str]:
    """``key: value`` as block YAML lines (quoted wherever YAML needs it)."""
    text = yaml.safe_dump(
        {key: value}, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10_000
    )
    return text.splitlines()


def _blocks(lines: list[str]) -> dict[str, tuple[int, int]]:
    """``key → (first line, end)`` of each top-level key; comments and indented or list lines
    after a key belong to it."""
    starts = [(i, m.group(1)) for i, line in enumerate(lines) if (m := _KEY_RE.match(line))]
    blocks = {}
    for index, (start, key) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(lines)
        blocks[key] = (start, end)
    return blocks


def replace_key(text: str, key: str, value: Any, order: Sequence[str]) -> str:
    """``text`` with top-level ``key`` set to ``value``: its lines replaced, or new lines put
    before the first key that follows it in ``order`` (else at the end)."""
    lines = text.splitlines()
    blocks = _blocks(lines)
    new = dump_key(key, value)
    if key in blocks:
        start, end = blocks[key]
        # Blank lines between this key and the next stay where they are.
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        lines[start:end] = new
    else:
        later = [k for k in order[order.index(key) + 1 :] if k in blocks] if key in order else []
        at = blocks[later[0]][0] if later else len(lines)
        lines[at:at] = new
    return "\n".join(lines) + ("\n" if text.endswith("\n") else "")
