"""Writes of action items: created from a decision by whoever runs the meeting, edited by them, followed up
by dated updates from the owner or the meeting's runner. Pages and API both call these functions.

Each function checks visibility first (404 outside it) and the right to act second (403), validates
everything before writing, runs in one transaction and names the actor in the audit log. A decision that
nobody follows up is the failure to prevent: an item always has exactly one owner and a due date, and every
change of its status is an ``ActionItemUpdate`` with the status before and after.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, Required, TypedDict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dampingan.access.audit import acting_as
from dampingan.access.scope import Scope
from dampingan.interventions.queries import visible_interventions
from dampingan.regions.models import Region, RegionLevel

from . import access
from .action_queries import visible_action_items
from .meeting_queries import visible_meetings
from .models import CLOSED_STATUSES, ActionItem, ActionItemUpdate, ActionStatus, Decision

if TYPE_CHECKING:
    from dampingan.accounts.models import User
    from dampingan.interventions.models import Intervention, Partner
    from dampingan.mentoring.models import Opd

    from .models import Meeting

# What the form and the API may set; the status moves only through dated updates.
ITEM_FIELDS = ("title", "owner_opd", "owner_partner", "owner_user", "kelurahan", "intervention", "due_date")
# Literal names, so that the type checker reads an item's field by each of them as an owner.
OwnerField = Literal["owner_opd", "owner_partner", "owner_user"]
OWNER_FIELDS: tuple[OwnerField, ...] = ("owner_opd", "owner_partner", "owner_user")


class ActionItemFields(TypedDict, total=False):
    """The fields of ``ITEM_FIELDS`` as a form or the API gives them; an edit gives only those that change."""

    title: Required[str]
    owner_opd: Opd | None
    owner_partner: Partner | None
    owner_user: User | None
    kelurahan: Region | None
    intervention: Intervention | None
    # Sent even when left empty, so that the refusal asks for it by name.
    due_date: Required[dt.date | None]


def _day(value: dt.date) -> str:
    return date_format(value, "j F Y")


def _require_run(actor: User, meeting: Meeting) -> None:
    scope = Scope.for_user(actor)
    if not visible_meetings(scope).filter(pk=meeting.pk).exists():
        raise Http404("meeting outside the scope")
    if not access.may_run(scope, meeting):
        raise PermissionDenied("run_meetings")


def require_update(actor: User, item: ActionItem) -> None:
    """404 when ``actor`` may not see the item, 403 when it may see it but not follow it up."""
    scope = Scope.for_user(actor)
    if not visible_action_items(scope).filter(pk=item.pk).exists():
        raise Http404("action item outside the scope")
    if not access.may_update_item(scope, item):
        raise PermissionDenied("not the owner of this action item")


def _owner_label(field: str, value: Any) -> str:
    if field == "owner_opd":
        return _("OPD %(name)s") % {"name": value.abbreviation}
    if field == "owner_partner":
        return _("partner %(name)s") % {"name": value.name}
    return _("user %(name)s") % {"name": value.get_full_name() or value.get_username()}


def _check_item(actor: User, meeting: Meeting, data: ActionItemFields) -> ActionItemFields:
    """The cleaned fields of an item, or every problem at once keyed by field: what, who, when, where, for
    which intervention."""
    clean: ActionItemFields = {
        "title": (data.get("title") or "").strip(),
        "owner_opd": data.get("owner_opd"),
        "owner_partner": data.get("owner_partner"),
        "owner_user": data.get("owner_user"),
        "kelurahan": data.get("kelurahan"),
        "intervention": data.get("intervention"),
        "due_date": data.get("due_date"),
    }
    errors: dict[str, list[str]] = {}
    for problems in (
        [("title", _("Say what has to be done."))] if not clean["title"] else [],
        _owner_problems(clean),
        _due_problems(clean["due_date"], meeting),
        _kelurahan_problems(clean["kelurahan"], meeting),
        _intervention_problems(actor, clean["intervention"]),
    ):
        for name, message in problems:
            errors.setdefault(name, []).append(message)
    if errors:
        raise ValidationError(errors)
    return clean


def _owner_problems(clean: ActionItemFields) -> list[tuple[str, str]]:
    """Exactly one owner, still active."""
    owners = [(name, owner) for name in OWNER_FIELDS if (owner := clean.get(name)) is not None]
    if not owners:
        return [("owner", _("Choose who is responsible (penanggung jawab): one OPD, one partner or one user."))]
    if len(owners) > 1:
        message = _("Choose only one person in charge; you chose %(owners)s.") % {
            "owners": _(" and ").join(_owner_label(name, owner) for name, owner in owners)
        }
        return [("owner", message)]
    name, owner = owners[0]
    if owner.is_active:
        return []
    return [("owner", _INACTIVE_OWNER[name](owner))]


_INACTIVE_OWNER: dict[str, Callable[[Any], str]] = {
    "owner_opd": lambda opd: _("%(opd)s is no longer active.") % {"opd": opd.abbreviation},
    "owner_partner": lambda partner: _("%(partner)s is no longer active.") % {"partner": partner.name},
    "owner_user": lambda user: (
        _("The account of %(user)s is not active.") % {"user": user.get_full_name() or user.get_username()}
    ),
}


def _due_problems(due: dt.date | None, meeting: Meeting) -> list[tuple[str, str]]:
    """A due date, not before the day of the meeting."""
    meeting_day = timezone.localtime(meeting.starts_at).date()
    if not isinstance(due, dt.date):
        return [("due_date", _("Give the due date (tenggat) by which it must be done."))]
    if due < meeting_day:
        message = _("The due date %(due)s is before the meeting of %(meeting)s.") % {
            "due": _day(due),
            "meeting": _day(meeting_day),
        }
        return [("due_date", message)]
    return []


def _kelurahan_problems(kelurahan: Region | None, meeting: Meeting) -> list[tuple[str, str]]:
    """A kelurahan (or desa), if any, inside the region of the meeting."""
    if kelurahan is None:
        return []
    region = meeting.region
    if kelurahan.level != RegionLevel.DESA_KELURAHAN:
        message = _("Choose a kelurahan or desa; %(name)s is a %(kind)s.") % {
            "name": kelurahan.name,
            "kind": kelurahan.kind_label.lower(),
        }
        return [("kelurahan", message)]
    if not (kelurahan.code == region.code or kelurahan.code.startswith(f"{region.code}.")):
        message = _(
            "%(kelurahan)s is not in %(region)s, where this meeting was held; choose a kelurahan of %(region)s."
        ) % {"kelurahan": kelurahan.name, "region": region.name}
        return [("kelurahan", message)]
    return []


def _intervention_problems(actor: User, intervention: Intervention | None) -> list[tuple[str, str]]:
    if (
        intervention is not None
        and not visible_interventions(Scope.for_user(actor)).filter(pk=intervention.pk).exists()
    ):
        return [("intervention", _("This intervention is outside your work area."))]
    return []


def _stored(item: ActionItem) -> ActionItemFields:
    """The item's fields as saved: an edit keeps those it leaves out."""
    return {
        "title": item.title,
        "owner_opd": item.owner_opd,
        "owner_partner": item.owner_partner,
        "owner_user": item.owner_user,
        "kelurahan": item.kelurahan,
        "intervention": item.intervention,
        "due_date": item.due_date,
    }


