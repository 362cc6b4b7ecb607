import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from dampingan.coordination.models import ActionItem, ActionStatus, Meeting, MeetingKind, TkpkMember, TkpkPosition
from dampingan.demo.meetings import load_demo_coordination

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")


def test_catur_pilar_of_7_july_2022_has_the_six_mentoring_opds_and_the_community_bodies(demo_coordination):
    meeting = Meeting.objects.get(kind=MeetingKind.CATUR_PILAR)

    assert meeting.region_id == "33.75.04"
    assert meeting.starts_at.astimezone(WIB).date() == dt.date(2022, 7, 7)
    assert meeting.venue == "Aula Kecamatan Pekalongan Selatan"
    opds = {p.opd.abbreviation for p in meeting.participants.filter(opd__isnull=False, attended=True)}
    assert opds == {"DLH", "BPBD", "Dinarpus", "Dinperpa", "Dindagkop-UKM", "DPMPPA"}
    bodies = set(meeting.participants.exclude(body="").values_list("body", flat=True))
    assert {"lurah", "tp_pkk", "lpm", "bkm", "faskel", "karang_taruna"} <= bodies
    speakers = set(meeting.participants.filter(role="narasumber").values_list("name", flat=True))
    assert speakers == {"Aminuddin Aziz", "Indah Budiarti"}
    assert "Pekalongan Selatan" in meeting.source or "Catur Pilar" in meeting.source


def test_what_the_seeds_do_not_say_is_marked_as_demo_data(demo_coordination):
    assert ActionItem.objects.count() == 5
    assert not ActionItem.objects.filter(is_demo=False).exists()
    for meeting in Meeting.objects.all():
        assert meeting.decisions.exists()
        assert not meeting.decisions.filter(is_demo=False).exists()
        assert "diasumsikan" in meeting.source


def test_the_dlh_item_is_overdue_and_the_done_item_says_when(demo_coordination):
    dlh = ActionItem.objects.get(owner_opd__abbreviation="DLH")
    assert dlh.is_overdue(today=dt.date(2026, 11, 23))
    done = ActionItem.objects.get(status=ActionStatus.DONE)
    assert done.completed_on == dt.date(2025, 8, 12)
    assert done.updates.get().status_after == ActionStatus.DONE


def test_rakor_2025_is_chaired_by_the_deputy_mayor_who_chairs_the_tkpk(demo_coordination):
    rakor = Meeting.objects.get(kind=MeetingKind.RAKOR_TKPK)
    assert rakor.region_id == "33.75"
    assert "Balgis Diab" in rakor.chair
    ketua = TkpkMember.objects.get(position=TkpkPosition.KETUA)
    assert ketua.person_name == "Balgis Diab"


def test_loading_again_adds_nothing(demo_coordination):
    counts = (Meeting.objects.count(), ActionItem.objects.count(), TkpkMember.objects.count())
    assert load_demo_coordination() == []
    assert (Meeting.objects.count(), ActionItem.objects.count(), TkpkMember.objects.count()) == counts
