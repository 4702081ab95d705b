"""Page fingerprints: a page is rendered again exactly when something it was made from changed.

A warm build keeps a page unrendered when its context fingerprint and every value it read
from the catalogue last time are unchanged. The unit tests pin the fingerprint and the
recorder; the sequence test edits the real data one kind of file at a time (a project, a
municipality, a theme, a region, the organisation, a new project, a template) and after each
edit compares the warm build with a cold build of the same tree, byte for byte.
"""

from __future__ import annotations

import datetime
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from jinja2 import DictLoader
from markupsafe import Markup

from pelican_showcase.build import build
from showcase.link.catalogue import Catalogue
from showcase.site.fingerprints import (
    Fingerprinter,
    Unfingerprintable,
    changed_dependencies,
    fingerprint,
    identity,
)
from showcase.site.recording import Recorder, RecordingEnvironment

from .conftest import ROOT
from .test_incremental import files_of


def test_equal_values_have_equal_fingerprints_and_others_do_not() -> None:
    value = {"a": [1, "x", None, True], "b": (datetime.date(2024, 1, 2), Markup("<b>"))}
    assert fingerprint(value) == fingerprint({"a": [1, "x", None, True], **{"b": value["b"]}})
    assert fingerprint([1]) != fingerprint([True]) != fingerprint(["1"])
    assert fingerprint("<b>") != fingerprint(Markup("<b>"))
    assert fingerprint(["ab", "c"]) != fingerprint(["a", "bc"])
    with pytest.raises(Unfingerprintable):
        fingerprint([object()])


def test_a_linked_object_stands_by_its_identity(real_catalogue: Catalogue) -> None:
    gent = real_catalogue.by_slug["gent"]
    assert identity(gent) == ("Place", gent.record.nis_code)
    assert fingerprint([gent]) == fingerprint([real_catalogue.by_slug["gent"]])
    assert fingerprint([gent]) != fingerprint([real_catalogue.by_slug["antwerpen"]])
    project = real_catalogue.projects[0]
    assert identity(project) == ("Entry", "project", project.slug)


def test_the_memory_never_mistakes_one_page_for_another() -> None:
    """The generator fingerprints each page's context in a new tuple (a temporary, which may
    take the id of the previous one); what the tuple holds lives as long as the pages."""
    contexts = [([1, 2], {"x": [3]}), ([4, 5], {"x": [6]})]
    remember = Fingerprinter()
    first = remember(("page.html", contexts[0]))
    second = remember(("page.html", contexts[1]))
    assert first != second
    assert first == fingerprint(("page.html", contexts[0])) == remember(("page.html", contexts[0]))


def test_the_recorder_sees_what_a_template_reads(real_catalogue: Catalogue) -> None:
    env = RecordingEnvironment(
        loader=DictLoader(
            {
                "t": "{{ place.name }} {{ place['slug'] }} {{ place.all_predecessors()|length }}"
                "{% for p in projects %}{{ p.title }}{% endfor %}"
            }
        )
    )
    recorder = env.recorder = Recorder()
    gent = real_catalogue.by_slug["gent"]
    with recorder.page() as reads:
        env.get_template("t").render(place=gent, projects=real_catalogue.projects[:2])
    read = {recorder.table[i][0] for i in reads.indexes}
    key = identity(gent)
    assert {("a", key, "name"), ("i", key, "slug"), ("c", key, "all_predecessors", ())} <= read
    assert ("a", identity(real_catalogue.projects[1]), "title") in read
    assert not reads.broken
    with recorder.page() as reads:
        env.from_string("{{ place[place] }}").render(place=gent)
    assert reads.broken  # a read by a key it cannot write down: always rendered


