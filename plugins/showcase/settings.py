"""The showcase's settings: every ``SHOWCASE_*`` setting, its type and its default, in one place.

``pelicanconf.py`` (and ``publishconf.py``) set them; the build reads them through Pelican and
the command line reads the same file (:func:`read_settings_file`), so ``validate`` looks in the
same folders as the build. Nothing else reads a ``SHOWCASE_*`` key: code asks this object.
docs/architecture.md documents every field (a test keeps it so).
"""

from __future__ import annotations

import dataclasses
import runpy
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

PREFIX = "SHOWCASE_"

DEFAULT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'"
)
DEFAULT_CSP_SEARCH = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'"
)


class SettingsError(ValueError):
    """A ``SHOWCASE_*`` setting with a value of the wrong type, or one that does not exist."""


@dataclass(frozen=True)
class ShowcaseSettings:
    """Every setting of the showcase; the field ``data_path`` is ``SHOWCASE_DATA_PATH``."""

    data_path: str = "data"
    """The data folder, relative to the project root (the folder of the settings file)."""
    content_path: str = "content"
    """The content folder, relative to the project root."""
    edit_url: str = ""
    """Where "Bewerk deze pagina" links point: a source file's path is appended ("" = none)."""
    repository_url: str = ""
    """The public repository, for links to its forms and files ("" = none)."""
    cache_path: str = ".cache/showcase"
    """The cache of the build and of ``validate`` (rendered Markdown, loaded files), relative to
    the project root ("" = no cache)."""
    workers: int | None = None
    """Processes for the heavy steps; ``None`` = one per usable core."""
    search_shard_pages: int = 2500
    """Indexed pages per search-index shard (Pagefind needs ~0.2 MB of memory per page)."""
    publisher: str = "Slimme Steden en Gemeenten Vlaanderen"
    """Who publishes the open data (the DCAT catalogue names it)."""
    contact_url: str = ""
    """Where to reach the publisher about the open data ("" = not given)."""
    check_html: bool = True
    """Check the built site with the Nu HTML checker (needs Java; skipped with a note)."""
    csp: str = DEFAULT_CSP
    """The Content-Security-Policy of every page (meta tag and ``_headers``)."""
    csp_search: str = DEFAULT_CSP_SEARCH
    """The policy of the search page, which also runs Pagefind's WebAssembly."""
    kinds: str = "showcase.kinds:KINDS"
    """The content-kinds registry, as ``module:attribute`` (see :mod:`showcase.kinds`)."""
    editor_branch: str = "main"
    """The branch the web editor (``/admin/``) proposes its changes to."""
    editor_auth_url: str = ""
    """The OAuth service the web editor logs in to GitHub through (``https://host/auth``);
    "" = Netlify's, which works only for a site on Netlify (docs/publishing.md)."""

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> ShowcaseSettings:
        """The settings from a mapping of setting names (``SHOWCASE_DATA_PATH``…) to values;
        other keys are ignored, an unknown ``SHOWCASE_*`` key or a wrong type is an error."""
        known = {setting_name(f.name): f for f in fields(cls)}
        unknown = sorted(k for k in values if k.startswith(PREFIX) and k not in known)
        if unknown:
            raise SettingsError(
                f"onbekende instelling {unknown[0]}; bestaande instellingen: {', '.join(known)}"
            )
        chosen: dict[str, Any] = {}
        hints = typing.get_type_hints(cls)
        for key, spec in known.items():
            if key in values:
                chosen[spec.name] = _checked(key, values[key], hints[spec.name])
        return cls(**chosen)

    def as_mapping(self) -> dict[str, Any]:
        """``{"SHOWCASE_DATA_PATH": "data", …}``: what templates see."""
        return {setting_name(k): v for k, v in dataclasses.asdict(self).items()}


def setting_name(field_name: str) -> str:
    return PREFIX + field_name.upper()


def _checked(key: str, value: Any, hint: Any) -> Any:
    allowed = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    if value is None and type(None) in allowed:
        return value
    for kind in allowed:
        if kind is type(None):
            continue
        if kind is int and isinstance(value, bool):
            continue
        if isinstance(value, kind):
            return value
    names = " of ".join("None" if k is type(None) else k.__name__ for k in allowed)
    raise SettingsError(f"{key} moet {names} zijn, niet {value!r}")


def read_settings_file(path: Path) -> ShowcaseSettings:
    """The showcase settings in a Pelican settings file (``pelicanconf.py``), without Pelican:
    the file holds settings only, so running it gives its values."""
    values = runpy.run_path(str(path))
    return ShowcaseSettings.from_mapping(values)
