"""Owners follow up only their own items: the DLH mentor closes the DLH item of the Catur Pilar but gets 403
on the BPBD item of the same meeting (it sees it) and 404 on an item of another kecamatan's meeting (it
does not). The camat updates every item of its Catur Pilar; the viewer reads and may not write. Every status
change is a dated update; closing as done sets the completion date and reopening clears it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from dampingan.coordination import action_items
from dampingan.coordination.models import ActionItemUpdate

from .action_helpers import BANYURIP, JENGGOT, MEDONO, barat_meeting, catur_pilar, item_for, opd

DUE = dt.date(2022, 9, 30)


@pytest.fixture
def items(persona):
    decision = catur_pilar(persona)
    camat = persona("camat_selatan")
    return {
        "dlh": item_for(camat, decision, owner=opd("DLH"), due=DUE, kelurahan=JENGGOT, title="RTLH Jenggot"),
        "bpbd": item_for(camat, decision, owner=opd("BPBD"), due=DUE, kelurahan=BANYURIP, title="Talud Banyurip"),
        "barat": item_for(
            persona("tkpk"), barat_meeting(persona), owner=opd("DLH"), due=DUE, kelurahan=MEDONO, title="Medono"
        ),
    }


def test_the_dlh_mentor_closes_its_item_and_the_change_is_a_dated_update(persona, items):
    item = items["dlh"]
    update = action_items.add_update(persona("mentor_dlh"), item, "Sepuluh rumah sudah diverifikasi.", "selesai")
    item.refresh_from_db()
    assert (update.status_before, update.status_after) == ("terbuka", "selesai")
    assert item.status == "selesai" and item.completed_on == timezone.localdate()
    assert update.author == persona("mentor_dlh")


def test_reopening_clears_the_completion_date(persona, items):
    item = items["dlh"]
    action_items.add_update(persona("mentor_dlh"), item, "Selesai.", "selesai")
    action_items.add_update(persona("camat_selatan"), item, "Dua rumah belum diverifikasi.", "berjalan")
    item.refresh_from_db()
    history = list(ActionItemUpdate.objects.filter(item=item).values_list("status_before", "status_after"))
    assert item.status == "berjalan" and item.completed_on is None
    assert history == [("terbuka", "selesai"), ("selesai", "berjalan")]


def test_a_note_without_status_keeps_the_status(persona, items):
    update = action_items.add_update(persona("mentor_dlh"), items["dlh"], "Survei minggu depan.")
    assert (update.status_before, update.status_after) == ("terbuka", "terbuka")


def test_the_dlh_mentor_may_not_update_the_bpbd_item_it_can_see(persona, client_as, items):
    with pytest.raises(PermissionDenied):
        action_items.add_update(persona("mentor_dlh"), items["bpbd"], "Selesai.", "selesai")
    client = client_as("mentor_dlh")
    url = reverse("coordination:action_item_detail", args=[items["bpbd"].pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"note": "Selesai.", "status": "selesai"}).status_code == 403
    items["bpbd"].refresh_from_db()
    assert items["bpbd"].status == "terbuka"


def test_an_item_of_another_kecamatan_is_not_found_for_the_dlh_mentor(persona, client_as, items):
    # A Pekalongan Barat meeting where DLH owns nothing lies outside the DLH mentor's work area.
    hidden = item_for(persona("tkpk"), barat_meeting(persona), owner=opd("BPBD"), due=DUE, kelurahan=MEDONO)
    with pytest.raises(Http404):
        action_items.add_update(persona("mentor_dlh"), hidden, "Selesai.", "selesai")
    client = client_as("mentor_dlh")
    assert client.get(reverse("coordination:action_item_detail", args=[hidden.pk])).status_code == 404
    assert client.post(reverse("coordination:action_item_detail", args=[hidden.pk]), {"note": "x"}).status_code == 404


def test_an_item_its_opd_owns_elsewhere_is_visible_and_updatable(persona, client_as, items):
    url = reverse("coordination:action_item_detail", args=[items["barat"].pk])
    response = client_as("mentor_dlh").post(url, {"note": "Sudah dikerjakan.", "status": "selesai"})
    items["barat"].refresh_from_db()
    assert response.status_code == 302 and items["barat"].status == "selesai"


def test_the_camat_updates_every_item_of_its_catur_pilar_but_not_another_kecamatan(persona, items):
    camat = persona("camat_selatan")
    action_items.add_update(camat, items["dlh"], "Dipantau camat.", "berjalan")
    action_items.add_update(camat, items["bpbd"], "Dipantau camat.", "berjalan")
    with pytest.raises(Http404):
        action_items.add_update(camat, items["barat"], "Dipantau.", "berjalan")


def test_the_viewer_reads_and_may_not_write(persona, client_as, items):
    client = client_as("viewer")
    url = reverse("coordination:action_item_detail", args=[items["dlh"].pk])
    page = client.get(url)
    assert page.status_code == 200 and 'id="update-form"' not in page.content.decode()
    assert client.post(url, {"note": "x", "status": "selesai"}).status_code == 403
    with pytest.raises(PermissionDenied):
        action_items.edit_action_item(persona("viewer"), items["dlh"], {"title": "x"})


def test_only_the_meetings_runner_edits_the_item(persona, client_as, items):
    edit = reverse("coordination:action_item_edit", args=[items["dlh"].pk])
    assert client_as("mentor_dlh").get(edit).status_code == 403
    assert client_as("lurah_banyurip").get(edit).status_code == 403
    assert client_as("camat_selatan").get(edit).status_code == 200
    assert client_as("tkpk").get(edit).status_code == 200
