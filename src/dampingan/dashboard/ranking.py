"""The kelurahan ranking of a user's scope: where poverty is highest and whether the programme reaches it.

Per kelurahan: households of the current registry release, share of ranked households in desil 1-4, the
multidimensional poverty index (M0 and H per household, k = 1/3), coverage of the desil 1-4 households by
interventions, budget planned and realised (attributed to the kelurahan by households reached), monthly
reports missing over the last 12 months, and the open and overdue action items linked to the kelurahan.

Each figure comes from the module that owns it, loaded once for the whole scope: ``registry.measures``
(desil and MPI, one load of the release), ``interventions.targeting_data`` (coverage and budget),
``visits.queries.review_queue`` (missing reports) and the action items visible to the user
(``coordination.access``). ``ranking_table`` joins them. The scope is the user's (a lurah gets its
kelurahan, a camat its kecamatan); small cells are hidden from those who may not list the households
(``geo.suppression``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import polars as pl
from django.db.models import Count, Q
from django.utils import timezone

from dampingan.access.scope import Scope
from dampingan.analytics.targeting import share, targeting
from dampingan.coordination.action_queries import visible_action_items
from dampingan.geo.suppression import SMALL_CELL_MINIMUM, detail_codes, small_cells
from dampingan.interventions.targeting_data import load_frames, rupiah, scope_kelurahan
from dampingan.mentoring.models import Assignment
from dampingan.regions.models import Region
from dampingan.regions.queries import visible_regions
from dampingan.registry import measures
from dampingan.registry.models import RegistryRelease
from dampingan.registry.queries import current_release
from dampingan.visits.queries import review_queue

from . import ranking_table
from .ranking_table import SortKey

MPI_CUTOFF = Fraction(1, 3)
REPORT_MONTHS = 12


@dataclass(frozen=True)
class RankingRow:
    """One kelurahan. Ratios are 0-1 as the source modules give them; money in Rupiah. ``None``: no value
    (no households, nothing planned, no assignment in force) or hidden (``suppressed``)."""

    code: str
    name: str
    kecamatan_code: str
    kecamatan: str
    opd: str
    households: int | None
    ranked_households: int | None
    desil_1_4_households: int | None
    desil_1_4_share: float | None
    m0: float | None
    h: float | None
    poor_households: int | None
    eligible: int | None
    reached: int | None
    coverage: float | None
    planned: Decimal
    realised: Decimal
    missing_reports: int | None
    open_actions: int
    overdue_actions: int
    suppressed: bool

    @property
    def realisation_percent(self) -> Decimal | None:
        """Realised / planned x 100, to one decimal (exact Rupiah in, rounded half up)."""
        if not self.planned:
            return None
        return (self.realised * 100 / self.planned).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @classmethod
    def from_frame_row(cls, row: dict[str, object]) -> RankingRow:
        # A frame row's values are typed ``object``: the ranking frame's schema gives them the fields' types.
        money = {name: rupiah(row[name]) or Decimal(0) for name in ("planned", "realised")}  # type: ignore[arg-type]
        fields = {name: row[name] for name in cls.__dataclass_fields__ if name not in money}
        return cls(**fields, **money)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Ranking:
    """The ranking of one scope, sorted by ``sort_key``; ``frame`` holds it as ``ranking_table`` built it."""

    frame: pl.DataFrame
    release: RegistryRelease | None
    sort_key: SortKey
    descending: bool
    minimum: int = SMALL_CELL_MINIMUM

    @property
    def rows(self) -> list[RankingRow]:
        return [RankingRow.from_frame_row(row) for row in self.frame.iter_rows(named=True)]

    @property
    def sort(self) -> str:
        """The sort as the address writes it (``-desil``)."""
        return f"{'-' if self.descending else ''}{self.sort_key.key}"

    @property
    def suppressed(self) -> frozenset[str]:
        return frozenset(self.frame.filter(pl.col("suppressed"))["code"].to_list())

    def sorted_by(self, sort: str | None) -> Ranking:
        key, descending = ranking_table.parse_sort(sort)
        frame = ranking_table.sort_ranking(self.frame, key, descending)
        return replace(self, frame=frame, sort_key=key, descending=descending)


def _areas(codes: Collection[str], today: dt.date) -> pl.DataFrame:
    villages = Region.objects.filter(code__in=sorted(codes)).select_related("parent").order_by("code")
    mentors: dict[str, list[str]] = {}
    in_force = Assignment.objects.in_force(today).filter(kelurahan_id__in=sorted(codes)).select_related("opd")
    for assignment in in_force.order_by("opd__abbreviation"):
        mentors.setdefault(assignment.kelurahan_id, []).append(assignment.opd.abbreviation)
    rows = [
        (v.code, v.name, v.parent_id or "", v.parent.name if v.parent else "", ", ".join(mentors.get(v.code, [])))
        for v in villages
    ]
    return pl.DataFrame(rows, schema=ranking_table.AREA_SCHEMA, orient="row")


def _registry_frames(
    scope: Scope, release: RegistryRelease | None, today: dt.date
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Desil and MPI per kelurahan (one load of the release for both)."""
    if release is None:
        return pl.DataFrame(schema=ranking_table.DESIL_SCHEMA), pl.DataFrame(schema=ranking_table.MPI_SCHEMA)
    mpi_report, desil_report = measures.reports_for(scope, release_id=release.pk, k=MPI_CUTOFF)
    desil = desil_report.summary.filter(pl.col("level") == "kelurahan").select(
        "code",
        "households",
        "ranked_households",
        "desil_1_4_households",
        pl.col("share_1_4_households").alias("desil_1_4_share"),
    )
    mpi = mpi_report.areas.filter((pl.col("level") == "kelurahan") & (pl.col("unit") == "household")).select(
        "code", pl.col("M0").alias("m0"), pl.col("H").alias("h"), pl.col("poor_units").alias("poor_households")
    )
    return desil, mpi


