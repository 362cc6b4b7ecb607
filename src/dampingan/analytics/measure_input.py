"""What the poverty measures (``fgt``, ``mpi``, ``desil``) refuse, and how they read exact fractions.

The measures raise ``MeasureInputError`` with a machine-readable ``problem``, the ``column`` and the first
offending ``rows`` (0-based positions in the frame given), so that a page or an API endpoint can say in
Indonesian what is wrong and where without parsing an English message.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import polars as pl

# Floats are read as the nearest fraction with a denominator up to this: 1/3 typed as 0.3333333333333333
# becomes exactly 1/3, while 0.3333 stays 3333/10000.
FLOAT_DENOMINATOR_LIMIT = 1_000_000
ROWS_REPORTED = 5


class MeasureInputError(ValueError):
    """Input a measure refuses. ``problem`` is one of: ``missing_column``, ``negative``, ``null``,
    ``not_positive``, ``not_binary``, ``weights_sum``, ``weight_not_positive``, ``unknown_indicator``,
    ``cutoff_range``, ``out_of_range``, ``not_a_number``, ``too_fine``."""

    def __init__(self, problem: str, message: str, *, column: str = "", rows: tuple[int, ...] = ()) -> None:
        super().__init__(message)
        self.problem = problem
        self.column = column
        self.rows = rows


def require_columns(frame: pl.DataFrame, columns: list[str]) -> None:
    missing = [name for name in columns if name not in frame.columns]
    if missing:
        raise MeasureInputError("missing_column", f"missing column(s): {', '.join(missing)}", column=missing[0])


def offending_rows(frame: pl.DataFrame, condition: pl.Expr) -> tuple[int, ...]:
    """Positions (0-based) of the first rows where ``condition`` holds."""
    found = frame.select(pl.arg_where(condition.fill_null(False))).to_series()
    return tuple(found.head(ROWS_REPORTED).to_list())


def refuse_where(frame: pl.DataFrame, condition: pl.Expr, problem: str, column: str, what: str) -> None:
    rows = offending_rows(frame, condition)
    if rows:
        raise MeasureInputError(
            problem, f"{column}: {what} (rows {', '.join(map(str, rows))})", column=column, rows=rows
        )


def as_fraction(value: Fraction | int | float | Decimal | str, name: str = "value") -> Fraction:
    """An exact fraction from an int, a Fraction, a Decimal, a string (``"1/3"``, ``"0.25"``) or a float (the
    nearest fraction with a denominator up to ``FLOAT_DENOMINATOR_LIMIT``)."""
    try:
        if isinstance(value, float):
            return Fraction(value).limit_denominator(FLOAT_DENOMINATOR_LIMIT)
        if isinstance(value, str):
            return Fraction(value.strip().replace(",", "."))
        return Fraction(value)
    except (ValueError, ZeroDivisionError, TypeError, OverflowError) as error:
        raise MeasureInputError("not_a_number", f"{name}: not a number or fraction: {value!r}", column=name) from error
