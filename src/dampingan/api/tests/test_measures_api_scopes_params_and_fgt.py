"""Measures API: MPI and desil per area within the caller's scope, the cutoff k as a parameter, and FGT of
posted expenditure (JSON or a table), with bad input refused by row and column."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dampingan.registry.models import Household

BANYURIP = "33.75.04.1002"
SELATAN = "33.75.04"


def test_a_lurah_gets_the_mpi_of_its_kelurahan_only(api_as, registry):
    body = api_as("lurah_banyurip").get("/api/measures/mpi").json()
    kecamatan = api_as("lurah_banyurip").get("/api/measures/mpi", {"level": "kecamatan"}).json()

    assert [area["code"] for area in body["areas"]] == [BANYURIP]
    assert body["total"]["household"]["total"] == Household.objects.filter(kelurahan_id=BANYURIP).count()
    assert kecamatan["areas"] == []
    assert body["k"] == "1/3" and body["release_id"] == registry.pk


def test_the_mpi_lists_indicators_weights_and_what_the_release_lacks(api_as, registry):
    body = api_as("tkpk").get("/api/measures/mpi", {"level": "kecamatan"}).json()

    assert sum(i["weight"] for i in body["indicators"]) == pytest.approx(1.0)
    assert {i["key"]: i["weight_fraction"] for i in body["indicators"]}["electricity"] == "1/15"
    assert body["dropped"] == [{"key": "assets", "reason": "assets_not_recorded"}]
    assert len(body["notes"]) == 2 and "kartu" in " ".join(body["notes"]).lower()
    assert len(body["areas"]) == 4  # the four kecamatan of Kota Pekalongan
    household = body["total"]["household"]
    assert household["M0"] == pytest.approx(household["H"] * household["A"])
    assert sum(i["contribution"] for i in household["indicators"]) == pytest.approx(1.0)


def test_a_higher_cutoff_finds_fewer_poor(api_as, registry):
    client = api_as("tkpk")

    third = client.get("/api/measures/mpi", {"k": "1/3"}).json()["total"]["household"]["poor"]
    half = client.get("/api/measures/mpi", {"k": "0,5"}).json()
    union = client.get("/api/measures/mpi", {"k": "0.01"}).json()["total"]["household"]["poor"]

    assert half["k"] == "1/2"
    assert union > third > half["total"]["household"]["poor"] >= 0


def test_a_narrower_indicator_set_reweights_equally(api_as, registry):
    body = api_as("tkpk").get("/api/measures/mpi", {"indicator": ["housing", "sanitation"]}).json()

    assert {i["key"]: i["weight_fraction"] for i in body["indicators"]} == {"housing": "1/2", "sanitation": "1/2"}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"k": "2"}, "k"),
        ({"k": "sepertiga"}, "k"),
        ({"level": "rt"}, "level"),
        ({"indicator": "nutrition"}, "indicator"),
    ],
)
def test_bad_parameters_are_refused_with_the_field_named(api_as, registry, params, field):
    response = api_as("tkpk").get("/api/measures/mpi", params)

    assert response.status_code == 422
    assert field in response.json()["detail"]


def test_areas_outside_the_scope_are_not_found(api_as, registry):
    client = api_as("lurah_banyurip")

    assert client.get("/api/measures/mpi", {"kelurahan": "33.75.01.1001"}).status_code == 404
    assert client.get("/api/measures/desil", {"kecamatan": "33.75.01"}).status_code == 404


def test_desil_per_kecamatan_for_a_camat(api_as, registry):
    body = api_as("camat_selatan").get("/api/measures/desil", {"level": "kecamatan"}).json()

    (area,) = body["areas"]
    households = Household.objects.filter(release=registry, kelurahan__parent_id=SELATAN)
    assert area["code"] == SELATAN and area["households"] == households.count()
    assert sum(area["households_per_desil"]) == area["households"] - area["unranked_households"]
    assert area["desil_1_4_households"] == sum(area["households_per_desil"][:4])
    assert area["share_1_4_households"] == pytest.approx(area["desil_1_4_households"] / households.count())


def test_fgt_of_posted_rows(api_as, pekalongan):
    # z = 100, y = [50, 80, 100, 120, 0]: P0 = 0.6, P1 = 0.34, P2 = 0.258 (worked out in analytics' tests);
    # the last two rows form group "b": y = [120, 0] -> P0 = 1/2, P1 = 1/2, P2 = 1/2.
    rows = [{"expenditure": y, "group": "a" if i < 3 else "b"} for i, y in enumerate([50, 80, 100, 120, 0])]

    body = api_as("viewer").post("/api/measures/fgt", {"line": 100, "rows": rows}, content_type="application/json")

    total = body.json()["total"]
    assert (total["p0"], total["p1"], total["p2"]) == pytest.approx((0.6, 0.34, 0.258))
    b = body.json()["groups"][1]
    assert (b["group"], b["p0"], b["p1"], b["p2"]) == ("b", 0.5, 0.5, 0.5)


def test_fgt_refuses_negative_expenditure_and_a_missing_line_by_row(api_as, pekalongan):
    client = api_as("viewer")

    negative = client.post(
        "/api/measures/fgt",
        {"line": 100, "rows": [{"expenditure": 5}, {"expenditure": -5}]},
        content_type="application/json",
    )
    no_line = client.post("/api/measures/fgt", {"rows": [{"expenditure": 5}]}, content_type="application/json")

    assert negative.status_code == 422 and negative.json()["detail"] == [
        "Kolom expenditure, baris 2: Nilainya negatif."
    ]
    assert no_line.status_code == 422 and "line" in no_line.json()["detail"]


def _xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_fgt_of_an_uploaded_spreadsheet_with_indonesian_headers(api_as, pekalongan):
    # Two households, line Rp 500.000: A spends 250.000 per person (weight 2, 3 persons -> 6 persons, gap 1/2),
    # B 600.000 (4 persons). P0 = 6/10, P1 = 3/10, P2 = 1.5/10. The blank row is skipped.
    content = _xlsx(
        [
            ["Pengeluaran per kapita", "Bobot", "Jumlah ART"],
            ["250.000", 2, 3],
            [None, None, None],
            ["600.000", 1, 4],
        ]
    )
    upload = SimpleUploadedFile("susenas.xlsx", content)

    response = api_as("tkpk").post("/api/measures/fgt/table", {"file": upload, "line": "500.000"})

    total = response.json()["total"]
    assert (total["population"], total["poor"]) == (10.0, 6.0)
    assert (total["p0"], total["p1"], total["p2"]) == pytest.approx((0.6, 0.3, 0.15))


def test_a_bad_cell_in_an_uploaded_csv_is_named_by_row_and_column(api_as, pekalongan):
    csv = b"pengeluaran;bobot\n400000;1\n-3;1\n450000;satu\n"

    response = api_as("tkpk").post(
        "/api/measures/fgt/table", {"file": SimpleUploadedFile("data.csv", csv), "line": "500000"}
    )

    assert response.status_code == 422
    assert response.json()["detail"] == [
        "baris 3, kolom pengeluaran: Nilainya tidak boleh negatif.",
        "baris 4, kolom bobot: Bukan angka: satu.",
    ]


def test_a_blank_weight_is_refused_and_a_blank_expenditure_is_left_to_the_measure(api_as, pekalongan):
    csv = b"pengeluaran;bobot;jumlah_art\n400000;;x\n;1;2\n"

    response = api_as("tkpk").post(
        "/api/measures/fgt/table", {"file": SimpleUploadedFile("data.csv", csv), "line": "500000"}
    )

    assert response.status_code == 422
    assert response.json()["detail"] == [
        "baris 2, kolom bobot: Nilainya kosong.",
        "baris 2, kolom jumlah_art: Bukan angka: x.",
    ]


GROUPED = (
    b"pengeluaran;kode_kelurahan;jumlah_art\n250000;33.75.04.1004;2\n600000;33.75.04.1004;2\n\n400000;33.75.04.1002;1\n"
)


@pytest.mark.parametrize("header", ["kelurahan_code", "kode_kelurahan", "kelurahan", "kode_wilayah"])
def test_the_group_column_is_found_under_the_names_users_give_it(api_as, pekalongan, header):
    content = GROUPED.replace(b"kode_kelurahan", header.encode())

    body = (
        api_as("viewer")
        .post("/api/measures/fgt/table", {"file": SimpleUploadedFile("fgt.csv", content), "line": "500000"})
        .json()
    )

    assert body["group_column"] == header and body["note"] == ""
    assert {g["group"]: g["p0"] for g in body["groups"]} == {"33.75.04.1004": 0.5, "33.75.04.1002": 1.0}


def test_a_named_group_column_is_used_and_an_unknown_one_is_refused(api_as, pekalongan):
    content = GROUPED.replace(b"kode_kelurahan", b"lokasi")
    client = api_as("viewer")

    named = client.post(
        "/api/measures/fgt/table",
        {"file": SimpleUploadedFile("fgt.csv", content), "line": "500000", "group_column": "LOKASI"},
    )
    unknown = client.post(
        "/api/measures/fgt/table",
        {"file": SimpleUploadedFile("fgt.csv", content), "line": "500000", "group_column": "kelurahan"},
    )
    unnamed = client.post("/api/measures/fgt/table", {"file": SimpleUploadedFile("fgt.csv", content), "line": "500000"})

    assert named.status_code == 200 and named.json()["group_column"] == "lokasi" and len(named.json()["groups"]) == 2
    assert unknown.status_code == 422
    assert unknown.json()["detail"] == [
        "Berkas tidak memiliki kolom kelurahan untuk pengelompokan; kolomnya: pengeluaran, lokasi, jumlah_art."
    ]
    body = unnamed.json()
    assert body["groups"] == [] and body["group_column"] is None and body["other_columns"] == ["lokasi"]
    assert "group_column" in body["note"] and "lokasi" in body["note"]


def test_a_refusal_of_the_measure_names_the_files_own_row(api_as, pekalongan):
    content = b"pengeluaran;garis_kemiskinan\n100000;500000\n\n200000;0\n"

    response = api_as("viewer").post("/api/measures/fgt/table", {"file": SimpleUploadedFile("fgt.csv", content)})

    assert response.status_code == 422
    assert "baris 4" in response.json()["detail"][0]


def test_the_fgt_page_measures_a_table_and_asks_for_the_group_column(client_as, pekalongan):
    client = client_as("lurah_banyurip")
    content = GROUPED.replace(b"kode_kelurahan", b"lokasi")

    first = client.post("/ukuran-kemiskinan/fgt/", {"file": SimpleUploadedFile("fgt.csv", content), "line": "500.000"})
    html = first.content.decode()
    token = first.context["token"]
    second = client.post("/ukuran-kemiskinan/fgt/", {"token": token, "line": "500.000", "group_column": "lokasi"})
    bad = client.post(
        "/ukuran-kemiskinan/fgt/", {"file": SimpleUploadedFile("fgt.csv", b"pengeluaran\n-5\n"), "line": "1"}
    )

    assert first.status_code == 200 and 'id="fgt-no-group"' in html and '<option value="lokasi">' in html
    assert 'data-measure="p0">0,60<' in html
    groups = second.content.decode()
    assert 'data-group="33.75.04.1004"' in groups and 'data-group="33.75.04.1002"' in groups
    assert bad.status_code == 422 and "baris 2, kolom pengeluaran" in bad.content.decode()
    assert client.get("/ukuran-kemiskinan/").status_code == 200


def test_fgt_refuses_numbers_whose_sums_would_overflow(api_as):
    # Found by the fuzzing test: a weight of 1.2e308 made the population infinite, and the answer broke its schema.
    rows = [{"expenditure": 50, "weight": 1.2e308}, {"expenditure": 150, "weight": 1.2e308}]

    answer = api_as("viewer").post("/api/measures/fgt", {"line": 100, "rows": rows}, content_type="application/json")

    assert answer.status_code == 422
    assert "weight" in str(answer.json()["detail"])
