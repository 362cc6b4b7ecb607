"""The kelurahan profile report: the document version of ``/kelurahan/<code>/`` for one year.

Chapters: identity (kelurahan, kecamatan, lurah and office, the mentoring OPD and the decree lines in force
in the year); the registry situation (the profile page's indicators with the previous release's value and
the change, households by desil); the multidimensional poverty index of the kelurahan; problems and
potentials; the mentoring team, visits and monthly reports; interventions with budgets and outputs; and
the coordination meetings held for the kelurahan or its kecamatan with the action items linked to it.

Every figure comes from the function behind the page that shows it: ``profiles.queries.registry_situation``
(the profile page's own context), ``registry.measures.mpi_for``, ``baseline.queries``, ``visits.queries``
and ``visits.months`` (through the OPD report's monthly-report chapter), ``interventions.queries``,
``coordination.meeting_queries`` and ``coordination.action_queries``, read as ``Scope.city_viewer()``.
A chapter without records says so in place.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from dampingan.access.scope import Scope
from dampingan.baseline import queries as baseline_queries
from dampingan.baseline.models import ProblemStatus, Severity
from dampingan.coordination import action_queries, meeting_queries
from dampingan.coordination.models import ActionStatus, MeetingStatus
from dampingan.interventions import queries as intervention_queries
from dampingan.lib.money import format_number
from dampingan.mentoring.models import Assignment, ProblemCategory
from dampingan.profiles.queries import registry_situation
from dampingan.regions.models import Region, RegionOffice
from dampingan.registry import measures
from dampingan.registry.queries import current_release
from dampingan.visits import queries as visit_queries
from dampingan.visits.models import TeamMember

from .. import document as d
from ..kinds import ReportKind, ReportParameters
from .intervention_tables import intervention_tables
from .opd_mentoring import Line, _monthly_reports
from .reading import month_label, months_of

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from dampingan.interventions.models import Intervention


def lines_in_year(kelurahan: Region, year: int) -> list[Line]:
    """The kelurahan's lines of signed decrees in force on at least one day of ``year``, oldest first."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    found = (
        Assignment.objects.overlapping(first, last)
        .filter(kelurahan=kelurahan)
        .select_related("kelurahan__parent", "decree", "opd")
        .order_by("valid_from")
    )
    return [Line(a, max(a.valid_from, first), min(a.valid_until or last, last)) for a in found]


def interventions_in_year(scope: Scope, kelurahan: Region, year: int) -> QuerySet[Intervention]:
    """The profile's interventions of the kelurahan (with planned and realised totals), kept to those
    running on at least one day of ``year``."""
    return intervention_queries.of_kelurahan(scope, kelurahan).filter(
        Q(start_date__lte=dt.date(year, 12, 31)) & (Q(end_date__isnull=True) | Q(end_date__gte=dt.date(year, 1, 1)))
    )


def build(parameters: ReportParameters, *, today: dt.date | None = None) -> d.Document:
    today = today or timezone.localdate()
    kelurahan = Region.objects.select_related("parent").get(code=parameters.kelurahan_code)
    year = parameters.year
    scope = Scope.city_viewer()
    lines = lines_in_year(kelurahan, year)
    office = RegionOffice.objects.filter(region=kelurahan).first()

    blocks: list[d.Block] = [d.Heading(_("1. Identity of the kelurahan"), 1)]
    blocks.append(
        d.Paragraph(
            _(
                "This report sets out the profile of %(kind)s %(name)s in %(year)s: its registry situation, "
                "its problems and potentials, the mentoring by its OPD, the interventions running there and "
                "the coordination meetings that concern it. Every figure is read from Dampingan's records on "
                "%(day)s."
            )
            % {
                "kind": kelurahan.get_kind_display(),
                "name": kelurahan.name,
                "year": year,
                "day": formats.date_format(today, "j F Y"),
            }
        )
    )
    if year > today.year:
        blocks.append(d.Note(_("%(year)s has not begun: the report has no figures yet.") % {"year": year}))
    blocks += _identity(kelurahan, office, lines, year)
    blocks += _registry(scope, kelurahan)
    blocks += _mpi(scope, kelurahan, today)
    blocks += _baseline(scope, kelurahan, year)
    blocks += _mentoring(scope, kelurahan, lines, year, today)
    blocks += _interventions(scope, kelurahan, year)
    blocks += _coordination(scope, kelurahan, year, today)

    opds = list(dict.fromkeys(f"{line.assignment.opd.name} ({line.assignment.opd.abbreviation})" for line in lines))
    parameters_shown = [
        (_("Kelurahan"), f"{kelurahan.name} ({kelurahan.code})"),
        (_("Kecamatan"), kelurahan.parent.name if kelurahan.parent else "—"),
        (_("Year"), str(year)),
        (_("Mentoring OPD"), ", ".join(opds) or "—"),
        (_("Figures read on"), formats.date_format(today, "j F Y")),
    ]
    if office is not None and office.head_name:
        parameters_shown.insert(2, (_("Lurah"), office.head_name))
    return d.Document(
        kind=ReportKind.KELURAHAN_PROFILE,
        title=_("Profile of %(kind)s %(name)s") % {"kind": kelurahan.get_kind_display(), "name": kelurahan.name},
        subtitle=_("Kecamatan %(kecamatan)s — year %(year)s")
        % {"kecamatan": kelurahan.parent.name if kelurahan.parent else "", "year": year},
        parameters=parameters_shown,
        blocks=blocks,
        built_at=timezone.now(),
    )


