"""OPD import from real .xlsx (written by openpyxl) and CSV files: all rows or none, errors by row and column."""

import pytest

from dampingan.lib.tests.workbooks import xlsx_bytes
from dampingan.mentoring.models import Opd
from dampingan.mentoring.opd_import import import_opds, preview_opd_import

HEADERS = ["Nama", "Singkatan", "Jenis", "Kepala", "Email", "Kategori Masalah"]


def xlsx(rows, headers=HEADERS) -> bytes:
    return xlsx_bytes(headers, rows)


def test_a_valid_xlsx_adds_new_opds_and_updates_existing_ones_by_abbreviation(persona):
    content = xlsx(
        [
            [
                "Dinas Kesehatan",
                "Dinkes",
                "Dinas",
                "dr. Contoh",
                "dinkes@contoh.go.id",
                "kesehatan; Perlindungan sosial",
            ],
            ["Badan Riset Daerah", "BRIDA", "badan", "", "", ""],
        ]
    )

    result = import_opds(persona("tkpk"), content, "opd.xlsx")

    assert result.ok and (result.to_create, result.to_update) == (1, 1)
    dinkes = Opd.objects.get(abbreviation="Dinkes")
    assert dinkes.head_name == "dr. Contoh"
    assert dinkes.problem_categories == ["kesehatan", "perlindungan_sosial"]
    assert Opd.objects.get(abbreviation="BRIDA").kind == "badan"


def test_errors_name_row_and_column_and_nothing_is_written(persona):
    before = list(Opd.objects.order_by("pk").values())
    content = xlsx(
        [
            ["Dinas Baru Satu", "DB1", "dinas", "", "", ""],
            ["", "DB2", "kementerian", "", "bukan-email", "ekonomi; cuaca"],
            ["Dinas Baru Tiga", "DB1", "dinas", "", "", ""],
            ["Dinas Lingkungan Hidup", "DLH-BARU", "dinas", "", "", ""],
        ]
    )

    result = import_opds(persona("tkpk"), content, "opd.xlsx")

    messages = [str(e) for e in result.errors]
    assert not result.ok
    assert any("baris 3" in m and "kolom Nama" in m for m in messages)
    assert any("baris 3" in m and "kolom Jenis" in m and "kementerian" in m for m in messages)
    assert any("baris 3" in m and "kolom Email" in m for m in messages)
    assert any("baris 3" in m and "kolom Kategori Masalah" in m and "cuaca" in m for m in messages)
    assert any("baris 4" in m and "kolom Singkatan" in m and "baris 2" in m for m in messages)
    assert any("baris 5" in m and "kolom Nama" in m and "DLH" in m for m in messages)
    assert list(Opd.objects.order_by("pk").values()) == before


def test_missing_required_columns_are_named(pekalongan):
    result = preview_opd_import(xlsx([["x", "y"]], headers=["Nama", "Alamat"]), "opd.xlsx")
    assert not result.ok
    assert "Singkatan" in str(result.errors[0]) and "Jenis" in str(result.errors[0])


def test_headers_match_ignoring_case_spaces_dots_and_underscores(pekalongan):
    content = xlsx([["Dinas X", "DX", "dinas"]], headers=["NAMA_OPD", "singkatan.", "J E N I S"])
    result = preview_opd_import(content, "opd.xlsx")
    assert result.ok, result.errors


def test_a_semicolon_windows_1252_csv_is_read(persona):
    address = "Jl. Pemuda No. 1 \u2013 Gedung B"  # the dash is byte 0x96 in Windows-1252, invalid in UTF-8
    content = f"Nama;Singkatan;Jenis;Alamat\nDinas Pemuda;Dispora;dinas;{address}\n".encode("cp1252")

    result = import_opds(persona("tkpk"), content, "opd.csv")

    assert result.ok, result.errors
    assert Opd.objects.get(abbreviation="Dispora").address == address


def test_reimporting_the_exported_file_changes_nothing(client_as, persona):
    exported = client_as("tkpk").get("/opd/ekspor.xlsx").content

    result = import_opds(persona("tkpk"), exported, "daftar-opd.xlsx")

    assert result.ok
    assert (result.to_create, result.to_update, result.unchanged) == (0, 0, Opd.objects.count())


def test_the_downloaded_template_imports_cleanly(client_as, persona):
    template = client_as("tkpk").get("/opd/templat.xlsx").content
    assert preview_opd_import(template, "templat-opd.xlsx").ok


