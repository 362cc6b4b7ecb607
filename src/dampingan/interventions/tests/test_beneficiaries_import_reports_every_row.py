"""Importing beneficiaries from a real .xlsx: every row gets a result and its flags (matched, not in the
registry, another kelurahan, desil 5+, duplicate, already linked), invalid NIKs refuse the whole import with
row and column, the report downloads as .xlsx, and the confirm imports all or nothing."""

from __future__ import annotations

import io

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from dampingan.access.scope import Scope
from dampingan.interventions import beneficiaries
from dampingan.interventions.beneficiary_import import match_upload, nik_error_message
from dampingan.interventions.models import Beneficiary
from dampingan.lib.nik import EXCEL_NUMBER_CELL

from .beneficiary_helpers import (
    JENGGOT,
    KURIPAN_KERTOHARJO,
    OUTSIDER_NIK,
    head_of,
    households,
    tempe_intervention,
    xlsx,
)


@pytest.fixture
def tempe(registry, persona):
    return tempe_intervention(persona("tkpk"))


def import_url(intervention) -> str:
    return reverse("interventions:beneficiary_import", args=[intervention.pk])


def upload(content: bytes, name: str = "penerima.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture
def journey_file(registry) -> tuple[bytes, dict]:
    """The issue's five tempe makers, one not in the registry; plus one of Jenggot, one in desil 5+, a
    repeated row and a row by No KK."""
    poor = households(registry, KURIPAN_KERTOHARJO, (1, 2))
    rich = households(registry, KURIPAN_KERTOHARJO, (5, 6))[0]
    jenggot = households(registry, JENGGOT, (1, 2))[0]
    heads = [head_of(h) for h in poor[:3]]
    rows = [
        (heads[0].nik, "Siti Aminah"),
        (heads[1].nik, ""),
        (OUTSIDER_NIK, "Warsini (pendatang)"),
        (head_of(rich).nik, "Pak Darto"),
        (head_of(jenggot).nik, "Bu Jenggot"),
        (heads[0].nik, "Siti Aminah lagi"),
    ]
    content = xlsx(
        [(*r, "") for r in rows] + [("", "Lewat KK", heads[2].family.no_kk)], header=("NIK", "Nama", "No. KK")
    )
    # rows: 2..7 by NIK, 8 by No KK
    return content, {"poor": poor, "rich": rich, "jenggot": jenggot, "heads": heads}


def test_every_row_gets_a_result_and_its_flags(persona, tempe, registry, journey_file):
    content, data = journey_file
    report = match_upload(tempe, registry, content, "penerima.xlsx", scope=Scope.for_user(persona("tkpk")))
    assert report.ok, report.errors
    by_row = {r.row: r for r in report.rows}
    assert len(report.rows) == 7  # none dropped
    assert (by_row[2].result, by_row[2].flags, by_row[2].household_id) == ("matched", [], data["poor"][0].pk)
    assert by_row[2].name == "Siti Aminah" and by_row[2].matched_by == "nik"
    assert by_row[3].name == data["heads"][1].name  # no name given: the registry's
    assert (by_row[4].result, by_row[4].flags, by_row[4].household_id) == ("not_in_registry", ["not_in_registry"], None)
    assert by_row[4].kelurahan_code == KURIPAN_KERTOHARJO
    assert by_row[5].flags == ["desil_5_plus"] and by_row[5].desil >= 5
    assert (by_row[6].result, by_row[6].flags) == ("matched", ["other_kelurahan"])
    assert by_row[6].kelurahan_code == JENGGOT
    assert by_row[7].result == "duplicate_in_file" and "2" in by_row[7].note
    assert (by_row[8].result, by_row[8].matched_by, by_row[8].household_id) == ("matched", "no_kk", data["poor"][2].pk)
    assert dict((k, n) for k, _label, n in report.result_counts()) == {
        "matched": 5,
        "not_in_registry": 1,
        "duplicate_in_file": 1,
    }
    assert dict((k, n) for k, _label, n in report.flag_counts()) == {
        "not_in_registry": 1,
        "other_kelurahan": 1,
        "desil_5_plus": 1,
    }


def test_preview_then_confirm_imports_every_row_with_its_flags(client_as, tempe, journey_file):
    content, data = journey_file
    # The TKPK: its scope is the city, so the Jenggot row is found in another kelurahan (a mentor's scope
    # would not find it at all: test_beneficiary_matching_reveals_nobody_outside_the_scope.py).
    client = client_as("tkpk")
    preview = client.post(import_url(tempe), {"file": upload(content), "status": "diusulkan", "action": "preview"})
    assert preview.status_code == 200
    assert not Beneficiary.objects.filter(intervention=tempe).exists()  # the preview writes nothing
    html = preview.content.decode()
    assert 'data-result-count="not_in_registry">1<' in html
    assert 'data-flag-count="other_kelurahan"' in html
    token = preview.context["token"]
    confirmed = client.post(import_url(tempe), {"action": "confirm", "token": token, "expected": "6"})
    assert confirmed.status_code == 302
    saved = {b.nik: b for b in Beneficiary.objects.filter(intervention=tempe)}
    assert len(saved) == 6
    outsider = saved[OUTSIDER_NIK]
    assert (outsider.household_id, outsider.flags, outsider.kelurahan_id) == (
        None,
        ["not_in_registry"],
        KURIPAN_KERTOHARJO,
    )
    assert outsider.name == "Warsini (pendatang)" and outsider.source == "berkas"
    assert saved[head_of(data["jenggot"]).nik].flags == ["other_kelurahan"]
    assert saved[head_of(data["rich"]).nik].flags == ["desil_5_plus"]
    assert saved[data["heads"][0].nik].member_id == data["heads"][0].pk
    assert all(b.status_changes.count() == 1 for b in saved.values())
    # the list filters on a flag: the person outside the registry, and only them
    listed = client.get(reverse("interventions:beneficiary_list", args=[tempe.pk]) + "?flag=not_in_registry")
    assert [b.nik for b in listed.context["rows"]] == [OUTSIDER_NIK]


def test_rows_already_linked_are_reported_and_skipped(persona, tempe, registry, journey_file):
    content, data = journey_file
    beneficiaries.add_households(persona("tkpk"), tempe, [data["poor"][0].pk])
    report = match_upload(tempe, registry, content, "penerima.xlsx", scope=Scope.for_user(persona("tkpk")))
    by_row = {r.row: r for r in report.rows}
    assert by_row[2].result == "already_linked"
    assert by_row[7].result == "duplicate_in_file"
    added = beneficiaries.import_report(persona("tkpk"), tempe, report)
    assert len(added) == 5
    assert tempe.beneficiaries.count() == 6


def test_invalid_niks_refuse_the_whole_import_with_row_and_column(client_as, tempe, registry):
    good = head_of(households(registry, KURIPAN_KERTOHARJO, (1,))[0]).nik
    content = xlsx(
        [
            (good, "Benar"),
            ("33750441079", "Terlalu pendek"),
            ("3.37504E+15", "Dirusak Excel"),
            # typed into Excel as a number: it keeps 15 significant digits, the last one becomes 0; the cell's
            # type says so, whatever the number now looks like
            (3375044107900000, "Diketik sebagai angka"),
            ("3375043207900001", "Tanggal 32"),
        ],
        header=("Nomor NIK", "Nama"),
    )
    client = client_as("mentor_dindagkop")
    response = client.post(import_url(tempe), {"file": upload(content), "status": "diusulkan", "action": "preview"})
    assert response.status_code == 422
    report = response.context["report"]
    errors = {e.row: e for e in report.errors}
    assert set(errors) == {3, 4, 5, 6}
    assert all(e.column == "Nomor NIK" for e in errors.values())
    assert "16" in errors[3].message
    assert "Excel" in errors[4].message
    assert errors[5].message == nik_error_message(EXCEL_NUMBER_CELL, "NIK")
    html = response.content.decode()
    assert "baris 3, kolom Nomor NIK" in html
    assert 'data-action="confirm"' not in html
    # and a confirm forged by hand is refused: nothing is imported while a row is invalid
    forged = client.post(import_url(tempe), {"action": "confirm", "token": response.context["token"], "expected": "1"})
    assert forged.status_code == 422
    assert not tempe.beneficiaries.exists()


def test_a_confirm_after_the_list_changed_imports_nothing(client_as, persona, tempe, registry, journey_file):
    content, data = journey_file
    client = client_as("mentor_dindagkop")
    preview = client.post(import_url(tempe), {"file": upload(content), "status": "diusulkan", "action": "preview"})
    # meanwhile the TKPK links one of the households
    beneficiaries.add_households(persona("tkpk"), tempe, [data["poor"][1].pk])
    response = client.post(import_url(tempe), {"action": "confirm", "token": preview.context["token"], "expected": "6"})
    assert response.status_code == 422
    assert "berubah" in " ".join(str(m) for m in response.context["messages"])
    assert tempe.beneficiaries.count() == 1


def test_all_or_nothing_when_saving_fails_half_way(persona, tempe, registry, journey_file, monkeypatch):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError

    content, _data = journey_file
    report = match_upload(tempe, registry, content, "penerima.xlsx", scope=Scope.for_user(persona("tkpk")))
    original = Beneficiary.save
    calls = {"n": 0}

    def failing_save(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 4:
            raise IntegrityError("simulated clash")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Beneficiary, "save", failing_save)
    with pytest.raises(ValidationError):
        beneficiaries.import_report(persona("tkpk"), tempe, report)
    assert calls["n"] == 4
    assert not Beneficiary.objects.filter(intervention=tempe).exists()


def test_the_report_downloads_as_xlsx_masked_and_logged(client_as, persona, tempe, journey_file):
    content, data = journey_file
    client = client_as("mentor_dindagkop")
    preview = client.post(import_url(tempe), {"file": upload(content), "status": "diusulkan", "action": "preview"})
    response = client.get(import_url(tempe) + f"?laporan={preview.context['token']}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert len(values) == 1 + 7
    header = values[0]
    nik_column, result_column = header.index("NIK"), header.index("Hasil")
    assert values[3][result_column] == "tidak ada di data terpadu"
    assert values[1][nik_column] == data["heads"][0].nik[:6] + "********" + data["heads"][0].nik[-2:]
    mentor = persona("mentor_dindagkop")
    purposes = [
        e.additional_data["purpose"] for e in LogEntry.objects.filter(actor=mentor, action=LogEntry.Action.ACCESS)
    ]
    assert purposes.count("view") == 1 and purposes.count("export") == 1


def test_a_file_without_nik_or_no_kk_column_is_refused(client_as, tempe):
    content = xlsx([("Siti", "RT 1")], header=("Nama", "Alamat"))
    response = client_as("mentor_dindagkop").post(
        import_url(tempe), {"file": upload(content), "status": "diusulkan", "action": "preview"}
    )
    assert response.status_code == 422
    assert "NIK" in response.context["report"].errors[0].message


def test_a_person_outside_the_registry_needs_a_kelurahan_when_the_intervention_has_several(persona, registry):
    intervention = tempe_intervention(persona("tkpk"))
    intervention.kelurahan.add(JENGGOT)
    content = xlsx(
        [(OUTSIDER_NIK, "Tanpa kelurahan", ""), ("3375044107900002", "Dengan", "Jenggot")],
        header=("NIK", "Nama", "Kelurahan"),
    )
    report = match_upload(intervention, registry, content, "x.xlsx", scope=Scope.for_user(persona("tkpk")))
    assert [(e.row, e.column) for e in report.errors] == [(2, "Kelurahan")]
    assert {r.row: r.kelurahan_code for r in report.rows}[3] == JENGGOT


def test_the_csv_of_the_same_list_matches_the_same_way(persona, tempe, registry):
    good = head_of(households(registry, KURIPAN_KERTOHARJO, (1,))[0]).nik
    content = f"NIK;Nama\n{good};Siti\n{OUTSIDER_NIK};Warsini\n".encode()
    report = match_upload(tempe, registry, content, "penerima.csv", scope=Scope.for_user(persona("tkpk")))
    assert [(r.row, r.result) for r in report.rows] == [(2, "matched"), (3, "not_in_registry")]
