"""Reads of the visits app, every one filtered through the user's scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from dampingan.access.roles import Capability
from dampingan.access.scope import Scope
from dampingan.mentoring.models import Assignment
from dampingan.regions.models import Region
from dampingan.regions.queries import visible_regions

from .models import MonthlyReport, MonthlyReportQuerySet, ReportStatus, TeamMember, Visit, VisitQuerySet
from .months import MonthState, add_months, first_of_month, month_states


def visible_kelurahan(scope: Scope, code: str) -> Region:
    """The kelurahan ``code`` if ``scope`` may open it; 404 otherwise, as for every scoped record."""
    region = visible_regions(scope).villages().select_related("parent").filter(code=code).first()
    if region is None:
        raise Http404("kelurahan outside the scope")
    return region


def visible_visits(scope: Scope) -> VisitQuerySet:
    return scope.filter_regions(Visit.objects.all(), "kelurahan__code")


def visible_reports(scope: Scope) -> MonthlyReportQuerySet:
    return scope.filter_regions(MonthlyReport.objects.all(), "kelurahan__code")


@dataclass(frozen=True)
class Permissions:
    """What the page may offer; the services check again on every write."""

    can_record: bool
    can_review: bool


def permissions(scope: Scope, kelurahan: Region | None = None) -> Permissions:
    covered = kelurahan is None or scope.covers(kelurahan.code)
    return Permissions(
        can_record=covered and scope.can(Capability.RECORD_MENTORING),
        can_review=covered and scope.can(Capability.REVIEW_MENTORING),
    )


def assignment_of(kelurahan: Region, on: dt.date | None = None) -> Assignment | None:
    return Assignment.objects.in_force(on).filter(kelurahan=kelurahan).select_related("opd", "decree").first()


def team_of(kelurahan: Region, on: dt.date | None = None) -> list[TeamMember]:
    return list(TeamMember.objects.of(kelurahan.code).active(on))


@dataclass(frozen=True)
class MonthRow:
    state: MonthState
    report: MonthlyReport | None

    @property
    def month(self) -> dt.date:
        return self.state.month

    @property
    def status(self) -> str:
        return self.state.status


def report_months(kelurahan: Region, *, today: dt.date | None = None, last: int | None = None) -> list[MonthRow]:
    """Each month since the in-force assignment began (newest first) with its report or its absence."""
    today = today or timezone.localdate()
    line = assignment_of(kelurahan, today)
    if line is None:
        return []
    reports = {r.month: r for r in MonthlyReport.objects.of(kelurahan.code)}
    states = month_states(line.decree.valid_from, today, {m: r.status for m, r in reports.items()}, last=last)
    return [MonthRow(state, reports.get(state.month)) for state in states]


@dataclass(frozen=True)
class QueueRow:
    kelurahan: Region
    assignment: Assignment
    months: list[MonthRow]  # newest first, one per column; status "" for months before the assignment began

    @property
    def missing(self) -> int:
        return sum(1 for m in self.months if m.state.is_missing)


def review_queue(
    scope: Scope, *, months: int = 6, today: dt.date | None = None
) -> tuple[list[dt.date], list[QueueRow]]:
    """Kelurahan in scope with an assignment in force by the last ``months`` months, and the reports waiting.

    Months before an assignment began carry no state (None) so the table shows them blank, not missing.
    """
    today = today or timezone.localdate()
    current = first_of_month(today)
    # Newest first: on a phone the latest months sit next to the kelurahan name, before the table scrolls.
    columns = [add_months(current, -n) for n in range(months)]
    lines = list(
        scope.filter_regions(Assignment.objects.in_force(today), "kelurahan__code")
        .select_related("opd", "decree", "kelurahan")
        .order_by("kelurahan__code")
    )
    reports = {
        (r.kelurahan_id, r.month): r
        for r in MonthlyReport.objects.filter(
            kelurahan_id__in=[line.kelurahan_id for line in lines], month__gte=columns[-1]
        ).select_related("submitted_by")
    }
    rows = []
    for line in lines:
        states = {
            s.month: s
            for s in month_states(
                line.decree.valid_from,
                today,
                {m: r.status for (code, m), r in reports.items() if code == line.kelurahan_id},
                last=months,
            )
        }
        cells = [
            MonthRow(states[m], reports.get((line.kelurahan_id, m)))
            if m in states
            else MonthRow(MonthState(m, ""), None)
            for m in columns
        ]
        rows.append(QueueRow(line.kelurahan, line, cells))
    return columns, rows


def awaiting_review(scope: Scope) -> list[MonthlyReport]:
    return list(
        visible_reports(scope)
        .filter(status=ReportStatus.SUBMITTED)
        .select_related("kelurahan", "opd", "submitted_by")
        .order_by("submitted_at")
    )
