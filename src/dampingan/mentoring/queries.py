"""Reads other apps' pages need from the mentoring programme: who mentors which kelurahan, now."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from dampingan.access.scope import Reader, Scope

from .models import Assignment, Opd, OpdQuerySet

if TYPE_CHECKING:
    from dampingan.accounts.models import User


def visible_opds(reader: Reader) -> OpdQuerySet:
    """Every signed-in role may read the OPD directory: it holds no citizen's personal data."""
    return Opd.objects.all() if Scope.of(reader).role is not None else Opd.objects.none()


def kelurahan_of_mentor(user: User) -> Iterable[str]:
    """The kelurahan the user's OPD mentors under the decree in force (the OPD mentor's scope)."""
    if not user.opd_id:
        return ()
    return set(Assignment.objects.in_force().filter(opd_id=user.opd_id).values_list("kelurahan_id", flat=True))


def mentors_by_village(codes: list[str]) -> dict[str, Assignment]:
    """The assignment in force for each village code (at most one per village and decree)."""
    lines = Assignment.objects.in_force().filter(kelurahan_id__in=codes).select_related("opd", "decree")
    return {line.kelurahan_id: line for line in lines.order_by("decree__valid_from")}
