"""Raw HTML in bodies: what the site would refuse or drop is reported at its line and column in
the .md file, by ``validate`` and the build alike; nothing in a code span or block counts; and
a body that passes the check passes the build's markup check (a property test)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import cmarkgfm
import nh3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from showcase import check_showcase, run_check
from showcase.check.sitecheck import markup_problems
from showcase.load.dataset import Layout
from showcase.load.media import check_media
from showcase.load.rawhtml import check_raw_html, find_raw_html
from showcase.load.reader import Document, load_front_matter_file
from showcase.problems import Severity
from showcase.site import markup
from showcase.site.markdown_tree import FILTERED_TAGS
from showcase.site.markup import ALLOWED_TAGS, URL_SCHEMES, MarkdownRenderer

from .conftest import FIXTURES

FRONT = (
    "---\ntitle: T\nsummary: S.\nkind: project\nmunicipalities: [gent]\nthemes: [water]\n"
    "status: idee\nsources:\n  - title: B\n    url: https://example.org/\n"
    "    accessed: 2026-01-01\nlast_reviewed: 2026-01-01\n---\n"
)
"""Front matter of 13 lines: the body starts on line 14."""
SCRIPT = "en de site voert geen scripts uit de tekst uit"


def report(tmp_path: Path, body: str) -> list[str]:
    path = tmp_path / "content" / "projecten" / "p.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(FRONT + body, encoding="utf-8")
    doc, problems = load_front_matter_file(path, tmp_path)
    assert doc is not None and problems == []
    return [p.format_text() for p in check_raw_html(doc)]


def findings(body: str) -> list[tuple[int, int, str]]:
    return [(f.line, f.col, f.severity.value) for f in find_raw_html(body)]


def test_unquoted_event_handler_is_an_error_where_it_stands(tmp_path: Path) -> None:
    assert report(tmp_path, "Een alinea.\n\nFoto: <img src=x alt=x onerror=alert(1)> zo.\n") == [
        "content/projecten/p.md:16:24: body: het attribuut onerror op <img> is een script (een "
        f"event handler), {SCRIPT}; haal onerror weg"
    ]


def test_iframe_is_a_warning(tmp_path: Path) -> None:
    assert report(tmp_path, '<iframe src="https://www.youtube.com/embed/x"></iframe>\n') == [
        "content/projecten/p.md:14:1: waarschuwing: body: <iframe> wordt niet ingesloten maar "
        "als tekst getoond; zet een gewone link naar de video of de pagina"
    ]


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java&#x09;script:alert(1)",
        "java&Tab;script:alert(1)",
        "&#106;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "jav&#x0A;ascript:alert(1)",
    ],
)
def test_script_url_is_an_error(tmp_path: Path, href: str) -> None:
    shown = "JaVaScRiPt:alert(1)" if "JaVa" in href else "javascript:alert(1)"  # as read
    assert report(tmp_path, f'Lees <a href="{href}">dit</a>.\n') == [
        f"content/projecten/p.md:14:9: body: het adres '{shown}' in <a href> is een "
        f"script (javascript:), {SCRIPT}; link naar een webpagina (https://…)"
    ]


def test_script_urls_in_markdown_links_and_data_urls(tmp_path: Path) -> None:
    body = "Zie [dit](vbscript:x).\n\n<img alt=x src='data:image/png;base64,AAAA'>\n"
    assert report(tmp_path, body) == [
        f"content/projecten/p.md:14:5: body: het adres 'vbscript:x' van de link is een script "
        f"(vbscript:), {SCRIPT}; link naar een webpagina (https://…)",
        "content/projecten/p.md:16:12: body: het adres 'data:image/png;base64,AAAA' in <img src> "
        "is niet toegestaan (data:); zet het bestand in content/media/ en schrijf "
        "/media/<bestandsnaam>",
    ]


@pytest.mark.parametrize(
    "body",
    [
        "```html\n<img src=x onerror=alert(1)>\n<iframe></iframe>\n```\n",
        "~~~\n<script>alert(1)</script>\n~~~\n",
        "Een alinea.\n\n    <img src=x onerror=alert(1)>\n    <iframe></iframe>\n",
        "Schrijf `<img src=x onerror=alert(1)>` niet, en ook geen `` <iframe> ``.\n",
        "Schrijf \\<script>alert(1)\\</script> of &lt;iframe&gt; als tekst.\n",
        "- een lijst\n\n  ```\n  <a href=javascript:x>x</a>\n  ```\n",
        "| a | b |\n|---|---|\n| `<b onclick=x>` | c |\n",
    ],
)
def test_html_in_code_or_as_text_is_no_concern(body: str) -> None:
    assert find_raw_html(body) == []


@pytest.mark.parametrize(
    "body",
    [
        '<abbr title="Internet of Things">IoT</abbr> en <abbr title=LoRa>LoRa</abbr>',
        '<img src="/media/foto.png" alt="Een sensor" width="320" height=240>',
        '<a href="https://example.org/" title="x">link</a> <a href="mailto:a@b.be">mail</a>',
        "<table><tr><th scope=col colspan=2>a</th></tr><tr><td>b</td></tr></table>",
        '<h2 id="bijdragen">Bijdragen</h2>\n\n<ol start=3><li id=a>x</li></ol>',
        "<!-- een notitie voor wie het bestand bewerkt -->",
        "<sub>2</sub> <sup>3</sup> <br> <dl><dt>a</dt><dd>b</dd></dl>",
    ],
)
def test_allowed_html_is_no_concern(body: str) -> None:
    assert find_raw_html(body) == []


def test_what_is_dropped_harmlessly_says_what_to_write_instead(tmp_path: Path) -> None:
    body = (
        '<div class="kader" style="color:red">Tekst met <b>vet</b>.</div>\n\n'
        '<p class=intro>Een <a href="https://example.org/" target=_blank>link</a> en een '
        '<a href="ftp://example.org/x">ftp-link</a>.</p>\n\n'
        "<form><input name=q></form>\n"
    )
    messages = [line.split(": waarschuwing: body: ")[1] for line in report(tmp_path, body)]
    assert messages == [
        "<div> wordt weggelaten (de tekst erin blijft staan); laat de tag weg, de site bepaalt "
        "de opmaak",
        "<b> wordt weggelaten (de tekst erin blijft staan); schrijf **vet** in Markdown",
        "het attribuut class op <p> wordt weggelaten: de site bepaalt de opmaak",
        "het attribuut target op <a> wordt weggelaten: een link opent in hetzelfde venster",
        "het adres 'ftp://example.org/x' in <a href> wordt weggelaten: alleen http:, https:, "
        "mailto:, tel: of een pad op de site mogen",
        "<form> wordt weggelaten (de tekst erin blijft staan); een formulier kan niet in de "
        "tekst: zet een link naar het formulier",
        "<input> wordt weggelaten (de tekst erin blijft staan); een formulier kan niet in de "
        "tekst: zet een link naar het formulier",
    ]


def test_script_style_missing_alt_and_invalid_values_are_errors() -> None:
    body = (
        "<script>alert(1)</script>\n\n<style>p { color: red }</style>\n\n"
        'Een <img src="/media/foto.png"> en <img src="/media/foto.png" alt="" width=breed>.\n'
    )
    found = find_raw_html(body)
    assert [(f.line, f.col, f.severity) for f in found] == [
        (1, 1, Severity.ERROR),
        (3, 1, Severity.ERROR),
        (5, 5, Severity.ERROR),
        (5, 70, Severity.ERROR),
    ]
    assert found[0].message.startswith("<script> is niet toegestaan")
    assert found[1].message.startswith("<style> is niet toegestaan")
    assert found[2].message.startswith("<img> zonder alt: beschrijf wat er te zien is")
    assert found[3].message == (
        "de waarde 'breed' van width op <img> is geen geldige HTML: schrijf een getal (pixels), "
        "bv. 320"
    )


def test_positions_where_cmark_gfm_guesses_wrong() -> None:
    """cmark-gfm counts bytes, forgets a continuation line's extra indentation and loses the
    line after a tag that spans lines; the check places each tag where it is written."""
    body = (
        "Eerste regel met é en <b>x</b>\n"  # a character of two bytes before the tag
        "   ingesprongen <i>y</i>\n"  # extra indentation on a continuation line
        "<span\nclass=a>z</span> en <u>w</u>\n"  # a tag over two lines, then another
        "\n> citaat met <s>q</s>\n"
        "\n- item\n   met <em onclick=x>r</em>\n"
    )
    assert findings(body) == [
        (1, 23, "warning"),
        (2, 17, "warning"),
        (3, 1, "warning"),
        (4, 21, "warning"),
        (6, 14, "warning"),
        (9, 12, "error"),
    ]


def test_same_tag_in_a_code_span_before_it() -> None:
    body = "Zo: `<b onclick=x>` maar hier echt: <b onclick=x>vet</b>\n"
    assert findings(body)[0] == (1, 40, "error")


def test_an_unclosed_tag_at_the_end_of_a_block_is_judged() -> None:
    """nh3 reads an unclosed tag on to the next '>' in the HTML rendered after it."""
    assert findings(
        "<div>\n<img alt=x src=/media/foto.png onerror=alert(1)\n\nVolgende alinea."
    ) == [
        (1, 1, "warning"),
        (2, 32, "error"),
    ]


def test_filtered_tags_are_the_renderers() -> None:
    """FILTERED_TAGS is what cmark-gfm's tagfilter shows as text; other tags go to nh3."""
    for name in sorted(FILTERED_TAGS | {"object", "div", "abbr"}):
        html = cmarkgfm.github_flavored_markdown_to_html(f"x <{name}> y", options=markup.OPTIONS)
        assert (f"&lt;{name}>" in html) is (name in FILTERED_TAGS), (name, html)
    assert not FILTERED_TAGS & ALLOWED_TAGS


