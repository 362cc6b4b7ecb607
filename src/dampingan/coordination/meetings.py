"""Writes of meetings: the meeting and its participant list, attendance, minutes, status, decisions and
attachments. Pages and API both call these functions.

Each function checks visibility first (404 outside it), then the capability and the right to run the
meeting's region (403), validates everything before writing (every problem at once, keyed by field), runs
in one transaction and names the actor in the audit log. Stored attachment files are removed again if the
transaction fails, so nothing is left half-saved.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Required, TypedDict, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dampingan.access.audit import acting_as
from dampingan.access.roles import Capability
from dampingan.access.scope import Scope
from dampingan.accounts.models import User
from dampingan.interventions.models import Partner
from dampingan.lib import deployment
from dampingan.mentoring.models import Opd
from dampingan.regions.models import Region, RegionLevel

from . import access, meeting_attachments, meeting_queries
from .models import (
    KIND_LEVEL,
    CommunityBody,
    Decision,
    Meeting,
    MeetingAttachment,
    MeetingKind,
    MeetingStatus,
    Participant,
    ParticipantRole,
)

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

MEETING_FIELDS = ("kind", "region", "title", "theme", "starts_at", "ends_at", "venue", "chair", "agenda", "source")
REQUIRED_FIELDS = ("kind", "region", "title", "starts_at", "ends_at", "venue", "chair")
MAX_MINUTES_CHARS = 200_000
MAX_PARTICIPANTS = 500

# Status changes a meeting may go through. A held meeting goes back to planned only as a correction, and
# not once decisions hang on it; a cancelled one can be planned again (postponed, then rescheduled).
TRANSITIONS: dict[str, frozenset[str]] = {
    MeetingStatus.PLANNED: frozenset({MeetingStatus.HELD, MeetingStatus.CANCELLED}),
    MeetingStatus.HELD: frozenset({MeetingStatus.PLANNED}),
    MeetingStatus.CANCELLED: frozenset({MeetingStatus.PLANNED}),
}


class MeetingFields(TypedDict, total=False):
    """A meeting's own fields as a form or the API gives them (``MEETING_FIELDS`` and the status); an edit
    gives only those that change."""

    kind: Required[str]
    # The code itself when no region has it, so that the refusal names it among the meeting's other problems.
    region: Required[Region | str]
    title: Required[str]
    theme: str
    starts_at: Required[dt.datetime]
    ends_at: Required[dt.datetime]
    venue: Required[str]
    chair: Required[str]
    agenda: str
    source: str
    status: str


@dataclass(frozen=True)
class ParticipantSpec:
    """One line of a participant list as a form or the API gives it.

    ``position``, ``role`` and ``topic`` left ``None`` keep what an existing line holds (a form that only
    ticks OPDs must not wipe the position typed earlier); a new line gets "" and an ordinary participant.
    """

    opd_id: int | None = None
    user_id: int | None = None
    partner_id: int | None = None
    body: str = ""
    body_region_id: str | None = None
    name: str = ""
    position: str | None = None
    role: str | None = None
    topic: str | None = None

    @property
    def is_someone(self) -> bool:
        return bool(self.opd_id or self.user_id or self.partner_id or self.body or self.name.strip())

    @property
    def name_only(self) -> bool:
        """A guest or speaker typed by name alone (not an OPD, user, partner or body)."""
        return not (self.opd_id or self.user_id or self.partner_id or self.body) and bool(self.name.strip())

    def key(self) -> tuple[object, ...]:
        return (self.opd_id, self.user_id, self.partner_id, self.body, self.body_region_id, _fold(self.name))


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def participant_key(participant: Participant) -> tuple[object, ...]:
    return (
        participant.opd_id,
        participant.user_id,
        participant.partner_id,
        participant.body,
        participant.body_region_id,
        _fold(participant.name),
    )


def spec_of(participant: Participant) -> ParticipantSpec:
    return ParticipantSpec(
        opd_id=participant.opd_id,
        user_id=participant.user_id,
        partner_id=participant.partner_id,
        body=participant.body,
        body_region_id=participant.body_region_id,
        name=participant.name,
        position=participant.position,
        role=participant.role,
        topic=participant.topic,
    )


def _when(value: dt.datetime) -> str:
    return date_format(timezone.localtime(value), "j F Y, H:i")


def in_region(code: str, region: Region) -> bool:
    """Whether ``code`` is ``region`` itself or lies within it."""
    return code == region.code or code.startswith(f"{region.code}.")


# --- who may -------------------------------------------------------------------------------------------


def require_run(actor: User, meeting: Meeting) -> None:
    """404 when ``actor`` may not see the meeting, 403 when it may see it but not run it."""
    scope = Scope.for_user(actor)
    if not meeting_queries.visible_meetings(scope).filter(pk=meeting.pk).exists():
        raise Http404("meeting outside the scope")
    scope.require(Capability.RUN_MEETINGS)
    if not access.may_run(scope, meeting):
        raise PermissionDenied(
            _("Only who runs meetings of %(region)s may change this meeting.") % {"region": meeting.region.name}
        )


def _current(meeting: Meeting) -> Meeting:
    """The meeting as stored now: a caller's copy may predate a status change made since."""
    return Meeting.objects.select_related("region").get(pk=meeting.pk)


