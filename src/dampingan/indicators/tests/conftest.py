"""Fixtures of the indicator tests: spreadsheets written as people write them (openpyxl, CSV)."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pytest

HEADERS = ["kode wilayah", "tahun", "indikator", "jenis", "nilai", "sumber", "catatan"]
BPS_2021 = "BPS Kota Pekalongan, Susenas Maret 2021"


def xlsx_bytes(rows: Sequence[Sequence[object]], headers: Sequence[str] = HEADERS) -> bytes:
    """A real .xlsx written by openpyxl; numbers stay numbers, as a spreadsheet program keeps them."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Sequence[Sequence[object]], headers: Sequence[str] = HEADERS, separator: str = ";") -> bytes:
    """A CSV as Excel on Indonesian Windows saves it: semicolons, decimal commas."""
    lines = [separator.join(headers)] + [separator.join("" if c is None else str(c) for c in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture
def tkpk(persona):
    return persona("tkpk")
