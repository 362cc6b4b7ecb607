"""LP2KD chapters VI (coordination) and VII (targeting).

VI: the meetings of the year by type and status (``coordination.meeting_queries.meetings`` with the year
filter of the meetings page), their decisions, and the action items arising from them, done / open / overdue
/ cancelled on the day the figures were read (``coordination.action_queries``, the rule of the action item
list). VII: coverage, overlap and leakage of the registry release of the year
(``interventions.targeting_data.targeting_for``: the targeting page and the dashboard ranking).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
from django.utils import formats
from django.utils.translation import gettext as _

from dampingan.access.scope import Scope
from dampingan.coordination import action_queries, meeting_queries
from dampingan.coordination.models import ActionStatus, MeetingKind, MeetingStatus
from dampingan.interventions.targeting_data import targeting_for
from dampingan.regions.models import Region
from dampingan.registry.models import RegistryRelease

from .. import document as d
from .lp2kd_poverty import release_source


def coordination_blocks(scope: Scope, year: int, today: dt.date) -> tuple[list[d.Block], list[d.Block]]:
    meetings = list(
        meeting_queries.meetings(scope, meeting_queries.MeetingFilters(year=year)).order_by("starts_at", "pk")
    )
    statuses = [MeetingStatus.HELD, MeetingStatus.PLANNED, MeetingStatus.CANCELLED]
    by_kind = []
    for kind in MeetingKind:
        mine = [m for m in meetings if m.kind == kind]
        if mine:
            by_kind.append(
                d.Row(
                    [
                        d.text(str(kind.label)),
                        *[d.integer(sum(m.status == s for m in mine)) for s in statuses],
                        d.integer(sum(m.decision_count for m in mine)),
                    ],
                    key=kind.value,
                )
            )
    total = d.Row(
        [
            d.text(_("Total")),
            *[d.integer(sum(m.status == s for m in meetings)) for s in statuses],
            d.integer(sum(m.decision_count for m in meetings)),
        ]
    )
    ids = [m.pk for m in meetings]
    items = action_queries.action_items(scope, None, today).filter(decision__meeting_id__in=ids)
    overdue = set(items.overdue(today).values_list("pk", flat=True))
    listed = list(items)
    counts = [
        ("done", _("Done"), sum(i.status == ActionStatus.DONE for i in listed)),
        (
            "open",
            _("Open, not yet due"),
            sum(i.status not in (ActionStatus.DONE, ActionStatus.CANCELLED) and i.pk not in overdue for i in listed),
        ),
        ("overdue", _("Overdue"), len(overdue)),
        ("cancelled", _("Cancelled"), sum(i.status == ActionStatus.CANCELLED for i in listed)),
    ]
    none = _("No meeting was recorded for %(year)s.") % {"year": year}
    meeting_rows = [
        d.Row(
            [
                d.date(m.starts_at.date()),
                d.text(m.get_kind_display()),
                d.text(m.title),
                d.text(m.region.name),
                d.text(m.get_status_display()),
                d.integer(m.attended_count),
                d.integer(m.decision_count),
            ],
            key=f"meeting-{m.pk}",
        )
        for m in meetings
    ]
    item_statuses = dict(ActionStatus.choices)
    item_rows = [
        d.Row(
            [
                d.text(i.title),
                d.text(i.decision.meeting.title),
                d.text(_owner(i)),
                d.date(i.due_date),
                d.text(str(item_statuses.get(i.status, i.status))),
                d.integer(action_queries.days_overdue(i, today)),
                d.date(i.completed_on),
            ],
            key=f"action-{i.pk}",
        )
        for i in listed
    ]
    day = formats.date_format(today, "j F Y")
    main: list[d.Block] = [
        d.Heading(_("VI. Coordination"), 1),
        d.Table(
            key="meetings_by_kind",
            caption=_("Coordination meetings of %(year)s by type") % {"year": year},
            header=[[_("Type"), _("Held"), _("Planned"), _("Cancelled"), _("Decisions")]],
            rows=by_kind,
            total=total if by_kind else None,
            empty_note=none,
            source=_("Meetings dated in the year, as the meetings page lists them."),
        ),
        d.Table(
            key="action_items_status",
            caption=_("Action items from the meetings of %(year)s") % {"year": year},
            header=[[_("Status"), _("Action items")]],
            rows=[d.Row([d.text(label), d.integer(n)], key=key) for key, label, n in counts] if listed else [],
            total=d.Row([d.text(_("Total")), d.integer(len(listed))]) if listed else None,
            empty_note=_("The meetings of %(year)s gave no action item.") % {"year": year} if meetings else none,
            source=_("Status on %(day)s; overdue: still open after the due date.") % {"day": day},
        ),
    ]
    appendix: list[d.Block] = [
        d.Table(
            key="meeting_list",
            caption=_("Meetings of %(year)s") % {"year": year},
            header=[[_("Date"), _("Type"), _("Meeting"), _("Region"), _("Status"), _("Attended"), _("Decisions")]],
            rows=meeting_rows,
            empty_note=none,
            source=_("Meetings dated in the year, as the meetings page lists them."),
        ),
        d.Table(
            key="action_item_list",
            caption=_("Action items from the meetings of %(year)s") % {"year": year} + " — " + _("list"),
            header=[
                [
                    _("What"),
                    _("Meeting"),
                    _("Responsible"),
                    _("Due date"),
                    _("Status"),
                    _("Days overdue"),
                    _("Completed on"),
                ]
            ],
            rows=item_rows,
            empty_note=_("No action item."),
            source=_("Status on %(day)s; overdue: still open after the due date.") % {"day": day},
        ),
    ]
    return main, appendix


def _owner(item: object) -> str:
    for name in ("owner_opd", "owner_partner"):
        owner = getattr(item, name, None)
        if owner is not None:
            return getattr(owner, "abbreviation", None) or str(owner)
    user = getattr(item, "owner_user", None)
    return (user.get_full_name() or user.username) if user is not None else ""


def _ratio(value: object) -> d.Cell:
    return d.percent(None if value is None else Decimal(str(value)) * 100)


def _targeting_row(row: dict, name: str, hidden: bool) -> d.Row:
    if hidden:
        return d.Row(
            [d.text(name), *[d.integer(None)] * 3, d.percent(None), d.integer(None), d.integer(None), d.percent(None)],
            key=row["area"] or "all",
        )
    return d.Row(
        [
            d.text(name),
            d.integer(row["eligible"]),
            d.integer(row["reached"]),
            d.integer(row["uncovered"]),
            _ratio(row["coverage"]),
            d.integer(row["overlap"]),
            d.integer(row["links"]),
            _ratio(row["leakage"]),
        ],
        key=row["area"] or "all",
    )


def targeting_blocks(
    scope: Scope, release: RegistryRelease | None, year: int, hidden: set[str]
) -> tuple[list[d.Block], list[d.Block]]:
    heading: list[d.Block] = [d.Heading(_("VII. Targeting"), 1)]
    if release is None:
        note = _(
            "No approved registry release is dated on or before the end of %(year)s: targeting cannot be measured."
        )
        return [*heading, d.Note(note % {"year": year})], []
    result, _frames = targeting_for(scope, release=release)
    names = dict(Region.objects.in_deployment().values_list("code", "name"))
    summary = result.summary
    header = [
        [
            _("Area"),
            _("Desil 1-4 households"),
            _("Reached"),
            _("Not reached"),
            _("Coverage"),
            _("Overlap households (k=%(k)s)") % {"k": result.k},
            _("Beneficiary links"),
            _("Leakage"),
        ]
    ]
    total_row = summary.filter(pl.col("level") == "all")
    total = _targeting_row(next(total_row.iter_rows(named=True)), _("City total"), False) if total_row.height else None
    kecamatan = [
        _targeting_row(r, names.get(r["area"], r["area"]), False)
        for r in summary.filter(pl.col("level") == "kecamatan").iter_rows(named=True)
    ]
    kelurahan = [
        _targeting_row(r, names.get(r["area"], r["area"]), r["area"] in hidden)
        for r in summary.filter(pl.col("level") == "kelurahan").iter_rows(named=True)
    ]
    source = (
        release_source(release)
        + " · "
        + _(
            "Coverage: desil 1-4 households reached (active or graduated) / desil 1-4 households. Leakage: beneficiary "
            "links outside the registry or in desil 5 and above / all links. As on the targeting page; figures of the "
            "day they were read."
        )
    )
    main: list[d.Block] = [
        *heading,
        d.Table(
            key="targeting_by_kecamatan",
            caption=_("Coverage, overlap and leakage by kecamatan"),
            header=header,
            rows=kecamatan,
            total=total,
            empty_note=_("The release holds no household."),
            source=source,
        ),
    ]
    appendix: list[d.Block] = [
        d.Table(
            key="targeting_by_kelurahan",
            caption=_("Coverage, overlap and leakage by kelurahan"),
            header=header,
            rows=kelurahan,
            total=total,
            empty_note=_("The release holds no household."),
            source=source,
        )
    ]
    return main, appendix
