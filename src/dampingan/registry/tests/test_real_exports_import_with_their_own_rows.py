"""Registry files shaped as a Dinsos office holds them (files/, written by files/make_corpus.py): each is
checked with the exact findings at the file's own rows and columns, and imported with exactly the expected
households and persons per kelurahan."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from dampingan.registry import imports
from dampingan.registry.models import Household, Member, WelfareRank
from dampingan.registry.tests.files import make_corpus

FILES = Path(__file__).parent / "files"
TITLE = "DATA TERPADU KESEJAHTERAAN SOSIAL KOTA PEKALONGAN PER APRIL 2022"
BANYURIP, BUARAN, JENGGOT = "33.75.04.1002", "33.75.04.1003", "33.75.04.1004"
KERTOHARJO, YOSOREJO, SOKODUWET = "33.75.04.1006", "33.75.04.1008", "33.75.04.1010"
ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Expected:
    findings: set[tuple[int, str, str, str]]  # (row, column as the file names it, code, severity)
    stored: dict[str, tuple[int, int]]  # kelurahan → (households, persons)
    title: str = ""
    header_row: int = 1
    ignored: list[str] = field(default_factory=list)


# The findings of the title-row export, as make_corpus.py spoils it. Row 12: Banyurip household 3 (rows
# 11-12), whose second member has the label "SLTA/Sedrajat". Row 41: Kuripan Kertoharjo's first head,
# whose NIK carries the birth date before its correction. Row 57: Kuripan Yosorejo household 2, the head's
# NIK in a numeric cell. Rows 74-76: Sokoduwet household 4 under the old name Duwet. Row 28 is the empty row
# between Buaran Kradenan and Jenggot; Jenggot's NIKs carry an apostrophe, and none of that is a finding.
SELATAN_STORED = {
    BANYURIP: (3, 10),
    BUARAN: (4, 12),
    JENGGOT: (4, 12),
    KERTOHARJO: (4, 12),
    YOSOREJO: (3, 9),
    SOKODUWET: (4, 12),
}
SELATAN_FINDINGS = {
    (12, "PENDIDIKAN TERTINGGI", "unknown_code", ERROR),
    (41, "NIK", "nik_birth_mismatch", WARNING),
    (74, "DESA/KELURAHAN", "kelurahan_alias", WARNING),
    (75, "DESA/KELURAHAN", "kelurahan_alias", WARNING),
    (76, "DESA/KELURAHAN", "kelurahan_alias", WARNING),
}
CASES = {
    "dtks_selatan_judul.xlsx": Expected(
        findings=SELATAN_FINDINGS | {(57, "NIK", "nik_excel_number_cell", ERROR)},
        stored=SELATAN_STORED,
        title=TITLE,
        header_row=3,
        ignored=["NO", "KETERANGAN"],
    ),
    # The same sheet saved by Excel as CSV: the numeric NIK is now the text 3,37504E+15.
    "dtks_selatan_excel.csv": Expected(
        findings=SELATAN_FINDINGS | {(57, "NIK", "nik_excel_mangled", ERROR)},
        stored=SELATAN_STORED,
        title=TITLE,
        header_row=3,
        ignored=["NO", "KETERANGAN"],
    ),
    # Row 4: a NIK in a numeric cell that still reads as a plausible NIK; rows 6-7: the No KK of household
    # KK-3 as a number; row 8: a NIK that Excel cut to 3375040000000000. Only household KK-1 is whole.
    "nik_angka.xlsx": Expected(
        findings={
            (4, "NIK", "nik_excel_number_cell", ERROR),
            (6, "No KK", "no_kk_excel_number_cell", ERROR),
            (7, "No KK", "no_kk_excel_number_cell", ERROR),
            (8, "NIK", "nik_excel_number_cell", ERROR),
        },
        stored={KERTOHARJO: (1, 2)},
    ),
    # "Kel. Jenggot", "JENGGOT  " and "Kelurahan Kuripan Yosorejo" are the official names; Duwet, Kertoharjo
    # and BUARAN are in the alias list; "Sokoduwett" is unknown; row 8 is of Kabupaten Pekalongan.
    "nama_kelurahan.xlsx": Expected(
        findings={
            (4, "Kelurahan", "kelurahan_alias", WARNING),
            (5, "Kelurahan", "kelurahan_alias", WARNING),
            (6, "Kelurahan", "kelurahan_alias", WARNING),
            (7, "Kelurahan", "unknown_kelurahan", ERROR),
            (8, "Kabupaten/Kota", "other_region", ERROR),
        },
        stored={BUARAN: (1, 1), JENGGOT: (2, 2), KERTOHARJO: (1, 1), YOSOREJO: (1, 1), SOKODUWET: (1, 1)},
    ),
}


def plan(name: str) -> imports.ImportPlan:
    return imports.plan_import((FILES / name).read_bytes(), name)


@pytest.mark.parametrize("name", list(CASES))
def test_each_finding_is_at_its_own_row_and_the_valid_households_are_stored(name, persona):
    expected = CASES[name]

    checked = plan(name)
    release = imports.run_import(persona("operator"), checked, source="dtks")

    found = {(f["row"], f["column"], f["code"], f["severity"]) for f in checked.findings()}
    assert found == expected.findings
    assert (checked.title, checked.header_row, checked.unmatched) == (
        expected.title,
        expected.header_row,
        expected.ignored,
    )
    households, members = Household.objects.filter(release=release), Member.objects.filter(release=release)
    stored = {
        code: (households.filter(kelurahan_id=code).count(), members.filter(kelurahan_id=code).count())
        for code in households.values_list("kelurahan_id", flat=True).distinct()
    }
    assert stored == expected.stored
    assert release.file_title == expected.title


def test_labels_apostrophes_places_and_percentiles_are_stored_as_codes(persona):
    release = imports.run_import(persona("operator"), plan("dtks_selatan_judul.xlsx"), source="dtks")

    # Row 4, Banyurip's first head: every coded column was a label.
    head = Member.objects.get(release=release, registry_id="337504100200101")
    assert (head.relationship_to_head, head.marital_status, head.education, head.employment_status) == (1, 2, 1, 1)
    assert (head.sex, head.birth_place) == (1, "PEKALONGAN")
    house = head.household
    assert (house.floor_type, house.wall_type, house.roof_type, house.water_source) == (2, 1, 4, 2)
    assert (house.lighting_source, house.cooking_fuel, house.toilet_facility, house.house_tenure) == (1, 3, 1, 1)
    # Buaran Kradenan's first household spells its labels otherwise: KRT, "Istri / Suami", Kawin Belum Tercatat.
    variants = Member.objects.filter(release=release, household__registry_id="3375041003001").order_by("registry_id")
    assert [(m.relationship_to_head, m.marital_status) for m in variants[:2]] == [(1, 2), (2, 2)]
    # Jenggot's NIKs lost the apostrophe; the two-line address is kept as written.
    jenggot = Member.objects.filter(release=release, kelurahan_id=JENGGOT)
    assert all(len(m.nik) == 16 and m.nik.isdigit() for m in jenggot)
    assert Household.objects.get(release=release, registry_id="3375041004002").address == (
        "Jl. Kurinci Gg. 3\nRT 002 belakang masjid"
    )
    # Every household has its percentile and the desil derived from it (1-10 → 1, 11-20 → 2, …).
    ranks = WelfareRank.objects.filter(release=release)
    assert ranks.count() == release.household_count == 22
    assert all(rank.desil == (rank.percentile + 9) // 10 for rank in ranks)
    by_percentile = {rank.percentile: rank.desil for rank in ranks}
    assert {p: by_percentile[p] for p in (1, 10 + 1, 18, 40)} == {1: 1, 11: 2, 18: 2, 40: 4}


def test_a_csv_with_multi_line_cells_names_the_text_line_beside_the_row(pekalongan):
    checked = plan("dtks_selatan_excel.csv")

    # Rows 33-35 carry the two-line address: each later record starts further down in a text editor.
    assert {row: checked.line_of[row] for row in (34, 41, 57, 74)} == {34: 35, 41: 44, 57: 60, 74: 77}
    assert 33 not in checked.line_of and 12 not in checked.line_of
    lines = checked.issue_lines()
    assert lines[0].startswith("dtks_selatan_excel.csv, baris 12, kolom PENDIDIKAN TERTINGGI")
    assert lines[2].startswith("dtks_selatan_excel.csv, baris 57 (baris 60 di editor teks), kolom NIK")
    finding = next(f for f in checked.findings() if f["row"] == 57)
    assert (finding["line"], finding["value"]) == (60, "3,37504E+15")


def test_the_messages_say_what_is_wrong_and_what_is_accepted(pekalongan):
    lines = plan("dtks_selatan_judul.xlsx").issue_lines()
    names = plan("nama_kelurahan.xlsx").issue_lines()

    typo = lines[0]
    assert typo.startswith("dtks_selatan_judul.xlsx, baris 12, kolom PENDIDIKAN TERTINGGI (kesalahan): SLTA/Sedrajat")
    assert "3 = SLTA/Sederajat" in typo and "5 = D-IV/S1" in typo
    assert "disimpan sebagai angka oleh Excel" in lines[2] and "digit terakhir hilang" in lines[2]
    assert "Duwet dibaca sebagai kelurahan Sokoduwet" in lines[3]
    assert "Sokoduwett" in names[3] and "Mungkin maksudnya Sokoduwet?" in names[3]
    assert "Kabupaten Pekalongan" in names[4]


def test_the_report_numbers_rows_as_the_file_does(pekalongan):
    checked = plan("dtks_selatan_excel.csv")

    book = openpyxl.load_workbook(io.BytesIO(imports.error_report_xlsx(checked)))

    listing = [row for row in book["Daftar masalah"].iter_rows(min_row=2, values_only=True)]
    assert [(row[0], row[1]) for row in listing] == [
        (12, "PENDIDIKAN TERTINGGI"),
        (41, "NIK"),
        (57, "NIK"),
        (74, "DESA/KELURAHAN"),
        (75, "DESA/KELURAHAN"),
        (76, "DESA/KELURAHAN"),
    ]
    data = book["Data dan masalah"]
    header = [cell.value for cell in data[1]]
    rows = {row[0]: row for row in data.iter_rows(min_row=2, values_only=True)}
    assert min(rows) == 4 and 28 not in rows and 29 in rows  # the empty row 28 is not a data row
    assert rows[57][header.index("NIK")] == "3,37504E+15"
    assert rows[57][header.index("Baris teks")] == 60
    assert "NIK" in rows[57][header.index("Masalah")]


def test_a_file_where_no_household_survives_says_why_in_one_sentence(pekalongan, persona):
    text = (FILES / "dtks_selatan_excel.csv").read_bytes().decode("cp1252")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header = rows[2]
    for row in rows[3:]:
        if row[0]:
            row[header.index("HUBUNGAN DENGAN KRT")] = "Kepala Keluarga X"
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)

    checked = imports.plan_import(buffer.getvalue().encode("cp1252"), "semua_salah.csv")

    assert not checked.importable
    reason = checked.why_not_importable()
    assert reason.startswith("Tidak ada rumah tangga yang dapat diimpor")
    assert "kolom HUBUNGAN DENGAN KRT: bukan kode atau label kolom (72 baris)" in reason
    assert "rumah tangga tanpa kepala" in reason
    with pytest.raises(imports.services.RegistryImportError, match="Tidak ada rumah tangga"):
        imports.run_import(persona("operator"), checked, source="dtks")


def test_the_corpus_is_what_its_script_writes(tmp_path):
    make_corpus.write(tmp_path)

    for name in make_corpus.FILES:
        made, kept = (tmp_path / name).read_bytes(), (FILES / name).read_bytes()
        if name.endswith(".csv"):
            assert made == kept, name
            continue
        assert _cells(made) == _cells(kept), name


def _cells(content: bytes) -> list[tuple[object, ...]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [tuple((cell.value, cell.data_type) for cell in row) for row in sheet.iter_rows()]


def test_a_numeric_cell_is_told_apart_from_the_same_digits_as_text(pekalongan):
    checked = plan("nik_angka.xlsx")

    kept = checked.validated.kept
    assert kept["_nik"].to_list() == ["3375041505809101", "3375045808839102"]
    assert checked.validated.rows.filter(pl.col("_row") == 5)["_nik"].to_list() == ["3375046104849104"]
