"""Which households entered, left, or moved in desil between two registry releases.

Registry ids do not survive a change of source (a DTKS ``IDBDT`` means nothing in DTSEN) and a family
gets a new No KK whenever its composition changes, so units are matched in two passes:

1. on their key — the household's registry id, the family's No KK — where both releases carry it;
2. for the rest, on the NIKs of their members: each unit of the newer release is paired with the
   unit of the older one that shares most NIKs with it (ties to the lower id), one to one.

A unit of the newer release with no partner *entered*; one of the older release with no partner
*left*. A matched pair moved *down* when its desil number fell (poorer), *up* when it rose. When a
household splits, its larger part keeps the match and the other part counts as entered.

Frames in (one per release):

- ``units``: ``unit`` (int id), ``key`` (str or null), ``kelurahan`` (str), ``desil`` (int or null)
- ``persons``: ``unit``, ``nik`` (str; nulls are ignored)

Frame out: one row per unit of either release, with ``status`` in ``entered``, ``left``, ``down``,
``up``, ``same``, ``unranked`` (matched, but a desil is missing on either side), the ids and desil on
both sides, and the kelurahan it is counted in (the newer one, or the older one for ``left``).
"""

from __future__ import annotations

import polars as pl

STATUSES = ("entered", "left", "down", "up", "same", "unranked")


def _match_on_key(old: pl.DataFrame, new: pl.DataFrame) -> pl.DataFrame:
    keyed_old = old.filter(pl.col("key").is_not_null()).unique("key", keep="none")
    keyed_new = new.filter(pl.col("key").is_not_null()).unique("key", keep="none")
    return (
        keyed_new.select(pl.col("unit").alias("unit_new"), "key")
        .join(keyed_old.select(pl.col("unit").alias("unit_old"), "key"), on="key")
        .select("unit_old", "unit_new")
    )


def _match_on_persons(
    old_persons: pl.DataFrame, new_persons: pl.DataFrame, taken_old: pl.Series, taken_new: pl.Series
) -> pl.DataFrame:
    old = old_persons.filter(pl.col("nik").is_not_null() & ~pl.col("unit").is_in(taken_old.implode()))
    new = new_persons.filter(pl.col("nik").is_not_null() & ~pl.col("unit").is_in(taken_new.implode()))
    shared = (
        new.rename({"unit": "unit_new"})
        .join(old.rename({"unit": "unit_old"}), on="nik")
        .group_by("unit_new", "unit_old")
        .agg(pl.len().alias("shared"))
        .sort(["shared", "unit_new", "unit_old"], descending=[True, False, False])
    )
    # Greedy one-to-one: the pair sharing most persons first. Each round keeps, for every unit of the
    # newer release, its best partner still free, and drops the pairs that lost their partner.
    pairs: list[pl.DataFrame] = []
    while shared.height:
        best = shared.unique("unit_new", keep="first", maintain_order=True).unique(
            "unit_old", keep="first", maintain_order=True
        )
        pairs.append(best.select("unit_old", "unit_new"))
        shared = shared.filter(
            ~pl.col("unit_new").is_in(best["unit_new"].implode())
            & ~pl.col("unit_old").is_in(best["unit_old"].implode())
        )
    schema = pl.Schema({"unit_old": pl.Int64(), "unit_new": pl.Int64()})
    return pl.concat(pairs).cast(schema) if pairs else pl.DataFrame(schema=schema)


def unmatched_on_key(old_units: pl.DataFrame, new_units: pl.DataFrame) -> tuple[pl.Series, pl.Series]:
    """The units of each release that the key does not match: the only ones whose persons the second pass
    reads (a reader may load just their NIKs)."""
    by_key = _match_on_key(old_units, new_units)
    old = old_units.filter(~pl.col("unit").is_in(by_key["unit_old"].implode()))["unit"]
    new = new_units.filter(~pl.col("unit").is_in(by_key["unit_new"].implode()))["unit"]
    return old, new


def match_units(
    old_units: pl.DataFrame, old_persons: pl.DataFrame, new_units: pl.DataFrame, new_persons: pl.DataFrame
) -> pl.DataFrame:
    """Pairs ``unit_old``, ``unit_new`` of the same household (or family) in two releases."""
    by_key = _match_on_key(old_units, new_units).cast({"unit_old": pl.Int64, "unit_new": pl.Int64})
    by_person = _match_on_persons(old_persons, new_persons, by_key["unit_old"], by_key["unit_new"])
    return pl.concat([by_key, by_person])


def diff_releases(
    old_units: pl.DataFrame, old_persons: pl.DataFrame, new_units: pl.DataFrame, new_persons: pl.DataFrame
) -> pl.DataFrame:
    """Every unit of both releases with its status (see the module docstring)."""
    pairs = match_units(old_units, old_persons, new_units, new_persons)
    old = old_units.select(
        pl.col("unit").cast(pl.Int64).alias("unit_old"),
        pl.col("kelurahan").alias("kelurahan_old"),
        pl.col("desil").cast(pl.Int64).alias("desil_old"),
    )
    new = new_units.select(
        pl.col("unit").cast(pl.Int64).alias("unit_new"),
        pl.col("kelurahan").alias("kelurahan_new"),
        pl.col("desil").cast(pl.Int64).alias("desil_new"),
    )
    matched = pairs.join(old, on="unit_old").join(new, on="unit_new")
    entered = new.join(pairs, on="unit_new", how="anti").with_columns(
        pl.lit(None, pl.Int64).alias("unit_old"),
        pl.lit(None, pl.String).alias("kelurahan_old"),
        pl.lit(None, pl.Int64).alias("desil_old"),
    )
    left = old.join(pairs, on="unit_old", how="anti").with_columns(
        pl.lit(None, pl.Int64).alias("unit_new"),
        pl.lit(None, pl.String).alias("kelurahan_new"),
        pl.lit(None, pl.Int64).alias("desil_new"),
    )
    columns = ["unit_old", "unit_new", "kelurahan_old", "kelurahan_new", "desil_old", "desil_new"]
    rows = pl.concat([matched.select(columns), entered.select(columns), left.select(columns)])
    status = (
        pl.when(pl.col("unit_old").is_null())
        .then(pl.lit("entered"))
        .when(pl.col("unit_new").is_null())
        .then(pl.lit("left"))
        .when(pl.col("desil_old").is_null() | pl.col("desil_new").is_null())
        .then(pl.lit("unranked"))
        .when(pl.col("desil_new") < pl.col("desil_old"))
        .then(pl.lit("down"))
        .when(pl.col("desil_new") > pl.col("desil_old"))
        .then(pl.lit("up"))
        .otherwise(pl.lit("same"))
    )
    return rows.with_columns(
        status.alias("status"),
        pl.coalesce("kelurahan_new", "kelurahan_old").alias("kelurahan"),
    )


def summary_by_kelurahan(diff: pl.DataFrame) -> pl.DataFrame:
    """Counts per kelurahan: units in each release, each status, and those that left desil 1-4 upwards."""
    counts = diff.group_by("kelurahan").agg(
        pl.col("unit_old").is_not_null().sum().alias("old"),
        pl.col("unit_new").is_not_null().sum().alias("new"),
        *[(pl.col("status") == s).sum().alias(s) for s in STATUSES],
        ((pl.col("status") == "up") & (pl.col("desil_old") <= 4) & (pl.col("desil_new") >= 5)).sum().alias("graduated"),
    )
    return counts.sort("kelurahan")
