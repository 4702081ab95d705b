"""The internal link check, on small synthetic output folders and on the real build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from showcase.check.links import check_links
from showcase.problems import Problem

INDEX = """<!doctype html>
<html><head>
<link rel="stylesheet" href="/theme/site.css">
<link rel="alternate" href="/feeds/all.atom.xml">
</head><body id="top">
<a href="/projecten/">projecten</a> <a href="projecten">zonder slash</a>
<a href="/projecten/#lijst">lijst</a> <a href="#top">boven</a>
<a href="https://example.org/elders/">extern</a> <a href="mailto:info@example.org">mail</a>
<a href="tel:+3292101010">bel</a> <a href="">leeg</a> <a href="?pagina=2">pagina 2</a>
<img src="/theme/logo.svg" alt="">
<a href="/gemeenten/">kapot</a>
<a href="/projecten/#nergens">anker</a>
<a href="#onderaan">eigen anker</a>
<img src="/theme/ontbreekt.png" alt="">
</body></html>
"""
PROJECTS = """<!doctype html>
<html><body>
<ul id="lijst">
  <li><a href="../">terug</a></li>
  <li><a href="../../buiten/">buiten de site</a></li>
  <li><a name="oud"></a><a href="#oud">oud anker</a></li>
  <li><a href="telraam/index.html#bronnen">telraam</a></li>
  <li><a href="telraam/">telraam</a></li>
  <li><a href="/projecten/met%20spatie/">met spatie</a></li>
