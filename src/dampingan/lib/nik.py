"""Vectorised checks of NIK and No KK columns (polars), following ../shared/DOMAIN.md §4.

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
NOT_16_DIGITS = "not_16_digits"
ZERO_REGION = "zero_region"
BAD_DATE = "bad_date"
ZERO_SERIAL = "zero_serial"
UNKNOWN_PROVINCE = "unknown_province"

_SEPARATORS = r"[\s.\-/]"
_EXCEL_NUMBER = r"^\d+(?:[.,]\d+)?[eE][+\-]?\d+$|^\d{15,}[.,]0+$"


def province_codes() -> frozenset[str]:
    return frozenset(w.code for w in wilayah.list_wilayah())


def _date_valid(day: pl.Expr, month: pl.Expr, yy: pl.Expr) -> pl.Expr:
    """True when DD-MM-YY is a calendar date in 19YY or 20YY (the century is ambiguous)."""

    def parses(century: str) -> pl.Expr:
        text = pl.concat_str([pl.lit(century), yy, month, day])
        return text.str.to_date("%Y%m%d", strict=False).is_not_null()

    return parses("19") | parses("20")


def check_nik(column: str, *, prefix: str = "nik") -> list[pl.Expr]:
    """Expressions adding ``{prefix}`` (the cleaned 16 digits or null), ``{prefix}_error``,
    ``{prefix}_warning``, ``{prefix}_sex`` (1 male, 2 female) and ``{prefix}_birth`` (DDMMYY, day
    without the +40) for the text column ``column``. Blank cells give nulls and no error: whether the
    NIK is required is the caller's rule."""
    raw = pl.col(column).str.strip_chars()
    digits = raw.str.replace_all(_SEPARATORS, "")
    mangled = raw.str.contains(_EXCEL_NUMBER)
    sixteen = digits.str.contains(r"^\d{16}$")
    day = digits.str.slice(6, 2).cast(pl.Int32, strict=False)
    real_day = pl.when(day > 40).then(day - 40).otherwise(day)
    day_text = real_day.cast(pl.String).str.zfill(2)
    month_text = digits.str.slice(8, 2)
    yy_text = digits.str.slice(10, 2)
    zero_region = (digits.str.slice(2, 2) == "00") | (digits.str.slice(4, 2) == "00")
    bad_date = ~_date_valid(day_text, month_text, yy_text)
    zero_serial = digits.str.slice(12, 4) == "0000"
    unknown_province = ~digits.str.slice(0, 2).is_in(list(province_codes()))

    error = (
        pl.when(raw.is_null())
        .then(None)
        .when(mangled)
        .then(pl.lit(EXCEL_MANGLED))
        .when(~sixteen)
        .then(pl.lit(NOT_16_DIGITS))
        .when(zero_region)
        .then(pl.lit(ZERO_REGION))
        .when(bad_date)
        .then(pl.lit(BAD_DATE))
        .when(zero_serial)
        .then(pl.lit(ZERO_SERIAL))
        .otherwise(None)
    )
    valid = raw.is_not_null() & error.is_null()
    return [
        pl.when(valid).then(digits).otherwise(None).alias(prefix),
        error.alias(f"{prefix}_error"),
        pl.when(valid & unknown_province).then(pl.lit(UNKNOWN_PROVINCE)).otherwise(None).alias(f"{prefix}_warning"),
        pl.when(valid)
        .then(pl.when(day > 40).then(2).otherwise(1))
        .otherwise(None)
        .cast(pl.Int8)
        .alias(f"{prefix}_sex"),
        pl.when(valid).then(pl.concat_str([day_text, month_text, yy_text])).otherwise(None).alias(f"{prefix}_birth"),
    ]


def check_no_kk(column: str, *, prefix: str = "no_kk") -> list[pl.Expr]:
    """Expressions adding ``{prefix}`` and ``{prefix}_error`` for a No KK column: 16 digits, not mangled
    by Excel, issuing region (first 6 digits) without a 00 part. Digits 7-12 are the issue date, which
    old cards do not always respect, so they are not checked."""
    raw = pl.col(column).str.strip_chars()
    digits = raw.str.replace_all(_SEPARATORS, "")
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
    return [
        pl.when(raw.is_not_null() & error.is_null()).then(digits).otherwise(None).alias(prefix),
        error.alias(f"{prefix}_error"),
    ]


def birth_disagrees(nik_birth: str, birth_date: str, nik_sex: str, sex: str) -> pl.Expr:
    """True where the NIK's DDMMYY or sex contradicts the ``birth_date`` (pl.Date) or ``sex`` (1/2) columns.
    A warning only: the NIK stays as issued when a birth date is corrected."""
    stated = pl.col(birth_date).dt.strftime("%d%m%y")
    date_conflict = pl.col(nik_birth).is_not_null() & stated.is_not_null() & (pl.col(nik_birth) != stated)
    sex_conflict = pl.col(nik_sex).is_not_null() & pl.col(sex).is_not_null() & (pl.col(nik_sex) != pl.col(sex))
    return date_conflict | sex_conflict
