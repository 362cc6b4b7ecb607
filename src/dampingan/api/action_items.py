"""Action items over the API: list with the page's filters, one item with its dated updates, create under a
decision, edit, add an update — through the same queries and services as the pages.

Outside the caller's scope 404; seeing an item but not owning it nor running its meeting 403; invalid
input 422 naming the field (``owner`` for no owner or two), nothing half-saved.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, cast

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status

from dampingan.access.requests import ApiRequest
from dampingan.accounts.models import User
from dampingan.coordination import action_items, action_queries
from dampingan.coordination.action_items import ActionItemFields
from dampingan.coordination.models import ActionItem, ActionItemUpdate
from dampingan.interventions.models import Intervention, Partner
from dampingan.lib.service_input import service_input
from dampingan.mentoring.models import Opd
from dampingan.regions.models import Region

from .schemas import BodyIn, Column, Day, ErrorOut, Id, Offset, PatchIn, QueryId

router = Router(tags=["action items"])
MAX_LIMIT = 500


class OwnerOut(Schema):
    kind: str  # "opd", "partner" or "user"
    id: int
    label: str


class UpdateOut(Schema):
    id: int
    date: dt.datetime
    author: str
    note: str
    status_before: str
    status_after: str


class ActionItemOut(Schema):
    id: int
    title: str
    decision_id: int
    decision_number: int
    meeting_id: int
    meeting_title: str
    owner: OwnerOut
    kelurahan_code: str | None
    intervention_id: int | None
    due_date: dt.date
    status: str
    completed_on: dt.date | None
    overdue: bool
    days_overdue: int
    is_demo: bool
    created_by: str
    created_at: dt.datetime


class ActionItemDetailOut(ActionItemOut):
    updates: list[UpdateOut]


class ActionItemIn(BodyIn):
    decision_id: Id
    title: Annotated[str, Column(ActionItem, "title")]
    owner_opd_id: Id | None = None
    owner_partner_id: Id | None = None
    owner_username: str | None = None
    kelurahan_code: str | None = None
    intervention_id: Id | None = None
    due_date: Day | None = None


class ActionItemPatch(PatchIn):
    """Fields left out keep their value; to change the owner send exactly one owner field (the others are
    cleared)."""

    title: Annotated[str | None, Column(ActionItem, "title")] = None
    owner_opd_id: Id | None = None
    owner_partner_id: Id | None = None
    owner_username: str | None = None
    kelurahan_code: str | None = None
    intervention_id: Id | None = None
    due_date: Day = None  # type: ignore[assignment]


class UpdateIn(BodyIn):
    note: Annotated[str, Column(ActionItemUpdate, "note")]
    status: Annotated[str, Column(ActionItem, "status")] | None = None
    date: Day | None = None


def _owner(item: ActionItem) -> dict[str, Any]:
    if item.owner_opd is not None:
        return {"kind": "opd", "id": item.owner_opd_id, "label": item.owner_opd.abbreviation}
    if item.owner_partner is not None:
        return {"kind": "partner", "id": item.owner_partner_id, "label": item.owner_partner.name}
    # A constraint gives every item exactly one owner: here, a user.
    return {"kind": "user", "id": item.owner_user_id, "label": cast(User, item.owner_user).get_username()}


def _item_out(item: ActionItem, *, updates: bool = False) -> dict[str, Any]:
    days = action_queries.days_overdue(item)
    out: dict[str, Any] = {
        **{f: getattr(item, f) for f in ("id", "title", "decision_id", "intervention_id", "due_date", "status")},
        "completed_on": item.completed_on,
        "decision_number": item.decision.number,
        "meeting_id": item.decision.meeting_id,
        "meeting_title": item.decision.meeting.title,
        "owner": _owner(item),
        "kelurahan_code": item.kelurahan_id,
        "overdue": days > 0,
        "days_overdue": days,
        "is_demo": item.is_demo,
        "created_by": item.created_by.get_username(),
        "created_at": item.created_at,
    }
    if updates:
        out["updates"] = [
            {
                "id": u.pk,
                "date": u.created_at,
                "author": u.author.get_username(),
                "note": u.note,
                "status_before": u.status_before,
                "status_after": u.status_after,
            }
            for u in item.updates.all()
        ]
    return out


def _resolve(payload: Schema, fields: set[str]) -> dict[str, Any]:
    """Service input from ids and codes; an unknown one is a 422 on its field."""
    data: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    lookups: list[tuple[str, str, Any, str]] = [
        ("owner_opd_id", "owner_opd", Opd.objects, "pk"),
        ("owner_partner_id", "owner_partner", Partner.objects, "pk"),
        ("owner_username", "owner_user", User.objects, "username"),
        ("kelurahan_code", "kelurahan", Region.objects, "code"),
        ("intervention_id", "intervention", Intervention.objects, "pk"),
    ]
    for name, target, manager, key in lookups:
        if name not in fields:
            continue
        value = getattr(payload, name)
        if value in (None, ""):
            data[target] = None
            continue
        found = manager.filter(**{key: value}).first()
        if found is None:
            errors[name] = [f"unknown {key} {value!r}"]
        data[target] = found
    for name in ("title", "due_date"):
        if name in fields:
            data[name] = getattr(payload, name)
    if errors:
        raise ValidationError(errors)
    return data


@router.get("/", response=list[ActionItemOut], summary="Action items in the caller's scope, soonest due first")
def list_items(
    request: ApiRequest,
    status: str | None = None,
    overdue: bool = False,
    due_soon: bool = False,
    opd_id: QueryId | None = None,
    kelurahan: str | None = None,
    meeting_id: QueryId | None = None,
    limit: int = 100,
    offset: Offset = 0,
) -> list[dict]:
    """``overdue=true``: not closed and past the due date; ``due_soon=true``: due within 14 days."""
    filters = action_queries.ActionFilters(
        status=status or "",
        due=action_queries.DUE_OVERDUE if overdue else action_queries.DUE_SOON if due_soon else "",
        opd=str(opd_id or ""),
        kelurahan=kelurahan or "",
        meeting=str(meeting_id or ""),
    )
    found = action_queries.action_items(request.scope, filters).select_related("created_by")
    limit = max(0, min(limit, MAX_LIMIT))
    return [_item_out(item) for item in found[offset : offset + limit]]


@router.get("/{item_id}", response={200: ActionItemDetailOut, 404: ErrorOut})
def get_item(request: ApiRequest, item_id: int) -> dict:
    return _item_out(action_queries.visible_item(request.scope, item_id), updates=True)


@router.post("/", response={201: ActionItemDetailOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut})
def create_item(request: ApiRequest, payload: ActionItemIn) -> Status[dict]:
    """Create an action item under a decision; only who runs the decision's meeting."""
    decision = action_queries.visible_decision(request.scope, payload.decision_id)
    data = service_input(ActionItemFields, _resolve(payload, set(ActionItemIn.model_fields) - {"decision_id"}))
    item = action_items.create_action_item(request.auth, decision, data)
    return Status(201, _item_out(action_queries.visible_item(request.scope, item.pk), updates=True))


@router.patch("/{item_id}", response={200: ActionItemDetailOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut})
def edit_item(request: ApiRequest, item_id: int, payload: ActionItemPatch) -> dict:
    item = action_queries.visible_item(request.scope, item_id)
    sent = payload.model_fields_set
    changes: dict[str, Any] = {}
    if sent & {"owner_opd_id", "owner_partner_id", "owner_username"}:
        # A new owner replaces the old one, whichever of the three fields held it.
        changes.update({name: None for name in action_items.OWNER_FIELDS})
    changes.update(_resolve(payload, set(sent)))
    action_items.edit_action_item(request.auth, item, service_input(ActionItemFields, changes, partial=True))
    return _item_out(action_queries.visible_item(request.scope, item_id), updates=True)


@router.post("/{item_id}/updates", response={201: ActionItemDetailOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut})
def add_update(request: ApiRequest, item_id: int, payload: UpdateIn) -> Status[dict]:
    """A dated note, with a new status when ``status`` is given (``selesai`` closes the item)."""
    item = action_queries.visible_item(request.scope, item_id)
    action_items.add_update(request.auth, item, payload.note, payload.status or None, payload.date)
    return Status(201, _item_out(action_queries.visible_item(request.scope, item_id), updates=True))
