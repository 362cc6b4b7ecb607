"""Poverty measures: the multidimensional poverty index and the desil distributions of a registry release per
kecamatan and kelurahan (aggregates, within the caller's scope as on the pages: a lurah gets its kelurahan
only), and FGT P0/P1/P2 of posted per-capita expenditure (computed and returned, never stored).
Formulas and the indicator set: docs/measures.md."""

from __future__ import annotations

from fractions import Fraction
from typing import Annotated

import polars as pl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, UploadedFile
from pydantic import Field, WithJsonSchema

from dampingan.access.requests import ApiRequest
from dampingan.analytics import mpi_indicators
from dampingan.analytics.measure_input import MeasureInputError, as_fraction
from dampingan.analytics.mpi import check_cutoff
from dampingan.registry import measures
from dampingan.registry.fgt_input import (
    FgtInputError,
    MissingLine,
    frame_from_rows,
    frame_from_table,
    measure,
    parse_number,
)

from .schemas import BodyIn, ErrorOut, Number, QueryId, non_empty_file

router = Router(tags=["measures"])
AREA_LEVELS = ("kelurahan", "kecamatan")
# The parameters as the views check them (422 naming the parameter), for the published schema.
AreaLevel = Annotated[str, WithJsonSchema({"type": "string", "enum": list(AREA_LEVELS)})]
MpiIndicator = Annotated[str, WithJsonSchema({"type": "string", "enum": list(mpi_indicators.INDICATORS)})]
# A number or a fraction as analytics.measure_input.as_fraction reads it; the range (0, 1] is checked after.
Cutoff = Annotated[
    str,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\s*(?:\d+(?:[.,]\d*)?|[.,]\d+|\d+/\d+)\s*$",
            "description": "Poverty cutoff above 0 and at most 1: 1/3, 0.5",
        }
    ),
]


class MpiIndicatorOut(Schema):
    key: str
    dimension: str
    label: str
    definition: str
    weight: float
    weight_fraction: str = Field(description="The exact weight, e.g. 1/6")
    insurance_checked: bool = Field(
        description="False for a health indicator when the release records no programme cards (condition alone)"
    )


class DroppedOut(Schema):
    key: str
    reason: str


class IndicatorShareOut(Schema):
    key: str
    deprived: float = Field(description="Households (or persons) deprived in the indicator, poor or not")
    uncensored: float | None = Field(description="Uncensored headcount ratio (0-1)")
    censored: float | None = Field(description="Censored headcount ratio h_j: poor and deprived (0-1)")
    contribution: float | None = Field(description="Share of M0 from this indicator, w_j h_j / M0 (0-1)")
    missing: int = Field(description="Households whose value is not known (counted as not deprived)")


class UnitMpiOut(Schema):
    total: float = Field(description="Households, or persons")
    poor: float = Field(description="Poor households, or persons in poor households")
    H: float | None = Field(description="Incidence: poor / total")
    A: float | None = Field(description="Intensity: mean deprivation score of the poor")
    M0: float | None = Field(description="Adjusted headcount ratio H x A")
    indicators: list[IndicatorShareOut]


class AreaMpiOut(Schema):
    level: str
    code: str
    name: str
    kecamatan_code: str | None
    household: UnitMpiOut
    person: UnitMpiOut


class MpiOut(Schema):
    release_id: int
    k: str = Field(description="Poverty cutoff as an exact fraction, e.g. 1/3")
    reference_date: str = Field(description="Day on which ages are counted")
    level: str
    indicators: list[MpiIndicatorOut]
    dropped: list[DroppedOut]
    notes: list[str]
    total: AreaMpiOut
    areas: list[AreaMpiOut]


class AreaDesilOut(Schema):
    level: str
    code: str
    name: str
    kecamatan_code: str | None
    households: int
    persons: int
    households_per_desil: list[int] = Field(description="Households in desil 1..10 (latest rank)")
    persons_per_desil: list[int]
    unranked_households: int
    unranked_persons: int
    desil_1_4_households: int
    desil_1_4_persons: int
    share_1_4_households: float | None = Field(description="Desil 1-4 / ranked households")
    share_1_4_persons: float | None = Field(description="Desil 1-4 / persons in ranked households")


class DesilOut(Schema):
    release_id: int
    level: str
    total: AreaDesilOut
    areas: list[AreaDesilOut]


# Bounds far above any real figure (a trillion rupiah a month per person, a weight of a billion, a household of a
# thousand): within them every sum stays finite; beyond them the sums overflowed to infinity and the answer broke
# its own schema (found by the fuzzing test).
MAX_RUPIAH, MAX_WEIGHT, MAX_SIZE = 1e12, 1e9, 1e3


