"""The words of each project's text are counted once and kept between builds: a build with the
cache gives exactly what a build without it gives, after an edit that changes the outcome."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from showcase import Catalogue, check_showcase
from showcase.derive import word_counts
from showcase.derive.neighbours import load_neighbours, neighbours_path
from showcase.derive.synergy import Synergies, compute_synergies
from showcase.load.dataset import Layout
from showcase.site.pack import read_pack_of

TODAY = dt.date(2026, 11, 29)


def synergies_of(root: Path, cache: Path | None) -> tuple[Catalogue, Synergies]:
    catalogue, problems = check_showcase(Layout.at(root))
    assert problems == []
    neighbours, problems = load_neighbours(neighbours_path(root / "data"), catalogue)
    assert neighbours is not None and problems == []
    return catalogue, compute_synergies(catalogue, neighbours, workers=1, today=TODAY, cache=cache)


def ranking(synergies: Synergies) -> dict[str, list[tuple[str, float, tuple[str, ...]]]]:
    """Every project's related projects as plain data, to compare two catalogues' results."""
    return {
        slug: [(r.project.slug, r.score, r.reasons) for r in found]
        for slug, found in synergies.related.items()
    }


def related_slugs(synergies: Synergies, slug: str) -> list[str]:
    return [r.project.slug for r in synergies.related[slug]]


def test_a_warm_build_after_an_edit_equals_a_cold_one(scratch: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    catalogue, first = synergies_of(scratch, cache)
    projects = sorted(catalogue.projects, key=lambda p: p.slug)
    assert first.work.counted == len(projects)
    assert (cache / word_counts.PACK_NAME).exists()

    # Project A takes over the words of a project B it is not related to (and that does not
    # share its municipalities): B becomes one of its related projects.
    edited, other = projects[0], None
    for candidate in reversed(projects):
        if candidate.slug not in related_slugs(first, edited.slug) and not (
            {p.nis_code for p in candidate.places} & {p.nis_code for p in edited.places}
        ):
            other = candidate
            break
    assert other is not None
    source = scratch / edited.source
    words = f"\n\n{other.record.title}. {other.record.summary}\n\n{other.body}\n" * 3
    source.write_text(source.read_text(encoding="utf-8") + words, encoding="utf-8")

    _, warm = synergies_of(scratch, cache)
    _, cold = synergies_of(scratch, None)
    assert warm.work.counted == 1, "only the edited text is counted again"
    assert cold.work.counted == len(projects)
    assert other.slug in related_slugs(cold, edited.slug), "the edit changes the outcome"
    assert related_slugs(cold, edited.slug) != related_slugs(first, edited.slug)
    assert ranking(warm) == ranking(cold)

    # The pack now holds exactly this build's texts: the old text of A is gone.
    stored = read_pack_of(cache / word_counts.PACK_NAME, _version(), dict)
    assert len(stored) == len(projects)


def test_a_damaged_pack_is_counted_again_never_trusted(scratch: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _, first = synergies_of(scratch, cache)
    pack = cache / word_counts.PACK_NAME
    data = bytearray(pack.read_bytes())
    data[-5] ^= 0xFF
    pack.write_bytes(bytes(data))
    _, again = synergies_of(scratch, cache)
    assert again.work.counted == first.work.counted
    assert ranking(again) == ranking(first)
    _, warm = synergies_of(scratch, cache)
    assert warm.work.counted == 0 and ranking(warm) == ranking(first)


def test_other_rules_are_another_version(tmp_path: Path) -> None:
    rules = tmp_path / "related.py"
    rules.write_text("MIN_WORD_LENGTH = 4\n", encoding="utf-8")
    before = word_counts.counts_version(rules)
    rules.write_text("MIN_WORD_LENGTH = 3\n", encoding="utf-8")
    assert word_counts.counts_version(rules) != before
    keys = word_counts.text_keys(["een tekst"], before, frozenset({"gent"}))
    assert keys != word_counts.text_keys(["een tekst"], before, frozenset({"brugge"}))
    assert keys != word_counts.text_keys(
        ["een tekst"], word_counts.counts_version(rules), frozenset({"gent"})
    )


def _version() -> str:
    from showcase.derive import related

    return word_counts.counts_version(Path(related.__file__))
