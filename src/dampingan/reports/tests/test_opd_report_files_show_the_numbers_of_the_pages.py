"""The OPD mentoring report's DOCX, XLSX and PDF carry the numbers the pages and their query functions give."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from dampingan.access.scope import Scope
from dampingan.interventions import queries as intervention_queries
from dampingan.registry.kelurahan_indicators import kelurahan_indicators
from dampingan.registry.queries import current_release
from dampingan.reports.builders.opd_mentoring import opd_interventions_in_year
from dampingan.visits import queries as visit_queries

from .conftest import JENGGOT, YEAR, docx_table, generate, newest, sheet_rows
from .office import copy_out, dark_pixels, pdftoppm


@pytest.fixture
def report(dlh_2025, persona, immediate_tasks):
    return generate(persona("mentor_dlh"), dlh_2025.opd)


def test_visits_by_month_in_the_docx_and_xlsx_count_the_visits_of_the_visit_pages(report, persona):
    # Given three visits recorded in 2025 (March twice, July once), as the visit list page lists them
    visits = visit_queries.visible_visits(Scope.for_user(persona("tkpk"))).of(JENGGOT).filter(date__year=YEAR)
    march = visits.filter(date__month=3).count()

    # When the report is read back from its files
    table = docx_table(report, "visits_by_month")
    rows = sheet_rows(report, "visits_by_month")

    # Then the DOCX prints the counts the Indonesian way and the total row adds up to the page's list
    assert table[0] == [table[0][0], "Jenggot", table[0][2]]
    assert table[3][1] == str(march) == "2"
    assert table[-1][-1] == str(visits.count()) == "3"
    # And the XLSX holds real numbers
    assert rows[3][1] == march and isinstance(rows[3][1], int)
    assert rows[-1][-1] == visits.count()


def test_budget_by_source_matches_the_interventions_list_totals(report, dlh_2025):
    # Given the interventions page's totals per funding source for DLH's interventions of 2025
    summary = intervention_queries.totals_by_source(opd_interventions_in_year(Scope.city_viewer(), dlh_2025.opd, YEAR))
    assert summary.planned == Decimal("15500000.00") and summary.realised == Decimal("7250500.00")

    table = docx_table(report, "budget_by_source")
    rows = sheet_rows(report, "budget_by_source")

    # Then the DOCX shows them with dots for thousands and a comma for the percentage
    assert table[-1][1:] == ["15.500.000", "7.250.500", "46,8 %"]
    apbd = next(r for r in table if r[1] == "12.500.000")
    assert apbd[2] == "7.250.500"
    # And the XLSX has the same amounts as numbers, the percentage as a fraction with a percent format
    total = rows[-1]
    assert total[1:] == (15500000, 7250500, pytest.approx(0.468))
    assert Decimal(str(total[1])) == summary.planned and Decimal(str(total[2])) == summary.realised


def test_output_targets_show_the_latest_achievement(report, dlh_2025):
    progress = intervention_queries.target_progress(dlh_2025.intervention)[0]

    row = docx_table(report, "output_targets")[1]

    assert row[1:6] == ["Rumah tangga ikut bank sampah", "KK", "40", "20", "50,0 %"]
    assert progress.achieved == Decimal("20.00") and progress.percent == Decimal("50.0")


def test_monthly_reports_count_what_the_months_page_counts(report):
    # January reviewed, February submitted, March a draft, April to December without a report
    summary = docx_table(report, "monthly_reports_summary")[1]
    by_month = docx_table(report, "monthly_reports_by_month")

    assert summary[1:] == ["12", "2", "1", "1", "9"]
    assert len(by_month) == 1 + 12


def test_registry_situation_is_the_profile_pages_indicators(report):
    figures = {i.key: i for i in kelurahan_indicators(current_release(), JENGGOT)}

    row = sheet_rows(report, "registry")[1]

    assert row[0] == "Jenggot"
    assert row[1] == figures["households"].value > 0
    assert row[2] == figures["desil_1_4"].value
    assert row[3] == pytest.approx(figures["desil_1_4"].value / figures["households"].value, abs=0.0005)


def test_the_pdf_draws_a_page_that_is_not_blank(report, tmp_path):
    pdftoppm()
    pdf = newest(report, "pdf")
    assert pdf is not None, "the PDF was not made (WeasyPrint's libraries: scripts/ensure-pdf-libs.sh)"
    path = copy_out(pdf.file, tmp_path / "report.pdf")

    assert len(PdfReader(path).pages) >= 2
    for page in (1, 2):
        assert dark_pixels(path, page, tmp_path) > 500, f"page {page} is almost blank"


def test_the_files_are_stored_with_size_checksum_and_who_made_them(report, persona):
    import hashlib

    for fmt in ("docx", "xlsx", "pdf"):
        stored = newest(report, fmt)
        with stored.file.open("rb") as handle:
            content = handle.read()
        assert stored.size == len(content)
        assert stored.sha256 == hashlib.sha256(content).hexdigest()
        assert stored.generated_by == persona("mentor_dlh")
        assert stored.report_status == "draft"
        assert stored.generated_at <= timezone.now() + dt.timedelta(seconds=1)
