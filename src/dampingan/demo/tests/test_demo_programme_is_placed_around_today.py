"""The demo shows the programme at work as of the day it is loaded: the six pairs' baselines, visits and
monthly reports, and action items due around that day, never "1,558 days overdue". A given day is reproduced with
``today`` (`dampingan load_demo --today 2025-06-26`)."""

import datetime as dt

import pytest

from dampingan.baseline.models import Potential, Problem, ProblemUpdate
from dampingan.coordination.models import ActionItem, ActionStatus, Meeting, MeetingStatus
from dampingan.demo.meetings import SELATAN_KELURAHAN
from dampingan.demo.services import load_demo
from dampingan.interventions.models import Intervention
from dampingan.jobs.models import Job
from dampingan.reports import services as report_services
from dampingan.reports.models import Report, ReportKind
from dampingan.reports.models import ReportStatus as DocumentStatus
from dampingan.visits.models import MonthlyReport, ReportStatus, TeamMember, Visit
from dampingan.visits.months import add_months, first_of_month, months_between

pytestmark = pytest.mark.django_db
DAY = dt.date(2025, 6, 26)  # the Rakor TKPK of the seeds


def _load(today: dt.date):
    return load_demo(region_roots=["33.75"], registry_persons=3000, programme=True, today=today)


def test_each_pair_has_its_team_baseline_visits_and_reports_up_to_the_day():
    _load(DAY)

    for code in SELATAN_KELURAHAN:
        assert TeamMember.objects.filter(kelurahan_id=code).exists(), code
        assert Problem.objects.filter(kelurahan_id=code).count() >= 2, code
        assert Potential.objects.filter(kelurahan_id=code).exists(), code
        assert ProblemUpdate.objects.filter(problem__kelurahan_id=code).exists(), code
        visits = Visit.objects.filter(kelurahan_id=code)
        assert visits.count() >= 6 and max(v.date for v in visits) <= DAY, code
        owed = months_between(dt.date(2022, 1, 1), first_of_month(DAY))
        reports = {r.month: r.status for r in MonthlyReport.objects.filter(kelurahan_id=code)}
        assert max(reports) == first_of_month(DAY) and reports[first_of_month(DAY)] == ReportStatus.DRAFT, code
        assert reports[add_months(first_of_month(DAY), -1)] == ReportStatus.SUBMITTED, code
        assert 0.03 <= 1 - len(reports) / len(owed) <= 0.2, code  # a realistic share of missing months
    assert MonthlyReport.objects.filter(status=ReportStatus.RETURNED).count() == len(SELATAN_KELURAHAN)
    # Problems cite the registry where an indicator measures them.
    assert Problem.objects.exclude(evidence_release=None).count() >= 5


def test_action_items_are_due_around_the_day_and_the_next_meeting_is_planned():
    _load(DAY)

    open_items = ActionItem.objects.filter(status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS])
    overdue_days = sorted((DAY - item.due_date).days for item in open_items if item.due_date < DAY)
    due_in_days = sorted((item.due_date - DAY).days for item in open_items if item.due_date >= DAY)

    assert overdue_days and max(overdue_days) <= 60  # overdue by days or weeks, not years
    assert any(days <= 7 for days in due_in_days)  # something due this week
    assert ActionItem.objects.filter(status=ActionStatus.DONE).count() >= 2
    planned = Meeting.objects.get(status=MeetingStatus.PLANNED)
    assert planned.starts_at.date() > DAY


def _counts() -> tuple[int, ...]:
    return (
        Problem.objects.count(),
        Visit.objects.count(),
        MonthlyReport.objects.count(),
        Meeting.objects.count(),
        ActionItem.objects.count(),
        Intervention.objects.count(),
        Report.objects.count(),
    )


def test_loading_again_on_a_later_day_adds_nothing():
    """`make run` loads the demo every time it starts: another day must not add another meeting or report."""
    _load(DAY)
    counts = _counts()

    summary = _load(DAY + dt.timedelta(days=40))

    assert summary.created == []
    assert _counts() == counts


def test_last_years_mentoring_reports_are_signed_off_and_the_lp2kd_waits_for_review():
    _load(DAY)

    opd_reports = Report.objects.filter(kind=ReportKind.OPD_MENTORING, year=DAY.year - 1)
    lp2kd = Report.objects.get(kind=ReportKind.LP2KD, year=DAY.year - 1)

    assert opd_reports.count() == 6
    assert all(r.status == DocumentStatus.APPROVED and r.frozen_content for r in opd_reports)
    assert {r.approved_by.opd_id for r in opd_reports} == {r.opd_id for r in opd_reports}  # each by its own OPD
    assert (
        lp2kd.status == DocumentStatus.DRAFT and Job.objects.filter(subject=report_services.subject(lp2kd.pk)).exists()
    )  # the worker generates it
