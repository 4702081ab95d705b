"""A model of how hosts that read ``_headers`` (Cloudflare Pages, Netlify) resolve it for a path,
after their documentation: the tests check the generated file with it, and the browser tests
serve the site with the headers it gives."""

from __future__ import annotations

import re

Rule = tuple[str, list[tuple[str, str | None]]]


def parse_headers(text: str) -> list[Rule]:
    """The rules of a ``_headers`` file: (path pattern, [(name, value, or None to detach)])."""
    rules: list[Rule] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        elif line.strip().startswith("!"):
            rules[-1][1].append((line.strip()[1:].strip(), None))
        else:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def matches(pattern: str, path: str) -> bool:
    """A splat (``*``) matches anything, a placeholder (``:name``) one path segment."""
    parts = re.split(r"(\*|:[A-Za-z_]\w*)", pattern)
    regex = "".join(
        ".*" if part == "*" else "[^/]+" if part.startswith(":") else re.escape(part)
        for part in parts
    )
    return re.fullmatch(regex, path) is not None


def cloudflare(rules: list[Rule], path: str) -> dict[str, str]:
    """Cloudflare Pages: every matching rule's headers; one header from several rules is joined
    with ", "; ``! Name`` detaches what earlier rules attached."""
    found: dict[str, list[str]] = {}
    for pattern, lines in rules:
        if matches(pattern, path):
            for name, value in lines:
                if value is None:
                    found.pop(name, None)
                else:
                    found.setdefault(name, []).append(value)
    return {name: ", ".join(values) for name, values in found.items()}


def netlify(rules: list[Rule], path: str) -> dict[str, str]:
    """Netlify: the later matching rule's value of a header wins (netlify-cli's
    ``headersForPath``: ``Object.assign`` over the matching rules)."""
    found: dict[str, str] = {}
    for pattern, lines in rules:
        if matches(pattern, path):
            found.update({name: value for name, value in lines if value is not None})
    return found
