"""Foster-Greer-Thorbecke poverty measures P0, P1, P2 (docs/domain.md §6), by any grouping.

Reference: J. Foster, J. Greer and E. Thorbecke (1984), "A class of decomposable poverty measures",
*Econometrica* 52(3): 761-766. For persons i with per-capita expenditure y_i, poverty line z_i and person
weight w_i::

    P_a = sum_i w_i · 1[y_i < z_i] · ((z_i - y_i) / z_i)^a  /  sum_i w_i

P0 is the headcount ratio (*persentase penduduk miskin*), P1 the depth (*indeks kedalaman kemiskinan*),
P2 the severity (*indeks keparahan kemiskinan*). The comparison is strict, as BPS counts the poor: a person
exactly on the line is not poor. The line may differ per row (BPS sets separate urban and rural lines).

Input is usually one row per household: per-capita expenditure, the household's (sampling) weight and its
size. The person weight is then ``w_i = weight x size`` (every member has the household's per-capita
expenditure); with neither column each row is one person of weight 1.

Pure function on polars frames; no Django.

Contract
--------
- Rows with a missing expenditure (null or NaN) are left out of every sum and counted in ``missing``;
  they are never taken as zero (which would count them as the poorest).
- Negative expenditure, negative or missing weight or size, and a missing, zero or negative line are
  refused with ``MeasureInputError`` naming the column and the first rows.
- A zero weight is allowed (the row then counts for nothing). A group whose person weights add up to zero
  (all weights zero, or every expenditure missing) gets null P0, P1 and P2, not zero: there is nobody to
  measure. An empty frame without grouping gives one row of zeros and nulls.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from .measure_input import MeasureInputError, refuse_where, require_columns

RESULT_COLUMNS = ("rows", "missing", "population", "poor", "p0", "p1", "p2")
RESULT_SCHEMA = {
    "rows": pl.Int64,
    "missing": pl.Int64,
    "population": pl.Float64,
    "poor": pl.Float64,
    "p0": pl.Float64,
    "p1": pl.Float64,
    "p2": pl.Float64,
}


def _checked(
    frame: pl.DataFrame, line: float | str, expenditure: str, weight: str | None, size: str | None
) -> pl.DataFrame:
    """The frame with float ``_y`` (null when missing), ``_z`` and ``_w`` (person weight), after the checks."""
    columns = [expenditure, *(c for c in (weight, size) if c), *([line] if isinstance(line, str) else [])]
    require_columns(frame, columns)
    for name in columns:
        if not (frame.schema[name].is_numeric() or frame.schema[name] == pl.Null):
            raise MeasureInputError("not_a_number", f"{name}: not a numeric column", column=name)
    y = pl.col(expenditure).cast(pl.Float64)
    frame = frame.with_columns(_y=pl.when(y.is_nan()).then(None).otherwise(y))
    refuse_where(frame, pl.col("_y") < 0, "negative", expenditure, "negative expenditure")
    for optional in (weight, size):
        if optional:
            refuse_where(
                frame,
                pl.col(optional).is_null() | pl.col(optional).cast(pl.Float64).is_nan(),
                "null",
                optional,
                "missing",
            )
            refuse_where(frame, pl.col(optional) < 0, "negative", optional, "negative")
    if isinstance(line, str):
        refuse_where(frame, pl.col(line).is_null() | pl.col(line).cast(pl.Float64).is_nan(), "null", line, "missing")
        refuse_where(frame, pl.col(line) <= 0, "not_positive", line, "the poverty line must be above zero")
        z = pl.col(line).cast(pl.Float64)
    else:
        if not line > 0:  # also refuses NaN
            raise MeasureInputError("not_positive", f"poverty line must be above zero, got {line!r}", column="line")
        z = pl.lit(float(line), dtype=pl.Float64)
    w = pl.lit(1.0, dtype=pl.Float64)
    for optional in (weight, size):
        if optional:
            w = w * pl.col(optional).cast(pl.Float64)
    return frame.with_columns(_z=z, _w=w)


def fgt(
    frame: pl.DataFrame,
    line: float | str,
    *,
    expenditure: str = "expenditure",
    weight: str | None = None,
    size: str | None = None,
    by: Sequence[str] = (),
) -> pl.DataFrame:
    """P0, P1 and P2 per group of ``by`` (the whole frame when empty).

    ``line`` is a number (one line for every row) or the name of a column holding each row's line.
    ``weight`` is the household (sampling) weight column and ``size`` the household size column; the person
    weight is their product (either may be omitted: 1).

    Returns one row per group, sorted by ``by``, with the ``by`` columns and:
    ``rows`` (input rows), ``missing`` (rows left out for a missing expenditure), ``population`` (sum of
    person weights of the rows counted), ``poor`` (weighted number of poor persons, sum of w_i·1[y_i < z_i]),
    ``p0``, ``p1``, ``p2`` (shares 0-1; null when ``population`` is zero).
    """
    by = list(by)
    require_columns(frame, by)
    data = _checked(frame, line, expenditure, weight, size)
    counted = pl.col("_y").is_not_null()
    w = pl.when(counted).then(pl.col("_w")).otherwise(0.0)
    poor = counted & (pl.col("_y") < pl.col("_z"))
    gap = pl.when(poor).then((pl.col("_z") - pl.col("_y")) / pl.col("_z")).otherwise(0.0)
    sums = [
        pl.len().cast(pl.Int64).alias("rows"),
        (~counted).sum().cast(pl.Int64).alias("missing"),
        w.sum().cast(pl.Float64).alias("population"),
        (w * poor.cast(pl.Float64)).sum().cast(pl.Float64).alias("poor"),
        (w * gap).sum().cast(pl.Float64).alias("_gap"),
        (w * gap * gap).sum().cast(pl.Float64).alias("_gap2"),
    ]
    grouped = data.group_by(by).agg(sums).sort(by) if by else data.select(sums)
    population = pl.col("population")

    def share(total: str) -> pl.Expr:
        return pl.when(population > 0).then(pl.col(total) / population).otherwise(None)

    return grouped.with_columns(p0=share("poor"), p1=share("_gap"), p2=share("_gap2")).select(*by, *RESULT_COLUMNS)
