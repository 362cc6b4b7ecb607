"""The title-row export of files/ through every door: the console (import and approval), the upload page
and the API, with the same findings at the same rows, and maker-checker kept everywhere."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from dampingan.registry.models import RegistryRelease, RegistryUpload

FILES = Path(__file__).parent / "files"
JUDUL = "dtks_selatan_judul.xlsx"
TITLE = "DATA TERPADU KESEJAHTERAAN SOSIAL KOTA PEKALONGAN PER APRIL 2022"


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_the_console_imports_the_export_and_another_admin_approves_it(pekalongan, capsys):
    call_command("import_registry", str(FILES / JUDUL), source="dtks", user="operator.dinsos")

    out = capsys.readouterr().out
    assert f"title '{TITLE}', header in row 3" in out
    assert "Columns not imported: NO, KETERANGAN" in out
    assert "dtks_selatan_judul.xlsx, baris 12, kolom PENDIDIKAN TERTINGGI (kesalahan)" in out
    assert "baris 57, kolom NIK (kesalahan): NIK 3375040806619050 disimpan sebagai angka oleh Excel" in out
    release = RegistryRelease.objects.get()
    assert (release.status, release.household_count, release.member_count) == ("draft", 22, 67)
    assert release.file_title == TITLE

    with pytest.raises(CommandError, match="may not approve"):
        call_command("approve_release", str(release.pk), sk="1/2022", sk_date="2022-04-04", user="operator.dinsos")
    call_command("approve_release", str(release.pk), sk="400/123/2022", sk_date="2022-04-04", user="tkpk")

    release.refresh_from_db()
    assert (release.status, release.sk_number, release.sk_date) == ("current", "400/123/2022", dt.date(2022, 4, 4))
    assert release.approved_by.username == "tkpk"
    with pytest.raises(CommandError, match="Hanya rilis berstatus draf"):
        call_command("approve_release", str(release.pk), sk="400/123/2022", sk_date="2022-04-04", user="tkpk")


def test_the_importer_cannot_approve_its_own_release_from_the_console(pekalongan):
    call_command("import_registry", str(FILES / "nik_angka.xlsx"), source="dtks", user="tkpk")
    release = RegistryRelease.objects.get()

    with pytest.raises(CommandError, match="tidak boleh sekaligus menyetujuinya"):
        call_command("approve_release", str(release.pk), sk="1/2022", sk_date="2022-04-04", user="tkpk")
    release.refresh_from_db()
    assert release.status == "draft"


def without_heads() -> bytes:
    """The CSV export with every head written as a label that means nothing: no household has a head."""
    content = (FILES / "dtks_selatan_excel.csv").read_bytes()
    return content.replace(b";Kepala Rumah Tangga;", b";Kepala Rumah;").replace(b";KRT;", b";Kepala Rumah;")


def test_the_console_stops_with_the_reason_when_no_household_can_be_imported(pekalongan, tmp_path, capsys):
    content = without_heads()
    path = tmp_path / "tanpa_kepala.csv"
    path.write_bytes(content)

    with pytest.raises(CommandError, match="Tidak ada rumah tangga yang dapat diimpor"):
        call_command("import_registry", str(path), source="dtks", user="operator.dinsos")
    call_command("import_registry", str(path), source="dtks", user="operator.dinsos", dry_run=True)

    assert "Masalah terbanyak: kolom HUBUNGAN DENGAN KRT" in capsys.readouterr().out
    assert not RegistryRelease.objects.exists()


def post_file(client, name: str, content: bytes):
    data = {"file": SimpleUploadedFile(name, content), "source": "dtks", "sk_number": "", "sk_date": ""}
    return client.post("/data-terpadu/impor/", data)


def test_the_check_page_shows_the_title_the_true_rows_and_the_ignored_columns(client_as):
    client = client_as("operator")

    response = post_file(client, JUDUL, (FILES / JUDUL).read_bytes())
    page = client.get(response["Location"]).content.decode()

    assert f"Judul dalam berkas: <em>{TITLE}</em> — judul kolom di baris 3" in page
    assert "Kolom yang tidak diimpor (tidak ada tempatnya di data terpadu): NO, KETERANGAN" in page
    assert "dtks_selatan_judul.xlsx, baris 12, kolom PENDIDIKAN TERTINGGI" in page
    assert "baris 74, kolom DESA/KELURAHAN (peringatan): Duwet dibaca sebagai kelurahan Sokoduwet" in page
    assert 'data-action="confirm"' in page
    upload = RegistryUpload.objects.get()
    client.post(f"/data-terpadu/impor/{upload.pk}/konfirmasi/")
    upload.refresh_from_db()
    assert upload.status == "imported" and upload.release.household_count == 22


def test_the_check_page_offers_no_import_when_nothing_survives_and_says_why(client_as):
    client = client_as("operator")
    response = post_file(client, "tanpa_kepala.csv", without_heads())
    page = client.get(response["Location"]).content.decode()
    upload = RegistryUpload.objects.get()
    forced = client.post(f"/data-terpadu/impor/{upload.pk}/konfirmasi/", follow=True).content.decode()

    assert 'data-action="confirm"' not in page
    assert 'id="not-importable"' in page and "Masalah terbanyak: kolom HUBUNGAN DENGAN KRT" in page
    assert "Tidak ada rumah tangga yang dapat diimpor" in forced
    upload.refresh_from_db()
    assert upload.status == "validated" and not RegistryRelease.objects.exists()


def test_the_api_reports_the_findings_as_data_and_approves_with_maker_checker(api_as):
    started = api_as("operator").post(
        "/api/registry/imports",
        {"file": SimpleUploadedFile("export.csv", (FILES / "dtks_selatan_excel.csv").read_bytes()), "source": "dtks"},
    )
    upload_id = started.json()["id"]

    summary = api_as("operator").get(f"/api/registry/imports/{upload_id}").json()["summary"]

    assert (summary["title"], summary["header_row"], summary["importable"]) == (TITLE, 3, True)
    assert summary["ignored_columns"] == ["NO", "KETERANGAN"]
    finding = next(f for f in summary["findings"] if f["code"] == "nik_excel_mangled")
    assert (finding["row"], finding["line"], finding["column"], finding["value"]) == (57, 60, "NIK", "3,37504E+15")
    assert "Excel" in finding["message"]
    api_as("operator").post(f"/api/registry/imports/{upload_id}/confirm")
    release = RegistryRelease.objects.get()

    by_operator = api_as("operator").post(
        f"/api/registry/releases/{release.pk}/approve",
        {"sk_number": "1/2022", "sk_date": "2022-04-04"},
        content_type="application/json",
    )
    by_tkpk = api_as("tkpk").post(
        f"/api/registry/releases/{release.pk}/approve",
        {"sk_number": "400/123/2022", "sk_date": "2022-04-04"},
        content_type="application/json",
    )
    twice = api_as("tkpk").post(
        f"/api/registry/releases/{release.pk}/approve",
        {"sk_number": "400/123/2022", "sk_date": "2022-04-04"},
        content_type="application/json",
    )

    assert by_operator.status_code == 403
    assert by_tkpk.status_code == 200
    assert (by_tkpk.json()["status"], by_tkpk.json()["file_title"], by_tkpk.json()["approved_by"]) == (
        "current",
        TITLE,
        "tkpk",
    )
    assert twice.status_code == 409 and "draf" in twice.json()["detail"]


def test_a_title_row_file_with_unknown_headers_asks_for_them_instead_of_crashing(pekalongan, tmp_path, capsys):
    path = tmp_path / "asing.csv"
    path.write_bytes(b"REKAP PENERIMA BANTUAN 2022;;\r\n;;\r\nKolom A;Kolom B;Kolom C\r\n1;2;3\r\n")

    with pytest.raises(CommandError, match="Kolom tidak dikenali: nik, name, kelurahan_code"):
        call_command("import_registry", str(path), source="dtks", user="operator.dinsos")

    out = capsys.readouterr().out
    assert "title 'REKAP PENERIMA BANTUAN 2022', header in row 3" in out
    assert "1 rows, 0 households" in out
