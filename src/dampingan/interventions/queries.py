"""Reads of interventions, every one starting from ``visible_interventions`` (below) so a list cannot show
what a detail page would refuse. Budget sums are subqueries, so joins never multiply an amount."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from pydantic import BaseModel, ConfigDict

from dampingan.access.roles import Capability
from dampingan.access.scope import Scope
from dampingan.regions.models import Region
from dampingan.regions.queries import visible_regions

from . import access
from .models import (
    MONEY,
    BudgetLine,
    Cluster,
    FundingSource,
    Intervention,
    InterventionStatus,
    OutputAchieved,
    OutputTarget,
    ProgressReport,
    Strategy,
)

ZERO = Value(Decimal(0), output_field=DecimalField(**MONEY))


# The page reads these from its query string (``from_query``); the API declares them as its query parameters
# (``Query[InterventionFilters]``): one declaration for both. The docstring is the API schema's description.
class InterventionFilters(BaseModel):
    """Filters of the intervention list, each empty for "any"; an unknown value filters nothing out."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)

    kelurahan: str = ""
    kecamatan: str = ""
    strategy: str = ""
    cluster: str = ""
    status: str = ""
    source: str = ""
    opd: str = ""
    q: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> InterventionFilters:
        return cls(**{name: query.get(name) or "" for name in cls.model_fields})

    @property
    def active(self) -> bool:
        return any(getattr(self, name) for name in type(self).model_fields)


def visible_interventions(scope: Scope) -> QuerySet[Intervention]:
    if scope.role is None:
        return Intervention.objects.none()
    if scope.city_wide:
        return Intervention.objects.all()
    return Intervention.objects.filter(Q(city_wide=True) | scope.region_q("kelurahan__code")).distinct()


def with_totals(interventions: QuerySet[Intervention]) -> QuerySet[Intervention]:
    """Annotate planned and realised Rupiah over all budget lines, and the latest progress report."""
    lines = BudgetLine.objects.filter(intervention=OuterRef("pk")).values("intervention")
    latest = ProgressReport.objects.filter(intervention=OuterRef("pk")).order_by("-date", "-pk")
    return interventions.annotate(
        planned_total=Coalesce(Subquery(lines.annotate(s=Sum("planned")).values("s")), ZERO),
        realised_total=Coalesce(Subquery(lines.annotate(s=Sum("realised")).values("s")), ZERO),
        latest_percent=Subquery(latest.values("physical_percent")[:1]),
        latest_report_on=Subquery(latest.values("date")[:1]),
    )


def interventions(scope: Scope, filters: InterventionFilters | None = None) -> QuerySet[Intervention]:
    """Interventions ``scope`` may read, filtered, with totals, newest first."""
    f = filters or InterventionFilters()
    found = visible_interventions(scope)
    if f.kelurahan:
        found = found.filter(kelurahan__code=f.kelurahan)
    if f.kecamatan:
        found = found.filter(kelurahan__code__startswith=f"{f.kecamatan}.")
    if f.strategy in Strategy.values:
        found = found.filter(strategy=f.strategy)
    if f.cluster.isdigit() and int(f.cluster) in Cluster.values:
        found = found.filter(cluster=int(f.cluster))
    if f.status in InterventionStatus.values:
        found = found.filter(status=f.status)
    if f.source in FundingSource.values:
        found = found.filter(budget_lines__source=f.source)
    if f.opd.isdigit():
        found = found.filter(lead_opd_id=int(f.opd))
    if f.q:
        found = found.filter(Q(title__icontains=f.q) | Q(description__icontains=f.q))
    # Joins of the filters above repeat rows; keep each intervention once before annotating sums.
    ids = found.values("pk")
    return (
        with_totals(Intervention.objects.filter(pk__in=ids))
        .select_related("lead_opd")
        .prefetch_related(Prefetch("kelurahan", queryset=Region.objects.order_by("code")))
        .order_by("-start_date", "title", "pk")
    )


def visible_intervention(scope: Scope, pk: int) -> Intervention:
    """The intervention ``pk`` if ``scope`` may read it; 404 otherwise."""
    found = with_totals(Intervention.objects.filter(pk__in=visible_interventions(scope).values("pk")))
    intervention = found.select_related("lead_opd", "created_by").filter(pk=pk).first()
    if intervention is None:
        raise Http404("intervention outside the scope")
    return intervention


@dataclass(frozen=True)
class SourceTotal:
    source: str
    label: str
    planned: Decimal
    realised: Decimal

    @property
    def percent(self) -> Decimal | None:
        """Realised as a share of planned (%), None when nothing is planned."""
        return (self.realised * 100 / self.planned).quantize(Decimal("0.1")) if self.planned else None


