"""Meetings, decisions and action items for the action item tests, written straight to the database so these
tests do not depend on the meeting pages.

``catur_pilar`` is the seed's Catur Pilar of Pekalongan Selatan (7 July 2022) as the camat records it, with
one decision about Jenggot and Banyurip; ``barat_meeting`` a meeting of another kecamatan.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from dampingan.accounts.models import User
from dampingan.coordination import action_items
from dampingan.coordination.models import ActionItem, Decision, Meeting, MeetingKind, MeetingStatus
from dampingan.mentoring.models import Opd
from dampingan.regions.models import Region

SELATAN = "33.75.04"
BARAT = "33.75.01"
JENGGOT = "33.75.04.1004"
BANYURIP = "33.75.04.1002"
MEDONO = "33.75.01.1002"


def meeting(creator: User, region: str, *, day: dt.date, title: str, kind: str = MeetingKind.CATUR_PILAR) -> Meeting:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    return Meeting.objects.create(
        kind=kind,
        region_id=region,
        title=title,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        venue="Aula Kecamatan",
        chair="Camat Pekalongan Selatan",
        status=MeetingStatus.HELD,
        created_by=creator,
    )


def decision(m: Meeting, number: int = 1, text: str = "Percepatan penanganan RTLH dan sanitasi.") -> Decision:
    return Decision.objects.create(meeting=m, number=number, text=text)


def catur_pilar(persona: Any, day: dt.date = dt.date(2022, 7, 7)) -> Decision:
    m = meeting(persona("camat_selatan"), SELATAN, day=day, title="Catur Pilar Kecamatan Pekalongan Selatan")
    return decision(m)


def barat_meeting(persona: Any, day: dt.date = dt.date(2022, 7, 7)) -> Decision:
    m = meeting(persona("tkpk"), BARAT, day=day, title="Catur Pilar Kecamatan Pekalongan Barat")
    return decision(m)


def opd(abbreviation: str) -> Opd:
    return Opd.objects.get(abbreviation=abbreviation)


def item_for(
    actor: User,
    d: Decision,
    *,
    owner: Opd | User | Any,
    due: dt.date,
    title: str = "Data RTLH diverifikasi",
    kelurahan: str | None = None,
) -> ActionItem:
    """An action item through the service, as the meeting's runner records it."""
    owner_field = {Opd: "owner_opd", User: "owner_user"}.get(type(owner), "owner_partner")
    data = {
        "title": title,
        owner_field: owner,
        "due_date": due,
        "kelurahan": Region.objects.get(code=kelurahan) if kelurahan else None,
    }
    return action_items.create_action_item(actor, d, data)
