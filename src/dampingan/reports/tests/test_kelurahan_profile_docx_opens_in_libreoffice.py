"""The kelurahan profile's DOCX opens in LibreOffice (converted headless to PDF), and its PDF draws pages."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from pypdf import PdfReader

from .conftest import JENGGOT, YEAR, newest
from .kelurahan_profile_support import generate_profile
from .test_docx_opens_in_libreoffice import _soffice


@pytest.fixture
def report(dlh_2025, persona, immediate_tasks):  # type: ignore[no-untyped-def]
    return generate_profile(persona("mentor_dlh"), JENGGOT, YEAR)


def test_the_profile_docx_converts_to_pdf_in_libreoffice(report, tmp_path):
    soffice = _soffice()
    source = tmp_path / "profil.docx"
    with newest(report, "docx").file.open("rb") as handle:
        source.write_bytes(handle.read())

    # A profile of its own: LibreOffice refuses to start twice on one profile.
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        timeout=180,
        capture_output=True,
    )

    reader = PdfReader(tmp_path / "profil.pdf")
    assert len(reader.pages) >= 2
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Jenggot" in text and "Pekalongan Selatan" in text
    assert "15.500.000" in text  # the interventions' planned total, as the DOCX wrote it
    assert "Bank sampah" in text.replace("\n", " ")


def test_the_profile_pdf_draws_pages_that_are_not_blank(report, tmp_path):
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed: scripts/ensure-office.sh installs it")
    pdf = newest(report, "pdf")
    assert pdf is not None, "the PDF was not made (WeasyPrint's libraries: scripts/ensure-pdf-libs.sh)"
    with pdf.file.open("rb") as handle:
        (tmp_path / "profil.pdf").write_bytes(handle.read())

    subprocess.run(  # noqa: S603 - fixed arguments
        [pdftoppm, "-r", "40", "-png", "-f", "1", "-l", "2", str(tmp_path / "profil.pdf"), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )

    from PIL import Image

    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 2
    for page in pages:
        dark = sum(Image.open(page).convert("L").histogram()[:128])  # pixels darker than mid-grey
        assert dark > 500, f"{page.name} is almost blank"
