"""Per-capita expenditure posted to ``/api/measures/fgt`` or uploaded on the FGT page, as JSON rows or a CSV/XLSX
table, read into the frame ``analytics.fgt.fgt`` takes, with every problem reported by row and column in
Indonesian, and measured. Nothing is stored.

Amounts (expenditure, line) are read as Rupiah the way Indonesians write them (``lib.money.parse_amount``:
"1.500.000", "502.031,50"); weights and household sizes are plain decimal numbers ("1,5" or "1.5").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import polars as pl
from django.core.cache import caches
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from dampingan.analytics.fgt import fgt
from dampingan.analytics.measure_input import MeasureInputError
from dampingan.lib.money import NEGATIVE, AmountError, format_number, parse_amount
from dampingan.lib.spreadsheets import CellError, Table, TableError, header_key, match_headers, read_table

MAX_ROWS = 100_000
MAX_FILE_BYTES = 20 * 1024 * 1024
KEEP_SECONDS = 15 * 60
MAX_ERRORS = 20
SCHEMA = {
    "expenditure": pl.Float64,
    "weight": pl.Float64,
    "size": pl.Float64,
    "line": pl.Float64,
    "group": pl.String,
}
HEADER_ALIASES = {
    "expenditure": ("pengeluaran", "pengeluaran per kapita", "pengeluaran_per_kapita", "expenditure per capita"),
    "weight": ("bobot", "penimbang", "weight"),
    "size": ("jumlah art", "jumlah anggota", "art", "household size"),
    "line": ("garis kemiskinan", "gk", "poverty line"),
    # The names a user gives the area column: a kelurahan's code or name, or any group.
    "group": (
        "kelompok",
        "kelurahan_code",
        "kode_kelurahan",
        "kode kelurahan",
        "kelurahan",
        "nama kelurahan",
        "kode_wilayah",
        "kode wilayah",
        "wilayah",
        "kode desa",
        "desa",
        "kecamatan",
        "area",
        "group",
    ),
}
AMOUNT_FIELDS = ("expenditure", "line")


class FgtInputError(ValueError):
    """The posted data cannot be measured; ``errors`` say where (at most ``MAX_ERRORS``)."""

    def __init__(self, errors: Sequence[CellError | str]) -> None:
        super().__init__("; ".join(map(str, errors)))
        self.errors = list(errors)

    def messages(self) -> list[str]:
        return [str(error) for error in self.errors]


def parse_number(text: str, field: str) -> float:
    """An amount (Rupiah) or a plain decimal number; raises ``ValueError`` with an Indonesian message."""
    if field in AMOUNT_FIELDS:
        try:
            return float(parse_amount(text, decimals=6))
        except AmountError as error:
            if error.code == NEGATIVE:
                raise ValueError(_("The value cannot be negative.")) from error
            raise ValueError(_("Not an amount: %(value)s.") % {"value": text}) from error
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation as error:
        raise ValueError(_("Not a number: %(value)s.") % {"value": text}) from error
    if not value.is_finite():
        raise ValueError(_("Not a number: %(value)s.") % {"value": text})
    if value < 0:
        raise ValueError(_("The value cannot be negative."))
    return float(value)


@dataclass
class FgtTable:
    """An uploaded table read for FGT: the frame, the header its groups came from (None: no group column),
    and the file's other columns, any of which the user may name as the group column instead."""

    frame: pl.DataFrame
    group_column: str | None
    other_columns: list[str] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)


def frame_from_table(content: bytes, filename: str, group_column: str = "") -> FgtTable:
    """The uploaded table's rows as the FGT frame, each problem named by the file's own row and column.

    ``group_column`` names the column to break the result down by; without it, a column whose header is one
    a user would give the area (``kelurahan``, ``kode_kelurahan``, ``kode_wilayah``, …) is used. A named
    column the file does not have is an error: never silently one group."""
    sheet = _read_sheet(content, filename)
    table = sheet.frame
    found = _found_columns(table.columns, group_column)
    if "expenditure" not in found:
        raise FgtInputError(
            [_("The file has no column of per-capita expenditure (a header “pengeluaran” or “expenditure”).")]
        )
    if table.height > MAX_ROWS:
        raise FgtInputError([_("At most %(max)s rows can be measured at once.") % {"max": format_number(MAX_ROWS)}])
    frame = pl.DataFrame(_cells(sheet.rows.to_list(), table, found), schema=SCHEMA).with_columns(
        *[pl.lit(1.0).alias(name) for name in ("weight", "size") if name not in found],
    )
    return FgtTable(
        frame=frame,
        rows=sheet.rows.to_list(),
        group_column=found.get("group"),
        other_columns=[h for h in table.columns if h not in found.values()],
    )