@dataclass(frozen=True)
class BudgetSummary:
    rows: list[SourceTotal] = field(default_factory=list)

    @property
    def planned(self) -> Decimal:
        return sum((r.planned for r in self.rows), Decimal(0))

    @property
    def realised(self) -> Decimal:
        return sum((r.realised for r in self.rows), Decimal(0))

    @property
    def percent(self) -> Decimal | None:
        return SourceTotal("", "", self.planned, self.realised).percent


def totals_by_source(interventions: QuerySet[Intervention]) -> BudgetSummary:
    """Planned and realised Rupiah per funding source over ``interventions``, in the sources' order."""
    sums = {
        row["source"]: row
        for row in BudgetLine.objects.filter(intervention__in=interventions.values("pk"))
        .values("source")
        .annotate(planned=Sum("planned"), realised=Sum("realised"))
        .order_by()
    }
    return BudgetSummary(
        [
            SourceTotal(
                source.value, str(source.label), _cents(sums[source]["planned"]), _cents(sums[source]["realised"])
            )
            for source in FundingSource
            if source.value in sums
        ]
    )


def _cents(value: Decimal | None) -> Decimal:
    """Sums as Rupiah with sen: SQLite hands back Decimal("1500000.5"), PostgreSQL Decimal("1500000.50")."""
    return (value or Decimal(0)).quantize(Decimal("0.01"))


def budget_lines(intervention: Intervention) -> list[BudgetLine]:
    return list(intervention.budget_lines.select_related("partner").order_by("year", "source", "pk"))


@dataclass(frozen=True)
class TargetProgress:
    target: OutputTarget
    achieved: Decimal | None  # from the latest report that gave it; None before any report
    on: dt.date | None

    @property
    def percent(self) -> Decimal | None:
        if self.achieved is None:
            return None
        return (self.achieved * 100 / self.target.target).quantize(Decimal("0.1"))


def target_progress(intervention: Intervention) -> list[TargetProgress]:
    """Each output target with what the latest report giving it says was achieved to date."""
    latest: dict[int, OutputAchieved] = {}
    for row in (
        OutputAchieved.objects.filter(target__intervention=intervention)
        .select_related("report")
        .order_by("report__date", "report_id")
    ):
        latest[row.target_id] = row
    return [
        TargetProgress(
            t, latest[t.pk].achieved if t.pk in latest else None, latest[t.pk].report.date if t.pk in latest else None
        )
        for t in intervention.targets.order_by("pk")
    ]


def progress_reports(intervention: Intervention) -> list[ProgressReport]:
    return list(
        intervention.progress_reports.select_related("reported_by").prefetch_related(
            Prefetch("outputs", queryset=OutputAchieved.objects.select_related("target").order_by("target_id"))
        )
    )


def manageable_kelurahan(scope: Scope) -> QuerySet[Region]:
    """Kelurahan where ``scope`` may plan interventions: none without ``RECORD_MENTORING``."""
    if not scope.can(Capability.RECORD_MENTORING):
        return Region.objects.none()
    return visible_regions(scope).villages().select_related("parent").order_by("code")


def manageable_interventions(scope: Scope) -> QuerySet[Intervention]:
    """Interventions ``scope`` may change (the rule of ``access.may_manage_intervention``, as a query)."""
    if not scope.can(Capability.RECORD_MENTORING):
        return Intervention.objects.none()
    if scope.city_wide:
        return visible_interventions(scope)
    outside = Region.objects.exclude(code__in=sorted(scope.region_codes))
    return (
        Intervention.objects.filter(city_wide=False, kelurahan__code__in=sorted(scope.region_codes))
        .exclude(kelurahan__in=outside)
        .distinct()
    )


def deployment_kelurahan() -> QuerySet[Region]:
    return Region.objects.in_deployment().villages().select_related("parent").order_by("code")


def region_filter_choices(scope: Scope) -> tuple[QuerySet[Region], QuerySet[Region]]:
    """Kecamatan and kelurahan the list's filters offer: those of ``scope``."""
    regions = visible_regions(scope).order_by("code")
    return regions.kecamatan(), regions.villages()


@dataclass(frozen=True)
class Permissions:
    """What a page may offer; the services check again on every write."""

    can_create: bool
    can_manage: bool
    city_wide: bool


def permissions(scope: Scope, intervention: Intervention | None = None) -> Permissions:
    can_record = scope.can(Capability.RECORD_MENTORING)
    return Permissions(
        can_create=can_record and (scope.city_wide or bool(scope.region_codes)),
        can_manage=can_record and intervention is not None and access.may_manage_intervention(scope, intervention),
        city_wide=scope.city_wide,
    )


def of_kelurahan(scope: Scope, kelurahan: Region) -> QuerySet[Intervention]:
    """Interventions naming ``kelurahan`` that ``scope`` may read, with totals (the profile's section)."""
    return interventions(scope, InterventionFilters(kelurahan=kelurahan.code))


def city_wide_count(scope: Scope) -> int:
    return visible_interventions(scope).filter(city_wide=True).count()
