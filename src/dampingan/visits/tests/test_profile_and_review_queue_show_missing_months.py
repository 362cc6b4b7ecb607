"""The profile section and the TKPK's queue show each month's report status, missing months included."""

import pytest
from django.utils import timezone

from dampingan.access.scope import Scope
from dampingan.regions.models import Region
from dampingan.visits import services
from dampingan.visits.months import add_months, first_of_month

from .conftest import BANYURIP, JENGGOT

TODAY = timezone.localdate()
CURRENT = first_of_month(TODAY)
LAST_MONTH = add_months(CURRENT, -1)


@pytest.fixture
def submitted_report(persona):
    report = services.save_report_draft(
        persona("mentor_dlh"), Region.objects.get(code=JENGGOT), LAST_MONTH, {"summary": "Bank sampah aktif"}
    )
    return services.submit_report(persona("mentor_dlh"), report)


def test_the_profile_shows_team_last_visits_and_six_months(client_as, persona, opd_user, submitted_report):
    jenggot = Region.objects.get(code=JENGGOT)
    services.add_team_member(persona("mentor_dlh"), jenggot, opd_user("DLH", "dlh.profil"))
    services.record_visit(persona("mentor_dlh"), jenggot, {"date": TODAY, "activity": "Kerja bakti RW 05"})

    html = client_as("camat_selatan").get(f"/kelurahan/{JENGGOT}/").content.decode()

    assert 'id="mentoring-activity"' in html
    assert "Dlh.Profil" in html
    assert "Kerja bakti RW 05" in html
    section = html.split('id="profile-reports"')[1].split("</table>")[0]
    assert section.count("<tr ") == 6
    assert f'data-month="{LAST_MONTH:%Y-%m}" data-status="submitted"' in section
    assert f'data-month="{CURRENT:%Y-%m}" data-status="current"' in section
    assert f'data-month="{add_months(CURRENT, -2):%Y-%m}" data-status="missing"' in section


def test_the_profile_section_stays_out_for_a_user_outside_the_scope(rf, persona):
    from dampingan.visits.profile import section

    request = rf.get("/")
    request.user = persona("lurah_banyurip")
    request.scope = Scope.for_user(request.user)  # what access.middleware sets on a real request

    assert section(request, Region.objects.get(code=JENGGOT)) is None
    assert section(request, Region.objects.get(code=BANYURIP)) is not None


def test_the_queue_lists_every_assigned_kelurahan_with_missing_and_submitted_months(client_as, submitted_report):
    html = client_as("tkpk").get("/laporan-bulanan/").content.decode()

    grid = html.split('id="report-grid"')[1]
    # The six Pekalongan Selatan assignments of decree 401/0426
    assert grid.count("data-region=") == 6
    jenggot = grid.split(f'data-region="{JENGGOT}"')[1].split("</tr>")[0]
    assert f'data-month="{LAST_MONTH:%Y-%m}" data-status="submitted"' in jenggot
    assert f'data-month="{add_months(CURRENT, -2):%Y-%m}" data-status="missing"' in jenggot
    awaiting = html.split('id="awaiting"')[1].split("</table>")[0]
    assert f'data-report="{submitted_report.pk}"' in awaiting
    assert 'name="decision" value="accept"' in awaiting


def test_the_queue_follows_the_scope_and_offers_review_to_the_tkpk_only(client_as, submitted_report):
    lurah = client_as("lurah_banyurip").get("/laporan-bulanan/").content.decode()
    camat = client_as("camat_selatan").get("/laporan-bulanan/").content.decode()

    assert lurah.split('id="report-grid"')[1].count("data-region=") == 1
    assert f'data-region="{BANYURIP}"' in lurah
    assert f'data-report="{submitted_report.pk}"' not in lurah
    assert f'data-report="{submitted_report.pk}"' in camat
    assert 'name="decision"' not in camat


def test_reviewing_from_the_queue_returns_to_the_queue(client_as, submitted_report):
    url = f"/kelurahan/{JENGGOT}/laporan-bulanan/{LAST_MONTH:%Y-%m}/telaah/"

    response = client_as("tkpk").post(url, {"decision": "accept", "next": "/laporan-bulanan/?bulan=12"})
    unsafe = client_as("tkpk").post(url, {"decision": "accept", "next": "https://contoh.invalid/"})

    assert response["Location"] == "/laporan-bulanan/?bulan=12"
    assert unsafe["Location"] == f"/kelurahan/{JENGGOT}/laporan-bulanan/{LAST_MONTH:%Y-%m}/"
    submitted_report.refresh_from_db()
    assert submitted_report.status == "reviewed"
