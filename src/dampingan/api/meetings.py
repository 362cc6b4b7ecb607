"""Meetings and their decisions over the API: the same visibility, rights and services as the pages
(attachments and printables are page-only).

A meeting outside what the caller may see answers 404; seeing it without the right to run its region 403,
with the reason; invalid input 422 naming the field, nothing half-saved. Times without a time zone are read
in the deployment's (Asia/Jakarta unless set otherwise).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from dampingan.access.requests import ApiRequest
from dampingan.coordination import meeting_queries, meetings
from dampingan.coordination.meetings import MeetingFields, ParticipantSpec
from dampingan.coordination.models import Decision, Meeting, MeetingKind, MeetingStatus, Participant
from dampingan.lib.service_input import service_input
from dampingan.regions.models import Region, RegionLevel

from .interventions import explained_403
from .refusals import named_as_sent
from .schemas import BodyIn, Column, ErrorOut, Id, Moment, Offset, PatchIn, one_of, published

router = Router(tags=["meetings"])
MAX_LIMIT = 500
ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class ParticipantIn(BodyIn):
    opd_id: Id | None = None
    user_id: Id | None = None
    partner_id: Id | None = None
    body: Annotated[str, Column(Participant, "body")] = ""
    body_region_code: str | None = None
    name: Annotated[str, Column(Participant, "name")] = ""
    position: Annotated[str, Column(Participant, "position")] | None = None
    role: Annotated[str, Column(Participant, "role")] | None = None
    topic: Annotated[str, Column(Participant, "topic")] | None = None


class ParticipantOut(Schema):
    id: int
    label: str
    name: str
    position: str
    role: str
    topic: str
    opd_id: int | None
    user_id: int | None
    partner_id: int | None
    body: str
    body_region_code: str | None
    invited: bool
    attended: bool | None


class ActionItemSummaryOut(Schema):
    id: int
    title: str
    owner: str
    kelurahan_code: str | None
    due_date: dt.date
    status: str
    overdue: bool
    is_demo: bool


class DecisionOut(Schema):
    id: int
    meeting_id: int
    number: int
    text: str
    kelurahan_codes: list[str]
    is_demo: bool
    action_items: list[ActionItemSummaryOut]


class DecisionIn(BodyIn):
    text: Annotated[str, Column(Decision, "text")]
    kelurahan_codes: list[str] = []


class MeetingOut(Schema):
    id: int
    kind: str
    region_code: str
    region_name: str
    level: int
    title: str
    theme: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    venue: str
    chair: str
    status: str
    participant_count: int
    attended_count: int
    decision_count: int


class AttachmentOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    caption: str


class MeetingDetailOut(MeetingOut):
    agenda: str
    minutes: str
    source: str
    participants: list[ParticipantOut]
    decisions: list[DecisionOut]
    attachments: list[AttachmentOut]
    created_by: str
    created_at: dt.datetime


class MeetingIn(BodyIn):
    kind: Annotated[str, Column(Meeting, "kind")]
    region_code: Annotated[str, Column(Meeting, "region")]
    title: Annotated[str, Column(Meeting, "title")]
    theme: Annotated[str, Column(Meeting, "theme")] = ""
    starts_at: Moment
    ends_at: Moment
    venue: Annotated[str, Column(Meeting, "venue")]
    chair: Annotated[str, Column(Meeting, "chair")]
    agenda: Annotated[str, Column(Meeting, "agenda")] = ""
    source: Annotated[str, Column(Meeting, "source")] = ""
    status: Annotated[str, published(enum=[MeetingStatus.PLANNED, MeetingStatus.HELD])] = Field(
        MeetingStatus.PLANNED, description="A new meeting is planned or held, not cancelled"
    )
    participants: list[ParticipantIn] = []


class MeetingPatch(PatchIn):
    kind: Annotated[str | None, Column(Meeting, "kind")] = None
    region_code: Annotated[str | None, Column(Meeting, "region")] = None
    title: Annotated[str | None, Column(Meeting, "title")] = None
    theme: Annotated[str | None, Column(Meeting, "theme")] = None
    starts_at: Moment = None  # type: ignore[assignment]
    ends_at: Moment = None  # type: ignore[assignment]
    venue: Annotated[str | None, Column(Meeting, "venue")] = None
    chair: Annotated[str | None, Column(Meeting, "chair")] = None
    agenda: Annotated[str | None, Column(Meeting, "agenda")] = None
    source: Annotated[str | None, Column(Meeting, "source")] = None
    status: Annotated[str | None, Column(Meeting, "status")] = None
    minutes: Annotated[str | None, Column(Meeting, "minutes")] = None
    participants: list[ParticipantIn] = None  # type: ignore[assignment]


class AttendanceIn(BodyIn):
    attended_participant_ids: list[Id]
    walk_ins: list[ParticipantIn] = []


if TYPE_CHECKING:
    KindValue = str
    LevelValue = str
    StatusValue = str
else:
    # The model's choices, as pydantic checks them and the published document lists them; to the type checker,
    # which cannot read values known only at import, the str each one is.
    KindValue = Literal[tuple(MeetingKind.values)]
    LevelValue = one_of(RegionLevel.values)
    StatusValue = Literal[tuple(MeetingStatus.values)]


class MeetingFilterQuery(Schema):
    kind: KindValue | None = None
    level: LevelValue | None = None
    region: str | None = None
    year: int | None = Field(None, ge=1900, le=2200)
    status: StatusValue | None = None


# --- conversions ----------------------------------------------------------------------------------------


def _aware(value: dt.datetime) -> dt.datetime:
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _spec(line: ParticipantIn) -> ParticipantSpec:
    return ParticipantSpec(
        opd_id=line.opd_id,
        user_id=line.user_id,
        partner_id=line.partner_id,
        body=line.body,
        body_region_id=line.body_region_code or None,  # "" names no region, like an empty form field
        name=line.name,
        position=line.position,
        role=line.role,
        topic=line.topic,
    )


def _region(code: str) -> Region | str:
    """The region of ``code``; the code itself when unknown, so the service names it among the other errors."""
    return Region.objects.filter(pk=code).first() or code


# The service's name of a field → the request's (a refusal names the field the caller sent).
SENT_AS = {"region": "region_code"}


def _meeting_data(payload: Schema, fields: set[str], *, partial: bool = False) -> MeetingFields:
    """The meeting's fields in ``payload`` as the service takes them (the region for its code); none of them
    may be null, so a field sent as null is left as it is."""
    data = {k: v for k, v in payload.dict(include=fields).items() if v is not None}
    for name in ("starts_at", "ends_at"):
        if name in data:
            data[name] = _aware(data[name])
    if "region_code" in data:
        data["region"] = _region(data.pop("region_code"))
    return service_input(MeetingFields, data, partial=partial)


def _participant_out(p: Participant) -> dict[str, Any]:
    return {
        "id": p.pk,
        "label": meeting_queries.display_name(p),
        **{f: getattr(p, f) for f in ("name", "position", "role", "topic", "opd_id", "user_id", "partner_id")},
        "body": p.body,
        "body_region_code": p.body_region_id,
        "invited": p.invited,
        "attended": p.attended,
    }


def _decision_out(d: Decision, today: dt.date) -> dict[str, Any]:
    return {
        "id": d.pk,
        "meeting_id": d.meeting_id,
        "number": d.number,
        "text": d.text,
        "kelurahan_codes": [k.code for k in d.kelurahan.all()],
        "is_demo": d.is_demo,
        "action_items": [
            {
                "id": item.pk,
                "title": item.title,
                "owner": item.owner_label,
                "kelurahan_code": item.kelurahan_id,
                "due_date": item.due_date,
                "status": item.status,
                "overdue": item.is_overdue(today),
                "is_demo": item.is_demo,
            }
            for item in d.action_items.all()
        ],
    }


def _meeting_out(m: Meeting) -> dict[str, Any]:
    return {
        **{f: getattr(m, f) for f in ("id", "kind", "title", "theme", "starts_at", "ends_at", "venue", "chair")},
        "status": m.status,
        "region_code": m.region_id,
        "region_name": m.region.name,
        "level": m.region.level,
        "participant_count": getattr(m, "participant_count", 0),
        "attended_count": getattr(m, "attended_count", 0),
        "decision_count": getattr(m, "decision_count", 0),
    }


def _detail_out(request: ApiRequest, pk: int) -> dict[str, Any]:
    m = meeting_queries.meeting_detail(request.scope, pk)
    people = list(m.participants.all())
    decisions = list(m.decisions.all())
    today = timezone.localdate()
    return {
        **_meeting_out(m),
        "participant_count": len(people),
        "attended_count": sum(1 for p in people if p.attended),
        "decision_count": len(decisions),
        "agenda": m.agenda,
        "minutes": m.minutes,
        "source": m.source,
        "participants": [_participant_out(p) for p in people],
        "decisions": [_decision_out(d, today) for d in decisions],
        "attachments": [
            {f: getattr(a, f) for f in ("id", "original_name", "content_type", "size", "caption")}
            for a in m.attachments.all()
        ],
        "created_by": m.created_by.username,
        "created_at": m.created_at,
    }


# --- endpoints ------------------------------------------------------------------------------------------


@router.get("/", response=list[MeetingOut], summary="Meetings the caller may see, newest first")
def list_meetings(
    request: ApiRequest, filters: Query[MeetingFilterQuery], limit: int = 100, offset: Offset = 0
) -> list[dict]:
    query = {
        k: str(v)
        for k, v in {
            "kind": filters.kind,
            "level": filters.level,
            "region": filters.region,
            "year": filters.year,
            "status": filters.status,
        }.items()
        if v is not None
    }
    found = meeting_queries.meetings(request.scope, meeting_queries.MeetingFilters.from_query(query))
    limit = max(0, min(limit, MAX_LIMIT))
    return [_meeting_out(m) for m in found[offset : offset + limit]]


@router.get("/{meeting_id}", response={200: MeetingDetailOut, 404: ErrorOut})
def get_meeting(request: ApiRequest, meeting_id: int) -> dict:
    return _detail_out(request, meeting_id)


@router.post("/", response={201: MeetingDetailOut, **ERRORS}, summary="Record a meeting with its participants")
@explained_403
def create_meeting(request: ApiRequest, payload: MeetingIn) -> Status[dict]:
    data = _meeting_data(payload, set(meetings.MEETING_FIELDS) | {"region_code", "status"})
    with named_as_sent(SENT_AS):
        meeting = meetings.create_meeting(request.auth, data, [_spec(p) for p in payload.participants])
    return Status(201, _detail_out(request, meeting.pk))


@router.patch("/{meeting_id}", response={200: MeetingDetailOut, **ERRORS}, summary="Change a meeting")
@explained_403
def patch_meeting(request: ApiRequest, meeting_id: int, payload: MeetingPatch) -> dict:
    """Only the fields sent change. ``participants``, when sent, replaces the list (lines that stay keep their
    attendance); ``minutes`` are Markdown; ``status`` follows planned → held / cancelled."""
    meeting = meeting_queries.visible_meeting(request.scope, meeting_id)
    data = _meeting_data(payload, set(meetings.MEETING_FIELDS) | {"region_code", "status"}, partial=True)
    participants = None if payload.participants is None else [_spec(p) for p in payload.participants]
    with transaction.atomic(), named_as_sent(SENT_AS):
        meeting = meetings.update_meeting(request.auth, meeting, data, participants)
        if payload.minutes is not None:
            meetings.write_minutes(request.auth, meeting, payload.minutes)
    return _detail_out(request, meeting_id)


@router.post("/{meeting_id}/attendance", response={200: MeetingDetailOut, **ERRORS}, summary="Take the attendance")
@explained_403
def take_attendance(request: ApiRequest, meeting_id: int, payload: AttendanceIn) -> dict:
    meeting = meeting_queries.visible_meeting(request.scope, meeting_id)
    meetings.record_attendance(
        request.auth, meeting, payload.attended_participant_ids, [_spec(p) for p in payload.walk_ins]
    )
    return _detail_out(request, meeting_id)


@router.get("/{meeting_id}/decisions", response={200: list[DecisionOut], 404: ErrorOut})
def list_decisions(request: ApiRequest, meeting_id: int) -> list[dict]:
    meeting = meeting_queries.meeting_detail(request.scope, meeting_id)
    today = timezone.localdate()
    return [_decision_out(d, today) for d in meeting.decisions.all()]


@router.post("/{meeting_id}/decisions", response={201: DecisionOut, **ERRORS}, summary="Add a decision")
@explained_403
def create_decision(request: ApiRequest, meeting_id: int, payload: DecisionIn) -> Status[dict]:
    meeting = meeting_queries.visible_meeting(request.scope, meeting_id)
    kelurahan = list(Region.objects.filter(pk__in=payload.kelurahan_codes))
    unknown = set(payload.kelurahan_codes) - {k.code for k in kelurahan}
    if unknown:
        raise ValidationError(
            {"kelurahan": [_("Unknown region codes: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}]}
        )
    decision = meetings.add_decision(request.auth, meeting, payload.text, kelurahan)
    return Status(201, _decision_out(decision, timezone.localdate()))
