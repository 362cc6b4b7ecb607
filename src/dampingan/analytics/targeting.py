"""Targeting of interventions against the registry: coverage, the uncovered priority households, overlap,
leakage and budget per household reached (docs/domain.md §6 *targeting errors*).

Pure functions on polars frames, no Django. ``interventions/targeting_data.py`` loads the frames.

Frames in
---------
``households`` — one row per household of the current registry release (may be cut to a scope already):
    ``household`` (int), ``kelurahan`` (str), ``kecamatan`` (str), ``desil`` (int 1-10 or null = unranked);
    any further columns (deprivation flags) are carried into the household lists.
``links`` — one row per beneficiary link (a household or person in one intervention), city-wide:
    ``intervention`` (int), ``household`` (int or null), ``kelurahan`` and ``kecamatan`` (str: where the
    linked household lives, or where the intervention recorded a beneficiary the registry does not hold),
    ``status`` (the beneficiary's status), ``in_registry`` (bool: linked to a household of the households'
    release and not flagged "not in the registry"), ``desil`` (int or null: the desil its leakage is judged on —
    that household's, or for a link carried from an earlier release the one it had when it was added).
``interventions`` — one row per intervention: ``intervention`` (int), ``strategy`` (str), ``status`` (str),
    ``planned`` and ``realised`` (int: sums of its budget lines in *sen*, 1/100 Rupiah, so that money stays
    exact; the pages turn them back into ``Decimal``).

Definitions
-----------
- **Counted link**: a link of an intervention that is not cancelled. A cancelled intervention reaches no one.
- **Reached**: a household with at least one counted link in status *active* or *graduated*. A *proposed*
  link is a plan, not a delivery: a household with only proposed links is reported as ``proposed_only``,
  not as reached; a *suspended* link reaches no one either.
- **Eligible** (priority): a ranked household in desil 1-4 (``ELIGIBLE_DESIL``).
- **Coverage** = eligible households reached / eligible households (null when there are none);
  **exclusion error** (under-coverage) = eligible households not reached / eligible households = 1 - coverage.
  By strategy: eligible households reached by an intervention of that strategy / eligible households.
- **Uncovered priority households**: eligible and not reached, desil 1 first.
- **Overlap** (k, default 2): a ranked household reached by k or more distinct interventions while at least one
  ranked household of the same kelurahan with a *lower* desil (poorer) was reached by none. Unranked households
  are left out on both sides: the registry gives no evidence that they are poorer or richer.
- **Leakage** (inclusion error) = counted links outside the registry or in desil 5 and above / all counted
  links, whatever their status: a proposal for someone not eligible is the error to catch before money goes
  out. The unit is the link (one beneficiary in one intervention), because a person outside the registry
  has no household to count once. A ranked-less household in the registry is reported as ``unranked``, not
  as leakage.
- **Budget per household reached** = budget attributed to the area / distinct registry households reached in
  it. An intervention's budget is attributed to kelurahan in proportion to the distinct households it
  reached in each (largest-remainder rounding in sen, so the parts add up to the whole); an intervention that
  reached no registry household has its budget reported as unattributed, not spread. Realised and planned
  are computed alike; per-household figures are rounded half up to the sen.

Frames out (``Targeting``): ``summary`` (one row per area at levels ``kelurahan``, ``kecamatan`` and ``all``),
``by_strategy``, ``uncovered``, ``overlap``, ``links`` (each counted link with its ``category``) and
``interventions`` (reach and budget per intervention).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import polars as pl

ELIGIBLE_DESIL = 4
LEAKAGE_DESIL = 5
DEFAULT_K = 2
# Values of interventions.models.BeneficiaryStatus / InterventionStatus / Strategy (checked by a test there).
REACHED_STATUSES = ("aktif", "lulus")
PROPOSED_STATUS = "diusulkan"
CANCELLED_INTERVENTION = "dibatalkan"
STRATEGIES = ("kurangi_beban", "tingkatkan_pendapatan", "kurangi_kantong")
LEVELS = ("kelurahan", "kecamatan", "all")
CATEGORIES = ("outside_registry", "desil_5_plus", "unranked", "eligible")

HOUSEHOLDS_SCHEMA = {"household": pl.Int64, "kelurahan": pl.String, "kecamatan": pl.String, "desil": pl.Int64}
LINKS_SCHEMA = {
    "intervention": pl.Int64,
    "household": pl.Int64,
    "kelurahan": pl.String,
    "kecamatan": pl.String,
    "status": pl.String,
    "in_registry": pl.Boolean,
    "desil": pl.Int64,
}
INTERVENTIONS_SCHEMA = {
    "intervention": pl.Int64,
    "strategy": pl.String,
    "status": pl.String,
    "planned": pl.Int64,
    "realised": pl.Int64,
}


@dataclass(frozen=True)
class Targeting:
    summary: pl.DataFrame
    by_strategy: pl.DataFrame
    uncovered: pl.DataFrame
    overlap: pl.DataFrame
    links: pl.DataFrame
    interventions: pl.DataFrame
    k: int

    def area(self, level: str, area: str = "") -> dict[str, object] | None:
        """The summary row of one area (``level="all"`` with ``area=""`` for the whole scope)."""
        rows = self.summary.filter((pl.col("level") == level) & (pl.col("area") == area))
        return rows.row(0, named=True) if rows.height else None


def share(numerator: str, denominator: str) -> pl.Expr:
    """``numerator / denominator``, null when the denominator is zero."""
    return pl.when(pl.col(denominator) > 0).then(pl.col(numerator) / pl.col(denominator)).otherwise(None)


def _per_household(amount: str, households: str) -> pl.Expr:
    """Integer sen divided by a count, rounded half up; null without households."""
    a, n = pl.col(amount), pl.col(households)
    return pl.when(n > 0).then((2 * a + n) // (2 * n)).otherwise(None)


def _by_area(frame: pl.DataFrame, aggregations: Sequence[pl.Expr]) -> pl.DataFrame:
    """``aggregations`` per kelurahan, per kecamatan and over the whole frame, with ``level`` and ``area``."""
    parts = [
        frame.group_by("kelurahan")
        .agg(aggregations)
        .rename({"kelurahan": "area"})
        .with_columns(level=pl.lit("kelurahan")),
        frame.group_by("kecamatan")
        .agg(aggregations)
        .rename({"kecamatan": "area"})
        .with_columns(level=pl.lit("kecamatan")),
        frame.select(aggregations).with_columns(area=pl.lit(""), level=pl.lit("all")),
    ]
    return pl.concat([p.select("level", "area", pl.exclude("level", "area")) for p in parts], how="vertical_relaxed")


def _areas(households: pl.DataFrame, links: pl.DataFrame) -> pl.DataFrame:
    """Every area either frame mentions: a kelurahan with beneficiaries but no registry household still shows."""
    places = pl.concat([households.select("kelurahan", "kecamatan"), links.select("kelurahan", "kecamatan")]).unique()
    kelurahan = places.select(level=pl.lit("kelurahan"), area=pl.col("kelurahan"))
    kecamatan = places.select(level=pl.lit("kecamatan"), area=pl.col("kecamatan")).unique()
    return pl.concat([kelurahan, kecamatan, pl.DataFrame({"level": ["all"], "area": [""]})])


def counted_links(links: pl.DataFrame, interventions: pl.DataFrame) -> pl.DataFrame:
    """Links of interventions that are not cancelled, with ``strategy``, ``reached``, ``proposed`` and the
    leakage ``category`` of each (outside_registry, desil_5_plus, unranked, eligible)."""
    live = interventions.filter(pl.col("status") != CANCELLED_INTERVENTION).select("intervention", "strategy")
    desil = pl.col("desil")
    in_registry = pl.col("in_registry") & pl.col("household").is_not_null()
    return links.join(live, on="intervention", how="inner").with_columns(
        reached=pl.col("status").is_in(REACHED_STATUSES) & in_registry,
        proposed=(pl.col("status") == PROPOSED_STATUS) & in_registry,
        category=pl.when(~in_registry)
        .then(pl.lit("outside_registry"))
        .when(desil >= LEAKAGE_DESIL)
        .then(pl.lit("desil_5_plus"))
        .when(desil.is_null())
        .then(pl.lit("unranked"))
        .otherwise(pl.lit("eligible")),
    )


def household_reach(households: pl.DataFrame, counted: pl.DataFrame) -> pl.DataFrame:
    """``households`` with ``interventions`` (distinct interventions that reached it), ``reached``,
    ``proposed_only``, ``eligible`` and one ``reached_<strategy>`` flag per strategy."""
    reached = counted.filter(pl.col("reached"))
    per_household = reached.group_by("household").agg(
        pl.col("intervention").n_unique().cast(pl.Int64).alias("interventions"),
        *[(pl.col("strategy") == s).any().alias(f"reached_{s}") for s in STRATEGIES],
    )
    proposed = counted.filter(pl.col("proposed")).select("household").unique().with_columns(has_proposal=pl.lit(True))
    frame = households.join(per_household, on="household", how="left").join(proposed, on="household", how="left")
    return (
        frame.with_columns(
            pl.col("interventions").fill_null(0),
            *[pl.col(f"reached_{s}").fill_null(False) for s in STRATEGIES],
            reached=pl.col("interventions").fill_null(0) > 0,
            eligible=pl.col("desil").is_not_null() & (pl.col("desil") <= ELIGIBLE_DESIL),
        )
        .with_columns(proposed_only=pl.col("has_proposal").fill_null(False) & ~pl.col("reached"))
        .drop("has_proposal")
    )


def uncovered(reach: pl.DataFrame) -> pl.DataFrame:
    """Eligible households reached by no intervention, desil 1 first (then kelurahan, household)."""
    rows = reach.filter(pl.col("eligible") & ~pl.col("reached"))
    drop = ["interventions", "reached", "eligible", *[f"reached_{s}" for s in STRATEGIES]]
    return rows.drop(drop).sort("desil", "kelurahan", "household")


def overlap(reach: pl.DataFrame, k: int = DEFAULT_K) -> pl.DataFrame:
    """Ranked households reached by ``k`` or more interventions while a poorer (lower-desil) ranked household
    of the same kelurahan got none; with ``poorer_unreached`` (how many) and ``poorest_unreached_desil``."""
    if k < 1:
        raise ValueError("k must be at least 1")
    ranked = reach.filter(pl.col("desil").is_not_null())
    unreached = (
        ranked.filter(~pl.col("reached"))
        .group_by("kelurahan", "desil")
        .agg(n=pl.len().cast(pl.Int64))
        .rename({"desil": "unreached_desil"})
    )
    candidates = ranked.filter(pl.col("interventions") >= k)
    poorer = (
        candidates.select("household", "kelurahan", "desil")
        .join(unreached, on="kelurahan", how="inner")
        .filter(pl.col("unreached_desil") < pl.col("desil"))
        .group_by("household")
        .agg(poorer_unreached=pl.col("n").sum(), poorest_unreached_desil=pl.col("unreached_desil").min())
    )
    drop = ["reached", "eligible", "proposed_only", *[f"reached_{s}" for s in STRATEGIES]]
    return (
        candidates.join(poorer, on="household", how="inner")
        .drop(drop)
        .sort(["interventions", "desil", "kelurahan", "household"], descending=[True, True, False, False])
    )


def attribute_budget(counted: pl.DataFrame, interventions: pl.DataFrame) -> pl.DataFrame:
    """Each intervention's planned and realised sen split over kelurahan by distinct registry households
    reached there (largest remainder: the parts add up to the intervention's total exactly)."""
    reached = counted.filter(pl.col("reached")).select("intervention", "kelurahan", "household").unique()
    per_place = reached.group_by("intervention", "kelurahan").agg(n=pl.len().cast(pl.Int64))
    per_place = per_place.with_columns(total=pl.col("n").sum().over("intervention")).join(
        interventions.select("intervention", "planned", "realised"), on="intervention", how="inner"
    )
    parts = []
    for amount in ("planned", "realised"):
        product = pl.col(amount).cast(pl.Int128) * pl.col("n")
        split = per_place.with_columns(
            base=(product // pl.col("total")).cast(pl.Int64), remainder=product % pl.col("total")
        ).with_columns(short=pl.col(amount) - pl.col("base").sum().over("intervention"))
        # The sen lost to rounding go one each to the parts with the largest remainders (then by kelurahan).
        split = split.sort(["intervention", "remainder", "kelurahan"], descending=[False, True, False]).with_columns(
            (pl.col("base") + (pl.int_range(pl.len()).over("intervention") < pl.col("short")).cast(pl.Int64)).alias(
                amount
            )
        )
        parts.append(split.select("intervention", "kelurahan", amount))
    schema = pl.Schema(
        {"intervention": pl.Int64(), "kelurahan": pl.String(), "planned": pl.Int64(), "realised": pl.Int64()}
    )
    if not per_place.height:
        return pl.DataFrame(schema=schema)
    return parts[0].join(parts[1], on=["intervention", "kelurahan"]).cast(schema)


def _per_intervention(counted: pl.DataFrame, interventions: pl.DataFrame) -> pl.DataFrame:
    """Links, distinct registry households reached and budget per household, per intervention (city-wide)."""
    reached = (
        counted.filter(pl.col("reached"))
        .group_by("intervention")
        .agg(households_reached=pl.col("household").n_unique().cast(pl.Int64))
    )
    links = counted.group_by("intervention").agg(links=pl.len().cast(pl.Int64))
    return (
        interventions.join(reached, on="intervention", how="left")
        .join(links, on="intervention", how="left")
        .with_columns(pl.col("households_reached", "links").fill_null(0))
        .with_columns(
            realised_per_household=_per_household("realised", "households_reached"),
            planned_per_household=_per_household("planned", "households_reached"),
        )
        .sort("intervention")
    )


def targeting(
    households: pl.DataFrame,
    links: pl.DataFrame,
    interventions: pl.DataFrame,
    *,
    k: int = DEFAULT_K,
    kelurahan: Collection[str] | None = None,
) -> Targeting:
    """Every measure at once, for the kelurahan in ``kelurahan`` (None: all those the frames mention).

    ``links`` must be city-wide even for a narrower scope: an intervention's budget is split over all the
    households it reached, wherever they live, before the scope is cut.
    """
    counted = counted_links(links, interventions)
    attributed = attribute_budget(counted, interventions)
    per_intervention = _per_intervention(counted, interventions)
    if kelurahan is not None:
        keep = pl.Series(sorted(kelurahan), dtype=pl.String).implode()
        households = households.filter(pl.col("kelurahan").is_in(keep))
        counted = counted.filter(pl.col("kelurahan").is_in(keep))
        attributed = attributed.filter(pl.col("kelurahan").is_in(keep))
    reach = household_reach(households, counted)

    coverage = _by_area(
        reach,
        [
            pl.len().alias("households"),
            pl.col("eligible").sum().alias("eligible"),
            (pl.col("eligible") & pl.col("reached")).sum().alias("reached"),
            (pl.col("eligible") & pl.col("proposed_only")).sum().alias("proposed_only"),
            pl.col("reached").sum().alias("reached_households"),
        ],
    )
    leakage = _by_area(
        counted,
        [pl.len().alias("links"), *[(pl.col("category") == c).sum().alias(c) for c in CATEGORIES]],
    )
    places = counted.select("kelurahan", "kecamatan").unique()
    budget = _by_area(
        attributed.join(places, on="kelurahan", how="left"),
        [pl.col("planned").sum().alias("planned"), pl.col("realised").sum().alias("realised")],
    )
    overlapping = overlap(reach, k)
    overlap_counts = _by_area(overlapping, [pl.len().alias("overlap")])
    counts = ["households", "eligible", "reached", "proposed_only", "reached_households", "links", *CATEGORIES]
    summary = (
        _areas(households, counted)
        .join(coverage, on=["level", "area"], how="left")
        .join(leakage, on=["level", "area"], how="left")
        .join(budget, on=["level", "area"], how="left")
        .join(overlap_counts, on=["level", "area"], how="left")
        .with_columns(pl.col([*counts, "overlap", "planned", "realised"]).cast(pl.Int64).fill_null(0))
        .with_columns(
            uncovered=pl.col("eligible") - pl.col("reached"),
            coverage=share("reached", "eligible"),
            leakage=pl.when(pl.col("links") > 0)
            .then((pl.col("outside_registry") + pl.col("desil_5_plus")) / pl.col("links"))
            .otherwise(None),
            realised_per_household=_per_household("realised", "reached_households"),
            planned_per_household=_per_household("planned", "reached_households"),
        )
        .with_columns(exclusion_error=share("uncovered", "eligible"))
        .sort(pl.col("level").replace_strict({name: i for i, name in enumerate(LEVELS)}), "area")
    )

    strategy_counts = pl.concat(
        _by_area(
            reach,
            [
                pl.col("eligible").sum().alias("eligible"),
                (pl.col("eligible") & pl.col(f"reached_{strategy}")).sum().alias("reached"),
            ],
        ).with_columns(strategy=pl.lit(strategy))
        for strategy in STRATEGIES
    )
    by_strategy = (
        summary.select("level", "area")
        .join(pl.DataFrame({"strategy": list(STRATEGIES)}), how="cross")
        .join(strategy_counts, on=["level", "area", "strategy"], how="left")
        .with_columns(pl.col("eligible", "reached").cast(pl.Int64).fill_null(0))
        .with_columns(coverage=share("reached", "eligible"))
    )

    return Targeting(
        summary=summary,
        by_strategy=by_strategy,
        uncovered=uncovered(reach),
        overlap=overlapping,
        links=counted,
        interventions=per_intervention,
        k=k,
    )
