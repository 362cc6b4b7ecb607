"""The registry's household page shows what other apps keep about the household (the interventions
that reached it) through sections those apps register; the registry imports none of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dampingan.lib.sections import PageSections

if TYPE_CHECKING:
    from .models import Household

HOUSEHOLD_SECTIONS: PageSections[Household] = PageSections()
