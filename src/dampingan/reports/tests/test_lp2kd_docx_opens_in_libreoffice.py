"""The LP2KD's DOCX opens in LibreOffice: converted headless to PDF, it gives pages with its figures, and
its first page and a table page are drawn with ink (issue 8, "done when")."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from pypdf import PdfReader

from .conftest import YEAR, newest
from .lp2kd_support import generate_lp2kd
from .test_docx_opens_in_libreoffice import _soffice


def test_the_lp2kd_docx_converts_to_pdf_in_libreoffice(dlh_2025, demo_coordination, persona, immediate_tasks, tmp_path):
    soffice = _soffice()
    report = generate_lp2kd(persona("tkpk"), YEAR)
    source = tmp_path / "lp2kd.docx"
    with newest(report, "docx").file.open("rb") as handle:
        source.write_bytes(handle.read())

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

    reader = PdfReader(tmp_path / "lp2kd.pdf")
    assert len(reader.pages) >= 5
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Peraturan Presiden Nomor 15 Tahun 2010" in text
    assert "6,71 %" in text  # P0 2024, as the DOCX wrote it
    assert "15.500.000" in text  # the budget of the year

    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed: scripts/ensure-office.sh installs it")
    table_page = next(n for n, page in enumerate(reader.pages, start=1) if "Tabel" in page.extract_text() and n > 1)
    from PIL import Image

    for number in (1, table_page):
        subprocess.run(  # noqa: S603 - fixed arguments
            [
                pdftoppm,
                "-r",
                "40",
                "-png",
                "-f",
                str(number),
                "-l",
                str(number),
                "-singlefile",
                str(tmp_path / "lp2kd.pdf"),
                str(tmp_path / f"page{number}"),
            ],
            check=True,
            timeout=60,
        )
        image = Image.open(tmp_path / f"page{number}.png").convert("L")
        assert sum(image.histogram()[:128]) > 500, f"page {number} is almost blank"