def title_for(parameters: ReportParameters) -> str:
    kelurahan = Region.objects.get(code=parameters.kelurahan_code)
    return _("Profile of %(kind)s %(name)s, %(year)s") % {
        "kind": kelurahan.get_kind_display(),
        "name": kelurahan.name,
        "year": parameters.year,
    }


# --- chapters -----------------------------------------------------------------------------------------


def _identity(kelurahan: Region, office: RegionOffice | None, lines: list[Line], year: int) -> list[d.Block]:
    def field(key: str, label: str, value: str) -> d.Row:
        return d.Row([d.text(label), d.text(value or d.BLANK)], key=key)

    rows = [
        field("kelurahan", _("Kelurahan"), kelurahan.name),
        field("code", _("Region code"), kelurahan.code),
        field("kecamatan", _("Kecamatan"), kelurahan.parent.name if kelurahan.parent else ""),
        field("lurah", _("Lurah"), office.head_name if office else ""),
        field("address", _("Office address"), office.address if office else ""),
        field("phone", _("Phone"), office.phone if office else ""),
        field("email", _("E-mail"), office.email if office else ""),
    ]
    assignment_rows = [
        d.Row(
            [
                d.text(f"{line.assignment.opd.name} ({line.assignment.opd.abbreviation})"),
                d.text(line.assignment.decree.number),
                d.date(line.assignment.decree.date),
                d.date(line.start),
                d.date(line.end),
            ],
            key=f"{line.assignment.decree.number}/{line.assignment.opd_id}",
        )
        for line in lines
    ]
    return [
        d.Table(
            key="identity",
            caption=_("Identity and office of the kelurahan"),
            header=[[pgettext("report identity table", "Item"), _("Value")]],
            rows=rows,
            source=_("Office details as maintained in the app's region data.")
            if office is not None and office.head_name
            else _("The lurah and the office are not recorded yet: they are filled in on the region's page."),
        ),
        d.Table(
            key="assignments",
            caption=_("Mentoring OPD and decree lines in force in %(year)s") % {"year": year},
            header=[[_("OPD"), _("Decree"), _("Decree date"), _("From"), _("Until")]],
            rows=assignment_rows,
            empty_note=_("No signed decree assigned a mentoring OPD to this kelurahan in %(year)s.") % {"year": year},
            source=_("Periods cut to the year; the decree's own period may be longer."),
        ),
    ]


