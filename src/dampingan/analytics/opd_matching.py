"""Proposing which OPD mentors which kelurahan: a fit matrix and the one-to-one assignment of most total fit.

Frames in:

- ``profile``: ``kelurahan`` (str), ``category`` (str), ``weight`` (float >= 0) — how much the kelurahan needs
  help in that problem category. Several rows of the same pair add up (the Django side sends one row per
  source: a registry deprivation, a recorded problem); other columns are ignored.
- ``capabilities``: ``opd`` (int), ``category`` (str) — the categories each OPD can act on.

The kelurahan and OPDs taking part are passed as lists, so that a kelurahan without any need and an OPD
without any category still appear (as zero rows and columns) instead of silently dropping out.

Scoring. With need(k, c) the summed weight of kelurahan k in category c and C(o) the categories of OPD o:

    fit(k, o) = sum over c in C(o) of need(k, c)

— the part of the kelurahan's need the OPD can act on. The reasons of a pair are its terms: each shared
category with its need, largest first. An OPD listing more categories fits more kelurahan better, on
purpose: it can act on more of what they need; the TKPK steers this by editing the OPD's categories.

Assignment. ``scipy.optimize.linear_sum_assignment`` (the Hungarian method, rectangular matrices allowed)
maximises the total fit over one-to-one pairings of min(kelurahan, OPDs) pairs; with more OPDs some stay
idle, with more kelurahan some stay unassigned, and both are reported. Fits are solved in integer units of
1/10,000 so that float noise never decides, and lexicographically:

1. the largest total fit;
2. among equal totals, the most pairs with a fit above zero.

A pair with no fit is not proposed (it has no reason; the TKPK chooses that OPD by hand), and neither is an
excluded pair: both enter the solver as zero and are dropped from its answer, so their kelurahan count as
unassigned. Any partial pairing extends to a complete one with such zero pairs, so the solver's complete
pairing of most value is also the best partial one.

Locked pairs are taken out (their row and column) before solving and added back with their fit. The matrix
is laid out in kelurahan-code and OPD-id order, so the same input gives the same proposal whatever the
order of the rows given; among equally good proposals the solver's first in that layout is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy.optimize import linear_sum_assignment

SCALE = 10_000  # fit units solved per 1.0 of fit: shares need no more than four decimals

REASON = pl.Struct({"category": pl.String, "weight": pl.Float64})
FIT_SCHEMA = pl.Schema({"kelurahan": pl.String(), "opd": pl.Int64(), "fit": pl.Float64(), "reasons": pl.List(REASON)})
ASSIGNMENT_SCHEMA = pl.Schema({**FIT_SCHEMA, "locked": pl.Boolean()})

Pair = tuple[str, int]


@dataclass(frozen=True)
class Proposal:
    """The matcher's answer; ``assignment`` is sorted by kelurahan, ``fit`` holds every pair."""

    fit: pl.DataFrame  # kelurahan, opd, fit, reasons: one row per kelurahan x OPD
    assignment: pl.DataFrame  # kelurahan, opd, fit, reasons, locked
    unassigned: list[str]  # kelurahan without a proposed OPD
    idle: list[int]  # OPDs without a proposed kelurahan
    total_fit: float


def fit_matrix(
    profile: pl.DataFrame,
    capabilities: pl.DataFrame,
    kelurahan: Sequence[str] | None = None,
    opds: Sequence[int] | None = None,
) -> pl.DataFrame:
    """Every kelurahan x OPD pair with its fit and reasons (see the module docstring), sorted by both keys.

    ``kelurahan`` and ``opds`` default to those named in the frames.
    """
    if profile.height and profile.select((pl.col("weight") < 0).any()).item():
        raise ValueError("profile weights must not be negative")
    places, agencies = _taking_part(profile, capabilities, kelurahan, opds)
    need = (
        profile.select(pl.col("kelurahan").cast(pl.String), pl.col("category").cast(pl.String), "weight")
        .filter(pl.col("kelurahan").is_in(places) & pl.col("weight").is_not_null())
        .group_by("kelurahan", "category")
        .agg(pl.col("weight").cast(pl.Float64).sum())
        .filter(pl.col("weight") > 0)
    )
    can = (
        capabilities.select(pl.col("opd").cast(pl.Int64), pl.col("category").cast(pl.String))
        .filter(pl.col("opd").is_in(agencies) & pl.col("category").is_not_null())
        .unique()
    )
    terms = (
        need.join(can, on="category")
        .group_by("kelurahan", "opd")
        .agg(
            pl.col("weight").sum().alias("fit"),
            pl.struct("category", "weight").sort_by(["weight", "category"], descending=[True, False]).alias("reasons"),
        )
    )
    grid = pl.DataFrame({"kelurahan": places}, schema={"kelurahan": pl.String}).join(
        pl.DataFrame({"opd": agencies}, schema={"opd": pl.Int64}), how="cross"
    )
    return (
        grid.join(terms, on=["kelurahan", "opd"], how="left")
        .with_columns(pl.col("fit").fill_null(0.0), pl.col("reasons").fill_null(pl.lit([], pl.List(REASON))))
        .select(list(FIT_SCHEMA))
        .cast(FIT_SCHEMA)
        .sort("kelurahan", "opd")
    )


