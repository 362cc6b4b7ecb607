"""The regions an OPD mentor may open: the kelurahan its OPD is assigned to (see access.scope)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .models import Assignment

if TYPE_CHECKING:
    from dampingan.accounts.models import User


def kelurahan_of_mentor(user: User) -> Iterable[str]:
    """The kelurahan the user's OPD mentors under the decree in force (the OPD mentor's scope)."""
    if not user.opd_id:
        return ()
    return set(Assignment.objects.in_force().filter(opd_id=user.opd_id).values_list("kelurahan_id", flat=True))