def _registry(scope: Scope, kelurahan: Region) -> list[d.Block]:
    """The profile page's registry section, from the page's own context function."""
    blocks: list[d.Block] = [d.Heading(_("2. Registry situation"), 1)]
    situation = registry_situation(scope, kelurahan)
    release = situation["release"]
    if release is None:
        blocks.append(d.Note(_("No registry release is current: the registry situation cannot be shown.")))
        return blocks
    previous = situation["previous_release"]
    source = _("Registry release: %(release)s") % {"release": release}
    data_date = getattr(release, "data_date", None)
    if data_date:
        source += " · " + _("data as of %(day)s") % {"day": formats.date_format(data_date, "j F Y")}
    if previous is not None:
        source += " · " + _("previous release: %(release)s") % {"release": previous}
    else:
        source += " · " + _("no earlier release to compare with")
    rows = []
    for row in situation["indicators"]:
        indicator, change = row["indicator"], row["change"]
        rows.append(
            d.Row(
                [
                    d.text(indicator.label),
                    d.integer(indicator.value),
                    d.percent(row["percent"], 1),
                    d.integer(indicator.value - change if change is not None else None),
                    d.integer(change),
                ],
                key=indicator.key,
            )
        )
    desil = situation["desil"]
    ranked = sum(count for _desil, count in desil)
    desil_rows = [
        d.Row([d.text(_("Desil %(n)s") % {"n": n}), d.integer(count), d.share(count, ranked, 1)], key=f"desil-{n}")
        for n, count in desil
    ]
    blocks += [
        d.Table(
            key="registry_indicators",
            caption=_("Registry indicators of the kelurahan"),
            header=[[_("Indicator"), _("Number"), _("Share of households"), _("Previous release"), _("Difference")]],
            rows=rows,
            source=source
            + " · "
            + _("Desil 1-4: share of ranked households; each deprivation: share of all households."),
        ),
        d.Table(
            key="desil",
            caption=_("Households by desil"),
            header=[[_("Desil"), _("Households"), _("Share of ranked households")]],
            rows=desil_rows if ranked else [],
            total=d.Row([d.text(_("Total")), d.integer(ranked), d.share(ranked, ranked, 1)]) if ranked else None,
            empty_note=_("No household of the kelurahan is ranked in a desil."),
            source=_("Households without a desil rank are not counted."),
        ),
    ]
    return blocks


def _fraction(value: object, scale: int = 100) -> Decimal | None:
    """A ratio from the measures' frames (a float, or None) as an exact Decimal of its printed digits."""
    if value is None:
        return None
    return Decimal(str(value)) * scale


def _mpi(scope: Scope, kelurahan: Region, today: dt.date) -> list[d.Block]:
    blocks: list[d.Block] = [d.Heading(_("3. Multidimensional poverty index"), 1)]
    if current_release() is None:
        blocks.append(d.Note(_("No registry release is current: the index cannot be computed.")))
        return blocks
    report = measures.mpi_for(scope, kelurahan=kelurahan.code)
    area = report.area("kelurahan", kelurahan.code) or {}
    m0 = area.get("M0")
    rows = [
        d.Row([d.text(_("Households counted")), d.integer(area.get("units"))], key="units"),
        d.Row([d.text(_("Multidimensionally poor households")), d.integer(area.get("poor_units"))], key="poor"),
        d.Row([d.text(pgettext("poverty", "Poor") + " (H)"), d.percent(_fraction(area.get("H")), 1)], key="H"),
        d.Row([d.text(_("Intensity") + " (A)"), d.percent(_fraction(area.get("A")), 1)], key="A"),
        d.Row(
            [
                d.text(_("Multidimensional poverty index") + " (M0)"),
                # Three decimals as on the measures page; a "number" cell prints at most two, so text.
                d.text("—" if m0 is None else format_number(Decimal(str(m0)), decimals=3)),
            ],
            key="M0",
        ),
    ]
    by_dimension: dict[str, Any] = next(
        (r["by_dimension"] for r in report.rows("kelurahan") if r["code"] == kelurahan.code), {}
    )
    dimension_rows = [
        d.Row([d.text(measures.DIMENSION_LABELS[key]), d.percent(_fraction(by_dimension.get(key)), 1)], key=key)
        for key in measures.mpi_indicators.DIMENSIONS
    ]
    source = (
        _("Registry release: %(release)s") % {"release": report.release}
        + " · "
        + _("Alkire-Foster, poverty cut-off k = %(k)s of the weighted indicators, households as the unit.")
        % {"k": f"{report.k.numerator}/{report.k.denominator}"}
    )
    blocks += [
        d.Table(
            key="mpi",
            caption=_("Multidimensional poverty of the kelurahan"),
            header=[[_("Measure"), _("Value")]],
            rows=rows,
            source=source,
        ),
        d.Table(
            key="mpi_dimensions",
            caption=_("Contribution of each dimension to M0"),
            header=[[_("Dimension"), _("Share of M0")]],
            rows=dimension_rows if m0 else [],
            empty_note=_("No household of the kelurahan is multidimensionally poor."),
        ),
    ]
    for note in report.notes():
        blocks.append(d.Note(str(note)))
    return blocks