# --- checks --------------------------------------------------------------------------------------------


def _check_meeting(actor: User, values: MeetingFields, status: str) -> dict[str, list[str]]:
    """Every problem of a meeting's fields at once, keyed by field: what is missing, then the type and the
    region, then the times, then the status."""
    errors: dict[str, list[str]] = {}
    for problems in (
        _missing(values),
        _kind_and_region_problems(actor, values.get("kind"), values.get("region")),
        _time_problems(values.get("starts_at"), values.get("ends_at"), status),
    ):
        for name, message in problems:
            errors.setdefault(name, []).append(message)
    if status not in MeetingStatus.values:
        errors.setdefault("status", []).append(_("Unknown status “%(status)s”.") % {"status": status})
    return errors


def _missing(values: MeetingFields) -> list[tuple[str, str]]:
    return [
        (name, _("This is required."))
        for name in REQUIRED_FIELDS
        if (value := values.get(name)) is None or (isinstance(value, str) and not value.strip())
    ]


def _kind_and_region_problems(actor: User, kind: str | None, region: Region | str | None) -> list[tuple[str, str]]:
    """A known type, held for a region of its level, inside the deployment, that the actor may hold it for."""
    found: list[tuple[str, str]] = []
    if kind and kind not in MeetingKind.values:
        found.append(("kind", _("Unknown meeting type “%(kind)s”.") % {"kind": kind}))
    if region and not isinstance(region, Region):
        found.append(("region", _("There is no region with code %(code)s.") % {"code": region}))
    if not isinstance(region, Region):
        return found
    expected = KIND_LEVEL.get(kind) if kind else None
    if kind and expected is not None and region.level != expected:
        message = _("A %(kind)s is held for a %(level)s; %(region)s is a %(actual)s.") % {
            "kind": MeetingKind(kind).label,
            "level": RegionLevel(expected).label.lower(),
            "region": region.name,
            "actual": RegionLevel(region.level).label.lower(),
        }
        found.append(("region", message))
    elif region.level == RegionLevel.PROVINSI or not in_region(region.code, _deployment()):
        found.append(("region", _("%(region)s is outside this deployment's city.") % {"region": region.name}))
    elif not access.may_run_in(Scope.for_user(actor), region):
        found.append(("region", _("You may not hold meetings for %(region)s.") % {"region": region.name}))
    return found


def _time_problems(starts: dt.datetime | None, ends: dt.datetime | None, status: str) -> list[tuple[str, str]]:
    """Times with their zone, an end after the start and within seven days, a held meeting already begun."""
    if not (isinstance(starts, dt.datetime) and isinstance(ends, dt.datetime)):
        return []
    found: list[tuple[str, str]] = []
    if timezone.is_naive(starts) or timezone.is_naive(ends):
        found.append(("starts_at", _("Give the time with its time zone.")))
    elif ends <= starts:
        message = _("The meeting must end after it starts: it ends %(end)s but starts %(start)s.") % {
            "end": _when(ends),
            "start": _when(starts),
        }
        found.append(("ends_at", message))
    elif ends - starts > dt.timedelta(days=7):
        found.append(("ends_at", _("A meeting lasts at most seven days; check the end date.")))
    if status == MeetingStatus.HELD and timezone.is_aware(starts) and starts > timezone.now():
        found.append(("status", _("A meeting that has not started yet cannot be marked as held.")))
    return found


