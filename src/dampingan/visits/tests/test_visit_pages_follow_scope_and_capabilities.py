"""Everyone in scope reads the visits and reports; only the mentoring OPD and the TKPK record; 404 outside."""

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from dampingan.regions.models import Region
from dampingan.visits import services
from dampingan.visits.models import MonthlyReport, Visit

from .conftest import BANYURIP, JENGGOT

TODAY = timezone.localdate()
VISIT = {"date": TODAY.isoformat(), "activity": "Sosialisasi bank sampah", "findings": "Sampah menumpuk di RW 03"}


@pytest.mark.parametrize("key", ["tkpk", "mentor_dlh", "camat_selatan", "operator", "viewer"])
@pytest.mark.parametrize("page", ["kunjungan/", "laporan-bulanan/", "tim/"])
def test_every_role_in_scope_reads_the_pages_of_jenggot(client_as, key, page):
    assert client_as(key).get(f"/kelurahan/{JENGGOT}/{page}").status_code == 200


@pytest.mark.parametrize("page", ["kunjungan/", "laporan-bulanan/", "tim/", "laporan-bulanan/2025-01/"])
def test_a_kelurahan_outside_the_scope_is_404(client_as, page):
    assert client_as("lurah_banyurip").get(f"/kelurahan/{JENGGOT}/{page}").status_code == 404
    assert client_as("mentor_dlh").get(f"/kelurahan/{BANYURIP}/{page}").status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(pekalongan):
    from django.test import Client
    from django.urls import reverse

    response = Client().get(f"/kelurahan/{JENGGOT}/kunjungan/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_mentor_records_a_visit_from_the_page(client_as, persona, media):
    response = client_as("mentor_dlh").post(f"/kelurahan/{JENGGOT}/kunjungan/", VISIT)

    visit = Visit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/kelurahan/{JENGGOT}/kunjungan/{visit.pk}/"
    assert (visit.opd.abbreviation, visit.recorded_by, visit.kelurahan_id) == ("DLH", persona("mentor_dlh"), JENGGOT)
    page = client_as("camat_selatan").get(response["Location"])
    assert "Sampah menumpuk di RW 03" in page.content.decode()


@pytest.mark.parametrize("key", ["camat_selatan", "operator", "viewer"])
def test_roles_without_the_capability_get_403_when_recording(client_as, key):
    response = client_as(key).post(f"/kelurahan/{JENGGOT}/kunjungan/", VISIT)

    assert response.status_code == 403
    assert not Visit.objects.exists()


def test_the_lurah_cannot_record_even_in_its_own_kelurahan(client_as):
    assert client_as("lurah_banyurip").post(f"/kelurahan/{BANYURIP}/kunjungan/", VISIT).status_code == 403
    assert (
        client_as("lurah_banyurip")
        .post(f"/kelurahan/{BANYURIP}/laporan-bulanan/2025-01/", {"summary": "x"})
        .status_code
        == 403
    )


def test_a_mentor_may_not_record_for_another_kelurahan(client_as, persona):
    # Through the page the other kelurahan does not exist for the DLH mentor...
    assert client_as("mentor_dlh").post(f"/kelurahan/{BANYURIP}/kunjungan/", VISIT).status_code == 404
    # ...and the service refuses it too, whatever a caller passes in.
    with pytest.raises(Http404):
        services.record_visit(persona("mentor_dlh"), Region.objects.get(code=BANYURIP), {**VISIT, "date": TODAY})
    assert not Visit.objects.exists()


def test_the_tkpk_records_for_the_assigned_opd(client_as):
    client_as("tkpk").post(f"/kelurahan/{BANYURIP}/kunjungan/", VISIT)

    assert Visit.objects.get().opd.abbreviation == "BPBD"


def test_a_visit_dated_in_the_future_is_refused_in_indonesian(client_as):
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()

    response = client_as("mentor_dlh").post(f"/kelurahan/{JENGGOT}/kunjungan/", {**VISIT, "date": tomorrow})

    assert response.status_code == 422
    assert "Tanggal kunjungan tidak boleh di masa depan." in response.content.decode()
    assert not Visit.objects.exists()


def test_a_visit_before_the_assignment_began_is_refused(client_as):
    response = client_as("mentor_dlh").post(f"/kelurahan/{JENGGOT}/kunjungan/", {**VISIT, "date": "2021-12-31"})

    assert response.status_code == 422
    assert "tidak ada OPD yang ditugaskan" in response.content.decode()
    assert not Visit.objects.exists()


def test_the_report_form_saves_a_draft_then_submits_and_refuses_a_second_submit(client_as):
    url = f"/kelurahan/{JENGGOT}/laporan-bulanan/{TODAY:%Y-%m}/"
    client = client_as("mentor_dlh")

    assert client.post(url, {"summary": "Draf awal", "action": "save"}).status_code == 302
    assert MonthlyReport.objects.get().status == "draft"
    assert client.post(url, {"summary": "Final", "action": "submit"}).status_code == 302
    again = client.post(url, {"summary": "Final", "action": "submit"})

    assert again.status_code == 422
    assert "sudah diajukan" in again.content.decode()
    assert MonthlyReport.objects.get().status == "submitted"


def test_the_tkpk_returns_a_report_from_the_page_with_a_note(client_as):
    url = f"/kelurahan/{JENGGOT}/laporan-bulanan/{TODAY:%Y-%m}/"
    client_as("mentor_dlh").post(url, {"summary": "Final", "action": "submit"})

    refused = client_as("camat_selatan").post(url + "telaah/", {"decision": "return", "note": "x"})
    client_as("tkpk").post(url + "telaah/", {"decision": "return", "note": "Tambahkan foto kegiatan."})

    assert refused.status_code == 403
    report = MonthlyReport.objects.get()
    assert (report.status, report.review_note) == ("returned", "Tambahkan foto kegiatan.")
    assert "Tambahkan foto kegiatan." in client_as("mentor_dlh").get(url).content.decode()


def test_reviewing_a_draft_from_the_page_changes_nothing_and_says_why(client_as):
    url = f"/kelurahan/{JENGGOT}/laporan-bulanan/{TODAY:%Y-%m}/"
    client_as("mentor_dlh").post(url, {"summary": "Draf", "action": "save"})

    response = client_as("tkpk").post(url + "telaah/", {"decision": "accept"}, follow=True)

    assert "Hanya laporan yang sudah diajukan" in response.content.decode()
    assert MonthlyReport.objects.get().status == "draft"


def test_the_months_page_shows_the_missing_months_plainly(client_as, persona):
    # Given a report for last month only (the demo decree took effect on 3 January 2022)
    from dampingan.visits.months import add_months, first_of_month, months_between

    last_month = add_months(first_of_month(TODAY), -1)
    services.save_report_draft(persona("mentor_dlh"), Region.objects.get(code=JENGGOT), last_month, {"summary": "x"})

    html = client_as("camat_selatan").get(f"/kelurahan/{JENGGOT}/laporan-bulanan/").content.decode()

    expected_missing = len(months_between(dt.date(2022, 1, 3), TODAY)) - 2  # minus last month and the current one
    assert html.count('class="month-missing"') == expected_missing
    assert f'data-month="{last_month:%Y-%m}" data-status="draft"' in html
    assert f'data-month="{TODAY:%Y-%m}" data-status="current"' in html
    assert 'data-month="2022-01" data-status="missing"' in html
    assert 'data-month="2021-12"' not in html
    assert f"{expected_missing} bulan tanpa laporan" in html