def _baseline(scope: Scope, kelurahan: Region, year: int) -> list[d.Block]:
    last = dt.date(year, 12, 31)
    categories, statuses, severities = (
        dict(ProblemCategory.choices),
        dict(ProblemStatus.choices),
        dict(Severity.choices),
    )
    problems = baseline_queries.problems_of(scope, kelurahan.code).filter(recorded_on__lte=last)
    problem_rows = [
        d.Row(
            [
                d.text(p.title),
                d.text(categories.get(p.category, p.category)),
                d.text(severities.get(p.severity, p.severity)),
                d.integer(p.priority),
                d.text(statuses.get(p.status, p.status)),
                d.date(p.recorded_on),
            ],
            key=f"problem-{p.pk}",
        )
        for p in problems
    ]
    potentials = list(baseline_queries.potentials_of(scope, kelurahan.code).filter(recorded_on__lte=last))
    potential_rows = [
        d.Row(
            [
                d.text(p.name),
                d.text(p.get_sector_display()),
                d.integer(p.enterprises),
                d.integer(p.workers),
                d.date(p.recorded_on),
            ],
            key=f"potential-{p.pk}",
        )
        for p in potentials
    ]
    enterprises = sum(p.enterprises for p in potentials)
    workers = sum(p.workers for p in potentials)
    return [
        d.Heading(_("4. Problems and potentials"), 1),
        d.Table(
            key="problems",
            caption=_("Problems mapped up to the end of %(year)s") % {"year": year},
            header=[[_("Problem"), _("Category"), _("Severity"), _("Priority"), _("Status"), _("Recorded on")]],
            rows=problem_rows,
            empty_note=_("No problem was mapped up to the end of %(year)s.") % {"year": year},
            source=_("Status as recorded on the day the figures were read."),
        ),
        d.Table(
            key="potentials",
            caption=_("Potentials mapped up to the end of %(year)s") % {"year": year},
            header=[[_("Potential"), _("Sector"), _("Enterprises"), _("Workers"), _("Recorded on")]],
            rows=potential_rows,
            total=(
                d.Row([d.text(_("Total")), d.text(""), d.integer(enterprises), d.integer(workers), d.date(None)])
                if potential_rows
                else None
            ),
            empty_note=_("No potential was mapped up to the end of %(year)s.") % {"year": year},
        ),
    ]


def _mentoring(scope: Scope, kelurahan: Region, lines: list[Line], year: int, today: dt.date) -> list[d.Block]:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    members = (
        TeamMember.objects.of(kelurahan.code)
        .filter(since__lte=last)
        .filter(Q(until__isnull=True) | Q(until__gte=first))
        .select_related("opd", "user")
    )
    team_rows = [
        d.Row(
            [
                d.text(m.user.get_full_name() or m.user.username),
                d.text(m.opd.abbreviation),
                d.text(m.get_role_display()),
                d.date(m.since),
                d.date(m.until),
            ],
            key=f"member-{m.pk}",
        )
        for m in members
    ]
    visits = visit_queries.visible_visits(scope).of(kelurahan.code).filter(date__year=year)
    counts = {
        row["m"]: row["n"]
        for row in visits.annotate(m=ExtractMonth("date")).values("m").annotate(n=Count("pk")).order_by()
    }
    total = sum(counts.values())
    visit_rows = [
        d.Row([d.text(month_label(month)), d.integer(counts.get(month.month, 0))]) for month in months_of(year)
    ]
    return [
        d.Heading(_("5. Mentoring: team, visits and monthly reports"), 1),
        d.Table(
            key="team",
            caption=_("Mentoring team in %(year)s") % {"year": year},
            header=[[_("Name"), _("OPD"), _("Role in the team"), _("Member since"), _("Member until")]],
            rows=team_rows,
            empty_note=_("No team member was recorded for %(year)s.") % {"year": year},
        ),
        d.Table(
            key="visits_by_month",
            caption=_("Mentoring visits by month, %(year)s") % {"year": year},
            header=[[_("Month"), _("Visits")]],
            rows=visit_rows if total else [],
            total=d.Row([d.text(_("Total")), d.integer(total)]) if total else None,
            empty_note=_("No visits were recorded in %(year)s.") % {"year": year},
        ),
        # The OPD report's chapter, by the months pages' rule, over this kelurahan's decree lines.
        *_monthly_reports(scope, None, lines, year, today),
    ]


