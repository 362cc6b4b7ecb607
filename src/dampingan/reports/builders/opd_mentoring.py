"""The OPD mentoring report: what one OPD did in its kelurahan in one year.

Chapters: the kelurahan it mentored (decree lines in force during the year), its team, visits by month,
monthly reports submitted or missing by month, problems and potentials mapped, interventions it leads
(budget by funding source, output targets against what was achieved), action items it owns, and the
registry situation of its kelurahan. Each figure comes from the query function of the page that shows
it (visits and monthly reports: ``visits.queries`` and ``visits.months``; problems and potentials:
``baseline.queries``; interventions: ``interventions.queries``; action items:
``coordination.action_queries``; registry: ``registry.kelurahan_indicators``), read as ``Scope.city_viewer()``.
A chapter without records says so in place.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dampingan.access.scope import Scope
from dampingan.baseline import queries as baseline_queries
from dampingan.baseline.models import ProblemStatus, Severity
from dampingan.coordination import action_queries
from dampingan.coordination.models import ActionStatus
from dampingan.interventions import queries as intervention_queries
from dampingan.mentoring.models import Assignment, Opd, ProblemCategory
from dampingan.registry import queries as registry_queries
from dampingan.registry.kelurahan_indicators import kelurahan_indicators
from dampingan.visits import queries as visit_queries
from dampingan.visits.models import ReportStatus as MonthlyStatus
from dampingan.visits.models import TeamMember
from dampingan.visits.months import CURRENT, MISSING, first_of_month, month_states

from .. import document as d
from ..kinds import ReportKind, ReportParameters
from .intervention_tables import intervention_tables
from .reading import month_label, months_of

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from dampingan.interventions.models import Intervention
    from dampingan.registry.models import RegistryRelease


@dataclass(frozen=True)
class Line:
    """A decree line of the OPD, cut to the part that falls within the report's year."""

    assignment: Assignment
    start: dt.date
    end: dt.date

    @property
    def code(self) -> str:
        return self.assignment.kelurahan_id


