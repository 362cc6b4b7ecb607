"""The three intervention tables the OPD and kelurahan reports share: the interventions with their budget
totals, the budget by funding source, and the output targets against what was achieved. Each report
chooses the second column (where, or who leads), its heading, its empty note and its source line."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.utils.translation import gettext as _

from dampingan.interventions import queries as intervention_queries
from dampingan.interventions.models import Horizon, Intervention, InterventionStatus

from .. import document as d


def intervention_tables(
    found: object,
    *,
    year: int,
    heading: str,
    second_column: tuple[str, Callable[[Intervention], str]],
    none: str,
    source: str,
) -> list[d.Block]:
    """``found`` is the interventions page's queryset (with planned and realised totals) for the report."""
    # ``found`` stays ``object``: typed as a queryset of Intervention, every total it is annotated with (which
    # the model does not declare) would be flagged instead of these two calls.
    items = list(found)  # type: ignore[call-overload]
    horizons, statuses = dict(Horizon.choices), dict(InterventionStatus.choices)
    label, cell = second_column
    rows = [
        d.Row(
            [
                d.text(i.title),
                d.text(cell(i)),
                d.text(horizons.get(i.horizon, i.horizon)),
                d.text(statuses.get(i.status, i.status)),
                d.money(i.planned_total),
                d.money(i.realised_total),
                d.share(i.realised_total, i.planned_total, 1),
            ],
            key=f"intervention-{i.pk}",
        )
        for i in items
    ]
    summary = intervention_queries.totals_by_source(found)  # type: ignore[arg-type]
    budget_rows = [
        d.Row([d.text(s.label), d.money(s.planned), d.money(s.realised), d.percent(s.percent, 1)], key=s.source)
        for s in summary.rows
    ]
    target_rows = [
        d.Row(
            [
                d.text(i.title),
                d.text(progress.target.description),
                d.text(progress.target.unit),
                d.number(progress.target.target),
                d.number(progress.achieved),
                d.percent(progress.percent, 1),
                d.date(progress.on),
            ],
            key=f"target-{progress.target.pk}",
        )
        for i in items
        for progress in intervention_queries.target_progress(i)
    ]
    planned = sum((i.planned_total for i in items), start=Decimal(0))
    realised = sum((i.realised_total for i in items), start=Decimal(0))
    return [
        d.Heading(heading, 1),
        d.Table(
            key="interventions",
            caption=_("Interventions running in %(year)s") % {"year": year},
            header=[
                [
                    _("Intervention"),
                    label,
                    _("Horizon"),
                    _("Status"),
                    _("Planned (Rp)"),
                    _("Realised (Rp)"),
                    _("Realised"),
                ]
            ],
            rows=rows,
            total=(
                d.Row(
                    [
                        d.text(_("Total")),
                        d.text(""),
                        d.text(""),
                        d.text(""),
                        d.money(planned),
                        d.money(realised),
                        d.share(realised, planned, 1),
                    ]
                )
                if rows
                else None
            ),
            empty_note=none,
            source=source,
        ),
        d.Table(
            key="budget_by_source",
            caption=_("Budget by funding source, interventions running in %(year)s") % {"year": year},
            header=[[_("Funding source"), _("Planned (Rp)"), _("Realised (Rp)"), _("Realised")]],
            rows=budget_rows,
            total=(
                d.Row(
                    [
                        d.text(_("Total")),
                        d.money(summary.planned),
                        d.money(summary.realised),
                        d.percent(summary.percent, 1),
                    ]
                )
                if budget_rows
                else None
            ),
            empty_note=none if not rows else _("No budget line was recorded for these interventions."),
        ),
        d.Table(
            key="output_targets",
            caption=_("Output targets and what was achieved"),
            header=[
                [_("Intervention"), _("Output"), _("Unit"), _("Target"), _("Achieved"), _("Achieved (%)"), _("As of")]
            ],
            rows=target_rows,
            empty_note=none if not rows else _("These interventions have no output target."),
            source=_("Achieved: the latest progress report that gave the output."),
        ),
    ]
