"""The LP2KD's DOCX opens in LibreOffice: converted headless to PDF, it gives pages with its figures, and
its first page and a table page are drawn with ink."""

from __future__ import annotations

from .conftest import YEAR, newest
from .lp2kd_support import generate_lp2kd
from .office import dark_pixels, docx_as_pdf, pdftoppm


def test_the_lp2kd_docx_converts_to_pdf_in_libreoffice(dlh_2025, demo_coordination, persona, immediate_tasks, tmp_path):
    report = generate_lp2kd(persona("tkpk"), YEAR)

    reader = docx_as_pdf(newest(report, "docx").file, tmp_path, "lp2kd")

    assert len(reader.pages) >= 5
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Peraturan Presiden Nomor 15 Tahun 2010" in text
    assert "6,71 %" in text  # P0 2024, as the DOCX wrote it
    assert "15.500.000" in text  # the budget of the year

    pdftoppm()
    table_page = next(n for n, page in enumerate(reader.pages, start=1) if "Tabel" in page.extract_text() and n > 1)
    for number in (1, table_page):
        assert dark_pixels(tmp_path / "lp2kd.pdf", number, tmp_path) > 500, f"page {number} is almost blank"
