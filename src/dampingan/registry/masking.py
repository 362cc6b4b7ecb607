"""Masking of NIK and No KK for roles that may see a person but not the identifiers.

The region part (first six digits) stays, so a mentor can still tell a newcomer from elsewhere; the
birth-date part and the serial, which identify the person, are hidden except for the last two digits.
"""

from __future__ import annotations

import polars as pl

VISIBLE_PREFIX = 6
VISIBLE_SUFFIX = 2


def mask_identifier(value: str | None) -> str | None:
    """``3375014107850012`` → ``337501********12``; blanks stay blank, odd values are hidden whole."""
    if not value:
        return value
    if len(value) != 16 or not value.isdigit():
        return "*" * len(value)
    return value[:VISIBLE_PREFIX] + "*" * (16 - VISIBLE_PREFIX - VISIBLE_SUFFIX) + value[-VISIBLE_SUFFIX:]


def mask_identifier_expr(column: str) -> pl.Expr:
    """The same masking as :func:`mask_identifier`, vectorised for exports."""
    value = pl.col(column)
    hidden = "*" * (16 - VISIBLE_PREFIX - VISIBLE_SUFFIX)
    well_formed = value.str.contains(r"^\d{16}$")
    return (
        pl.when(value.is_null() | (value == ""))
        .then(value)
        .when(well_formed)
        .then(value.str.slice(0, VISIBLE_PREFIX) + pl.lit(hidden) + value.str.slice(16 - VISIBLE_SUFFIX))
        .otherwise(pl.lit("*").repeat_by(value.str.len_chars()).list.join(""))
        .alias(column)
    )