def test_validate_and_build_see_errors_but_only_validate_sees_warnings(scratch: Path) -> None:
    project = scratch / "content" / "projecten"
    (project / "kapot.md").write_text(FRONT + "<b onclick=x>kapot</b>\n")
    (project / "kader.md").write_text(FRONT + "<div>kader</div>\n")
    layout = Layout.at(scratch)
    mine = ("content/projecten/kapot.md", "content/projecten/kader.md")
    built = [(p.path, p.line, p.col, p.severity) for p in check_showcase(layout)[1]]
    assert [problem for problem in built if problem[0] in mine] == [
        ("content/projecten/kapot.md", 14, 4, Severity.ERROR)
    ]
    checked = run_check(layout, warnings=True).problems
    assert sorted(
        (p.path, p.line, p.col, p.severity, p.rule)
        for p in checked
        if p.path in mine and p.field == "body"
    ) == [
        ("content/projecten/kader.md", 14, 1, Severity.WARNING, "ruwe HTML"),
        ("content/projecten/kapot.md", 14, 1, Severity.WARNING, "ruwe HTML"),
        ("content/projecten/kapot.md", 14, 4, Severity.ERROR, "ruwe HTML"),
    ]


def test_cli_validate_prints_the_located_error(scratch: Path) -> None:
    path = scratch / "content" / "projecten" / "sensor.md"
    path.write_text(FRONT + "Een sensor.\n\n<img src=/media/sensor.jpg alt=x onerror=alert(1)>\n")
    result = subprocess.run(
        [sys.executable, "-m", "showcase", "validate", "--root", str(scratch), str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "GITHUB_ACTIONS": "false"},
        check=False,
    )
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "content/projecten/sensor.md:16:10: body: '/media/sensor.jpg' bestaat niet: zet het "
        "bestand in content/media/ of verbeter de naam",
        "content/projecten/sensor.md:16:34: body: het attribuut onerror op <img> is een script "
        f"(een event handler), {SCRIPT}; haal onerror weg",
    ]
    assert lines[-1].startswith("2 problemen")


