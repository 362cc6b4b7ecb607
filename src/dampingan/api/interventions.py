"""Interventions over the API: the plan, budget lines and progress reports, through the same queries and
services as the pages (progress attachments are page-only).

Outside the caller's scope 404; without the right to manage the intervention or its kelurahan 403, with
the service's own sentence saying why; invalid input 422 naming the field, nothing half-saved. Amounts
are Rupiah decimals; they may also be sent as text written the Indonesian way ("1.500.000,50").
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from dampingan.access.requests import ApiRequest
from dampingan.access.roles import Capability
from dampingan.interventions import queries, services
from dampingan.interventions.models import BudgetLine, Intervention, OutputTarget, ProgressReport
from dampingan.lib.service_input import service_input

from .refusals import named_as_sent
from .schemas import (
    Amount,
    BodyIn,
    Bool,
    Column,
    Day,
    ErrorOut,
    Id,
    Offset,
    OutputQuantity,
    PatchIn,
    Percent,
    published,
)

router = Router(tags=["interventions"])
MAX_LIMIT = 500
# Amounts may also be sent as text written the Indonesian way (schemas.Amount).

F = TypeVar("F", bound=Callable[..., Any])


def explained_403(view: F) -> F:
    """Answer a service's refusal with its own sentence ("You do not mentor Medono…") instead of the
    generic 403, which stays for a bare missing capability."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except PermissionDenied as exc:
            text = str(exc)
            if not text or text in {c.value for c in Capability}:
                raise
            return Status(403, {"detail": text})

    # Ninja reads the (string) annotations with the wrapper's module globals; hand it them resolved in the
    # view's own module, so that routers elsewhere (partners) can use the decorator too.
    # (functools' stubs give the wrapper no __signature__ attribute.)
    wrapper.__signature__ = inspect.signature(view, eval_str=True)  # type: ignore[attr-defined]
    return cast(F, wrapper)


class TargetOut(Schema):
    id: int
    description: str
    unit: str
    target: Decimal
    achieved: Decimal | None
    achieved_on: dt.date | None


class TargetIn(BodyIn):
    id: Id | None = None
    description: Annotated[str, Column(OutputTarget, "description")]
    unit: Annotated[str, Column(OutputTarget, "unit")]
    target: OutputQuantity


class SourceTotalOut(Schema):
    source: str
    label: str
    planned: Decimal
    realised: Decimal


class InterventionOut(Schema):
    id: int
    title: str
    city_wide: bool
    kelurahan_codes: list[str]
    kind: str
    strategy: str
    cluster: int
    horizon: str
    lead_opd: str
    status: str
    start_date: dt.date
    end_date: dt.date | None
    planned_total: Decimal
    realised_total: Decimal
    latest_physical_percent: Decimal | None
    latest_report_on: dt.date | None


class InterventionDetailOut(InterventionOut):
    description: str
    problem_ids: list[int]
    potential_ids: list[int]
    partner_ids: list[int]
    targets: list[TargetOut]
    budget_by_source: list[SourceTotalOut]
    created_by: str
    created_at: dt.datetime


class InterventionIn(BodyIn):
    title: Annotated[str, Column(Intervention, "title")]
    description: Annotated[str, Column(Intervention, "description")] = ""
    city_wide: Bool = False
    kelurahan_codes: list[str] = []
    kind: Annotated[str, Column(Intervention, "kind")]
    strategy: Annotated[str, Column(Intervention, "strategy")]
    cluster: Annotated[int, Column(Intervention, "cluster")]
    horizon: Annotated[str, Column(Intervention, "horizon")]
    lead_opd_id: Id | None = None
    start_date: Day
    end_date: Day | None = None
    problem_ids: list[Id] = []
    potential_ids: list[Id] = []
    partner_ids: list[Id] = []
    targets: list[TargetIn] = []


class InterventionPatch(PatchIn):
    title: Annotated[str | None, Column(Intervention, "title")] = None
    description: Annotated[str | None, Column(Intervention, "description")] = None
    city_wide: Bool = None  # type: ignore[assignment]
    kelurahan_codes: list[str] = None  # type: ignore[assignment]
    kind: Annotated[str | None, Column(Intervention, "kind")] = None
    strategy: Annotated[str | None, Column(Intervention, "strategy")] = None
    cluster: Annotated[int | None, Column(Intervention, "cluster")] = None
    horizon: Annotated[str | None, Column(Intervention, "horizon")] = None
    lead_opd_id: Id = None  # type: ignore[assignment]
    start_date: Day = None  # type: ignore[assignment]
    end_date: Day | None = None
    problem_ids: list[Id] = None  # type: ignore[assignment]
    potential_ids: list[Id] = None  # type: ignore[assignment]
    partner_ids: list[Id] = None  # type: ignore[assignment]
    targets: list[TargetIn] = None  # type: ignore[assignment]
    status: Annotated[str | None, Column(Intervention, "status")] = None


class BudgetLineOut(Schema):
    id: int
    source: str
    partner_id: int | None
    partner: str | None
    year: int
    planned: Decimal
    realised: Decimal
    over_reason: str
    notes: str