def _interventions(scope: Scope, kelurahan: Region, year: int) -> list[d.Block]:
    return intervention_tables(
        interventions_in_year(scope, kelurahan, year),
        year=year,
        heading=_("6. Interventions"),
        second_column=(_("Lead OPD"), lambda i: i.lead_opd.abbreviation if i.lead_opd_id else ""),
        none=_("No intervention naming this kelurahan was running in %(year)s.") % {"year": year},
        source=_(
            "Budget totals over every budget line of the intervention, as on the kelurahan profile; an "
            "intervention in several kelurahan is counted whole."
        ),
    )


def _coordination(scope: Scope, kelurahan: Region, year: int, today: dt.date) -> list[d.Block]:
    regions = [kelurahan.code, *([kelurahan.parent_id] if kelurahan.parent_id else [])]
    meetings = list(
        meeting_queries.meetings(scope, meeting_queries.MeetingFilters(year=year, status=MeetingStatus.HELD)).filter(
            region_id__in=regions
        )
    )
    meeting_rows = [
        d.Row(
            [
                d.date(timezone.localtime(m.starts_at).date()),
                d.text(m.title),
                d.text(m.get_kind_display()),
                d.text(m.region.name),
                d.integer(m.attended_count),
                d.integer(m.decision_count),
            ],
            key=f"meeting-{m.pk}",
        )
        for m in reversed(meetings)  # oldest first, as minutes are read
    ]
    found = action_queries.action_items(scope, action_queries.ActionFilters(kelurahan=kelurahan.code), today).filter(
        Q(due_date__year=year) | Q(decision__meeting__starts_at__year=year)
    )
    items = list(found)
    overdue = {item.pk for item in found.overdue(today)}
    statuses = dict(ActionStatus.choices)
    item_rows = [
        d.Row(
            [
                d.text(item.title),
                d.text(item.owner_label),
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
    done = sum(i.status == ActionStatus.DONE for i in items)
    cancelled = sum(i.status == ActionStatus.CANCELLED for i in items)
    summary = [
        d.Row([d.text(_("Done")), d.integer(done)], key="done"),
        d.Row([d.text(_("Open, not yet due")), d.integer(len(items) - done - cancelled - len(overdue))], key="open"),
        d.Row([d.text(_("Overdue")), d.integer(len(overdue))], key="overdue"),
        d.Row([d.text(_("Cancelled")), d.integer(cancelled)], key="cancelled"),
    ]
    no_items = _("No action item linked to this kelurahan was due or decided in %(year)s.") % {"year": year}
    return [
        d.Heading(_("7. Coordination"), 1),
        d.Table(
            key="meetings",
            caption=_("Meetings held for the kelurahan or its kecamatan in %(year)s") % {"year": year},
            header=[[_("Date"), _("Meeting"), _("Type"), _("Held for"), _("Attended"), _("Decisions")]],
            rows=meeting_rows,
            empty_note=_("No meeting was held for the kelurahan or its kecamatan in %(year)s.") % {"year": year},
            source=_("Meetings recorded as held; city-wide meetings are in the LP2KD."),
        ),
        d.Table(
            key="action_items_summary",
            caption=_("Action items linked to the kelurahan, %(year)s") % {"year": year},
            header=[[_("Status"), _("Action items")]],
            rows=summary if items else [],
            total=d.Row([d.text(_("Total")), d.integer(len(items))]) if items else None,
            empty_note=no_items,
            source=_(
                "Items due in the year or decided at a meeting of the year. Overdue: still open after the due "
                "date, on the day the figures were read."
            ),
        ),
        d.Table(
            key="action_items",
            caption=_("Action items linked to the kelurahan in %(year)s") % {"year": year},
            header=[
                [_("What"), _("Owner"), _("Meeting"), _("Due date"), _("Status"), _("Days overdue"), _("Completed on")]
            ],
            rows=item_rows,
            empty_note=no_items,
        ),
    ]
