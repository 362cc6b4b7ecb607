"""The kelurahan ranking as one frame: the per-kelurahan figures of each source joined on the kelurahan code,
small cells hidden, sorted by any column. Pure polars, no Django (``ranking.py`` loads the sources).

Frames in, each keyed by ``code`` (the kelurahan's Kemendagri code) and holding at most one row per code:

- ``areas``: every kelurahan of the ranking with ``name``, ``kecamatan_code``, ``kecamatan`` and ``opd``
  (the mentoring OPD(s) in force, "" when none): the ranking has exactly these rows;
- ``desil``: ``households``, ``ranked_households``, ``desil_1_4_households``, ``desil_1_4_share``
  (desil 1-4 / ranked households, 0-1);
- ``mpi``: ``m0``, ``h`` (0-1) and ``poor_households``, per household at the chosen cutoff k;
- ``targeting``: ``eligible``, ``reached``, ``coverage`` (0-1) and ``planned``, ``realised`` (sen);
- ``reports``: ``missing_reports`` (monthly reports missing; a kelurahan absent has no assignment in force);
- ``actions``: ``open_actions``, ``overdue_actions``.

A kelurahan missing from a source gets zero counts and no ratio (null), except ``missing_reports``, which
stays null: without an assignment in force no report is due, which is not the same as none missing.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from polars._typing import PolarsDataType

AREA_SCHEMA = {
    "code": pl.String,
    "name": pl.String,
    "kecamatan_code": pl.String,
    "kecamatan": pl.String,
    "opd": pl.String,
}
DESIL_SCHEMA = {
    "code": pl.String,
    "households": pl.Int64,
    "ranked_households": pl.Int64,
    "desil_1_4_households": pl.Int64,
    "desil_1_4_share": pl.Float64,
}
MPI_SCHEMA = {"code": pl.String, "m0": pl.Float64, "h": pl.Float64, "poor_households": pl.Int64}
TARGETING_SCHEMA = {
    "code": pl.String,
    "eligible": pl.Int64,
    "reached": pl.Int64,
    "coverage": pl.Float64,
    "planned": pl.Int64,
    "realised": pl.Int64,
}
REPORTS_SCHEMA = {"code": pl.String, "missing_reports": pl.Int64}
ACTIONS_SCHEMA = {"code": pl.String, "open_actions": pl.Int64, "overdue_actions": pl.Int64}

COUNTS = (
    "households",
    "ranked_households",
    "desil_1_4_households",
    "poor_households",
    "eligible",
    "reached",
    "planned",
    "realised",
    "open_actions",
    "overdue_actions",
)
# Figures computed from the registry's households: hidden together for a kelurahan with too few of them.
REGISTRY_COLUMNS = (
    "households",
    "ranked_households",
    "desil_1_4_households",
    "desil_1_4_share",
    "m0",
    "h",
    "poor_households",
    "eligible",
    "reached",
    "coverage",
)


@dataclass(frozen=True)
class SortKey:
    """A column the ranking sorts by, named in the address (``?urut=desil``, ``?urut=-desil`` descending)."""

    key: str
    column: str


SORT_KEYS = {
    key: SortKey(key, column)
    for key, column in (
        ("kode", "code"),
        ("kelurahan", "name"),
        ("kecamatan", "kecamatan"),
        ("opd", "opd"),
        ("ruta", "households"),
        ("desil", "desil_1_4_share"),
        ("m0", "m0"),
        ("h", "h"),
        ("cakupan", "coverage"),
        ("anggaran", "planned"),
        ("realisasi", "realised"),
        ("persen_realisasi", "realisation"),
        ("laporan_kosong", "missing_reports"),
        ("tindak_lanjut", "open_actions"),
        ("terlambat", "overdue_actions"),
    )
}
DEFAULT_SORT = "-desil"
TEXT_KEYS = frozenset({"kode", "kelurahan", "kecamatan", "opd"})


def parse_sort(text: str | None) -> tuple[SortKey, bool]:
    """The column and direction of ``text`` ("desil", "-desil"); the default (desil 1-4 share, highest first)
    when ``text`` names no column, so a hand-edited address still shows the ranking."""
    text = (text or "").strip()
    descending = text.startswith("-")
    found = SORT_KEYS.get(text.lstrip("-"))
    if found is None:
        return SORT_KEYS[DEFAULT_SORT.lstrip("-")], True
    return found, descending


def _frame(frame: pl.DataFrame | None, schema: Mapping[str, PolarsDataType]) -> pl.DataFrame:
    if frame is None or frame.is_empty():
        return pl.DataFrame(schema=schema)
    missing = set(schema) - set(frame.columns)
    if missing:
        raise ValueError(f"ranking input lacks column(s): {', '.join(sorted(missing))}")
    if frame["code"].n_unique() < frame.height:
        raise ValueError("ranking input holds more than one row for a kelurahan")
    # ``cast`` takes a mapping keyed by name, selector or type; a mapping keyed by name only is one of them,
    # but a Mapping's key type is invariant for mypy.
    return frame.select(list(schema)).cast(schema)  # type: ignore[arg-type]


def join_ranking(
    areas: pl.DataFrame,
    *,
    desil: pl.DataFrame | None = None,
    mpi: pl.DataFrame | None = None,
    targeting: pl.DataFrame | None = None,
    reports: pl.DataFrame | None = None,
    actions: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One row per kelurahan of ``areas`` with every source's figures, plus ``realisation`` (realised /
    planned, 0-1; null without a planned budget) and ``suppressed`` (False), in code order."""
    joined = _frame(areas, AREA_SCHEMA)
    for frame, schema in (
        (desil, DESIL_SCHEMA),
        (mpi, MPI_SCHEMA),
        (targeting, TARGETING_SCHEMA),
        (reports, REPORTS_SCHEMA),
        (actions, ACTIONS_SCHEMA),
    ):
        joined = joined.join(_frame(frame, schema), on="code", how="left")
    return (
        joined.with_columns(pl.col(list(COUNTS)).fill_null(0), pl.col("opd").fill_null(""))
        .with_columns(
            realisation=pl.when(pl.col("planned") > 0).then(pl.col("realised") / pl.col("planned")),
            suppressed=pl.lit(False),
        )
        .sort("code")
    )


def hide(ranking: pl.DataFrame, codes: Collection[str]) -> pl.DataFrame:
    """``ranking`` with the registry figures of ``codes`` removed (null) and ``suppressed`` set. Hide before
    sorting: a hidden value must not place its row either."""
    if not codes:
        return ranking
    hidden = pl.col("code").is_in(sorted(codes))
    return ranking.with_columns(
        *[pl.when(hidden).then(None).otherwise(pl.col(c)).alias(c) for c in REGISTRY_COLUMNS],
        suppressed=pl.col("suppressed") | hidden,
    )


def sort_ranking(ranking: pl.DataFrame, key: SortKey, descending: bool) -> pl.DataFrame:
    """Sorted by ``key``'s column, rows without a value last whatever the direction, then by name and code."""
    return ranking.sort(
        [key.column, "name", "code"], descending=[descending, False, False], nulls_last=True, maintain_order=True
    )
