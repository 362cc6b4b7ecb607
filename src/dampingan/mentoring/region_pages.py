"""What the region pages show of the mentoring programme: the OPD that mentors each kelurahan."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dampingan.lib.sections import Cell, Column, Section
from dampingan.regions.models import RegionLevel

from .models import Assignment
from .queries import mentors_by_village

if TYPE_CHECKING:
    from django.http import HttpRequest

    from dampingan.regions.models import Region


def section(request: HttpRequest, region: Region) -> Section | None:
    """A kelurahan's mentoring OPD now and its assignments by decree; nothing for a kecamatan."""
    if region.level != RegionLevel.DESA_KELURAHAN:
        return None
    return Section(
        key="mentoring-opd",
        template="mentoring/region_section.html",
        context={
            "assignments": Assignment.objects.filter(kelurahan=region)
            .select_related("opd", "decree")
            .order_by("-decree__valid_from"),
            "in_force": Assignment.objects.in_force().filter(kelurahan=region).select_related("opd").first(),
        },
    )


def mentor_cells(codes: list[str]) -> dict[str, Cell]:
    return {
        code: Cell(line.opd.abbreviation, reverse("mentoring:opd_detail", args=[line.opd_id]))
        for code, line in mentors_by_village(codes).items()
    }


# ``Column.header`` takes a lazy translation (see lib/sections.py), though annotated ``str``.
MENTOR_COLUMN = Column(header=_("Mentoring OPD"), cells=mentor_cells)
