"""Targeting frames loaded from the database, and the targeting of a user's scope (issue 5 §4).

The analytics (``dampingan.analytics.targeting``) run on three frames; this module builds them with plain
SQL straight into polars, because a city registry holds a million persons: ORM objects for 270,000
households would cost seconds before any measure is computed (bench/targeting.py measures the whole path,
and the page uses exactly this code). On PostgreSQL the rows come as one CSV stream through ``COPY ... TO
STDOUT``; on SQLite through the cursor.

- households: the current release's households in the scope, with kelurahan, kecamatan and the latest
  welfare rank (the latest date, the official rank before a local one: as ``registry.queries.latest_rank``);
- links: every beneficiary row city-wide (budgets are split over all the households an intervention reached
  before the scope is cut), counted where the linked household lives, or where the intervention recorded
  a person the registry does not hold. ``in_registry`` is true for a link to a household of the current
  release that the match report did not flag as not in the registry; a link to a household of an earlier
  release therefore counts as outside the registry until it is linked again;
- interventions: strategy, status and the sums of their budget lines in sen (exact integers).

Deprivations are not part of the frames: the lists fetch them for the households they show, through the
registry's own filters (``registry.queries.with_deprivation_flags``), so that a list, a count and an export
of a deprivation never disagree with the registry pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

import polars as pl

from dampingan.accounts.scopes import Scope
from dampingan.analytics.targeting import (
    DEFAULT_K,
    HOUSEHOLDS_SCHEMA,
    INTERVENTIONS_SCHEMA,
    LINKS_SCHEMA,
    Targeting,
    targeting,
)
from dampingan.lib.sql_frames import in_clause, query_frame
from dampingan.registry import kept_frames
from dampingan.registry.models import Household, RegistryRelease
from dampingan.registry.queries import current_release, deprivations_of, with_deprivation_flags, with_head

from .models import BudgetLine, Intervention

if TYPE_CHECKING:
    from dampingan.accounts.models import User

# The match-report flag of a beneficiary the registry does not hold (Beneficiary.flags).
NOT_IN_REGISTRY_FLAG = "not_in_registry"
SEN_PER_RUPIAH = 100


def load_households(
    release: RegistryRelease, kelurahan: Collection[str] | None = None, *, linked_only: bool = False
) -> pl.DataFrame:
    """Households of ``release`` (in ``kelurahan``, if given) with kecamatan and latest desil; with
    ``linked_only``, only those an intervention lists as a beneficiary (what reach and budgets need).

    The whole release's frame is kept once built (``registry.kept_frames``): reading it took 0.6 s of the
    targeting page's 0.8 s at a million persons, on every request."""
    if linked_only:
        return _query_households(release, kelurahan, linked_only=True)
    everyone = kept_frames.kept("households", [release], lambda: _query_households(release, None))
    if kelurahan is None:
        return everyone
    return everyone.filter(pl.col("kelurahan").is_in(pl.Series(sorted(kelurahan), dtype=pl.String).implode()))


def _query_households(
    release: RegistryRelease, kelurahan: Collection[str] | None, *, linked_only: bool = False
) -> pl.DataFrame:
    where, codes = in_clause("h.kelurahan_id", kelurahan)
    if linked_only:
        where += (
            " AND h.id IN (SELECT b.household_id FROM interventions_beneficiary b WHERE b.household_id IS NOT NULL)"
        )
    # One row per (household, rank): the latest rank is picked in polars, which is cheaper than a window
    # or a correlated subquery over 270,000 households.
    sql = (
        "SELECT h.id, h.kelurahan_id, r.parent_id, w.desil, CAST(w.ranked_on AS TEXT), w.method "  # noqa: S608 (placeholders)
        "FROM registry_household h JOIN regions_region r ON r.code = h.kelurahan_id "
        "LEFT JOIN registry_welfarerank w ON w.release_id = h.release_id AND w.household_id = h.id "
        f"WHERE h.release_id = %s{where}"
    )
    schema = {**HOUSEHOLDS_SCHEMA, "ranked_on": pl.String, "method": pl.String}
    rows = query_frame(sql, [release.pk, *codes], schema)
    if rows.height and rows["household"].n_unique() < rows.height:
        rows = rows.sort(["household", "ranked_on", "method"], descending=[False, True, True]).unique(
            "household", keep="first", maintain_order=True
        )
    return rows.select(list(HOUSEHOLDS_SCHEMA)).sort("household")


def load_links(release: RegistryRelease | None) -> pl.DataFrame:
    """Every beneficiary link, with where it counts and whether it is in ``release``; ``desil`` left null
    (``load_frames`` takes it from the households frame)."""
    sql = (
        "SELECT b.intervention_id, b.household_id, r.code, r.parent_id, b.status, "
        "CASE WHEN h.release_id = %s AND NOT (CAST(b.flags AS TEXT) LIKE %s) THEN 1 ELSE 0 END, "
        "CAST(NULL AS INTEGER) "
        "FROM interventions_beneficiary b LEFT JOIN registry_household h ON h.id = b.household_id "
        "JOIN regions_region r ON r.code = COALESCE(h.kelurahan_id, b.kelurahan_id)"
    )
    return query_frame(sql, [release.pk if release else -1, f'%"{NOT_IN_REGISTRY_FLAG}"%'], LINKS_SCHEMA)


