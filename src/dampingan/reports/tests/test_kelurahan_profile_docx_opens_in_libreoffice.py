"""The kelurahan profile's DOCX opens in LibreOffice (converted headless to PDF), and its PDF draws pages."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from .conftest import JENGGOT, YEAR, newest
from .kelurahan_profile_support import generate_profile
from .office import copy_out, dark_pixels, docx_as_pdf, pdftoppm


@pytest.fixture
def report(dlh_2025, persona, immediate_tasks):
    return generate_profile(persona("mentor_dlh"), JENGGOT, YEAR)


def test_the_profile_docx_converts_to_pdf_in_libreoffice(report, tmp_path):
    reader = docx_as_pdf(newest(report, "docx").file, tmp_path, "profil")

    assert len(reader.pages) >= 2
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Jenggot" in text and "Pekalongan Selatan" in text
    assert "15.500.000" in text  # the interventions' planned total, as the DOCX wrote it
    assert "Bank sampah" in text.replace("\n", " ")


def test_the_profile_pdf_draws_pages_that_are_not_blank(report, tmp_path):
    pdftoppm()
    pdf = newest(report, "pdf")
    assert pdf is not None, "the PDF was not made (WeasyPrint's libraries: scripts/ensure-pdf-libs.sh)"
    path = copy_out(pdf.file, tmp_path / "profil.pdf")

    assert len(PdfReader(path).pages) >= 2
    for page in (1, 2):
        assert dark_pixels(path, page, tmp_path) > 500, f"page {page} is almost blank"
