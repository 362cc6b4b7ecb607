"""The household list: filters by area, desil and deprivation, scoped; exports that mask and neutralise."""

import csv
import datetime as dt
import io
import re

import openpyxl
from auditlog.models import LogEntry
from django.utils import timezone

from dampingan.registry import codes
from dampingan.registry.models import Household, Member

JENGGOT = "33.75.04.1004"


def result_count(html: str) -> int:
    found = re.search(r'id="result-count">\s*([\d.,]+)', html)
    assert found, html[:2000]
    return int(found.group(1).replace(".", "").replace(",", ""))


def desil_of(household: Household) -> int:
    return household.ranks.order_by("-ranked_on").first().desil


def test_the_default_list_is_the_whole_work_area_of_the_current_release(client_as, registry):
    operator = client_as("operator").get("/data-terpadu/daftar/").content.decode()
    mentor = client_as("mentor_dlh").get("/data-terpadu/daftar/").content.decode()

    assert result_count(operator) == Household.objects.filter(release=registry).count()
    assert result_count(mentor) == Household.objects.filter(release=registry, kelurahan_id=JENGGOT).count()
    assert 'data-household="' in mentor


def test_desil_and_kelurahan_filters_match_an_independent_count(client_as, registry):
    expected = sum(1 for h in Household.objects.filter(release=registry, kelurahan_id=JENGGOT) if desil_of(h) in (1, 2))

    html = client_as("tkpk").get("/data-terpadu/daftar/", {"kelurahan": JENGGOT, "desil": ["1", "2"]}).content

    assert expected > 0
    assert result_count(html.decode()) == expected


def test_deprivation_filters_match_the_registry_attributes(client_as, registry):
    today = timezone.localdate()
    female_headed = set(
        Member.objects.filter(release=registry, relationship_to_head=1, sex=codes.Sex.FEMALE).values_list(
            "household_id", flat=True
        )
    )

    def out_of_school(m: Member) -> bool:
        age = today.year - m.birth_date.year - ((today.month, today.day) < (m.birth_date.month, m.birth_date.day))
        return 7 <= age <= 18 and m.school_participation in (0, 2)

    child_out = {
        m.household_id for m in Member.objects.filter(release=registry, birth_date__isnull=False) if out_of_school(m)
    }
    client = client_as("tkpk")

    both = client.get("/data-terpadu/daftar/", {"deprivation": ["female_head", "child_out_of_school"]})
    toilets = client.get("/data-terpadu/daftar/", {"deprivation": "no_own_toilet"})

    assert child_out and female_headed
    assert result_count(both.content.decode()) == len(female_headed & child_out)
    assert (
        result_count(toilets.content.decode())
        == Household.objects.filter(release=registry, toilet_facility__in=(2, 3, 4)).count()
    )


def test_a_kelurahan_outside_the_scope_or_an_unknown_filter_is_refused_with_a_message(client_as, registry):
    client = client_as("mentor_dlh")

    other = client.get("/data-terpadu/daftar/", {"kelurahan": "33.75.01.1001"})
    bad_desil = client.get("/data-terpadu/daftar/", {"desil": "11"})

    assert other.status_code == 400
    assert "Kelurahan 33.75.01.1001 tidak termasuk wilayah kerja Anda." in other.content.decode()
    assert bad_desil.status_code == 400
    assert client_as("viewer").get("/data-terpadu/daftar/").status_code == 403


def test_identifiers_are_masked_for_the_mentor_and_shown_to_the_lurah(client_as, registry):
    household = Household.objects.filter(release=registry, kelurahan_id=JENGGOT).first()
    head = household.members.get(relationship_to_head=1)

    mentor_page = client_as("mentor_dlh").get(f"/data-terpadu/rumah-tangga/{household.pk}/").content.decode()
    mentor_list = client_as("mentor_dlh").get("/data-terpadu/daftar/").content.decode()

    assert head.nik not in mentor_page and head.nik not in mentor_list
    assert f"{head.nik[:6]}********{head.nik[-2:]}" in mentor_page
    assert head.name in mentor_page


def test_household_export_masks_for_the_mentor_and_counts_what_the_page_counts(client_as, registry, persona):
    response = client_as("mentor_dlh").get("/data-terpadu/daftar/", {"desil": ["1", "2", "3", "4"], "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    expected = [h for h in Household.objects.filter(release=registry, kelurahan_id=JENGGOT) if desil_of(h) <= 4]

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert len(body) == len(expected) > 0
    nik = header.index("NIK kepala rumah tangga")
    assert all(re.fullmatch(r"\d{6}\*{8}\d{2}", row[nik]) for row in body if row[nik])
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=persona("mentor_dlh")).latest("pk")
    assert entry.additional_data["purpose"] == "export"
    assert entry.additional_data["count"] == sum(h.member_count for h in expected)
    assert "masked" in entry.additional_data["detail"]


def test_member_export_has_every_member_and_neutralises_formulas(client_as, registry):
    household = Household.objects.filter(release=registry, kelurahan_id=JENGGOT).first()
    member = household.members.order_by("pk").first()
    Member.objects.filter(pk=member.pk).update(name='=HYPERLINK("http://evil.example","klik")')
    client = client_as("lurah_banyurip")
    banyurip = "33.75.04.1002"
    Member.objects.filter(pk=member.pk).update(kelurahan_id=banyurip)
    Household.objects.filter(pk=household.pk).update(kelurahan_id=banyurip)

    csv_response = client.get("/data-terpadu/daftar/", {"export": "csv", "level": "members"})
    xlsx_response = client.get("/data-terpadu/daftar/", {"export": "xlsx", "level": "members"})
    rows = list(csv.DictReader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_response.content)).active
    names = [cell for cell in sheet.iter_rows(min_row=2, values_only=True)]

    in_scope = Member.objects.filter(release=registry, household__kelurahan_id=banyurip)
    assert len(rows) == in_scope.count() == len(names)
    assert any(r["Nama"] == '\'=HYPERLINK("http://evil.example","klik")' for r in rows)
    assert all(r["NIK"] == "" or re.fullmatch(r"\d{16}", r["NIK"]) for r in rows)  # the lurah sees them whole
    formula_cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.data_type == "f"]
    assert formula_cells == []


def test_ages_in_the_member_export_are_whole_years_on_the_day(client_as, registry):
    member = Member.objects.filter(release=registry, kelurahan_id=JENGGOT, birth_date__isnull=False).first()
    today = timezone.localdate()
    birthday_tomorrow = (today + dt.timedelta(days=1)).replace(year=today.year - 30)
    Member.objects.filter(pk=member.pk).update(birth_date=birthday_tomorrow, name="Uji Umur Tepat")

    rows = csv.DictReader(
        io.StringIO(
            client_as("mentor_dlh")
            .get("/data-terpadu/daftar/", {"export": "csv", "level": "members"})
            .content.decode("utf-8-sig")
        )
    )

    ages = {r["Nama"]: r["Umur"] for r in rows}
    assert ages["Uji Umur Tepat"] == "29"
