"""The monthly freshness check: the link prober against a local server, the stale entries on a
scratch copy, the report's exact Markdown, and the workflow, linted and run with a fake ``gh``."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from showcase.check import freshness, probe
from showcase.check.freshness import (
    CLEAN_MARKER,
    MARKER,
    Citation,
    DeadSource,
    Freshness,
    StaleEntry,
    check_freshness,
    render_report,
)
from showcase.load.dataset import Layout
from showcase.parallel import map_threads

from .conftest import FIXTURES, ROOT
from .workflow_steps import FakeGh, load_workflow, run_script

SLOW = 2.0
"""How long /slow keeps the client waiting; the tests' time-out is far shorter."""
TIMEOUT = 0.5

# --- a local web server ------------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    """Answers by path: /ok 200, /missing 404, /broken 500, /moved → /ok, /gone → /missing,
    /no-head 405 to HEAD and 200 to GET, /slow waits, /loop redirects to itself, /busy 429."""

    REDIRECTS: ClassVar[dict[str, str]] = {"/moved": "/ok", "/gone": "/missing", "/loop": "/loop"}
    STATUS: ClassVar[dict[str, int]] = {"/ok": 200, "/missing": 404, "/broken": 500, "/busy": 429}

    def do_HEAD(self) -> None:
        self.answer()

    def do_GET(self) -> None:
        self.answer()

    def answer(self) -> None:
        server: Any = self.server
        server.seen.append((self.command, self.path, self.headers.get("User-Agent")))
        path = self.path.split("?")[0]
        if path == "/slow":
            time.sleep(SLOW)
        if path in self.REDIRECTS:
            self.send_response(301 if path == "/moved" else 302)
            self.send_header("Location", self.REDIRECTS[path])
        elif path == "/no-head":
            self.send_response(405 if self.command == "HEAD" else 200)
        else:
            self.send_response(self.STATUS.get(path, 200 if path == "/slow" else 404))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[Any]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False  # a /slow request may still sleep when the tests end
    httpd.seen = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def base(server: Any) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


def closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


# --- the prober --------------------------------------------------------------------------------


def test_every_answer_is_classified(server: Any) -> None:
    root = base(server)
    paths = ["/ok", "/missing", "/broken", "/moved", "/gone", "/no-head", "/slow", "/loop", "/busy"]
    answers = probe.probe_urls([root + p for p in paths], timeout=TIMEOUT)
    found = [
        (a.url.removeprefix(root), a.outcome, a.dead, (a.final_url or "").removeprefix(root))
        for a in answers
    ]
    assert found == [  # sorted by address
        ("/broken", "500", True, ""),
        ("/busy", "429", False, ""),
        ("/gone", "404", True, "/missing"),
        ("/loop", "te veel doorverwijzingen", True, ""),
        ("/missing", "404", True, ""),
        ("/moved", "200", False, "/ok"),
        ("/no-head", "200", False, ""),
        ("/ok", "200", False, ""),
        ("/slow", "time-out", True, ""),
    ]


def test_a_closed_port_refuses_the_connection() -> None:
    url = f"http://127.0.0.1:{closed_port()}/bron"
    assert probe.probe_url(url, timeout=TIMEOUT) == probe.Answer(url, "verbinding geweigerd", True)


def test_head_first_get_only_when_head_is_refused_each_address_once(server: Any) -> None:
    root = base(server)
    server.seen.clear()
    urls = [root + "/ok", root + "/no-head", root + "/moved", root + "/ok#anker", root + "/ok"]
    answers = probe.probe_urls(urls, timeout=TIMEOUT, agent=probe.user_agent("https://x.test/"))
    assert [a.url for a in answers] == sorted(set(urls))
    requests = sorted((method, path) for method, path, _ in server.seen)
    assert requests == [
        ("GET", "/no-head"),
        ("HEAD", "/moved"),
        ("HEAD", "/no-head"),
        ("HEAD", "/ok"),  # the redirect of /moved, still HEAD
        ("HEAD", "/ok"),
        ("HEAD", "/ok"),  # /ok#anker: the fragment never reaches the server
    ]
    agents = {agent for _, _, agent in server.seen}
    assert agents == {"slimme-gemeenten-showcase-bronnencontrole/1.0 (+https://x.test/)"}


def test_addresses_are_sent_in_ascii() -> None:
    assert probe.ascii_url("https://www.gemeente.be/één?q=ä#x") == (
        "https://www.gemeente.be/%C3%A9%C3%A9n?q=%C3%A4"
    )
    assert probe.ascii_url("https://bücher.example/a%20b") == "https://xn--bcher-kva.example/a%20b"


def test_threads_keep_order_and_the_limit_per_group() -> None:
    lock = threading.Lock()
    running: dict[str, int] = {"slow": 0, "fast": 0}
    most: dict[str, int] = {"slow": 0, "fast": 0}
    finished: list[str] = []

    def task(item: tuple[str, int]) -> int:
        group, number = item
        with lock:
            running[group] += 1
            most[group] = max(most[group], running[group])
        time.sleep(0.2 if group == "slow" else 0.01)
        with lock:
            running[group] -= 1
            finished.append(group)
        return number

    items = [("slow", n) for n in range(6)] + [("fast", n) for n in range(6, 10)]
    results = map_threads(task, items, workers=4, group=lambda item: item[0], per_group=2)
    assert results == list(range(10))
    assert most == {"slow": 2, "fast": 2}
    # The slow group never held the whole pool: every fast item ended before the slow ones.
    assert finished[:4] == ["fast"] * 4
    assert map_threads(task, [], workers=4) == []


# --- what is stale -----------------------------------------------------------------------------

TODAY = dt.date(2027, 6, 1)
STALE_PROJECT = """---
title: "Een oud project | met een streep"
summary: "Lang niet nagekeken."
kind: project
municipalities: [boom]
themes: [luchtkwaliteit]
status: lopend
sources:
  - title: Bron
    url: {url}
    accessed: 2025-05-31
