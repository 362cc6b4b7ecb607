"""The TKPK admin keeps the other names of the kelurahan that registry files use; the import reads them."""

from pathlib import Path

from auditlog.models import LogEntry

from dampingan.regions.models import KelurahanAlias
from dampingan.registry import imports

CORPUS = Path(__file__).resolve().parents[2] / "registry" / "tests" / "files"


def test_the_demo_knows_the_old_names_of_pekalongan_selatan(pekalongan):
    names = dict(KelurahanAlias.objects.values_list("name", "kelurahan__name"))

    assert names["Duwet"] == "Sokoduwet" and names["Kertoharjo"] == "Kuripan Kertoharjo"


def test_the_tkpk_adds_a_name_and_the_next_import_reads_it(client_as, pekalongan):
    client = client_as("tkpk")
    before = imports.plan_import((CORPUS / "nama_kelurahan.xlsx").read_bytes(), "nama_kelurahan.xlsx")
    assert {(f["row"], f["code"]) for f in before.findings()} >= {(7, "unknown_kelurahan")}

    response = client.post(
        "/wilayah/nama-lain/", {"name": "Sokoduwett", "kelurahan": "33.75.04.1010", "note": "Salah ketik umum"}
    )

    assert response.status_code == 302
    alias = KelurahanAlias.objects.get(name="Sokoduwett")
    assert (alias.kelurahan_id, alias.created_by.username) == ("33.75.04.1010", "tkpk")
    assert LogEntry.objects.get_for_object(alias).exists()
    page = client.get("/wilayah/nama-lain/").content.decode()
    assert 'data-alias="Sokoduwett"' in page and "Salah ketik umum" in page
    after = imports.plan_import((CORPUS / "nama_kelurahan.xlsx").read_bytes(), "nama_kelurahan.xlsx")
    assert (7, "kelurahan_alias") in {(f["row"], f["code"]) for f in after.findings()}


def test_a_name_already_taken_or_official_is_refused_with_the_reason(client_as, pekalongan):
    client = client_as("tkpk")

    official = client.post("/wilayah/nama-lain/", {"name": "kel. JENGGOT", "kelurahan": "33.75.04.1010"})
    taken = client.post("/wilayah/nama-lain/", {"name": "DUWET", "kelurahan": "33.75.04.1004"})

    assert "sudah menjadi nama resmi sebuah kelurahan" in official.content.decode()
    assert "sudah tercatat sebagai nama lain Sokoduwet" in taken.content.decode()
    assert KelurahanAlias.objects.filter(kelurahan_id="33.75.04.1004").count() == 0


def test_only_the_tkpk_keeps_the_names_and_removes_them(client_as, pekalongan):
    alias = KelurahanAlias.objects.get(name="Soko")

    assert client_as("operator").get("/wilayah/nama-lain/").status_code == 403
    assert client_as("operator").post(f"/wilayah/nama-lain/{alias.pk}/hapus/").status_code == 403
    assert client_as("tkpk").post(f"/wilayah/nama-lain/{alias.pk}/hapus/").status_code == 302
    assert not KelurahanAlias.objects.filter(name="Soko").exists()
