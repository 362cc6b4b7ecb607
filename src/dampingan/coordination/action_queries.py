"""Reads of action items, every one starting from ``visible_action_items`` (below) so a list or an export
cannot show what a detail page would refuse."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from dampingan.access.roles import Capability
from dampingan.access.scope import Scope

from . import access
from .meeting_queries import visible_meetings
from .models import ActionItem, ActionItemQuerySet, ActionItemUpdate, ActionStatus, Decision

# "Upcoming" everywhere (home page, list filter, API) means due within this many days from today.
UPCOMING_DAYS = 14
DUE_OVERDUE = "lewat"
DUE_SOON = "segera"
# Status filter for "open or in progress".
OPEN_ANY = "belum_selesai"
HOME_LIMIT = 20

RELATED = (
    "decision__meeting__region",
    "owner_opd",
    "owner_partner",
    "owner_user",
    "kelurahan",
    "intervention",
)


def visible_action_items(scope: Scope) -> ActionItemQuerySet:
    """Items of the meetings ``scope`` may read, and the items it answers for wherever they were decided."""
    owned = Q(pk__in=[])
    if scope.user_id is not None:
        owned |= Q(owner_user_id=scope.user_id)
    if scope.opd_id:
        owned |= Q(owner_opd_id=scope.opd_id)
    return ActionItem.objects.filter(
        Q(decision__meeting__in=visible_meetings(scope)) | Q(pk__in=ActionItem.objects.filter(owned).values("pk"))
    )


@dataclass(frozen=True)
class ActionFilters:
    """The list's filters, each empty for "any". Unknown values filter nothing out rather than fail."""

    status: str = ""
    due: str = ""  # DUE_OVERDUE or DUE_SOON
    opd: str = ""  # OPD id
    kelurahan: str = ""  # region code
    meeting: str = ""  # meeting id

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> ActionFilters:
        return cls(**{name: (query.get(name) or "").strip() for name in cls.__dataclass_fields__})

    @property
    def active(self) -> bool:
        return any(getattr(self, name) for name in self.__dataclass_fields__)


def action_items(
    scope: Scope, filters: ActionFilters | None = None, today: dt.date | None = None
) -> ActionItemQuerySet:
    """Action items ``scope`` may read, filtered, soonest due first."""
    f = filters or ActionFilters()
    found = visible_action_items(scope)
    if f.status in ActionStatus.values:
        found = found.filter(status=f.status)
    elif f.status == OPEN_ANY:
        found = found.still_open()
    if f.due == DUE_OVERDUE:
        found = found.overdue(today)
    elif f.due == DUE_SOON:
        found = found.upcoming(UPCOMING_DAYS, today)
    if f.opd.isdigit():
        found = found.filter(owner_opd_id=int(f.opd))
    if f.kelurahan:
        found = found.filter(kelurahan_id=f.kelurahan)
    if f.meeting.isdigit():
        found = found.filter(decision__meeting_id=int(f.meeting))
    return found.select_related(*RELATED).order_by("due_date", "pk")


