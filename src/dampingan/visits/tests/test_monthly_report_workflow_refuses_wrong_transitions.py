"""Draft → submitted → reviewed, or returned with a note and submitted again; every wrong step refused."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from dampingan.regions.models import Region
from dampingan.visits import services
from dampingan.visits.models import MonthlyReport, ReportStatus
from dampingan.visits.months import add_months, first_of_month

from .conftest import BANYURIP, JENGGOT

LAST_MONTH = add_months(first_of_month(timezone.localdate()), -1)


@pytest.fixture
def jenggot(pekalongan):
    return Region.objects.get(code=JENGGOT)


def _draft(persona, jenggot, month=LAST_MONTH):
    return services.save_report_draft(persona("mentor_dlh"), jenggot, month, {"summary": "Pelatihan batik berjalan."})


def test_a_mentor_drafts_submits_and_the_tkpk_reviews(persona, jenggot):
    report = _draft(persona, jenggot, LAST_MONTH.replace(day=1) + dt.timedelta(days=9))
    assert (report.month, report.status, report.opd.abbreviation) == (LAST_MONTH, ReportStatus.DRAFT, "DLH")

    submitted = services.submit_report(persona("mentor_dlh"), report)
    assert submitted.status == ReportStatus.SUBMITTED
    assert submitted.submitted_by == persona("mentor_dlh")

    reviewed = services.review_report(persona("tkpk"), submitted, accept=True)
    assert reviewed.status == ReportStatus.REVIEWED
    assert reviewed.reviewed_by == persona("tkpk")
    assert reviewed.reviewed_at is not None


def test_submitting_twice_is_refused_with_a_clear_message(persona, jenggot):
    report = services.submit_report(persona("mentor_dlh"), _draft(persona, jenggot))

    with pytest.raises(services.TransitionError) as refused:
        services.submit_report(persona("mentor_dlh"), report)

    assert "sudah diajukan" in " ".join(refused.value.messages)
    assert MonthlyReport.objects.get(pk=report.pk).submitted_at == report.submitted_at


def test_reviewing_a_draft_is_refused(persona, jenggot):
    report = _draft(persona, jenggot)

    with pytest.raises(services.TransitionError) as refused:
        services.review_report(persona("tkpk"), report, accept=True)

    assert "Hanya laporan yang sudah diajukan" in " ".join(refused.value.messages)
    assert MonthlyReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT


def test_a_submitted_report_cannot_be_edited_until_returned(persona, jenggot):
    services.submit_report(persona("mentor_dlh"), _draft(persona, jenggot))

    with pytest.raises(services.TransitionError):
        services.save_report_draft(persona("mentor_dlh"), jenggot, LAST_MONTH, {"summary": "diubah"})

    assert MonthlyReport.objects.get(month=LAST_MONTH).summary == "Pelatihan batik berjalan."


def test_a_returned_report_needs_a_note_and_can_be_fixed_and_submitted_again(persona, jenggot):
    report = services.submit_report(persona("mentor_dlh"), _draft(persona, jenggot))

    with pytest.raises(ValidationError, match="Jelaskan"):
        services.review_report(persona("tkpk"), report, accept=False, note="  ")
    returned = services.review_report(persona("tkpk"), report, accept=False, note="Lengkapi jumlah peserta.")
    assert (returned.status, returned.review_note) == (ReportStatus.RETURNED, "Lengkapi jumlah peserta.")

    fixed = services.save_report_draft(persona("mentor_dlh"), jenggot, LAST_MONTH, {"summary": "30 peserta."})
    again = services.submit_report(persona("mentor_dlh"), fixed)
    assert (again.status, again.summary) == (ReportStatus.SUBMITTED, "30 peserta.")


def test_a_reviewed_report_is_final(persona, jenggot):
    report = services.review_report(
        persona("tkpk"), services.submit_report(persona("mentor_dlh"), _draft(persona, jenggot)), accept=True
    )

    with pytest.raises(services.TransitionError):
        services.submit_report(persona("mentor_dlh"), report)
    with pytest.raises(services.TransitionError):
        services.review_report(persona("tkpk"), report, accept=False, note="terlambat")


def test_only_the_tkpk_reviews(persona, jenggot):
    report = services.submit_report(persona("mentor_dlh"), _draft(persona, jenggot))

    with pytest.raises(PermissionDenied):
        services.review_report(persona("mentor_dlh"), report, accept=True)
    with pytest.raises(PermissionDenied):
        services.review_report(persona("camat_selatan"), report, accept=True)


def test_submitting_an_empty_summary_is_refused(persona, jenggot):
    report = services.save_report_draft(persona("mentor_dlh"), jenggot, LAST_MONTH, {"summary": ""})

    with pytest.raises(ValidationError, match="ringkasan"):
        services.submit_report(persona("mentor_dlh"), report)
    assert MonthlyReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT


def test_a_month_before_the_assignment_started_is_refused(persona, jenggot):
    # The demo decree 401/0426 took effect on 3 January 2022.
    with pytest.raises(ValidationError) as refused:
        services.save_report_draft(persona("mentor_dlh"), jenggot, dt.date(2021, 12, 1), {"summary": "x"})

    assert "dimulai pada Januari 2022" in " ".join(refused.value.messages)
    assert not MonthlyReport.objects.exists()


def test_the_start_month_itself_is_accepted_although_the_decree_began_on_the_3rd(persona, jenggot):
    report = services.save_report_draft(persona("mentor_dlh"), jenggot, dt.date(2022, 1, 31), {"summary": "x"})

    assert report.month == dt.date(2022, 1, 1)


def test_a_future_month_is_refused(persona, jenggot):
    with pytest.raises(ValidationError, match="belum dimulai"):
        services.save_report_draft(persona("mentor_dlh"), jenggot, add_months(LAST_MONTH, 2), {"summary": "x"})

    assert not MonthlyReport.objects.exists()


def test_a_mentor_cannot_report_for_another_kelurahan(persona):
    from django.http import Http404

    with pytest.raises(Http404):
        services.save_report_draft(
            persona("mentor_dlh"), Region.objects.get(code=BANYURIP), LAST_MONTH, {"summary": "x"}
        )


def test_the_database_keeps_months_on_the_first_day_and_reviews_with_a_reviewer(persona, jenggot):
    base = {"kelurahan": jenggot, "opd": persona("mentor_dlh").opd, "summary": "x", "created_by": persona("tkpk")}

    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyReport.objects.create(**base, month=dt.date(2025, 3, 15))
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyReport.objects.create(
            **base,
            month=dt.date(2025, 3, 1),
            status=ReportStatus.REVIEWED,
            submitted_by=persona("mentor_dlh"),
            submitted_at=timezone.now(),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyReport.objects.create(**base, month=dt.date(2025, 3, 1))
        MonthlyReport.objects.create(**base, month=dt.date(2025, 3, 1))
    assert not MonthlyReport.objects.exists()


def test_each_step_is_in_the_audit_log_under_its_actor(persona, jenggot):
    from auditlog.models import LogEntry

    report = services.review_report(
        persona("tkpk"), services.submit_report(persona("mentor_dlh"), _draft(persona, jenggot)), accept=True
    )

    entries = LogEntry.objects.get_for_object(report).order_by("timestamp", "pk")
    assert [e.actor.username for e in entries] == ["mentor.dlh", "mentor.dlh", "tkpk"]
