"""Run a loaded document through its model and turn every error into a located problem."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from showcase.load.reader import Document, Loc
from showcase.problems import Problem
from showcase.schema.models import record_rules

M = TypeVar("M", bound=BaseModel)


def did_you_mean(value: str, options: Iterable[str]) -> str:
    """`` (did you mean 'gent'?)`` when a close option exists, else an empty string."""
    matches = difflib.get_close_matches(value, list(options), n=1, cutoff=0.6)
    return f" (bedoelde je '{matches[0]}'?)" if matches else ""


def nearest(value: str, options: Iterable[str], count: int = 5) -> list[str]:
    """The ``count`` options that look most like ``value``, most alike first."""
    ranked = sorted(
        options,
        key=lambda option: (
            -difflib.SequenceMatcher(None, value.casefold(), option).ratio(),
            option,
        ),
    )
    return ranked[:count]


def model_label(model: type[BaseModel]) -> str:
    """How a contributor calls a record of ``model``: ``gemeente``, ``project``…"""
    label = getattr(model, "label_nl", None)
    return label if isinstance(label, str) else model.__name__.lower()


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that holds the field at ``loc`` (for listing valid field names)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _inner_model(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if isinstance(found, type) and issubclass(found, BaseModel):
                return found
        return None
    return annotation


def _message(error: Any, model: type[BaseModel]) -> str:
    kind = error["type"]
    loc: Loc = tuple(error["loc"])
    value = error.get("input")
    if kind == "extra_forbidden":
        holder = _model_at(model, loc[:-1])
        names = sorted(holder.model_fields) if holder else []
        hint = did_you_mean(str(loc[-1]), names)
        valid = f"; bestaande velden: {', '.join(names)}" if names else ""
        return f"onbekend veld '{loc[-1]}'{hint}{valid}"
    if kind == "missing":
        return "dit verplichte veld ontbreekt"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    if kind == "literal_error":
        expected = error["ctx"]["expected"]
        hint = did_you_mean(
            str(value), [e.strip(" '") for e in expected.replace(" or ", ",").split(",")]
        )
        choices = expected.replace(" or ", " of ")
        return f"{value!r} is niet toegestaan{hint}; kies uit: {choices}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"verwacht een groep velden (regels sleutel: waarde), maar kreeg {_describe(value)}"
    if kind == "list_type":
        return f"verwacht een lijst (regels die beginnen met '- '), maar kreeg {_describe(value)}"
    if kind in ("string_type",):
        return f"verwacht tekst, maar kreeg {_describe(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"verwacht een geheel getal zonder aanhalingstekens of punten, maar kreeg {_describe(value)}"
    if kind == "too_short":
        minimum = error["ctx"].get("min_length", 1)
        return f"vraagt minstens {minimum} {'element' if minimum == 1 else 'elementen'}"
    if kind == "string_too_long":
        return f"is te lang: hoogstens {error['ctx']['max_length']} tekens"
    if kind == "greater_than_equal":
        return f"moet {error['ctx']['ge']} of meer zijn"
    return str(error["msg"])


def _describe(value: Any) -> str:
    if value is None:
        return "een lege waarde"
    if isinstance(value, bool):
        return f"de ja/nee-waarde {str(value).lower()}"
    if isinstance(value, int | float):
        return f"het getal {value}"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, dict):
        return "een groep velden"
    return repr(value)


def validate_document(model: type[M], doc: Document) -> tuple[M | None, list[Problem]]:
    """Validate ``doc.data`` against ``model``; every error becomes a located problem."""
    if doc.data is None:
        return None, [
            Problem(
                doc.display,
                *doc.locate(()),
                "",
                f"het bestand is leeg: verwacht de velden van een {model_label(model)}",
            )
        ]
    if not isinstance(doc.data, dict):
        return None, [
            doc.problem(
                (),
                f"verwacht velden (regels sleutel: waarde) bovenaan, maar kreeg {_describe(doc.data)}",
            )
        ]
    try:
        record = model.model_validate(doc.data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            loc: Loc = tuple(error["loc"])
            message = _message(error, model)
            if error["type"] == "missing":
                line, col = doc.locate(loc[:-1])
                problems.append(Problem(doc.display, line, col, _field(loc), message))
            else:
                problems.append(doc.problem(loc, message, key=error["type"] == "extra_forbidden"))
        return None, sorted(problems, key=lambda p: (p.line, p.col))
    return record, [doc.problem(loc, message) for loc, message in record_rules(record)]


def _field(loc: Loc) -> str:
    from showcase.load.reader import format_loc

    return format_loc(loc)
