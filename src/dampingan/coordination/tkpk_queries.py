"""Reads of the TKPK structure: the team in force on a day, laid out by position. Everyone logged in may
read it; the team is public information of the pemda."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from .models import TkpkMember, TkpkPosition, TkpkTeam, TkpkWorkingGroup

MEMBER_RELATED = ("user", "opd", "partner", "working_group")


def teams() -> QuerySet[TkpkTeam]:
    return TkpkTeam.objects.order_by("-valid_from", "-pk")


def in_force(on: dt.date | None = None) -> QuerySet[TkpkTeam]:
    on = on or timezone.localdate()
    return teams().filter(valid_from__lte=on).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))


def team_in_force(on: dt.date | None = None) -> TkpkTeam | None:
    return in_force(on).first()


@dataclass
class WorkingGroupSeats:
    group: TkpkWorkingGroup
    head: TkpkMember | None = None
    members: list[TkpkMember] = field(default_factory=list)


@dataclass
class TeamStructure:
    team: TkpkTeam
    ketua: TkpkMember | None = None
    wakil_ketua: TkpkMember | None = None
    sekretaris: TkpkMember | None = None
    members: list[TkpkMember] = field(default_factory=list)  # plain members (anggota) outside any pokja
    working_groups: list[WorkingGroupSeats] = field(default_factory=list)

    @property
    def leaders(self) -> list[TkpkMember]:
        return [m for m in (self.ketua, self.wakil_ketua, self.sekretaris) if m is not None]

    @property
    def seat_count(self) -> int:
        return (
            len(self.leaders)
            + len(self.members)
            + sum(len(g.members) + (1 if g.head else 0) for g in self.working_groups)
        )


def structure(team: TkpkTeam) -> TeamStructure:
    """The team by position: ketua, wakil ketua, sekretaris, the plain members, then each pokja in order."""
    seats = list(TkpkMember.objects.filter(team=team).select_related(*MEMBER_RELATED).order_by("order", "pk"))
    result = TeamStructure(team=team)
    groups = {g.pk: WorkingGroupSeats(g) for g in team.working_groups.order_by("order", "pk")}
    result.working_groups = list(groups.values())
    for seat in seats:
        seat.holder = seat_holder(seat)
        if seat.position == TkpkPosition.KETUA:
            result.ketua = seat
        elif seat.position == TkpkPosition.WAKIL_KETUA:
            result.wakil_ketua = seat
        elif seat.position == TkpkPosition.SEKRETARIS:
            result.sekretaris = seat
        elif seat.position == TkpkPosition.ANGGOTA:
            result.members.append(seat)
        elif seat.working_group_id in groups:
            if seat.position == TkpkPosition.KETUA_POKJA:
                groups[seat.working_group_id].head = seat
            else:
                groups[seat.working_group_id].members.append(seat)
    return result


def with_seats(queryset: QuerySet[TkpkTeam]) -> QuerySet[TkpkTeam]:
    return queryset.prefetch_related(
        Prefetch("members", TkpkMember.objects.select_related(*MEMBER_RELATED).order_by("order", "pk")),
        Prefetch("working_groups", TkpkWorkingGroup.objects.order_by("order", "pk")),
    )


def seat_holder(seat: TkpkMember) -> str:
    """Who fills a seat, in words: the named person, else the user, else the OPD or partner."""
    if seat.person_name:
        return seat.person_name
    if seat.user is not None:
        return seat.user.get_full_name() or seat.user.get_username()
    if seat.opd is not None:
        return seat.opd.name
    if seat.partner is not None:
        return seat.partner.name
    return ""
