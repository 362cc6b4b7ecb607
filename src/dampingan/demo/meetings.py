"""The two meetings of the seeds, their attendees as the articles describe them, and the TKPK team.

What the articles say is entered as it is (date, venue, chair, theme, speakers, who attended, what was said,
with the article as the source). What they don't say is marked: the hours are assumed, and the decisions
and action items are illustrative demo data (``is_demo``), so the follow-up pages have something to show.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

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
    TkpkMember,
    TkpkPosition,
    TkpkTeam,
    TkpkWorkingGroup,
)
from dampingan.interventions.models import Partner
from dampingan.mentoring.models import Opd

WIB = ZoneInfo("Asia/Jakarta")
SELATAN = "33.75.04"
SELATAN_KELURAHAN = [
    "33.75.04.1002",
    "33.75.04.1003",
    "33.75.04.1004",
    "33.75.04.1006",
    "33.75.04.1008",
    "33.75.04.1010",
]
CATUR_PILAR_OPDS = ["DLH", "BPBD", "Dinarpus", "Dinperpa", "Dindagkop-UKM", "DPMPPA"]

SEED_CATUR_PILAR = (
    'Berita Dinkominfo Kota Pekalongan, "Catur Pilar Kecamatan Bahas Upaya Penanggulangan Kemiskinan Melalui '
    'Program Satu Perangkat Daerah, Satu Kelurahan Dampingan" (Juli 2022). Jam mulai dan selesai tidak disebut '
    "berita; jam di sini diasumsikan."
)
SEED_RAKOR = (
    'Berita Pemkot Pekalongan, "Pemkot Pekalongan Perkuat Kolaborasi Stakeholder dalam Penanggulangan '
    'Kemiskinan" (Juni 2025). Jam tidak disebut berita; jam di sini diasumsikan.'
)

CATUR_PILAR_MINUTES = """\
## Pembukaan
Wali Kota Pekalongan membuka pertemuan. Pemulihan ekonomi pasca pandemi belum tuntas, juga di Pekalongan
Selatan: pelaku usaha batik sudah berjualan daring, tetapi belum cukup untuk menumbuhkan perekonomian.
Kelurahan perlu didampingi kelurahan dan perangkat daerah, didorong dengan infrastruktur yang dibutuhkan.
Pendampingan memetakan persoalan dan potensi tiap kelurahan; dari temuan itu lahir penanganan jangka
pendek, menengah dan panjang.

## Paparan Camat
Pertemuan Catur Pilar 2022 difokuskan pada pelaksanaan **Keputusan Wali Kota Nomor 401/0426**: enam
kelurahan, masing-masing didampingi satu perangkat daerah:

| Kelurahan | OPD pendamping |
|---|---|
| Jenggot | DLH |
| Banyurip | BPBD |
| Buaran Kradenan | Dinarpus |
| Kuripan Yosorejo | Dinperpa |
| Kuripan Kertoharjo | Dindagkop-UKM |
| Sokoduwet | DPMPPA |

Sektor utama: industri batik (Buaran, Banyurip, Jenggot), Kampung Tempe (Kuripan Kertoharjo), pemasaran
daring (Sokoduwet). Data sektoral mengacu pada DTKS (SK Wali Kota per 4 April 2022): 39.503 jiwa di
Pekalongan Selatan.

## Data makro (BPS)
Penduduk miskin Kota Pekalongan 2021: 7,59 %; TPT 6,09 %; pertumbuhan ekonomi 3,59 %.
"""

RAKOR_MINUTES = """\
## Arahan Ketua
Wakil Wali Kota, Ketua Tim Percepatan Penanggulangan Kemiskinan, menegaskan bahwa kemiskinan tidak dapat
diatasi pemerintah sendiri: perlu peran tokoh masyarakat, organisasi perempuan, tokoh agama dan lembaga
keuangan. Rakor dimaksudkan untuk menyatukan visi dan menyusun formula bersama.

## Program yang sudah berjalan
- pengalokasian anggaran khusus;
- pelatihan dan pemberdayaan masyarakat;
- bantuan modal usaha;
- pelatihan kewirausahaan bagi warga miskin.

