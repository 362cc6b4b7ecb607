"""Uploaded tables come back as trimmed text columns whatever the separator, encoding or spreadsheet."""

import io
import zipfile

import openpyxl
import polars as pl
import pytest

from dampingan.lib.spreadsheets import TableError, neutralise_formulas, read_table, write_csv
from dampingan.lib.tests.workbooks import xlsx_bytes

EXPECTED = {"NIK": ["3375014107850012", None], "Nama": ["Siti Ma'rufah", "Bambang Sétiadi"], "RT": ["001", "002"]}


@pytest.mark.parametrize(
    ("content", "label"),
    [
        ("NIK,Nama,RT\n3375014107850012, Siti Ma'rufah ,001\n  ,Bambang Sétiadi,002\n".encode(), "utf-8 comma"),
        ("NIK;Nama;RT\r\n3375014107850012;Siti Ma'rufah;001\r\n;Bambang Sétiadi;002\r\n".encode(), "semicolon crlf"),
        ("\ufeffNIK,Nama,RT\n3375014107850012,Siti Ma'rufah,001\n,Bambang Sétiadi,002\n".encode(), "utf-8 bom"),
        ("NIK;Nama;RT\n3375014107850012;Siti Ma'rufah;001\n;Bambang Sétiadi;002\n".encode("cp1252"), "windows-1252"),
        ('NIK,Nama,RT\n3375014107850012,"Siti Ma\'rufah\t",001\n"",Bambang Sétiadi,002\n'.encode(), "quoted, tab"),
    ],
)
def test_csv_variants_read_the_same(content, label):
    frame = read_table(content, "data.csv").frame

    assert frame.to_dict(as_series=False) == EXPECTED, label


def test_xlsx_keeps_identifiers_as_text_and_drops_empty_rows():
    content = xlsx_bytes(
        ["NIK", "Nama", "RT"],
        [["3375014107850012", " Siti Ma'rufah", "001"], [None, None, None], [None, "Bambang Sétiadi", "002"]],
    )

    table = read_table(content, "data.xlsx")

    assert table.frame.to_dict(as_series=False) == EXPECTED
    assert table.rows.to_list() == [2, 4]  # the empty row 3 is dropped, the rows keep their numbers


def test_a_file_that_is_not_a_table_is_refused():
    with pytest.raises(TableError):
        read_table(b"PK\x03\x04 not really a workbook", "data.xlsx")


def test_formula_triggers_get_an_apostrophe_and_other_text_does_not():
    frame = pl.DataFrame({"a": ["=1+1", "+62 812", "-", "@SUM(A1)", "Budi", None], "n": [1, 2, 3, 4, 5, 6]})

    cleaned = neutralise_formulas(frame)

    assert cleaned["a"].to_list() == ["'=1+1", "'+62 812", "'-", "'@SUM(A1)", "Budi", None]
    assert write_csv(frame).startswith(b"\xef\xbb\xbfa,n\n'=1+1,1\n")


ALIASES = {"nik": ("nik",), "name": ("nama", "nama art"), "no_kk": ("no kk", "nokk")}


def test_the_header_is_found_below_a_title_and_rows_keep_their_numbers_in_csv():
    content = (
        "DATA TERPADU KOTA PEKALONGAN PER APRIL 2022\r\n"  # a title without separators
        "\r\n"
        "NO;NIK;NAMA\r\n"
        "1;3375014107850012;Siti\r\n"
        ";;\r\n"  # an empty row as Excel writes it
        "2;3375014107850013;Budi\r\n"
    ).encode("cp1252")

    table = read_table(content, "judul.csv", aliases=ALIASES)

    assert (table.title, table.header_row, table.columns) == (
        "DATA TERPADU KOTA PEKALONGAN PER APRIL 2022",
        3,
        ["NO", "NIK", "NAMA"],
    )
    assert table.frame["NAMA"].to_list() == ["Siti", "Budi"]
    assert table.rows.to_list() == [4, 6]
    assert table.lines is None


