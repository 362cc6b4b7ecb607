"""The interventions sections of other apps' pages: the kelurahan profile (what runs there, its money and
its progress) and the registry's household page (every intervention that reached the household)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dampingan.access.requests import scope_of
from dampingan.lib.sections import Section

from . import queries
from .beneficiary_queries import interventions_of_household

if TYPE_CHECKING:
    from django.http import HttpRequest

    from dampingan.regions.models import Region
    from dampingan.registry.models import Household


def section(request: HttpRequest, kelurahan: Region) -> Section | None:
    """None for a user who may not open ``kelurahan`` (a section must not rely on the page around it)."""
    scope = scope_of(request)
    if not scope.covers(kelurahan.code):
        return None
    found = queries.of_kelurahan(scope, kelurahan)
    return Section(
        key="interventions",
        template="interventions/intervention_profile_section.html",
        context={
            "kelurahan": kelurahan,
            "interventions": list(found),
            "budget": queries.totals_by_source(found),
            "city_wide_count": queries.city_wide_count(scope),
            "can_create": queries.permissions(scope).can_create
            and queries.manageable_kelurahan(scope).filter(code=kelurahan.code).exists(),
        },
    )


def household_section(request: HttpRequest, household: Household) -> Section:
    """The registry page has decided the user may open ``household``; interventions it may not open are
    listed by title without a link."""
    return Section(
        key="household-interventions",
        template="interventions/household_interventions.html",
        context={"interventions": interventions_of_household(scope_of(request), household)},
    )
