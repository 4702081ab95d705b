"""From a filled-in issue form to a file: ``python -m showcase from-issue``.

GitHub writes a form's answers into the issue body as ``### <label>``, a blank line and the
answer (``_No response_`` when a field was left empty, ``- [X] …`` for a ticked box). This module
reads that body for one form (:mod:`showcase.contribute.forms`), turns each answer into what the
model wants (names into slugs, lines into lists), writes the entry through the scaffold's writer
(a new entry of a content kind) or edits one record (a municipality's website or contact,
a project's ``reuse``), and checks the result with the real checker.

Every problem is reported at once, in Dutch, under the form's label (``Gemeenten: onbekende
gemeente 'Lomel' (bedoelde je 'Lommel'?)``), and nothing is left behind: a new file is removed
and an edited one restored.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from showcase.contribute.forms import Form, FormField
from showcase.contribute.records import replace_key
from showcase.contribute.references import Names, References, load_references
from showcase.contribute.scaffold import Request, shape_problems, slugify, write_entry
from showcase.load.dataset import Layout, load_data_file
from showcase.load.reader import iter_files, load_front_matter_file
from showcase.load.validation import did_you_mean
from showcase.problems import Severity
from showcase.schema.models import Municipality, PartnerType

NO_RESPONSE = "_No response_"
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_URL_RE = re.compile(r"https?://[^\s<>\"'\]\[)]+")
_MD_LINK_RE = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
_SEPARATORS = " \t–—-:|,;"
_BULLET_RE = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_DASH_SPLIT_RE = re.compile(r"\s+[–—-]\s+|\s*[–—]\s*")


class IssueError(Exception):
    """An issue that cannot become a file; ``usage`` marks a wrong form or file (exit 2)."""

    def __init__(self, messages: list[str], *, usage: bool = False) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages
        self.usage = usage


@dataclass
class Outcome:
    """What ``from-issue`` did: the file, whether it is new, and the warnings to pass on."""

    path: str
    created: bool
    title: str
    warnings: list[str] = field(default_factory=list)


# --- reading the body -------------------------------------------------------------------------


def parse_body(form: Form, text: str) -> dict[str, str]:
    """The answer to each question of ``form`` (``''`` when left empty), by field id."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    found: list[tuple[FormField, int, int]] = []
    missing: list[str] = []
    start = 0
    for question in form.fields:
        heading = re.compile(rf"^###[ \t]+{re.escape(question.label)}[ \t]*$", re.MULTILINE)
        match = heading.search(text, start)
        if match is None:
            missing.append(question.label)
            continue
        found.append((question, match.start(), match.end()))
        start = match.end()
    if missing:
        raise IssueError(
            [
                f"{label}: deze vraag staat niet in het issue; maak het issue met het formulier "
                f"'{form.title}' (of zet de kop '### {label}' terug)"
                for label in missing
            ]
        )
    answers: dict[str, str] = {}
    for index, (question, _, end) in enumerate(found):
        stop = found[index + 1][1] if index + 1 < len(found) else len(text)
        value = text[end:stop].strip()
        answers[question.id] = "" if value == NO_RESPONSE else value
    return answers


def _invisible(value: str) -> str | None:
    """The first control or text-direction character in ``value`` (line breaks and tabs pass)."""
    for char in value:
        if char in _BIDI_CONTROLS or (unicodedata.category(char) == "Cc" and char not in "\n\t"):
            return char
    return None


def hostile(question: FormField, value: str) -> list[str]:
    """What a value may not hold: too much text, control or direction characters, or a line
    break in a one-line answer."""
    problems = []
    if len(value) > question.max_length:
        problems.append(f"te lang ({len(value)} tekens; hoogstens {question.max_length})")
    char = _invisible(value)
    if char is not None:
        name = "een tekstrichtingsteken" if char in _BIDI_CONTROLS else "een stuurteken"
        problems.append(
            f"bevat {name} (U+{ord(char):04X}) dat de tekst anders kan tonen dan ze is: "
            "typ die tekst opnieuw"
        )
    if question.element == "input" and "\n" in value:
        problems.append("hoort op één regel")
    return problems


