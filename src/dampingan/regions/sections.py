"""The region pages show what other apps keep about a region (the OPD that mentors a kelurahan) through
sections and list columns those apps register; the regions app imports none of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dampingan.lib.sections import PageSections

if TYPE_CHECKING:
    from .models import Region

REGION_SECTIONS: PageSections[Region] = PageSections()