def test_a_quoted_cell_over_two_lines_moves_the_text_lines_not_the_rows():
    content = b'NIK,NAMA,ALAMAT\n1,Siti,"Jl. Kurinci\nGg. 3"\n2,Budi,Jl. Slamet\n\n3,Ani,"Jl. ""Baru"""\n'

    table = read_table(content, "alamat.csv", aliases=ALIASES)

    assert table.frame["ALAMAT"].to_list() == ["Jl. Kurinci\nGg. 3", "Jl. Slamet", 'Jl. "Baru"']
    assert table.rows.to_list() == [2, 3, 5]
    assert table.lines.to_list() == [2, 4, 6]
    assert table.line_of() == {3: 4, 5: 6}


def test_a_workbook_with_a_merged_title_numbers_rows_from_the_sheet_and_reports_number_cells():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["B1"] = "DATA TERPADU KESEJAHTERAAN SOSIAL"
    sheet.merge_cells("B1:D1")
    sheet.append([])
    sheet.append([None, "NIK", "NAMA", "NO KK"])
    sheet.append([None, "'3375014107850012", "Siti", 3375010101220001])
    sheet.append([])
    sheet.append([None, 3375014107850010, "Budi", "3375010101220001"])
    buffer = io.BytesIO()
    book.save(buffer)

    table = read_table(
        buffer.getvalue(), "judul.xlsx", aliases=ALIASES, number_columns=lambda names: [n for n in names if "N" in n]
    )

    assert (table.title, table.header_row, table.columns) == (
        "DATA TERPADU KESEJAHTERAAN SOSIAL",
        3,
        ["NIK", "NAMA", "NO KK"],
    )
    assert table.rows.to_list() == [4, 6]
    assert table.number_cells["NIK"].to_list() == [False, True]
    assert table.number_cells["NO KK"].to_list() == [True, False]
    assert table.number_cells["NAMA"].to_list() == [False, False]


def test_without_a_known_header_the_widest_row_is_the_header_and_blank_or_repeated_names_are_told_apart():
    content = b"Laporan bulanan\nA,,A,B\n1,2,3,4\n"

    table = read_table(content, "lain.csv", aliases=ALIASES)

    assert table.header_row == 2 and table.title == "Laporan bulanan"
    assert table.columns == ["A", "Kolom B", "A (2)", "B"]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_bidirectional_controls_are_dropped_so_no_name_is_shown_reversed(kind):
    # "Siti" then RIGHT-TO-LEFT OVERRIDE: a list would show the rest of the cell backwards.
    spoofed = "Siti \u202eahmiR\u202c"
    rows = [["3375014107850012", spoofed, "\u2066001\u2069"]]
    content = (
        xlsx_bytes(["NIK", "Nama", "RT"], rows)
        if kind == "xlsx"
        else ("NIK,Nama,RT\n" + ",".join(rows[0]) + "\n").encode()
    )

    frame = read_table(content, f"data.{kind}").frame

    assert frame.row(0) == ("3375014107850012", "Siti ahmiR", "001")


def _zip_bomb() -> bytes:
    """A real workbook with one more part that unpacks 200 MB of zeros from a few hundred kilobytes."""
    buffer = io.BytesIO(xlsx_bytes(["NIK", "Nama"], [["3375014107850012", "Siti"]]))
    with (
        zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/padding.xml", "w") as part,
    ):
        for _ in range(200):
            part.write(bytes(1_000_000))
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    content = _zip_bomb()
    assert len(content) < 1_000_000

    with pytest.raises(TableError) as refused:
        read_table(content, "penerima.xlsx")

    assert "penerima.xlsx" in str(refused.value) and "CSV" in str(refused.value)


def test_a_real_workbook_is_not_mistaken_for_a_bomb():
    rows = [[f"33750141078500{i:02d}", f"Warga {i}"] for i in range(60)]

    assert read_table(xlsx_bytes(["NIK", "Nama"], rows), "data.xlsx").frame.height == 60
