"""LP2KD chapter IV, programmes and budget: interventions by strategy and cluster, by lead OPD, by funding
source, planned against realised, and their outputs.

The interventions are those of the interventions page (``interventions.queries.interventions`` as the city
scope) that belong to the year: running on at least one day of it, or holding a budget line of that budget
year. ``interventions.queries`` has no year filter, so the year is applied here. The amounts are the budget
lines **of that budget year** (a multi-year intervention reports this year's money, not its whole budget);
a line is counted once, so the tables by strategy, by OPD and by source add up to the same total.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from dampingan.access.scope import Scope
from dampingan.interventions import queries as intervention_queries
from dampingan.interventions.models import (
    BudgetLine,
    Cluster,
    FundingSource,
    Intervention,
    InterventionStatus,
    Strategy,
)

from .. import document as d

ZERO = Decimal(0)


def interventions_of_year(scope: Scope, year: int) -> QuerySet[Intervention]:
    """The interventions page's list kept to those running in ``year`` or budgeted for it."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    running = Q(start_date__lte=last) & (Q(end_date__isnull=True) | Q(end_date__gte=first))
    budgeted = Q(pk__in=BudgetLine.objects.filter(year=year).values("intervention_id"))
    return intervention_queries.interventions(scope).filter(running | budgeted)


def year_amounts(interventions: QuerySet[Intervention], year: int) -> dict[int, dict[str, tuple[Decimal, Decimal]]]:
    """Intervention → funding source → (planned, realised) over its budget lines of ``year``, summed exactly
    in Python (SQLite sums decimals as floats)."""
    amounts: dict[int, dict[str, tuple[Decimal, Decimal]]] = defaultdict(dict)
    lines = BudgetLine.objects.filter(intervention__in=interventions.values("pk"), year=year)
    for pk, source, planned, realised in lines.values_list("intervention_id", "source", "planned", "realised"):
        before = amounts[pk].get(source, (ZERO, ZERO))
        amounts[pk][source] = (before[0] + planned, before[1] + (realised or ZERO))
    return amounts


def _sum(parts: Iterable[tuple[Decimal, Decimal]]) -> tuple[Decimal, Decimal]:
    planned = realised = ZERO
    for p, r in parts:
        planned, realised = planned + p, realised + r
    return planned, realised


def _money_row(label: str, count: int | None, planned: Decimal, realised: Decimal, key: str) -> d.Row:
    cells = [d.text(label)]
    if count is not None:
        cells.append(d.integer(count))
    return d.Row([*cells, d.money(planned), d.money(realised), d.share(realised, planned, 1)], key=key)


def _grouped(
    items: list[Intervention],
    amounts: dict[int, dict[str, tuple[Decimal, Decimal]]],
    group: Callable[[Intervention], str],
    labels: dict[str, str],
) -> list[d.Row]:
    counts: dict[str, int] = defaultdict(int)
    money: dict[str, list[tuple[Decimal, Decimal]]] = defaultdict(list)
    for item in items:
        key = group(item)
        counts[key] += 1
        money[key].append(_sum(amounts.get(item.pk, {}).values()))
    return [
        _money_row(labels.get(key, key), counts[key], *_sum(money[key]), key=key) for key in labels if key in counts
    ]