class FgtRowIn(BodyIn):
    expenditure: Number | None = Field(
        le=MAX_RUPIAH,
        json_schema_extra={"minimum": 0},
        description="Per-capita expenditure (Rp per month); null = missing",
    )
    weight: Number | None = Field(
        None, le=MAX_WEIGHT, json_schema_extra={"minimum": 0}, description="Household (sampling) weight, default 1"
    )
    size: Number | None = Field(
        None, le=MAX_SIZE, json_schema_extra={"minimum": 0}, description="Household size (persons), default 1"
    )
    line: Number | None = Field(
        None,
        le=MAX_RUPIAH,
        json_schema_extra={"exclusiveMinimum": 0},
        description="This row's poverty line, if not the common one",
    )
    group: str | None = Field(None, description="Area or group to break the result down by")


class FgtIn(BodyIn):
    line: Number | None = Field(
        None,
        le=MAX_RUPIAH,
        json_schema_extra={"exclusiveMinimum": 0},
        description="Poverty line (Rp per capita per month) for rows without one",
    )
    rows: list[FgtRowIn]


class FgtGroupOut(Schema):
    group: str | None
    rows: int
    missing: int = Field(description="Rows left out for a missing expenditure")
    population: float = Field(description="Persons counted: sum of weight x size")
    poor: float = Field(description="Weighted number of poor persons (expenditure strictly below the line)")
    p0: float | None
    p1: float | None
    p2: float | None


class FgtOut(Schema):
    total: FgtGroupOut
    groups: list[FgtGroupOut]


class FgtTableOut(FgtOut):
    group_column: str | None = Field(description="The file's column the groups come from; null: none found")
    other_columns: list[str] = Field(
        description="The file's columns not read as expenditure, weight, size or line: name one as group_column"
    )
    note: str = Field(description="Why there are no groups, when there are none")


def _level(level: str) -> str:
    if level not in AREA_LEVELS:
        raise ValidationError({"level": [_("Choose kelurahan or kecamatan.")]})
    return level


def _cutoff(k: str) -> Fraction:
    try:
        return check_cutoff(as_fraction(k, "k"))
    except MeasureInputError as error:
        raise ValidationError(
            {"k": [_("k must be a fraction above 0 and at most 1, such as 1/3 or 0.5; got %(k)s.") % {"k": k}]}
        ) from error


