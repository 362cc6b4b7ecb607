"""Writes of the reports app: request a report (a background job builds and renders it), review, approve.

The page and the API both call these. Refusals that depend on the report's state (a job already running,
an approved report, a step out of order) raise ``ReportConflict`` (the API answers 409); bad parameters
raise ``ValidationError`` (422); a role that may not act raises ``PermissionDenied`` (403).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dampingan.access.audit import acting_as
from dampingan.access.scope import Scope
from dampingan.jobs import progress
from dampingan.jobs import services as jobs
from dampingan.jobs.models import Job, JobStatus
from dampingan.mentoring.models import Opd
from dampingan.regions.models import Region

from . import access, compare
from .document import Document
from .kinds import FIRST_YEAR, KINDS, ReportParameters
from .models import Report, ReportFile, ReportFormat, ReportStatus

if TYPE_CHECKING:
    from dampingan.accounts.models import User

logger = logging.getLogger(__name__)

# A job queued or running for longer than this was lost (the worker stopped): it no longer blocks the report.
STALE_AFTER = dt.timedelta(hours=1)

# A report's generation is a jobs.Job of this kind, on the subject ``subject(report.pk)``.
KIND = "reports.generate"
# Its stages, for jobs/progress.py: each about as long as the others.
STAGES = progress.Stages(
    {
        "reading": (gettext_lazy("Reading the figures"), 1),
        "docx": (gettext_lazy("Writing the DOCX file"), 1),
        "xlsx": (gettext_lazy("Writing the XLSX file"), 1),
        "pdf": (gettext_lazy("Drawing the PDF file"), 1),
        "saving": (gettext_lazy("Saving the files"), 1),
    }
)


class ReportConflict(Exception):
    """The request cannot be carried out in the report's present state."""


# --- parameters ---------------------------------------------------------------------------------------


def read_parameters(kind: str, *, year: object, opd_id: object = None, kelurahan_code: object = "") -> ReportParameters:
    """Checked parameters of a report of ``kind``; ``ValidationError`` naming the field otherwise."""
    spec = KINDS.get(kind)
    if spec is None or not spec.available:
        raise ValidationError({"kind": [_("This type of report cannot be generated yet.")]})
    errors: dict[str, list[str]] = {}
    this_year = timezone.localdate().year
    try:
        year_number = int(str(year))
    except (TypeError, ValueError):
        year_number = 0
    if not FIRST_YEAR <= year_number <= this_year:
        errors["year"] = [_("Choose a year from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": this_year}]
    opd: int | None = None
    if spec.needs_opd:
        opd = int(str(opd_id)) if str(opd_id or "").isdigit() else None
        if opd is None or not Opd.objects.filter(pk=opd).exists():
            errors["opd"] = [_("Choose the OPD the report is about.")]
    code = ""
    if spec.needs_kelurahan:
        code = str(kelurahan_code or "").strip()
        if not Region.objects.in_deployment().villages().filter(code=code).exists():
            errors["kelurahan"] = [_("Choose a kelurahan of this city.")]
    if errors:
        raise ValidationError(errors)
    return ReportParameters(year_number, opd, code)


def _builder(kind: str) -> Callable[..., Document]:
    module = KINDS[kind].builder_module()
    assert module is not None  # read_parameters refused unavailable kinds
    return module.build


def _title(kind: str, parameters: ReportParameters) -> str:
    module = KINDS[kind].builder_module()
    assert module is not None
    return str(module.title_for(parameters))[:250]


# --- request and generation ---------------------------------------------------------------------------


def subject(report_id: int) -> str:
    """What a job generating the report ``report_id`` works on (``Job.subject``)."""
    return f"report:{report_id}"


def report_id_of(job: Job) -> int:
    """The report a generation job works on."""
    return int(job.subject.removeprefix("report:"))


def from_frozen(job: Job) -> bool:
    """True: the job renders the approved (frozen) figures again; False: it reads today's records."""
    return bool(job.params.get("from_frozen"))


@dataclass(frozen=True)
class Progress:
    """How far a generation is, as the page and the API show it: ``done`` of ``total`` stages."""

    stage: str
    done: int
    total: int


def progress_of(job: Job) -> Progress:
    """Where a generation is: its live stage while it runs (jobs/progress.py), the stage it ended in after."""
    if job.is_running:
        step = progress.current(job, STAGES)
        return Progress(step.stage, STAGES.index(step.stage), len(STAGES)) if step else Progress("", 0, 0)
    if job.status == JobStatus.DONE:
        return Progress(job.stage, len(STAGES), len(STAGES))
    return (
        Progress(job.stage, STAGES.index(job.stage), len(STAGES))
        if job.stage in STAGES.names()
        else Progress(job.stage, 0, 0)
    )


