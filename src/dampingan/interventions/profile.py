"""The interventions section of the kelurahan profile: what runs there, its money and its progress."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dampingan.accounts.scopes import Scope
from dampingan.profiles.sections import ProfileSection

from . import queries

if TYPE_CHECKING:
    from django.http import HttpRequest

    from dampingan.regions.models import Region


def section(request: HttpRequest, kelurahan: Region) -> ProfileSection | None:
    """None for a user who may not open ``kelurahan`` (a section must not rely on the page around it)."""
    user = request.user
    if not Scope.for_user(user).covers(kelurahan.code):
        return None
    found = queries.of_kelurahan(user, kelurahan)
    return ProfileSection(
        key="interventions",
        template="interventions/intervention_profile_section.html",
        context={
            "kelurahan": kelurahan,
            "interventions": list(found),
            "budget": queries.totals_by_source(found),
            "city_wide_count": queries.city_wide_count(user),
            "can_create": queries.permissions(user).can_create
            and queries.manageable_kelurahan(user).filter(code=kelurahan.code).exists(),
        },
    )