def _deployment() -> Region:
    return Region(code=deployment.code(), name=deployment.code(), level=RegionLevel.KABUPATEN_KOTA)


@dataclass
class _Resolved:
    opds: dict[int, Opd]
    users: dict[int, User]
    partners: dict[int, Partner]
    regions: dict[str, Region]


def _resolve(specs: Sequence[ParticipantSpec]) -> _Resolved:
    return _Resolved(
        opds=Opd.objects.in_bulk({s.opd_id for s in specs if s.opd_id}),
        users=User.objects.in_bulk({s.user_id for s in specs if s.user_id}),
        partners=Partner.objects.in_bulk({s.partner_id for s in specs if s.partner_id}),
        regions=Region.objects.in_bulk({s.body_region_id for s in specs if s.body_region_id}),
    )


def spec_label(spec: ParticipantSpec, found: _Resolved | None = None) -> str:
    """How a participant line is named in a message: the name typed, else the OPD, partner, user or body."""
    found = found or _resolve([spec])
    if spec.name.strip():
        return spec.name.strip()
    if spec.opd_id in found.opds:
        return found.opds[spec.opd_id].abbreviation
    if spec.partner_id in found.partners:
        return found.partners[spec.partner_id].name
    if spec.user_id in found.users:
        user = found.users[spec.user_id]
        return user.get_full_name() or user.get_username()
    if spec.body in CommunityBody.values:
        label = str(CommunityBody(spec.body).label)
        region = found.regions.get(spec.body_region_id or "")
        return f"{label} {region.name}" if region else label
    return "?"


def _check_participants(region: Region | None, specs: Sequence[ParticipantSpec]) -> list[str]:
    """Every problem of the participant list, each naming the line (1-based) and who it is."""
    if len(specs) > MAX_PARTICIPANTS:
        return [_("At most %(count)s participants per meeting.") % {"count": MAX_PARTICIPANTS}]
    found = _resolve(specs)
    problems: list[str] = []
    seen: dict[tuple[object, ...], int] = {}
    for line, spec in enumerate(specs, start=1):
        problems += [
            _("Participant %(line)s: %(problem)s") % {"line": line, "problem": message}
            for message in _line_problems(spec, line, region, found, seen)
        ]
    return problems


def _line_problems(
    spec: ParticipantSpec, line: int, region: Region | None, found: _Resolved, seen: dict[tuple[object, ...], int]
) -> list[str]:
    """The problems of one line: nobody named; else what it refers to, its role and lengths, and a participant
    listed twice (``seen`` holds each participant's first line)."""
    if not spec.is_someone:
        return [_("nobody is named; choose an OPD, a user, a partner or a community body, or type a name.")]
    label = spec_label(spec, found)
    problems = [
        *_reference_problems(spec, found),
        *_body_region_problems(spec, region, found, label),
        *_role_problems(spec.role),
        *_length_problems(spec),
    ]
    key = spec.key()
    if key in seen:
        problems.append(_("%(who)s is already listed as participant %(first)s.") % {"who": label, "first": seen[key]})
    else:
        seen[key] = line
    return problems


def _reference_problems(spec: ParticipantSpec, found: _Resolved) -> list[str]:
    """An OPD, active user or partner that does not exist, a community body that is not one."""
    problems: list[str] = []
    if spec.opd_id and spec.opd_id not in found.opds:
        problems.append(_("there is no OPD with id %(id)s.") % {"id": spec.opd_id})
    if spec.user_id and (spec.user_id not in found.users or not found.users[spec.user_id].is_active):
        problems.append(_("there is no active user with id %(id)s.") % {"id": spec.user_id})
    if spec.partner_id and spec.partner_id not in found.partners:
        problems.append(_("there is no partner with id %(id)s.") % {"id": spec.partner_id})
    if spec.body and spec.body not in CommunityBody.values:
        problems.append(_("unknown community body “%(body)s”.") % {"body": spec.body})
    return problems


