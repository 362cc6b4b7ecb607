"""Each validation rule of the registry import, on real .xlsx files written with openpyxl. No database."""

import datetime as dt

import polars as pl
import pytest
from lokal import wilayah

from dampingan.lib.spreadsheets import read_table
from dampingan.lib.tests.workbooks import xlsx_bytes
from dampingan.registry.validation import Deployment, map_headers, validate

TODAY = dt.date(2026, 11, 22)
HEADERS = ["IDBDT", "No KK", "NIK", "Nama ART", "Hub KRT", "Jenis Kelamin", "Tgl Lahir", "Kode Desa", "Desil"]
# Household RT1 in Jenggot: father (15 Mar 1975), mother (22 Jul 1978, +40), son (1 Jan 2010)
GOOD = [
    ["RT1", "3375040101220003", "3375041503750001", "Slamet", "1", "L", "1975-03-15", "3375041004", "1"],
    ["RT1", "3375040101220003", "3375046207780002", "Siti", "2", "P", "22/07/1978", "3375041004", "1"],
    ["RT1", "3375040101220003", "3375040101100003", "Budi", "3", "Laki-laki", dt.date(2010, 1, 1), "3375041004", "1"],
    ["RT2", "3375040202220004", "3375045212800004", "Darmi", "1", "2", "12-12-1980", "33.75.04.1002", "3"],
]


def pekalongan_villages() -> pl.DataFrame:
    rows = [
        {"code": v.code, "name": v.name, "kecamatan_name": k.name}
        for k in wilayah.list_wilayah("33.75")
        for v in wilayah.list_wilayah(k.code)
    ]
    return pl.DataFrame(rows)


def xlsx(rows, headers=HEADERS) -> bytes:
    return xlsx_bytes(headers, rows)


def run(rows, headers=HEADERS, region="33.75"):
    table = read_table(xlsx(rows, headers), "dtks.xlsx")
    mapping, _unmatched = map_headers(table.columns)
    renamed = table.frame.select([pl.col(header).alias(field) for field, header in mapping.items()])
    return validate(renamed, Deployment(region, pekalongan_villages()), TODAY, rows=table.rows)


def codes_at(result, row):
    return set(result.issues.filter(pl.col("row") == row)["code"].to_list())


def test_a_clean_file_has_no_issue_and_keeps_every_household():
    result = run(GOOD)

    assert result.issues.height == 0
    kept = result.kept
    assert kept.height == 4
    assert kept["_kelurahan_id"].to_list() == ["33.75.04.1004"] * 3 + ["33.75.04.1002"]
    assert kept["_sex"].to_list() == [1, 2, 1, 2]
    assert kept["_birth_date"].to_list()[2] == dt.date(2010, 1, 1)
    assert kept["_household_key"].n_unique() == 2


def test_headers_of_another_export_are_recognised():
    headers = ["ID_BDT", "NOKK", "nik", "NAMA", "SHDRT", "JNS_KEL", "TANGGAL_LAHIR", "KDDESA", "DESIL NASIONAL"]
    mapping, unmatched = map_headers(headers)
    assert unmatched == []
    assert mapping["sex"] == "JNS_KEL" and mapping["desil"] == "DESIL NASIONAL"


def test_a_saved_mapping_is_used_for_renamed_columns():
    mapping, unmatched = map_headers(["Nomor Identitas", "Nama"], saved={"nik": "nomor identitas"})
    assert mapping == {"nik": "Nomor Identitas", "name": "Nama"}
    assert unmatched == []


@pytest.mark.parametrize(
    ("column", "value", "code"),
    [
        (2, "3.37504E+15", "nik_excel_mangled"),
        (2, "33750415037500", "nik_not_16_digits"),
        (2, "3375043202750001", "nik_bad_date"),
        (1, "33750401012200", "no_kk_not_16_digits"),
        (5, "X", "unknown_sex"),
        (6, "31-02-1975", "bad_date"),
        (6, "2030-01-01", "implausible_date"),
        (4, "9", "unknown_code"),
        (8, "0", "out_of_range"),
        (8, "11", "out_of_range"),
        (7, "3375049999", "unknown_kelurahan"),
        (7, "3326011001", "other_region"),
        (3, None, "missing"),
    ],
)
def test_each_bad_value_is_reported_at_its_row_and_excludes_its_household(column, value, code):
    rows = [list(r) for r in GOOD]
    rows[0][column] = value

    result = run(rows)

    assert code in codes_at(result, 2)
    # the whole household RT1 (rows 2-4) is excluded; RT2 (row 5) is kept
    assert result.rows.filter(pl.col("_excluded"))["_row"].to_list() == [2, 3, 4]