def _read_sheet(content: bytes, filename: str) -> Table:
    if len(content) > MAX_FILE_BYTES:
        raise FgtInputError([_("The file is larger than %(limit)s MB.") % {"limit": MAX_FILE_BYTES // (1024 * 1024)}])
    try:
        return read_table(content, filename, aliases=HEADER_ALIASES)
    except TableError as error:
        raise FgtInputError([str(error)]) from error


def _found_columns(headers: list[str], group_column: str) -> dict[str, str]:
    """The file's header of each field; the group's is the column named, or else one a user would give the area."""
    found, _unused = match_headers(headers, {k: v for k, v in HEADER_ALIASES.items() if k != "group"})
    if not group_column.strip():
        rest = [h for h in headers if h not in found.values()]
        found.update(match_headers(rest, {"group": HEADER_ALIASES["group"]})[0])
        return found
    chosen = {header_key(h): h for h in headers}.get(header_key(group_column))
    if chosen is None:
        raise FgtInputError(
            [
                _("The file has no column %(name)s to group by; its columns are: %(columns)s.")
                % {"name": group_column.strip(), "columns": ", ".join(headers)}
            ]
        )
    found["group"] = chosen
    return found


def _cells(row_numbers: list[int], table: pl.DataFrame, found: dict[str, str]) -> dict[str, list[object]]:
    """Each field's values, numbers read; up to ``MAX_ERRORS`` problems (a whole row's) are raised together."""
    errors: list[CellError] = []
    columns: dict[str, list[object]] = {name: [] for name in SCHEMA}
    for row_number, row in zip(row_numbers, table.iter_rows(named=True), strict=True):
        for name in SCHEMA:
            header = found.get(name)
            value, error = _cell(name, header, row.get(header) if header else None, row_number)
            if error is not None:
                errors.append(error)
            columns[name].append(value)
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        raise FgtInputError(errors)
    return columns


def _cell(name: str, header: str | None, text: str | None, row_number: int) -> tuple[object, CellError | None]:
    """A cell's value (a number but for the group) and its problem: unreadable, or a weight or size left blank.
    A blank expenditure is a missing value the measure counts."""
    if name != "group" and text is not None:
        try:
            return parse_number(text, name), None
        except ValueError as error:
            return text, CellError(str(error), row=row_number, column=header)
    if name in ("weight", "size") and header:
        return text, CellError(_("The value is missing."), row=row_number, column=header)
    return text, None


def frame_from_rows(rows: Sequence[dict[str, object]]) -> pl.DataFrame:
    """JSON rows (``expenditure``, and optionally ``weight``, ``size``, ``line``, ``group``) as the FGT frame."""
    if len(rows) > MAX_ROWS:
        raise FgtInputError([_("At most %(max)s rows can be measured at once.") % {"max": format_number(MAX_ROWS)}])
    return pl.DataFrame(
        {
            "expenditure": [row.get("expenditure") for row in rows],
            "weight": [1.0 if row.get("weight") is None else row.get("weight") for row in rows],
            "size": [1.0 if row.get("size") is None else row.get("size") for row in rows],
            "line": [row.get("line") for row in rows],
            "group": [row.get("group") for row in rows],
        },
        schema=SCHEMA,
    )


def explain(error: MeasureInputError, row_numbers: Sequence[int]) -> FgtInputError:
    """A refusal of ``analytics.fgt`` in Indonesian; ``row_numbers`` are the rows as the user numbers them."""
    rows = ", ".join(str(row_numbers[row]) for row in error.rows)
    column = error.column
    messages = {
        "negative": _("The value is negative."),
        "null": _("The value is missing."),
        "not_positive": _("The poverty line must be above zero."),
        "not_a_number": _("Not a number."),
        "missing_column": _("The column is missing."),
    }
    message = messages.get(error.problem, str(error))
    if rows:
        where = {"column": column, "rows": rows, "message": message}
        return FgtInputError([_("Column %(column)s, row(s) %(rows)s: %(message)s") % where])
    return FgtInputError([_("Column %(column)s: %(message)s") % {"column": column, "message": message}])


def measure(frame: pl.DataFrame, line: float | None, row_numbers: Sequence[int]) -> dict[str, object]:
    """P0, P1, P2 over all rows and per group (analytics.fgt). Refusals come back as ``FgtInputError`` naming
    the rows by ``row_numbers`` (the file's own, or 1, 2, … for posted rows); a missing poverty line as
    ``MissingLine``."""
    if line is None and frame["line"].null_count() == frame.height and frame.height:
        raise MissingLine(_("Give a poverty line, for all rows or in a column for each row."))
    if line is not None:
        frame = frame.with_columns(frame["line"].fill_null(line))
    elif not frame.height:
        frame = frame.with_columns(frame["line"].fill_null(1.0))  # nothing to measure: any line will do
    try:
        total = fgt(frame, "line", weight="weight", size="size").row(0, named=True)
        groups = fgt(frame.filter(frame["group"].is_not_null()), "line", weight="weight", size="size", by=["group"])
    except MeasureInputError as error:
        raise explain(error, row_numbers) from error
    return {"total": {**total, "group": None}, "groups": list(groups.iter_rows(named=True))}


class MissingLine(ValueError):
    """No poverty line was given, for all rows or per row."""


def keep_table(content: bytes, file_name: str) -> str:
    """Keep an uploaded table for ``KEEP_SECONDS`` (the shared file cache, so any web process finds it);
    returns the token that fetches it back."""
    token = get_random_string(32)
    caches["uploads"].set(f"fgt-{token}", (content, file_name), KEEP_SECONDS)
    return token


def kept_table(token: str) -> tuple[bytes, str] | None:
    return caches["uploads"].get(f"fgt-{token}") if token.isalnum() else None
