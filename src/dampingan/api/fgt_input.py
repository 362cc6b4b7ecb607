"""Per-capita expenditure posted to ``/api/measures/fgt``, as JSON rows or a CSV/XLSX table, read into the frame
``analytics.fgt.fgt`` takes, with every problem reported by row and column in Indonesian. Nothing is stored.

Amounts (expenditure, line) are read as Rupiah the way Indonesians write them (``lib.money.parse_amount``:
"1.500.000", "502.031,50"); weights and household sizes are plain decimal numbers ("1,5" or "1.5").
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

import polars as pl
from django.utils.translation import gettext as _

from dampingan.analytics.measure_input import MeasureInputError
from dampingan.lib.money import NEGATIVE, AmountError, format_number, parse_amount
from dampingan.lib.spreadsheets import CellError, TableError, match_headers, read_table

MAX_ROWS = 100_000
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
    "group": ("kelompok", "wilayah", "kelurahan", "kecamatan", "area"),
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


def frame_from_table(content: bytes, filename: str) -> pl.DataFrame:
    """The uploaded table's rows as the FGT frame; rows are numbered as a spreadsheet shows them (header = 1)."""
    try:
        table = read_table(content, filename)
    except TableError as error:
        raise FgtInputError([str(error)]) from error
    found, _unused = match_headers(table.columns, HEADER_ALIASES)
    if "expenditure" not in found:
        raise FgtInputError(
            [_("The file has no column of per-capita expenditure (a header “pengeluaran” or “expenditure”).")]
        )
    if table.height > MAX_ROWS:
        raise FgtInputError([_("At most %(max)s rows can be measured at once.") % {"max": format_number(MAX_ROWS)}])
    errors: list[CellError] = []
    columns: dict[str, list[object]] = {name: [] for name in SCHEMA}
    for index, row in enumerate(table.iter_rows(named=True)):
        for field in SCHEMA:
            header = found.get(field)
            text = row.get(header) if header else None
            value: object = text
            if field != "group" and text is not None:
                try:
                    value = parse_number(text, field)
                except ValueError as error:
                    errors.append(CellError(str(error), row=index + 2, column=header))
            elif field in ("weight", "size") and header:
                # A blank expenditure is a missing value the measure counts; a blank weight is an error.
                errors.append(CellError(_("The value is missing."), row=index + 2, column=header))
            columns[field].append(value)
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        raise FgtInputError(errors)
    frame = pl.DataFrame(columns, schema=SCHEMA)
    return frame.with_columns(
        *[pl.lit(1.0).alias(name) for name in ("weight", "size") if name not in found],
    )


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


def explain(error: MeasureInputError, *, first_row: int) -> FgtInputError:
    """A refusal of ``analytics.fgt`` in Indonesian, rows numbered from ``first_row``."""
    rows = ", ".join(str(row + first_row) for row in error.rows)
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