def lines_in_year(opd: Opd, year: int) -> list[Line]:
    """The OPD's lines of signed decrees in force on at least one day of ``year``, by kelurahan and start."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    found = (
        Assignment.objects.overlapping(first, last)
        .filter(opd=opd)
        .select_related("kelurahan__parent", "decree")
        .order_by("kelurahan_id", "valid_from")
    )
    return [Line(a, max(a.valid_from, first), min(a.valid_until or last, last)) for a in found]


def build(parameters: ReportParameters, *, today: dt.date | None = None) -> d.Document:
    today = today or timezone.localdate()
    assert parameters.opd_id is not None  # an OPD report always names its OPD (``read_parameters``)
    opd = Opd.objects.get(pk=parameters.opd_id)
    year = parameters.year
    scope = Scope.city_viewer()
    lines = lines_in_year(opd, year)
    kelurahan = {line.code: line.assignment.kelurahan for line in lines}
    release = registry_queries.current_release()

    blocks: list[d.Block] = [d.Heading(_("1. Introduction"), 1)]
    blocks.append(
        d.Paragraph(
            _(
                "This report sets out the mentoring of %(opd)s in its kelurahan in %(year)s under the "
                "programme One OPD, One Mentored Kelurahan: the assignment, the team, the visits and monthly "
                "reports, the problems and potentials mapped, the interventions it leads and the follow-up of "
                "coordination decisions. Every figure is read from Dampingan's records on %(day)s."
            )
            % {"opd": opd.name, "year": year, "day": formats.date_format(today, "j F Y")}
        )
    )
    if year > today.year:
        blocks.append(d.Note(_("%(year)s has not begun: the report has no figures yet.") % {"year": year}))
    elif not lines:
        blocks.append(
            d.Note(
                _("%(opd)s had no signed assignment in force during %(year)s: no kelurahan to report on.")
                % {"opd": opd.abbreviation, "year": year}
            )
        )
    blocks += _assignments(lines, year)
    blocks += _team(opd, lines, year)
    blocks += _visits(scope, opd, lines, year)
    blocks += _monthly_reports(scope, opd, lines, year, today)
    blocks += _baseline(scope, lines, year)
    blocks += _interventions(scope, opd, year)
    blocks += _action_items(scope, opd, year, today)
    blocks += _registry(release, kelurahan, today)

    parameters_shown = [
        (_("OPD"), f"{opd.name} ({opd.abbreviation})"),
        (_("Year"), str(year)),
        (_("Mentored kelurahan"), ", ".join(k.name for k in kelurahan.values()) or "—"),
        (_("Figures read on"), formats.date_format(today, "j F Y")),
    ]
    if opd.head_name:
        parameters_shown.insert(1, (_("Head of the OPD"), f"{opd.head_name} {opd.head_position}".strip()))
    return d.Document(
        kind=ReportKind.OPD_MENTORING,
        title=_("Mentoring report of %(opd)s") % {"opd": opd.abbreviation},
        subtitle=_("%(name)s — year %(year)s") % {"name": opd.name, "year": year},
        parameters=parameters_shown,
        blocks=blocks,
        built_at=timezone.now(),
    )


def title_for(parameters: ReportParameters) -> str:
    assert parameters.opd_id is not None  # an OPD report always names its OPD (``read_parameters``)
    opd = Opd.objects.get(pk=parameters.opd_id)
    return _("Mentoring report of %(opd)s, %(year)s") % {"opd": opd.abbreviation, "year": parameters.year}


# --- chapters -----------------------------------------------------------------------------------------


def _assignments(lines: list[Line], year: int) -> list[d.Block]:
    rows = [
        d.Row(
            [
                d.text(line.assignment.kelurahan.name),
                d.text(line.assignment.kelurahan.parent.name if line.assignment.kelurahan.parent else ""),
                d.text(line.assignment.decree.number),
                d.date(line.assignment.decree.date),
                d.date(line.start),
                d.date(line.end),
            ],
            key=f"{line.code}/{line.assignment.decree.number}",
        )
        for line in lines
    ]
    return [
        d.Heading(_("2. Mentored kelurahan and team"), 1),
        d.Table(
            key="assignments",
            caption=_("Kelurahan mentored in %(year)s (signed decree lines)") % {"year": year},
            header=[[_("Kelurahan"), _("Kecamatan"), _("Decree"), _("Decree date"), _("From"), _("Until")]],
            rows=rows,
            empty_note=_("No signed decree assigned a kelurahan to this OPD in %(year)s.") % {"year": year},
            source=_("Periods cut to the year; the decree's own period may be longer."),
        ),
    ]


def _team(opd: Opd, lines: list[Line], year: int) -> list[d.Block]:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = []
    for code in dict.fromkeys(line.code for line in lines):
        members = (
            TeamMember.objects.of(code)
            .filter(opd=opd, since__lte=last)
            .filter(Q(until__isnull=True) | Q(until__gte=first))
        )
        rows += [
            d.Row(
                [
                    d.text(m.user.get_full_name() or m.user.username),
                    d.text(m.kelurahan.name),
                    d.text(m.get_role_display()),
                    d.date(m.since),
                    d.date(m.until),
                ],
                key=f"{code}/{m.pk}",
            )
            for m in members.select_related("kelurahan")
        ]
    return [
        d.Table(
            key="team",
            caption=_("Mentoring team in %(year)s") % {"year": year},
            header=[[_("Name"), _("Kelurahan"), _("Role in the team"), _("Member since"), _("Member until")]],
            rows=rows,
            empty_note=_("No team member was recorded for %(year)s.") % {"year": year},
        )
    ]


def _visits(scope: Scope, opd: Opd, lines: list[Line], year: int) -> list[d.Block]:
    codes = list(dict.fromkeys(line.code for line in lines))
    names = {line.code: line.assignment.kelurahan.name for line in lines}
    counts: dict[tuple[str, int], int] = defaultdict(int)
    visits = visit_queries.visible_visits(scope).filter(opd=opd, date__year=year)
    for row in visits.annotate(m=ExtractMonth("date")).values("kelurahan_id", "m").annotate(n=Count("pk")).order_by():
        counts[(row["kelurahan_id"], row["m"])] += row["n"]
        if row["kelurahan_id"] not in codes:  # a visit in a kelurahan outside the year's lines still counts
            codes.append(row["kelurahan_id"])
            names[row["kelurahan_id"]] = row["kelurahan_id"]
    rows = []
    for month in months_of(year):
        values = [counts[(code, month.month)] for code in codes]
        rows.append(d.Row([d.text(month_label(month)), *map(d.integer, values), d.integer(sum(values))]))
    totals = [sum(counts[(code, m.month)] for m in months_of(year)) for code in codes]
    has_visits = sum(totals) > 0
    return [
        d.Heading(_("3. Visits and monthly reports"), 1),
        d.Table(
            key="visits_by_month",
            caption=_("Mentoring visits by month, %(year)s") % {"year": year},
            header=[[_("Month"), *[names[c] for c in codes], _("Total")]],
            rows=rows if has_visits else [],
            total=d.Row([d.text(_("Total")), *map(d.integer, totals), d.integer(sum(totals))]) if has_visits else None,
            empty_note=_("No visits were recorded in %(year)s.") % {"year": year},
        ),
    ]


# The labels of the monthly reports pages (visits/_status.html).
MONTH_STATUS_LABELS = {
    MonthlyStatus.DRAFT: gettext_lazy("Draft, not submitted"),
    MonthlyStatus.SUBMITTED: gettext_lazy("Submitted, awaiting review"),
    MonthlyStatus.REVIEWED: gettext_lazy("Reviewed"),
    MonthlyStatus.RETURNED: gettext_lazy("Returned"),
    MISSING: gettext_lazy("No report"),
    CURRENT: gettext_lazy("Current month"),
}


def _monthly_reports(scope: Scope, opd: Opd | None, lines: list[Line], year: int, today: dt.date) -> list[d.Block]:
    """Months owed in the year, each with its report's status, by the page's own rule (``month_states``):
    a month that has ended without a report is missing, the running month is not due yet."""
    states: dict[tuple[str, dt.date], str] = {}
    reports = {}
    for line in lines:
        if line.start > today:
            continue
        found = visit_queries.visible_reports(scope).of(line.code)
        statuses = {r.month: r.status for r in found}
        reports.update({(line.code, r.month): r for r in found})
        # month_states counts up to "today"; a year that is over ends with its last month, not with today's.
        horizon = min(today, line.end + dt.timedelta(days=1))
        for state in month_states(line.start, horizon, statuses):
            if first_of_month(line.start) <= state.month <= line.end:
                states[(line.code, state.month)] = state.status
    names = {line.code: line.assignment.kelurahan.name for line in lines}
    rows = []
    for (code, month), status in sorted(states.items()):
        report = reports.get((code, month))
        submitted = report.submitted_at if report is not None and report.submitted_at else None
        rows.append(
            d.Row(
                [
                    d.text(month_label(month)),
                    d.text(names[code]),
                    d.text(str(MONTH_STATUS_LABELS.get(status, status))),
                    d.date(timezone.localtime(submitted).date() if submitted else None),
                ],
                key=f"{code}/{month:%Y-%m}",
            )
        )
    summary = []
    for code in dict.fromkeys(code for code, _month in states):
        mine = [s for (c, _m), s in states.items() if c == code]
        owed = [s for s in mine if s != CURRENT]
        summary.append(
            d.Row(
                [
                    d.text(names[code]),
                    d.integer(len(owed)),
                    d.integer(sum(s in (MonthlyStatus.SUBMITTED, MonthlyStatus.REVIEWED) for s in owed)),
                    d.integer(sum(s == MonthlyStatus.REVIEWED for s in owed)),
                    d.integer(sum(s in (MonthlyStatus.DRAFT, MonthlyStatus.RETURNED) for s in owed)),
                    d.integer(sum(s == MISSING for s in owed)),
                ]
            )
        )
    end = min(today, dt.date(year, 12, 31))
    note = _("No monthly report was owed in %(year)s.") % {"year": year}
    return [
        d.Table(
            key="monthly_reports_summary",
            caption=_("Monthly reports owed and sent, %(year)s (up to %(month)s)")
            % {"year": year, "month": month_label(end)},
            header=[
                [
                    _("Kelurahan"),
                    _("Months owed"),
                    _("Submitted"),
                    _("of which reviewed"),
                    _("Draft or returned"),
                    _("No report"),
                ]
            ],
            rows=summary,
            empty_note=note,
            source=_("A month is owed once it has ended; the running month is due after it ends."),
        ),
        d.Table(
            key="monthly_reports_by_month",
            caption=_("Monthly reports by month, %(year)s") % {"year": year},
            header=[[_("Month"), _("Kelurahan"), _("Status"), _("Submitted on")]],
            rows=rows,
            empty_note=note,
        ),
    ]


def _baseline(scope: Scope, lines: list[Line], year: int) -> list[d.Block]:
    last = dt.date(year, 12, 31)
    problem_rows: list[d.Row] = []
    potential_rows: list[d.Row] = []
    categories, statuses, severities = (
        dict(ProblemCategory.choices),
        dict(ProblemStatus.choices),
        dict(Severity.choices),
    )
    enterprises = workers = 0
    for code in dict.fromkeys(line.code for line in lines):
        problems = baseline_queries.problems_of(scope, code).filter(recorded_on__lte=last)
        problem_rows += [
            d.Row(
                [
                    d.text(p.kelurahan.name),
                    d.text(categories.get(p.category, p.category)),
                    d.text(p.title),
                    d.text(severities.get(p.severity, p.severity)),
                    d.integer(p.priority),
                    d.text(statuses.get(p.status, p.status)),
                    d.date(p.recorded_on),
                ],
                key=f"problem-{p.pk}",
            )
            for p in problems
        ]
        for p in baseline_queries.potentials_of(scope, code).filter(recorded_on__lte=last):
            enterprises += p.enterprises
            workers += p.workers
            potential_rows.append(
                d.Row(
                    [
                        d.text(p.kelurahan.name),
                        d.text(p.get_sector_display()),
                        d.text(p.name),
                        d.integer(p.enterprises),
                        d.integer(p.workers),
                        d.date(p.recorded_on),
                    ],
                    key=f"potential-{p.pk}",
                )
            )
    return [
        d.Heading(_("4. Problems and potentials mapped"), 1),
        d.Table(
            key="problems",
            caption=_("Problems mapped up to the end of %(year)s") % {"year": year},
            header=[
                [
                    _("Kelurahan"),
                    _("Category"),
                    _("Problem"),
                    _("Severity"),
                    _("Priority"),
                    _("Status"),
                    _("Recorded on"),
                ]
            ],
            rows=problem_rows,
            empty_note=_("No problem was mapped up to the end of %(year)s.") % {"year": year},
            source=_("Status as recorded on the day the figures were read."),
        ),
        d.Table(
            key="potentials",
            caption=_("Potentials mapped up to the end of %(year)s") % {"year": year},
            header=[[_("Kelurahan"), _("Sector"), _("Potential"), _("Enterprises"), _("Workers"), _("Recorded on")]],
            rows=potential_rows,
            total=(
                d.Row(
                    [
                        d.text(_("Total")),
                        d.text(""),
                        d.text(""),
                        d.integer(enterprises),
                        d.integer(workers),
                        d.date(None),
                    ]
                )
                if potential_rows
                else None
            ),
            empty_note=_("No potential was mapped up to the end of %(year)s.") % {"year": year},
        ),
    ]


def opd_interventions_in_year(scope: Scope, opd: Opd, year: int) -> QuerySet[Intervention]:
    """The interventions page's list filtered by lead OPD (with its planned and realised totals), kept to
    those running on at least one day of ``year``."""
    filters = intervention_queries.InterventionFilters(opd=str(opd.pk))
    return intervention_queries.interventions(scope, filters).filter(
        Q(start_date__lte=dt.date(year, 12, 31)) & (Q(end_date__isnull=True) | Q(end_date__gte=dt.date(year, 1, 1)))
    )


def _interventions(scope: Scope, opd: Opd, year: int) -> list[d.Block]:
    return intervention_tables(
        opd_interventions_in_year(scope, opd, year),
        year=year,
        heading=_("5. Interventions led by the OPD"),
        second_column=(
            _("Kelurahan"),
            lambda i: _("City-wide") if i.city_wide else ", ".join(k.name for k in i.kelurahan.all()),
        ),
        none=_("%(opd)s led no intervention running in %(year)s.") % {"opd": opd.abbreviation, "year": year},
        source=_("Budget totals over every budget line of the intervention, as on the interventions page."),
    )


def _action_items(scope: Scope, opd: Opd, year: int, today: dt.date) -> list[d.Block]:
    found = action_queries.action_items(scope, action_queries.ActionFilters(opd=str(opd.pk)), today).filter(
        due_date__year=year
    )
    items = list(found)
    overdue = {item.pk for item in found.overdue(today)}
    statuses = dict(ActionStatus.choices)
    counts = {
        "done": sum(i.status == ActionStatus.DONE for i in items),
        "open": sum(i.status not in (ActionStatus.DONE, ActionStatus.CANCELLED) and i.pk not in overdue for i in items),
        "overdue": len(overdue),
        "cancelled": sum(i.status == ActionStatus.CANCELLED for i in items),
    }
    summary = [
        d.Row([d.text(_("Done")), d.integer(counts["done"])], key="done"),
        d.Row([d.text(_("Open, not yet due")), d.integer(counts["open"])], key="open"),
        d.Row([d.text(_("Overdue")), d.integer(counts["overdue"])], key="overdue"),
        d.Row([d.text(_("Cancelled")), d.integer(counts["cancelled"])], key="cancelled"),
    ]
    rows = [
        d.Row(
            [
                d.text(item.title),
                d.text(item.decision.meeting.title),
                d.date(item.due_date),
                d.text(statuses.get(item.status, item.status)),
                d.integer(action_queries.days_overdue(item, today)),
                d.date(item.completed_on),
            ],
            key=f"action-{item.pk}",
        )
        for item in items
    ]
    none = _("No action item owned by %(opd)s was due in %(year)s.") % {"opd": opd.abbreviation, "year": year}
    return [
        d.Heading(_("6. Follow-up of coordination decisions"), 1),
        d.Table(
            key="action_items_summary",
            caption=_("Action items owned by the OPD and due in %(year)s") % {"year": year},
            header=[[_("Status"), _("Action items")]],
            rows=summary if items else [],
            total=d.Row([d.text(_("Total")), d.integer(len(items))]) if items else None,
            empty_note=none,
            source=_("Overdue: still open after the due date, on the day the figures were read."),
        ),
        d.Table(
            key="action_items",
            caption=_("Action items of the OPD due in %(year)s") % {"year": year},
            header=[[_("What"), _("Meeting"), _("Due date"), _("Status"), _("Days overdue"), _("Completed on")]],
            rows=rows,
            empty_note=none,
        ),
    ]


def _registry(release: RegistryRelease | None, kelurahan: dict, today: dt.date) -> list[d.Block]:
    blocks: list[d.Block] = [d.Heading(_("7. Registry situation of the mentored kelurahan"), 1)]
    if release is None:
        blocks.append(d.Note(_("No registry release is current: the registry situation cannot be shown.")))
        return blocks
    rows = []
    households = low = 0
    for code, region in kelurahan.items():
        figures = {i.key: i for i in kelurahan_indicators(release, code)}
        total, desil = figures["households"].value, figures["desil_1_4"].value
        households += total
        low += desil
        rows.append(
            d.Row(
                [d.text(region.name), d.integer(total), d.integer(desil), d.share(desil, total, 1)],
                key=code,
            )
        )
    data_date = getattr(release, "data_date", None)
    source = _("Registry release: %(release)s") % {"release": release}
    if data_date:
        source += " · " + _("data as of %(day)s") % {"day": formats.date_format(data_date, "j F Y")}
    blocks.append(
        d.Table(
            key="registry",
            caption=_("Households in the registry and in desil 1-4"),
            header=[[_("Kelurahan"), _("Households"), _("Households in desil 1-4"), _("Share in desil 1-4")]],
            rows=rows,
            total=d.Row([d.text(_("Total")), d.integer(households), d.integer(low), d.share(low, households, 1)])
            if rows
            else None,
            empty_note=_("No kelurahan to show."),
            source=source,
        )
    )
    return blocks