class BudgetLineIn(BodyIn):
    source: Annotated[str, Column(BudgetLine, "source")]
    partner_id: Id | None = None
    year: Annotated[int, Column(BudgetLine, "year")]
    planned: Amount
    realised: Amount = Decimal(0)
    over_reason: Annotated[str, Column(BudgetLine, "over_reason")] = ""
    notes: Annotated[str, Column(BudgetLine, "notes")] = ""


class BudgetLinePatch(PatchIn):
    source: Annotated[str | None, Column(BudgetLine, "source")] = None
    partner_id: Id | None = None
    year: Annotated[int | None, Column(BudgetLine, "year")] = None
    planned: Amount = None  # type: ignore[assignment]  # see PatchIn
    realised: Amount = None  # type: ignore[assignment]  # see PatchIn
    over_reason: Annotated[str | None, Column(BudgetLine, "over_reason")] = None
    notes: Annotated[str | None, Column(BudgetLine, "notes")] = None


class OutputOut(Schema):
    target_id: int
    achieved: Decimal


class ProgressOut(Schema):
    id: int
    date: dt.date
    physical_percent: Decimal
    budget_realised: Decimal
    narrative: str
    has_attachment: bool
    outputs: list[OutputOut]
    reported_by: str


class ProgressIn(BodyIn):
    date: Day
    physical_percent: Percent
    budget_realised: Amount = Decimal(0)
    narrative: Annotated[str, Column(ProgressReport, "narrative")] = ""
    outputs: Annotated[
        dict[int, OutputQuantity],
        published(propertyNames={"pattern": r"^[1-9]\d{0,17}$"}),
    ] = Field({}, description="Achieved to date, by the id of the intervention's target")


def _summary(iv: Intervention) -> dict[str, Any]:
    return {
        **{f: getattr(iv, f) for f in ("id", "title", "city_wide", "kind", "strategy", "cluster", "horizon", "status")},
        "start_date": iv.start_date,
        "end_date": iv.end_date,
        "kelurahan_codes": sorted(k.code for k in iv.kelurahan.all()),
        "lead_opd": iv.lead_opd.abbreviation,
        # Annotations of queries.with_totals, not columns of Intervention.
        "planned_total": iv.planned_total,  # type: ignore[attr-defined]
        "realised_total": iv.realised_total,  # type: ignore[attr-defined]
        "latest_physical_percent": iv.latest_percent,  # type: ignore[attr-defined]
        "latest_report_on": iv.latest_report_on,  # type: ignore[attr-defined]
    }


def _detail(request: ApiRequest, pk: int) -> dict[str, Any]:
    iv = queries.visible_intervention(request.scope, pk)
    return {
        **_summary(iv),
        "description": iv.description,
        "problem_ids": sorted(iv.problems.values_list("pk", flat=True)),
        "potential_ids": sorted(iv.potentials.values_list("pk", flat=True)),
        "partner_ids": sorted(iv.partners.values_list("pk", flat=True)),
        "targets": [
            {
                "id": row.target.pk,
                "description": row.target.description,
                "unit": row.target.unit,
                "target": row.target.target,
                "achieved": row.achieved,
                "achieved_on": row.on,
            }
            for row in queries.target_progress(iv)
        ],
        "budget_by_source": [vars(r) for r in queries.totals_by_source(Intervention.objects.filter(pk=pk)).rows],
        "created_by": iv.created_by.username,
        "created_at": iv.created_at,
    }


def _line_out(line: BudgetLine) -> dict[str, Any]:
    return {
        **{f: getattr(line, f) for f in ("id", "source", "partner_id", "year", "planned", "realised")},
        "partner": line.partner.name if line.partner else None,
        "over_reason": line.over_reason,
        "notes": line.notes,
    }


def _report_out(report: ProgressReport) -> dict[str, Any]:
    return {
        **{f: getattr(report, f) for f in ("id", "date", "physical_percent", "budget_realised", "narrative")},
        "has_attachment": bool(report.attachment),
        "outputs": [{"target_id": o.target_id, "achieved": o.achieved} for o in report.outputs.all()],
        "reported_by": report.reported_by.username,
    }


# The API's field names and the service's keys for the same things.
_SERVICE_KEYS = {
    "kelurahan_codes": "kelurahan",
    "lead_opd_id": "lead_opd",
    "problem_ids": "problems",
    "potential_ids": "potentials",
    "partner_ids": "partners",
}
_API_NAMES = {service: api for api, service in _SERVICE_KEYS.items()}


def _plan_data(payload: dict[str, Any]) -> dict[str, Any]:
    """The service's keys for the API's names; only keys present in ``payload`` (PATCH semantics)."""
    return {_SERVICE_KEYS.get(k, k): v for k, v in payload.items()}


@router.get("/", response=list[InterventionOut], summary="Interventions in the caller's scope, with budget totals")
def list_interventions(
    request: ApiRequest, filters: Query[queries.InterventionFilters], limit: int = 100, offset: Offset = 0
) -> list[dict[str, Any]]:
    found = queries.interventions(request.scope, filters)
    limit = max(0, min(limit, MAX_LIMIT))
    return [_summary(iv) for iv in found[offset : offset + limit]]


