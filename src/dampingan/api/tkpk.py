"""The TKPK structure over the API (read-only): the team in force today or on a date, and each period.
Everyone with API access may read it, as on the page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from dampingan.access.requests import ApiRequest
from dampingan.coordination import tkpk_queries
from dampingan.coordination.models import TkpkMember, TkpkTeam

from .schemas import ErrorOut

router = Router(tags=["tkpk"])


class SeatOut(Schema):
    position: str
    position_label: str
    working_group: str | None
    office: str
    holder: str
    person_name: str
    nip: str
    username: str | None
    opd: str | None  # abbreviation
    partner: str | None


class WorkingGroupOut(Schema):
    name: str
    head: SeatOut | None
    members: list[SeatOut]


class TeamOut(Schema):
    id: int
    decree_number: str
    decree_date: dt.date | None
    valid_from: dt.date
    valid_until: dt.date | None
    notes: str
    ketua: SeatOut | None
    wakil_ketua: SeatOut | None
    sekretaris: SeatOut | None
    members: list[SeatOut]
    working_groups: list[WorkingGroupOut]


class PeriodOut(Schema):
    id: int
    decree_number: str
    decree_date: dt.date | None
    valid_from: dt.date
    valid_until: dt.date | None


def _seat(seat: TkpkMember | None) -> dict[str, Any] | None:
    if seat is None:
        return None
    return {
        "position": seat.position,
        "position_label": str(seat.get_position_display()),
        "working_group": seat.working_group.name if seat.working_group is not None else None,
        "office": seat.office,
        "holder": tkpk_queries.seat_holder(seat),
        "person_name": seat.person_name,
        "nip": seat.nip,
        "username": seat.user.get_username() if seat.user is not None else None,
        "opd": seat.opd.abbreviation if seat.opd is not None else None,
        "partner": seat.partner.name if seat.partner is not None else None,
    }


def _team_out(team: TkpkTeam) -> dict[str, Any]:
    s = tkpk_queries.structure(team)
    return {
        **{f: getattr(team, f) for f in ("id", "decree_number", "decree_date", "valid_from", "valid_until", "notes")},
        "ketua": _seat(s.ketua),
        "wakil_ketua": _seat(s.wakil_ketua),
        "sekretaris": _seat(s.sekretaris),
        "members": [_seat(m) for m in s.members],
        "working_groups": [
            {"name": g.group.name, "head": _seat(g.head), "members": [_seat(m) for m in g.members]}
            for g in s.working_groups
        ],
    }


@router.get("/team", response={200: TeamOut, 404: ErrorOut}, summary="The TKPK team in force today or on a date")
def team_in_force(request: ApiRequest, date: dt.date | None = None) -> dict:
    team = tkpk_queries.team_in_force(date)
    if team is None:
        raise Http404("no team in force")
    return _team_out(team)


@router.get("/teams", response=list[PeriodOut], summary="Every recorded period, newest first")
def list_teams(request: ApiRequest) -> list[TkpkTeam]:
    return list(tkpk_queries.teams())


@router.get("/teams/{team_id}", response={200: TeamOut, 404: ErrorOut})
def get_team(request: ApiRequest, team_id: int) -> dict:
    return _team_out(get_object_or_404(TkpkTeam, pk=team_id))
