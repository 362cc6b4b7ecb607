"""The printables of a meeting: the attendance sheet to sign and the minutes as PDF (read back with pypdf), the
.ics read back with icalendar, and a clear page instead of an error when the server cannot draw PDFs."""

import builtins
import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from icalendar import Calendar
from pypdf import PdfReader

from dampingan.coordination import meetings, printables
from dampingan.coordination.models import Meeting

from .meeting_helpers import WIB, catur_pilar

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    # Table cells wrap long names over lines; compare with the whitespace folded.
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_the_attendance_sheet_lists_every_invited_participant_and_blank_rows(demo_coordination, client_as):
    meeting = Meeting.objects.get(kind="catur_pilar")
    invited = meeting.participants.filter(invited=True).count()

    response = client_as("camat_selatan").get(reverse("coordination:meeting_attendance_pdf", args=[meeting.pk]))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    for expected in (
        "PEMERINTAH KOTA PEKALONGAN",
        "KECAMATAN PEKALONGAN SELATAN",
        "DAFTAR HADIR",
        "Aula Kecamatan Pekalongan Selatan",
        "Kamis, 7 Juli 2022",
        "Tanda tangan",
        "Aminuddin Aziz",
        "Indah Budiarti",
        "Dinas Lingkungan Hidup",
        "Lurah Banyurip",
    ):
        assert expected in text, expected
    # One numbered row per invited participant, then the blank rows for walk-ins.
    assert f"{invited + printables.BLANK_ROWS}." in text
    assert f"{invited + printables.BLANK_ROWS + 1}." not in text


def test_the_minutes_pdf_has_who_came_the_minutes_and_the_decisions_with_their_action_items(
    demo_coordination, client_as
):
    meeting = Meeting.objects.get(kind="catur_pilar")

    response = client_as("mentor_dlh").get(reverse("coordination:meeting_minutes_pdf", args=[meeting.pk]))

    text = pdf_text(response.content)
    for expected in (
        "NOTULEN RAPAT",
        "Peserta yang hadir",
        "Indah Budiarti",
        "Strategi dan arah kebijakan penanggulangan kemiskinan",  # a speaker's topic
        "Pembukaan",  # a heading of the minutes
        "Keputusan Wali Kota Nomor 401/0426",
        "Setiap OPD pendamping memetakan masalah",
        "Menyusun peta masalah dan potensi Kelurahan Jenggot",
        "DLH",
        "31 Agu 2022",
        "Data contoh",
    ):
        assert expected in text, expected


def test_script_in_the_minutes_does_not_reach_the_pdf(persona, client_as):
    camat = persona("camat_selatan")
    meeting = catur_pilar(camat)
    meeting = meetings.write_minutes(camat, meeting, "Aman<script>document.write('DISUNTIK')</script> **tebal**")

    html = printables.minutes_html(meeting)
    text = pdf_text(
        client_as("camat_selatan").get(reverse("coordination:meeting_minutes_pdf", args=[meeting.pk])).content
    )

    assert "<script" not in html and "<strong>tebal</strong>" in html
    assert "Aman" in text and "tebal" in text


def test_without_pango_the_pdf_link_explains_instead_of_failing(persona, client_as, monkeypatch):
    meeting = catur_pilar(persona("camat_selatan"))
    real_import = builtins.__import__

    def no_weasyprint(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    response = client_as("camat_selatan").get(reverse("coordination:meeting_attendance_pdf", args=[meeting.pk]))

    assert response.status_code == 503
    assert "Pango" in response.content.decode() and "PDF" in response.content.decode()
    assert 'id="pdf-unavailable"' in response.content.decode()


def test_the_calendar_file_reads_back_with_the_meeting_times_place_and_agenda(persona, client_as, settings):
    settings.ALLOWED_HOSTS = ["dampingan.pekalongankota.go.id"]
    camat = persona("camat_selatan")
    agenda = '1. Pembukaan; sambutan, doa\n2. Paparan: "data" DTKS\\DTSEN'
    meeting = catur_pilar(camat, agenda=agenda, venue="Aula Kecamatan, Lantai 2; Ruang A")
    url = reverse("coordination:meeting_ics", args=[meeting.pk])

    response = client_as("mentor_dlh").get(url, HTTP_HOST="dampingan.pekalongankota.go.id")
    again = client_as("camat_selatan").get(url, HTTP_HOST="dampingan.pekalongankota.go.id:443")

    assert response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["UID"]) == f"rapat-{meeting.pk}@dampingan.pekalongankota.go.id"
    assert str(Calendar.from_ical(again.content).walk("VEVENT")[0]["UID"]) == str(event["UID"])
    start = event.decoded("DTSTART")
    assert start == dt.datetime(2022, 7, 7, 9, 0, tzinfo=WIB) and event["DTSTART"].params["TZID"] == "Asia/Jakarta"
    assert event.decoded("DTEND") == dt.datetime(2022, 7, 7, 12, 0, tzinfo=WIB)
    assert str(event["SUMMARY"]) == "Catur Pilar Kecamatan Pekalongan Selatan 2022"
    assert str(event["LOCATION"]) == "Aula Kecamatan, Lantai 2; Ruang A"
    assert agenda in str(event["DESCRIPTION"])
    assert b"Aula Kecamatan\\, Lantai 2\\; Ruang A" in response.content  # RFC 5545 escaping on the wire
    assert Calendar.from_ical(response.content).walk("VTIMEZONE")[0]["TZID"] == "Asia/Jakarta"


def test_a_cancelled_meeting_is_cancelled_in_the_calendar(persona):
    camat = persona("camat_selatan")
    meeting = catur_pilar(camat, status="direncanakan")
    meetings.set_status(camat, meeting, "dibatalkan")
    meeting.refresh_from_db()

    event = Calendar.from_ical(printables.meeting_ics(meeting, host="example.org")).walk("VEVENT")[0]

    assert str(event["STATUS"]) == "CANCELLED"


def test_the_letterhead_names_the_government_down_to_the_region(persona):
    from .meeting_helpers import musyawarah, rakor

    assert printables.letterhead(rakor(persona("tkpk"))) == [
        "PEMERINTAH KOTA PEKALONGAN",
        "TIM KOORDINASI PENANGGULANGAN KEMISKINAN",
    ]
    assert printables.letterhead(musyawarah(persona("lurah_banyurip"))) == [
        "PEMERINTAH KOTA PEKALONGAN",
        "KECAMATAN PEKALONGAN SELATAN",
        "KELURAHAN BANYURIP",
    ]
