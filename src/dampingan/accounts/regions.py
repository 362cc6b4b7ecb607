"""The regions a camat and a lurah may open: their own, as their account names it (see access.scope)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from dampingan.regions.models import Region

if TYPE_CHECKING:
    from .models import User


def kecamatan_of_camat(user: User) -> Iterable[str]:
    """The camat's kecamatan and every village in it."""
    if not user.region_id:
        return ()
    return {user.region_id, *Region.objects.within(user.region_id).values_list("code", flat=True)}


def village_of_lurah(user: User) -> Iterable[str]:
    return {user.region_id} if user.region_id else ()