def programme_blocks(scope: Scope, year: int) -> tuple[list[d.Block], list[d.Block]]:
    """Chapter IV and the appendix list of every intervention with its year's budget and outputs."""
    found = interventions_of_year(scope, year)
    items = list(found)
    amounts = year_amounts(found, year)
    planned, realised = _sum(_sum(a.values()) for a in amounts.values())
    header = [_("Number of interventions"), _("Planned (Rp)"), _("Realised (Rp)"), _("Realised")]
    total = _money_row(_("Total"), len(items), planned, realised, key="total") if items else None
    none = _("No intervention ran or was budgeted in %(year)s.") % {"year": year}
    source = _(
        "Interventions running in %(year)s or budgeted for it; amounts: their budget lines of budget year %(year)s."
    ) % {"year": year}

    strategies = {s.value: str(s.label) for s in Strategy}
    clusters = {str(c.value): str(c.label) for c in Cluster}
    opds: dict[str, str] = {}
    for item in sorted(items, key=lambda i: i.lead_opd.abbreviation if i.lead_opd else ""):
        key = str(item.lead_opd_id or "")
        opds.setdefault(key, f"{item.lead_opd.abbreviation}" if item.lead_opd else _("No lead OPD"))
    by_source = defaultdict(list)
    for per_source in amounts.values():
        for funding, pair in per_source.items():
            by_source[funding].append(pair)
    source_rows = [
        _money_row(str(s.label), None, *_sum(by_source[s.value]), key=s.value)
        for s in FundingSource
        if s.value in by_source
    ]
    statuses = dict(InterventionStatus.choices)
    list_rows, output_rows = [], []
    for item in items:
        p, r = _sum(amounts.get(item.pk, {}).values())
        places = _("City-wide") if item.city_wide else ", ".join(k.name for k in item.kelurahan.all())
        list_rows.append(
            d.Row(
                [
                    d.text(item.title),
                    d.text(item.lead_opd.abbreviation if item.lead_opd else ""),
                    d.text(places),
                    d.text(strategies.get(item.strategy, item.strategy)),
                    d.text(statuses.get(item.status, item.status)),
                    d.money(p),
                    d.money(r),
                    # Annotated by ``interventions.queries.interventions``, whose type does not say so.
                    d.percent(item.latest_percent, 1),  # type: ignore[attr-defined]
                ],
                key=f"intervention-{item.pk}",
            )
        )
        for progress in intervention_queries.target_progress(item):
            target = progress.target
            output_rows.append(
                d.Row(
                    [
                        d.text(item.title),
                        d.text(target.description),
                        d.text(target.unit),
                        d.number(target.target),
                        d.number(progress.achieved),
                        d.percent(progress.percent, 1),
                    ],
                    key=f"target-{target.pk}",
                )
            )
    main: list[d.Block] = [
        d.Heading(_("IV. Programmes and budget"), 1),
        d.Paragraph(
            _(
                "Interventions recorded in Dampingan by the OPDs and their partners, grouped by the three "
                "strategies and the four programme clusters of the TKPK, by lead OPD and by funding source."
            )
        ),
        d.Table(
            key="programmes_by_strategy",
            caption=_("Interventions and budget by strategy, %(year)s") % {"year": year},
            header=[[_("Strategy"), *header]],
            rows=_grouped(items, amounts, lambda i: i.strategy, strategies),
            total=total,
            empty_note=none,
            source=source,
        ),
        d.Table(
            key="programmes_by_cluster",
            caption=_("Interventions and budget by programme cluster, %(year)s") % {"year": year},
            header=[[_("Cluster"), *header]],
            rows=_grouped(items, amounts, lambda i: str(i.cluster), clusters),
            total=total,
            empty_note=none,
            source=source,
        ),
        d.Table(
            key="programmes_by_opd",
            caption=_("Interventions and budget by lead OPD, %(year)s") % {"year": year},
            header=[[_("OPD"), *header]],
            rows=_grouped(items, amounts, lambda i: str(i.lead_opd_id or ""), opds),
            total=total,
            empty_note=none,
            source=source,
        ),
        d.Table(
            key="programmes_by_source",
            caption=_("Budget by funding source, planned against realised, %(year)s") % {"year": year},
            header=[[_("Funding source"), _("Planned (Rp)"), _("Realised (Rp)"), _("Realised")]],
            rows=source_rows,
            total=_money_row(_("Total"), None, planned, realised, key="total") if source_rows else None,
            empty_note=none if not items else _("No budget line of %(year)s was recorded.") % {"year": year},
            source=source,
        ),
        d.Table(
            key="programme_outputs",
            caption=_("Output targets and what was achieved"),
            header=[[_("Intervention"), _("Output"), _("Unit"), _("Target"), _("Achieved"), _("Achieved (%)")]],
            rows=output_rows,
            empty_note=none if not items else _("These interventions have no output target."),
            source=_("Achieved: the latest progress report that gave the output."),
        ),
    ]
    appendix: list[d.Block] = [
        d.Table(
            key="programme_list",
            caption=_("Every intervention of %(year)s with its budget of the year") % {"year": year},
            header=[
                [
                    _("Intervention"),
                    _("OPD"),
                    _("Kelurahan"),
                    _("Strategy"),
                    _("Status"),
                    _("Planned (Rp)"),
                    _("Realised (Rp)"),
                    _("Physical progress"),
                ]
            ],
            rows=list_rows,
            empty_note=none,
            source=source + " " + _("Physical progress: the latest progress report."),
        )
    ]
    return main, appendix
