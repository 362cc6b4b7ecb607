"""Coordination as of ``today``: the seeds' meetings stay as the articles tell them, but their action
items are history by now (done, on plausible dates) instead of "1,558 days overdue"; a Catur Pilar of Pekalongan
Selatan held five weeks ago leaves items due around today (done, due this week, due later, overdue by days and by
weeks), and the next Rakor TKPK is planned. Illustrative demo data (``is_demo``).

Idempotent on any later day too (`make run` loads the demo every time): once the recent meeting and the planned
one exist, whatever day they were placed around, nothing is added.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from dampingan.access.audit import acting_as
from dampingan.accounts.models import User
from dampingan.coordination.models import (
    ActionItem,
    ActionItemUpdate,
    ActionStatus,
    CommunityBody,
    Decision,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Participant,
    ParticipantRole,
)
from dampingan.mentoring.models import Opd

from .meetings import CATUR_PILAR_OPDS, SELATAN, SELATAN_KELURAHAN, WIB, _meeting, _participants

RECENT_MINUTES = """\
## Pembukaan
Camat membuka pertemuan dan mengingatkan agar setiap OPD pendamping melaporkan kemajuan intervensi di
kelurahan dampingannya.

## Laporan OPD pendamping
- DLH: IPAL komunal Jenggot masuk tahap perencanaan teknis.
- BPBD: pendataan rumah terdampak rob Banyurip selesai; usulan perbaikan disampaikan ke Disperkim.
- Dindagkop-UKM: koperasi perajin tempe Kuripan Kertoharjo terbentuk; pelatihan pemasaran daring berlanjut.
- DPMPPA: kelas usaha daring perempuan kepala keluarga Sokoduwet angkatan kedua.

## Kesepakatan
Tindak lanjut dicatat sebagai butir tindak lanjut dengan tenggat masing-masing (data contoh).
"""


def load_demo_coordination_now(today: dt.date) -> list[str]:
    """Close the seeds' items as history and add the recent and the next meeting around ``today``."""
    admin = User.objects.get(username="tkpk")
    camat = User.objects.get(username="camat.selatan")
    with transaction.atomic(), acting_as(admin):
        return [*_seed_items_done(camat, today), *_recent_catur_pilar(camat, today), *_next_rakor(admin, today)]


def _seed_items_done(camat: User, today: dt.date) -> list[str]:
    """The seeds' items, due in 2022 and 2025, were done long before ``today``: each closes a few days before its
    deadline (never after ``today``), with a dated update saying so."""
    done = 0
    for item in ActionItem.objects.filter(is_demo=True, status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS]):
        if item.due_date is None or item.due_date >= today - dt.timedelta(days=60):
            continue  # a recent item: its state is part of today's picture
        completed = item.due_date - dt.timedelta(days=3)
        ActionItemUpdate.objects.create(
            item=item,
            author=camat,
            created_at=dt.datetime.combine(completed, dt.time(14), WIB),
            note="Selesai dan dilaporkan pada rapat berikutnya (data contoh).",
            status_before=item.status,
            status_after=ActionStatus.DONE,
        )
        item.status, item.completed_on = ActionStatus.DONE, completed
        item.save(update_fields=["status", "completed_on", "updated_at"])
        done += 1
    return [f"{done} seed action items closed as done"] if done else []


RECENT_SOURCE = "Data contoh: pertemuan rutin, bukan dari berita."
NEXT_SOURCE = "Data contoh: rapat yang direncanakan."


