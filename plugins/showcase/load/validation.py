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
    return f" (did you mean '{matches[0]}'?)" if matches else ""


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
        valid = f"; valid fields are: {', '.join(names)}" if names else ""
        return f"unknown field '{loc[-1]}'{hint}{valid}"
    if kind == "missing":
        return "this required field is missing"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    if kind == "literal_error":
        expected = error["ctx"]["expected"]
        hint = did_you_mean(
            str(value), [e.strip(" '") for e in expected.replace(" or ", ",").split(",")]
        )
        return f"{value!r} is not allowed{hint}; use one of: {expected}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a group of fields (key: value lines), got {_describe(value)}"
    if kind == "list_type":
        return f"expected a list (lines starting with '- '), got {_describe(value)}"
    if kind in ("string_type",):
        return f"expected text, got {_describe(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number without quotes or dots, got {_describe(value)}"
    if kind == "too_short":
        minimum = error["ctx"].get("min_length", 1)
        return f"needs at least {minimum} item{'s' if minimum != 1 else ''}"
    if kind == "string_too_long":
        return f"is too long: at most {error['ctx']['max_length']} characters"
    if kind == "greater_than_equal":
        return f"must be {error['ctx']['ge']} or more"
    return str(error["msg"])


def _describe(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return repr(value)


def validate_document(model: type[M], doc: Document) -> tuple[M | None, list[Problem]]:
    """Validate ``doc.data`` against ``model``; every error becomes a located problem."""
    if doc.data is None:
        return None, [
            Problem(
                doc.display,
                *doc.locate(()),
                "",
                f"the file is empty: expected the fields of a {model.__name__.lower()}",
            )
        ]
    if not isinstance(doc.data, dict):
        return None, [
            doc.problem(
                (),
                f"expected fields (key: value lines) at the top level, got {_describe(doc.data)}",
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
