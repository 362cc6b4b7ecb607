"""A meeting that ends before it starts, a type held at the wrong level, a participant line that names nobody
or someone unknown, a held meeting in the future: refused with a message naming what and where, and nothing
of the meeting is saved."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from dampingan.coordination import meetings
from dampingan.coordination.meetings import ParticipantSpec
from dampingan.coordination.models import Meeting, MeetingKind, MeetingStatus, Participant

from .meeting_helpers import BANYURIP, CITY, SELATAN, at, catur_pilar, meeting_data
from .test_meeting_form_records_a_catur_pilar_with_its_participants import form_data

pytestmark = pytest.mark.django_db


def test_a_meeting_that_ends_before_it_starts_is_refused_on_the_form_and_nothing_is_saved(client_as):
    response = client_as("camat_selatan").post(
        reverse("coordination:meeting_create"), form_data(start_time="13:00", end_time="11:00")
    )

    assert response.status_code == 422
    assert response.context["form"].errors["end_time"] == ["Rapat harus selesai setelah dimulai (13:00)."]
    assert "Rapat harus selesai setelah dimulai" in response.content.decode()
    assert not Meeting.objects.exists() and not Participant.objects.exists()


def test_the_service_refuses_the_same_and_says_both_times(persona):
    with pytest.raises(ValidationError) as refused:
        meetings.create_meeting(
            persona("camat_selatan"),
            meeting_data(SELATAN, MeetingKind.CATUR_PILAR, starts_at=at(dt.date(2022, 7, 7), 12)),
            [ParticipantSpec(name="Tamu")],
        )

    assert refused.value.message_dict["ends_at"] == [
        "Rapat harus selesai setelah dimulai: selesai 7 Juli 2022, 12:00 tetapi mulai 7 Juli 2022, 12:00."
    ]
    assert not Meeting.objects.exists() and not Participant.objects.exists()


@pytest.mark.parametrize(
    ("kind", "code", "expected"),
    [
        (
            MeetingKind.CATUR_PILAR,
            BANYURIP,
            "Catur Pilar kecamatan diadakan untuk kecamatan; Banyurip adalah desa/kelurahan.",
        ),
        (MeetingKind.MUSYAWARAH_KELURAHAN, SELATAN, "Musyawarah kelurahan diadakan untuk desa/kelurahan;"),
        (MeetingKind.RAKOR_TKPK, SELATAN, "Rapat koordinasi TKPK (rakor) diadakan untuk kabupaten/kota;"),
    ],
)
def test_a_type_held_at_another_level_is_refused(persona, kind, code, expected):
    with pytest.raises(ValidationError) as refused:
        meetings.create_meeting(persona("tkpk"), meeting_data(code, kind), [])

    assert refused.value.message_dict["region"][0].startswith(expected)
    assert not Meeting.objects.exists()


def test_an_evaluation_meeting_may_be_held_at_any_level(persona):
    tkpk = persona("tkpk")

    held = [meetings.create_meeting(tkpk, meeting_data(code, MeetingKind.EVALUATION), []) for code in (CITY, SELATAN)]

    assert len(held) == 2


def test_a_participant_that_is_nobody_or_unknown_is_named_by_its_line(persona):
    with pytest.raises(ValidationError) as refused:
        meetings.create_meeting(
            persona("camat_selatan"),
            meeting_data(SELATAN, MeetingKind.CATUR_PILAR),
            [
                ParticipantSpec(name="Indah Budiarti"),
                ParticipantSpec(position="Kepala Dinas"),
                ParticipantSpec(opd_id=999_999),
                ParticipantSpec(body="lpm", body_region_id="33.75.01.1002"),
                ParticipantSpec(name="indah  budiarti"),
            ],
        )

    assert refused.value.message_dict["participants"] == [
        "Peserta 2: tidak ada yang disebut; pilih OPD, pengguna, mitra atau lembaga kemasyarakatan, atau ketik nama.",
        "Peserta 3: tidak ada OPD dengan id 999999.",
        "Peserta 4: LPM Medono berasal dari Medono, di luar Pekalongan Selatan.",
        "Peserta 5: indah  budiarti sudah tercantum sebagai peserta 1.",
    ]
    assert not Meeting.objects.exists() and not Participant.objects.exists()


def test_a_speaker_line_with_too_many_separators_or_no_name_is_named_by_its_number(client_as):
    response = client_as("camat_selatan").post(
        reverse("coordination:meeting_create"),
        form_data(speakers="Aminuddin Aziz — DPRD — Topik — lebih\n — Tanpa nama — topik", guests=""),
    )

    assert response.status_code == 422
    assert response.context["form"].errors["speakers"] == [
        "Narasumber, baris 1: terlalu banyak pemisah; tulis “nama — jabatan — topik”.",
        "Narasumber, baris 2: nama tidak diisi.",
    ]
    assert not Meeting.objects.exists()


def test_a_meeting_in_the_future_cannot_be_recorded_as_held(persona):
    later = timezone.localdate() + dt.timedelta(days=10)

    with pytest.raises(ValidationError) as refused:
        meetings.create_meeting(
            persona("camat_selatan"),
            meeting_data(SELATAN, MeetingKind.CATUR_PILAR, later, status=MeetingStatus.HELD),
            [],
        )

    assert refused.value.message_dict["status"] == ["Rapat yang belum dimulai tidak dapat ditandai terlaksana."]


def test_attendance_of_a_meeting_that_has_not_started_is_refused(persona):
    camat = persona("camat_selatan")
    later = timezone.localdate() + dt.timedelta(days=10)
    meeting = meetings.create_meeting(
        camat, meeting_data(SELATAN, MeetingKind.CATUR_PILAR, later, status=MeetingStatus.PLANNED), []
    )

    with pytest.raises(ValidationError) as refused:
        meetings.record_attendance(camat, meeting, set())

    assert "setelah rapat dimulai" in refused.value.message_dict["attended"][0]
    assert Meeting.objects.get().status == MeetingStatus.PLANNED


def test_an_edit_that_breaks_one_rule_changes_nothing(persona):
    camat = persona("camat_selatan")
    meeting = catur_pilar(camat)
    before = list(meeting.participants.values_list("pk", flat=True))

    with pytest.raises(ValidationError):
        meetings.update_meeting(
            camat,
            meeting,
            {"title": "Judul baru", "ends_at": meeting.starts_at - dt.timedelta(hours=1)},
            [ParticipantSpec(name="Tamu baru")],
        )

    meeting.refresh_from_db()
    assert meeting.title == "Catur Pilar Kecamatan Pekalongan Selatan 2022"
    assert list(meeting.participants.values_list("pk", flat=True)) == before


def test_minutes_of_a_cancelled_meeting_are_refused(persona):
    camat = persona("camat_selatan")
    later = timezone.localdate() + dt.timedelta(days=3)
    meeting = meetings.create_meeting(
        camat, meeting_data(SELATAN, MeetingKind.CATUR_PILAR, later, status=MeetingStatus.PLANNED), []
    )
    meetings.set_status(camat, meeting, MeetingStatus.CANCELLED)

    with pytest.raises(ValidationError) as refused:
        meetings.write_minutes(camat, meeting, "## Notulen")

    assert refused.value.message_dict["minutes"] == ["Rapat ini dibatalkan; tidak ada notulennya."]


def test_every_problem_of_one_participant_line_is_named_in_turn(persona):
    with pytest.raises(ValidationError) as refused:
        meetings.create_meeting(
            persona("camat_selatan"),
            meeting_data(SELATAN, MeetingKind.CATUR_PILAR),
            [
                ParticipantSpec(
                    name="x" * 201,
                    user_id=999_998,
                    partner_id=999_997,
                    body="arisan",
                    body_region_id="99.99",
                    role="ketua",
                    topic="y" * 251,
                ),
            ],
        )

    assert refused.value.message_dict["participants"] == [
        "Peserta 1: tidak ada pengguna aktif dengan id 999998.",
        "Peserta 1: tidak ada mitra dengan id 999997.",
        "Peserta 1: lembaga kemasyarakatan “arisan” tidak dikenal.",
        "Peserta 1: tidak ada wilayah dengan kode 99.99.",
        "Peserta 1: peran “ketua” tidak dikenal.",
        "Peserta 1: nama lebih dari 200 karakter.",
        "Peserta 1: topik lebih dari 250 karakter.",
    ]
    assert not Meeting.objects.exists()


def test_attendance_of_a_cancelled_meeting_names_the_strangers_too(persona):
    camat = persona("camat_selatan")
    planned = meetings.create_meeting(
        camat, meeting_data(SELATAN, MeetingKind.CATUR_PILAR, status=MeetingStatus.PLANNED), []
    )
    meeting = meetings.set_status(camat, planned, MeetingStatus.CANCELLED)

    with pytest.raises(ValidationError) as refused:
        meetings.record_attendance(camat, meeting, {999_999, 999_998}, [ParticipantSpec(opd_id=999_999)])

    assert refused.value.message_dict == {
        "attended": [
            "Rapat ini dibatalkan; tidak ada daftar hadir yang perlu diisi.",
            "Bukan peserta rapat ini: 999998, 999999.",
        ],
        "walk_ins": ["Peserta 1: tidak ada OPD dengan id 999999."],
    }
    assert Meeting.objects.get().status == MeetingStatus.CANCELLED
