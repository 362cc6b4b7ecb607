"""Approval freezes what the report shows: later records do not move an approved report's figures, and the
difference view lists the cell that today's records would change."""

from __future__ import annotations

import datetime as dt

import pytest

from dampingan.jobs import services as jobs
from dampingan.regions.models import Region
from dampingan.reports import services
from dampingan.reports.models import ReportFile
from dampingan.visits import services as visit_services

from .conftest import JENGGOT, YEAR, docx_table, generate, newest


@pytest.fixture
def approved(dlh_2025, persona, immediate_tasks):
    report = generate(persona("mentor_dlh"), dlh_2025.opd)
    report = services.review_report(persona("tkpk"), report)
    report, _job = services.approve_report(persona("mentor_dlh"), report)
    report.refresh_from_db()
    return report


def test_approval_records_who_and_when_and_renders_the_approved_files(approved, persona):
    assert approved.status == "approved"
    assert approved.reviewed_by == persona("tkpk") and approved.approved_by == persona("mentor_dlh")
    assert approved.frozen_content == approved.content
    # The approved files are rendered from the frozen figures and say who approved them
    docx = newest(approved, "docx")
    assert docx.report_status == "approved"
    assert ReportFile.objects.filter(report=approved, report_status="draft").count() == 3


def test_a_visit_added_after_approval_does_not_move_the_approved_figures(approved, persona, client_as):
    # Given the approved report counts three visits in 2025
    assert docx_table(approved, "visits_by_month")[-1][-1] == "3"

    # When a fourth visit of July 2025 is recorded afterwards
    visit_services.record_visit(
        persona("mentor_dlh"), Region.objects.get(code=JENGGOT), {"date": dt.date(YEAR, 7, 25), "activity": "Susulan"}
    )
    # and the approved files are made again (as after approval)
    job = jobs.queue(services.KIND, services.subject(approved.pk), persona("tkpk"), {"from_frozen": True})
    services.run_job(job.pk)

    # Then the approved report still shows three
    approved.refresh_from_db()
    assert docx_table(approved, "visits_by_month")[-1][-1] == "3"
    # And the difference to today lists the July cell and the totals, three to four
    changes = services.difference_to_today(approved)
    changed = {(c.table_key, c.column, c.before, c.after) for c in changes}
    assert ("visits_by_month", "Jenggot", "1", "2") in changed
    assert ("visits_by_month", "Jumlah", "3", "4") in changed
    assert all(c.table_key == "visits_by_month" for c in changes)
    # And the page shows the same list
    page = client_as("mentor_dlh").get(f"/laporan/{approved.pk}/selisih/")
    assert page.status_code == 200
    assert page.content.decode().count('data-table="visits_by_month"') == len(changes)


def test_an_approved_report_is_not_regenerated_from_todays_records(approved, persona):
    from dampingan.reports.kinds import ReportKind, ReportParameters

    with pytest.raises(services.ReportConflict, match="disetujui"):
        services.request_report(persona("tkpk"), ReportKind.OPD_MENTORING, ReportParameters(YEAR, approved.opd_id))


def test_regenerating_a_reviewed_draft_sends_it_back_to_draft(dlh_2025, persona, immediate_tasks):
    report = generate(persona("mentor_dlh"), dlh_2025.opd)
    services.review_report(persona("tkpk"), report)

    report = generate(persona("mentor_dlh"), dlh_2025.opd)

    assert report.status == "draft" and report.reviewed_by is None


def test_approval_needs_a_review_first(dlh_2025, persona, immediate_tasks):
    report = generate(persona("mentor_dlh"), dlh_2025.opd)

    with pytest.raises(services.ReportConflict):
        services.approve_report(persona("mentor_dlh"), report)