</ul>
</body></html>
"""


def make_site(root: Path) -> Path:
    output = root / "output"
    files = {
        "index.html": INDEX,
        "projecten/index.html": PROJECTS,
        "projecten/telraam/index.html": '<h2 id="bronnen">Bronnen</h2>',
        "projecten/met spatie/index.html": "<p>ok</p>",
        "theme/site.css": "body {}",
        "theme/logo.svg": "<svg/>",
        "feeds/all.atom.xml": "<feed/>",
    }
    for name, text in files.items():
        path = output / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return output


def test_broken_links_and_anchors(tmp_path: Path) -> None:
    output = make_site(tmp_path)
    assert sorted(check_links(output)) == [
        Problem(
            "index.html",
            11,
            1,
            "href",
            "'/gemeenten/' leidt nergens heen: gemeenten/index.html bestaat niet",
        ),
        Problem(
            "index.html",
            12,
            1,
            "href",
            "'/projecten/#nergens' wijst naar '#nergens', maar projecten/index.html heeft geen "
            "element met id 'nergens'",
        ),
        Problem(
            "index.html",
            13,
            1,
            "href",
            "'#onderaan' wijst naar '#onderaan', maar index.html heeft geen element met id 'onderaan'",
        ),
        Problem(
            "index.html",
            14,
            1,
            "src",
            "'/theme/ontbreekt.png' leidt nergens heen: theme/ontbreekt.png bestaat niet",
        ),
        Problem(
            "projecten/index.html",
            5,
            7,
            "href",
            "'../../buiten/' leidt nergens heen: de link klimt uit de site",
        ),
    ]


def test_clean_site(tmp_path: Path) -> None:
    output = tmp_path / "output"
    (output / "a").mkdir(parents=True)
    (output / "index.html").write_text('<a href="/a/">a</a><a href="a/#x">x</a>', encoding="utf-8")
    (output / "a" / "index.html").write_text('<p id="x"><a href="../">terug</a></p>')
    assert check_links(output) == []


def test_site_url_makes_absolute_links_internal(tmp_path: Path) -> None:
    output = tmp_path / "output"
    (output / "projecten").mkdir(parents=True)
    (output / "projecten" / "index.html").write_text("<h1 id='titel'>Projecten</h1>")
    (output / "index.html").write_text(
        "\n".join(
            [
                '<a href="https://example.org/showcase/projecten/">ok</a>',
                '<a href="https://example.org/showcase">ok: the home page</a>',
                '<a href="https://example.org/showcase/projecten/#titel">ok</a>',
                '<a href="/showcase/projecten/">ok: site-relative under the prefix</a>',
                '<a href="https://example.org/elders/">another site on the same host</a>',
                '<a href="https://example.org/showcase/themas/">broken</a>',
                '<a href="/projecten/">outside /showcase/ on the host</a>',
            ]
        ),
        encoding="utf-8",
    )
    assert check_links(output, site_url="https://example.org/showcase/") == [
        Problem(
            "index.html",
            6,
            1,
            "href",
            "'https://example.org/showcase/themas/' leidt nergens heen: themas/index.html bestaat niet",
        ),
        Problem(
            "index.html",
            7,
            1,
            "href",
            "'/projecten/' verlaat de site: die staat gepubliceerd onder /showcase/, schrijf de link "
            "dus met SITEURL",
        ),
    ]
    # Without the site URL, absolute links are other sites, and the output is the host's root.
    assert check_links(output) == [
        Problem(
            "index.html",
            4,
            1,
            "href",
            "'/showcase/projecten/' leidt nergens heen: showcase/projecten/index.html bestaat niet",
        )
    ]


def test_the_real_build_has_no_broken_links(built_site: Path) -> None:
    assert check_links(built_site) == []


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "showcase", "linkcheck", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "GITHUB_ACTIONS": "false"},
        check=False,
    )


def test_command_exit_codes(tmp_path: Path) -> None:
    output = make_site(tmp_path)
    broken = run(str(output))
    assert broken.returncode == 1
    assert broken.stdout.splitlines()[0] == (
        "index.html:11:1: href: '/gemeenten/' leidt nergens heen: gemeenten/index.html bestaat niet"
    )
    assert broken.stdout.splitlines()[-1] == "5 problemen in 2 bestanden"
    github = run(str(output), "--format", "github")
    assert github.stdout.splitlines()[0].startswith("::error file=index.html,line=11,col=1,")
    (output / "index.html").unlink()
    (output / "projecten" / "index.html").unlink()
    clean = run(str(output))
    assert (clean.returncode, clean.stdout) == (0, "0 problemen in 0 bestanden\n")
    assert run(str(tmp_path / "niets")).returncode == 2


def test_quick_tag_scan_finds_what_the_full_scan_finds(built_site: Path) -> None:
    """page_links only looks at tags that may hold an id or a link; on every built page it
    must find the same ids and links as a look at every tag."""
    from showcase.check.htmlscan import iter_tags
    from showcase.check.links import LINK_ATTRIBUTES, page_links

    for path in sorted(built_site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        ids: set[str] = set()
        links: list[tuple[str, str]] = []
        for tag in iter_tags(text):
            if "id" in tag.attrs:
                ids.add(tag.attrs["id"])
            if tag.name == "a" and "name" in tag.attrs:
                ids.add(tag.attrs["name"])
            for attribute in LINK_ATTRIBUTES.get(tag.name, ()):
                if attribute in tag.attrs:
                    links.append((attribute, tag.attrs[attribute].strip()))
        found = page_links(text)
        assert found.ids == ids, path
        assert [(link.attribute, link.url) for link in found.links] == links, path


def test_a_route_of_a_script_is_not_an_anchor(tmp_path: Path) -> None:
    output = tmp_path / "output"
    (output / "admin").mkdir(parents=True)
    (output / "admin" / "index.html").write_text("<!doctype html><title>Editor</title>\n")
    (output / "index.html").write_text(
        '<!doctype html><title>T</title>\n<a href="/admin/#/collections/projecten/new">E</a>\n'
        '<a href="/beheer/#/collections/projecten/new">F</a>\n'
    )
    assert [p.message for p in check_links(output)] == [
        "'/beheer/#/collections/projecten/new' leidt nergens heen: beheer/index.html bestaat niet"
    ]
