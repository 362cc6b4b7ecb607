"""Generating a kelurahan profile report in the tests (the job runs at once with ``immediate_tasks``)."""

from __future__ import annotations

from dampingan.reports import services
from dampingan.reports.kinds import ReportKind, ReportParameters
from dampingan.reports.models import Report

BANYURIP = "33.75.04.1002"  # lurah_banyurip's kelurahan, mentored by BPBD


def generate_profile(user, code: str, year: int) -> Report:
    """Request the kelurahan profile report and return it after the (immediate) job has run."""
    job = services.request_report(user, ReportKind.KELURAHAN_PROFILE, ReportParameters(year, kelurahan_code=code))
    job.refresh_from_db()
    assert job.status == "done", job.error_message
    return Report.objects.get(pk=services.report_id_of(job))
