"""Reports over the API: request one (202 with the job to poll), follow the job, list, sign off, fetch a file.

The same rules as the pages (``reports.access`` and ``reports.services``): outside what the caller may see
404, a role that may not act 403, a report already being generated or in the wrong state 409, bad
parameters 422.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Literal, cast

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from dampingan.access.requests import ApiRequest
from dampingan.jobs.models import Job
from dampingan.reports import queries, services
from dampingan.reports.kinds import FIRST_YEAR
from dampingan.reports.models import Report, ReportFile

from .schemas import BodyIn, ErrorOut, Id, Int, column, published

router = Router(tags=["reports"])

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


if TYPE_CHECKING:
    ReportKindValue = str
else:
    ReportKindValue = column(Report, "kind")  # the column's choices, which the type checker cannot read


class ReportRequestIn(BodyIn):
    kind: ReportKindValue
    year: Annotated[Int, published(minimum=FIRST_YEAR, maximum=32767, description=f"From {FIRST_YEAR} to this year")]
    opd_id: Id | None = None
    kelurahan_code: str = ""


class JobOut(Schema):
    id: int
    report_id: int
    status: str
    stage: str
    progress_done: int
    progress_total: int
    error_message: str
    from_frozen: bool
    created_at: dt.datetime
    finished_at: dt.datetime | None


class FileOut(Schema):
    id: int
    format: str
    size: int
    sha256: str
    report_status: str
    generated_at: dt.datetime
    generated_by: str
    url: str


class ReportOut(Schema):
    id: int
    kind: str
    title: str
    year: int
    parameters: dict
    status: str
    requested_by: str
    reviewed_by: str | None
    reviewed_at: dt.datetime | None
    approved_by: str | None
    approved_at: dt.datetime | None
    files: list[FileOut]


def _job_out(job: Job) -> dict[str, object]:
    step = services.progress_of(job)
    return {
        "id": job.pk,
        "report_id": services.report_id_of(job),
        "status": job.status,
        "stage": step.stage,
        "progress_done": step.done,
        "progress_total": step.total,
        "error_message": job.error_message,
        "from_frozen": services.from_frozen(job),
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }


def _file_out(stored: ReportFile) -> dict[str, object]:
    return {
        **{f: getattr(stored, f) for f in ("id", "format", "size", "sha256", "report_status", "generated_at")},
        "generated_by": stored.generated_by.username,
        "url": f"/api/reports/{stored.report_id}/files/{stored.format}",
    }


def _report_out(report: Report) -> dict[str, object]:
    return {
        **{f: getattr(report, f) for f in ("id", "kind", "title", "year", "parameters", "status")},
        "requested_by": report.requested_by.username,
        "reviewed_by": report.reviewed_by.username if report.reviewed_by else None,
        "reviewed_at": report.reviewed_at,
        "approved_by": report.approved_by.username if report.approved_by else None,
        "approved_at": report.approved_at,
        "files": [_file_out(f) for f in services.latest_files(report)],
    }


def _conflict(exc: services.ReportConflict) -> Status[dict]:
    return Status(409, {"detail": str(exc)})


@router.post(
    "/",
    response={202: JobOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Request a report; it is generated in the background (poll the job)",
)
def request_report(request: ApiRequest, payload: ReportRequestIn) -> Status[dict]:
    parameters = services.read_parameters(
        payload.kind, year=payload.year, opd_id=payload.opd_id, kelurahan_code=payload.kelurahan_code
    )
    try:
        job = services.request_report(request.auth, payload.kind, parameters)
    except services.ReportConflict as exc:
        return _conflict(exc)
    job.refresh_from_db()
    return Status(202, _job_out(job))


@router.get("/", response=list[ReportOut], summary="Reports the caller may see")
def list_reports(request: ApiRequest, kind: str | None = None, year: int | None = None) -> list[dict]:
    reports = queries.visible_reports(request.scope).select_related("requested_by", "reviewed_by", "approved_by")
    if kind:
        reports = reports.filter(kind=kind)
    if year:
        reports = reports.filter(year=year)
    return [_report_out(r) for r in reports.order_by("-updated_at", "-pk")[:200]]


@router.get("/jobs/{job_id}", response={200: JobOut, 404: ErrorOut}, summary="Progress of a generation")
def get_job(request: ApiRequest, job_id: int) -> dict:
    job = get_object_or_404(Job, pk=job_id, kind=services.KIND)
    if not queries.visible_reports(request.scope).filter(pk=services.report_id_of(job)).exists():
        raise Http404("report outside the scope")
    return _job_out(job)


@router.get("/{report_id}", response={200: ReportOut, 404: ErrorOut})
def get_report(request: ApiRequest, report_id: int) -> dict:
    return _report_out(queries.visible_report(request.scope, report_id))


@router.post("/{report_id}/review", response={200: ReportOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut})
def review_report(request: ApiRequest, report_id: int) -> dict | Status[dict]:
    try:
        report = services.review_report(request.auth, queries.visible_report(request.scope, report_id))
    except services.ReportConflict as exc:
        return _conflict(exc)
    return _report_out(queries.visible_report(request.scope, report.pk))


@router.post(
    "/{report_id}/approve",
    response={200: ReportOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Approve (freeze the figures); the approved files are made in the background",
)
def approve_report(request: ApiRequest, report_id: int) -> dict | Status[dict]:
    try:
        report, _job = services.approve_report(request.auth, queries.visible_report(request.scope, report_id))
    except services.ReportConflict as exc:
        return _conflict(exc)
    return _report_out(queries.visible_report(request.scope, report.pk))


@router.get("/{report_id}/files/{file_format}", response={404: ErrorOut}, summary="The newest file in a format")
def fetch_file(request: ApiRequest, report_id: int, file_format: Literal["docx", "xlsx", "pdf"]) -> FileResponse:
    report = queries.visible_report(request.scope, report_id)
    stored = report.files.filter(format=file_format).order_by("-generated_at", "-pk").first()
    if stored is None:
        raise Http404("no file in that format")
    return FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=cast(str, stored.file.name).rsplit("/", 1)[-1],  # a stored report file always has its name
        content_type=CONTENT_TYPES[stored.format],
    )