def _body_region_problems(spec: ParticipantSpec, region: Region | None, found: _Resolved, label: str) -> list[str]:
    """The community body's region exists and lies inside the meeting's."""
    if not spec.body_region_id:
        return []
    body_region = found.regions.get(spec.body_region_id)
    if body_region is None:
        return [_("there is no region with code %(code)s.") % {"code": spec.body_region_id}]
    if region is not None and not in_region(body_region.code, region):
        return [
            _("%(who)s comes from %(from)s, which is outside %(region)s.")
            % {"who": label, "from": body_region.name, "region": region.name}
        ]
    return []


def _role_problems(role: str | None) -> list[str]:
    if role is not None and role not in ParticipantRole.values:
        return [_("unknown role “%(role)s”.") % {"role": role}]
    return []


def _length_problems(spec: ParticipantSpec) -> list[str]:
    return [
        _("%(what)s is longer than %(limit)s characters.") % {"what": what, "limit": limit}
        for value, limit, what in (
            (spec.name, 200, _("the name")),
            (spec.position or "", 250, _("the position")),
            (spec.topic or "", 250, _("the topic")),
        )
        if len(value) > limit
    ]


# --- meetings ------------------------------------------------------------------------------------------


def _values(meeting: Meeting | None, data: MeetingFields) -> MeetingFields:
    """``data`` over the meeting's stored fields (none for a new meeting), its text stripped; the status is
    left out, as it is checked and set apart."""
    values: dict[str, object] = {name: getattr(meeting, name) for name in MEETING_FIELDS} if meeting else {}
    for name, value in data.items():
        if name in MEETING_FIELDS:
            values[name] = value.strip() if isinstance(value, str) else value
    # Each value is the one ``data`` or the stored meeting holds under that name.
    return cast(MeetingFields, values)


def _region(values: MeetingFields) -> Region | None:
    """The meeting's region, when the code given named one."""
    region = values.get("region")
    return region if isinstance(region, Region) else None


def create_meeting(actor: User, data: MeetingFields, participants: Sequence[ParticipantSpec] = ()) -> Meeting:
    """Record a meeting with its participant list, all or nothing.

    ``data`` holds the fields of ``MEETING_FIELDS`` (``region`` a Region, times aware datetimes) and
    optionally ``status`` (planned, or held for a meeting that has started). Refused: a meeting that ends
    before it starts, a type held at another level than the region's (a Catur Pilar is a kecamatan's), a
    region the actor may not run, a participant line that names nobody or someone unknown.
    """
    Scope.for_user(actor).require(Capability.RUN_MEETINGS)
    values = _values(None, data)
    status = data.get("status") or MeetingStatus.PLANNED
    errors = _check_meeting(actor, values, status)
    if status == MeetingStatus.CANCELLED:
        errors.setdefault("status", []).append(_("A new meeting is planned or held, not cancelled."))
    region = _region(values)
    if problems := _check_participants(region, participants):
        errors["participants"] = problems
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        meeting = Meeting(**values, status=status, created_by=actor)
        meeting.full_clean()
        meeting.save()
        _sync_participants(meeting, participants)
    return meeting


