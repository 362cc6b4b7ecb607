"""Vectorised checks of NIK and No KK columns (polars), following docs/domain.md §4.

NIK = province (2) + kab/kota (2) + kecamatan (2) of first registration + birth date DDMMYY (day + 40
for women) + serial 0001-9999. A NIK is permanent: it is not reissued when a birth date is corrected,
so disagreement with the birth-date or sex column is a warning, never an error. An unknown province
prefix is a warning too (regions split: Papua 91 became 91-96). Values that Excel turned into numbers
(scientific notation, a float round trip) are errors: they are never "repaired".

Codes, not sentences, come out of here; the import layer turns them into messages with row and column.
"""

from __future__ import annotations

import polars as pl
from lokal import wilayah

# Error codes (the household is excluded) and warning codes (it is kept), in order of precedence.
EXCEL_MANGLED = "excel_mangled"
# Set by the import from the workbook cell's type, not by these rules: see registry/validation.py.
EXCEL_NUMBER_CELL = "excel_number_cell"
NOT_16_DIGITS = "not_16_digits"
ZERO_REGION = "zero_region"
BAD_DATE = "bad_date"
ZERO_SERIAL = "zero_serial"
UNKNOWN_PROVINCE = "unknown_province"

_SEPARATORS = r"[\s.\-/]"
APOSTROPHES = "'`\u2018\u2019"
# Spaces and the apostrophe, stripped in one pass (a million NIKs: each extra pass costs a third of a second).
_STRIPPED = " \t\r\n\v\f\u00a0" + APOSTROPHES
_EXCEL_NUMBER = r"^\d+(?:[.,]\d+)?[eE][+\-]?\d+$|^\d{15,}[.,]0+$"


def province_codes() -> frozenset[str]:
    return frozenset(w.code for w in wilayah.list_wilayah())


def _date_valid(day: pl.Expr, month: pl.Expr, yy: pl.Expr) -> pl.Expr:
    """True when day-month-YY (integers) is a calendar date in 19YY or 20YY (the century is ambiguous).

    Computed on integers, not by parsing two date strings: this runs on every NIK of a million-row file.
    29 February exists in 19YY or 20YY exactly when YY is a multiple of 4 (1900 is no leap year, 2000 is).
    """
    days_in_month = (
        pl.when(month == 2)
        .then(pl.when(yy % 4 == 0).then(29).otherwise(28))
        .when(month.is_in([4, 6, 9, 11]))
        .then(30)
        .otherwise(31)
    )
    return (month.is_between(1, 12) & day.is_between(1, days_in_month) & yy.is_between(0, 99)).fill_null(False)


def _cleaned(column: str) -> pl.Expr:
    """A struct of the stripped cell (``raw``) and its digits without separators (``digits``).

    The checks below read these as struct fields, so each is computed once per column: eager polars does
    not share repeated subexpressions, and re-deriving the digits in every rule made the NIK check the
    slowest step of a million-row validation.
    """
    # Excel's "keep as text" apostrophe ('3375…) is typed by hand or written by exports; it is no part of the
    # number and goes silently, with the spaces.
    raw = pl.col(column).str.strip_chars(_STRIPPED)
    return pl.struct(raw.alias("raw"), raw.str.replace_all(_SEPARATORS, "").alias("digits"))


