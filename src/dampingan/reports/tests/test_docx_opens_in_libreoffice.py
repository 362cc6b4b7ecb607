"""The DOCX opens in LibreOffice: converted headless to PDF, it gives pages."""

from __future__ import annotations

from .conftest import generate, newest
from .office import docx_as_pdf


def test_the_generated_docx_converts_to_pdf_in_libreoffice(dlh_2025, persona, immediate_tasks, tmp_path):
    report = generate(persona("mentor_dlh"), dlh_2025.opd)

    reader = docx_as_pdf(newest(report, "docx").file, tmp_path, "laporan")

    assert len(reader.pages) >= 2
    text = "".join(page.extract_text() for page in reader.pages)
    assert "DLH" in text and "Jenggot" in text
    assert "15.500.000" in text  # the budget total, as the DOCX wrote it
