"""Decree lines from a real spreadsheet (every row checked first, all or nothing) and the decree's PDF."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from dampingan.lib.tests.workbooks import xlsx_bytes
from dampingan.mentoring.models import Assignment, Decree, Opd
from dampingan.regions.models import Region


def draft(number: str = "500/2026") -> Decree:
    return Decree.objects.create(
        number=number, date=dt.date(2026, 1, 5), valid_from=dt.date(2026, 1, 5), status="draft"
    )


def post_lines(client, decree: Decree, name: str, content: bytes):
    return client.post(f"/penugasan/sk/{decree.pk}/impor/", {"file": SimpleUploadedFile(name, content)})


def test_a_file_with_one_bad_row_changes_nothing_and_names_row_and_column(client_as, pekalongan):
    decree = draft()
    content = xlsx_bytes(
        ["Kode Kelurahan", "OPD"],
        [["3375041004", "DLH"], ["33.75.04.9999", "BPBD"], ["3375041002", "Dinas Antah Berantah"]],
    )

    response = post_lines(client_as("tkpk"), decree, "baris.xlsx", content)

    page = response.content.decode()
    assert response.status_code == 200
    assert "baris.xlsx, baris 3, kolom Kode Kelurahan: 33.75.04.9999" in page
    assert "baris 4, kolom OPD: Dinas Antah Berantah" in page
    assert not Assignment.objects.filter(decree=decree).exists()


def test_a_good_file_replaces_the_lines_by_code_or_by_name(client_as, pekalongan):
    decree = draft()
    Assignment.objects.create(decree=decree, opd=Opd.objects.get(abbreviation="Dinarpus"), kelurahan_id="33.75.04.1003")
    content = xlsx_bytes(
        ["Kelurahan", "Perangkat Daerah"], [["Jenggot", "dlh"], ["Banyurip", "Badan Penanggulangan Bencana Daerah"]]
    )

    response = post_lines(client_as("tkpk"), decree, "baris.xlsx", content)

    assert response.status_code == 302
    lines = dict(Assignment.objects.filter(decree=decree).values_list("kelurahan_id", "opd__abbreviation"))
    assert lines == {"33.75.04.1004": "DLH", "33.75.04.1002": "BPBD"}


def test_a_name_shared_by_two_kelurahan_must_be_given_by_code(client_as, pekalongan):
    decree = draft()
    # Names repeat across a regency's desa; make one repeat here.
    Region.objects.filter(code="33.75.04.1003").update(name="Jenggot")

    response = post_lines(client_as("tkpk"), decree, "baris.csv", b"Kelurahan,OPD\nJenggot,DLH\n")

    assert "Ada lebih dari satu kelurahan bernama Jenggot" in response.content.decode()
    assert not Assignment.objects.filter(decree=decree).exists()


def test_the_decree_pdf_must_be_a_pdf(client_as, pekalongan):
    client = client_as("tkpk")
    fields = {"number": "600/2026", "date": "2026-01-05", "valid_from": "2026-01-05", "status": "draft"}

    refused = client.post("/penugasan/sk/baru/", {**fields, "pdf": SimpleUploadedFile("sk.pdf", b"MZ not a pdf")})
    accepted = client.post("/penugasan/sk/baru/", {**fields, "pdf": SimpleUploadedFile("sk.pdf", b"%PDF-1.4\n%%EOF\n")})

    assert refused.status_code == 200 and "sk.pdf bukan berkas PDF." in refused.content.decode()
    assert accepted.status_code == 302
    decree = Decree.objects.get(number="600/2026")
    assert client.get(f"/penugasan/sk/{decree.pk}/sk.pdf").getvalue().startswith(b"%PDF-")
