"""Alkire-Foster multidimensional poverty (adjusted headcount ratio M0), by any grouping (docs/domain.md §6).

Reference: S. Alkire and J. Foster (2011), "Counting and multidimensional poverty measurement",
*Journal of Public Economics* 95(7-8): 476-487; S. Alkire et al. (2015), *Multidimensional Poverty
Measurement and Analysis*, Oxford University Press, ch. 5 (the partial indices and their decomposition).

For units i (households) with deprivations g_ij in {0, 1}, indicator weights w_j summing to 1, a poverty
cutoff k and unit weights v_i (1 per household, or the household size to count persons)::

    c_i  = sum_j w_j g_ij                          deprivation score
    poor_i = 1[c_i >= k]                           identification (dual cutoff)
    H    = sum_i v_i poor_i / sum_i v_i            incidence (headcount ratio)
    A    = sum_i v_i poor_i c_i / sum_i v_i poor_i intensity (mean score of the poor)
    M0   = H · A = sum_i v_i poor_i c_i / sum_i v_i
    h_j  = sum_i v_i poor_i g_ij / sum_i v_i       censored headcount ratio of indicator j
    contribution_j = w_j h_j / M0                  (the contributions add up to 1)

Identification is exact: weights and k are fractions (``fractions.Fraction``), the scores are compared as
integers over the common denominator, so a household deprived in exactly one third of the weighted
indicators is poor at k = 1/3 — a float sum 1/6 + 1/6 compared with 1/3 can fall on either side.

Pure functions on polars frames; no Django.

Contract
--------
- One column per indicator, Boolean or integer 0/1; null means *not known*: the unit is counted as not
  deprived in that indicator (a missing attribute never makes a household poor, as in the registry's
  own deprivation lists) and the nulls are counted in ``missing``.
- Weights must be positive and add up to exactly 1 (``check_weights``); 0 < k <= 1.
- A group with zero total unit weight gets null H, A and M0; a group without poor units gets H = M0 = 0
  and a null A and null contributions (there is no M0 to divide).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import polars as pl

from .measure_input import MeasureInputError, as_fraction, refuse_where, require_columns

DEFAULT_K = Fraction(1, 3)
# Scores are compared as integers; past this the products could overflow a 64-bit integer.
MAX_EXACT = 2**62

WeightLike = Fraction | int | float | Decimal | str
SUMMARY_SCHEMA = {
    "units": pl.Int64,
    "population": pl.Float64,
    "poor_units": pl.Int64,
    "poor": pl.Float64,
    "H": pl.Float64,
    "A": pl.Float64,
    "M0": pl.Float64,
}
INDICATOR_COLUMNS = (
    "indicator",
    "dimension",
    "weight",
    "deprived",
    "uncensored",
    "censored",
    "contribution",
    "missing",
)


@dataclass(frozen=True)
class Mpi:
    """``summary``: one row per group with ``units`` (rows), ``population`` (sum of unit weights), ``poor_units``,
    ``poor`` (weighted), ``H``, ``A``, ``M0``. ``indicators``: one row per group and indicator with ``weight``,
    ``deprived`` (weighted count, uncensored), ``uncensored`` and ``censored`` headcount ratios,
    ``contribution`` (w_j h_j / M0, a share 0-1) and ``missing`` (rows where the indicator is null)."""

    summary: pl.DataFrame
    indicators: pl.DataFrame
    k: Fraction
    weights: dict[str, Fraction]


def check_weights(weights: Mapping[str, WeightLike]) -> dict[str, Fraction]:
    """The weights as exact fractions; refused unless each is positive and they add up to exactly 1."""
    if not weights:
        raise MeasureInputError("weights_sum", "no indicator weights given", column="weights")
    exact = {key: as_fraction(value, key) for key, value in weights.items()}
    for key, value in exact.items():
        if value <= 0:
            raise MeasureInputError("weight_not_positive", f"weight of {key} must be above zero", column=key)
    total = sum(exact.values(), Fraction(0))
    if total != 1:
        raise MeasureInputError(
            "weights_sum", f"indicator weights add up to {total} ({float(total):.6f}), not 1", column="weights"
        )
    return exact


def check_cutoff(k: WeightLike) -> Fraction:
    exact = as_fraction(k, "k")
    if not 0 < exact <= 1:
        raise MeasureInputError("cutoff_range", f"k must be above 0 and at most 1, got {exact}", column="k")
    return exact


def nested_weights(
    dimensions: Mapping[str, Sequence[str]], dimension_weights: Mapping[str, WeightLike] | None = None
) -> dict[str, Fraction]:
    """Nested weights: each dimension its weight (equal when not given), split equally among its indicators."""
    if dimension_weights is None:
        dimension_weights = {name: Fraction(1, len(dimensions)) for name in dimensions}
    exact = check_weights(dimension_weights)
    weights: dict[str, Fraction] = {}
    for name, indicators in dimensions.items():
        if not indicators:
            raise MeasureInputError("unknown_indicator", f"dimension {name} has no indicator", column=name)
        for key in indicators:
            weights[key] = exact[name] / len(indicators)
    return check_weights(weights)


def drop_indicators(
    weights: Mapping[str, WeightLike], dimension_of: Mapping[str, str], dropped: Collection[str]
) -> dict[str, Fraction]:
    """``weights`` without the ``dropped`` indicators, re-normalised as the global MPI does when an indicator
    is missing from a survey: the dimension keeps its weight, shared by its remaining indicators in their
    old proportions; a dimension left with no indicator gives its weight to the other dimensions in
    proportion to theirs."""
    exact = check_weights(weights)
    kept = {key: value for key, value in exact.items() if key not in dropped}
    if not kept:
        raise MeasureInputError("unknown_indicator", "every indicator was dropped", column="weights")
    dimension_total: dict[str, Fraction] = {}
    kept_total: dict[str, Fraction] = {}
    for key, value in exact.items():
        dimension_total[dimension_of[key]] = dimension_total.get(dimension_of[key], Fraction(0)) + value
    for key, value in kept.items():
        kept_total[dimension_of[key]] = kept_total.get(dimension_of[key], Fraction(0)) + value
    surviving = sum((dimension_total[d] for d in kept_total), Fraction(0))
    return check_weights(
        {
            key: value * dimension_total[dimension_of[key]] / kept_total[dimension_of[key]] / surviving
            for key, value in kept.items()
        }
    )


def _integer_weights(weights: Mapping[str, Fraction], k: Fraction) -> tuple[dict[str, int], int]:
    """Each weight times the common denominator D (integers), and D."""
    denominator = math.lcm(*(w.denominator for w in weights.values()))
    numerators = {key: int(w * denominator) for key, w in weights.items()}
    if sum(numerators.values()) * k.denominator >= MAX_EXACT or k.numerator * denominator >= MAX_EXACT:
        raise MeasureInputError(
            "too_fine", "weights and k need a smaller common denominator (use simple fractions)", column="weights"
        )
    return numerators, denominator


def _check_indicators(frame: pl.DataFrame, indicators: Sequence[str]) -> None:
    for key in indicators:
        dtype = frame.schema[key]
        if dtype == pl.Boolean or dtype == pl.Null:
            continue
        if not dtype.is_integer():
            raise MeasureInputError("not_binary", f"{key}: deprivations must be 0/1 or true/false", column=key)
        refuse_where(frame, ~pl.col(key).is_in([0, 1]), "not_binary", key, "deprivations must be 0 or 1")


def identify(
    frame: pl.DataFrame, weights: Mapping[str, WeightLike], k: WeightLike = DEFAULT_K, *, weight: str | None = None
) -> pl.DataFrame:
    """``frame`` with ``score`` (c_i, float), ``score_units`` (c_i times the common denominator, an exact
    integer), ``poor`` (c_i >= k, exact) and ``unit_weight`` (v_i), after the checks of the contract."""
    exact = check_weights(weights)
    cutoff = check_cutoff(k)
    require_columns(frame, [*exact, *([weight] if weight else [])])
    _check_indicators(frame, list(exact))
    if weight:
        if not (frame.schema[weight].is_numeric() or frame.schema[weight] == pl.Null):
            raise MeasureInputError("not_a_number", f"{weight}: not a numeric column", column=weight)
        refuse_where(
            frame, pl.col(weight).is_null() | pl.col(weight).cast(pl.Float64).is_nan(), "null", weight, "missing"
        )
        refuse_where(frame, pl.col(weight) < 0, "negative", weight, "negative")
    numerators, denominator = _integer_weights(exact, cutoff)
    score = pl.sum_horizontal([pl.col(key).cast(pl.Int64).fill_null(0) * numerators[key] for key in exact]).cast(
        pl.Int64
    )
    return frame.with_columns(
        score_units=score,
        score=score.cast(pl.Float64) / denominator,
        poor=score * cutoff.denominator >= cutoff.numerator * denominator,
        unit_weight=pl.col(weight).cast(pl.Float64) if weight else pl.lit(1.0, dtype=pl.Float64),
    )


def mpi(
    frame: pl.DataFrame,
    weights: Mapping[str, WeightLike],
    k: WeightLike = DEFAULT_K,
    *,
    by: Sequence[str] = (),
    weight: str | None = None,
    dimension_of: Mapping[str, str] | None = None,
) -> Mpi:
    """H, A, M0 and each indicator's censored headcount and contribution, per group of ``by``.

    ``frame`` has one row per unit (household) and one 0/1 column per indicator named in ``weights``;
    ``weight`` names the unit weight column (None: every unit weighs 1 — per household; the household size
    — per person). ``dimension_of`` maps indicators to dimensions for the ``dimension`` column.
    Groups come sorted by ``by``.
    """
    by = list(by)
    require_columns(frame, by)
    exact = check_weights(weights)
    data = identify(frame, exact, k, weight=weight)
    numerators, denominator = _integer_weights(exact, check_cutoff(k))
    v = pl.col("unit_weight")
    poor_v = pl.when(pl.col("poor")).then(v).otherwise(0.0)
    aggregations = [
        pl.len().cast(pl.Int64).alias("units"),
        v.sum().cast(pl.Float64).alias("population"),
        pl.col("poor").sum().cast(pl.Int64).alias("poor_units"),
        poor_v.sum().cast(pl.Float64).alias("poor"),
        (poor_v * pl.col("score_units").cast(pl.Float64)).sum().cast(pl.Float64).alias("_poor_score"),
    ]
    for key in exact:
        g = pl.col(key).cast(pl.Float64).fill_null(0.0)
        aggregations += [
            (v * g).sum().cast(pl.Float64).alias(f"{key}\x00deprived"),
            (poor_v * g).sum().cast(pl.Float64).alias(f"{key}\x00censored"),
            pl.col(key).is_null().sum().cast(pl.Int64).alias(f"{key}\x00missing"),
        ]
    grouped = data.group_by(by).agg(aggregations).sort(by) if by else data.select(aggregations)

    population, poor, poor_score = pl.col("population"), pl.col("poor"), pl.col("_poor_score")
    summary = grouped.select(
        *by,
        "units",
        "population",
        "poor_units",
        "poor",
        H=pl.when(population > 0).then(poor / population),
        A=pl.when(poor > 0).then(poor_score / denominator / poor),
        M0=pl.when(population > 0).then(poor_score / denominator / population),
    )
    parts = []
    for order, (key, share) in enumerate(exact.items()):
        deprived, censored = pl.col(f"{key}\x00deprived"), pl.col(f"{key}\x00censored")
        parts.append(
            grouped.select(
                *by,
                indicator=pl.lit(key),
                dimension=pl.lit((dimension_of or {}).get(key), dtype=pl.String),
                weight=pl.lit(float(share)),
                deprived=deprived,
                uncensored=pl.when(population > 0).then(deprived / population),
                censored=pl.when(population > 0).then(censored / population),
                # w_j h_j / M0 with the common factors cancelled: n_j · censored_j / sum_i v_i poor_i S_i.
                contribution=pl.when(poor_score > 0).then(numerators[key] * censored / poor_score),
                missing=pl.col(f"{key}\x00missing"),
                _order=pl.lit(order),
            )
        )
    indicators = pl.concat(parts).sort([*by, "_order"]).drop("_order")
    return Mpi(summary=summary, indicators=indicators, k=check_cutoff(k), weights=exact)