# -- validate passes => the build passes ------------------------------------------------------

WORDS = ["Een", "slimme", "sensor", "meet", "é", "&amp;", "&lt;b&gt;", "\\<b>", "data:", "x"]
MARKDOWN = [
    "**vet**", "*schuin*", "~~weg~~", "## Kop {#kop}", "- item", "1. een", "> citaat",
    "[link](https://example.org/)", "[hier](/projecten/)", "[x](javascript:alert(1))",
    "[y](JAVA&#x09;SCRIPT:x)", "[z](<java\tscript:x>)", "[r][d]\n\n[d]: &#106;avascript:x",
    "[w](javascript\\:x)", "[v](<data:text/html,x>)", "![foto](/media/foto.png)",
    "![s](javascript:x)", "<https://example.org>", "<javascript:alert(1)>", "[^1]\n\n[^1]: n",
    "| a | b |\n|---|---|\n| c | d |", "---", "\\", "`", "```",
]  # fmt: skip
TAGS = [
    "a", "abbr", "img", "p", "div", "span", "b", "script", "style", "iframe", "object",
    "embed", "form", "input", "svg", "math", "textarea", "title", "noscript", "xmp", "td",
    "section", "h2", "details", "template", "base", "meta", "link", "frame", "video",
]  # fmt: skip
ATTRIBUTES = [
    "href", "src", "alt", "title", "id", "class", "style", "onerror", "onclick", "ONLOAD",
    "srcset", "action", "formaction", "xlink:href", "data", "target", "width", "rel",
]  # fmt: skip
VALUES = [
    "javascript:alert(1)", " JaVaScRiPt:x", "java&#x09;script:x", "&#106;avascript:x",
    "java\tscript:x", "javascript&colon;x", "data:text/html,x", "vbscript:x", "https://x.be/",
    "/media/foto.png", "x", "alert(1)", "1", "a b", "", "#kop", "mailto:a@b.be",
]  # fmt: skip


