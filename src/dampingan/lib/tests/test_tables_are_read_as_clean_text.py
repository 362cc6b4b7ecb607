"""Uploaded tables come back as trimmed text columns whatever the separator, encoding or spreadsheet."""

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
    frame = read_table(content, "data.csv")

    assert frame.to_dict(as_series=False) == EXPECTED, label


def test_xlsx_keeps_identifiers_as_text_and_drops_empty_rows():
    content = xlsx_bytes(
        ["NIK", "Nama", "RT"],
        [["3375014107850012", " Siti Ma'rufah", "001"], [None, None, None], [None, "Bambang Sétiadi", "002"]],
    )

    assert read_table(content, "data.xlsx").to_dict(as_series=False) == EXPECTED


def test_a_file_that_is_not_a_table_is_refused():
    with pytest.raises(TableError):
        read_table(b"PK\x03\x04 not really a workbook", "data.xlsx")


def test_formula_triggers_get_an_apostrophe_and_other_text_does_not():
    frame = pl.DataFrame({"a": ["=1+1", "+62 812", "-", "@SUM(A1)", "Budi", None], "n": [1, 2, 3, 4, 5, 6]})

    cleaned = neutralise_formulas(frame)

    assert cleaned["a"].to_list() == ["'=1+1", "'+62 812", "'-", "'@SUM(A1)", "Budi", None]
    assert write_csv(frame).startswith(b"\xef\xbb\xbfa,n\n'=1+1,1\n")
