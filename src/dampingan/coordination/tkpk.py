"""Writes of the TKPK structure: a team as a decree sets it up for a period, its working groups (pokja) and
its seats. A seat always names its office (jabatan); who fills it — a user, an OPD, a partner or a typed
name — may be left open, as decrees often name the office alone ("Sekretaris Daerah").

Only the TKPK administrator records the team (``may_manage_team``). A team is saved whole — decree, period,
pokja and seats in one transaction — so the page and the API never leave half a structure behind. The
database holds the rules too (one ketua, wakil ketua and sekretaris per team, one head per pokja, pokja
seats inside a pokja); this module checks them first so the message names the seat.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dampingan.access.audit import acting_as
from dampingan.access.roles import Capability
from dampingan.access.scope import Scope

from .models import POKJA_POSITIONS, TkpkMember, TkpkPosition, TkpkTeam, TkpkWorkingGroup, validate_nip

if TYPE_CHECKING:
    from dampingan.accounts.models import User
    from dampingan.interventions.models import Partner
    from dampingan.mentoring.models import Opd

# One seat of each of these per team (database constraint ``tkpk_one_chair_deputy_secretary``).
SINGLE_SEATS = (TkpkPosition.KETUA, TkpkPosition.WAKIL_KETUA, TkpkPosition.SEKRETARIS)


@dataclass(frozen=True)
class Seat:
    position: str
    office: str
    working_group: str = ""  # the pokja's name, for pokja positions only
    person_name: str = ""
    nip: str = ""
    user: User | None = None
    opd: Opd | None = None
    partner: Partner | None = None
    # The row the seat was typed in, for messages; by default its place in the list.
    number: int | None = None


@dataclass(frozen=True)
class TeamData:
    decree_number: str
    valid_from: dt.date | None
    decree_date: dt.date | None = None
    valid_until: dt.date | None = None
    notes: str = ""
    working_groups: list[str] = field(default_factory=list)
    seats: list[Seat] = field(default_factory=list)


def may_manage_team(scope: Scope) -> bool:
    """The TKPK structure is the TKPK administrator's: who runs the city's own meetings (the Rakor TKPK)."""
    return scope.city_wide and scope.can(Capability.RUN_MEETINGS)


def _period(team: TkpkTeam) -> str:
    start = date_format(team.valid_from, "j F Y")
    end = date_format(team.valid_until, "j F Y") if team.valid_until else _("open-ended")
    return f"{start} - {end}"


def _check(team: TkpkTeam | None, data: TeamData) -> list[str]:
    """Clean pokja names, or every problem at once keyed by field."""
    groups, group_errors = _working_groups(data.working_groups)
    found = {
        "decree_number": _decree_problems(data),
        "valid_from": _start_problems(team, data),
        "valid_until": _end_problems(data),
        "working_groups": group_errors,
        "seats": _seat_problems(data.seats, {name.casefold() for name in groups}),
    }
    errors = {name: messages for name, messages in found.items() if messages}
    if errors:
        raise ValidationError(errors)
    return groups


def _decree_problems(data: TeamData) -> list[str]:
    if not data.decree_number.strip():
        return [_("Give the number of the decree (SK) that sets up the team.")]
    return []


def _end_problems(data: TeamData) -> list[str]:
    if data.valid_from is not None and data.valid_until is not None and data.valid_until < data.valid_from:
        return [_("The period ends before it starts.")]
    return []


def _start_problems(team: TkpkTeam | None, data: TeamData) -> list[str]:
    """A missing start, or a period that overlaps another team's (checked only for a well-formed period)."""
    if data.valid_from is None:
        return [_("Give the date from which the team is in force.")]
    if data.valid_until is not None and data.valid_until < data.valid_from:
        return []
    end = data.valid_until or dt.date.max
    others = TkpkTeam.objects.filter(valid_from__lte=end).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=data.valid_from)
    )
    if team is not None:
        others = others.exclude(pk=team.pk)
    if (other := others.order_by("valid_from").first()) is not None:
        return [
            _(
                "This period overlaps the team of decree %(decree)s (%(period)s). Set an end date on that "
                "team first, or change this period."
            )
            % {"decree": other.decree_number, "period": _period(other)}
        ]
    return []