def create_action_item(actor: User, decision: Decision, data: ActionItemFields, *, is_demo: bool = False) -> ActionItem:
    """Add an action item to ``decision``: what, exactly one owner, optional kelurahan (inside the
    meeting's region) and intervention, and a due date not before the meeting. Only who runs the meeting."""
    meeting = decision.meeting
    _require_run(actor, meeting)
    clean = _check_item(actor, meeting, data)
    with transaction.atomic(), acting_as(actor):
        item = ActionItem(decision=decision, created_by=actor, is_demo=is_demo, **clean)
        item.full_clean()
        item.save()
    return item


def edit_action_item(actor: User, item: ActionItem, data: ActionItemFields) -> ActionItem:
    """Change what, owner, kelurahan, intervention or due date (those in ``data``; the others stay); the same
    checks as on creation. The status is not edited here: it moves only through ``add_update``, so its
    history stays complete."""
    meeting = item.decision.meeting
    _require_run(actor, meeting)
    clean = _check_item(actor, meeting, {**_stored(item), **data})
    with transaction.atomic(), acting_as(actor):
        locked = ActionItem.objects.select_for_update().get(pk=item.pk)
        for name, value in clean.items():
            setattr(locked, name, value)
        locked.full_clean()
        locked.save()
    return locked


def add_update(
    actor: User, item: ActionItem, note: str, status: str | None = None, on: dt.date | None = None
) -> ActionItemUpdate:
    """Record a dated note on ``item`` and, when ``status`` differs from the current one, the status change.

    Closing as done sets ``completed_on`` to the update's date; reopening (or cancelling) clears it. A note
    is always required, and closing says what was done or why it was cancelled. The owner (the user, or a
    user of the owner OPD) and whoever runs the meeting may do this; the date cannot be in the future or
    before the meeting.
    """
    require_update(actor, item)
    note = (note or "").strip()
    today = timezone.localdate()
    on = on or today
    errors: dict[str, list[str]] = {}
    if status and status not in ActionStatus.values:
        errors["status"] = [_("Unknown status “%(status)s”.") % {"status": status}]
    closing = bool(status) and status in CLOSED_STATUSES and status != item.status
    if not note:
        errors["note"] = [
            _("Write what was done, or why it is cancelled, before closing the item.")
            if closing
            else _("Write a note on the progress.")
        ]
    meeting_day = timezone.localtime(item.decision.meeting.starts_at).date()
    if on > today:
        errors["on"] = [_("An update cannot be dated in the future.")]
    elif on < meeting_day:
        errors["on"] = [
            _("An update cannot be dated before the meeting of %(meeting)s.") % {"meeting": _day(meeting_day)}
        ]
    if errors:
        raise ValidationError(errors)

    with transaction.atomic(), acting_as(actor):
        locked = ActionItem.objects.select_for_update().get(pk=item.pk)
        before = locked.status
        after = status or before
        created_at = timezone.now() if on == today else timezone.make_aware(dt.datetime.combine(on, dt.time(12)))
        update = ActionItemUpdate(
            item=locked, author=actor, note=note, status_before=before, status_after=after, created_at=created_at
        )
        update.full_clean()
        update.save()
        if after != before:
            locked.status = after
            locked.completed_on = on if after == ActionStatus.DONE else None
            locked.full_clean()
            locked.save(update_fields=["status", "completed_on", "updated_at"])
    item.status, item.completed_on = locked.status, locked.completed_on
    return update
