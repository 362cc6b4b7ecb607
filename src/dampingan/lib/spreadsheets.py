"""Reading uploaded tables (CSV, XLSX, XLS) as text columns, and writing XLSX, with polars.

Every column is read as text: identifiers such as NIK lose digits when a spreadsheet treats them as
numbers, so type conversion is left to each import's validation step, which can say row and column.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import fastexcel
import polars as pl
from django.utils.translation import gettext as _

SUPPORTED_SUFFIXES = (".csv", ".xlsx", ".xls")
CLEAN_BATCH = 8


@dataclass(frozen=True)
class CellError:
    """A problem in an uploaded table: ``row`` is the spreadsheet row number (header = row 1)."""

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("column %(column)s") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}" if where else self.message


class TableError(ValueError):
    """The file cannot be read as a table at all (wrong type, damaged, empty)."""


def _read_csv(content: bytes) -> pl.DataFrame:
    """CSV as text columns. The bytes go to polars as they are (a 200 MB file is not copied into a Python
    string first); only a file that is not valid UTF-8 is decoded, as Windows-1252."""
    first_line = content[: content.find(b"\n")] if b"\n" in content[:65536] else content[:65536]
    separator = ";" if first_line.count(b";") > first_line.count(b",") else ","
    options = {"separator": separator, "infer_schema": False, "truncate_ragged_lines": True, "raise_if_empty": False}
    try:
        frame = pl.read_csv(io.BytesIO(content), encoding="utf8", **options)
    except pl.exceptions.ComputeError:
        # Excel on Indonesian Windows saves "CSV" as Windows-1252.
        frame = pl.read_csv(io.StringIO(content.decode("cp1252", errors="replace")), **options)
    if frame.columns and frame.columns[0].startswith("\ufeff"):
        frame = frame.rename({frame.columns[0]: frame.columns[0].removeprefix("\ufeff")})
    return frame


def read_table(content: bytes, filename: str) -> pl.DataFrame:
    """The first sheet of ``content`` as a frame of text columns, blank cells as null."""
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    try:
        if suffix == "csv":
            frame = _read_csv(content)
        elif suffix in {"xlsx", "xls"}:
            sheet = fastexcel.read_excel(content).load_sheet(0, dtypes="string", whitespace_as_null=True)
            frame = sheet.to_polars()
        else:
            raise TableError(_("The file %(name)s is not a CSV, XLSX or XLS file.") % {"name": filename})
    except TableError:
        raise
    except Exception as exc:
        raise TableError(
            _("The file %(name)s cannot be read as a table: it is damaged or not in the format its name says.")
            % {"name": filename}
        ) from exc
    # Trimmed text, blanks as null. Only the columns that have such a cell are rewritten (one scan finds
    # them; an export usually has none or one), a few at a time: a million-row file is never held twice,
    # and the columns of one batch are still cleaned in parallel.
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    padded = (
        frame.select((pl.col(c).str.contains(r"^\s|\s$") | (pl.col(c) == "")).any() for c in text).row(0, named=True)
        if text
        else {}
    )
    dirty = [name for name in frame.columns if padded.get(name, True)]
    for first in range(0, len(dirty), CLEAN_BATCH):
        batch = dirty[first : first + CLEAN_BATCH]
        cells = [(name, pl.col(name).cast(pl.String).str.strip_chars()) for name in batch]
        frame = frame.with_columns(pl.when(cell == "").then(None).otherwise(cell).alias(name) for name, cell in cells)
    empty_rows = frame.select(pl.all_horizontal(pl.all().is_null())).to_series()
    return frame.filter(~empty_rows) if empty_rows.any() else frame


def header_key(header: str) -> str:
    """Headers match ignoring case, spaces, dots, dashes and underscores: ``No. KK`` = ``NO_KK`` = ``nokk``."""
    return re.sub(r"[\s._\-/]+", "", header).casefold()


def match_headers(headers: Sequence[str], aliases: Mapping[str, Sequence[str]]) -> tuple[dict[str, str], list[str]]:
    """Map each field to the uploaded header that names it. Returns (field → header, unmatched headers)."""
    by_key = {header_key(h): h for h in headers}
    found: dict[str, str] = {}
    for field, names in aliases.items():
        for name in (field, *names):
            if (header := by_key.get(header_key(name))) is not None:
                found[field] = header
                break
    used = set(found.values())
    return found, [h for h in headers if h not in used]


def write_xlsx(sheets: Mapping[str, pl.DataFrame]) -> bytes:
    """An .xlsx file with one sheet per frame, header row bold and frozen, columns sized to fit."""
    buffer = io.BytesIO()
    import xlsxwriter

    # strings_to_formulas off: a cell "=HYPERLINK(...)" from an uploaded file must stay text (formula injection).
    with xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False}) as workbook:
        for name, frame in sheets.items():
            frame.write_excel(
                workbook,
                worksheet=name[:31],
                header_format={"bold": True},
                autofit=True,
                freeze_panes=(1, 0),
                table_style=None,
            )
    return buffer.getvalue()


# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection, OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """Text cells that a spreadsheet would run as a formula get a leading apostrophe, which shows them as text."""
    pattern = "^[" + re.escape("".join(FORMULA_TRIGGERS)) + "]"
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(pattern)).then("'" + pl.col(name)).otherwise(pl.col(name)).alias(name)
        for name, dtype in frame.schema.items()
        if dtype == pl.String
    )


def write_csv(frame: pl.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Excel reads the accents) and formulas neutralised."""
    return b"\xef\xbb\xbf" + neutralise_formulas(frame).write_csv().encode("utf-8")