def _working_groups(names: Sequence[str]) -> tuple[list[str], list[str]]:
    """The pokja names stripped, blanks dropped, and a message for each name listed twice (case ignored)."""
    groups: list[str] = []
    errors: list[str] = []
    seen: set[str] = set()
    for name in (n.strip() for n in names):
        if not name:
            continue
        if name.casefold() in seen:
            errors.append(_("Working group “%(name)s” is listed twice.") % {"name": name})
        seen.add(name.casefold())
        groups.append(name)
    return groups, errors


def _seat_problems(seats: Sequence[Seat], groups: set[str]) -> list[str]:
    """Every problem of the seats, in seat order; ``groups`` are the team's pokja names, casefolded."""
    labels = dict(TkpkPosition.choices)
    first_single: dict[str, int] = {}
    first_head: dict[str, int] = {}
    errors: list[str] = []
    for index, seat in enumerate(seats, start=1):
        n = seat.number or index
        where = _("Seat %(n)s") % {"n": n}
        if seat.position not in TkpkPosition.values:
            errors.append(_("%(where)s: choose a position.") % {"where": where})
            continue
        position = str(labels[seat.position]).lower()
        if not seat.office.strip():
            errors.append(_("%(where)s: give the office (jabatan).") % {"where": where})
        errors += _pokja_problems(seat, where, position, groups, first_head, n)
        if seat.nip.strip():
            try:
                validate_nip(seat.nip.strip())
            except ValidationError as error:
                errors += [f"{where}: {message}" for message in error.messages]
        if seat.position in SINGLE_SEATS:
            if seat.position in first_single:
                errors.append(
                    _("%(where)s: the team already has its %(position)s (seat %(first)s); a team has only one.")
                    % {"where": where, "position": position, "first": first_single[seat.position]}
                )
            else:
                first_single[seat.position] = n
    return errors


def _pokja_problems(
    seat: Seat, where: str, position: str, groups: set[str], first_head: dict[str, int], n: int
) -> list[str]:
    """A pokja seat names one of the team's pokja (and each pokja has one head); other seats name none."""
    pokja = seat.working_group.strip()
    if seat.position not in POKJA_POSITIONS:
        if pokja:
            return [
                _("%(where)s: only pokja heads and members belong to a working group; leave it empty for %(position)s.")
                % {"where": where, "position": position}
            ]
        return []
    if not pokja:
        return [
            _("%(where)s: a seat as %(position)s needs its working group (pokja).")
            % {"where": where, "position": position}
        ]
    if pokja.casefold() not in groups:
        return [
            _("%(where)s: working group “%(name)s” is not among the team's working groups.")
            % {"where": where, "name": pokja}
        ]
    if seat.position == TkpkPosition.KETUA_POKJA:
        if pokja.casefold() in first_head:
            return [
                _("%(where)s: working group “%(name)s” already has a head (seat %(first)s).")
                % {"where": where, "name": pokja, "first": first_head[pokja.casefold()]}
            ]
        first_head[pokja.casefold()] = n
    return []


def save_team(actor: User, team: TkpkTeam | None, data: TeamData) -> TkpkTeam:
    """Create a team (``team`` None) or replace one's decree, period, pokja and seats, all or nothing."""
    if not may_manage_team(Scope.for_user(actor)):
        raise PermissionDenied("tkpk structure")
    groups = _check(team, data)
    with transaction.atomic(), acting_as(actor):
        team = TkpkTeam() if team is None else TkpkTeam.objects.select_for_update().get(pk=team.pk)
        team.decree_number = data.decree_number.strip()
        team.decree_date = data.decree_date
        assert data.valid_from is not None  # ``_check`` refused a team without it
        team.valid_from = data.valid_from
        team.valid_until = data.valid_until
        team.notes = data.notes.strip()
        team.full_clean()
        team.save()
        # Seats first: they hold the pokja; the structure is small, so it is rewritten as a whole.
        team.members.all().delete()
        team.working_groups.all().delete()
        by_name = {}
        for order, name in enumerate(groups):
            group = TkpkWorkingGroup(team=team, name=name, order=order)
            group.full_clean(exclude=["team"])
            group.save()
            by_name[name.casefold()] = group
        for order, seat in enumerate(data.seats):
            member = TkpkMember(
                team=team,
                position=seat.position,
                working_group=by_name.get(seat.working_group.strip().casefold()) if seat.working_group else None,
                office=seat.office.strip(),
                person_name=seat.person_name.strip(),
                nip=seat.nip.strip(),
                user=seat.user,
                opd=seat.opd,
                partner=seat.partner,
                order=order,
            )
            member.full_clean(exclude=["team"])
            member.save()
    return team
