"""The open-data JSON writer gives the standard library's bytes (json.dumps with indent=2,
sort_keys, ensure_ascii=False), for any JSON value and for the real open-data records."""

from __future__ import annotations

import enum
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from showcase.derive.json_text import indented_json
from showcase.derive.open_data import municipality_row, project_record
from showcase.derive.partners import index_partners


def stdlib(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False)


scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=40,
)


@settings(max_examples=400, deadline=None)
@given(values)
def test_any_json_value_is_written_as_the_standard_library_writes_it(value: Any) -> None:
    assert indented_json(value) == stdlib(value)


def test_the_real_records_are_written_as_the_standard_library_writes_them(
    real_catalogue: Any,
) -> None:
    partners = index_partners(real_catalogue.projects)
    projects = [project_record(p, partners=partners) for p in real_catalogue.projects]
    places = [municipality_row(p) for p in real_catalogue.places.values()]
    for records in (projects, places):
        assert indented_json(records) == stdlib(records)


class Colour(enum.IntEnum):
    RED = 1


@pytest.mark.parametrize(
    "value",
    [
        [],
        {},
        [[], {}],
        {"b": 1, "a": [1.5, -0.0, 1e16]},
        '\u2028\x7f\n"é',
        Colour.RED,
        {"k": Colour.RED},
        {1: "x", 2: "y"},
        {"a": True, "b": None},
    ],
)
def test_unusual_values_go_to_the_standard_library(value: Any) -> None:
    assert indented_json(value) == stdlib(value)


@pytest.mark.parametrize("value", [float("nan"), [float("inf")], {"a": object()}])
def test_what_the_standard_library_refuses_is_refused(value: Any) -> None:
    with pytest.raises((ValueError, TypeError)):
        stdlib(value)
    with pytest.raises((ValueError, TypeError)):
        indented_json(value)