def _sen(amount: Decimal | None) -> int:
    return int((amount or Decimal(0)) * SEN_PER_RUPIAH)


def load_interventions() -> pl.DataFrame:
    """Interventions with planned and realised budget in sen (summed exactly, in Python: SQLite's sums of
    decimals are floats)."""
    interventions = pl.DataFrame(
        list(Intervention.objects.values_list("pk", "strategy", "status")),
        schema={"intervention": pl.Int64, "strategy": pl.String, "status": pl.String},
        orient="row",
    )
    lines = pl.DataFrame(
        [(i, _sen(p), _sen(r)) for i, p, r in BudgetLine.objects.values_list("intervention_id", "planned", "realised")],
        schema={"intervention": pl.Int64, "planned": pl.Int64, "realised": pl.Int64},
        orient="row",
    )
    sums = lines.group_by("intervention").agg(pl.col("planned").sum(), pl.col("realised").sum())
    return (
        interventions.join(sums, on="intervention", how="left")
        .with_columns(pl.col("planned", "realised").fill_null(0))
        .select(list(INTERVENTIONS_SCHEMA))
        .cast(INTERVENTIONS_SCHEMA)  # type: ignore[arg-type]
    )


@dataclass(frozen=True)
class TargetingFrames:
    release: RegistryRelease | None
    households: pl.DataFrame
    links: pl.DataFrame
    interventions: pl.DataFrame


def load_frames(
    release: RegistryRelease | None, kelurahan: Collection[str] | None = None, *, linked_only: bool = False
) -> TargetingFrames:
    """The three frames for ``kelurahan`` (None: the whole kab/kota); links are always city-wide. With
    ``linked_only`` the households frame holds only the households interventions link: enough for reach,
    leakage and budgets, not for the eligible households nobody reached."""
    households = (
        pl.DataFrame(schema=HOUSEHOLDS_SCHEMA)
        if release is None
        else load_households(release, kelurahan, linked_only=linked_only)
    )
    links = load_links(release)
    desil = households.select("household", pl.col("desil").alias("household_desil"))
    links = (
        links.join(desil, on="household", how="left")
        .with_columns(desil=pl.col("household_desil"))
        .select(list(LINKS_SCHEMA))
    )
    return TargetingFrames(release, households, links, load_interventions())


def scope_kelurahan(user: User, kecamatan: str = "", kelurahan: str = "") -> frozenset[str] | None:
    """The kelurahan codes a user's targeting covers, narrowed by a selected kecamatan or kelurahan
    (None: the whole kab/kota, for a city-wide user without a selection). Selections outside the scope
    give an empty set: the caller answers 404."""
    from dampingan.regions.models import Region

    scope = Scope.for_user(user)
    if kelurahan:
        return frozenset({kelurahan}) if scope.covers(kelurahan) else frozenset()
    villages = Region.objects.in_deployment().villages()
    if kecamatan:
        villages = villages.filter(parent_id=kecamatan)
    elif scope.city_wide:
        return None
    codes = set(villages.values_list("code", flat=True))
    return frozenset(code for code in codes if scope.covers(code))


def targeting_for(
    user: User,
    *,
    kecamatan: str = "",
    kelurahan: str = "",
    k: int = DEFAULT_K,
    release: RegistryRelease | None = None,
) -> tuple[Targeting, TargetingFrames]:
    """Every targeting measure for the user's scope (or the selected area within it)."""
    codes = scope_kelurahan(user, kecamatan, kelurahan)
    frames = load_frames(release or current_release(), codes)
    return targeting(frames.households, frames.links, frames.interventions, k=k, kelurahan=codes), frames


DETAIL_BATCH = 2_000


def household_details(household_ids: Sequence[int], on: dt.date) -> dict[int, Household]:
    """The listed households with head, address and deprivation flags (``flags``: the Deprivation objects),
    through the registry's own filters. For a page or an export of the lists, not for all households."""
    ids = list(household_ids)
    found = {}
    # In batches: SQLite limits the parameters of one statement.
    for start in range(0, len(ids), DETAIL_BATCH):
        batch = Household.objects.filter(pk__in=ids[start : start + DETAIL_BATCH]).select_related("kelurahan__parent")
        for household in with_head(with_deprivation_flags(batch, on)):
            household.flags = deprivations_of(household)  # type: ignore[attr-defined]
            found[household.pk] = household
    return found


def rupiah(sen: int | None) -> Decimal | None:
    """Sen back to Rupiah as ``Decimal``, for pages and exports."""
    return None if sen is None else Decimal(sen) / SEN_PER_RUPIAH
