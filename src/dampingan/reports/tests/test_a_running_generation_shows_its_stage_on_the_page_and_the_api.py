"""While a report is generated, the page and the API show its stage and how many of the five stages are done,
read from the job's live progress (jobs/progress.py); once it has ended, the stage it ended in."""

from __future__ import annotations

import pytest

from dampingan.jobs import progress
from dampingan.jobs import services as jobs
from dampingan.mentoring.models import Opd
from dampingan.reports import services
from dampingan.reports.kinds import ReportKind, ReportParameters


@pytest.fixture
def dlh(pekalongan) -> Opd:
    return Opd.objects.get(abbreviation="DLH")


def test_the_stage_of_a_running_generation_and_of_one_that_failed(client_as, api_as, persona, dlh, queued_tasks):
    job = services.request_report(persona("mentor_dlh"), ReportKind.OPD_MENTORING, ReportParameters(2024, dlh.pk))
    report_id = services.report_id_of(job)
    jobs.start(job.pk)
    progress.record(job.pk, "pdf", stages=services.STAGES)

    page = client_as("mentor_dlh").get(f"/laporan/{report_id}/", HTTP_HX_REQUEST="true").content.decode()
    polled = api_as("mentor_dlh").get(f"/api/reports/jobs/{job.pk}").json()

    assert "— pdf" in page and 'value="3" max="5"' in page and 'data-job-status="running"' in page
    assert (polled["status"], polled["stage"], polled["progress_done"], polled["progress_total"]) == (
        "running",
        "pdf",
        3,
        5,
    )

    jobs.fail(job.pk, "stopped")
    polled = api_as("mentor_dlh").get(f"/api/reports/jobs/{job.pk}").json()
    assert (polled["status"], polled["stage"], polled["progress_done"], polled["error_message"]) == (
        "failed",
        "pdf",
        3,
        "stopped",
    )
