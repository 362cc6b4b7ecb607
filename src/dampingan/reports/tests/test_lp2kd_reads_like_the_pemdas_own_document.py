"""The LP2KD reads like the pemda's own document: a cover with the TKPK's kop, a foreword signed by the
chair with name and NIP, a table of contents whose page numbers are right, numbered chapters, every table numbered
and sourced, one number format, no place name hyphenated across lines, no empty page, and a split table's total
printed once. Checked on the PDF the report job writes, page by page, as text and as images."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from dampingan.coordination.models import TkpkMember, TkpkPosition
from dampingan.interventions.models import FundingSource
from dampingan.regions.models import Region
from dampingan.reports.document import Document

from .conftest import YEAR, newest
from .lp2kd_support import generate_lp2kd
from .office import copy_out, pdftoppm

CHAIR_NIP = "197003152000031004"  # a well-formed NIP, for a chair who is a civil servant


@pytest.fixture
def lp2kd(dlh_2025, demo_coordination, persona, immediate_tasks, tmp_path):
    TkpkMember.objects.filter(position=TkpkPosition.KETUA).update(nip=CHAIR_NIP)
    report = generate_lp2kd(persona("tkpk"), YEAR)
    pdf = copy_out(newest(report, "pdf").file, tmp_path / "lp2kd.pdf")
    return Document.from_json(report.content), pdf, [page.extract_text() for page in PdfReader(pdf).pages]


def test_cover_foreword_and_contents_open_the_report_as_a_pemda_submits_it(lp2kd):
    document, _pdf, pages = lp2kd
    cover, foreword = (" ".join(page.split()) for page in pages[:2])

    for line in (
        "PEMERINTAH KOTA PEKALONGAN",
        "TIM KOORDINASI PENANGGULANGAN KEMISKINAN",
        "LAPORAN PELAKSANAAN PENANGGULANGAN KEMISKINAN DAERAH",
        f"TAHUN {YEAR}",
    ):
        assert line in cover
    assert "Halaman" not in cover  # the cover has no page number
    assert "KATA PENGANTAR" in foreword.upper()
    assert "Ketua TKPK Kota Pekalongan" in foreword and "Balgis Diab" in foreword
    assert re.search(rf"NIP\s*\.\s*{CHAIR_NIP}", foreword)
    # Numbered chapters, each listed in the contents with the page it starts on.
    chapters = [text for _n, level, text in document.contents() if level == 1]
    assert [c.split(".")[0] for c in chapters if re.match(r"^[IVX]+\. ", c)] == [
        "I",
        "II",
        "III",
        "IV",
        "V",
        "VI",
        "VII",
        "VIII",
    ]
    contents = next(n for n, text in enumerate(pages) if "DAFTAR ISI" in text.upper())
    for chapter in chapters:
        listed = re.search(re.escape(chapter) + r"[ .]*?(\d+)\s*$", pages[contents], flags=re.M)
        assert listed, chapter
        assert chapter in pages[int(listed.group(1)) - 1].splitlines()[:3], (chapter, listed.group(1))


def test_tables_are_numbered_and_sourced_with_one_number_format(lp2kd):
    document, _pdf, pages = lp2kd
    text = "\n".join(pages)

    assert all(table.source for table in document.tables()), [t.key for t in document.tables() if not t.source]
    flat = " ".join(text.split())
    for number, table in enumerate(document.tables(), start=1):
        assert f"Tabel {number}. {table.caption[:30]}" in flat
    # "7,00 %" beside "7,59 %", never "7 %" (a percentage prints the decimals it was rounded to).
    assert not re.findall(r"(?<![\d,.])\d+ %", text)
    lines = {line.strip() for line in text.splitlines()}
    assert not lines & {source.value for source in FundingSource}  # no stray "csr" under a table
    # A table split over pages prints its total once, at its end (not at the foot of every page).
    totals = [t.total.cells[0].display() for t in document.tables() if t.total is not None]
    assert flat.count("Jumlah kota") == totals.count("Jumlah kota")


def test_no_place_name_is_hyphenated_and_no_page_is_empty(lp2kd, tmp_path: Path):
    from PIL import Image

    _document, pdf, pages = lp2kd
    words = {w.casefold() for name in Region.objects.values_list("name", flat=True) for w in re.split(r"\W+", name)}
    for number, text in enumerate(pages, start=1):
        # WeasyPrint draws a hyphenation point as U+2010 HYPHEN.
        for before, after in re.findall(r"(\w+)[-\u2010\u00ad]\s*\n\s*(\w+)", text):
            assert (before + after).casefold() not in words, (number, f"{before}-{after}")

    subprocess.run([pdftoppm(), "-r", "30", "-png", str(pdf), str(tmp_path / "p")], check=True, timeout=120)  # noqa: S603
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == len(pages) >= 10
    for number, path in enumerate(images, start=1):
        image = Image.open(path).convert("L")
        body = image.crop((0, 0, image.width, int(image.height * 0.9)))  # the running footer left out
        assert sum(body.histogram()[:128]) > 150, f"page {number} is empty"