def _expire_stale_jobs(report: Report) -> None:
    jobs.expire(
        subject(report.pk),
        STALE_AFTER,
        _("The job stopped without finishing (the task worker was not running)."),
    )


def _running_job_message(report: Report) -> str:
    job = jobs.running_on(subject(report.pk))
    if job is None:
        return _("This report is already being generated; wait until it has finished.")
    return _(
        "This report is already being generated (requested by %(user)s at %(time)s); wait until it has finished."
    ) % {
        "user": job.requested_by.get_full_name() or job.requested_by.username,
        "time": formats.time_format(timezone.localtime(job.created_at), "H:i"),
    }


def request_report(actor: User, kind: str, parameters: ReportParameters) -> Job:
    """Queue the generation of the report of ``kind`` about ``parameters`` from today's records.

    The report is created on the first request and regenerated (back to draft) on later ones. Refused:
    while a job for it is queued or running (the database allows one: ``job_one_running_per_subject``),
    and once it is approved (its figures are frozen).
    """
    access.require_request(Scope.for_user(actor), kind, parameters)
    with transaction.atomic(), acting_as(actor):
        try:
            with transaction.atomic():
                report, _created = Report.objects.get_or_create(
                    kind=kind,
                    subject_key=parameters.subject_key,
                    defaults={
                        "parameters": parameters.to_json(),
                        "year": parameters.year,
                        "opd_id": parameters.opd_id,
                        "kelurahan_id": parameters.kelurahan_code or None,
                        "title": _title(kind, parameters),
                        "requested_by": actor,
                    },
                )
        except IntegrityError:  # the same report created by a request running at the same moment
            report = Report.objects.get(kind=kind, subject_key=parameters.subject_key)
        if report.is_approved:
            raise ReportConflict(
                _(
                    "This report was approved on %(day)s by %(user)s; its figures are frozen. Download its files, "
                    "or show the difference to today's figures."
                )
                % {
                    "day": formats.date_format(timezone.localtime(report.approved_at), "j F Y"),
                    "user": _name(report.approved_by),
                }
            )
        _expire_stale_jobs(report)
        try:
            with transaction.atomic():
                job = jobs.queue(KIND, subject(report.pk), actor, {"from_frozen": False})
        except IntegrityError as exc:
            raise ReportConflict(_running_job_message(report)) from exc
    _enqueue(job)
    return job


def _enqueue(job: Job) -> None:
    from .tasks import generate_report

    generate_report.enqueue(job.pk)


def _progress(job: Job, stage: str) -> None:
    progress.record(job.pk, stage, stages=STAGES)


def run_job(job_id: int) -> Job:
    """The background part: read the figures (or take the frozen ones), render DOCX, XLSX and PDF, store them.

    Runs in the deployment's language (Indonesian): the documents are the city's, not the requester's screen.
    A PDF that cannot be drawn (WeasyPrint's system libraries missing) leaves the DOCX and XLSX and says so.
    """
    job = Job.objects.select_related("requested_by").get(pk=job_id, kind=KIND)
    if job.status in (JobStatus.DONE, JobStatus.FAILED):
        return job  # run already: a task delivered twice, or a job the demo ran in process (demo/reports.py)
    jobs.start(job.pk)
    report = Report.objects.get(pk=report_id_of(job))
    try:
        with translation.override(settings.LANGUAGE_CODE):
            files, document, pdf_error = _generate(job, report)
            with transaction.atomic(), acting_as(job.requested_by):
                report.refresh_from_db()
                if not report.is_approved and not from_frozen(job):
                    report.content = document.to_json()
                    report.content_built_at = document.built_at or timezone.now()
                    # New figures have not been reviewed: the sign-off starts again.
                    report.status, report.reviewed_by, report.reviewed_at = ReportStatus.DRAFT, None, None
                    report.save()
                for fmt, content in files.items():
                    _store(report, job, fmt, content)
                jobs.finish(job.pk, error_message=pdf_error)
    except Exception:
        logger.exception("report job %s failed", job.pk)
        jobs.fail(job.pk, _("The report could not be generated because of an internal error; nothing was saved."))
        raise
    job.refresh_from_db()
    return job