def update_meeting(
    actor: User,
    meeting: Meeting,
    data: MeetingFields,
    participants: Sequence[ParticipantSpec] | None = None,
) -> Meeting:
    """Change a meeting's fields (only those in ``data``) and, when given, replace its participant list.

    Lines that stay on the list keep their attendance; ``status`` in ``data`` follows ``TRANSITIONS``.
    Moving the meeting to another region is checked against its participants and decisions too.
    """
    require_run(actor, meeting)
    values = _values(meeting, data)
    status = data.get("status") or meeting.status
    errors = _check_meeting(actor, values, status)
    if status != meeting.status:
        errors.update(_check_transition(meeting, status))
    region = _region(values)
    effective = list(participants) if participants is not None else [spec_of(p) for p in meeting.participants.all()]
    if problems := _check_participants(region, effective):
        errors["participants"] = problems
    if region is not None and region.pk != meeting.region_id:
        outside = sorted(
            {
                f"{d.number}: {k.name}"
                for d in meeting.decisions.prefetch_related("kelurahan")
                for k in d.kelurahan.all()
                if not in_region(k.code, region)
            }
        )
        if outside:
            errors.setdefault("region", []).append(
                _("Decisions concern kelurahan outside %(region)s (%(list)s).")
                % {"region": region.name, "list": ", ".join(outside)}
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        for name, value in values.items():
            setattr(locked, name, value)
        locked.status = status
        locked.full_clean()
        locked.save()
        if participants is not None:
            _sync_participants(locked, participants)
    return locked


def _sync_participants(meeting: Meeting, specs: Sequence[ParticipantSpec]) -> None:
    """Make the meeting's list equal to ``specs`` in that order, keeping the rows (and their attendance)
    of people who stay. A guest typed by name alone matches an existing line of that name even when the
    line also records a body or an OPD, so retyping a name does not drop what else was recorded."""
    existing = list(meeting.participants.all())
    by_key = {participant_key(p): p for p in existing}
    unmatched = {p.pk: p for p in existing}
    plan = [(spec, _take_existing(spec, by_key, unmatched)) for spec in specs]
    if unmatched:
        Participant.objects.filter(pk__in=list(unmatched)).delete()
    for order, (spec, participant) in enumerate(plan, start=1):
        line = _participant_line(meeting, spec, participant)
        line.order = order
        line.full_clean()
        line.save()


def _take_existing(
    spec: ParticipantSpec, by_key: dict[tuple[object, ...], Participant], unmatched: dict[int, Participant]
) -> Participant | None:
    """The existing line ``spec`` stands for, taken out of ``unmatched``: the one of the same participant, or
    for a name alone one of that name; None if that line is already taken."""
    match = by_key.get(spec.key())
    if (match is None or match.pk not in unmatched) and spec.name_only:
        match = next((p for p in unmatched.values() if p.name and _fold(p.name) == _fold(spec.name)), None)
    if match is None or match.pk not in unmatched:
        return None
    del unmatched[match.pk]
    return match


def _new_line(meeting: Meeting, spec: ParticipantSpec, **fields: Any) -> Participant:
    """A new participant line of ``meeting`` for who ``spec`` names (an OPD, a user, a partner or a body),
    with ``fields`` beside."""
    return Participant(
        meeting=meeting,
        opd_id=spec.opd_id,
        user_id=spec.user_id,
        partner_id=spec.partner_id,
        body=spec.body,
        body_region_id=spec.body_region_id,
        name=spec.name.strip(),
        **fields,
    )


def _participant_line(meeting: Meeting, spec: ParticipantSpec, participant: Participant | None) -> Participant:
    """``participant`` updated from ``spec``, or a new line: what ``spec`` leaves as None an existing line
    keeps and a new one takes by default."""
    if participant is None:
        participant = _new_line(meeting, spec)
    elif spec.name.strip():
        participant.name = spec.name.strip()
    for name, default in (("position", ""), ("role", ParticipantRole.PARTICIPANT), ("topic", "")):
        value = getattr(spec, name)
        if value is not None:
            setattr(participant, name, value.strip())
        elif participant.pk is None:
            setattr(participant, name, default)
    return participant


def _check_transition(meeting: Meeting, status: str) -> dict[str, list[str]]:
    if status not in TRANSITIONS.get(meeting.status, frozenset()):
        return {
            "status": [
                _("A meeting that is %(now)s cannot become %(then)s.")
                % {
                    "now": meeting.get_status_display().lower(),
                    "then": MeetingStatus(status).label.lower() if status in MeetingStatus.values else status,
                }
            ]
        }
    if status == MeetingStatus.HELD and meeting.starts_at > timezone.now():
        return {"status": [_("A meeting that has not started yet cannot be marked as held.")]}
    if meeting.status == MeetingStatus.HELD and meeting.decisions.exists():
        return {"status": [_("This meeting has decisions; it stays held.")]}
    return {}


def next_statuses(meeting: Meeting) -> list[str]:
    """The statuses ``meeting`` may move to now (what the page offers as buttons)."""
    return [
        s
        for s in MeetingStatus.values
        if s in TRANSITIONS.get(meeting.status, ()) and not _check_transition(meeting, s)
    ]


def set_status(actor: User, meeting: Meeting, status: str) -> Meeting:
    """Mark a planned meeting held or cancelled (or undo that, see ``TRANSITIONS``)."""
    require_run(actor, meeting)
    with transaction.atomic(), acting_as(actor):
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if status == locked.status:
            return locked
        if errors := _check_transition(locked, status):
            raise ValidationError(errors)
        locked.status = status
        locked.save(update_fields=["status", "updated_at"])
    return locked


def record_attendance(
    actor: User, meeting: Meeting, attended: Collection[int], walk_ins: Sequence[ParticipantSpec] = ()
) -> Meeting:
    """Take the attendance in one go: the participants whose ids are in ``attended`` came, the others did
    not; ``walk_ins`` came without an invitation. A planned meeting becomes held.

    Refused for a cancelled meeting or one that has not started; ids of another meeting's participants.
    """
    require_run(actor, meeting)
    meeting = _current(meeting)
    participants = {p.pk: p for p in meeting.participants.all()}
    errors: dict[str, list[str]] = {}
    if problems := _attended_problems(meeting, participants, attended):
        errors["attended"] = problems
    came, new_lines = _walk_ins(walk_ins, participants, attended)
    if problems := _check_participants(meeting.region, [*map(spec_of, participants.values()), *new_lines]):
        errors["walk_ins"] = problems
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _mark_attendance(participants.values(), came)
        _add_walk_ins(locked, new_lines, after=max((p.order for p in participants.values()), default=0))
        if locked.status == MeetingStatus.PLANNED:
            locked.status = MeetingStatus.HELD
            locked.save(update_fields=["status", "updated_at"])
    return locked


def _attended_problems(meeting: Meeting, participants: dict[int, Participant], attended: Collection[int]) -> list[str]:
    """Why the attendance cannot be taken (the meeting was cancelled or has not started), then the ids ticked
    that are not the meeting's participants."""
    problems: list[str] = []
    if meeting.status == MeetingStatus.CANCELLED:
        problems.append(_("The meeting was cancelled; there is no attendance to take."))
    elif meeting.starts_at > timezone.now():
        problems.append(
            _("The attendance can be taken once the meeting has started (%(start)s).")
            % {"start": _when(meeting.starts_at)}
        )
    if unknown := set(attended) - set(participants):
        problems.append(_("Not participants of this meeting: %(ids)s.") % {"ids": ", ".join(map(str, sorted(unknown)))})
    return problems


def _walk_ins(
    walk_ins: Sequence[ParticipantSpec], participants: dict[int, Participant], attended: Collection[int]
) -> tuple[set[int], list[ParticipantSpec]]:
    """Who came, and the walk-ins to add: one typed again by name ticks the invited line instead."""
    keys = {participant_key(p): p for p in participants.values()}
    came = set(attended)
    new_lines: list[ParticipantSpec] = []
    for spec in walk_ins:
        match = keys.get(spec.key())
        if match is not None:
            came.add(match.pk)
        else:
            new_lines.append(spec)
    return came, new_lines


def _mark_attendance(participants: Iterable[Participant], came: set[int]) -> None:
    """Tick who came and untick who did not; a walk-in unticked was recorded by mistake (it was on no list
    but this one) and is removed."""
    for participant in participants:
        if not participant.invited and participant.pk not in came:
            participant.delete()
            continue
        if participant.attended != (participant.pk in came):
            participant.attended = participant.pk in came
            participant.save(update_fields=["attended"])


def _add_walk_ins(meeting: Meeting, specs: Sequence[ParticipantSpec], after: int) -> None:
    """The walk-ins as lines that came uninvited, listed after the last line (``after``)."""
    for order, spec in enumerate(specs, start=after + 1):
        line = _new_line(
            meeting,
            spec,
            position=(spec.position or "").strip(),
            role=spec.role or ParticipantRole.PARTICIPANT,
            topic=(spec.topic or "").strip(),
            invited=False,
            attended=True,
            order=order,
        )
        line.full_clean()
        line.save()


def write_minutes(actor: User, meeting: Meeting, text: str) -> Meeting:
    """Store the minutes (Markdown; shown only through coordination/minutes.py, which sanitises it)."""
    require_run(actor, meeting)
    meeting = _current(meeting)
    text = (text or "").replace("\r\n", "\n")
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"minutes": _("The meeting was cancelled; it has no minutes.")})
    if len(text) > MAX_MINUTES_CHARS:
        raise ValidationError(
            {"minutes": _("The minutes are longer than %(limit)s characters.") % {"limit": f"{MAX_MINUTES_CHARS:,}"}}
        )
    with transaction.atomic(), acting_as(actor):
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        locked.minutes = text
        locked.save(update_fields=["minutes", "updated_at"])
    return locked


