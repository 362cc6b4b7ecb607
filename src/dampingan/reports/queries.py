"""Reads of the reports app, every one starting from ``visible_reports`` (below)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from dampingan.access.scope import Scope
from dampingan.jobs import services as jobs
from dampingan.jobs.models import Job
from dampingan.mentoring.models import Assignment

from . import access, services
from .kinds import ReportKind, ReportParameters
from .models import Report, ReportFile, ReportFormat

LIST_LIMIT = 200

if TYPE_CHECKING:
    from .forms import RequestForm


def visible_reports(scope: Scope) -> QuerySet[Report]:
    if scope.role is None:
        return Report.objects.none()
    if scope.city_wide:
        return Report.objects.all()
    visible = Q(kind=ReportKind.LP2KD) | (Q(kind=ReportKind.KELURAHAN_PROFILE) & scope.region_q("kelurahan_id"))
    mentoring_here = Assignment.objects.in_force().filter(scope.region_q("kelurahan_id")).values("opd_id")
    visible |= Q(kind=ReportKind.OPD_MENTORING, opd_id__in=mentoring_here)
    if scope.opd_id:
        visible |= Q(kind=ReportKind.OPD_MENTORING, opd_id=scope.opd_id)
    return Report.objects.filter(visible)


def visible_report(scope: Scope, pk: int) -> Report:
    """The report ``pk`` if ``scope`` may see it; 404 otherwise."""
    report = (
        visible_reports(scope)
        .select_related("opd", "kelurahan", "requested_by", "reviewed_by", "approved_by")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404("report outside the scope")
    return report


def latest_job(report: Report) -> Job | None:
    return jobs.of(services.subject(report.pk), services.KIND).select_related("requested_by").first()


@dataclass(frozen=True)
class ReportRow:
    report: Report
    job: Job | None
    files: list[ReportFile]
    can_review: bool
    can_approve: bool

    @property
    def is_running(self) -> bool:
        return self.job is not None and self.job.is_running


def report_rows(scope: Scope) -> list[ReportRow]:
    """The reports ``scope`` may see, latest changed first, each with its newest job and files (three queries)."""
    reports = list(
        visible_reports(scope)
        .select_related("opd", "kelurahan", "requested_by", "approved_by")
        .prefetch_related(Prefetch("files", ReportFile.objects.order_by("-generated_at", "-pk")))
        .order_by("-updated_at", "-pk")[:LIST_LIMIT]
    )
    newest_job: dict[str, Job] = {}
    subjects = [services.subject(report.pk) for report in reports]
    for job in Job.objects.filter(kind=services.KIND, subject__in=subjects).order_by("-created_at", "-pk"):
        newest_job.setdefault(job.subject, job)
    return [
        ReportRow(
            report,
            newest_job.get(services.subject(report.pk)),
            _newest_per_format(list(report.files.all())),
            access.may_review(scope, report),
            access.may_approve(scope, report),
        )
        for report in reports
    ]


def _newest_per_format(files: list[ReportFile]) -> list[ReportFile]:
    newest: dict[str, ReportFile] = {}
    for stored in files:
        newest.setdefault(stored.format, stored)
    return [newest[f] for f in ReportFormat.values if f in newest]


def report_page(scope: Scope, report: Report) -> dict[str, Any]:
    job = latest_job(report)
    return {
        "report": report,
        "job": job,
        "job_progress": services.progress_of(job) if job is not None else None,
        "is_running": job is not None and job.is_running,
        "files": services.latest_files(report),
        "history": list(report.files.select_related("generated_by").order_by("-generated_at", "-pk")[:30]),
        "can_review": access.may_review(scope, report) and report.status == "draft" and report.content is not None,
        "can_approve": access.may_approve(scope, report) and report.status == "reviewed",
        "may_approve_ever": access.may_approve(scope, report),
        "can_regenerate": not report.is_approved
        and access.may_request(scope, report.kind, ReportParameters.from_json(report.parameters)),
        "signatory": access.signatory_label(report.kind),
    }


def report_for(scope: Scope, kind: str, form: RequestForm) -> Report | None:
    """The report a refused request was about, to send the user to it."""
    data = form.cleaned_data
    parameters = ReportParameters(
        data["year"],
        data["opd"].pk if data.get("opd") else None,
        data["kelurahan"].code if data.get("kelurahan") else "",
    )
    return visible_reports(scope).filter(kind=kind, subject_key=parameters.subject_key).first()