def test_duplicate_nik_in_one_household_and_a_person_in_two_households():
    rows = [list(r) for r in GOOD]
    rows[2][2] = rows[1][2]  # Budi carries Siti's NIK: same household
    rows.append(["RT3", "3375040303220005", "3375045212800004", "Darmi", "1", "P", "1980-12-12", "3375041003", "2"])

    result = run(rows)

    assert "duplicate_nik" in codes_at(result, 3) and "duplicate_nik" in codes_at(result, 4)
    assert "nik_in_two_households" in codes_at(result, 5) and "nik_in_two_households" in codes_at(result, 6)
    assert result.kept.height == 0


def test_a_household_without_head_or_with_two_heads():
    rows = [list(r) for r in GOOD]
    rows[0][4] = "2"  # RT1 has no head
    rows.append(["RT2", "3375040202220004", "3375041212820005", "Darto", "1", "L", "1982-12-12", "3375041002", "3"])

    result = run(rows)

    assert "no_head" in codes_at(result, 2)
    assert "two_heads" in codes_at(result, 5) and "two_heads" in codes_at(result, 6)
    assert result.kept.height == 0


def test_nik_disagreeing_with_birth_date_or_sex_is_only_a_warning():
    rows = [list(r) for r in GOOD]
    rows[0][6] = "1975-03-16"  # birth date corrected after the NIK was issued
    rows[3][5] = "L"

    result = run(rows)

    assert result.errors.height == 0
    assert set(result.warnings["row"].to_list()) == {2, 5}
    assert result.kept.height == 4


def test_kelurahan_resolved_by_name_within_its_kecamatan():
    headers = ["NIK", "Nama", "No KK", "Kelurahan", "Kecamatan"]
    rows = [
        ["3375041503750001", "Slamet", "3375040101220003", "JENGGOT", "Pekalongan Selatan"],
        ["3375041503750002", "Warno", "3375040101220004", "Kuripan  Kertoharjo", "pekalongan selatan"],
        ["3375041503750003", "Tono", "3375040101220005", "Atlantis", "Pekalongan Selatan"],
    ]

    result = run(rows, headers)

    assert result.rows["_kelurahan_id"].to_list() == ["33.75.04.1004", "33.75.04.1006", None]
    assert "unknown_kelurahan" in codes_at(result, 4)


def test_a_family_based_file_makes_one_household_per_family():
    headers = ["NIK", "Nama", "No KK", "Kode Desa"]
    rows = [
        ["3375041503750001", "A", "3375040101220003", "3375041004"],
        ["3375041503750002", "B", "3375040101220003", "3375041004"],
        ["3375041503750003", "C", "3375040101220004", "3375041004"],
    ]

    result = run(rows, headers)

    assert result.issues.height == 0
    assert result.rows["_household_key"].to_list() == ["3375040101220003"] * 2 + ["3375040101220004"]


def test_a_file_for_another_kabupaten_is_refused_row_by_row():
    rows = [list(r) for r in GOOD]
    for row in rows:
        row[7] = "3326011001"

    result = run(rows)

    assert result.kept.height == 0
    assert set(result.errors["code"].to_list()) == {"other_region"}


def test_every_issue_of_a_file_is_listed_and_each_parsed_column_follows_its_field():
    rows = [list(r) for r in GOOD]
    rows[0][5], rows[0][6] = "X", "31-02-1975"
    rows[1][4], rows[1][6] = "9", "2030-01-01"
    rows[2][2], rows[2][8] = "123", "11"
    rows[3][5] = "L"

    result = run(rows)

    assert result.issues.select("row", "field", "code", "severity", "value").rows() == [
        (2, "birth_date", "bad_date", "error", "31-02-1975"),
        (2, "sex", "unknown_sex", "error", "X"),
        (3, "birth_date", "implausible_date", "error", "2030-01-01"),
        (3, "relationship_to_head", "unknown_code", "error", "9"),
        (4, "desil", "out_of_range", "error", "11"),
        (4, "nik", "nik_not_16_digits", "error", "123"),
        (5, "nik", "nik_birth_mismatch", "warning", "3375045212800004"),
    ]
    parsed = [c for c in result.rows.columns if c.startswith("_")]
    assert parsed[: parsed.index("_kelurahan_id")] == [
        "_row",
        "_kelurahan_code",
        "_household_id",
        "_nik",
        "_nik_error",
        "_nik_warning",
        "_nik_sex",
        "_nik_birth",
        "_no_kk",
        "_no_kk_error",
        "_name",
        "_relationship_to_head",
        "_sex",
        "_birth_date",
        "_desil",
    ]
    assert result.rows["_birth_date"].to_list()[:2] == [None, None]
    assert result.rows["_desil"].to_list() == [1, 1, None, 3]
