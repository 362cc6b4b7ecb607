"""The home page lists each user's own overdue and upcoming action items (its OPD's too), and for who runs
meetings the overdue items of those meetings: the whole city for the TKPK admin, with owner, meeting and
days overdue; the camat its Catur Pilar's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from dampingan.access.scope import Scope
from dampingan.coordination.action_queries import home_follow_up

from .action_helpers import BANYURIP, JENGGOT, MEDONO, barat_meeting, catur_pilar, item_for, opd


@pytest.fixture
def items(persona):
    today = timezone.localdate()
    decision = catur_pilar(persona, day=today - dt.timedelta(days=30))
    camat = persona("camat_selatan")
    barat = barat_meeting(persona, day=today - dt.timedelta(days=30))
    return {
        "dlh_overdue": item_for(
            camat, decision, owner=opd("DLH"), due=today - dt.timedelta(days=4), kelurahan=JENGGOT, title="RTLH Jenggot"
        ),
        "dlh_soon": item_for(camat, decision, owner=opd("DLH"), due=today + dt.timedelta(days=10), title="Bank sampah"),
        "dlh_later": item_for(camat, decision, owner=opd("DLH"), due=today + dt.timedelta(days=30), title="Kelak"),
        "bpbd_overdue": item_for(
            camat, decision, owner=opd("BPBD"), due=today - dt.timedelta(days=2), kelurahan=BANYURIP, title="Talud"
        ),
        "barat_overdue": item_for(
            persona("tkpk"), barat, owner=opd("Dinsos-P2KB"), due=today - dt.timedelta(days=9), kelurahan=MEDONO
        ),
    }


def test_the_dlh_overdue_item_is_on_the_dlh_mentors_home_page_only(client_as, items):
    dlh = client_as("mentor_dlh").get("/").content.decode()
    dindagkop = client_as("mentor_dindagkop").get("/").content.decode()
    assert 'id="my-overdue"' in dlh and "RTLH Jenggot" in dlh and "4 hari lewat tenggat" in dlh
    assert 'id="my-upcoming"' in dlh and "Bank sampah" in dlh
    assert "Kelak" not in dlh  # due in 30 days: beyond the 14-day window
    assert "RTLH Jenggot" not in dindagkop and 'id="my-action-items"' not in dindagkop
    # A mentor runs no meetings: no list of others' overdue items.
    assert 'id="run-overdue"' not in dlh


def test_the_tkpk_sees_the_city_overdue_list_with_owner_meeting_and_days(client_as, persona, items):
    follow_up = home_follow_up(Scope.for_user(persona("tkpk")))
    assert [i.pk for i in follow_up.run_overdue] == [
        items["barat_overdue"].pk,
        items["dlh_overdue"].pk,
        items["bpbd_overdue"].pk,
    ]
    assert [i.days_overdue for i in follow_up.run_overdue] == [9, 4, 2]
    page = client_as("tkpk").get("/").content.decode()
    section = page[page.index('id="run-overdue"') :]
    assert "Tindak lanjut lewat tenggat di seluruh kota" in page
    assert "Dinsos-P2KB" in section and "Catur Pilar Kecamatan Pekalongan Barat" in section
    assert "9 hari lewat tenggat" in section


def test_the_camat_sees_the_overdue_items_of_its_own_catur_pilar(persona, items):
    follow_up = home_follow_up(Scope.for_user(persona("camat_selatan")))
    assert {i.pk for i in follow_up.run_overdue} == {items["dlh_overdue"].pk, items["bpbd_overdue"].pk}
    assert not follow_up.mine_overdue


def test_a_closed_item_leaves_the_lists(persona, items):
    from dampingan.coordination import action_items

    action_items.add_update(persona("mentor_dlh"), items["dlh_overdue"], "Selesai diverifikasi.", "selesai")
    assert items["dlh_overdue"] not in home_follow_up(Scope.for_user(persona("mentor_dlh"))).mine_overdue
    assert items["dlh_overdue"] not in home_follow_up(Scope.for_user(persona("tkpk"))).run_overdue