@pytest.mark.parametrize(
    ("name", "content"),
    [("opd.xlsx", b"PK\x03\x04 this is not really a workbook"), ("opd.pdf", b"%PDF-1.4"), ("opd.csv", b"")],
)
def test_a_file_that_is_not_a_table_gets_a_clear_message_in_the_upload_page(client_as, name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as("tkpk")
    count = Opd.objects.count()

    response = client.post("/opd/impor/", {"file": SimpleUploadedFile(name, content), "action": "preview"})

    assert response.status_code == 200
    html = response.content.decode()
    assert name in html or "kosong" in html or "tidak ada baris" in html.lower() or ".xlsx" in html
    assert Opd.objects.count() == count


def test_the_upload_page_previews_then_imports_on_confirm(client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as("tkpk")
    upload = SimpleUploadedFile("opd.xlsx", xlsx([["Dinas Koperasi Baru", "DKB", "dinas", "", "", "ekonomi"]]))

    preview = client.post("/opd/impor/", {"file": upload, "action": "preview"})
    assert b"DKB" in preview.content
    assert not Opd.objects.filter(abbreviation="DKB").exists()

    confirmed = client.post("/opd/impor/", {"action": "confirm", "token": preview.context["token"]})
    assert confirmed.status_code == 302
    assert Opd.objects.get(abbreviation="DKB").problem_categories == ["ekonomi"]


def test_a_preview_replaced_by_a_later_upload_cannot_be_confirmed(client_as):
    """Two tabs: the first tab's confirmation must not import the file the second tab checked, nor its own."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as("tkpk")
    first = client.post(
        "/opd/impor/", {"file": SimpleUploadedFile("a.xlsx", xlsx([["Dinas A", "DA", "dinas", "", "", ""]]))}
    )
    second = client.post(
        "/opd/impor/", {"file": SimpleUploadedFile("b.xlsx", xlsx([["Dinas B", "DB", "dinas", "", "", ""]]))}
    )

    refused = client.post("/opd/impor/", {"action": "confirm", "token": first.context["token"]}, follow=True)

    assert "tidak lagi menunggu konfirmasi" in refused.content.decode()
    assert not Opd.objects.filter(abbreviation__in=["DA", "DB"]).exists()
    client.post("/opd/impor/", {"action": "confirm", "token": second.context["token"]})
    assert list(Opd.objects.filter(abbreviation__in=["DA", "DB"]).values_list("abbreviation", flat=True)) == ["DB"]


def test_an_invalid_upload_shows_its_errors_and_cannot_be_confirmed(client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as("tkpk")
    upload = SimpleUploadedFile("opd.xlsx", xlsx([["Dinas Y", "DY", "planet", "", "", ""]]))

    response = client.post("/opd/impor/", {"file": upload, "action": "preview"})
    confirm = client.post("/opd/impor/", {"action": "confirm"})

    assert b"planet" in response.content
    assert confirm.status_code == 302  # back to the upload page: nothing staged
    assert not Opd.objects.filter(abbreviation="DY").exists()


def test_only_the_tkpk_admin_may_import(persona):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_opds(persona("operator"), xlsx([["Dinas Z", "DZ", "dinas"]]), "opd.xlsx")


def test_a_row_s_errors_come_in_column_check_order_and_its_values_are_cleaned(persona):
    persona("tkpk")
    content = xlsx(
        [
            ["Dinas Baru", "DB", "dinas", "", "", "Kesehatan, kesehatan"],
            ["Dinas Baru", "db", "kementerian", "x" * 300, "bukan-email", "cuaca; ekonomi; angin"],
            ["Dinas Lingkungan Hidup", "", "", "", "", ""],
        ]
    )

    result = preview_opd_import(content, "opd.xlsx")

    kinds = "dinas, badan, kantor, bagian, kecamatan, kelurahan, lainnya"
    unknown = "tidak dikenal; gunakan salah satu dari"
    categories = "infrastruktur, perumahan, ekonomi, kesehatan, pendidikan, perlindungan_sosial, lingkungan, bencana"
    assert [str(e) for e in result.errors] == [
        "baris 3, kolom Kepala: Terlalu panjang: paling banyak 120 karakter.",
        f"baris 3, kolom Jenis: Jenis 'kementerian' tidak dikenal; gunakan salah satu dari: {kinds}.",
        "baris 3, kolom Email: 'bukan-email' bukan alamat surel yang sah.",
        f"baris 3, kolom Kategori Masalah: Kategori masalah 'cuaca' {unknown}: {categories}.",
        f"baris 3, kolom Kategori Masalah: Kategori masalah 'angin' {unknown}: {categories}.",
        "baris 3, kolom Singkatan: Singkatan db sudah dipakai di baris 2.",
        "baris 3, kolom Nama: Nama ini sudah dipakai di baris 2.",
        "baris 4, kolom Singkatan: Sel ini kosong; isinya wajib.",
        "baris 4, kolom Jenis: Sel ini kosong; isinya wajib.",
        "baris 4, kolom Nama: OPD dengan nama ini sudah terdaftar dengan singkatan lain (DLH).",
    ]
    assert [(r["row"], r["action"], r["kind"], r["problem_categories"]) for r in result.rows] == [
        (2, "create", "dinas", ["kesehatan"]),
        (3, "create", "", ["ekonomi"]),
        (4, "create", "", []),
    ]
    assert (result.to_create, result.to_update, result.unchanged) == (3, 0, 0)
