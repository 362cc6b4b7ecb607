"""Month labels for the builders.

Builders call the same query functions as the pages, with ``Scope.city_viewer()`` instead of a user: a report
is about its subject (an OPD, a kelurahan, the city), not about who pressed the button, and an OPD's report
for last year must still count the kelurahan it mentored then, although its mentor's scope today holds only
this year's. The viewer's scope shows the figures a pengamat sees on the pages and never a name, NIK or
address of a registry person (no ``VIEW_PERSONAL_DATA``). Who may request and see which report is decided
by ``reports.access``, before and after the build.
"""

from __future__ import annotations

import datetime as dt

from django.utils import formats


def month_label(month: dt.date) -> str:
    """ "Januari 2025" in the active language."""
    return formats.date_format(month, "F Y")


def months_of(year: int) -> list[dt.date]:
    return [dt.date(year, m, 1) for m in range(1, 13)]