def check_nik(column: str, *, prefix: str = "nik") -> list[pl.Expr]:
    """Expressions adding ``{prefix}`` (the cleaned 16 digits or null), ``{prefix}_error``,
    ``{prefix}_warning``, ``{prefix}_sex`` (1 male, 2 female) and ``{prefix}_birth`` (DDMMYY, day
    without the +40) for the text column ``column``. Blank cells give nulls and no error: whether the
    NIK is required is the caller's rule. (One expression with five outputs; rename them with
    ``.name.prefix`` or ``.name.map``, not ``.alias``.)"""
    raw, digits = pl.field("raw"), pl.field("digits")
    parts = _cleaned(column).struct.with_fields(
        day=digits.str.slice(6, 2).cast(pl.Int32, strict=False),
        month=digits.str.slice(8, 2),
        yy=digits.str.slice(10, 2),
    )
    day = pl.field("day")
    parts = parts.struct.with_fields(real_day=pl.when(day > 40).then(day - 40).otherwise(day))
    real_day, month, yy = pl.field("real_day"), pl.field("month"), pl.field("yy")
    bad_date = ~_date_valid(real_day, month.cast(pl.Int32, strict=False), yy.cast(pl.Int32, strict=False))
    error = (
        pl.when(raw.is_null())
        .then(None)
        .when(raw.str.contains(_EXCEL_NUMBER))
        .then(pl.lit(EXCEL_MANGLED))
        .when(~digits.str.contains(r"^\d{16}$"))
        .then(pl.lit(NOT_16_DIGITS))
        .when((digits.str.slice(2, 2) == "00") | (digits.str.slice(4, 2) == "00"))
        .then(pl.lit(ZERO_REGION))
        .when(bad_date)
        .then(pl.lit(BAD_DATE))
        .when(digits.str.slice(12, 4) == "0000")
        .then(pl.lit(ZERO_SERIAL))
        .otherwise(None)
    )
    parts = parts.struct.with_fields(error=error)
    parts = parts.struct.with_fields(valid=raw.is_not_null() & pl.field("error").is_null())
    valid = pl.field("valid")
    unknown_province = ~digits.str.slice(0, 2).is_in(list(province_codes()))
    day_text = real_day.cast(pl.String).str.zfill(2)
    return [
        parts.struct.with_fields(
            pl.when(valid).then(digits).otherwise(None).alias(prefix),
            pl.field("error").alias(f"{prefix}_error"),
            pl.when(valid & unknown_province).then(pl.lit(UNKNOWN_PROVINCE)).otherwise(None).alias(f"{prefix}_warning"),
            pl.when(valid)
            .then(pl.when(day > 40).then(2).otherwise(1))
            .otherwise(None)
            .cast(pl.Int8)
            .alias(f"{prefix}_sex"),
            pl.when(valid).then(pl.concat_str([day_text, month, yy])).otherwise(None).alias(f"{prefix}_birth"),
        ).struct.field(prefix, f"{prefix}_error", f"{prefix}_warning", f"{prefix}_sex", f"{prefix}_birth")
    ]


def check_no_kk(column: str, *, prefix: str = "no_kk") -> list[pl.Expr]:
    """Expressions adding ``{prefix}`` and ``{prefix}_error`` for a No KK column: 16 digits, not mangled
    by Excel, issuing region (first 6 digits) without a 00 part. Digits 7-12 are the issue date, which
    old cards do not always respect, so they are not checked. (One expression with two outputs, as
    ``check_nik``.)"""
    raw, digits = pl.field("raw"), pl.field("digits")
    error = (
        pl.when(raw.is_null())
        .then(None)
        .when(raw.str.contains(_EXCEL_NUMBER))
        .then(pl.lit(EXCEL_MANGLED))
        .when(~digits.str.contains(r"^\d{16}$"))
        .then(pl.lit(NOT_16_DIGITS))
        .when((digits.str.slice(2, 2) == "00") | (digits.str.slice(4, 2) == "00"))
        .then(pl.lit(ZERO_REGION))
        .otherwise(None)
    )
    parts = _cleaned(column).struct.with_fields(error=error)
    return [
        parts.struct.with_fields(
            pl.when(raw.is_not_null() & pl.field("error").is_null()).then(digits).otherwise(None).alias(prefix),
            pl.field("error").alias(f"{prefix}_error"),
        ).struct.field(prefix, f"{prefix}_error")
    ]


def birth_disagrees(nik_birth: str, birth_date: str, nik_sex: str, sex: str) -> pl.Expr:
    """True where the NIK's DDMMYY or sex contradicts the ``birth_date`` (pl.Date) or ``sex`` (1/2) columns.
    A warning only: the NIK stays as issued when a birth date is corrected."""
    stated = pl.col(birth_date).dt.strftime("%d%m%y")
    date_conflict = pl.col(nik_birth).is_not_null() & stated.is_not_null() & (pl.col(nik_birth) != stated)
    sex_conflict = pl.col(nik_sex).is_not_null() & pl.col(sex).is_not_null() & (pl.col(nik_sex) != pl.col(sex))
    return date_conflict | sex_conflict
