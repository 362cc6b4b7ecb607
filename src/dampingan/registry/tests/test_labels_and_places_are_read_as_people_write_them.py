"""Coded columns read as codes or labels, places as people name them, numbers and dates as Excel leaves them:
the rules on plain frames, without a database."""

import datetime as dt

import polars as pl
import pytest

from dampingan.lib.names import label_key, place_key
from dampingan.registry import codes, labels
from dampingan.registry.columns import COLUMNS
from dampingan.registry.tests.test_registry_validation_rules import GOOD, HEADERS, codes_at, pekalongan_villages, run
from dampingan.registry.validation import ALIAS_SCHEMA, Deployment, PlaceResolver, validate

CODED = sorted({c.choices for c in COLUMNS if c.choices is not None}, key=lambda choices: choices.__name__)


@pytest.mark.parametrize("choices", CODED, ids=lambda choices: choices.__name__)
def test_no_spelling_means_two_codes_of_one_list(choices):
    vocabulary = labels.vocabulary(choices)  # raises AmbiguousSpelling on a conflict

    assert set(vocabulary.values()) <= {choice.value for choice in choices}
    # every code can be written as a label
    assert set(vocabulary.values()) == {choice.value for choice in choices}


@pytest.mark.parametrize(
    ("choices", "written", "code"),
    [
        (codes.RelationshipToHead, "Kepala Rumah Tangga", 1),
        (codes.RelationshipToHead, "KEPALA RT", 1),
        (codes.RelationshipToHead, "krt", 1),
        (codes.RelationshipToHead, "Istri / Suami", 2),
        (codes.RelationshipToHead, "Famili Lain", 8),
        (codes.MaritalStatus, "Kawin/Nikah", 2),
        (codes.MaritalStatus, "Cerai Hidup", 3),
        (codes.Education, "Tidak/Belum Sekolah", 0),
        (codes.Education, "SLTA / Sederajat", 3),
        (codes.Education, "Diploma I/II", 4),
        (codes.Education, "D-IV/S1", 5),
        (codes.FloorType, "keramik", 2),
        (codes.FloorType, "TANAH", 9),
        (codes.WallType, "Tembok", 1),
        (codes.RoofType, "Genteng", 4),
        (codes.LightingSource, "Listrik PLN", 1),
        (codes.CookingFuel, "Gas 3 kg", 3),
        (codes.CookingFuel, "Gas > 3 kg", 2),
        (codes.ToiletFacility, "Sendiri", 1),
        (codes.ToiletFacility, "Bersama", 2),
        (codes.WaterSource, "Air kemasan", 1),
        (codes.PowerCapacity, "1.300 VA", 3),
        (codes.PowerCapacity, "> 2200 Watt", 5),
        (codes.EmploymentStatus, "Buruh/Karyawan/Pegawai Swasta", 4),
        (codes.HouseTenure, "Sendiri", 1),
        (codes.Education, "Upper secondary (SMA/SMK/MA/Paket C)", 3),  # the code list's own label
    ],
)
def test_a_label_is_read_as_its_code(choices, written, code):
    assert labels.vocabulary(choices)[label_key(written)] == code


def test_codes_and_labels_mix_in_one_column_and_an_unknown_label_lists_the_accepted_values():
    rows = [list(r) for r in GOOD]
    rows[0][4], rows[1][4], rows[2][4] = "Kepala Rumah Tangga", "Istri/Suami", "3.0"
    rows[3][4] = "Kepala Keluarga X"

    result = run(rows)

    assert result.kept["_relationship_to_head"].to_list() == [1, 2, 3]
    assert codes_at(result, 5) == {"unknown_code", "no_head"}


@pytest.mark.parametrize(
    ("written", "expected"),
    [("Kel. Jenggot", "jenggot"), ("KELURAHAN JENGGOT ", "jenggot"), ("Kec.Pekalongan Selatan", "pekalongan selatan")],
)
def test_place_names_lose_their_prefix(written, expected):
    assert place_key(written) == label_key(expected)


def test_a_name_that_starts_like_a_prefix_keeps_it():
    assert place_key("Kelapa Dua") == "kelapadua" and place_key("Desapura") == "desapura"


