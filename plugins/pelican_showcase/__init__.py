"""Thin Pelican glue for the showcase: one ``register()``, one generator.

Everything the pages show comes from :mod:`showcase`; this package only hands the catalogue to
Pelican's writer and templates.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from pelican_showcase.generator import ShowcaseGenerator


def get_generators(pelican: Any) -> type[ShowcaseGenerator]:
    return ShowcaseGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