def _recent_catur_pilar(camat: User, today: dt.date) -> list[str]:
    if Meeting.objects.filter(source=RECENT_SOURCE).exists():
        return []
    held_on = today - dt.timedelta(days=35)
    meeting, created = _meeting(
        kind=MeetingKind.CATUR_PILAR,
        region_id=SELATAN,
        starts_at=dt.datetime.combine(held_on, dt.time(9), WIB),
        ends_at=dt.datetime.combine(held_on, dt.time(11, 30), WIB),
        title=f"Catur Pilar Kecamatan Pekalongan Selatan, evaluasi triwulan ({held_on:%m/%Y})",
        theme="Evaluasi kemajuan pendampingan kelurahan dan tindak lanjut intervensi",
        venue="Aula Kecamatan Pekalongan Selatan",
        chair="Camat Pekalongan Selatan",
        agenda="1. Laporan OPD pendamping\n2. Kendala di lapangan\n3. Tindak lanjut",
        minutes=RECENT_MINUTES,
        status=MeetingStatus.HELD,
        source=RECENT_SOURCE,
        created_by=camat,
    )
    if not created:
        return []
    rows: list[dict[str, object]] = [{"user": camat, "role": ParticipantRole.ORGANISER, "position": "Camat"}]
    rows += [{"opd": Opd.objects.get(abbreviation=abbr)} for abbr in CATUR_PILAR_OPDS]
    rows += [{"body": CommunityBody.LURAH, "body_region_id": code} for code in SELATAN_KELURAHAN]
    rows += [{"body": CommunityBody.LPM, "body_region_id": SELATAN}]
    _participants(meeting, rows)
    decision = Decision.objects.create(
        meeting=meeting,
        number=1,
        is_demo=True,
        text="Setiap OPD pendamping menuntaskan tindak lanjut berikut sebelum rakor TKPK berikutnya.",
    )
    # A region's primary key is its code; the stubs take an int for a primary key.
    decision.kelurahan.set(SELATAN_KELURAHAN)  # type: ignore[arg-type]
    # (owner OPD, kelurahan, title, days from today to the deadline, status, days from today it was done)
    items = [
        ("DLH", "33.75.04.1004", "Menyampaikan DED IPAL komunal Jenggot ke Bapperida", -20, ActionStatus.IN_PROGRESS),
        ("BPBD", "33.75.04.1002", "Mengirim daftar rumah terdampak rob ke Disperkim", -4, ActionStatus.OPEN),
        ("Dindagkop-UKM", "33.75.04.1006", "Mendaftarkan koperasi perajin tempe ke Dinas Koperasi Provinsi", 3,
         ActionStatus.OPEN),
        ("DPMPPA", "33.75.04.1010", "Menyusun daftar peserta kelas usaha daring angkatan ketiga", 12,
         ActionStatus.IN_PROGRESS),
        ("Dinarpus", "33.75.04.1003", "Membuka taman baca sore hari bersama karang taruna", -15, ActionStatus.DONE),
        ("Dinperpa", "33.75.04.1008", "Menyalurkan benih lele kepada kelompok Mina Makmur", 25, ActionStatus.OPEN),
        ("Dinsos-P2KB", None, "Memutakhirkan usulan DTSEN hasil musyawarah kelurahan Pekalongan Selatan", 9,
         ActionStatus.IN_PROGRESS),
    ]  # fmt: skip
    for abbreviation, kelurahan, title, due_in, status in items:
        due = today + dt.timedelta(days=due_in)
        item = ActionItem(
            decision=decision,
            title=title,
            owner_opd=Opd.objects.get(abbreviation=abbreviation),
            kelurahan_id=kelurahan,
            due_date=due,
            status=status,
            completed_on=due - dt.timedelta(days=2) if status == ActionStatus.DONE else None,
            is_demo=True,
            created_by=camat,
        )
        item.full_clean()
        item.save()
        if status != ActionStatus.OPEN:
            ActionItemUpdate.objects.create(
                item=item,
                author=camat,
                created_at=dt.datetime.combine(min(today, held_on + dt.timedelta(days=14)), dt.time(10), WIB),
                note="Kemajuan dilaporkan OPD pendamping (data contoh).",
                status_before=ActionStatus.OPEN,
                status_after=status,
            )
    return [f"meeting {meeting.title}"]


def _next_rakor(admin: User, today: dt.date) -> list[str]:
    if Meeting.objects.filter(source=NEXT_SOURCE).exists():
        return []
    day = today + dt.timedelta(days=16)
    meeting, created = _meeting(
        kind=MeetingKind.RAKOR_TKPK,
        region_id="33.75",
        starts_at=dt.datetime.combine(day, dt.time(9), WIB),
        ends_at=dt.datetime.combine(day, dt.time(12), WIB),
        title=f"Rapat Koordinasi TKPK Kota Pekalongan ({day:%m/%Y})",
        theme="Kemajuan Program Satu Perangkat Daerah, Satu Kelurahan Dampingan dan rencana tahun depan",
        venue="Ruang Buketan, Sekretariat Daerah Kota Pekalongan",
        chair="Wakil Wali Kota Pekalongan, Ketua TKPK",
        agenda="1. Laporan kemajuan per kelurahan dampingan\n2. Sasaran dari DTSEN terbaru\n3. Rencana tahun depan",
        status=MeetingStatus.PLANNED,
        source=NEXT_SOURCE,
        created_by=admin,
    )
    if not created:
        return []
    # Not held yet: nobody has attended.
    organiser = Participant(meeting=meeting, order=1, attended=False, user=admin, role=ParticipantRole.ORGANISER)
    organiser.full_clean()
    organiser.save()
    return [f"meeting {meeting.title} (planned)"]
