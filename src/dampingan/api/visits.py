"""Visits and monthly reports over the API: the same scopes and services as the pages (photos are page-only).

State conflicts (submitting twice, reviewing a draft) answer 409; invalid input 422; outside the scope 404;
a role without the capability 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from dampingan.access.requests import ApiRequest
from dampingan.lib.service_input import service_input
from dampingan.visits import queries, services
from dampingan.visits.models import MonthlyReport, Visit
from dampingan.visits.services import MonthlyReportFields, VisitFields

from .schemas import BodyIn, Column, Day, ErrorOut, Offset

router = Router(tags=["visits"])
MAX_LIMIT = 500


class VisitOut(Schema):
    id: int
    kelurahan_code: str = Field(..., alias="kelurahan_id")
    opd: str
    date: dt.date
    activity: str
    participants: str
    findings: str
    follow_ups: str
    photo_count: int
    recorded_by: str
    created_at: dt.datetime


class VisitIn(BodyIn):
    kelurahan_code: str
    date: Day
    activity: Annotated[str, Column(Visit, "activity")]
    participants: Annotated[str, Column(Visit, "participants")] = ""
    findings: Annotated[str, Column(Visit, "findings")] = ""
    follow_ups: Annotated[str, Column(Visit, "follow_ups")] = ""


class MonthlyReportOut(Schema):
    id: int
    kelurahan_code: str
    opd: str
    month: str  # YYYY-MM
    status: str
    summary: str
    activities: str
    obstacles: str
    next_steps: str
    submitted_by: str | None
    submitted_at: dt.datetime | None
    reviewed_by: str | None
    reviewed_at: dt.datetime | None
    review_note: str


class ReportIn(BodyIn):
    kelurahan_code: str
    month: str = Field(
        ..., pattern=r"^([1-9]\d{3}|0[1-9]\d\d|00[1-9]\d|000[1-9])-(0[1-9]|1[0-2])$", description="YYYY-MM"
    )
    summary: Annotated[str, Column(MonthlyReport, "summary")] = ""
    activities: Annotated[str, Column(MonthlyReport, "activities")] = ""
    obstacles: Annotated[str, Column(MonthlyReport, "obstacles")] = ""
    next_steps: Annotated[str, Column(MonthlyReport, "next_steps")] = ""


class ReviewIn(BodyIn):
    decision: Literal["reviewed", "returned"]
    note: Annotated[str, Column(MonthlyReport, "review_note")] = ""


def _visit_out(visit: Visit) -> dict[str, object]:
    return {
        **{f: getattr(visit, f) for f in ("id", "kelurahan_id", "date", "activity", "participants", "findings")},
        "follow_ups": visit.follow_ups,
        "created_at": visit.created_at,
        "opd": visit.opd.abbreviation,
        "photo_count": len(visit.photos.all()),
        "recorded_by": visit.recorded_by.username,
    }


def _report_out(report: MonthlyReport) -> dict[str, object]:
    return {
        "id": report.pk,
        "kelurahan_code": report.kelurahan_id,
        "opd": report.opd.abbreviation,
        "month": f"{report.month:%Y-%m}",
        **{f: getattr(report, f) for f in ("status", "summary", "activities", "obstacles", "next_steps")},
        "submitted_by": report.submitted_by.username if report.submitted_by else None,
        "submitted_at": report.submitted_at,
        "reviewed_by": report.reviewed_by.username if report.reviewed_by else None,
        "reviewed_at": report.reviewed_at,
        "review_note": report.review_note,
    }


def _report(request: ApiRequest, report_id: int) -> MonthlyReport:
    return get_object_or_404(
        queries.visible_reports(request.scope).select_related("kelurahan", "opd", "submitted_by", "reviewed_by"),
        pk=report_id,
    )


def _month(text: str) -> dt.date:
    try:
        return dt.date(int(text[:4]), int(text[5:7]), 1)
    except ValueError as exc:
        raise ValidationError({"month": ["YYYY-MM"]}) from exc


def _conflict(exc: services.TransitionError) -> Status[dict]:
    return Status(409, {"detail": " ".join(exc.messages)})


# Reports first: their literal paths must not be shadowed by "/{visit_id}".
@router.get("/reports", response=list[MonthlyReportOut], summary="Monthly reports in the caller's scope")
def list_reports(
    request: ApiRequest, kelurahan: str | None = None, status: str | None = None, limit: int = 100, offset: Offset = 0
) -> list[dict]:
    reports = queries.visible_reports(request.scope).select_related("opd", "submitted_by", "reviewed_by")
    if kelurahan:
        reports = reports.filter(kelurahan_id=kelurahan)
    if status:
        reports = reports.filter(status=status)
    limit = max(0, min(limit, MAX_LIMIT))
    return [_report_out(r) for r in reports.order_by("kelurahan_id", "-month")[offset : offset + limit]]


@router.get("/reports/{report_id}", response={200: MonthlyReportOut, 404: ErrorOut})
def get_report(request: ApiRequest, report_id: int) -> dict:
    return _report_out(_report(request, report_id))


@router.post(
    "/reports",
    response={200: MonthlyReportOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Create or update the draft report of a kelurahan for a month",
)
def save_report(request: ApiRequest, payload: ReportIn) -> dict | Status[dict]:
    kelurahan = queries.visible_kelurahan(request.scope, payload.kelurahan_code)
    data = service_input(
        MonthlyReportFields, payload.dict(include={"summary", "activities", "obstacles", "next_steps"})
    )
    try:
        report = services.save_report_draft(request.auth, kelurahan, _month(payload.month), data)
    except services.TransitionError as exc:
        return _conflict(exc)
    return _report_out(report)


@router.post(
    "/reports/{report_id}/submit",
    response={200: MonthlyReportOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
)
def submit_report(request: ApiRequest, report_id: int) -> dict | Status[dict]:
    try:
        report = services.submit_report(request.auth, _report(request, report_id))
    except services.TransitionError as exc:
        return _conflict(exc)
    return _report_out(report)


@router.post(
    "/reports/{report_id}/review",
    response={200: MonthlyReportOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
)
def review_report(request: ApiRequest, report_id: int, payload: ReviewIn) -> dict | Status[dict]:
    try:
        report = services.review_report(
            request.auth, _report(request, report_id), accept=payload.decision == "reviewed", note=payload.note
        )
    except services.TransitionError as exc:
        return _conflict(exc)
    return _report_out(report)


@router.get("/", response=list[VisitOut], summary="Visits in the caller's scope, newest first")
def list_visits(request: ApiRequest, kelurahan: str | None = None, limit: int = 100, offset: Offset = 0) -> list[dict]:
    visits = queries.visible_visits(request.scope).select_related("opd", "recorded_by").prefetch_related("photos")
    if kelurahan:
        visits = visits.filter(kelurahan_id=kelurahan)
    limit = max(0, min(limit, MAX_LIMIT))
    return [_visit_out(v) for v in visits.order_by("-date", "-created_at")[offset : offset + limit]]


@router.get("/{visit_id}", response={200: VisitOut, 404: ErrorOut})
def get_visit(request: ApiRequest, visit_id: int) -> dict:
    visits = queries.visible_visits(request.scope).select_related("opd", "recorded_by").prefetch_related("photos")
    return _visit_out(get_object_or_404(visits, pk=visit_id))


@router.post("/", response={201: VisitOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut})
def create_visit(request: ApiRequest, payload: VisitIn) -> Status[dict]:
    kelurahan = queries.visible_kelurahan(request.scope, payload.kelurahan_code)
    visit = services.record_visit(
        request.auth, kelurahan, service_input(VisitFields, payload.dict(exclude={"kelurahan_code"}))
    )
    return Status(201, _visit_out(visit))
