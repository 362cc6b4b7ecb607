"""LibreOffice and poppler for the tests that open the generated files as a reader would."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db.models.fields.files import FieldFile
from pypdf import PdfReader


def _tool(names: tuple[str, ...], what: str, package: str) -> str:
    found = next((path for name in names if (path := shutil.which(name))), None)
    if found is None:
        message = f"{what} is not installed: scripts/ensure-office.sh installs {package}"
        if os.environ.get("DAMPINGAN_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return found


def soffice() -> str:
    return _tool(("soffice", "libreoffice"), "LibreOffice", "libreoffice-writer-nogui")


def pdftoppm() -> str:
    return _tool(("pdftoppm",), "pdftoppm", "poppler-utils")


def copy_out(stored: FieldFile, path: Path) -> Path:
    with stored.open("rb") as handle:
        path.write_bytes(handle.read())
    return path


def docx_as_pdf(stored: FieldFile, tmp_path: Path, name: str) -> PdfReader:
    """The stored DOCX converted by headless LibreOffice; its PDF is ``tmp_path / f"{name}.pdf"``."""
    source = copy_out(stored, tmp_path / f"{name}.docx")
    # A profile of its own: LibreOffice refuses to start twice on one profile (tests may run beside a desktop).
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            soffice(),
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
    return PdfReader(tmp_path / f"{name}.pdf")


def dark_pixels(pdf: Path, page: int, tmp_path: Path) -> int:
    """Pixels darker than mid-grey on ``page`` of ``pdf``, drawn at 40 dpi."""
    from PIL import Image

    image = tmp_path / f"page{page}"
    subprocess.run(  # noqa: S603 - fixed arguments
        [pdftoppm(), "-r", "40", "-png", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(image)],
        check=True,
        timeout=60,
    )
    return sum(Image.open(image.with_suffix(".png")).convert("L").histogram()[:128])
