"""The camat records the Catur Pilar of 7 July 2022 in one form (six OPDs in one tick, the lurah of every
kelurahan, speakers and guests typed one per line), takes the attendance in another, and adds decisions that
are numbered per meeting. Editing the list keeps the attendance of those who stay."""

import datetime as dt

import pytest
from django.urls import reverse

from dampingan.coordination import meetings
from dampingan.coordination.meetings import ParticipantSpec
from dampingan.coordination.models import ActionItem, Meeting, MeetingStatus, Participant, ParticipantRole

from .meeting_helpers import BANYURIP, JENGGOT, SELATAN, SIX_OPDS, catur_pilar, musyawarah, opd_ids, region

pytestmark = pytest.mark.django_db

SELATAN_KELURAHAN = 6


def form_data(**changes):
    data = {
        "kind": "catur_pilar",
        "region": SELATAN,
        "title": "Pertemuan Catur Pilar Kecamatan Pekalongan Selatan 2022",
        "theme": "Strategi dan arah kebijakan penanggulangan kemiskinan",
        "date": "2022-07-07",
        "start_time": "09:00",
        "end_time": "12:00",
        "venue": "Aula Kecamatan Pekalongan Selatan",
        "chair": "Camat Pekalongan Selatan",
        "agenda": "1. Pembukaan\n2. Paparan narasumber\n3. Diskusi",
        "status": "terlaksana",
        "mentoring_opds": "on",
        "bodies_here": ["tp_pkk", "lpm", "bkm", "faskel", "karang_taruna"],
        "bodies_each": ["lurah", "tp_pkk"],
        "speakers": "Aminuddin Aziz — Ketua Komisi C DPRD — Dukungan DPRD\n"
        "Indah Budiarti | Kabid Pemerintahan & Pembangunan Manusia, Bappeda | Strategi dan arah kebijakan",
        "guests": "H.A. Afzan Arslan Djunaid - Wali Kota Pekalongan\n\n",
    }
    data.update(changes)
    return data


def test_one_form_records_the_meeting_with_six_opds_bodies_speakers_and_guests(client_as):
    response = client_as("camat_selatan").post(reverse("coordination:meeting_create"), form_data())

    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "coordination:meeting_detail", args=[meeting.pk]
    )
    people = list(meeting.participants.select_related("opd"))
    assert {p.opd.abbreviation for p in people if p.opd_id} == set(SIX_OPDS)
    assert sum(1 for p in people if p.body == "lurah") == SELATAN_KELURAHAN
    assert sum(1 for p in people if p.body == "tp_pkk") == SELATAN_KELURAHAN + 1  # kecamatan and each kelurahan
    speakers = {(p.name, p.position, p.topic) for p in people if p.role == ParticipantRole.SPEAKER}
    assert speakers == {
        ("Aminuddin Aziz", "Ketua Komisi C DPRD", "Dukungan DPRD"),
        ("Indah Budiarti", "Kabid Pemerintahan & Pembangunan Manusia, Bappeda", "Strategi dan arah kebijakan"),
    }
    assert ("H.A. Afzan Arslan Djunaid", "Wali Kota Pekalongan") in {(p.name, p.position) for p in people}
    assert meeting.status == MeetingStatus.HELD
    assert meeting.starts_at == dt.datetime(2022, 7, 7, 2, 0, tzinfo=dt.UTC)  # 09:00 WIB


def test_the_edit_form_shows_the_list_as_recorded_and_saving_it_unchanged_keeps_everything(client_as):
    camat = client_as("camat_selatan")
    camat.post(reverse("coordination:meeting_create"), form_data())
    meeting = Meeting.objects.get()
    first = meeting.participants.order_by("pk").first()
    meetings.record_attendance(meeting.created_by, meeting, set(meeting.participants.values_list("pk", flat=True)), [])
    before = set(meeting.participants.values_list("pk", "attended"))

    form = camat.get(reverse("coordination:meeting_edit", args=[meeting.pk])).context["form"]
    initial = {name: form[name].value() for name in form.fields}
    posted = {k: v for k, v in initial.items() if v not in (None, "", [], False)}
    posted.update(
        {
            "date": "2022-07-07",
            "start_time": "09:00",
            "end_time": "12:00",
            "opds": [str(pk) for pk in initial["opds"]],
            "region": SELATAN,
        }
    )
    response = camat.post(reverse("coordination:meeting_edit", args=[meeting.pk]), posted)

    assert response.status_code == 302, response.context["form"].errors
    assert set(initial["bodies_each"]) == {"lurah", "tp_pkk"}
    assert "Aminuddin Aziz — Ketua Komisi C DPRD — Dukungan DPRD" in initial["speakers"]
    assert set(meeting.participants.values_list("pk", "attended")) == before
    assert Participant.objects.get(pk=first.pk).attended is True


