"""Writes to the OPD registry. Views and API endpoints both call these."""

from __future__ import annotations

from typing import TYPE_CHECKING, Required, TypedDict

from django.core.exceptions import PermissionDenied
from django.db import transaction

from dampingan.access.audit import acting_as
from dampingan.access.roles import Capability
from dampingan.access.scope import Scope

from .models import Opd

if TYPE_CHECKING:
    from dampingan.accounts.models import User

# Fields an OPD mentor may change on its own OPD; the rest is the TKPK administrator's.
OWN_OPD_FIELDS = frozenset({"head_name", "head_position", "phone", "email", "address"})


class OpdFields(TypedDict, total=False):
    name: Required[str]
    abbreviation: Required[str]
    kind: Required[str]
    head_name: str
    head_position: str
    phone: str
    email: str
    address: str
    problem_categories: list[str]
    is_active: bool


def create_opd(actor: User, data: OpdFields) -> Opd:
    Scope.for_user(actor).require(Capability.MANAGE_OPDS)
    with transaction.atomic(), acting_as(actor):
        opd = Opd(**data)
        opd.full_clean()
        opd.save()
    return opd


def update_opd(actor: User, opd: Opd, data: OpdFields) -> Opd:
    """Change ``opd``; an OPD mentor may change only the contact fields of its own OPD."""
    scope = Scope.for_user(actor)
    if not scope.can(Capability.MANAGE_OPDS):
        if not (scope.can(Capability.EDIT_OWN_OPD) and scope.opd_id == opd.pk):
            raise PermissionDenied("opd")
        if forbidden := set(data) - OWN_OPD_FIELDS:
            raise PermissionDenied(", ".join(sorted(forbidden)))
    with transaction.atomic(), acting_as(actor):
        locked = Opd.objects.select_for_update().get(pk=opd.pk)
        for name, value in data.items():
            setattr(locked, name, value)
        locked.full_clean()
        locked.save()
    return locked
