"""The action item pages: the camat adds an item to a decision of its Catur Pilar, the list filters by status,
due date, OPD, kelurahan and meeting inside the user's scope, pages by 50, exports the same rows to .xlsx
and .csv, and the owner follows the item up from its detail page (htmx answers with the section only)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from dampingan.coordination.models import ActionItem

from .action_helpers import BANYURIP, JENGGOT, MEDONO, barat_meeting, catur_pilar, item_for, opd

LIST = "/tindak-lanjut/"


@pytest.fixture
def setting(persona):
    today = timezone.localdate()
    decision = catur_pilar(persona, day=today - dt.timedelta(days=60))
    camat = persona("camat_selatan")
    overdue = item_for(
        camat, decision, owner=opd("DLH"), due=today - dt.timedelta(days=5), kelurahan=JENGGOT, title="RTLH Jenggot"
    )
    soon = item_for(
        camat, decision, owner=opd("BPBD"), due=today + dt.timedelta(days=3), kelurahan=BANYURIP, title="Talud"
    )
    later = item_for(camat, decision, owner=opd("DLH"), due=today + dt.timedelta(days=40), title="Bank sampah")
    barat = barat_meeting(persona, day=today - dt.timedelta(days=60))
    elsewhere = item_for(
        persona("tkpk"), barat, owner=opd("Dinsos-P2KB"), due=today - dt.timedelta(days=1), kelurahan=MEDONO
    )
    return {"decision": decision, "overdue": overdue, "soon": soon, "later": later, "elsewhere": elsewhere}


def shown(response) -> set[int]:
    return {item.pk for item in response.context["page"]}


def test_the_camat_adds_an_item_to_a_decision_of_its_catur_pilar(client_as, setting):
    url = reverse("coordination:action_item_create", args=[setting["decision"].pk])
    client = client_as("camat_selatan")
    due = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    response = client.post(url, {"title": "Pelatihan pemasaran daring", "owner_opd": opd("DPMPPA").pk, "due_date": due})
    item = ActionItem.objects.get(title="Pelatihan pemasaran daring")
    assert response.status_code == 302 and response["Location"] == f"/tindak-lanjut/{item.pk}/"
    assert item.owner_opd == opd("DPMPPA") and item.created_by.username == "camat.selatan"


def test_a_form_without_owner_and_due_date_says_so_and_saves_nothing(client_as, setting):
    url = reverse("coordination:action_item_create", args=[setting["decision"].pk])
    response = client_as("camat_selatan").post(url, {"title": "Tanpa penanggung jawab"})
    page = response.content.decode()
    assert response.status_code == 422
    assert "Pilih penanggung jawab" in page and "Isi tenggat" in page
    assert not ActionItem.objects.filter(title="Tanpa penanggung jawab").exists()


def test_a_mentor_may_not_add_items_and_the_other_kecamatan_is_hidden(client_as, setting):
    add = reverse("coordination:action_item_create", args=[setting["decision"].pk])
    add_barat = reverse("coordination:action_item_create", args=[setting["elsewhere"].decision_id])
    assert client_as("mentor_dlh").get(add).status_code == 403
    assert client_as("camat_selatan").get(add_barat).status_code == 404


def test_the_list_is_scoped_and_filters(client_as, setting):
    s = setting
    dindagkop = client_as("mentor_dindagkop")
    assert shown(dindagkop.get(LIST)) == {s["overdue"].pk, s["soon"].pk, s["later"].pk}
    tkpk = client_as("tkpk")
    assert shown(tkpk.get(LIST)) == {s["overdue"].pk, s["soon"].pk, s["later"].pk, s["elsewhere"].pk}
    assert shown(tkpk.get(LIST, {"due": "lewat"})) == {s["overdue"].pk, s["elsewhere"].pk}
    assert shown(tkpk.get(LIST, {"due": "segera"})) == {s["soon"].pk}
    assert shown(tkpk.get(LIST, {"opd": opd("DLH").pk})) == {s["overdue"].pk, s["later"].pk}
    assert shown(tkpk.get(LIST, {"kelurahan": BANYURIP})) == {s["soon"].pk}
    assert shown(tkpk.get(LIST, {"meeting": s["elsewhere"].decision.meeting_id})) == {s["elsewhere"].pk}
    assert shown(tkpk.get(LIST, {"status": "selesai"})) == set()
    page = tkpk.get(LIST).content.decode()
    assert 'class="badge overdue" data-overdue="5"' in page


def test_the_export_holds_the_filtered_rows(client_as, setting):
    client = client_as("tkpk")
    xlsx = client.get(LIST, {"due": "lewat", "export": "xlsx"})
    assert xlsx.status_code == 200 and xlsx["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:2] == ("No", "Apa") and "Penanggung jawab" in header and "Hari lewat tenggat" in header
    by_no = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert set(by_no) == {setting["overdue"].pk, setting["elsewhere"].pk}
    assert by_no[setting["overdue"].pk]["Penanggung jawab"] == "DLH"
    assert by_no[setting["overdue"].pk]["Hari lewat tenggat"] == 5

    text = client.get(LIST, {"opd": opd("DLH").pk, "export": "csv"}).content.decode("utf-8-sig")
    records = list(csv.DictReader(io.StringIO(text)))
    assert [r["Apa"] for r in records] == ["RTLH Jenggot", "Bank sampah"]


def test_the_list_pages_by_fifty(persona, client_as, setting):
    due = timezone.localdate() + dt.timedelta(days=100)
    ActionItem.objects.bulk_create(
        ActionItem(
            decision=setting["decision"],
            title=f"Item {n}",
            owner_opd=opd("DLH"),
            due_date=due,
            created_by=persona("camat_selatan"),
        )
        for n in range(50)
    )
    client = client_as("camat_selatan")
    first, second = client.get(LIST), client.get(LIST, {"page": 2})
    assert len(first.context["page"]) == 50 and len(second.context["page"]) == 3
    assert 'rel="next"' in first.content.decode()


def test_the_owner_follows_up_on_the_detail_page_with_htmx(client_as, setting):
    item = setting["overdue"]
    url = reverse("coordination:action_item_detail", args=[item.pk])
    client = client_as("mentor_dlh")
    page = client.get(url).content.decode()
    assert 'id="update-form"' in page and "RTLH Jenggot" in page and "5 hari lewat tenggat" in page

    fragment = client.post(url, {"note": "Sepuluh rumah diverifikasi.", "status": "selesai"}, HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    item.refresh_from_db()
    assert fragment.status_code == 200 and html.startswith('<section id="follow-up">')
    assert "Sepuluh rumah diverifikasi." in html and 'data-status="selesai"' in html
    assert item.status == "selesai" and item.completed_on == timezone.localdate()

    refused = client.post(url, {"note": "", "status": "terbuka"}, HTTP_HX_REQUEST="true")
    assert "Tuliskan catatan perkembangan." in refused.content.decode()


def test_demo_items_carry_the_demo_badge(client_as, setting):
    ActionItem.objects.filter(pk=setting["soon"].pk).update(is_demo=True)
    page = client_as("tkpk").get(reverse("coordination:action_item_detail", args=[setting["soon"].pk]))
    assert "Data contoh" in page.content.decode()