def test_a_body_of_some_kelurahan_only_stays_listed_until_unticked(persona, client_as):
    meeting = catur_pilar(persona("camat_selatan"))  # lurah of Banyurip and Jenggot only
    camat = client_as("camat_selatan")

    form = camat.get(reverse("coordination:meeting_edit", args=[meeting.pk])).context["form"]
    kept = dict(form.fields["bodies_kept"].choices)

    assert sorted(kept.values()) == ["Lurah Banyurip", "Lurah Jenggot"]
    assert form["bodies_here"].value() == ["tp_pkk"]


def test_a_guest_retyped_by_name_keeps_what_else_was_recorded(persona):
    camat = persona("camat_selatan")
    meeting = meetings.create_meeting(
        camat,
        {
            "kind": "catur_pilar",
            "region": region(SELATAN),
            "title": "Catur Pilar",
            "starts_at": dt.datetime(2022, 7, 7, 2, tzinfo=dt.UTC),
            "ends_at": dt.datetime(2022, 7, 7, 5, tzinfo=dt.UTC),
            "venue": "Aula",
            "chair": "Camat",
            "status": "terlaksana",
        },
        [ParticipantSpec(name="Aminuddin Aziz", body="dprd", role=ParticipantRole.SPEAKER, topic="Dukungan DPRD")],
    )
    line = meeting.participants.get()
    meetings.record_attendance(camat, meeting, {line.pk})

    meetings.update_meeting(
        camat,
        meeting,
        {},
        [ParticipantSpec(name="Aminuddin  Aziz", position="Ketua Komisi C", role=ParticipantRole.SPEAKER, topic="")],
    )

    line.refresh_from_db()
    assert (line.body, line.position, line.topic, line.attended) == ("dprd", "Ketua Komisi C", "", True)


