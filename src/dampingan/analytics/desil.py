"""Desil distributions: households and persons per welfare desil 1-10, and the share in desil 1-4, by area.

Desil 1 is the poorest tenth nationally (docs/domain.md §3, §6): a household's desil comes from the official
ranking (DTKS percentile, DTSEN quarterly ranking) or a local computation, and a household may carry
several dated ranks in one release. ``latest_ranks`` picks one per household by the registry's rule
(``registry.queries.latest_rank``): the latest ``ranked_on``, and on the same day the official rank before a
local one.

Pure functions on polars frames; no Django.

Frame in (``desil_distribution``): one row per household with ``desil`` (1-10, or null: unranked), the
household size column (persons) and the grouping columns.

Denominators, stated: ``share_1_4_households`` = households in desil 1-4 / *ranked* households of the area;
``share_1_4_persons`` likewise for persons. Unranked households are left out of the denominators — the
registry gives no evidence where they stand — and reported in ``unranked_households``/``unranked_persons``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from .measure_input import refuse_where, require_columns

DESILS = tuple(range(1, 11))
PRIORITY_DESIL = 4
# RankMethod values of registry.models, in the order the registry prefers them on the same day.
RANK_METHOD_PREFERENCE = ("official", "computed")
SUMMARY_COLUMNS = (
    "households",
    "persons",
    "ranked_households",
    "ranked_persons",
    "unranked_households",
    "unranked_persons",
    "desil_1_4_households",
    "desil_1_4_persons",
    "share_1_4_households",
    "share_1_4_persons",
)


@dataclass(frozen=True)
class DesilDistribution:
    """``counts``: one row per group and desil 1-10 (zeros included) with ``households`` and ``persons``.
    ``summary``: one row per group with the ``SUMMARY_COLUMNS``."""

    counts: pl.DataFrame
    summary: pl.DataFrame


def latest_ranks(ranks: pl.DataFrame) -> pl.DataFrame:
    """One rank per household from rows of ``household``, ``desil``, ``ranked_on`` (date or ISO text) and
    ``method``: the latest date, the official rank before a computed one on the same day. Households
    without a rank row (``desil`` null) are kept once."""
    require_columns(ranks, ["household", "desil", "ranked_on", "method"])
    preference = {method: index for index, method in enumerate(RANK_METHOD_PREFERENCE)}
    ordered = ranks.with_columns(
        _preference=pl.col("method").replace_strict(preference, default=len(preference), return_dtype=pl.Int64)
    ).sort(["household", "ranked_on", "_preference"], descending=[False, True, False], nulls_last=True)
    return ordered.unique("household", keep="first", maintain_order=True).drop("_preference")


def desil_distribution(households: pl.DataFrame, *, size: str = "members", by: Sequence[str] = ()) -> DesilDistribution:
    """Households and persons per desil per group of ``by`` (the whole frame when empty), sorted by ``by``.

    ``size`` names the household size column (persons). Desil values outside 1-10 and negative or missing
    sizes are refused with ``MeasureInputError``.
    """
    by = list(by)
    require_columns(households, ["desil", size, *by])
    refuse_where(households, ~pl.col("desil").is_in(list(DESILS)), "out_of_range", "desil", "desil must be 1 to 10")
    refuse_where(households, pl.col(size).is_null(), "null", size, "missing")
    refuse_where(households, pl.col(size) < 0, "negative", size, "negative")
    desil, persons = pl.col("desil"), pl.col(size).cast(pl.Int64)
    ranked = desil.is_not_null()
    priority = ranked & (desil <= PRIORITY_DESIL)
    totals = [
        pl.len().cast(pl.Int64).alias("households"),
        persons.sum().cast(pl.Int64).alias("persons"),
        ranked.sum().cast(pl.Int64).alias("ranked_households"),
        pl.when(ranked).then(persons).otherwise(0).sum().cast(pl.Int64).alias("ranked_persons"),
        priority.sum().cast(pl.Int64).alias("desil_1_4_households"),
        pl.when(priority).then(persons).otherwise(0).sum().cast(pl.Int64).alias("desil_1_4_persons"),
    ]
    grouped = households.group_by(by).agg(totals).sort(by) if by else households.select(totals)
    summary = grouped.with_columns(
        unranked_households=pl.col("households") - pl.col("ranked_households"),
        unranked_persons=pl.col("persons") - pl.col("ranked_persons"),
        share_1_4_households=pl.when(pl.col("ranked_households") > 0).then(
            pl.col("desil_1_4_households") / pl.col("ranked_households")
        ),
        share_1_4_persons=pl.when(pl.col("ranked_persons") > 0).then(
            pl.col("desil_1_4_persons") / pl.col("ranked_persons")
        ),
    ).select(*by, *SUMMARY_COLUMNS)

    per_desil = (
        households.filter(ranked)
        .group_by([*by, "desil"])
        .agg(pl.len().cast(pl.Int64).alias("households"), persons.sum().cast(pl.Int64).alias("persons"))
        .with_columns(pl.col("desil").cast(pl.Int64))
    )
    grid = pl.DataFrame({"desil": list(DESILS)}, schema={"desil": pl.Int64})
    if by:
        grid = summary.select(by).join(grid, how="cross")
    counts = (
        grid.join(per_desil, on=[*by, "desil"], how="left")
        .with_columns(pl.col("households", "persons").fill_null(0))
        .sort([*by, "desil"])
    )
    return DesilDistribution(counts=counts, summary=summary)