def _taking_part(
    profile: pl.DataFrame, capabilities: pl.DataFrame, kelurahan: Sequence[str] | None, opds: Sequence[int] | None
) -> tuple[list[str], list[int]]:
    places = sorted(set(kelurahan) if kelurahan is not None else set(profile["kelurahan"].to_list()))
    agencies = sorted(set(opds) if opds is not None else set(capabilities["opd"].to_list()))
    return places, agencies


def _check_pairs(locked: list[Pair], excluded: set[Pair], places: list[str], agencies: list[int]) -> None:
    known_places, known_agencies = set(places), set(agencies)
    for kelurahan, opd in locked:
        if kelurahan not in known_places or opd not in known_agencies:
            raise ValueError(f"locked pair {kelurahan} -> {opd} is outside the kelurahan or OPDs taking part")
        if (kelurahan, opd) in excluded:
            raise ValueError(f"pair {kelurahan} -> {opd} is both locked and excluded")
    if len({k for k, _ in locked}) < len(locked) or len({o for _, o in locked}) < len(locked):
        raise ValueError("locked pairs must give each kelurahan and each OPD at most one partner")


def propose(
    profile: pl.DataFrame,
    capabilities: pl.DataFrame,
    kelurahan: Sequence[str] | None = None,
    opds: Sequence[int] | None = None,
    locked: Iterable[Pair] = (),
    excluded: Iterable[Pair] = (),
) -> Proposal:
    """The one-to-one assignment of most total fit, honouring ``locked`` and avoiding ``excluded`` pairs.

    Raises ValueError when a locked pair names a kelurahan or OPD not taking part, is also excluded, or
    when two locked pairs share a kelurahan or an OPD.
    """
    fit = fit_matrix(profile, capabilities, kelurahan, opds)
    places, agencies = _taking_part(profile, capabilities, kelurahan, opds)
    locks = sorted(set(locked))
    banned = set(excluded)
    _check_pairs(locks, banned, places, agencies)

    locked_places, locked_agencies = {k for k, _ in locks}, {o for _, o in locks}
    rows = [k for k in places if k not in locked_places]
    cols = [o for o in agencies if o not in locked_agencies]
    chosen: list[Pair] = list(locks)
    if rows and cols:
        free = fit.filter(pl.col("kelurahan").is_in(rows) & pl.col("opd").is_in(cols)).sort("kelurahan", "opd")
        units = np.rint(free["fit"].to_numpy() * SCALE).astype(np.int64).reshape(len(rows), len(cols))
        forbidden = np.array([[(k, o) in banned for o in cols] for k in rows], dtype=bool).reshape(units.shape)
        units = np.where(forbidden, 0, units)
        pairs_at_most = min(len(rows), len(cols))
        # Fit first, then one unit per positive pair: scaling by pairs_at_most + 1 keeps the bonus from ever
        # outweighing a single unit of fit.
        value = units * (pairs_at_most + 1) + (units > 0)
        row_ids, col_ids = linear_sum_assignment(value, maximize=True)
        chosen += [(rows[r], cols[c]) for r, c in zip(row_ids, col_ids, strict=True) if units[r, c] > 0]

    picked = pl.DataFrame(
        {
            "kelurahan": [k for k, _ in chosen],
            "opd": [o for _, o in chosen],
            "locked": [index < len(locks) for index in range(len(chosen))],
        },
        schema={"kelurahan": pl.String, "opd": pl.Int64, "locked": pl.Boolean},
    )
    assignment = (
        picked.join(fit, on=["kelurahan", "opd"], how="left")
        .select(list(ASSIGNMENT_SCHEMA))
        .cast(ASSIGNMENT_SCHEMA)
        .sort("kelurahan")
    )
    served, busy = set(assignment["kelurahan"].to_list()), set(assignment["opd"].to_list())
    return Proposal(
        fit=fit,
        assignment=assignment,
        unassigned=[k for k in places if k not in served],
        idle=[o for o in agencies if o not in busy],
        total_fit=float(assignment["fit"].sum()),
    )