def test_attendance_is_taken_in_one_form_with_walk_ins_and_marks_the_meeting_held(persona, client_as):
    meeting = catur_pilar(persona("camat_selatan"), status=MeetingStatus.PLANNED)
    dlh = meeting.participants.get(opd__abbreviation="DLH")
    bpbd = meeting.participants.get(opd__abbreviation="BPBD")

    response = client_as("camat_selatan").post(
        reverse("coordination:meeting_attendance", args=[meeting.pk]),
        {"attended": [dlh.pk], "walk_ins": "Slamet — Ketua RW 03 Jenggot"},
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert meeting.participants.get(pk=dlh.pk).attended is True
    assert meeting.participants.get(pk=bpbd.pk).attended is False
    walk_in = meeting.participants.get(name="Slamet")
    assert (walk_in.invited, walk_in.attended, walk_in.position) == (False, True, "Ketua RW 03 Jenggot")
    page = client_as("mentor_dlh").get(reverse("coordination:meeting_detail", args=[meeting.pk]))
    assert "Slamet" in page.content.decode()


def test_decisions_are_numbered_per_meeting_and_close_ranks_when_one_is_deleted(persona, client_as):
    camat = persona("camat_selatan")
    meeting = catur_pilar(camat)
    other = catur_pilar(camat, title="Catur Pilar berikutnya")
    client = client_as("camat_selatan")
    for text in ("Pemetaan masalah", "Pemasaran daring", "Bedah rumah"):
        client.post(reverse("coordination:decision_create", args=[meeting.pk]), {"text": text, "kelurahan": [JENGGOT]})
    meetings.add_decision(camat, other, "Keputusan rapat lain")

    second = meeting.decisions.get(number=2)
    response = client.post(reverse("coordination:decision_edit", args=[second.pk]), {"delete": "1"})

    assert response.status_code == 302
    assert list(meeting.decisions.values_list("number", "text")) == [(1, "Pemetaan masalah"), (2, "Bedah rumah")]
    assert list(meeting.decisions.get(number=1).kelurahan.values_list("code", flat=True)) == [JENGGOT]
    assert list(other.decisions.values_list("number", flat=True)) == [1]


def test_a_decision_with_action_items_cannot_be_deleted(persona):
    camat = persona("camat_selatan")
    meeting = catur_pilar(camat)
    decision = meetings.add_decision(camat, meeting, "Pemetaan masalah")
    ActionItem.objects.create(
        decision=decision,
        title="Peta Jenggot",
        owner_opd_id=opd_ids(["DLH"])[0],
        due_date=dt.date(2022, 8, 31),
        created_by=camat,
    )

    with pytest.raises(meetings.ValidationError) as refused:
        meetings.delete_decision(camat, decision)

    assert "tindak lanjut" in refused.value.messages[0]
    assert meeting.decisions.count() == 1


def test_a_decision_concerns_only_kelurahan_of_the_meetings_region(persona):
    camat = persona("camat_selatan")
    meeting = catur_pilar(camat)

    with pytest.raises(meetings.ValidationError) as refused:
        meetings.add_decision(camat, meeting, "Keputusan", [region("33.75.01.1002")])

    assert "Medono" in refused.value.message_dict["kelurahan"][0]
    assert not meeting.decisions.exists()


def test_the_status_moves_planned_to_cancelled_and_a_held_meeting_with_decisions_stays_held(persona, client_as):
    camat = persona("camat_selatan")
    planned = catur_pilar(camat, status=MeetingStatus.PLANNED)
    held = catur_pilar(camat, title="Sudah terlaksana")
    meetings.add_decision(camat, held, "Keputusan")

    client_as("camat_selatan").post(reverse("coordination:meeting_status", args=[planned.pk]), {"status": "dibatalkan"})
    with pytest.raises(meetings.ValidationError):
        meetings.set_status(camat, held, MeetingStatus.PLANNED)

    planned.refresh_from_db()
    assert planned.status == MeetingStatus.CANCELLED
    with pytest.raises(meetings.ValidationError):
        meetings.record_attendance(camat, planned, set())


def test_the_detail_page_shows_everything_the_meeting_holds(demo_coordination, client_as):
    meeting = Meeting.objects.get(kind="catur_pilar")

    html = client_as("mentor_dlh").get(reverse("coordination:meeting_detail", args=[meeting.pk])).content.decode()

    for expected in (
        "Catur Pilar",
        "Pekalongan Selatan",
        "Aula Kecamatan Pekalongan Selatan",
        "Rusmani Budiharjo",
        "Strategi dan Arah Kebijakan",
        "Paparan narasumber",
        "Indah Budiarti",
        "Lurah Banyurip",
        "Keputusan Wali Kota Nomor 401/0426",
        "Menyusun peta masalah dan potensi Kelurahan Jenggot",
        "Data contoh",
        reverse("coordination:action_item_detail", args=[meeting.decisions.first().action_items.first().pk]),
        "Kamis, 7 Juli 2022",
    ):
        assert expected in html, expected
    assert 'data-overdue="' in html  # the DLH item of 2022 is long overdue
    assert "Tambah tindak lanjut" not in html  # the mentor does not run the meeting


def test_the_camat_sees_the_links_to_run_the_meeting(demo_coordination, client_as):
    meeting = Meeting.objects.get(kind="catur_pilar")
    decision = meeting.decisions.first()

    html = client_as("camat_selatan").get(reverse("coordination:meeting_detail", args=[meeting.pk])).content.decode()

    assert reverse("coordination:action_item_create", args=[decision.pk]) in html
    assert reverse("coordination:meeting_attendance", args=[meeting.pk]) in html


def test_the_list_filters_by_type_level_region_year_and_status(demo_coordination, persona, client_as):
    tkpk = client_as("tkpk")
    url = reverse("coordination:meeting_list")

    def titles(**query):
        return [m.title for m in tkpk.get(url, query).context["page"]]

    assert len(titles()) == 2
    assert titles(kind="rakor_tkpk") == ["Rapat Koordinasi TKPK Kota Pekalongan Tahun 2025"]
    assert titles(level="3") == ["Pertemuan Catur Pilar Kecamatan Pekalongan Selatan 2022"]
    assert titles(region="33.75.04") == ["Pertemuan Catur Pilar Kecamatan Pekalongan Selatan 2022"]
    assert titles(year="2025") == ["Rapat Koordinasi TKPK Kota Pekalongan Tahun 2025"]
    assert titles(status="dibatalkan") == []
    assert len(titles(level="banyak", year="x")) == 2  # nonsense is ignored, not an error page


def test_the_list_is_paginated(persona, client_as):
    tkpk = persona("tkpk")
    for n in range(27):
        musyawarah(tkpk, BANYURIP, title=f"Musyawarah {n}")

    first = client_as("tkpk").get(reverse("coordination:meeting_list"))
    second = client_as("tkpk").get(reverse("coordination:meeting_list"), {"page": 2})

    assert len(first.context["page"]) == 25 and len(second.context["page"]) == 2
    assert 'rel="next"' in first.content.decode()