def deployment(aliases=()):
    return Deployment(
        "33.75",
        pekalongan_villages(),
        aliases=pl.DataFrame([{"name": n, "code": c} for n, c in aliases], schema=ALIAS_SCHEMA),
        name="Kota Pekalongan",
        province_name="Jawa Tengah",
    )


@pytest.mark.parametrize(
    ("column", "value", "same"),
    [
        ("kabupaten_kota", "KOTA PEKALONGAN", True),
        ("kabupaten_kota", "Pekalongan", True),
        ("kabupaten_kota", "33.75", True),
        ("kabupaten_kota", "75", True),
        ("kabupaten_kota", "Kabupaten Pekalongan", False),
        ("kabupaten_kota", "Kab. Pekalongan", False),
        ("kabupaten_kota", "3326", False),
        ("kabupaten_kota", "Kota Tegal", False),
        ("province", "JAWA TENGAH", True),
        ("province", "Prov. Jawa Tengah", True),
        ("province", "33", True),
        ("province", "Jawa Barat", False),
    ],
)
def test_the_province_and_kabupaten_columns_are_checked_against_the_deployment(column, value, same):
    _found, issues = PlaceResolver(deployment()).resolve({"kelurahan_code": "33.75.04.1004", column: value})

    assert (issues == []) is same
    assert same or issues == [(column, "other_region", "error", None)]


def test_an_alias_is_read_with_a_warning_and_an_unknown_name_gets_the_nearest_kelurahan():
    resolver = PlaceResolver(deployment([("Duwet", "33.75.04.1010")]))

    assert resolver.resolve({"kelurahan_name": "DUWET "}) == (
        "33.75.04.1010",
        [("kelurahan_name", "kelurahan_alias", "warning", "Sokoduwet")],
    )
    assert resolver.resolve({"kelurahan_name": "Jengot", "kecamatan_name": "Pekalongan Selatan"}) == (
        None,
        [("kelurahan_name", "unknown_kelurahan", "error", "Jenggot")],
    )
    assert resolver.resolve({"kelurahan_name": "Xyz"}) == (
        None,
        [("kelurahan_name", "unknown_kelurahan", "error", None)],
    )


def test_excel_numbers_dates_and_words_are_read_as_people_leave_them():
    headers = [*HEADERS, "Persentil", "Hamil"]
    rows = [[*r, None, None] for r in GOOD]
    rows[0][5], rows[1][5] = "1.0", "PEREMPUAN "  # sex from a numeric cell, and with a trailing space
    rows[0][6] = "27468"  # a date column Excel kept as "General": day 27468 is 15 Mar 1975
    rows[2][6] = "1990"  # a bare year is not a day of 1905
    rows[3][8], rows[3][9] = "Desil 3", "25"  # desil as some exports write it; percentile 25 is desil 3
    rows[1][10] = "Tidak Ada"

    result = run(rows, headers=headers)

    assert result.rows["_sex"].to_list()[:2] == [1, 2]
    assert result.rows["_birth_date"].to_list()[0] == dt.date(1975, 3, 15)
    assert codes_at(result, 4) == {"bad_date"}
    assert result.rows["_desil"].to_list()[3] == 3 and codes_at(result, 5) == set()
    assert result.rows["_pregnant"].to_list()[1] is False


def test_the_desil_comes_from_the_percentile_and_a_disagreeing_desil_is_kept_with_a_warning():
    headers = [*HEADERS, "Persentil"]
    rows = [[*r, "7"] for r in GOOD[:3]] + [[*GOOD[3][:8], None, "38"]]
    rows[0][8] = rows[1][8] = rows[2][8] = "2"  # household RT1: desil 2, but percentile 7 is desil 1

    result = run(rows, headers=headers)

    assert result.rows["_desil"].to_list() == [2, 2, 2, 4]
    issues = result.issues.filter(pl.col("code") == "desil_percentile_mismatch")
    assert issues.select("row", "severity", "value", "detail").rows() == [(r, "warning", "2", "1") for r in (2, 3, 4)]


def test_rows_keep_the_numbers_they_have_in_the_file():
    frame = pl.DataFrame(
        {"nik": ["3375041503750001", "x"], "name": ["Slamet", "Budi"], "kelurahan_code": ["3375041004"] * 2}
    )

    result = validate(frame, deployment(), dt.date(2026, 11, 22), rows=pl.Series([4, 9]))

    assert result.issues.filter(pl.col("field") == "nik")["row"].to_list() == [9]