def test_a_changed_value_is_found_and_an_unchanged_one_is_not(
    real_catalogue: Catalogue,
) -> None:
    env = RecordingEnvironment()
    gent = identity(real_catalogue.by_slug["gent"])
    table = [
        (("a", gent, "name"), fingerprint("Gent")),
        (("a", gent, "name"), fingerprint("Gand")),
        (("a", ("Place", "00000"), "name"), fingerprint("Nergens")),
    ]
    changed, now = changed_dependencies(table, real_catalogue, env.getattr, env.getitem)
    assert list(changed) == [0, 1, 1]
    assert now[0] == now[1] == fingerprint("Gent") and now[2] is None


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _new_project(tree: Path) -> None:
    source = tree / "content/projecten/antwerp-smart-zone-slimme-verlichting.md"
    text = source.read_text(encoding="utf-8")
    title = text.split("title: ", 1)[1].split("\n", 1)[0]
    copy = text.replace(f"title: {title}", "title: Slimme verlichting in een tweede straat")
    (tree / "content/projecten/slimme-verlichting-tweede-straat.md").write_text(copy, "utf-8")


EDITS: list[tuple[str, Callable[[Path], None]]] = [
    (
        "a project's summary",
        lambda tree: _replace(
            tree / "content/projecten/antwerp-smart-zone-slimme-verlichting.md",
            "summary: ",
            "summary: Bijgewerkt. ",
        ),
    ),
    (
        "a municipality's name",
        lambda tree: _replace(
            tree / "data/municipalities/11001-aartselaar.yaml",
            "name: 'Aartselaar'",
            "name: 'Aartselaer'",
        ),
    ),
    (
        "a theme's label",
        lambda tree: _replace(
            tree / "data/themes.yaml", "label: Lokale economie en handel", "label: Lokale handel"
        ),
    ),
    (
        "a region",
        lambda tree: _replace(
            tree / "data/regions.yaml",
            'description: "De provincie Limburg',
            'description: "Heel Limburg',
        ),
    ),
    (
        "the organisation",
        lambda tree: _replace(tree / "data/organisation.yaml", "02 211 55 00", "02 211 55 01"),
    ),
    ("a new project", _new_project),
]


def copy_tree(source: Path, target: Path) -> Path:
    """The data, content, theme and settings of ``source`` (a template is edited here too)."""
    for name in ("data", "content", "theme"):
        shutil.copytree(source / name, target / name)
    shutil.copy(source / "pelicanconf.py", target / "pelicanconf.py")
    return target


@pytest.fixture(scope="module")
def warm_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_tree(ROOT, tmp_path_factory.mktemp("warm"))


def _build(tree: Path, capfd: pytest.CaptureFixture[str]) -> tuple[dict[str, bytes], int]:
    overrides = {
        "THEME": str(tree / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "SHOWCASE_CHECK_HTML": False,
    }
    capfd.readouterr()
    assert build(tree / "pelicanconf.py", tree / "output", overrides=overrides, timings=True) == 0
    rendered = re.search(r"(\d+) pagina's opgemaakt", capfd.readouterr().out)
    assert rendered is not None
    return files_of(tree / "output"), int(rendered.group(1))


@pytest.mark.parametrize("what", [name for name, _ in EDITS] + ["a template"])
def test_after_each_edit_the_warm_build_equals_a_cold_one(
    what: str, warm_tree: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """The edits are applied one after another to the same warm tree (each test builds on
    the previous one's output and cache); the cold tree is a fresh copy of it."""
    if not (warm_tree / "output").exists():
        _, rendered = _build(warm_tree, capfd)
        assert rendered > 900
        _, rendered = _build(warm_tree, capfd)
        assert rendered == 0  # nothing changed since the last build: nothing rendered
    before = files_of(warm_tree / "output")
    if what == "a template":
        _replace(warm_tree / "theme/templates/base.html", "</footer>", "<!-- nieuw --></footer>")
    else:
        dict(EDITS)[what](warm_tree)
    warm, rendered = _build(warm_tree, capfd)
    assert warm != before
    cold, all_pages = _build(copy_tree(warm_tree, tmp_path / "cold"), capfd)
    assert sorted(warm) == sorted(cold)
    assert [name for name in warm if warm[name] != cold[name]] == []
    if what == "a template":
        assert rendered == all_pages
    elif what != "the organisation":  # shown on every page
        assert 0 < rendered < all_pages


def test_no_template_reads_a_setting_left_out_of_the_fingerprint() -> None:
    from pelican_showcase.generator import NOT_ON_PAGES

    for template in (ROOT / "theme/templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not [name for name in NOT_ON_PAGES if name in text], template
