"""What every builder reads with: a city-wide reader without personal data, and month labels.

Builders call the same query functions as the pages, and those take a user. A report is about its
subject (an OPD, a kelurahan, the city), not about who pressed the button: an OPD's report for last year
must still count the kelurahan it mentored then, although its mentor's scope today holds only this year's.
So builders read as an unsaved city-wide viewer: the figures a pengamat sees on the pages, and never a
name, NIK or address of a registry person (the viewer role has no ``VIEW_PERSONAL_DATA``). Who may
request and see which report is decided by ``reports.access``, before and after the build.
"""

from __future__ import annotations

import datetime as dt

from django.utils import formats

from dampingan.access.roles import Role
from dampingan.accounts.models import User


def city_reader() -> User:
    """A signed-in city-wide viewer that exists only in memory (never saved, cannot log in)."""
    # pk 0 belongs to no row: "owned by the reader" filters (action items) match nothing instead of failing
    # on an unsaved instance.
    reader = User(pk=0, username="report-builder", role=Role.VIEWER, is_active=True)
    reader.set_unusable_password()
    return reader


def month_label(month: dt.date) -> str:
    """ "Januari 2025" in the active language."""
    return formats.date_format(month, "F Y")


def months_of(year: int) -> list[dt.date]:
    return [dt.date(year, m, 1) for m in range(1, 13)]