Peserta diharapkan menjadi penggerak di lingkungan masing-masing.
"""


def _meeting(**fields: object) -> tuple[Meeting, bool]:
    key = {"kind": fields.pop("kind"), "region_id": fields.pop("region_id"), "starts_at": fields.pop("starts_at")}
    return Meeting.objects.get_or_create(**key, defaults=fields)


def _participants(meeting: Meeting, rows: list[dict[str, object]]) -> None:
    for order, row in enumerate(rows, start=1):
        participant = Participant(meeting=meeting, order=order, attended=True, **row)
        participant.full_clean()
        participant.save()


def _catur_pilar(camat: User) -> list[str]:
    meeting, created = _meeting(
        kind=MeetingKind.CATUR_PILAR,
        region_id=SELATAN,
        starts_at=dt.datetime(2022, 7, 7, 9, 0, tzinfo=WIB),
        ends_at=dt.datetime(2022, 7, 7, 12, 0, tzinfo=WIB),
        title="Pertemuan Catur Pilar Kecamatan Pekalongan Selatan 2022",
        theme="Strategi dan Arah Kebijakan Penanggulangan Kemiskinan melalui Program Satu Perangkat Daerah "
        "Satu Kelurahan Dampingan",
        venue="Aula Kecamatan Pekalongan Selatan",
        chair="Rusmani Budiharjo, Camat Pekalongan Selatan",
        agenda="1. Pembukaan oleh Wali Kota Pekalongan\n"
        "2. Paparan narasumber: Ketua Komisi C DPRD dan Kabid Pemerintahan & Pembangunan Manusia Bappeda\n"
        "3. Implementasi Keputusan Wali Kota Nomor 401/0426 tentang pendampingan kelurahan\n"
        "4. Diskusi dan tindak lanjut",
        minutes=CATUR_PILAR_MINUTES,
        status=MeetingStatus.HELD,
        source=SEED_CATUR_PILAR,
        created_by=camat,
    )
    if not created:
        return []
    rows: list[dict[str, object]] = [
        {"name": "H.A. Afzan Arslan Djunaid, SE", "position": "Wali Kota Pekalongan (membuka pertemuan)"},
        {
            "name": "Aminuddin Aziz",
            "position": "Ketua Komisi C DPRD Kota Pekalongan",
            "role": ParticipantRole.SPEAKER,
            "body": CommunityBody.DPRD,
            "topic": "Dukungan DPRD bagi penanggulangan kemiskinan",
        },
        {
            "name": "Indah Budiarti",
            "position": "Kabid Pemerintahan & Pembangunan Manusia, Bappeda",
            "role": ParticipantRole.SPEAKER,
            "topic": "Strategi dan arah kebijakan penanggulangan kemiskinan",
        },
        {"user": camat, "role": ParticipantRole.ORGANISER, "position": "Camat Pekalongan Selatan"},
    ]
    rows += [{"opd": Opd.objects.get(abbreviation=abbr)} for abbr in CATUR_PILAR_OPDS]
    rows += [{"body": CommunityBody.LURAH, "body_region_id": code} for code in SELATAN_KELURAHAN]
    rows += [{"body": CommunityBody.TP_PKK, "body_region_id": SELATAN}]
    rows += [{"body": CommunityBody.TP_PKK, "body_region_id": code} for code in SELATAN_KELURAHAN]
    rows += [
        {"body": body, "body_region_id": SELATAN}
        for body in (CommunityBody.LPM, CommunityBody.BKM, CommunityBody.FASKEL, CommunityBody.KARANG_TARUNA)
    ]
    _participants(meeting, rows)

    mapping = Decision.objects.create(
        meeting=meeting,
        number=1,
        is_demo=True,
        text="Setiap OPD pendamping memetakan masalah dan potensi kelurahan dampingannya bersama lurah, LPM "
        "dan TP-PKK, lalu menyusun usulan penanganan jangka pendek, menengah dan panjang.",
    )
    # A region's primary key is its code; the stubs take an int for a primary key.
    mapping.kelurahan.set(SELATAN_KELURAHAN)  # type: ignore[arg-type]
    marketing = Decision.objects.create(
        meeting=meeting,
        number=2,
        is_demo=True,
        text="Pemasaran daring perajin batik dan produk Kampung Tempe didorong bersama, mencontoh Sokoduwet.",
    )
    marketing.kelurahan.set(["33.75.04.1004", "33.75.04.1006", "33.75.04.1010"])  # type: ignore[list-item]
    items = [
        (mapping, "DLH", "33.75.04.1004", "Menyusun peta masalah dan potensi Kelurahan Jenggot", dt.date(2022, 8, 31)),
        (
            mapping,
            "BPBD",
            "33.75.04.1002",
            "Menyusun peta masalah dan potensi Kelurahan Banyurip",
            dt.date(2022, 8, 31),
        ),
        (
            marketing,
            "Dindagkop-UKM",
            "33.75.04.1006",
            "Pelatihan pemasaran daring bagi perajin tempe Kuripan Kertoharjo",
            dt.date(2022, 10, 31),
        ),
    ]
    for decision, abbr, kelurahan, title, due in items:
        item = ActionItem(
            decision=decision,
            title=title,
            owner_opd=Opd.objects.get(abbreviation=abbr),
            kelurahan_id=kelurahan,
            due_date=due,
            is_demo=True,
            created_by=camat,
        )
        item.full_clean()
        item.save()
    # One item already moving, so the item page shows what a dated update looks like.
    moving = ActionItem.objects.get(decision=marketing)
    ActionItemUpdate.objects.create(
        item=moving,
        author=camat,
        created_at=dt.datetime(2022, 8, 15, 10, 0, tzinfo=WIB),
        note="Jadwal pelatihan disepakati dengan kelompok perajin tempe (data contoh).",
        status_before=ActionStatus.OPEN,
        status_after=ActionStatus.IN_PROGRESS,
    )
    moving.status = ActionStatus.IN_PROGRESS
    moving.save(update_fields=["status", "updated_at"])
    return [f"meeting {meeting.title}"]


def _rakor(admin: User) -> list[str]:
    meeting, created = _meeting(
        kind=MeetingKind.RAKOR_TKPK,
        region_id="33.75",
        starts_at=dt.datetime(2025, 6, 26, 9, 0, tzinfo=WIB),
        ends_at=dt.datetime(2025, 6, 26, 12, 0, tzinfo=WIB),
        title="Rapat Koordinasi TKPK Kota Pekalongan Tahun 2025",
        theme="Penguatan kolaborasi stakeholder dalam percepatan penanggulangan kemiskinan",
        venue="Ruang Buketan, Sekretariat Daerah Kota Pekalongan",
        chair="Balgis Diab, Wakil Wali Kota Pekalongan, Ketua TKPK",
        agenda="1. Arahan Ketua TKPK\n2. Program penanggulangan kemiskinan yang berjalan\n"
        "3. Menyusun strategi bersama percepatan pengentasan kemiskinan",
        minutes=RAKOR_MINUTES,
        status=MeetingStatus.HELD,
        source=SEED_RAKOR,
        created_by=admin,
    )
    if not created:
        return []
    rows: list[dict[str, object]] = [
        {"user": admin, "role": ParticipantRole.ORGANISER, "position": "Sekretariat TKPK (Bapperida)"},
    ]
    rows += [
        {"body": body, "body_region_id": "33.75"}
        for body in (
            CommunityBody.RELIGIOUS_LEADERS,
            CommunityBody.COMMUNITY_LEADERS,
            CommunityBody.WOMEN,
            CommunityBody.FINANCIAL,
        )
    ]
    _participants(meeting, rows)
    decision = Decision.objects.create(
        meeting=meeting,
        number=1,
        is_demo=True,
        text="Lembaga keuangan dan BAZNAS menyiapkan skema modal usaha bagi warga miskin yang telah mengikuti "
        "pelatihan kewirausahaan; tokoh agama dan organisasi perempuan membantu menjangkau sasaran.",
    )
    baznas = Partner.objects.filter(name="BAZNAS Kota Pekalongan").first()
    if baznas is not None:
        item = ActionItem(
            decision=decision,
            title="Usulan zakat produktif untuk modal usaha warga desil 1-2 lulusan pelatihan kewirausahaan",
            owner_partner=baznas,
            due_date=dt.date(2025, 9, 30),
            is_demo=True,
            created_by=admin,
        )
        item.full_clean()
        item.save()
    dinsos = User.objects.get(username="operator.dinsos")
    item = ActionItem(
        decision=decision,
        title="Menyusun daftar sasaran pelatihan kewirausahaan dari data terpadu",
        owner_user=dinsos,
        due_date=dt.date(2025, 8, 15),
        status=ActionStatus.DONE,
        completed_on=dt.date(2025, 8, 12),
        is_demo=True,
        created_by=admin,
    )
    item.full_clean()
    item.save()
    ActionItemUpdate.objects.create(
        item=item,
        author=dinsos,
        created_at=dt.datetime(2025, 8, 12, 14, 0, tzinfo=WIB),
        note="Daftar sasaran dikirim ke Sekretariat TKPK (data contoh).",
        status_before=ActionStatus.OPEN,
        status_after=ActionStatus.DONE,
    )
    return [f"meeting {meeting.title}"]


def _tkpk_team() -> list[str]:
    team, created = TkpkTeam.objects.get_or_create(
        decree_number="DEMO/TKPK/2025",
        defaults={
            "valid_from": dt.date(2025, 1, 2),
            "notes": "Data demo. Ketua dari berita Rakor TKPK 26 Juni 2025; nomor keputusan dan susunan "
            "lainnya ilustratif (Permendagri 53/2020 mengatur susunannya).",
        },
    )
    if not created:
        return []
    pokja = {
        name: TkpkWorkingGroup.objects.create(team=team, name=name, order=order)
        for order, name in enumerate(
            ["Pokja Pendataan dan Sistem Informasi", "Pokja Pengembangan Kemitraan", "Pokja Pengaduan Masyarakat"],
            start=1,
        )
    }
    seats: list[tuple[TkpkPosition, str | None, str, str, dict[str, Any]]] = [
        (TkpkPosition.KETUA, None, "Wakil Wali Kota Pekalongan", "Balgis Diab", {}),
        (TkpkPosition.WAKIL_KETUA, None, "Sekretaris Daerah Kota Pekalongan", "", {}),
        # Bapperida runs the TKPK's secretariat: its name heads the address line of the LP2KD's kop.
        (
            TkpkPosition.SEKRETARIS,
            None,
            "Kepala Bapperida Kota Pekalongan",
            "",
            {"opd": Opd.objects.filter(abbreviation="Bapperida").first()},
        ),
        (
            TkpkPosition.KETUA_POKJA,
            "Pokja Pendataan dan Sistem Informasi",
            "Kepala Dinsos-P2KB",
            "",
            {"opd": Opd.objects.filter(abbreviation="Dinsos-P2KB").first()},
        ),
        (
            TkpkPosition.ANGGOTA_POKJA,
            "Pokja Pendataan dan Sistem Informasi",
            "Operator data terpadu Dinsos-P2KB",
            "",
            {"user": User.objects.get(username="operator.dinsos")},
        ),
        (
            TkpkPosition.KETUA_POKJA,
            "Pokja Pengembangan Kemitraan",
            "Kepala Dindagkop-UKM",
            "",
            {"opd": Opd.objects.filter(abbreviation="Dindagkop-UKM").first()},
        ),
        (
            TkpkPosition.ANGGOTA_POKJA,
            "Pokja Pengembangan Kemitraan",
            "BAZNAS Kota Pekalongan",
            "",
            {"partner": Partner.objects.filter(name="BAZNAS Kota Pekalongan").first()},
        ),
        (TkpkPosition.KETUA_POKJA, "Pokja Pengaduan Masyarakat", "Kepala Dinkominfo", "", {}),
        (TkpkPosition.ANGGOTA, None, "Admin TKPK (Bapperida)", "", {"user": User.objects.get(username="tkpk")}),
    ]
    for order, (position, group, office, person, links) in enumerate(seats, start=1):
        member = TkpkMember(
            team=team,
            position=position,
            working_group=pokja[group] if group else None,
            office=office,
            person_name=person,
            order=order,
            **links,
        )
        member.full_clean()
        member.save()
    return [f"TKPK team {team.decree_number}"]


def load_demo_coordination() -> list[str]:
    """Idempotent: a meeting or team already in place is left as it is."""
    admin = User.objects.get(username="tkpk")
    camat = User.objects.get(username="camat.selatan")
    with transaction.atomic(), acting_as(admin):
        return [*_catur_pilar(camat), *_rakor(admin), *_tkpk_team()]