@router.get(
    "/budget-by-source",
    response=list[SourceTotalOut],
    summary="Planned and realised Rupiah per funding source over the filtered interventions",
)
def budget_by_source(request: ApiRequest, filters: Query[queries.InterventionFilters]) -> list[dict[str, Any]]:
    found = queries.interventions(request.scope, filters)
    return [vars(r) for r in queries.totals_by_source(found).rows]


@router.get("/{intervention_id}", response={200: InterventionDetailOut, 404: ErrorOut})
def get_intervention(request: ApiRequest, intervention_id: int) -> dict[str, Any]:
    return _detail(request, intervention_id)


@router.post("/", response={201: InterventionDetailOut, 403: ErrorOut, 422: ErrorOut})
@explained_403
def create_intervention(request: ApiRequest, payload: InterventionIn) -> Status[dict[str, Any]]:
    with named_as_sent(_API_NAMES):
        data = service_input(services.InterventionFields, _plan_data(payload.dict()))
        iv = services.create_intervention(request.auth, data)
    return Status(201, _detail(request, iv.pk))


@router.patch("/{intervention_id}", response={200: InterventionDetailOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut})
@explained_403
def patch_intervention(request: ApiRequest, intervention_id: int, payload: InterventionPatch) -> dict[str, Any]:
    iv = queries.visible_intervention(request.scope, intervention_id)
    data = _plan_data(payload.dict(exclude_unset=True))
    status = data.pop("status", None)
    if data:
        with named_as_sent(_API_NAMES):
            iv = services.update_intervention(
                request.auth, iv, service_input(services.InterventionFields, data, partial=True)
            )
    if status is not None:
        services.change_status(request.auth, iv, status)
    return _detail(request, intervention_id)


# Budget lines -------------------------------------------------------------------------------------------


@router.get("/{intervention_id}/budget-lines", response={200: list[BudgetLineOut], 404: ErrorOut})
def list_budget_lines(request: ApiRequest, intervention_id: int) -> list[dict[str, Any]]:
    iv = queries.visible_intervention(request.scope, intervention_id)
    return [_line_out(line) for line in queries.budget_lines(iv)]


@router.post(
    "/{intervention_id}/budget-lines", response={201: BudgetLineOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
)
@explained_403
def add_budget_line(request: ApiRequest, intervention_id: int, payload: BudgetLineIn) -> Status[dict[str, Any]]:
    iv = queries.visible_intervention(request.scope, intervention_id)
    data = payload.dict()
    data["partner"] = data.pop("partner_id")
    with named_as_sent({"partner": "partner_id"}):
        line = services.add_budget_line(request.auth, iv, service_input(services.BudgetLineFields, data))
    return Status(201, _line_out(line))


def _line(request: ApiRequest, intervention_id: int, line_id: int) -> BudgetLine:
    iv = queries.visible_intervention(request.scope, intervention_id)
    return get_object_or_404(iv.budget_lines.select_related("partner", "intervention"), pk=line_id)


@router.patch(
    "/{intervention_id}/budget-lines/{line_id}",
    response={200: BudgetLineOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
@explained_403
def patch_budget_line(
    request: ApiRequest, intervention_id: int, line_id: int, payload: BudgetLinePatch
) -> dict[str, Any]:
    data = payload.dict(exclude_unset=True)
    if "partner_id" in data:
        data["partner"] = data.pop("partner_id")
    with named_as_sent({"partner": "partner_id"}):
        line = services.update_budget_line(
            request.auth,
            _line(request, intervention_id, line_id),
            service_input(services.BudgetLineFields, data, partial=True),
        )
    return _line_out(line)


@router.delete("/{intervention_id}/budget-lines/{line_id}", response={204: None, 403: ErrorOut, 404: ErrorOut})
@explained_403
def delete_budget_line(request: ApiRequest, intervention_id: int, line_id: int) -> Status[None]:
    services.remove_budget_line(request.auth, _line(request, intervention_id, line_id))
    return Status(204, None)


# Progress reports ---------------------------------------------------------------------------------------


@router.get("/{intervention_id}/progress", response={200: list[ProgressOut], 404: ErrorOut})
def list_progress(request: ApiRequest, intervention_id: int) -> list[dict[str, Any]]:
    iv = queries.visible_intervention(request.scope, intervention_id)
    return [_report_out(r) for r in queries.progress_reports(iv)]


@router.post(
    "/{intervention_id}/progress",
    response={201: ProgressOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Report progress: date, physical %, budget realised to date, outputs achieved by target id",
)
@explained_403
def add_progress(request: ApiRequest, intervention_id: int, payload: ProgressIn) -> Status[dict[str, Any]]:
    iv = queries.visible_intervention(request.scope, intervention_id)
    data = payload.dict()
    outputs = data.pop("outputs")
    report = services.report_progress(request.auth, iv, service_input(services.ProgressReportFields, data), outputs)
    fresh = next(r for r in queries.progress_reports(iv) if r.pk == report.pk)
    return Status(201, _report_out(fresh))