def _generate(job: Job, report: Report) -> tuple[dict[str, bytes], Document, str]:
    # The renderers load WeasyPrint and python-docx: imported when a report is generated, not with the app.
    from dampingan.coordination.printables import PdfUnavailable

    from .render_docx import render_docx
    from .render_html import render_pdf
    from .render_xlsx import render_xlsx

    _progress(job, "reading")
    if from_frozen(job) or report.is_approved:
        document = Document.from_json(report.frozen_content or {})
    else:
        document = _builder(report.kind)(ReportParameters.from_json(report.parameters), today=timezone.localdate())
    lines = status_lines(report, approved=from_frozen(job) or report.is_approved)
    files: dict[str, bytes] = {}
    _progress(job, "docx")
    files[ReportFormat.DOCX] = render_docx(document, status=lines)
    _progress(job, "xlsx")
    files[ReportFormat.XLSX] = render_xlsx(document, status=lines)
    _progress(job, "pdf")
    pdf_error = ""
    try:
        files[ReportFormat.PDF] = render_pdf(document, status=lines)
    except PdfUnavailable:
        pdf_error = _("The PDF could not be made on this server (WeasyPrint's system libraries are missing).")
    _progress(job, "saving")
    return files, document, pdf_error


def _store(report: Report, job: Job, fmt: str, content: bytes) -> ReportFile:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    status = ReportStatus.APPROVED if (from_frozen(job) or report.is_approved) else ReportStatus.DRAFT
    name = f"{slugify(report.title)[:80] or 'laporan'}-{status}-{stamp}.{fmt}"
    stored = ReportFile(
        report=report,
        job=job,
        format=fmt,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        report_status=status,
        generated_by=job.requested_by,
    )
    stored.file.save(name, ContentFile(content), save=False)
    stored.save()
    return stored


def _name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def status_lines(report: Report, *, approved: bool) -> list[str]:
    """What the cover says about the sign-off: a draft is marked as one; an approved report names who and when."""
    if approved and report.approved_at:
        lines = [
            _("Approved by %(user)s on %(day)s; the figures are those of that day.")
            % {
                "user": _name(report.approved_by),
                "day": formats.date_format(timezone.localtime(report.approved_at), "j F Y"),
            }
        ]
        if report.reviewed_at:
            lines.append(
                _("Reviewed by %(user)s on %(day)s.")
                % {
                    "user": _name(report.reviewed_by),
                    "day": formats.date_format(timezone.localtime(report.reviewed_at), "j F Y"),
                }
            )
        return lines
    return [_("DRAFT — not yet reviewed or approved.")]


# --- sign-off -----------------------------------------------------------------------------------------


def _refuse_while_running(report: Report) -> None:
    _expire_stale_jobs(report)
    if jobs.running_on(subject(report.pk)) is not None:
        raise ReportConflict(_running_job_message(report))


def review_report(actor: User, report: Report) -> Report:
    """draft → reviewed, by the TKPK secretariat (``REVIEW_REPORTS``)."""
    if not access.may_review(Scope.for_user(actor), report):
        raise PermissionDenied("review_reports")
    with transaction.atomic(), acting_as(actor):
        report = Report.objects.select_for_update().get(pk=report.pk)
        _refuse_while_running(report)
        if report.status != ReportStatus.DRAFT or report.content is None:
            raise ReportConflict(_("Only a generated draft can be marked as reviewed."))
        report.status, report.reviewed_by, report.reviewed_at = ReportStatus.REVIEWED, actor, timezone.now()
        report.save()
    return report


def approve_report(actor: User, report: Report) -> tuple[Report, Job]:
    """reviewed → approved by the report's signatory (``access.may_approve``). Freezes the reviewed figures
    and queues the approved files, rendered from those frozen figures."""
    if not access.may_approve(Scope.for_user(actor), report):
        raise PermissionDenied("approve_reports")
    with transaction.atomic(), acting_as(actor):
        report = Report.objects.select_for_update().get(pk=report.pk)
        _refuse_while_running(report)
        if report.status != ReportStatus.REVIEWED:
            raise ReportConflict(_("Only a reviewed report can be approved."))
        report.status, report.approved_by, report.approved_at = ReportStatus.APPROVED, actor, timezone.now()
        report.frozen_content = report.content
        report.save()
        job = jobs.queue(KIND, subject(report.pk), actor, {"from_frozen": True})
    _enqueue(job)
    return report, job


# --- the difference to today's figures -----------------------------------------------------------------


def difference_to_today(report: Report, today: dt.date | None = None) -> list[compare.CellChange]:
    """The cells in which the report's figures (frozen once approved) differ from a fresh build today."""
    shown = report.shown_content
    if shown is None:
        return []
    # In the documents' language: a label read in another language would show as a changed cell.
    with translation.override(settings.LANGUAGE_CODE):
        fresh = _builder(report.kind)(
            ReportParameters.from_json(report.parameters), today=today or timezone.localdate()
        )
        return compare.compare(Document.from_json(shown), fresh)


def latest_files(report: Report) -> list[ReportFile]:
    """The newest file of each format, DOCX first."""
    newest: dict[str, ReportFile] = {}
    for stored in report.files.order_by("-generated_at", "-pk"):
        newest.setdefault(stored.format, stored)
    return [newest[f] for f in ReportFormat.values if f in newest]
