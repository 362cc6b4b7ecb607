"""The difference between two versions of a report: the frozen (approved) figures and a fresh build from
today's records. Tables are matched by key, rows by their key (the first cell unless the builder named
one), cells by column; every changed, added or removed cell is listed with where it sits."""

from __future__ import annotations

from dataclasses import dataclass

from .document import BLANK, Document, Row, Table


@dataclass(frozen=True)
class CellChange:
    table_key: str
    table: str  # the caption
    row: str
    column: str
    before: str  # as printed; "—" for a row or table that did not exist
    after: str


def _rows(table: Table) -> dict[str, Row]:
    rows = {row.label: row for row in table.rows}
    if table.total is not None:
        rows[f"__total__:{table.total.label}"] = table.total
    return rows


def _row_label(key: str) -> str:
    return key.removeprefix("__total__:")


def compare(before: Document, after: Document) -> list[CellChange]:
    """Every cell whose printed value differs between ``before`` and ``after``, in the order of ``after``
    (then what ``before`` had that ``after`` lost)."""
    changes: list[CellChange] = []
    old_tables = {t.key: t for t in before.tables()}
    new_keys = set()
    for table in after.tables():
        new_keys.add(table.key)
        old = old_tables.get(table.key)
        changes += _compare_table(old, table)
    for key, old in old_tables.items():
        if key not in new_keys:
            changes += _compare_table(old, None)
    return changes


def _compare_table(old: Table | None, new: Table | None) -> list[CellChange]:
    shown = new or old
    assert shown is not None
    columns = shown.columns
    old_rows = _rows(old) if old else {}
    new_rows = _rows(new) if new else {}
    changes = []
    for key in [*new_rows, *(k for k in old_rows if k not in new_rows)]:
        old_row, new_row = old_rows.get(key), new_rows.get(key)
        width = max(len(old_row.cells) if old_row else 0, len(new_row.cells) if new_row else 0)
        for index in range(width):
            was = old_row.cells[index].display() if old_row and index < len(old_row.cells) else BLANK
            now = new_row.cells[index].display() if new_row and index < len(new_row.cells) else BLANK
            if was != now:
                column = columns[index] if index < len(columns) else str(index + 1)
                changes.append(CellChange(shown.key, shown.caption, _row_label(key), column, was, now))
    return changes
