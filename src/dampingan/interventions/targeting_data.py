"""Targeting frames loaded from the database, and the targeting of a user's scope.

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
  release that the match report did not flag as not in the registry. A link to a household of an earlier
  release (a beneficiary added before the release was replaced) counts at the household it became, found by
  the release diff's matching (``registry.diffs.counterparts``): reached there, and judged for leakage on the
  desil it had when it was added, the choice the programme made then; a household the release no longer
  holds counts as outside the registry;
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
from typing import cast

import polars as pl

from dampingan.access.scope import Scope
from dampingan.analytics.targeting import (
    DEFAULT_K,
    HOUSEHOLDS_SCHEMA,
    INTERVENTIONS_SCHEMA,
    LINKS_SCHEMA,
    Targeting,
    targeting,
)
from dampingan.lib.sql_frames import in_clause, in_ids, query_frame
from dampingan.regions.models import Region
from dampingan.registry import kept_frames
from dampingan.registry.diffs import counterparts
from dampingan.registry.models import Household, RegistryRelease, ReleaseStatus
from dampingan.registry.queries import current_release, deprivations_of, with_deprivation_flags, with_head

from .models import BudgetLine, Intervention

# The match-report flag of a beneficiary the registry does not hold (Beneficiary.flags).
NOT_IN_REGISTRY_FLAG = "not_in_registry"
SEN_PER_RUPIAH = 100


def load_households(
    release: RegistryRelease, kelurahan: Collection[str] | None = None, *, only: Collection[int] | None = None
) -> pl.DataFrame:
    """Households of ``release`` (in ``kelurahan``, if given) with kecamatan and latest desil; with ``only``,
    just those households (the ones the links reach: what reach and budgets need).

    The whole release's frame is kept once built (``registry.kept_frames``): reading it took 0.6 s of the
    targeting page's 0.8 s at a million persons, on every request."""
    if only is not None:
        return _query_households(release, kelurahan, only=only)
    everyone = kept_frames.kept("households", [release], lambda: _query_households(release, None))
    if kelurahan is None:
        return everyone
    return everyone.filter(pl.col("kelurahan").is_in(pl.Series(sorted(kelurahan), dtype=pl.String).implode()))


def _query_households(
    release: RegistryRelease, kelurahan: Collection[str] | None, *, only: Collection[int] | None = None
) -> pl.DataFrame:
    where, codes = in_clause("h.kelurahan_id", kelurahan)
    params: list[object] = list(codes)
    if only is not None:
        among, ids = in_ids("h.id", only)
        where += among
        params += ids
    # One row per (household, rank): the latest rank is picked in polars, which is cheaper than a window
    # or a correlated subquery over 270,000 households.
    sql = (
        "SELECT h.id, h.kelurahan_id, r.parent_id, w.desil, CAST(w.ranked_on AS TEXT), w.method "  # noqa: S608 (placeholders)
        "FROM registry_household h JOIN regions_region r ON r.code = h.kelurahan_id "
        "LEFT JOIN registry_welfarerank w ON w.release_id = h.release_id AND w.household_id = h.id "
        f"WHERE h.release_id = %s{where}"
    )
    schema = {**HOUSEHOLDS_SCHEMA, "ranked_on": pl.String, "method": pl.String}
    # polars takes the dtype classes (pl.Int64) as well as instances; lib.sql_frames names instances only.
    rows = query_frame(sql, [release.pk, *params], cast("dict[str, pl.DataType]", schema))
    if rows.height and rows["household"].n_unique() < rows.height:
        rows = rows.sort(["household", "ranked_on", "method"], descending=[False, True, True]).unique(
            "household", keep="first", maintain_order=True
        )
    return rows.select(list(HOUSEHOLDS_SCHEMA)).sort("household")


# The links' columns, then the release of the linked household, the desil when added and the match flag.
_LINKS_SQL = (
    "SELECT b.intervention_id, b.household_id, r.code, r.parent_id, b.status, "
    "CASE WHEN h.release_id = %s AND NOT (CAST(b.flags AS TEXT) LIKE %s) THEN 1 ELSE 0 END, "
    "CAST(NULL AS INTEGER), h.release_id, b.desil, CASE WHEN CAST(b.flags AS TEXT) LIKE %s THEN 1 ELSE 0 END "
    "FROM interventions_beneficiary b LEFT JOIN registry_household h ON h.id = b.household_id "
    "JOIN regions_region r ON r.code = COALESCE(h.kelurahan_id, b.kelurahan_id)"
)
_LINKS_READ = {**LINKS_SCHEMA, "linked_release": pl.Int64, "desil_added": pl.Int64, "flagged": pl.Boolean}