last_reviewed: 2025-05-31
---
Tekst.
"""
OLDER_ERVARING = """---
title: "Een oude ervaring"
summary: "Nog langer niet nagekeken."
municipalities: [boom]
sources:
  - title: Bron
    url: {url}
    accessed: 2024-01-10
last_reviewed: 2024-01-10
---
Tekst.
"""
JUST_IN_TIME = """---
title: "Net op tijd"
summary: "Precies twee jaar geleden nagekeken: nog niet te oud."
audience: gemeenten
municipalities: [boom]
sources:
  - title: Bron
    url: {url}
    accessed: 2025-06-01
last_reviewed: 2025-06-01
---
Tekst.
"""
OURS = {
    "content/projecten/een-oud-project.md": STALE_PROJECT,
    "content/ervaringen/een-oude-ervaring.md": OLDER_ERVARING,
    "content/suggesties/net-op-tijd.md": JUST_IN_TIME,
}


def write_entries(root: Path, url: str = "https://example.org/bron") -> None:
    for path, text in OURS.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text.format(url=url), encoding="utf-8")


def test_stale_entries_oldest_first_with_the_line_of_last_reviewed(scratch: Path) -> None:
    for folder in (FIXTURES / "content").iterdir():
        shutil.copytree(folder, scratch / "content" / folder.name, dirs_exist_ok=True)
    write_entries(scratch)
    report = check_freshness(Layout.at(scratch), TODAY, links=False)
    assert report.errors == 0 and report.checked is None and report.dead == ()
    assert [s for s in report.stale if s.path in OURS] == [
        StaleEntry(
            "content/ervaringen/een-oude-ervaring.md",
            9,
            "Een oude ervaring",
            "Ervaring",
            dt.date(2024, 1, 10),
        ),
        StaleEntry(
            "content/projecten/een-oud-project.md",
            12,
            "Een oud project | met een streep",
            "Project",
            dt.date(2025, 5, 31),
        ),
    ]
    # The fixtures were reviewed recently; the rule is the warning's rule.
    assert not [s for s in report.stale if s.path.startswith("content/") and "test-" in s.path]
    assert all(s.last_reviewed < dt.date(2025, 6, 1) for s in report.stale)


def test_addresses_are_collected_from_every_url_field(scratch: Path) -> None:
    from showcase.load.dataset import load_dataset

    data, _ = load_dataset(Layout.at(scratch))
    cited = freshness.collect_citations(data)
    fields = {re.sub(r"\[\d+\]", "[]", c.field) for places in cited.values() for c in places}
    # Sources of entries, websites and contacts of municipalities (and their sources).
    assert {"sources[].url", "website.url", "website.source.url", "contact.source.url"} <= fields
    assert list(cited) == sorted(cited)
    gent = [c for c in cited["https://stad.gent/"] if c.path.endswith("gent.yaml")]
    line = (scratch / gent[0].path).read_text(encoding="utf-8").splitlines()[gent[0].line - 1]
    assert "https://stad.gent/" in line


# --- the report --------------------------------------------------------------------------------

REPORT = Freshness(
    today=dt.date(2027, 6, 1),
    stale=(
        StaleEntry(
            "content/ervaringen/oud.md", 9, "Oud [en] *vet*", "Ervaring", dt.date(2024, 1, 10)
        ),
    ),
    dead=(
        DeadSource(
            "https://example.org/weg",
            "404",
            "https://example.org/nieuw",
            (
                Citation("content/projecten/a.md", 14, "sources[0].url"),
                Citation("data/municipalities/11005-boom.yaml", 21, "website.source.url"),
            ),
        ),
        DeadSource("https://traag.example/", "time-out", None, ()),
    ),
    checked=12,
    repository_url="https://github.com/vvsg-smart-city/showcase/",
)
REPO = "https://github.com/vvsg-smart-city/showcase/blob/main"
EXPECTED = f"""<!-- showcase-freshness -->
Maandelijkse controle van 2027-06-01.

