"""The visits section of the kelurahan profile: the team, the last visits, the last six months' reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dampingan.access.requests import scope_of
from dampingan.lib.sections import Section

from . import queries

if TYPE_CHECKING:
    from django.http import HttpRequest

    from dampingan.regions.models import Region

LAST_VISITS = 5
LAST_MONTHS = 6


def section(request: HttpRequest, kelurahan: Region) -> Section | None:
    """None for a user who may not open ``kelurahan`` (the profile view already refuses them, but a section
    must not rely on the page around it)."""
    scope = scope_of(request)
    if not scope.covers(kelurahan.code):
        return None
    return Section(
        key="mentoring-activity",
        template="visits/_profile_section.html",
        context={
            "kelurahan": kelurahan,
            "team": queries.team_of(kelurahan),
            "visits": list(queries.visible_visits(scope).of(kelurahan.code)[:LAST_VISITS]),
            "months": queries.report_months(kelurahan, last=LAST_MONTHS),
            "can_record": queries.permissions(scope, kelurahan).can_record,
        },
    )