# --- decisions -----------------------------------------------------------------------------------------


def _check_decision(meeting: Meeting, text: str, kelurahan: Sequence[Region]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not (text or "").strip():
        errors["text"] = [_("Write what was decided.")]
    if meeting.status == MeetingStatus.CANCELLED:
        errors.setdefault("text", []).append(_("The meeting was cancelled; it took no decisions."))
    outside = [
        k.name for k in kelurahan if k.level != RegionLevel.DESA_KELURAHAN or not in_region(k.code, meeting.region)
    ]
    if outside:
        errors["kelurahan"] = [
            _("Not a kelurahan of %(region)s: %(list)s.") % {"region": meeting.region.name, "list": ", ".join(outside)}
        ]
    return errors


def add_decision(actor: User, meeting: Meeting, text: str, kelurahan: Sequence[Region] = ()) -> Decision:
    """Add a decision, numbered after the meeting's last one; ``kelurahan`` it concerns lie in its region."""
    require_run(actor, meeting)
    meeting = _current(meeting)
    if errors := _check_decision(meeting, text, kelurahan):
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        # The meeting row is the lock that keeps two decisions added at once from taking the same number.
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        number = (meeting.decisions.aggregate(last=Max("number"))["last"] or 0) + 1
        decision = Decision(meeting=meeting, number=number, text=text.strip())
        decision.full_clean()
        decision.save()
        decision.kelurahan.set(kelurahan)
    return decision


def update_decision(actor: User, decision: Decision, text: str, kelurahan: Sequence[Region]) -> Decision:
    require_run(actor, decision.meeting)
    if errors := _check_decision(_current(decision.meeting), text, kelurahan):
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        decision.text = text.strip()
        decision.full_clean()
        decision.save(update_fields=["text"])
        decision.kelurahan.set(kelurahan)
    return decision


def delete_decision(actor: User, decision: Decision) -> None:
    """Remove a decision that has no action items yet; the later ones move up a number."""
    meeting = decision.meeting
    require_run(actor, meeting)
    if decision.action_items.exists():
        raise ValidationError(
            _("Decision %(number)s has action items; remove or move them before deleting it.")
            % {"number": decision.number}
        )
    with transaction.atomic(), acting_as(actor):
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        number = decision.number
        decision.delete()
        # One at a time, lowest first: each number is free before the next decision takes it.
        for later in meeting.decisions.filter(number__gt=number).order_by("number"):
            later.number -= 1
            later.save(update_fields=["number"])


# --- attachments ---------------------------------------------------------------------------------------


def add_attachment(actor: User, meeting: Meeting, upload: UploadedFile, caption: str = "") -> MeetingAttachment:
    """Attach a photo or document, checked by its bytes; the file is removed again if the save fails."""
    require_run(actor, meeting)
    name = upload.name or "lampiran"
    assert upload.file is not None  # an uploaded file always has its content
    try:
        kind = meeting_attachments.check_attachment(name, upload.size or 0, upload.file)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    if len(caption or "") > 200:
        raise ValidationError({"caption": _("The caption is longer than %(limit)s characters.") % {"limit": 200}})
    today = timezone.localdate()
    stored: str | None = None
    try:
        with transaction.atomic(), acting_as(actor):
            upload.seek(0)
            stored = default_storage.save(
                f"meetings/{today:%Y}/{today:%m}/{uuid.uuid4().hex}.{kind.extension}", ContentFile(upload.read())
            )
            attachment = MeetingAttachment(
                meeting=meeting,
                file=stored,
                original_name=name[-200:],
                content_type=kind.content_type,
                size=upload.size or 0,
                caption=(caption or "").strip(),
                uploaded_by=actor,
            )
            attachment.full_clean()
            attachment.save()
    except BaseException:
        if stored:
            default_storage.delete(stored)
        raise
    return attachment


def delete_attachment(actor: User, attachment: MeetingAttachment) -> None:
    require_run(actor, attachment.meeting)
    name = attachment.file.name
    assert name is not None  # the file is required
    with transaction.atomic(), acting_as(actor):
        attachment.delete()
        transaction.on_commit(lambda: default_storage.delete(name))