def _targeting_frame(scope: Scope, release: RegistryRelease | None, desil: pl.DataFrame) -> pl.DataFrame:
    """Coverage and budgets per kelurahan, as the targeting page counts them, without loading the release:
    reach and budgets from the households interventions link (the analytics on those alone), the eligible
    households (ranked, desil 1-4) from the release's kept figures (``desil``, the same households)."""
    codes = scope_kelurahan(scope)
    frames = load_frames(release, codes, linked_only=True)
    found = targeting(frames.households, frames.links, frames.interventions, kelurahan=codes)
    reach = found.summary.filter(pl.col("level") == "kelurahan").select(
        pl.col("area").alias("code"), "reached", "planned", "realised"
    )
    eligible = desil.filter(pl.col("households") > 0).select("code", pl.col("desil_1_4_households").alias("eligible"))
    return (
        eligible.join(reach, on="code", how="full", coalesce=True)
        .with_columns(pl.col("eligible", "reached", "planned", "realised").fill_null(0))
        .with_columns(coverage=share("reached", "eligible"))
        .select(list(ranking_table.TARGETING_SCHEMA))
    )


def _reports_frame(scope: Scope, today: dt.date) -> pl.DataFrame:
    _columns, rows = review_queue(scope, months=REPORT_MONTHS, today=today)
    missing: dict[str, int] = {}
    for row in rows:
        # Two OPDs in force for one kelurahan give two rows over the same reports: count the worse once.
        missing[row.kelurahan.code] = max(missing.get(row.kelurahan.code, 0), row.missing)
    return pl.DataFrame(list(missing.items()), schema=ranking_table.REPORTS_SCHEMA, orient="row")


def _actions_frame(scope: Scope, codes: Collection[str], today: dt.date) -> pl.DataFrame:
    counts = (
        visible_action_items(scope)
        .still_open()
        .filter(kelurahan_id__in=sorted(codes))
        .values("kelurahan_id")
        .annotate(
            open=Count("pk", distinct=True),
            overdue=Count("pk", distinct=True, filter=Q(due_date__lt=today)),
        )
        .values_list("kelurahan_id", "open", "overdue")
    )
    return pl.DataFrame(list(counts), schema=ranking_table.ACTIONS_SCHEMA, orient="row")


def kelurahan_ranking(scope: Scope, *, sort: str | None = None, today: dt.date | None = None) -> Ranking:
    """The ranking of every kelurahan in ``scope``'s scope, sorted by ``sort`` (see ``ranking_table.SORT_KEYS``;
    desil 1-4 share, highest first, by default)."""
    today = today or timezone.localdate()
    codes = set(visible_regions(scope).villages().values_list("code", flat=True))
    release = current_release()
    desil, mpi = _registry_frames(scope, release, today)
    frame = ranking_table.join_ranking(
        _areas(codes, today),
        desil=desil,
        mpi=mpi,
        targeting=_targeting_frame(scope, release, desil),
        reports=_reports_frame(scope, today),
        actions=_actions_frame(scope, codes, today),
    )
    households = dict(zip(frame["code"].to_list(), frame["households"].to_list(), strict=True))
    frame = ranking_table.hide(frame, small_cells(households, exempt=detail_codes(scope, households)))
    key, descending = ranking_table.parse_sort(sort)
    return Ranking(ranking_table.sort_ranking(frame, key, descending), release, key, descending)
