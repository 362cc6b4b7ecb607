"""Reads of meetings, every one starting from ``visible_meetings`` (below) so a list, a PDF or the API cannot
show what the detail page would refuse."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone

from dampingan.access.roles import Capability
from dampingan.access.scope import Scope
from dampingan.lib import deployment
from dampingan.mentoring.models import Assignment, Opd
from dampingan.regions.models import Region, RegionLevel

from . import access, meeting_attachments
from .models import ActionItem, Decision, Meeting, MeetingKind, MeetingStatus, Participant, ParticipantRole

if TYPE_CHECKING:
    from typing import TypedDict

    from django_stubs_ext import WithAnnotations

    class MeetingCounts(TypedDict):
        """What ``meetings`` annotates each meeting with."""

        participant_count: int
        attended_count: int
        decision_count: int


PARTICIPANT_RELATED = ("opd", "user", "partner", "body_region")
ACTION_ITEM_RELATED = ("owner_opd", "owner_partner", "owner_user", "kelurahan")
MEETING_LEVELS = (RegionLevel.KABUPATEN_KOTA, RegionLevel.KECAMATAN, RegionLevel.DESA_KELURAHAN)


def _touches_q(scope: Scope) -> Q:
    """Meetings whose region is in scope, or a kecamatan holding a kelurahan in scope."""
    kecamatan_of_my_villages = {".".join(code.split(".")[:3]) for code in scope.region_codes}
    return Q(region_id__in=sorted(scope.region_codes | kecamatan_of_my_villages))


def visible_meetings(scope: Scope) -> QuerySet[Meeting]:
    if scope.role is None:
        return Meeting.objects.none()
    if scope.city_wide:
        return Meeting.objects.all()
    visible = Q(region__level__lte=RegionLevel.KABUPATEN_KOTA) | _touches_q(scope)
    if scope.user_id is not None:
        visible |= Q(participants__user_id=scope.user_id) | Q(decisions__action_items__owner_user_id=scope.user_id)
    if scope.opd_id:
        visible |= Q(participants__opd_id=scope.opd_id) | Q(decisions__action_items__owner_opd_id=scope.opd_id)
    return Meeting.objects.filter(pk__in=Meeting.objects.filter(visible).values("pk"))


@dataclass(frozen=True)
class MeetingFilters:
    kind: str = ""
    level: int | None = None
    region: str = ""
    year: int | None = None
    status: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> MeetingFilters:
        """Filters from a query string; values that make no sense are ignored, not an error page."""

        def number(name: str) -> int | None:
            try:
                return int(query.get(name, ""))
            except ValueError:
                return None

        kind = query.get("kind", "")
        status = query.get("status", "")
        level = number("level")
        return cls(
            kind=kind if kind in MeetingKind.values else "",
            level=level if level in MEETING_LEVELS else None,
            region=query.get("region", "").strip()[:13],
            year=number("year"),
            status=status if status in MeetingStatus.values else "",
        )

    @property
    def active(self) -> bool:
        return bool(self.kind or self.level or self.region or self.year or self.status)


def meetings(scope: Scope, filters: MeetingFilters | None = None) -> QuerySet[WithAnnotations[Meeting, MeetingCounts]]:
    """Meetings ``scope`` may see, filtered, newest first, with their counts for the list."""
    f = filters or MeetingFilters()
    found = visible_meetings(scope).select_related("region")
    if f.kind:
        found = found.filter(kind=f.kind)
    if f.level:
        found = found.filter(region__level=f.level)
    if f.region:
        # A kecamatan's filter includes the musyawarah of its kelurahan.
        found = found.filter(Q(region_id=f.region) | Q(region__code__startswith=f"{f.region}."))
    if f.year:
        found = found.filter(starts_at__year=f.year)
    if f.status:
        found = found.filter(status=f.status)
    return found.annotate(
        participant_count=Count("participants", distinct=True),
        attended_count=Count("participants", filter=Q(participants__attended=True), distinct=True),
        decision_count=Count("decisions", distinct=True),
    ).order_by("-starts_at", "-pk")


def years(scope: Scope) -> list[int]:
    """Years that have meetings the scope may see, newest first (the year filter's choices)."""
    rows = (
        visible_meetings(scope)
        .annotate(y=ExtractYear("starts_at"))
        .values_list("y", flat=True)
        .distinct()
        .order_by("-y")
    )
    return [y for y in rows if y]


def region_filter_choices(scope: Scope) -> QuerySet[Region]:
    """The city and its kecamatan (the region filter's choices): a kecamatan includes its kelurahan."""
    return Region.objects.filter(
        Q(code=deployment.code()) | (deployment.inside("code") & Q(level=RegionLevel.KECAMATAN))
    ).order_by("code")


def visible_meeting(scope: Scope, pk: int) -> Meeting:
    """The meeting ``pk`` if ``scope`` may see it; 404 otherwise."""
    meeting = visible_meetings(scope).select_related("region", "region__parent", "created_by").filter(pk=pk)
    found = meeting.first()
    if found is None:
        raise Http404("meeting outside the scope")
    return found


def meeting_detail(scope: Scope, pk: int) -> Meeting:
    """The meeting with everything its page, its PDFs and the API show, in a fixed number of queries."""
    meeting = visible_meeting(scope, pk)
    return (
        Meeting.objects.select_related("region", "region__parent", "created_by")
        .prefetch_related(
            Prefetch("participants", queryset=Participant.objects.select_related(*PARTICIPANT_RELATED)),
            "attachments",
            Prefetch(
                "decisions",
                queryset=Decision.objects.prefetch_related(
                    "kelurahan",
                    Prefetch(
                        "action_items",
                        queryset=ActionItem.objects.select_related(*ACTION_ITEM_RELATED).order_by("due_date", "pk"),
                    ),
                ),
            ),
        )
        .get(pk=meeting.pk)
    )


def visible_decision(scope: Scope, pk: int) -> Decision:
    decision = (
        Decision.objects.filter(meeting__in=visible_meetings(scope))
        .select_related("meeting", "meeting__region")
        .filter(pk=pk)
        .first()
    )
    if decision is None:
        raise Http404("decision outside the scope")
    return decision


@dataclass(frozen=True)
class Permissions:
    """What a page may offer; the services check again on every write."""

    can_create: bool
    can_run: bool


def permissions(scope: Scope, meeting: Meeting | None = None) -> Permissions:
    runs = scope.can(Capability.RUN_MEETINGS)
    return Permissions(
        can_create=runs and access.regions_user_may_run(scope).exists(),
        can_run=runs and meeting is not None and access.may_run(scope, meeting),
    )


@dataclass(frozen=True)
class ParticipantGroups:
    """The participant list split the way the page and the minutes show it."""

    speakers: list[Participant]
    invited: list[Participant]
    walk_ins: list[Participant]
    attended: list[Participant]
    absent: list[Participant]
    unknown: list[Participant]

    @property
    def attendance_taken(self) -> bool:
        return not self.unknown and bool(self.attended or self.absent)


def grouped(meeting: Meeting) -> ParticipantGroups:
    people = list(meeting.participants.all())
    return ParticipantGroups(
        speakers=[p for p in people if p.role == ParticipantRole.SPEAKER],
        invited=[p for p in people if p.invited],
        walk_ins=[p for p in people if not p.invited],
        attended=[p for p in people if p.attended is True],
        absent=[p for p in people if p.attended is False],
        unknown=[p for p in people if p.attended is None],
    )


def display_name(participant: Participant) -> str:
    """The name to print: the person's own name when typed, else the OPD, partner, user or body."""
    return participant.name or participant.label


def display_position(participant: Participant) -> str:
    """Position and institution: what was typed, else what the linked OPD, partner, user or body says."""
    parts = [participant.position] if participant.position else []
    if participant.name:
        # A named representative: say of what, unless the position already does.
        linked = participant.label if (participant.opd_id or participant.partner_id or participant.body) else ""
        if linked and linked.casefold() not in participant.position.casefold():
            parts.append(linked)
    elif participant.opd is not None and participant.opd.name:
        parts.append(participant.opd.name)
    elif participant.user is not None and not participant.position:
        parts.append(str(participant.user.role_label))
    return " · ".join(parts)


def mentoring_opds(region: Region, on: dt.date | None = None) -> list[Opd]:
    """The OPDs assigned to the kelurahan in ``region`` on ``on`` (today when none were then)."""
    for day in (on, timezone.localdate()) if on else (timezone.localdate(),):
        lines = Assignment.objects.in_force(day).filter(
            Q(kelurahan_id=region.code) | Q(kelurahan__code__startswith=f"{region.code}.")
        )
        opds = list(Opd.objects.filter(pk__in=lines.values("opd_id")).order_by("abbreviation"))
        if opds:
            return opds
    return []


def children(region: Region) -> QuerySet[Region]:
    """The regions one level below: the kecamatan of the city, the kelurahan of a kecamatan."""
    if region.level >= RegionLevel.DESA_KELURAHAN:
        return Region.objects.none()
    return Region.objects.filter(parent=region).order_by("code")


def kelurahan_of(region: Region) -> QuerySet[Region]:
    """The kelurahan a decision of a meeting for ``region`` may concern."""
    if region.level == RegionLevel.DESA_KELURAHAN:
        return Region.objects.filter(pk=region.pk)
    return Region.objects.villages().filter(code__startswith=f"{region.code}.").order_by("code")


def mark_for_display(meeting: Meeting, today: dt.date | None = None) -> None:
    """Set what the page shows beside the prefetched rows: days overdue of each action item (0 when not),
    and whether each attachment is a photo (shown as a picture) or a document (listed)."""
    today = today or timezone.localdate()
    for decision in meeting.decisions.all():
        for item in decision.action_items.all():
            item.days_overdue = (today - item.due_date).days if item.is_overdue(today) else 0
    for attachment in meeting.attachments.all():
        attachment.is_photo = meeting_attachments.is_photo(attachment.content_type)
