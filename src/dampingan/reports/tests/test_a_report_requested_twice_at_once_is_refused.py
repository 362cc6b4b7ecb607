"""A report requested while its job is still queued or running is refused with a clear message; the
database itself allows one running job per report."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from dampingan.jobs.models import Job
from dampingan.mentoring.models import Opd
from dampingan.reports import services
from dampingan.reports.kinds import ReportKind, ReportParameters


@pytest.fixture
def dlh(pekalongan) -> Opd:
    return Opd.objects.get(abbreviation="DLH")


def test_a_second_request_while_the_first_is_queued_is_refused(persona, dlh, queued_tasks):
    first = services.request_report(persona("mentor_dlh"), ReportKind.OPD_MENTORING, ReportParameters(2024, dlh.pk))
    assert first.status == "queued"

    with pytest.raises(services.ReportConflict, match="Pendamping DLH"):
        services.request_report(persona("tkpk"), ReportKind.OPD_MENTORING, ReportParameters(2024, dlh.pk))

    assert Job.objects.count() == 1


def test_another_year_is_another_report_and_may_run_beside_it(persona, dlh, queued_tasks):
    services.request_report(persona("mentor_dlh"), ReportKind.OPD_MENTORING, ReportParameters(2024, dlh.pk))

    services.request_report(persona("mentor_dlh"), ReportKind.OPD_MENTORING, ReportParameters(2023, dlh.pk))

    assert Job.objects.filter(status="queued").count() == 2


def test_the_database_refuses_a_second_running_job_for_one_report(persona, dlh, queued_tasks):
    job = services.request_report(persona("mentor_dlh"), ReportKind.OPD_MENTORING, ReportParameters(2024, dlh.pk))

    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.create(kind=services.KIND, subject=job.subject, requested_by=persona("tkpk"), status="running")


def test_a_job_lost_for_hours_no_longer_blocks_the_report(persona, dlh, queued_tasks):
    import datetime as dt

    from django.utils import timezone

    job = services.request_report(persona("mentor_dlh"), ReportKind.OPD_MENTORING, ReportParameters(2024, dlh.pk))
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(hours=2))

    services.request_report(persona("mentor_dlh"), ReportKind.OPD_MENTORING, ReportParameters(2024, dlh.pk))

    job.refresh_from_db()
    assert job.status == "failed" and job.error_message


def test_the_page_says_so_and_shows_the_report_being_made(client_as, dlh, queued_tasks):
    client = client_as("mentor_dlh")
    form = {"kind": "opd_mentoring", "year": "2024", "opd": str(dlh.pk)}
    first = client.post("/laporan/minta/", form)
    assert first.status_code == 302

    second = client.post("/laporan/minta/", form, follow=True)

    assert second.redirect_chain[-1][0] == first["Location"]
    body = second.content.decode()
    assert '<li class="error">' in body and "Pendamping DLH" in body  # who asked first, and when
    assert 'hx-trigger="every 1s"' in body  # the page polls the running job
