"""``Column``: a body field declares the Python type the type checker reads, and validates and publishes what
the model's column takes; a declaration that disagrees with the column is refused when the schema is built."""

from typing import Annotated

import pytest
from ninja import Schema
from pydantic import ValidationError

from dampingan.api.schemas import Column
from dampingan.baseline.models import Problem


def test_the_field_takes_what_the_column_takes():
    class TitledProbe(Schema):
        title: Annotated[str, Column(Problem, "title")]
        severity: Annotated[int | None, Column(Problem, "severity")] = None

    assert TitledProbe(title="Sanitasi").severity is None  # left out of a patch
    assert TitledProbe(title="Sanitasi", severity=3).severity == 3
    with pytest.raises(ValidationError):
        TitledProbe(title="Sanitasi", severity=None)  # an explicit null is not a severity
    with pytest.raises(ValidationError):
        TitledProbe(title="Sanitasi", severity="3")  # nor is text
    published = TitledProbe.model_json_schema()["properties"]["title"]
    assert published["maxLength"] == Problem._meta.get_field("title").max_length  # the service checks it
    assert published["minLength"] == 1


def test_a_field_that_may_be_null_says_so_outside_the_column():
    class NullableProbe(Schema):
        title: Annotated[str, Column(Problem, "title")] | None = None

    assert NullableProbe(title=None).title is None


def test_a_declared_type_other_than_the_columns_is_refused_at_import():
    with pytest.raises(TypeError, match=r"Problem\.title"):

        class WrongProbe(Schema):
            title: Annotated[int, Column(Problem, "title")]
