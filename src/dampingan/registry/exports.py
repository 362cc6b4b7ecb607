"""Exports of a filtered household list, one row per household or one per member, as .xlsx or .csv.

The rows come from the same queryset as the page, so the file holds exactly what the list shows; coded
attributes carry their Indonesian labels. The frames hold identifiers whole: only ``registry.personal.export``
calls these, and it masks them for a reader who may not see them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

import polars as pl
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from dampingan.lib.spreadsheets import write_csv, write_xlsx

from . import deprivations
from .models import Household, Member
from .queries import flag_name

if TYPE_CHECKING:
    from django.db.models import Field
    from polars._typing import PolarsDataType

HOUSEHOLD_CODED = (
    "floor_type",
    "wall_type",
    "roof_type",
    "water_source",
    "lighting_source",
    "power_capacity",
    "cooking_fuel",
    "toilet_facility",
    "house_tenure",
)
MEMBER_CODED = (
    "relationship_to_head",
    "sex",
    "education",
    "work_status",
    "employment_status",
    "disability",
    "school_participation",
)


def _labels(model: type[Household] | type[Member], name: str) -> dict[int, str]:
    # The coded columns are integer fields with flat choices.
    field = cast("Field[int, int]", model._meta.get_field(name))
    return {code: str(label) for code, label in cast("list[tuple[int, str]]", field.choices)}


def _with_labels(frame: pl.DataFrame, model: type[Household] | type[Member], names: Iterable[str]) -> pl.DataFrame:
    return frame.with_columns(
        pl.col(name).replace_strict(_labels(model, name), default=None, return_dtype=pl.String).alias(name)
        for name in names
    )


def _frame(rows: list[dict], schema: dict[str, PolarsDataType]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


def households_frame(households: QuerySet[Household]) -> pl.DataFrame:
    """One row per household of a ``with_deprivation_flags`` queryset."""
    flags = [flag_name(d) for d in deprivations.DEPRIVATIONS]
    columns = [
        "kelurahan__parent__name",
        "kelurahan__name",
        "registry_id",
        "address",
        "rt",
        "rw",
        "head_name",
        "head_nik",
        "head_no_kk",
        "member_count",
        "family_count",
        "desil",
        *HOUSEHOLD_CODED,
        *flags,
    ]
    schema: dict[str, PolarsDataType] = {name: pl.String for name in columns}
    schema.update({n: pl.Int64 for n in ("member_count", "family_count", "desil", *HOUSEHOLD_CODED)})
    schema.update({flag: pl.Boolean for flag in flags})
    frame = _frame(list(households.values(*columns)), schema)
    frame = _with_labels(frame, Household, HOUSEHOLD_CODED)
    yes = _("yes")
    frame = frame.with_columns(pl.when(pl.col(f)).then(pl.lit(yes)).otherwise(pl.lit("")).alias(f) for f in flags)
    headers = {
        "kelurahan__parent__name": _("Kecamatan"),
        "kelurahan__name": _("Kelurahan"),
        "registry_id": _("Registry household id"),
        "address": _("Address"),
        "rt": _("RT"),
        "rw": _("RW"),
        "head_name": _("Household head"),
        "head_nik": _("Head's NIK"),
        "head_no_kk": _("Head's No KK"),
        "member_count": _("Members"),
        "family_count": _("Families"),
        "desil": _("Desil"),
        **{
            name: str(cast("Field[int, int]", Household._meta.get_field(name)).verbose_name).capitalize()
            for name in HOUSEHOLD_CODED
        },
        **{flag_name(d): str(d.label) for d in deprivations.DEPRIVATIONS},
    }
    return frame.rename(headers)


def members_frame(households: QuerySet[Household], *, on: dt.date) -> pl.DataFrame:
    """One row per member of the listed households, with the household's desil."""
    # ``desil`` is annotated by the household list's queryset, which the plugin cannot see here.
    desil = dict(households.values_list("pk", "desil"))  # type: ignore[misc]
    members = Member.objects.filter(household_id__in=households.values("pk")).order_by(
        "kelurahan_id", "household_id", "family_id", "relationship_to_head", "pk"
    )
    columns = [
        "household_id",
        "kelurahan__parent__name",
        "kelurahan__name",
        "household__address",
        "household__rt",
        "household__rw",
        "family__no_kk",
        "nik",
        "name",
        "birth_place",
        "birth_date",
        *MEMBER_CODED,
    ]
    schema: dict[str, PolarsDataType] = {name: pl.String for name in columns}
    schema.update({"household_id": pl.Int64, "birth_date": pl.Date, **{n: pl.Int64 for n in MEMBER_CODED}})
    frame = _frame(list(members.values(*columns)), schema)
    frame = _with_labels(frame, Member, MEMBER_CODED)
    birth = pl.col("birth_date")
    # Month and day come as Int8: widen before combining them into MMDD.
    birthday = birth.dt.month().cast(pl.Int32) * 100 + birth.dt.day().cast(pl.Int32)
    before_birthday = (birthday > on.month * 100 + on.day).cast(pl.Int32)
    age = (pl.lit(on.year, pl.Int32) - birth.dt.year().cast(pl.Int32) - before_birthday).alias("age")
    frame = frame.with_columns(
        age, pl.col("household_id").replace_strict(desil, default=None, return_dtype=pl.Int64).alias("desil")
    )
    headers = {
        "household_id": _("Household no."),
        "kelurahan__parent__name": _("Kecamatan"),
        "kelurahan__name": _("Kelurahan"),
        "household__address": _("Address"),
        "household__rt": _("RT"),
        "household__rw": _("RW"),
        "family__no_kk": _("No KK"),
        "nik": _("NIK"),
        "name": _("Name"),
        "birth_place": _("Birth place"),
        "birth_date": _("Birth date"),
        "age": _("Age"),
        "desil": _("Desil"),
        **{
            name: str(cast("Field[int, int]", Member._meta.get_field(name)).verbose_name).capitalize()
            for name in MEMBER_CODED
        },
    }
    return frame.select(list(headers)).rename(headers)


def render(frame: pl.DataFrame, fmt: str, sheet: str) -> bytes:
    """The frame as ``xlsx`` (text cells stay text) or ``csv`` (formulas neutralised)."""
    return write_xlsx({sheet: frame}) if fmt == "xlsx" else write_csv(frame)
