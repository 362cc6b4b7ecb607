"""Meetings for the meeting tests, recorded through the services as the camat, the lurah and the TKPK would,
and the bytes of the files people attach."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any
from zoneinfo import ZoneInfo

from dampingan.accounts.models import User
from dampingan.coordination import meetings
from dampingan.coordination.meetings import ParticipantSpec
from dampingan.coordination.models import CommunityBody, Meeting, MeetingKind, MeetingStatus, ParticipantRole
from dampingan.mentoring.models import Opd
from dampingan.regions.models import Region

WIB = ZoneInfo("Asia/Jakarta")
CITY = "33.75"
SELATAN = "33.75.04"
BARAT = "33.75.01"
BANYURIP = "33.75.04.1002"
JENGGOT = "33.75.04.1004"
MEDONO = "33.75.01.1002"
SIX_OPDS = ["DLH", "BPBD", "Dinarpus", "Dinperpa", "Dindagkop-UKM", "DPMPPA"]


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=WIB)


def region(code: str) -> Region:
    return Region.objects.get(pk=code)


def opd_ids(abbreviations: list[str]) -> list[int]:
    return [Opd.objects.get(abbreviation=a).pk for a in abbreviations]


def meeting_data(code: str, kind: str, day: dt.date = dt.date(2022, 7, 7), **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": kind,
        "region": region(code),
        "title": f"Rapat {code}",
        "theme": "Penanggulangan kemiskinan",
        "starts_at": at(day, 9),
        "ends_at": at(day, 12),
        "venue": "Aula",
        "chair": "Pimpinan Rapat",
        "agenda": "1. Pembukaan\n2. Diskusi",
        "status": MeetingStatus.HELD,
    }
    data.update(changes)
    return data


def catur_pilar(camat: User, **changes: Any) -> Meeting:
    """The Catur Pilar of Pekalongan Selatan of 7 July 2022 with its six OPDs, a speaker, the lurah of each
    kelurahan and the kecamatan's TP-PKK, as the camat records it."""
    specs = [
        ParticipantSpec(
            name="Indah Budiarti",
            position="Kabid Pemerintahan & Pembangunan Manusia, Bappeda",
            role=ParticipantRole.SPEAKER,
            topic="Strategi dan arah kebijakan",
        ),
        *(ParticipantSpec(opd_id=pk) for pk in opd_ids(SIX_OPDS)),
        ParticipantSpec(body=CommunityBody.LURAH, body_region_id=BANYURIP),
        ParticipantSpec(body=CommunityBody.LURAH, body_region_id=JENGGOT),
        ParticipantSpec(body=CommunityBody.TP_PKK, body_region_id=SELATAN),
        ParticipantSpec(name="Aminuddin Aziz", position="Ketua Komisi C DPRD"),
    ]
    data = meeting_data(SELATAN, MeetingKind.CATUR_PILAR, title="Catur Pilar Kecamatan Pekalongan Selatan 2022")
    data.update(changes)
    return meetings.create_meeting(camat, data, specs)


def musyawarah(lurah: User, code: str = BANYURIP, **changes: Any) -> Meeting:
    data = meeting_data(code, MeetingKind.MUSYAWARAH_KELURAHAN, title="Musyawarah Kelurahan")
    data.update(changes)
    return meetings.create_meeting(lurah, data, [ParticipantSpec(body=CommunityBody.LPM, body_region_id=code)])


def rakor(tkpk: User, **changes: Any) -> Meeting:
    data = meeting_data(CITY, MeetingKind.RAKOR_TKPK, dt.date(2025, 6, 26), title="Rakor TKPK 2025")
    data.update(changes)
    return meetings.create_meeting(tkpk, data, [ParticipantSpec(body=CommunityBody.WOMEN, body_region_id=CITY)])


def barat_catur_pilar(tkpk: User) -> Meeting:
    data = meeting_data(BARAT, MeetingKind.CATUR_PILAR, title="Catur Pilar Kecamatan Pekalongan Barat")
    return meetings.create_meeting(tkpk, data, [])


# --- file bytes ----------------------------------------------------------------------------------------

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
# A Windows program: "MZ" header and the DOS stub message.
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"This program cannot be run in DOS mode." * 4


def zip_bytes(entries: dict[str, bytes], *, stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            kind = zipfile.ZIP_STORED if stored_first and name == next(iter(entries)) else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=kind)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    """A minimal Word document as Word writes its package: content types, relationships, the main part."""
    content_types = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        b'<Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="/word/document.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        b"</Types>"
    )
    return zip_bytes(
        {
            "[Content_Types].xml": content_types,
            "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
            "word/document.xml": b'<?xml version="1.0"?><w:document/>',
        }
    )


def odt_bytes(mimetype: str = "application/vnd.oasis.opendocument.text") -> bytes:
    return zip_bytes(
        {"mimetype": mimetype.encode(), "content.xml": b"<office:document-content/>"},
        stored_first=True,
    )


def xlsx_bytes() -> bytes:
    """A real workbook written by openpyxl."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Usulan", "Kelurahan"])
    book.active.append(["Pelatihan pemasaran daring", "Sokoduwet"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