# --- answers into values ----------------------------------------------------------------------


def _lines(value: str) -> list[str]:
    return [_BULLET_RE.sub("", line).strip() for line in value.splitlines() if line.strip()]


def _split_list(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;\n]", value) if part.strip()]


def _project_ref(value: str) -> str:
    """``https://…/projecten/telraam-leuven/`` → ``telraam-leuven``; other text as it is."""
    match = re.search(r"/(?:projecten|proeftuinen)/([a-z0-9-]+)/?", value)
    return match.group(1) if match else value


def split_link(line: str) -> tuple[str, str, str]:
    """``Titel – https://… – 2024-05`` or ``[Titel](https://…) 2024-05`` → (title, url, rest)."""
    markdown = _MD_LINK_RE.search(line)
    if markdown:
        title, url = markdown.group(1), markdown.group(2)
        before, rest = line[: markdown.start()], line[markdown.end() :]
    else:
        url_match = _URL_RE.search(line)
        if url_match is None:
            return line.strip(_SEPARATORS), "", ""
        url = url_match.group(0).rstrip(".,;:")
        title, before, rest = "", line[: url_match.start()], line[url_match.start() + len(url) :]
    title = (title or before).strip(_SEPARATORS)
    return title, url, rest.strip(_SEPARATORS + ".")


class Reader:
    """Turns the answers of one form into model values, collecting labelled problems."""

    def __init__(self, refs: References, today: dt.date) -> None:
        self.refs = refs
        self.today = today
        self.problems: list[str] = []

    def report(self, question: FormField, message: str) -> None:
        self.problems.append(f"{question.label}: {message}")

    def names(self, question: FormField, names: Names, value: str) -> list[str]:
        found: list[str] = []
        for part in _split_list(value):
            wanted = _project_ref(part) if names is self.refs.projects else part
            slug, problem = names.resolve(wanted, in_form=True)
            if problem is not None:
                self.report(question, problem)
            elif slug is not None and slug not in found:
                found.append(slug)
        return found

    def one_name(self, question: FormField, names: Names, value: str) -> str | None:
        found = self.names(question, names, value)
        if len(found) > 1:
            self.report(question, f"noem er één, niet {len(found)}")
        return found[0] if len(found) == 1 else None

    def choice(self, question: FormField, value: str) -> str | None:
        for shown, written in question.choices:
            if value in (shown, written):
                return written
        options = ", ".join(shown for shown, _ in question.choices)
        self.report(question, f"'{value}' is geen keuze: kies uit {options}")
        return None

    def source(self, question: FormField, line: str, number: int | None = None) -> dict[str, Any]:
        title, url, rest = split_link(line)
        where = f"regel {number}: " if number else ""
        if not url:
            self.report(question, f"{where}geen adres gevonden; schrijf het met https://")
        elif not title:
            self.report(question, f"{where}zet de titel van de pagina vóór het adres")
        source: dict[str, Any] = {"title": title, "url": url}
        if rest:
            source["date"] = rest
        source["accessed"] = self.today
        return source

    def sources(self, question: FormField, value: str) -> list[dict[str, Any]]:
        lines = _lines(value)
        return [
            self.source(question, line, n if len(lines) > 1 else None)
            for n, line in enumerate(lines, 1)
        ]

    def links(self, question: FormField, value: str) -> list[dict[str, str]]:
        links = []
        for number, line in enumerate(_lines(value), 1):
            title, url, _ = split_link(line)
            if not url or not title:
                self.report(
                    question, f"regel {number}: schrijf een titel en een adres met https://"
                )
            links.append({"title": title, "url": url})
        return links

    def partners(self, question: FormField, value: str) -> list[dict[str, str]]:
        types = list(typing.get_args(PartnerType))
        partners = []
        for number, line in enumerate(_lines(value), 1):
            match = re.match(r"^(.*?)\s*\(([^()]+)\)\s*$", line)
            parts = [match.group(1), match.group(2)] if match else _DASH_SPLIT_RE.split(line, 1)
            name = parts[0].strip(_SEPARATORS)
            kind = parts[1].strip(_SEPARATORS).lower() if len(parts) > 1 else ""
            if kind not in types:
                said = f"'{kind}' is geen soort" if kind else "de soort ontbreekt"
                hint = did_you_mean(kind, types) if kind else ""
                self.report(
                    question,
                    f"regel {number}: {said}{hint}; schrijf 'naam – soort' met als soort "
                    f"{', '.join(types)}",
                )
            partners.append({"name": name, "type": kind})
        return partners

    def funding(self, question: FormField, value: str) -> list[dict[str, Any]]:
        funding = []
        for number, line in enumerate(_lines(value), 1):
            parts = [p.strip(_SEPARATORS) for p in _DASH_SPLIT_RE.split(line)]
            item: dict[str, Any] = {"programme": parts[0]}
            for index, key in ((1, "amount"), (2, "year")):
                text = parts[index] if len(parts) > index else ""
                digits = re.sub(r"[€\s.]", "", text)
                if not text or text.lower() in ("onbekend", "?"):
                    continue
                if digits.isdigit():
                    item[key] = int(digits)
                else:
                    what = "een bedrag in euro" if key == "amount" else "een jaartal"
                    self.report(question, f"regel {number}: '{text}' is geen {what}")
            funding.append(item)
        return funding

    def contact(self, form: Form, answers: dict[str, str]) -> dict[str, Any] | None:
        """The contact point of its three questions, or ``None`` when all three are empty."""
        questions: dict[str, FormField] = {q.shape: q for q in form.fields if q.target == "contact"}
        role, address, source = (
            answers.get(questions[shape].id, "")
            for shape in ("contact_role", "contact_address", "contact_source")
        )
        if not (role or address or source):
            return None
        for shape, given in (
            ("contact_role", role),
            ("contact_address", address),
            ("contact_source", source),
        ):
            if not given:
                self.report(questions[shape], "vul dit ook in, of laat de drie contactvragen leeg")
        contact: dict[str, Any] = {"role": role}
        if "@" in address and not address.startswith("http"):
            contact["email"] = address.removeprefix("mailto:")
        elif address:
            contact["url"] = address
        if source:
            contact["source"] = self.source(questions["contact_source"], source)
        return contact


