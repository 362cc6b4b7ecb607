"""``lib.service_input``: a form's or an API body's dict reaches a service only when its keys are the service's."""

from __future__ import annotations

import datetime as dt
from typing import NotRequired, Required, TypedDict

import pytest

from dampingan.lib.service_input import service_input


class VisitFields(TypedDict):
    on: dt.date
    narrative: NotRequired[str]


def test_the_declared_keys_pass_through_as_they_are():
    data = {"on": dt.date(2026, 3, 1), "narrative": "Rumah 12 dikunjungi"}

    taken = service_input(VisitFields, data)

    assert taken == data
    assert taken is not data  # a copy: the service may not change the caller's form data


def test_a_key_the_service_does_not_declare_is_refused_by_name():
    with pytest.raises(TypeError, match=r"VisitFields: unknown catatan, tanggal"):
        service_input(VisitFields, {"on": dt.date(2026, 3, 1), "tanggal": "x", "catatan": "y"})


def test_a_required_key_is_needed_unless_the_input_is_an_edit():
    with pytest.raises(TypeError, match=r"VisitFields: missing on"):
        service_input(VisitFields, {"narrative": "tanpa tanggal"})

    assert service_input(VisitFields, {"narrative": "hanya catatan"}, partial=True) == {"narrative": "hanya catatan"}


def test_only_a_typed_dict_describes_an_input():
    with pytest.raises(TypeError, match="not a TypedDict"):
        service_input(dict, {"on": 1})


class Edit(TypedDict, total=False):
    title: Required[str]
    note: str


class Entry(TypedDict):
    on: str
    note: NotRequired[str]


def test_required_and_not_required_hold_under_postponed_annotations():
    # This module postpones its annotations, as the services' modules do: Python 3.11 then reads a key's kind from
    # the class's totality alone, Required and NotRequired being mere strings.
    with pytest.raises(TypeError, match="Edit: missing title"):
        service_input(Edit, {"note": "x"})
    assert service_input(Entry, {"on": "2026-03-01"}) == {"on": "2026-03-01"}
    with pytest.raises(TypeError, match="Entry: missing on"):
        service_input(Entry, {"note": "x"})
