"""The issue forms are made from the models: checked in as made, and unable to drift apart."""

from __future__ import annotations

import json
import typing
from pathlib import Path

import pytest
import yaml

from showcase.contribute.forms import (
    FIELD_FORMS,
    FORM_LABEL,
    FORMS_FOLDER,
    NOT_ASKED,
    STAGE_CHOICES,
    Form,
    all_forms,
    contribution_links,
    form_for_event,
    form_named,
    render_form,
    stale_forms,
    write_forms,
)
from showcase.kinds import KINDS
from showcase.schema.models import Contact, Municipality, Reuse, ReuseStage, Website

from .conftest import ROOT

FORMS = {form.name: form for form in all_forms()}
KIND_FORMS = [form for form in FORMS.values() if form.kind is not None]


def test_checked_in_forms_are_what_the_models_make() -> None:
    assert stale_forms(ROOT) == [], "run: python -m showcase forms"


def test_a_changed_form_is_found_and_rewritten(tmp_path: Path) -> None:
    write_forms(tmp_path)
    assert stale_forms(tmp_path) == []
    path = tmp_path / FORMS_FOLDER / "project.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("Titel", "Naam"), encoding="utf-8")
    (tmp_path / FORMS_FOLDER / "ervaring.yml").unlink()
    assert stale_forms(tmp_path) == [f"{FORMS_FOLDER}/project.yml", f"{FORMS_FOLDER}/ervaring.yml"]


def test_every_kind_with_a_form_has_one() -> None:
    named = {kind.issue_form for kind in KINDS if kind.issue_form}
    assert named == {form.file for form in KIND_FORMS}
    assert set(FORMS) == {"project", "ervaring", "suggestie", "gemeente", "interesse"}


@pytest.mark.parametrize("form", KIND_FORMS, ids=lambda form: form.name)
def test_a_kind_form_asks_every_field_of_its_model(form: Form) -> None:
    assert form.kind is not None
    model = form.kind.model
    asked = {question.field_name for question in form.fields}
    for name, info in model.model_fields.items():
        assert name in asked or name in NOT_ASKED, f"{model.__name__}.{name} is not in the form"
        questions = [q for q in form.fields if q.field_name == name]
        if info.is_required() and name not in NOT_ASKED:
            assert any(q.required for q in questions), f"{name} is required by the model"
        options = typing.get_args(info.annotation)
        if questions and questions[0].element == "dropdown":
            assert [value for _, value in questions[0].choices] == list(options)
    # every question fills a field of the model, or is the body or the agreement
    for question in form.fields:
        assert question.field_name in model.model_fields or question.shape in ("body", "consent")


def test_the_table_of_questions_names_real_fields() -> None:
    fields = {name for kind in KINDS for name in kind.model.model_fields}
    assert set(FIELD_FORMS) <= fields
    assert set(NOT_ASKED) <= fields


def test_the_other_forms_fill_their_models() -> None:
    gemeente = {q.id: q for q in FORMS["gemeente"].fields}
    assert {q.field_name for q in gemeente.values()} - {"consent"} <= set(
        Municipality.model_fields
    ) | {"municipality"}
    assert set(Website.model_fields) == {"url", "source"}
    assert {"role", "email", "url", "source"} <= set(Contact.model_fields)
    interesse = {q.id: q for q in FORMS["interesse"].fields}
    stages = set(typing.get_args(ReuseStage))
    assert {value for _, value in interesse["stage"].choices} == stages
    assert {value for _, value in STAGE_CHOICES} == stages
    required_reuse = {name for name, info in Reuse.model_fields.items() if info.is_required()}
    # the municipality and the stage are asked; the date is the day the issue is read
    assert required_reuse == {"municipality", "stage", "date"}
    assert interesse["municipality"].required and interesse["stage"].required


@pytest.mark.parametrize("form", list(FORMS.values()), ids=lambda form: form.name)
def test_github_syntax(form: Form) -> None:
    data = yaml.safe_load(render_form(form))
    assert set(data) == {"name", "description", "title", "labels", "body"}
    assert data["labels"] == [FORM_LABEL, f"formulier: {form.name}"]
    labels = [item["attributes"]["label"] for item in data["body"] if item["type"] != "markdown"]
    assert len(labels) == len(set(labels)), "GitHub's body has one heading per label"
    for item in data["body"]:
        if item["type"] == "dropdown":
            assert item["attributes"]["options"], item["id"]
        if item["type"] == "checkboxes":
            assert all(option["required"] for option in item["attributes"]["options"])
    assert data["body"][-1]["type"] == "checkboxes"


def test_forms_are_found_by_file_and_by_the_labels_of_an_issue(tmp_path: Path) -> None:
    assert form_named(".github/ISSUE_TEMPLATE/project.yml") == FORMS["project"]
    assert form_named("correctie.yml") is None
    event = tmp_path / "event.json"
    labels = [{"name": FORM_LABEL}, {"name": "formulier: interesse"}]
    event.write_text(json.dumps({"issue": {"labels": labels}}), encoding="utf-8")
    found = form_for_event(event)
    assert found is not None and found.name == "interesse"
    event.write_text(json.dumps({"issue": {"labels": [{"name": "correctie"}]}}), encoding="utf-8")
    assert form_for_event(event) is None


def test_contribution_links_prefill_and_include_the_correction_form() -> None:
    links = contribution_links(KINDS, "https://github.com/org/repo/")
    assert links[0].url == "https://github.com/org/repo/issues/new?template=project.yml"
    assert links[-1].url.endswith("template=correctie.yml")
    prefilled = FORMS["interesse"].url("https://github.com/org/repo", project="telraam-leuven")
    assert prefilled.endswith("?template=interesse.yml&project=telraam-leuven")