# --- from answers to a file -------------------------------------------------------------------


def _kind_values(
    form: Form, reader: Reader, answers: dict[str, str]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The front-matter values of a kind's form, and the references by field."""
    values: dict[str, Any] = {}
    references: dict[str, list[str]] = {}
    tables = {
        "municipalities": reader.refs.municipalities,
        "themes": reader.refs.themes,
        "regions": reader.refs.regions,
        "projects": reader.refs.projects,
    }
    readers: dict[str, Callable[[FormField, str], Any]] = {
        "partners": reader.partners,
        "funding": reader.funding,
        "links": reader.links,
        "sources": reader.sources,
        "results": lambda _q, value: _lines(value),
        "choice": reader.choice,
        "text": lambda _q, value: " ".join(value.split()),
        "line": lambda _q, value: value.strip(),
        "period": lambda _q, value: value.strip(),
        "date": lambda _q, value: value.strip(),
    }
    for question in form.fields:
        value = answers.get(question.id, "")
        if not value or question.target == "contact" or question.shape in ("body", "consent"):
            continue
        if question.shape in tables:
            references[question.id] = reader.names(question, tables[question.shape], value)
        else:
            values[question.id] = readers[question.shape](question, value)
    contact = reader.contact(form, answers)
    if contact is not None:
        values["contact"] = contact
    values["last_reviewed"] = reader.today
    return values, references


def _consent_and_limits(form: Form, answers: dict[str, str], reader: Reader) -> None:
    for question in form.fields:
        value = answers.get(question.id, "")
        for problem in hostile(question, value):
            reader.report(question, problem)
        if question.shape == "consent" and not re.search(r"^- \[[xX]\]", value, re.MULTILINE):
            reader.report(question, "vink de afspraak aan")
        elif question.required and not value and question.shape != "consent":
            reader.report(question, "dit is verplicht")


def label_for(form: Form, problem_field: str) -> str:
    """The form's label for a problem's field (``contact.email`` → the contact question)."""
    parts = [p for p in re.split(r"[.\[\]]+", problem_field) if p]
    if parts[:1] == ["reuse"]:
        parts = parts[2:]
    if not parts:
        return next((q.label for q in form.fields if q.shape == "body"), "")
    top, rest = parts[0], parts[1:]
    wanted = top
    if top == "contact":
        sub = rest[0] if rest else "role"
        wanted = {
            "role": "contact_role",
            "organisation": "contact_role",
            "source": "contact_source",
        }.get(sub, "contact_address")
    elif top == "website":
        wanted = "website_source" if rest[:1] == ["source"] else "website"
    question = next((q for q in form.fields if q.id == wanted), None)
    if question is None:
        return problem_field
    if rest and rest[0].isdigit() and question.element == "textarea":
        return f"{question.label} (regel {int(rest[0]) + 1})"
    return question.label


def _check(layout: Layout, path: Path, form: Form, today: dt.date) -> tuple[list[str], list[str]]:
    """Errors and warnings of the real checker about ``path``, under the form's labels."""
    from showcase import run_check

    shown = path.relative_to(layout.root).as_posix()
    result = run_check(layout, warnings=True, today=today)
    errors: list[str] = []
    warnings: list[str] = []
    for problem in result.problems:
        if problem.path != shown:
            continue
        line = f"{label_for(form, problem.field) or problem.field}: {problem.message}"
        (errors if problem.severity is Severity.ERROR else warnings).append(line)
    return errors, warnings


def _request_problems(layout: Layout, form: Form, request: Request, refs: References) -> list[str]:
    """What the scaffold's writer would refuse, said for someone filling in the form."""
    assert form.kind is not None
    labels = {q.id: q.label for q in form.fields}
    problems = []
    slug = slugify(request.title)
    if form.kind.folder == "projecten":  # the references know the projects' titles
        slug = refs.projects.find(request.title) or slug
    if not slug:
        problems.append(f"{labels['title']}: schrijf een titel met letters of cijfers")
    elif (layout.entries(form.kind) / f"{slug}.md").exists():
        problems.append(
            f"{labels['title']}: er staat al een {form.kind.singular.lower()} met deze titel op "
            f"de showcase ({form.kind.entry_url(slug)}); kies een andere titel, of meld een "
            "aanvulling met het formulier voor correcties"
        )
    for problem in shape_problems(form.kind, request):
        about = "themes" if "thema" in problem else "municipalities"
        problems.append(f"{labels.get(about, about)}: {problem}")
    return problems


def _write_kind(layout: Layout, form: Form, reader: Reader, answers: dict[str, str]) -> Outcome:
    assert form.kind is not None
    values, references = _kind_values(form, reader, answers)
    title = values.pop("title", "")
    request = Request(
        form.kind.name,
        title,
        references.pop("municipalities", []),
        references.pop("themes", []),
        references.pop("regions", []),
        values={**values, **references},
        body=answers.get("body", ""),
    )
    problems = reader.problems or _request_problems(layout, form, request, reader.refs)
    if problems:
        raise IssueError(problems)
    path = write_entry(layout, request, reader.today, checked=False)
    try:
        errors, warnings = _check(layout, path, form, reader.today)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    if errors:
        path.unlink()
        raise IssueError(errors)
    return Outcome(path.relative_to(layout.root).as_posix(), True, title, warnings)


def _edit(
    layout: Layout, path: Path, form: Form, today: dt.date, edit: Callable[[str], str]
) -> list[str]:
    """Apply ``edit`` to ``path``, check, and restore the file when the checker refuses it."""
    before = path.read_text(encoding="utf-8")
    after = edit(before)
    if after == before:
        raise IssueError(["dit staat er al zo: er is niets te veranderen"])
    temporary = path.with_name(f".{path.name}.from-issue")
    temporary.write_text(after, encoding="utf-8")
    temporary.replace(path)
    try:
        errors, warnings = _check(layout, path, form, today)
    except BaseException:
        path.write_text(before, encoding="utf-8")
        raise
    if errors:
        path.write_text(before, encoding="utf-8")
        raise IssueError(errors)
    return warnings


def _record_path(layout: Layout, slug: str) -> Path:
    return next(
        p for p in iter_files(layout.municipalities, ".yaml") if p.stem.split("-", 1)[-1] == slug
    )


def _write_municipality(
    layout: Layout, form: Form, reader: Reader, answers: dict[str, str]
) -> Outcome:
    questions = {q.id: q for q in form.fields}
    slug = reader.one_name(
        questions["municipality"], reader.refs.municipalities, answers["municipality"]
    )
    changes: dict[str, Any] = {}
    website, website_source = answers.get("website", ""), answers.get("website_source", "")
    if website or website_source:
        if not website or not website_source:
            missing = questions["website" if not website else "website_source"]
            reader.report(missing, "vul de website én een pagina die haar staaft in")
        changes["website"] = {
            "url": website,
            "source": reader.source(questions["website_source"], website_source),
        }
    contact = reader.contact(form, answers)
    if contact is not None:
        changes["contact"] = contact
    if not changes and not reader.problems:
        reader.problems.append(
            "Officiële website: vul een website of een contactpunt in (of beide)"
        )
    if reader.problems or slug is None:
        raise IssueError(reader.problems)
    path = _record_path(layout, slug)
    loaded, _ = load_data_file(path, Municipality, layout.root)
    if loaded is not None and loaded.record.valid_until is not None:
        raise IssueError(
            [
                f"Gemeente: {loaded.record.name} bestaat niet meer sinds de fusie: vul de gemeente van vandaag in"
            ]
        )
    order = list(Municipality.model_fields)

    def edit(text: str) -> str:
        for key, value in changes.items():
            text = replace_key(text, key, value, order)
        return text

    warnings = _edit(layout, path, form, reader.today, edit)
    name = loaded.record.name if loaded else slug
    return Outcome(path.relative_to(layout.root).as_posix(), False, name, warnings)


def _write_interest(layout: Layout, form: Form, reader: Reader, answers: dict[str, str]) -> Outcome:
    questions = {q.id: q for q in form.fields}
    project = reader.one_name(questions["project"], reader.refs.projects, answers["project"])
    municipality = reader.one_name(
        questions["municipality"], reader.refs.municipalities, answers["municipality"]
    )
    stage = reader.choice(questions["stage"], answers["stage"]) if answers.get("stage") else None
    reuse: dict[str, Any] = {"municipality": municipality, "stage": stage, "date": reader.today}
    if answers.get("source"):
        reuse["source"] = reader.source(questions["source"], answers["source"])
    contact = reader.contact(form, answers)
    if contact is not None:
        reuse["contact"] = contact
    if reader.problems or project is None:
        raise IssueError(reader.problems)
    assert project is not None
    project_kind = next(kind for kind in layout.kinds if kind.folder == "projecten")
    path = layout.entries(project_kind) / f"{project}.md"
    doc, _ = load_front_matter_file(path, layout.root)
    existing = list(doc.data.get("reuse") or []) if doc is not None else []
    order = list(project_kind.model.model_fields)

    def edit(text: str) -> str:
        head, sep, body = text.partition("\n---\n")
        return (
            replace_key(head + "\n", "reuse", [*existing, reuse], order).rstrip("\n") + sep + body
        )

    warnings = _edit(layout, path, form, reader.today, edit)
    title = str(doc.data.get("title", project)) if doc is not None else project
    return Outcome(path.relative_to(layout.root).as_posix(), False, title, warnings)


def from_issue(layout: Layout, form: Form, body: str, today: dt.date | None = None) -> Outcome:
    """Write what the issue ``body`` (made with ``form``) asks; :class:`IssueError` if not."""
    answers = parse_body(form, body)
    reader = Reader(load_references(layout), today or dt.date.today())
    _consent_and_limits(form, answers, reader)
    if any(_invisible(answer) for answer in answers.values()):
        raise IssueError(reader.problems)  # what it says is not what it shows: read no further
    if form.kind is not None:
        return _write_kind(layout, form, reader, answers)
    if form.name == "gemeente":
        return _write_municipality(layout, form, reader, answers)
    if form.name == "interesse":
        return _write_interest(layout, form, reader, answers)
    raise IssueError([f"het formulier '{form.file}' maakt geen bestand"], usage=True)
