"""Real .xlsx files for tests, written with openpyxl (a different library from the one that reads them)."""

import io
from collections.abc import Sequence

import openpyxl


def xlsx_bytes(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
