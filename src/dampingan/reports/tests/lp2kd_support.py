"""Helpers of the LP2KD tests: generate the LP2KD of a year as the TKPK admin (the job runs at once)."""

from __future__ import annotations

from dampingan.reports import services
from dampingan.reports.kinds import ReportKind, ReportParameters
from dampingan.reports.models import Report


def generate_lp2kd(user, year: int) -> Report:
    job = services.request_report(user, ReportKind.LP2KD, ReportParameters(year))
    job.refresh_from_db()
    assert job.status == "done", job.error_message
    return Report.objects.get(pk=services.report_id_of(job))


def total_row(report: Report, key: str) -> tuple:
    """The XLSX row of table ``key``'s total (found by the label the document gives it)."""
    from .conftest import sheet_rows

    table = next(b for b in report.content["blocks"] if b.get("key") == key)
    label = table["total"]["cells"][0][1]
    return next(r for r in sheet_rows(report, key) if r[0] == label)