@st.composite
def start_tags(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(TAGS))
    parts = []
    for _ in range(draw(st.integers(0, 3))):
        attribute = draw(st.sampled_from(ATTRIBUTES))
        value = draw(st.sampled_from(VALUES))
        quote = draw(st.sampled_from(["", '"', "'", None]))
        if quote is None:
            parts.append(attribute)
        else:
            spaced = value if quote else value.replace(" ", "").replace("\t", "") or "x"
            parts.append(f"{attribute}={quote}{spaced}{quote}")
    gap = draw(st.sampled_from([" ", "\n", "/", " \n  "]))
    end = draw(st.sampled_from([">", "/>", "", ">"]))
    return f"<{name}{gap if parts else ''}{gap.join(parts)}{end}"


def fragments() -> st.SearchStrategy[str]:
    tag = start_tags()
    plain = st.one_of(
        st.sampled_from(WORDS + MARKDOWN),
        tag,
        st.sampled_from(TAGS).map(lambda name: f"</{name}>"),
        st.sampled_from(["<!-- ", " -->", "<!-- x -->", "<?x?>", "<![CDATA[x]]>"]),
    )
    return st.one_of(
        plain,
        plain.map(lambda text: f"`{text}`"),
        plain.map(lambda text: f"``{text}``"),
        plain.map(lambda text: f"\n```\n{text}\n```\n"),
        plain.map(lambda text: f"\n\n    {text}\n"),
    )


@st.composite
def bodies(draw: st.DrawFn) -> str:
    parts = draw(st.lists(fragments(), max_size=12))
    separators = draw(
        st.lists(st.sampled_from(["", " ", "\n", "\n\n", "\n> ", "\n- ", "  "]), min_size=12)
    )
    body = "".join(part + separator for part, separator in zip(parts, separators, strict=False))
    for _ in range(draw(st.integers(0, 3))):  # mutations: a character in, or a slice out
        at = draw(st.integers(0, len(body)))
        if draw(st.booleans()):
            body = body[:at] + draw(st.sampled_from(list("<>\"'`=/&;\n \\"))) + body[at:]
        else:
            body = body[:at] + body[at + draw(st.integers(1, 6)) :]
    return body


def validate_errors(body: str) -> list[str]:
    """The errors ``validate`` reports about a body: raw HTML, and media."""
    doc = Document(Path("p.md"), "p.md", None, body=body, body_line=1)
    found = [f.message for f in find_raw_html(body) if f.severity is Severity.ERROR]
    return found + [p.message for p in check_media(doc, FIXTURES / "content" / "media")]


def runs_something(field: str) -> bool:
    """Of the site check's problems, those about running something (nh3 drops the others)."""
    attribute = field.partition(".")[2]
    return field == "script" or attribute.startswith("on") or attribute in {"href", "src"}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies())
def test_what_validate_passes_the_build_publishes(body: str) -> None:
    """If the body check finds no error, the rendered body passes the build's markup check;
    and even before nh3, the HTML holds nothing that runs (the check misses nothing)."""
    for finding in find_raw_html(body):
        lines = body.split("\n")
        assert (
            1 <= finding.line <= len(lines) and 1 <= finding.col <= len(lines[finding.line - 1]) + 1
        )
    if validate_errors(body):
        return
    assert markup_problems(MarkdownRenderer().render(body), "body") == []
    before_nh3 = cmarkgfm.github_flavored_markdown_to_html(body, options=markup.OPTIONS)
    read = as_a_browser_reads(before_nh3)
    assert [p for p in markup_problems(read, "body") if runs_something(p.field)] == [], read


def as_a_browser_reads(html: str) -> str:
    """``html`` as an HTML5 parser reads it (html5ever, through nh3 allowing every tag and
    attribute of the strategies and the script schemes): comments, unclosed tags and the like
    resolved, so the build's tag scanner sees what a browser would."""
    return nh3.clean(
        html,
        tags=set(TAGS) | ALLOWED_TAGS,
        clean_content_tags=set(),
        attributes={"*": {name.lower() for name in ATTRIBUTES}},
        url_schemes={*URL_SCHEMES, "javascript", "vbscript", "data"},
        strip_comments=True,
        link_rel=None,
    )
