"""A ``Document`` as a workbook (xlsxwriter): a cover sheet with the parameters and the list of tables, then
one sheet per table whose numbers are real numbers with number formats (a spreadsheet in an Indonesian
locale shows them as 1.234.567 and 7,59 %; the file itself stores plain numbers)."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence

import xlsxwriter
from django.utils.translation import gettext as _
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from .document import Cell, Document, Heading, Note, Table

_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def sheet_name(number: int, caption: str) -> str:
    """ "T3 Kunjungan per bulan": numbered (unique) and at most 31 characters, as Excel requires."""
    return _SHEET_UNSAFE.sub(" ", f"T{number} {caption}")[:31].rstrip()


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.bold = book.add_format({"bold": True})
        self.italic = book.add_format({"italic": True, "font_color": "#555555"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.header = book.add_format({"bold": True, "bg_color": "#D9D9D9", "border": 1, "text_wrap": True})
        self.formats: dict[tuple[str, bool], Format] = {}
        self.book = book

    def cell(self, kind: str, *, total: bool = False, whole: bool = True) -> Format:
        key = (f"{kind}:{'int' if whole else 'dec'}", total)
        if key not in self.formats:
            spec: dict[str, object] = {"border": 1, "valign": "top"}
            if kind == "integer" or (kind in ("money", "number") and whole):
                spec["num_format"] = "#,##0"
            elif kind in ("money", "number"):
                spec["num_format"] = "#,##0.00"
            elif kind == "percent":
                spec["num_format"] = "0.00%"
            elif kind == "date":
                spec["num_format"] = "dd/mm/yyyy"
            else:
                spec["text_wrap"] = True
            if total:
                spec["bold"] = True
            self.formats[key] = self.book.add_format(spec)
        return self.formats[key]


def render_xlsx(document: Document, *, status: Sequence[str] = ()) -> bytes:
    buffer = io.BytesIO()
    # strings_to_formulas off: a name or note someone typed as "=HYPERLINK(...)" must stay text (formula injection).
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    formats = _Formats(book)
    numbers = document.numbered_tables()
    cover = book.add_worksheet(_("Cover"))
    names = {t.key: sheet_name(numbers[t.key], t.caption) for t in document.tables()}
    _cover(cover, document, status, names, formats)
    for table in document.tables():
        _sheet(book.add_worksheet(names[table.key]), table, numbers[table.key], formats)
    book.close()
    return buffer.getvalue()


def _cover(
    sheet: Worksheet, document: Document, status: Sequence[str], names: dict[str, str], formats: _Formats
) -> None:
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 70)
    sheet.write(0, 0, document.title, formats.title)
    row = 1
    if document.subtitle:
        sheet.write(row, 0, document.subtitle, formats.bold)
        row += 1
    row += 1
    for label, value in document.parameters:
        sheet.write(row, 0, label, formats.bold)
        sheet.write(row, 1, value)
        row += 1
    for line in status:
        sheet.write(row, 0, line, formats.bold)
        row += 1
    row += 1
    sheet.write(row, 0, _("Tables"), formats.bold)
    row += 1
    heading = ""
    for block in document.blocks:
        # The chapter each table sits in, so the list reads like the document's table of contents.
        if isinstance(block, Heading) and block.level == 1:
            heading = block.text
        elif isinstance(block, Table):
            sheet.write_url(row, 0, f"internal:'{names[block.key]}'!A1", string=names[block.key])
            sheet.write(row, 1, f"{heading} — {block.caption}" if heading else block.caption)
            row += 1
        elif isinstance(block, Note):
            sheet.write(row, 1, block.text, formats.italic)
            row += 1


def _value(cell: Cell) -> float | int | str | dt.datetime | None:
    value = cell.value
    if value is None or value == "":
        return None
    if cell.kind == "percent":
        return float(cell.number() / 100)
    if cell.kind in ("money", "number"):
        return float(cell.number())
    if cell.kind == "integer":
        return int(cell.number())
    if cell.kind == "date":
        return dt.datetime.combine(cell.day(), dt.time())
    return str(value)


def _sheet(sheet: Worksheet, table: Table, number: int, formats: _Formats) -> None:
    sheet.write(0, 0, f"{_('Table')} {number}. {table.caption}", formats.bold)
    kinds = table.column_kinds()
    _column_widths(sheet, table, kinds)
    row = 2
    for labels in table.header:
        for c, label in enumerate(labels):
            sheet.write(row, c, label, formats.header)
        row += 1
    sheet.freeze_panes(row, 0)
    for source, is_total in [(r, False) for r in table.rows] + ([(table.total, True)] if table.total else []):
        for c, cell in enumerate(source.cells):
            _write_cell(sheet, row, c, cell, kinds, is_total, formats)
        row += 1
    if not table.rows and table.empty_note:
        sheet.write(row, 0, table.empty_note, formats.italic)
        row += 1
    if table.source:
        sheet.write(row + 1, 0, table.source, formats.italic)


def _column_widths(sheet: Worksheet, table: Table, kinds: list[str]) -> None:
    """Each column as wide as its widest header line, within bounds; text columns a little wider."""
    for c, kind in enumerate(kinds):
        widest = max([len(h[c]) for h in table.header if c < len(h)] + [8])
        sheet.set_column(c, c, min(max(widest + 2, 14 if kind != "text" else 18), 60))


def _write_cell(
    sheet: Worksheet, row: int, column: int, cell: Cell, kinds: list[str], total: bool, formats: _Formats
) -> None:
    """The cell as the type Excel computes with (number, date, text, blank); an empty cell takes the format of
    its column's kind (``kinds``), a fraction keeps its decimals."""
    value = _value(cell)
    whole = not (isinstance(value, float) and cell.kind != "percent" and value != int(value))
    fmt = formats.cell(cell.kind if cell.value not in (None, "") else kinds[column], total=total, whole=whole)
    if value is None:
        sheet.write_blank(row, column, None, fmt)
    elif isinstance(value, dt.datetime):
        sheet.write_datetime(row, column, value, fmt)
    elif isinstance(value, int | float):
        sheet.write_number(row, column, value, fmt)
    else:
        sheet.write_string(row, column, value, fmt)
