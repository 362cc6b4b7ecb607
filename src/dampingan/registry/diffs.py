"""Release diff from the database: loads two releases as frames and hands them to analytics.release_diff.

The diff is computed over the whole kab/kota, then cut to the user's scope, so a household that moved
into a mentor's kelurahan from elsewhere shows as matched (with its old kelurahan), not as new. A unit
is counted where it lives in the newer release, or in the older one when it left the registry.

Committed releases do not change, so a city-wide diff is built once and kept for every process
(``registry.kept_frames``) until a row of either release changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, cast

import polars as pl

from dampingan.access.scope import Scope
from dampingan.analytics.release_diff import diff_releases, summary_by_kelurahan, unmatched_on_key
from dampingan.lib.sql_frames import in_ids, query_frame

from . import kept_frames
from .models import RegistryRelease

Level = Literal["household", "family"]


# Plain SQL straight into polars (COPY on PostgreSQL): two million-person releases are about 2.5 million rows,
# which as ORM tuples took most of the diff's 3 s. The release is named first: each table is partitioned
# (PostgreSQL) and indexed by it.
_UNITS_SQL = {
    "household": (
        "SELECT h.id, h.registry_id, h.kelurahan_id, w.desil, CAST(w.ranked_on AS TEXT), w.method "
        "FROM registry_household h "
        "LEFT JOIN registry_welfarerank w ON w.release_id = h.release_id AND w.household_id = h.id "
        "WHERE h.release_id = %s"
    ),
    "family": (
        "SELECT f.id, f.no_kk, f.kelurahan_id, w.desil, CAST(w.ranked_on AS TEXT), w.method "
        "FROM registry_family f "
        "LEFT JOIN registry_welfarerank w ON w.release_id = f.release_id AND w.household_id = f.household_id "
        "WHERE f.release_id = %s"
    ),
}
_UNITS_SCHEMA = {
    "unit": pl.Int64,
    "key": pl.String,
    "kelurahan": pl.String,
    "desil": pl.Int64,
    "ranked_on": pl.String,
    "method": pl.String,
}
_PERSONS_SQL = "SELECT m.{unit}, m.nik FROM registry_member m WHERE m.release_id = %s AND m.nik IS NOT NULL"


def _units(release: RegistryRelease, level: Level) -> pl.DataFrame:
    """One row per household (or family) with its registry key and the desil of its latest rank (the latest
    date, the official rank before a local one: as ``queries.latest_rank``)."""
    # polars takes the dtype classes (pl.Int64) as well as instances; lib.sql_frames names instances only.
    rows = query_frame(_UNITS_SQL[level], [release.pk], cast("dict[str, pl.DataType]", _UNITS_SCHEMA))
    latest = rows.sort(["unit", "ranked_on", "method"], descending=[False, True, True], nulls_last=True).unique(
        "unit", keep="first", maintain_order=True
    )
    return latest.select(
        "unit", pl.when(pl.col("key") == "").then(None).otherwise(pl.col("key")).alias("key"), "kelurahan", "desil"
    )


def _persons(release: RegistryRelease, level: Level, units: pl.Series) -> pl.DataFrame:
    """The NIKs of ``units`` of the release."""
    unit = "household_id" if level == "household" else "family_id"
    among, params = in_ids(f"m.{unit}", units.to_list())
    return query_frame(
        _PERSONS_SQL.format(unit=unit) + among,
        [release.pk, *params],
        cast("dict[str, pl.DataType]", {"unit": pl.Int64, "nik": pl.String}),
    )


@dataclass(frozen=True)
class ReleaseDiff:
    old: RegistryRelease
    new: RegistryRelease
    level: Level
    rows: pl.DataFrame  # one row per unit, cut to the user's scope

    def summary(self) -> list[dict[str, Any]]:
        return summary_by_kelurahan(self.rows).to_dicts()

    def totals(self) -> dict[str, int]:
        summary = summary_by_kelurahan(self.rows)
        return {name: int(summary[name].sum()) for name in summary.columns if name != "kelurahan"}

    def units(self, status: str, kelurahan: str = "") -> pl.DataFrame:
        rows = self.rows.filter(pl.col("status") == status)
        if kelurahan:
            rows = rows.filter(pl.col("kelurahan") == kelurahan)
        return rows.sort("kelurahan", "desil_old", "desil_new", "unit_new", "unit_old", nulls_last=True)


def city_diff(old: RegistryRelease, new: RegistryRelease, level: Level = "household") -> pl.DataFrame:
    """Every unit of both releases, city-wide, with its status (``analytics.release_diff``); kept once built
    (``registry.kept_frames``)."""
    return kept_frames.kept(f"diff-{level}", [old, new], lambda: _compute(old, new, level))


def _compute(old: RegistryRelease, new: RegistryRelease, level: Level) -> pl.DataFrame:
    old_units, new_units = _units(old, level), _units(new, level)
    # Only units the key leaves unmatched are matched on their members: most households keep their registry
    # id, and reading every NIK of two million-person releases was half the diff's time.
    old_open, new_open = unmatched_on_key(old_units, new_units)
    return diff_releases(old_units, _persons(old, level, old_open), new_units, _persons(new, level, new_open))


def counterparts(other: RegistryRelease, release: RegistryRelease) -> pl.DataFrame:
    """Each household of ``other`` that the city-wide diff matched to one of ``release`` (whichever of the two is
    older): ``household`` (of ``other``), ``counterpart`` (of ``release``) and ``lives_in`` (its kelurahan there)."""
    newer = bool(other.approved_at and release.approved_at and other.approved_at > release.approved_at)
    old, new = (release, other) if newer else (other, release)
    ours, theirs, kelurahan = (
        ("unit_old", "unit_new", "kelurahan_old") if newer else ("unit_new", "unit_old", "kelurahan_new")
    )
    return (
        city_diff(old, new)
        .drop_nulls(["unit_old", "unit_new"])
        .select(
            pl.col(theirs).alias("household"), pl.col(ours).alias("counterpart"), pl.col(kelurahan).alias("lives_in")
        )
    )


def release_diff(scope: Scope, old: RegistryRelease, new: RegistryRelease, level: Level = "household") -> ReleaseDiff:
    """Units of two releases matched and classified, limited to the kelurahan the scope may open."""
    rows = city_diff(old, new, level)
    if scope.city_wide:
        visible = rows
    else:
        codes = pl.Series(sorted(scope.region_codes), dtype=pl.String).implode()
        visible = rows.filter(pl.col("kelurahan").is_in(codes))
    return ReleaseDiff(old=old, new=new, level=level, rows=visible)
