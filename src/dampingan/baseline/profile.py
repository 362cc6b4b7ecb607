"""The baseline's section of the kelurahan profile: problems by priority and potentials, with links."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dampingan.access.requests import scope_of
from dampingan.access.roles import Capability
from dampingan.lib.sections import Section

from . import queries

if TYPE_CHECKING:
    from django.http import HttpRequest

    from dampingan.regions.models import Region


def section(request: HttpRequest, kelurahan: Region) -> Section | None:
    scope = scope_of(request)
    if not scope.covers(kelurahan.code):
        return None
    return Section(
        key="baseline",
        template="baseline/_profile_section.html",
        context={
            "problems": list(queries.with_latest_update(queries.problems_of(scope, kelurahan.code))),
            "potentials": list(queries.with_latest_potential_update(queries.potentials_of(scope, kelurahan.code))),
            "can_record": scope.can(Capability.RECORD_MENTORING),
        },
    )
