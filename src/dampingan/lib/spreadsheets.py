"""Reading uploaded tables (CSV, XLSX, XLS) as text columns, and writing XLSX, with polars.

Every column is read as text: identifiers such as NIK lose digits when a spreadsheet treats them as
numbers, so type conversion is left to each import's validation step, which can say row and column.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import IO

import fastexcel
import numpy as np
import polars as pl
from django.utils.translation import gettext as _

from dampingan.lib import file_types
from dampingan.lib.bidi import BIDI_CONTROLS

SUPPORTED_SUFFIXES = (".csv", ".xlsx", ".xls")
CLEAN_BATCH = 8
# The header is looked for among the first rows: exports put a title, a date or a blank row above it.
HEADER_SEARCH_ROWS = 20
HEAD_BYTES = 256 * 1024
NEWLINE, QUOTE = 10, 34


@dataclass(frozen=True)
class CellError:
    """A problem in an uploaded table: ``row`` is the row as the file numbers it (``Table.rows``)."""

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


@dataclass
class Table:
    """An uploaded table as its users see it.

    ``frame`` holds the columns named by the header row, as trimmed text with blanks as null and empty rows
    dropped. ``rows`` is each frame row's own number in the file: the row Excel shows (for a CSV, the record
    as Excel shows it, counting blank lines), after title rows and empty rows. ``lines`` is set only for a
    CSV with a quoted cell that spans lines: the line each record starts on in a text editor. ``title`` is the
    text above the header (an export's "DATA TERPADU … PER APRIL 2022"). ``number_cells`` says, for the
    columns asked for, which cells a workbook stored as numbers (Excel has then rounded a long identifier).
    """

    frame: pl.DataFrame
    rows: pl.Series
    header_row: int
    title: str = ""
    lines: pl.Series | None = None
    number_cells: dict[str, pl.Series] = dataclasses.field(default_factory=dict)

    @property
    def columns(self) -> list[str]:
        return self.frame.columns

    @property
    def height(self) -> int:
        return self.frame.height

    def line_of(self) -> dict[int, int]:
        """row → text line, for the rows whose text line differs (a CSV with multi-line cells), else empty."""
        if self.lines is None:
            return {}
        pairs = pl.DataFrame({"row": self.rows, "line": self.lines}).filter(pl.col("row") != pl.col("line"))
        return dict(pairs.iter_rows())


Aliases = Mapping[str, Sequence[str]]
NumberColumns = Callable[[list[str]], Collection[str]]


def _header_score(cells: Sequence[str | None], keys: dict[str, str]) -> int:
    """How many distinct fields the cells of a candidate header row name."""
    return len({keys[k] for cell in cells if cell and (k := header_key(cell)) in keys})


def _find_header(candidates: list[list[str | None]], aliases: Aliases | None) -> tuple[int, int]:
    """The index of the header among the first rows, and how many known fields it names: the first row that
    names the most, or, when none names any, the first that fills at least half as many cells as the widest
    row (a title fills one, and a header may leave a cell blank that the data rows fill)."""
    if not candidates:
        return 0, 0
    keys = {header_key(name): field for field, names in (aliases or {}).items() for name in (field, *names)}
    scores = [_header_score(row, keys) for row in candidates]
    if max(scores) > 0:
        return scores.index(max(scores)), max(scores)
    filled = [sum(1 for cell in row if cell not in (None, "")) for row in candidates]
    enough = max(2, -(-max(filled) // 2))
    return next((index for index, count in enumerate(filled) if count >= enough), filled.index(max(filled))), 0


def _title(rows: list[list[str | None]]) -> str:
    parts = [" ".join(str(c).strip() for c in row if c is not None and str(c).strip()) for row in rows]
    return " — ".join(p for p in parts if p)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _header_names(cells: Sequence[str | None], first_column: int = 0) -> list[str]:
    """Header cells as column names: spaces and line breaks collapsed, a blank cell named by its column letter
    ("Kolom F"), a repeated name numbered ("NAMA (2)")."""
    names: list[str] = []
    for position, cell in enumerate(cells):
        name = re.sub(r"\s+", " ", str(cell)).strip() if cell is not None else ""
        name = name or _("Column %(letter)s") % {"letter": _column_letter(first_column + position)}
        base, count = name, 2
        while name in names:
            name, count = f"{base} ({count})", count + 1
        names.append(name)
    return names


def _sniff_csv(content: bytes, aliases: Aliases | None) -> tuple[str, int, list[list[str | None]]]:
    """Separator, index of the header record and the records up to it (the header last), read from the
    file's first records with the csv module (quotes respected). The separator is the one whose header names
    the most fields."""
    head = content[:HEAD_BYTES]
    encoding = "utf-8-sig" if _is_utf8(head) else "cp1252"
    text = head.decode(encoding, errors="replace")
    best: tuple[int, int, str, int, list[list[str | None]]] | None = None
    for separator in (";", ",", "\t"):
        records: list[list[str | None]] = []
        try:
            for record in csv.reader(io.StringIO(text), delimiter=separator):
                records.append([cell.strip() or None for cell in record])
                if len(records) > HEADER_SEARCH_ROWS:
                    break
        except csv.Error:
            continue
        candidates = records[:HEADER_SEARCH_ROWS]
        index, score = _find_header(candidates, aliases)
        rank = (score, len([c for c in candidates[index] if c]) if candidates else 0)
        if best is None or rank > best[:2]:
            best = (*rank, separator, index, candidates[: index + 1])
    assert best is not None
    return best[2], best[3], best[4]


def _is_utf8(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut by the sniffed byte limit is still UTF-8.
        return error.start >= len(head) - 3
    return True


def _record_lines(content: bytes, records: int) -> np.ndarray | None:
    """The text line each CSV record starts on, or None when every record is one line (the usual case,
    decided by counting line breaks, without the scan). A line break inside quotes continues its record:
    quotes come in pairs ("" is an escaped quote), so a break after an odd number of them is inside a cell."""
    breaks = content.count(b"\n")
    if breaks + (0 if content.endswith(b"\n") else 1) <= records:
        return None
    data = np.frombuffer(content, dtype=np.uint8)
    newlines = np.flatnonzero(data == NEWLINE)
    quotes = np.flatnonzero(data == QUOTE)
    inside = (np.searchsorted(quotes, newlines) % 2).astype(bool)
    ends = np.flatnonzero(~inside)  # the line (0-based) each record ends on
    return np.concatenate([[1], ends + 2])[:records]


def _read_csv(content: bytes, aliases: Aliases | None) -> Table:
    """CSV as text columns. The bytes go to polars as they are (a 200 MB file is not copied into a Python
    string first); only a file that is not valid UTF-8 is decoded, as Windows-1252."""
    separator, header_index, head = _sniff_csv(content, aliases)

    def read(source: io.BytesIO | io.StringIO) -> pl.DataFrame:
        return pl.read_csv(
            source,
            separator=separator,
            infer_schema=False,
            truncate_ragged_lines=True,
            raise_if_empty=False,
            skip_rows=header_index,
        )

    try:
        frame = read(io.BytesIO(content))
    except pl.exceptions.ComputeError:
        # Excel on Indonesian Windows saves "CSV" as Windows-1252.
        frame = read(io.StringIO(content.decode("cp1252", errors="replace")))
    if frame.columns and frame.columns[0].startswith("\ufeff"):
        frame = frame.rename({frame.columns[0]: frame.columns[0].removeprefix("\ufeff")})
    # polars names blank and repeated headers its own way; the header record as the csv module read it says
    # what the user sees.
    header = head[-1] if head and len(head[-1]) == frame.width else frame.columns
    frame.columns = _header_names(header)
    header_row = header_index + 1
    rows = pl.int_range(header_row + 1, header_row + 1 + frame.height, dtype=pl.Int64, eager=True)
    lines = _record_lines(content, header_row + frame.height)
    return Table(
        frame=frame,
        rows=rows.alias("row"),
        header_row=header_row,
        title=_title(head[:-1]),
        lines=None if lines is None else pl.Series("line", lines[header_row:], dtype=pl.Int64),
    )


# An .xlsx is a zip of XML. A real workbook unpacks to 5-20 times its size (a 200,000-row registry export: 12 times); a
# zip bomb to hundreds of times (4.75 MB grew the web process by 2.1 GB). Refused before the reader unpacks
# anything (lib/file_types.py holds the limits, shared with the attachments).
MAX_EXPANSION = file_types.MAX_EXPANSION
MAX_UNPACKED_BYTES = file_types.MAX_UNPACKED_BYTES
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old .xls (and a password-protected .xlsx)
CHECK_HEAD_BYTES = 4096
# A page of markup renamed .csv or .xls (an HTML "export", a saved web page, an SVG): no table reader's business.
_MARKUP = re.compile(rb"\s*<(!doctype|html|\?xml|svg|head|body|script|table|meta)\b", re.IGNORECASE)


def _bomb_error(filename: str, unpacked: int, packed: int) -> TableError:
    return TableError(
        _(
            "The file %(name)s unpacks to %(size)s MB, %(times)s times its own size: no spreadsheet of "
            "people does that. Save it again from Excel, or send it as CSV."
        )
        % {"name": filename, "size": f"{unpacked / 1_000_000:,.0f}", "times": f"{unpacked / max(packed, 1):,.0f}"}
    )


def _not_its_format(filename: str) -> TableError:
    return TableError(
        _("The file %(name)s cannot be read as a table: it is damaged or not in the format its name says.")
        % {"name": filename}
    )


def _refuse_a_zip_bomb(content: bytes, filename: str) -> None:
    """A TableError when the workbook would unpack to far more than a real one does (sizes from its index)."""
    unpacked = file_types.unpacked_size(io.BytesIO(content))
    if unpacked is not None and file_types.is_a_zip_bomb(unpacked, len(content)):
        raise _bomb_error(filename, unpacked, len(content))


def check_upload(upload: IO[bytes], filename: str) -> None:
    """Refuse, before any reader opens it, an uploaded table that no reader should see: an empty file, a name that
    is not .csv, .xlsx or .xls, content that is not what the name says (an HTML page or a PDF renamed .xls or .csv,
    a workbook that is not a zip or an old Excel file) and a zip bomb. Only the first bytes and the zip's index are
    read, so a 100 MB upload stays on disk. ``upload`` must be seekable; it is left at its start. Raises
    ``TableError`` with an Indonesian message naming the file."""
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if f".{suffix}" not in SUPPORTED_SUFFIXES:
        raise TableError(_("The file %(name)s is not a CSV, XLSX or XLS file.") % {"name": filename})
    upload.seek(0, io.SEEK_END)
    size = upload.tell()
    upload.seek(0)
    head = upload.read(CHECK_HEAD_BYTES)
    upload.seek(0)
    if size == 0 or (size <= len(head) and not head.strip()):
        raise TableError(_("%(file)s is empty.") % {"file": filename})
    if suffix in {"xlsx", "xls"}:
        if head.startswith(file_types.ZIP_SIGNATURE):
            unpacked = file_types.unpacked_size(upload)
            if unpacked is None:
                raise _not_its_format(filename)
            if file_types.is_a_zip_bomb(unpacked, size):
                raise _bomb_error(filename, unpacked, size)
        elif not head.startswith(OLE2_SIGNATURE):
            raise _not_its_format(filename)
        return
    binary = (
        b"\x00" in head
        or file_types.detect(head) is not None
        or head.startswith((file_types.ZIP_SIGNATURE, OLE2_SIGNATURE))
    )
    if binary or _MARKUP.match(head.removeprefix(b"\xef\xbb\xbf")):
        raise _not_its_format(filename)


def _read_workbook(content: bytes, aliases: Aliases | None, number_columns: NumberColumns | None) -> Table:
    """The first sheet, every cell as text, rows counted from the sheet's row 1 (``skip_rows=0`` keeps the
    empty rows above the data, which fastexcel would otherwise skip)."""
    reader = fastexcel.read_excel(content)
    sheet = reader.load_sheet(0, header_row=None, skip_rows=0, dtypes="string", whitespace_as_null=True)
    first_column = min((c.absolute_index for c in sheet.selected_columns), default=0)
    raw = sheet.to_polars()
    del sheet
    if raw.height == 0:
        return Table(frame=pl.DataFrame(), rows=pl.Series("row", [], dtype=pl.Int64), header_row=1)
    top = raw.head(HEADER_SEARCH_ROWS).rows()
    header_index = _find_header([list(r) for r in top], aliases)[0]
    names = _header_names(list(top[header_index]), first_column)
    frame = raw.slice(header_index + 1)
    frame.columns = names
    del raw
    header_row = header_index + 1
    rows = pl.int_range(header_row + 1, header_row + 1 + frame.height, dtype=pl.Int64, eager=True).alias("row")
    number_cells: dict[str, pl.Series] = {}
    wanted = [name for name in (number_columns(names) if number_columns else ()) if name in names]
    if wanted:
        # A numeric cell read as Boolean is true or false; a text cell is not a Boolean and comes back null.
        typed = reader.load_sheet(
            0,
            header_row=None,
            skip_rows=0,
            use_columns=[names.index(name) + first_column for name in wanted],
            dtypes="boolean",
        ).to_polars()
        for position, name in enumerate(wanted):
            number_cells[name] = typed.to_series(position).slice(header_index + 1).is_not_null().alias(name)
    return Table(
        frame=frame,
        rows=rows,
        header_row=header_row,
        title=_title([list(r) for r in top[:header_index]]),
        number_cells=number_cells,
    )


def read_table(
    content: bytes,
    filename: str,
    *,
    aliases: Aliases | None = None,
    number_columns: NumberColumns | None = None,
) -> Table:
    """The first sheet of ``content`` as a ``Table`` of text columns, blank cells as null.

    The header is the row among the first ``HEADER_SEARCH_ROWS`` that names the most fields of ``aliases``
    (field → accepted headers); rows above it are the title. ``number_columns`` picks, from the header's
    names, the columns whose numeric cells a workbook should report (identifiers).
    """
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if not content[:CHECK_HEAD_BYTES].strip() and not content.strip():
        raise TableError(_("%(file)s is empty.") % {"file": filename})
    try:
        if suffix == "csv":
            table = _read_csv(content, aliases)
        elif suffix in {"xlsx", "xls"}:
            _refuse_a_zip_bomb(content, filename)
            table = _read_workbook(content, aliases, number_columns)
        else:
            raise TableError(_("The file %(name)s is not a CSV, XLSX or XLS file.") % {"name": filename})
    except TableError:
        raise
    except Exception as exc:
        raise TableError(
            _("The file %(name)s cannot be read as a table: it is damaged or not in the format its name says.")
            % {"name": filename}
        ) from exc
    frame = _cleaned(table.frame)
    empty_rows = frame.select(pl.all_horizontal(pl.all().is_null())).to_series() if frame.width else None
    if empty_rows is not None and empty_rows.any():
        keep = ~empty_rows
        table.rows = table.rows.filter(keep)
        table.lines = table.lines.filter(keep) if table.lines is not None else None
        table.number_cells = {name: cells.filter(keep) for name, cells in table.number_cells.items()}
        frame = frame.filter(keep)
    table.frame = frame
    return table


def _cleaned(frame: pl.DataFrame) -> pl.DataFrame:
    """Trimmed text without bidirectional controls, blanks as null. Only the columns that have such a cell are
    rewritten (one scan finds them; an export usually has none or one), a few at a time: a million-row file is
    never held twice, and the columns of one batch are still cleaned in parallel."""
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    dirt = r"^\s|\s$|" + BIDI_CONTROLS
    padded = (
        frame.select((pl.col(c).str.contains(dirt) | (pl.col(c) == "")).any() for c in text).row(0, named=True)
        if text and frame.height
        else {}
    )
    dirty = [name for name in frame.columns if padded.get(name, True)]
    for first in range(0, len(dirty), CLEAN_BATCH):
        batch = dirty[first : first + CLEAN_BATCH]
        cells = [
            (name, pl.col(name).cast(pl.String).str.replace_all(BIDI_CONTROLS, "").str.strip_chars()) for name in batch
        ]
        frame = frame.with_columns(pl.when(cell == "").then(None).otherwise(cell).alias(name) for name, cell in cells)
    return frame


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