def load_links(release: RegistryRelease | None) -> pl.DataFrame:
    """Every beneficiary link, with where it counts and whether it is in ``release``, and ``carried`` (a link to
    an earlier release's household, counted at the household it became). ``desil`` is that added with for a
    carried link, else left null (``load_frames`` takes it from the households frame)."""
    flag = f'%"{NOT_IN_REGISTRY_FLAG}"%'
    links = query_frame(
        _LINKS_SQL, [release.pk if release else -1, flag, flag], cast("dict[str, pl.DataType]", _LINKS_READ)
    )
    carried = pl.lit(False)
    if release is not None:
        links = links.join(_successors(release, links), on=["linked_release", "household"], how="left")
        carried = pl.col("successor").is_not_null()
        parents = dict(Region.objects.in_deployment().villages().values_list("code", "parent_id"))
        links = links.with_columns(
            household=pl.when(carried).then(pl.col("successor")).otherwise(pl.col("household")),
            kelurahan=pl.when(carried).then(pl.col("lives_in")).otherwise(pl.col("kelurahan")),
            kecamatan=pl.when(carried)
            .then(pl.col("lives_in").replace_strict(parents, default=None, return_dtype=pl.String))
            .otherwise(pl.col("kecamatan")),
            in_registry=pl.col("in_registry") | carried,
            desil=pl.when(carried).then(pl.col("desil_added")).otherwise(pl.col("desil")),
        )
    return links.with_columns(carried=carried).select(*LINKS_SCHEMA, "carried")


def _successors(release: RegistryRelease, links: pl.DataFrame) -> pl.DataFrame:
    """For each household of another release that a link names: the household of ``release`` it became
    (``successor``) and where that lives (``lives_in``), by the release diff of the two releases."""
    schema = {"linked_release": pl.Int64, "household": pl.Int64, "successor": pl.Int64, "lives_in": pl.String}
    earlier = links.filter(
        pl.col("linked_release").is_not_null() & (pl.col("linked_release") != release.pk) & ~pl.col("flagged")
    )
    parts = [pl.DataFrame(schema=schema)]
    readable = [ReleaseStatus.CURRENT, ReleaseStatus.SUPERSEDED]
    others = RegistryRelease.objects.filter(pk__in=earlier["linked_release"].unique().to_list(), status__in=readable)
    for other in others:
        # Targeting of an earlier release (a report of past years) follows later links backwards alike.
        found = counterparts(other, release)
        parts.append(
            found.select(
                pl.lit(other.pk, dtype=pl.Int64).alias("linked_release"),
                "household",
                pl.col("counterpart").alias("successor"),
                "lives_in",
            ).cast(schema)  # type: ignore[arg-type]  # polars wants Mapping[str | selector | dtype, ...]: keys invariant
        )
    return pl.concat(parts)


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
        .cast(INTERVENTIONS_SCHEMA)  # type: ignore[arg-type]  # as above: polars' Mapping key is invariant
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
    links = load_links(release)
    if release is None:
        households = pl.DataFrame(schema=HOUSEHOLDS_SCHEMA)
    else:
        reached = links["household"].drop_nulls().unique().to_list() if linked_only else None
        households = load_households(release, kelurahan, only=reached)
    desil = households.select("household", pl.col("desil").alias("household_desil"))
    links = (
        links.join(desil, on="household", how="left")
        .with_columns(desil=pl.when(pl.col("carried")).then(pl.col("desil")).otherwise(pl.col("household_desil")))
        .select(list(LINKS_SCHEMA))
    )
    return TargetingFrames(release, households, links, load_interventions())


def scope_kelurahan(scope: Scope, kecamatan: str = "", kelurahan: str = "") -> frozenset[str] | None:
    """The kelurahan codes a scope's targeting covers, narrowed by a selected kecamatan or kelurahan
    (None: the whole kab/kota, for a city-wide scope without a selection). Selections outside the scope
    give an empty set: the caller answers 404."""
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
    scope: Scope,
    *,
    kecamatan: str = "",
    kelurahan: str = "",
    k: int = DEFAULT_K,
    release: RegistryRelease | None = None,
) -> tuple[Targeting, TargetingFrames]:
    """Every targeting measure for ``scope`` (or the selected area within it)."""
    codes = scope_kelurahan(scope, kecamatan, kelurahan)
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
            setattr(household, "flags", deprivations_of(household))  # noqa: B010 (for the lists, not a column)
            found[household.pk] = household
    return found


def rupiah(sen: int | None) -> Decimal | None:
    """Sen back to Rupiah as ``Decimal``, for pages and exports."""
    return None if sen is None else Decimal(sen) / SEN_PER_RUPIAH
