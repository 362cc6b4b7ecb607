"""LP2KD chapter V, mentoring results per kelurahan: who mentored it in the year (signed decree lines, as the
OPD mentoring report), the problems and potentials mapped up to the year's end (``baseline.queries``), the
interventions naming it that ran in the year (``interventions.queries.of_kelurahan``), the visits of the year
(``visits.queries``) and the progress: problems improving or resolved, monthly reports submitted."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import cast

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from dampingan.access.scope import Scope
from dampingan.baseline import queries as baseline_queries
from dampingan.baseline.models import ProblemStatus
from dampingan.interventions import queries as intervention_queries
from dampingan.mentoring.models import Assignment
from dampingan.visits import queries as visit_queries
from dampingan.visits.models import ReportStatus as MonthlyStatus

from .. import document as d


def mentoring_blocks(scope: Scope, year: int) -> list[d.Block]:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    lines = (
        Assignment.objects.overlapping(first, last)
        .select_related("kelurahan__parent", "opd", "decree")
        .order_by("kelurahan_id", "valid_from")
    )
    by_kelurahan: dict[str, list[Assignment]] = defaultdict(list)
    for line in lines:
        by_kelurahan[line.kelurahan_id].append(line)
    visits = dict(
        visit_queries.visible_visits(scope)
        .filter(date__year=year)
        .values("kelurahan_id")
        .annotate(n=Count("pk"))
        .values_list("kelurahan_id", "n")
    )
    sent = dict(
        visit_queries.visible_reports(scope)
        .filter(month__year=year, status__in=[MonthlyStatus.SUBMITTED, MonthlyStatus.REVIEWED])
        .values("kelurahan_id")
        .annotate(n=Count("pk"))
        .values_list("kelurahan_id", "n")
    )
    running = Q(start_date__lte=last) & (Q(end_date__isnull=True) | Q(end_date__gte=first))
    rows = []
    for code, assigned in by_kelurahan.items():
        region = assigned[0].kelurahan
        problems = baseline_queries.problems_of(scope, code).filter(recorded_on__lte=last)
        potentials = baseline_queries.potentials_of(scope, code).filter(recorded_on__lte=last)
        counted = problems.aggregate(
            total=Count("pk"),
            better=Count("pk", filter=Q(status__in=[ProblemStatus.IMPROVING, ProblemStatus.RESOLVED])),
        )
        interventions = intervention_queries.of_kelurahan(scope, region).filter(running)
        rows.append(
            d.Row(
                [
                    d.text(region.name),
                    d.text(", ".join(dict.fromkeys(a.opd.abbreviation for a in assigned))),
                    d.integer(counted["total"]),
                    d.integer(counted["better"]),
                    d.integer(potentials.count()),
                    d.integer(interventions.count()),
                    d.integer(visits.get(code, 0)),
                    d.integer(sent.get(code, 0)),
                ],
                key=code,
            )
        )
    # Columns 2 to 7 are integer cells; mypy cannot tell a cell's value type from its kind.
    totals = [sum(int(cast("int | None", r.cells[i].value) or 0) for r in rows) for i in range(2, 8)]
    return [
        d.Heading(_("V. Mentoring results per kelurahan"), 1),
        d.Paragraph(
            _(
                "Each kelurahan mentored by an OPD under a signed decree during the year, with what the mentors "
                "mapped and did there. Problems and potentials: recorded up to the end of the year, with their "
                "status on the day the figures were read."
            )
        ),
        d.Table(
            key="mentoring_by_kelurahan",
            caption=_("Mentored kelurahan in %(year)s") % {"year": year},
            header=[
                [
                    _("Kelurahan"),
                    _("Mentoring OPD"),
                    _("Problems mapped"),
                    _("of which improving or resolved"),
                    _("Potentials mapped"),
                    _("Interventions running"),
                    _("Visits"),
                    _("Monthly reports sent"),
                ]
            ],
            rows=rows,
            total=d.Row([d.text(_("Total")), d.text(""), *map(d.integer, totals)]) if rows else None,
            empty_note=_("No signed decree assigned a kelurahan to an OPD in %(year)s.") % {"year": year},
            source=_("Monthly reports sent: months of the year submitted or reviewed."),
        ),
    ]
