"""What waits for the signed-in user, for the top of the home page.

Each role sees its own work: the OPD mentor its kelurahan's missing and returned monthly reports and its open
problems; the lurah and the camat the same of their area, as its status; the Dinsos operator its uploads to
confirm and its releases waiting for a second person's approval; the TKPK administrator what waits for its
review or approval (monthly reports, releases, macro indicator figures, reports). Action items have their own
list (coordination.action_queries.home_follow_up).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dampingan.access.roles import Capability
from dampingan.access.scope import Scope
from dampingan.baseline.models import Problem, ProblemStatus
from dampingan.indicators.queries import pending_figures
from dampingan.mentoring.models import Assignment
from dampingan.regions.models import Region
from dampingan.registry.models import RegistryRelease, RegistryUpload, ReleaseStatus, UploadStatus
from dampingan.registry.queries import current_release
from dampingan.reports.models import ReportStatus as DocumentStatus
from dampingan.reports.queries import visible_reports
from dampingan.visits.models import MonthlyReport, ReportStatus
from dampingan.visits.months import add_months, first_of_month, missing_months
from dampingan.visits.queries import visible_reports as visible_monthly_reports

# How far back a missing monthly report still asks for attention on the home page (the report page shows all).
MISSING_WINDOW_MONTHS = 12


@dataclass(frozen=True)
class Task:
    key: str  # what kind of task (data-task in the page, for tests and styles)
    text: str
    url: str
    urgent: bool = False


def work_queue(scope: Scope, today: dt.date | None = None) -> list[Task]:
    """The tasks waiting for the user of ``scope``, urgent ones first."""
    today = today or timezone.localdate()
    tasks: list[Task] = []
    if not scope.city_wide and (scope.can(Capability.RECORD_MENTORING) or scope.can(Capability.COMMENT_MENTORING)):
        tasks += _kelurahan_tasks(scope, today)
    if scope.can(Capability.REVIEW_MENTORING):
        tasks += _reviews(scope)
    if scope.can(Capability.IMPORT_REGISTRY):
        tasks += _registry(scope)
    if scope.can(Capability.MANAGE_INDICATORS):
        tasks += _figures(scope)
    if scope.can(Capability.REVIEW_REPORTS) or scope.can(Capability.APPROVE_REPORTS):
        tasks += _documents(scope)
    return sorted(tasks, key=lambda task: not task.urgent)


def _kelurahan_tasks(scope: Scope, today: dt.date) -> list[Task]:
    """Per assigned kelurahan of the user's area: monthly reports missing in the last twelve months, reports the
    TKPK returned, and problems still open or worse."""
    in_force = Assignment.objects.in_force(today).filter(kelurahan_id__in=scope.region_codes)
    if scope.opd_id is not None:
        in_force = in_force.filter(opd_id=scope.opd_id)
    lines = list(in_force.select_related("kelurahan", "decree", "opd").order_by("kelurahan__name"))
    codes = [line.kelurahan_id for line in lines]
    # The mentor writes the reports; the lurah and the camat follow their area's status.
    writes = scope.can(Capability.RECORD_MENTORING)
    window = add_months(first_of_month(today), -MISSING_WINDOW_MONTHS)
    reported: dict[str, set[dt.date]] = {code: set() for code in codes}
    returned: dict[str, list[MonthlyReport]] = {code: [] for code in codes}
    for report in MonthlyReport.objects.filter(kelurahan_id__in=codes, month__gte=window).only(
        "kelurahan_id", "month", "status"
    ):
        reported[report.kelurahan_id].add(report.month)
        if report.status == ReportStatus.RETURNED:
            returned[report.kelurahan_id].append(report)
    open_problems = dict(
        Problem.objects.filter(kelurahan_id__in=codes)
        .exclude(status=ProblemStatus.RESOLVED)
        .values("kelurahan_id")
        .annotate(n=Count("pk"))
        .values_list("kelurahan_id", "n")
    )
    tasks: list[Task] = []
    for line in lines:
        kelurahan: Region = line.kelurahan
        months_url = reverse("visits:report_months", args=[kelurahan.code])
        start = max(first_of_month(line.decree.valid_from), window)
        missing = missing_months(start, today, reported[kelurahan.code])
        returned_text = (
            _("The TKPK returned the %(month)s report of %(kelurahan)s: see its note and send it again.")
            if writes
            else _("The TKPK returned the %(month)s report of %(kelurahan)s to the mentoring OPD.")
        )
        tasks.extend(
            Task(
                "report-returned",
                returned_text % {"month": _month(report.month), "kelurahan": kelurahan.name},
                reverse("visits:report_detail", args=[kelurahan.code, report.month.year, report.month.month]),
                urgent=writes,
            )
            for report in returned[kelurahan.code]
        )
        if missing:
            tasks.append(
                Task(
                    "reports-missing",
                    ngettext(
                        "%(kelurahan)s: %(count)s month of the last twelve without a monthly report "
                        "(latest: %(month)s).",
                        "%(kelurahan)s: %(count)s months of the last twelve without a monthly report "
                        "(latest: %(month)s).",
                        len(missing),
                    )
                    % {"kelurahan": kelurahan.name, "count": len(missing), "month": _month(missing[-1])},
                    months_url,
                    urgent=writes and missing[-1] == add_months(first_of_month(today), -1),
                )
            )
        if open_problems.get(kelurahan.code):
            count = open_problems[kelurahan.code]
            tasks.append(
                Task(
                    "problems-open",
                    ngettext(
                        "%(kelurahan)s: %(count)s problem of the baseline not yet resolved.",
                        "%(kelurahan)s: %(count)s problems of the baseline not yet resolved.",
                        count,
                    )
                    % {"kelurahan": kelurahan.name, "count": count},
                    reverse("baseline:problem_list", args=[kelurahan.code]),
                )
            )
    return tasks


def _reviews(scope: Scope) -> list[Task]:
    count = visible_monthly_reports(scope).filter(status=ReportStatus.SUBMITTED).count()
    if not count:
        return []
    text = ngettext(
        "%(count)s monthly report waits for your review.", "%(count)s monthly reports wait for your review.", count
    )
    return [Task("reports-to-review", text % {"count": count}, reverse("visits:review_queue"), urgent=True)]


def _registry(scope: Scope) -> list[Task]:
    tasks: list[Task] = []
    for upload in RegistryUpload.objects.filter(
        uploaded_by_id=scope.user_id, status__in=[UploadStatus.VALIDATED, UploadStatus.NEEDS_MAPPING]
    ).order_by("created_at"):
        text = (
            _("%(file)s is checked: look at the findings and confirm the import.")
            if upload.status == UploadStatus.VALIDATED
            else _("%(file)s: say which column holds what, then the check goes on.")
        )
        url = reverse("registry:upload", args=[upload.pk])
        tasks.append(Task("upload-waiting", text % {"file": upload.file_name}, url, urgent=True))
    approves = scope.can(Capability.APPROVE_RELEASES)
    for release in RegistryRelease.objects.filter(status=ReleaseStatus.DRAFT).order_by("imported_at"):
        if release.imported_by_id == scope.user_id or not approves:
            # Maker-checker: a TKPK administrator other than the importer approves (registry.services).
            text = _("The release %(file)s waits for approval by a TKPK administrator.")
            urgent = False
        else:
            text = _("The release %(file)s waits for your check and approval.")
            urgent = True
        tasks.append(Task("release-draft", text % {"file": release.file_name}, reverse("registry:releases"), urgent))
    current = current_release()
    if not approves and current is not None:
        # The operator's standing question: which data is everyone working with now.
        text = _("The current release is %(file)s: %(households)s households, approved on %(date)s.") % {
            "file": current.file_name,
            "households": number_format(current.household_count, force_grouping=True),
            "date": date_format(current.approved_at or current.imported_at, "j F Y"),
        }
        tasks.append(Task("release-current", text, reverse("registry:releases")))
    return tasks


def _figures(scope: Scope) -> list[Task]:
    others = [p for p in pending_figures() if p.figure.entered_by_id != scope.user_id]
    if not others:
        return []
    text = ngettext(
        "%(count)s indicator figure entered by a colleague waits for your approval before it is published.",
        "%(count)s indicator figures entered by a colleague wait for your approval before they are published.",
        len(others),
    )
    return [Task("figures-to-approve", text % {"count": len(others)}, reverse("indicators:approve"), urgent=True)]


def _documents(scope: Scope) -> list[Task]:
    reports = visible_reports(scope)
    tasks: list[Task] = []
    drafts = reports.filter(status=DocumentStatus.DRAFT).count() if scope.can(Capability.REVIEW_REPORTS) else 0
    if drafts:
        text = ngettext("%(count)s report draft waits for review.", "%(count)s report drafts wait for review.", drafts)
        tasks.append(Task("documents-to-review", text % {"count": drafts}, reverse("reports:list")))
    return tasks


def _month(month: dt.date) -> str:
    return date_format(month, "F Y")