- Lang niet nagekeken (meer dan 2 jaar): **1 fiche**
- Bronnen die niet meer antwoorden: **2 bronnen** (van 12 gecontroleerde adressen)

## Lang niet nagekeken (meer dan 2 jaar)

| Fiche | Soort | Bestand | Laatst nagekeken |
| --- | --- | --- | --- |
| [Oud \\[en\\] \\*vet\\*]({REPO}/content/ervaringen/oud.md#L9) | Ervaring | `content/ervaringen/oud.md` | 2024-01-10 |

## Bronnen die niet meer antwoorden

| Bron | Wat er gebeurde | Vermeld in |
| --- | --- | --- |
| <https://example.org/weg> | 404 (na doorverwijzing naar <https://example.org/nieuw>) | [content/projecten/a.md:14]({REPO}/content/projecten/a.md#L14) (`sources[0].url`), [data/municipalities/11005-boom.yaml:21]({REPO}/data/municipalities/11005-boom.yaml#L21) (`website.source.url`) |
| <https://traag.example/> | time-out |  |

"""


def test_the_report_in_dutch_with_links_to_the_lines() -> None:
    text = render_report(REPORT)
    assert text.startswith(EXPECTED)
    assert CLEAN_MARKER not in text
    assert text.endswith(
        "De workflow werkt dit issue elke maand bij en sluit het wanneer er niets meer na te "
        "kijken is.\n"
    )
    assert "## Hoe los je dit op?" in text and "`last_reviewed`" in text


def test_empty_sections_say_so_and_only_a_full_check_is_clean() -> None:
    clean = render_report(Freshness(dt.date(2027, 6, 1), (), (), 3))
    assert clean.startswith(f"{MARKER}\n{CLEAN_MARKER}\nMaandelijkse controle van 2027-06-01.\n")
    assert "- Lang niet nagekeken (meer dan 2 jaar): **0 fiches**\n" in clean
    assert (
        "- Bronnen die niet meer antwoorden: **0 bronnen** (van 3 gecontroleerde adressen)\n"
        in clean
    )
    assert "\nGeen: elke fiche werd de voorbije twee jaar nagekeken.\n" in clean
    assert "\nGeen: elke bron antwoordde.\n" in clean
    unchecked = render_report(Freshness(dt.date(2027, 6, 1), (), (), None, errors=1))
    assert CLEAN_MARKER not in unchecked and unchecked.startswith(MARKER + "\n")
    assert "- Bronnen die niet meer antwoorden: niet gecontroleerd\n" in unchecked
    assert "\nNiet gecontroleerd bij deze controle.\n" in unchecked
    assert "> Let op: de gegevens hebben 1 fout; wat niet laadde" in unchecked
    # Without a repository address, titles are not links.
    plain = render_report(Freshness(REPORT.today, REPORT.stale, (), 1))
    assert "| Oud \\[en\\] \\*vet\\* | Ervaring |" in plain


def test_a_long_report_is_cut_to_fit_an_issue() -> None:
    many = tuple(
        StaleEntry(
            f"content/projecten/p{n:03}.md", 9, f"Project {n}", "Project", dt.date(2020, 1, 1)
        )
        for n in range(400)
    )
    text = render_report(Freshness(REPORT.today, many, (), 0), max_chars=20_000)
    assert len(text) <= 20_000
    rows = [line for line in text.splitlines() if line.startswith("| Project ")]
    assert rows and f"… en nog {400 - len(rows)}: voer `python -m showcase freshness` uit" in text
    whole = render_report(Freshness(REPORT.today, many, (), 0)).splitlines()
    assert sum(line.startswith("| Project ") for line in whole) == 400


# --- the command -------------------------------------------------------------------------------

REPOSITORY = "https://github.com/vvsg-smart-city/showcase"


def small_showcase(root: Path, url: str, reviewed: str = "2024-01-10") -> Path:
    """A showcase of one municipality and one project that cites ``url`` twice."""
    (root / "data" / "municipalities").mkdir(parents=True)
    for name in ("provinces.yaml", "themes.yaml"):
        shutil.copy(ROOT / "data" / name, root / "data" / name)
    shutil.copy(
        ROOT / "data" / "municipalities" / "11005-boom.yaml", root / "data" / "municipalities"
    )
    (root / "content" / "projecten").mkdir(parents=True)
    (root / "content" / "projecten" / "een-project.md").write_text(
        STALE_PROJECT.replace("2025-05-31", reviewed)
        .format(url=url)
        .replace("sources:", f"links:\n  - title: Meer\n    url: {url}\nsources:"),
        encoding="utf-8",
    )
    (root / "pelicanconf.py").write_text(
        f'SHOWCASE_REPOSITORY_URL = "{REPOSITORY}"\n', encoding="utf-8"
    )
    return root


def namespace(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    freshness.add_arguments(parser)
    return parser.parse_args(list(argv))


def test_the_command_writes_the_report(
    tmp_path: Path, server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root = small_showcase(tmp_path / "site", base(server) + "/missing")
    output = tmp_path / "verslag.md"
    args = namespace("--root", str(root), "--today", "2027-06-01", "--output", str(output))
    assert freshness.run(args) == 0
    text = output.read_text(encoding="utf-8")
    blob = f"{REPOSITORY}/blob/main/content/projecten/een-project.md"
    assert f"| [Een oud project \\| met een streep]({blob}#L15) | Project |" in text
    assert (
        f"| <{base(server)}/missing> | 404 | [content/projecten/een-project.md:10]({blob}#L10) "
        f"(`links[0].url`), [content/projecten/een-project.md:13]({blob}#L13) "
        "(`sources[0].url`) |"
    ) in text
    assert capsys.readouterr().err == (
        f"1 fiche lang niet nagekeken, 1 bron antwoordt niet (van 1 adres); verslag in {output}\n"
    )


def test_the_command_without_links_prints_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = small_showcase(tmp_path, "https://niet-gevraagd.example/")
    assert freshness.run(namespace("--root", str(root), "--no-links", "--today", "2025-06-01")) == 0
    out, err = capsys.readouterr()
    assert out.startswith(MARKER + "\n") and "Geen: elke fiche" in out
    assert err == "0 fiches lang niet nagekeken, bronnen niet gecontroleerd\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--today", "2027-13-01"],
            "fout: '2027-13-01' is geen datum: schrijf JJJJ-MM-DD, bv. 2026-05-01",
        ),
        (
            ["--timeout", "nul"],
            "fout: 'nul' is geen geldige time-out: geef een aantal seconden tussen 0 en 300, bv. 10",
        ),
        (
            ["--timeout", "0"],
            "fout: '0' is geen geldige time-out: geef een aantal seconden tussen 0 en 300, bv. 10",
        ),
    ],
)
def test_bad_usage_is_exit_2_in_dutch(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert freshness.run(namespace("--root", str(ROOT), *argv)) == 2
    assert capsys.readouterr().err == message + "\n"


def test_no_data_folder_is_bad_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert freshness.run(namespace("--root", str(tmp_path), "--no-links")) == 2
    assert capsys.readouterr().err == (
        f"fout: {tmp_path} heeft geen map data/; start in de map van het project of geef --root\n"
    )


def test_no_report_when_no_address_answers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without a network every address fails: that says nothing about the sources."""
    port = closed_port()
    root = small_showcase(tmp_path / "site", f"http://127.0.0.1:{port}/x")
    project = root / "content" / "projecten" / "een-project.md"
    text = project.read_text(encoding="utf-8")
    for n in range(freshness.OFFLINE_FROM):
        text = text.replace(
            "sources:",
            f"sources:\n  - title: B{n}\n    url: http://127.0.0.1:{port}/{n}\n    accessed: 2025-01-01",
            1,
        )
    project.write_text(text, encoding="utf-8")
    output = tmp_path / "verslag.md"
    assert (
        freshness.run(namespace("--root", str(root), "--output", str(output), "--timeout", "1"))
        == 1
    )
    assert not output.exists()
    assert "fout: geen van de 6 adressen antwoordde" in capsys.readouterr().err


# --- the workflow ------------------------------------------------------------------------------

WORKFLOW = ROOT / ".github" / "workflows" / "freshness.yml"


def workflow() -> dict[Any, Any]:
    return load_workflow(WORKFLOW)


def test_the_workflow_runs_monthly_with_least_privilege() -> None:
    flow = workflow()
    on = flow[True]  # PyYAML reads the key `on` as a boolean
    assert set(on) == {"schedule", "workflow_dispatch"}
    (cron,) = on["schedule"]
    assert cron["cron"].split()[2:] == ["1", "*", "*"]  # the first day of every month
    assert flow["permissions"] == {}
    assert flow["concurrency"]["group"] and flow["concurrency"]["cancel-in-progress"] is False
    (job,) = flow["jobs"].values()
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    assert 0 < job["timeout-minutes"] <= 60
    checkout = next(s for s in job["steps"] if "checkout" in s.get("uses", ""))
    assert checkout["with"]["persist-credentials"] is False


def test_the_workflow_names_what_the_report_writes() -> None:
    (job,) = workflow()["jobs"].values()
    env = next(s for s in job["steps"] if "gh issue" in s.get("run", ""))["env"]
    assert env["TITLE"] == freshness.TITLE
    assert env["LABEL"] == freshness.LABEL
    assert env["MARKER"] == freshness.MARKER
    assert env["CLEAN_MARKER"] == freshness.CLEAN_MARKER


CONTEXT: dict[str, Any] = {
    "github": {"token": "gh-token-for-tests", "repository": "vvsg-smart-city/showcase"}
}
"""The expressions the workflow may use in ``env:``, with sample values."""


def run_workflow(tmp_path: Path, project: Path, issues: list[dict[str, Any]]) -> list[list[str]]:
    """Every ``run:`` step of the job but the install, with bash as GitHub runs it, in
    ``project``, with a fake ``gh`` on PATH; returns the ``gh`` calls."""
    gh = FakeGh(tmp_path, issues)
    runner = tmp_path / "runner"
    runner.mkdir()
    env = {
        **gh.env,
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "RUNNER_TEMP": str(runner),
        "GITHUB_STEP_SUMMARY": str(runner / "summary.md"),
    }
    (job,) = workflow()["jobs"].values()
    assert job["defaults"]["run"]["shell"] == "bash"
    for number, step in enumerate(job["steps"]):
        if "run" not in step or "pip install" in step["run"]:
            continue
        run_script(step, project, env, CONTEXT, runner / f"output-{number}")
    assert (runner / "summary.md").read_text(encoding="utf-8").startswith(MARKER)
    return gh.calls


LIST = [
    "issue",
    "list",
    "--label",
    "verouderd",
    "--state",
    "open",
    "--limit",
    "100",
    "--json",
    "number,body",
]


def other_issues() -> list[dict[str, Any]]:
    """Open issues with the label that are not the workflow's own."""
    return [{"number": 3, "body": "Een ander verouderd ding, met de hand geschreven."}]


def test_the_workflow_updates_its_own_issue(tmp_path: Path, server: Any) -> None:
    project = small_showcase(tmp_path / "project", base(server) + "/missing")
    issues = [
        *other_issues(),
        {"number": 12, "body": f"{MARKER}\noud verslag"},
        {"number": 17, "body": f"x {MARKER}"},
    ]
    calls = run_workflow(tmp_path, project, issues)
    report = str(tmp_path / "runner" / "report.md")
    assert calls == [LIST, ["issue", "edit", "12", "--body-file", report]]
    text = Path(report).read_text(encoding="utf-8")
    assert text.startswith(MARKER) and "/missing> | 404 |" in text


def test_the_workflow_opens_an_issue_when_it_has_none(tmp_path: Path, server: Any) -> None:
    project = small_showcase(tmp_path / "project", base(server) + "/ok")
    calls = run_workflow(tmp_path, project, other_issues())
    report = str(tmp_path / "runner" / "report.md")
    assert calls == [
        LIST,
        [
            "label",
            "create",
            "verouderd",
            "--description",
            "Fiches of bronnen om na te kijken (maandelijkse controle)",
            "--color",
            "d4c5f9",
            "--force",
        ],
        [
            "issue",
            "create",
            "--title",
            freshness.TITLE,
            "--label",
            "verouderd",
            "--body-file",
            report,
        ],
    ]
    text = Path(report).read_text(encoding="utf-8")
    assert "**1 fiche**" in text and "Geen: elke bron antwoordde." in text


def test_the_workflow_closes_its_issue_when_all_is_fresh(tmp_path: Path, server: Any) -> None:
    project = small_showcase(
        tmp_path / "project", base(server) + "/ok", reviewed=dt.date.today().isoformat()
    )
    calls = run_workflow(tmp_path, project, [{"number": 12, "body": f"{MARKER}\noud verslag"}])
    closing = next(
        s for s in workflow()["jobs"]["report"]["steps"] if "gh issue" in s.get("run", "")
    )["env"]["CLOSING"]
    assert calls == [LIST, ["issue", "close", "12", "--comment", closing]]


def test_the_workflow_does_nothing_when_all_is_fresh_and_no_issue_is_open(
    tmp_path: Path, server: Any
) -> None:
    project = small_showcase(
        tmp_path / "project", base(server) + "/ok", reviewed=dt.date.today().isoformat()
    )
    assert run_workflow(tmp_path, project, other_issues()) == [LIST]
