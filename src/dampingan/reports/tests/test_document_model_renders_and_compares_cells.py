"""The document model: Indonesian display of typed cells, a JSON round trip without loss, and the cell by
cell comparison the difference view uses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from dampingan.reports import document as d
from dampingan.reports.compare import compare


def _doc(visits: int, amount: str) -> d.Document:
    return d.Document(
        kind="opd_mentoring",
        title="Uji",
        blocks=[
            d.Heading("Bab", 1),
            d.Table(
                key="t",
                caption="Tabel uji",
                header=[["Bulan", "Kunjungan", "Rupiah"]],
                rows=[d.Row([d.text("Januari"), d.integer(visits), d.money(Decimal(amount))])],
                total=d.Row([d.text("Jumlah"), d.integer(visits), d.money(Decimal(amount))]),
            ),
            d.Note("Tidak ada data."),
            d.PageBreak(),
        ],
    )


def test_cells_print_the_indonesian_way():
    with translation.override("id"):
        assert d.integer(1234567).display() == "1.234.567"
        assert d.money(Decimal("1500000.50")).display() == "1.500.000,50"
        assert d.money(Decimal("1500000.00")).display() == "1.500.000"
        assert d.percent(Decimal("7.59")).display() == "7,59 %"
        assert d.share(1, 3, 1).display() == "33,3 %"
        assert d.share(1, 0).display() == "—"
        assert d.date(dt.date(2025, 1, 5)).display() == "5 Januari 2025"


def test_a_document_survives_json_exactly():
    doc = _doc(3, "1234.56")

    again = d.Document.from_json(doc.to_json())

    assert again == doc
    assert again.table("t").rows[0].cells[2].value == Decimal("1234.56")


def test_a_row_must_have_one_cell_per_column():
    with pytest.raises(ValueError, match="columns"):
        d.Table(key="x", caption="x", header=[["a", "b"]], rows=[d.Row([d.text("only one")])])


def test_compare_lists_changed_cells_with_table_row_and_column():
    changes = compare(_doc(3, "100"), _doc(4, "100"))

    assert [(c.row, c.column, c.before, c.after) for c in changes] == [
        ("Januari", "Kunjungan", "3", "4"),
        ("Jumlah", "Kunjungan", "3", "4"),
    ]


def test_compare_lists_a_row_that_appeared():
    before = _doc(3, "100")
    after = d.Document(
        kind="opd_mentoring",
        title="Uji",
        blocks=[
            d.Table(
                key="t",
                caption="Tabel uji",
                header=[["Bulan", "Kunjungan", "Rupiah"]],
                rows=[*before.table("t").rows, d.Row([d.text("Februari"), d.integer(1), d.money(0)])],
                total=before.table("t").total,
            )
        ],
    )

    added = [c for c in compare(before, after) if c.row == "Februari"]

    assert [(c.column, c.before, c.after) for c in added] == [
        ("Bulan", "—", "Februari"),
        ("Kunjungan", "—", "1"),
        ("Rupiah", "—", "0"),
    ]
