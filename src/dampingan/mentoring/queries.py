"""Reads other apps' pages need from the mentoring programme: who mentors which kelurahan, now."""

from __future__ import annotations

from dampingan.access.scope import Scope

from .models import Assignment, Opd, OpdQuerySet


def visible_opds(scope: Scope) -> OpdQuerySet:
    """Every signed-in role may read the OPD directory: it holds no citizen's personal data."""
    return Opd.objects.all() if scope.role is not None else Opd.objects.none()


def mentors_by_village(codes: list[str]) -> dict[str, Assignment]:
    """The assignment in force for each village code (at most one per village and decree)."""
    lines = Assignment.objects.in_force().filter(kelurahan_id__in=codes).select_related("opd", "decree")
    return {line.kelurahan_id: line for line in lines.order_by("decree__valid_from")}