def visible_item(scope: Scope, pk: int) -> ActionItem:
    """The item with its decision, meeting and updates, if ``scope`` may read it; 404 otherwise."""
    item = (
        visible_action_items(scope)
        .select_related(*RELATED, "created_by")
        .prefetch_related(Prefetch("updates", ActionItemUpdate.objects.select_related("author")))
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404("action item outside the scope")
    return item


def visible_decision(scope: Scope, pk: int) -> Decision:
    decision = (
        Decision.objects.filter(meeting__in=visible_meetings(scope))
        .select_related("meeting__region")
        .filter(pk=pk)
        .first()
    )
    if decision is None:
        raise Http404("decision outside the scope")
    return decision


def days_overdue(item: ActionItem, today: dt.date | None = None) -> int:
    return max(((today or timezone.localdate()) - item.due_date).days, 0) if item.is_overdue(today) else 0


@dataclass(frozen=True)
class Permissions:
    """What the page may offer; the services check again on every write."""

    can_update: bool
    can_edit: bool


def permissions(scope: Scope, item: ActionItem) -> Permissions:
    may_run = access.may_run(scope, item.decision.meeting)
    return Permissions(can_update=may_run or access.owns(scope, item), can_edit=may_run)


# --- the home page -------------------------------------------------------------------------------------


@dataclass
class HomeFollowUp:
    """The action items on a user's home page: its own, and the overdue ones of the meetings it runs."""

    mine_overdue: list[ActionItem] = field(default_factory=list)
    mine_upcoming: list[ActionItem] = field(default_factory=list)
    # None when the user runs no meetings; the TKPK admin's list covers the whole city.
    run_overdue: list[ActionItem] | None = None
    run_overdue_count: int = 0
    city_wide: bool = False


def runs_meetings(scope: Scope) -> bool:
    return scope.can(Capability.RUN_MEETINGS)


def overdue_of_meetings_run_by(scope: Scope, today: dt.date | None = None) -> QuerySet[ActionItem]:
    """Overdue items of the meetings ``scope`` may run: the whole city for the TKPK admin, the Catur Pilar of
    its kecamatan for the camat, the musyawarah of its kelurahan for the lurah."""
    regions = access.regions_user_may_run(scope)
    return (
        visible_action_items(scope)
        .overdue(today)
        .filter(decision__meeting__region__in=regions)
        .select_related(*RELATED)
        .order_by("due_date", "pk")
    )


def home_follow_up(scope: Scope, today: dt.date | None = None) -> HomeFollowUp:
    today = today or timezone.localdate()
    mine = (
        ActionItem.objects.owned_by(scope.user_id, scope.own_opd_id).select_related(*RELATED).order_by("due_date", "pk")
    )
    result = HomeFollowUp(
        mine_overdue=_with_days(list(mine.overdue(today)[:HOME_LIMIT]), today),
        mine_upcoming=list(mine.upcoming(UPCOMING_DAYS, today)[:HOME_LIMIT]),
        city_wide=scope.city_wide,
    )
    if runs_meetings(scope):
        run = overdue_of_meetings_run_by(scope, today)
        result.run_overdue = _with_days(list(run[:HOME_LIMIT]), today)
        result.run_overdue_count = run.count() if len(result.run_overdue) == HOME_LIMIT else len(result.run_overdue)
    return result


def _with_days(items: list[ActionItem], today: dt.date) -> list[ActionItem]:
    for item in items:
        item.days_overdue = days_overdue(item, today)
    return items


# --- export -------------------------------------------------------------------------------------------


def export_frame(items: QuerySet[ActionItem], today: dt.date | None = None) -> pl.DataFrame:
    """The filtered list as a table with Indonesian headers, one row per item, the latest update's note."""
    today = today or timezone.localdate()
    rows = list(items.prefetch_related(Prefetch("updates", ActionItemUpdate.objects.order_by("created_at", "pk"))))
    statuses = dict(ActionStatus.choices)

    def latest(item: ActionItem) -> str:
        updates = list(item.updates.all())
        return f"{timezone.localtime(updates[-1].created_at):%Y-%m-%d}: {updates[-1].note}" if updates else ""

    columns: dict[str, tuple[pl.DataType, list[object]]] = {
        _("No"): (pl.Int64(), [item.pk for item in rows]),
        _("What"): (pl.String(), [item.title for item in rows]),
        _("Meeting"): (pl.String(), [item.decision.meeting.title for item in rows]),
        _("Meeting date"): (pl.Date(), [timezone.localtime(item.decision.meeting.starts_at).date() for item in rows]),
        _("Decision"): (pl.String(), [f"{item.decision.number}. {item.decision.text}" for item in rows]),
        _("Person in charge"): (pl.String(), [item.owner_label for item in rows]),
        _("Kelurahan"): (pl.String(), [item.kelurahan.name if item.kelurahan else "" for item in rows]),
        _("Intervention"): (pl.String(), [item.intervention.title if item.intervention else "" for item in rows]),
        _("Due date"): (pl.Date(), [item.due_date for item in rows]),
        _("Status"): (pl.String(), [str(statuses[item.status]) for item in rows]),
        _("Days overdue"): (pl.Int64(), [days_overdue(item, today) for item in rows]),
        _("Completed on"): (pl.Date(), [item.completed_on for item in rows]),
        _("Latest update"): (pl.String(), [latest(item) for item in rows]),
        _("Demo data"): (pl.String(), [_("yes") if item.is_demo else "" for item in rows]),
    }
    return pl.DataFrame({name: pl.Series(name, values, dtype=dtype) for name, (dtype, values) in columns.items()})