def _fraction_text(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def _unit_out(report: measures.MpiReport, row: dict, unit: str) -> dict[str, object]:
    shares = report.indicators.filter(
        (report.indicators["level"] == row["level"])
        & (report.indicators["code"] == row["code"])
        & (report.indicators["unit"] == unit)
    )
    household = unit == "household"
    return {
        "total": row["units"] if household else row["population"],
        "poor": row["poor_units"] if household else row["poor"],
        "H": row["H"],
        "A": row["A"],
        "M0": row["M0"],
        "indicators": [{**share, "key": share["indicator"]} for share in shares.iter_rows(named=True)],
    }


def _area_mpi_out(report: measures.MpiReport, level: str, code: str) -> dict[str, object]:
    household, person = report.area(level, code, "household"), report.area(level, code, "person")
    assert household is not None and person is not None  # every area has both units
    return {
        "level": level,
        "code": code,
        "name": household["name"],
        "kecamatan_code": household["kecamatan"] if level == "kelurahan" else None,
        "household": _unit_out(report, household, "household"),
        "person": _unit_out(report, person, "person"),
    }


@router.get(
    "/mpi",
    response={200: MpiOut, 404: ErrorOut, 422: ErrorOut},
    summary="Multidimensional poverty index (Alkire-Foster) per kelurahan or kecamatan, per household and person",
)
def mpi_measures(
    request: ApiRequest,
    release: QueryId | None = None,
    k: Cutoff = "1/3",
    level: AreaLevel = "kelurahan",
    kecamatan: str = "",
    kelurahan: str = "",
    indicator: list[MpiIndicator] = Query([]),  # noqa: B008 (ninja's way of declaring a repeated query parameter)
) -> dict[str, object]:
    level, cutoff = _level(level), _cutoff(k)
    try:
        report = measures.mpi_for(
            request.scope,
            release_id=release,
            k=cutoff,
            kecamatan=kecamatan,
            kelurahan=kelurahan,
            indicators=indicator,
        )
    except MeasureInputError as error:
        raise ValidationError({"indicator": [_("Unknown indicator: %(detail)s") % {"detail": error}]}) from error
    chosen = report.indicator_set
    codes = report.areas.filter(report.areas["level"] == level)["code"].unique(maintain_order=True).to_list()
    return {
        "release_id": report.release.pk,
        "k": _fraction_text(report.k),
        "reference_date": report.on.isoformat(),
        "level": level,
        "indicators": [
            {
                "key": key,
                "dimension": chosen.dimension_of[key],
                "label": str(measures.INDICATOR_LABELS[key][0]),
                "definition": str(measures.INDICATOR_LABELS[key][1]),
                "weight": float(weight),
                "weight_fraction": _fraction_text(weight),
                "insurance_checked": key not in chosen.relaxed,
            }
            for key, weight in chosen.weights.items()
        ],
        "dropped": [{"key": key, "reason": reason} for key, reason in chosen.dropped.items()],
        "notes": [str(note) for note in report.notes()],
        "total": _area_mpi_out(report, "all", ""),
        "areas": [_area_mpi_out(report, level, code) for code in codes],
    }


def _area_desil_out(report: measures.DesilReport, row: dict) -> dict[str, object]:
    level, code = row["level"], row["code"]
    return {
        **row,
        "kecamatan_code": row["kecamatan"] if level == "kelurahan" else None,
        "households_per_desil": report.per_desil(level, code, "households"),
        "persons_per_desil": report.per_desil(level, code, "persons"),
    }


@router.get(
    "/desil",
    response={200: DesilOut, 404: ErrorOut, 422: ErrorOut},
    summary="Households and persons per desil 1-10 and the share in desil 1-4, per kelurahan or kecamatan",
)
def desil_measures(
    request: ApiRequest,
    release: QueryId | None = None,
    level: AreaLevel = "kelurahan",
    kecamatan: str = "",
    kelurahan: str = "",
) -> dict[str, object]:
    level = _level(level)
    report = measures.desil_for(request.scope, release_id=release, kecamatan=kecamatan, kelurahan=kelurahan)
    rows = report.summary.filter(report.summary["level"] == level).iter_rows(named=True)
    total = report.area("all", "")
    assert total is not None  # the whole scope always has a row
    return {
        "release_id": report.release.pk,
        "level": level,
        "total": _area_desil_out(report, total),
        "areas": [_area_desil_out(report, row) for row in rows],
    }


def _measure(frame: pl.DataFrame, line: float | None, row_numbers: list[int]) -> dict[str, object]:
    try:
        return measure(frame, line, row_numbers)
    except MissingLine as error:
        raise ValidationError({"line": [str(error)]}) from error
    except FgtInputError as error:
        raise ValidationError(error.messages()) from error


@router.post(
    "/fgt",
    response={200: FgtOut, 422: ErrorOut},
    summary="FGT P0, P1, P2 of posted per-capita expenditure (JSON rows); nothing is stored",
)
def fgt_measures(request: ApiRequest, payload: FgtIn) -> dict[str, object]:
    try:
        frame = frame_from_rows([row.model_dump() for row in payload.rows])
    except FgtInputError as error:
        raise ValidationError(error.messages()) from error
    return _measure(frame, payload.line, list(range(1, frame.height + 1)))


@router.post(
    "/fgt/table",
    response={200: FgtTableOut, 422: ErrorOut},
    summary="FGT P0, P1, P2 of an uploaded CSV/XLSX of per-capita expenditure (columns pengeluaran, bobot, "
    "jumlah_art, garis_kemiskinan, and a group column such as kelurahan or kode_kelurahan, or the one named in "
    "group_column); nothing is stored",
    openapi_extra=non_empty_file(),
)
def fgt_table_measures(
    request: ApiRequest, file: File[UploadedFile], line: Form[str] = "", group_column: Form[str] = ""
) -> dict[str, object]:
    try:
        table = frame_from_table(file.read(), file.name or "", group_column)
        common = parse_number(line, "line") if line.strip() else None
    except FgtInputError as error:
        raise ValidationError(error.messages()) from error
    except ValueError as error:
        raise ValidationError({"line": [str(error)]}) from error
    result = _measure(table.frame, common, table.rows)
    note = ""
    if table.group_column is None:
        note = _(
            "No group column found: the result is for all rows only. Name the column to group by in "
            "group_column; the file's other columns are: %(columns)s."
        ) % {"columns": ", ".join(table.other_columns) or "—"}
    return {**result, "group_column": table.group_column, "other_columns": table.other_columns, "note": note}
