"""The DOCX opens in LibreOffice: converted headless to PDF, it gives pages (issue 8, "done when")."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from .conftest import generate, newest


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("DAMPINGAN_REQUIRE_BROWSER") == "1":
            pytest.fail("LibreOffice is required (scripts/ensure-office.sh installs libreoffice-writer-nogui)")
        pytest.skip("LibreOffice is not installed: scripts/ensure-office.sh installs libreoffice-writer-nogui")
    return found


def test_the_generated_docx_converts_to_pdf_in_libreoffice(dlh_2025, persona, immediate_tasks, tmp_path):
    soffice = _soffice()
    report = generate(persona("mentor_dlh"), dlh_2025.opd)
    docx = newest(report, "docx")
    source = tmp_path / "laporan.docx"
    with docx.file.open("rb") as handle:
        source.write_bytes(handle.read())

    # A profile of its own: LibreOffice refuses to start twice on one profile (tests may run beside a desktop).
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

    reader = PdfReader(tmp_path / "laporan.pdf")
    assert len(reader.pages) >= 2
    text = "".join(page.extract_text() for page in reader.pages)
    assert "DLH" in text and "Jenggot" in text
    assert "15.500.000" in text  # the budget total, as the DOCX wrote it
