"""Release diff from the database: loads two releases as frames and hands them to analytics.release_diff.

The diff is computed over the whole kab/kota, then cut to the user's scope, so a household that moved
into a mentor's kelurahan from elsewhere shows as matched (with its old kelurahan), not as new. A unit
is counted where it lives in the newer release, or in the older one when it left the registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import polars as pl

from dampingan.accounts.scopes import Scope
from dampingan.analytics.release_diff import diff_releases, summary_by_kelurahan

from .models import Family, Household, Member, RegistryRelease, WelfareRank

if TYPE_CHECKING:
    from dampingan.accounts.models import User

Level = Literal["household", "family"]


def _ranks(release: RegistryRelease) -> pl.DataFrame:
    rows = list(WelfareRank.objects.filter(release=release).values_list("household_id", "desil", "ranked_on", "method"))
    frame = pl.DataFrame(
        rows,
        schema={"household": pl.Int64, "desil": pl.Int64, "ranked_on": pl.Date, "method": pl.String},
        orient="row",
    )
    # The latest rank, the official one before a local one (as queries.latest_rank).
    return frame.sort(["ranked_on", "method"], descending=True).unique("household", keep="first")


def _units(release: RegistryRelease, level: Level) -> pl.DataFrame:
    if level == "household":
        rows = list(Household.objects.filter(release=release).values_list("pk", "registry_id", "kelurahan_id", "pk"))
    else:
        rows = list(Family.objects.filter(release=release).values_list("pk", "no_kk", "kelurahan_id", "household_id"))
    units = pl.DataFrame(
        rows,
        schema={"unit": pl.Int64, "key": pl.String, "kelurahan": pl.String, "household": pl.Int64},
        orient="row",
    ).with_columns(pl.when(pl.col("key") == "").then(None).otherwise(pl.col("key")).alias("key"))
    return units.join(_ranks(release).select("household", "desil"), on="household", how="left").drop("household")


def _persons(release: RegistryRelease, level: Level) -> pl.DataFrame:
    unit = "household_id" if level == "household" else "family_id"
    rows = list(Member.objects.filter(release=release, nik__isnull=False).values_list(unit, "nik"))
    return pl.DataFrame(rows, schema={"unit": pl.Int64, "nik": pl.String}, orient="row")


@dataclass(frozen=True)
class ReleaseDiff:
    old: RegistryRelease
    new: RegistryRelease
    level: Level
    rows: pl.DataFrame  # one row per unit, cut to the user's scope

    def summary(self) -> list[dict[str, object]]:
        return summary_by_kelurahan(self.rows).to_dicts()

    def totals(self) -> dict[str, int]:
        summary = summary_by_kelurahan(self.rows)
        return {name: int(summary[name].sum()) for name in summary.columns if name != "kelurahan"}

    def units(self, status: str, kelurahan: str = "") -> pl.DataFrame:
        rows = self.rows.filter(pl.col("status") == status)
        if kelurahan:
            rows = rows.filter(pl.col("kelurahan") == kelurahan)
        return rows.sort("kelurahan", "desil_old", "desil_new", "unit_new", "unit_old", nulls_last=True)


def release_diff(user: User, old: RegistryRelease, new: RegistryRelease, level: Level = "household") -> ReleaseDiff:
    """Units of two releases matched and classified, limited to the kelurahan the user may open."""
    rows = diff_releases(_units(old, level), _persons(old, level), _units(new, level), _persons(new, level))
    scope = Scope.for_user(user)
    if scope.city_wide:
        visible = rows
    else:
        codes = pl.Series(sorted(scope.region_codes), dtype=pl.String).implode()
        visible = rows.filter(pl.col("kelurahan").is_in(codes))
    return ReleaseDiff(old=old, new=new, level=level, rows=visible)
