"""The kelurahan profile report's DOCX and XLSX carry the numbers of the profile page ``/kelurahan/<code>/``
and of the query functions behind its sections."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from dampingan.access.scope import Scope
from dampingan.interventions import queries as intervention_queries
from dampingan.regions.models import Region
from dampingan.registry import measures
from dampingan.registry.kelurahan_indicators import kelurahan_indicators
from dampingan.registry.queries import current_release
from dampingan.reports.builders.kelurahan_profile import interventions_in_year
from dampingan.visits import queries as visit_queries

from .conftest import JENGGOT, YEAR, docx_table, sheet_rows
from .kelurahan_profile_support import generate_profile


@pytest.fixture
def report(dlh_2025, persona, immediate_tasks):
    from dampingan.regions import services as region_services

    region_services.update_office(
        persona("tkpk"), Region.objects.get(code=JENGGOT), {"head_name": "Siti Aminah", "address": "Jl. Jenggot 1"}
    )
    return generate_profile(persona("mentor_dlh"), JENGGOT, YEAR)


@pytest.fixture
def page(client_as):
    response = client_as("mentor_dlh").get(f"/kelurahan/{JENGGOT}/")
    assert response.status_code == 200
    return response.context


def test_registry_indicators_in_the_docx_and_xlsx_are_the_profile_pages(report, page):
    # Given the profile page's indicators (households, persons, desil 1-4, each deprivation)
    shown = {row["indicator"].key: row for row in page["indicators"]}
    figures = {i.key: i for i in kelurahan_indicators(current_release(), JENGGOT)}
    assert len(shown) >= 8 and figures["households"].value > 0

    # When the report is read back from its files
    table = docx_table(report, "registry_indicators")
    rows = sheet_rows(report, "registry_indicators")[: 1 + len(shown)]  # the source line follows the table

    # Then each indicator row holds the page's number, and its share as the page rounds it
    assert len(table) == 1 + len(shown)
    by_label = {str(row["indicator"].label): row for row in shown.values()}
    for cells, values in zip(table[1:], rows[1:], strict=True):
        row = by_label[cells[0]]
        assert values[1] == row["indicator"].value == figures[row["indicator"].key].value
        assert isinstance(values[1], int)
        if row["percent"] is None:
            assert cells[2] == "—"
        else:
            printed = Decimal(cells[2].removesuffix(" %").replace(".", "").replace(",", "."))
            assert printed == Decimal(f"{row['percent']:.1f}")  # the page's floatformat:1
            assert values[2] == pytest.approx(row["percent"] / 100, abs=0.0005)
    # desil 1-4 is a share of ranked households, not of all households
    desil_row = shown["desil_1_4"]["indicator"]
    assert desil_row.denominator == sum(n for _d, n in page["desil"])
    # one release only in the fixture: no previous value and no change, the table says so
    assert page["previous_release"] is None
    assert all(cells[3] == "—" and cells[4] == "—" for cells in table[1:])


def test_the_desil_table_is_the_profile_pages_desil_bars(report, page):
    table = docx_table(report, "desil")
    rows = sheet_rows(report, "desil")

    expected = [n for _d, n in page["desil"]]
    assert [values[1] for values in rows[1:11]] == expected
    assert rows[11][0] == "Jumlah" and rows[11][1] == sum(expected) > 0
    assert table[1][0] == "Desil 1" and table[-1][1] == f"{sum(expected):,}".replace(",", ".")


def test_the_mpi_is_that_of_the_measures_page_for_the_kelurahan(report, persona):
    area = measures.mpi_for(Scope.for_user(persona("tkpk")), kelurahan=JENGGOT).area("kelurahan", JENGGOT)

    # rows: households counted, poor households, H, A, M0
    units, poor, headcount, intensity, index = (row[1] for row in sheet_rows(report, "mpi")[1:6])
    table = docx_table(report, "mpi")

    assert area["units"] > 0
    assert (units, poor) == (area["units"], area["poor_units"])
    assert headcount == pytest.approx(area["H"], abs=0.0005)
    assert intensity == pytest.approx(area["A"] or 0, abs=0.0005) or (intensity is None and area["A"] is None)
    # M0 with the measures page's three decimals (floatformat:3), in the DOCX and the XLSX alike
    m0 = str(Decimal(str(area["M0"])).quantize(Decimal("0.001"))).replace(".", ",")
    assert table[-1][1] == index == m0


def test_visits_interventions_and_budget_are_those_of_the_pages(report, dlh_2025):
    visits = visit_queries.visible_visits(Scope.city_viewer()).of(JENGGOT).filter(date__year=YEAR)
    running = interventions_in_year(Scope.city_viewer(), Region.objects.get(code=JENGGOT), YEAR)
    summary = intervention_queries.totals_by_source(running)

    visit_rows = sheet_rows(report, "visits_by_month")
    budget = docx_table(report, "budget_by_source")

    assert visit_rows[3][1] == visits.filter(date__month=3).count() == 2
    assert visit_rows[-1][1] == visits.count() == 3
    assert summary.planned == Decimal("15500000.00")
    assert budget[-1][1:] == ["15.500.000", "7.250.500", "46,8 %"]
    assert docx_table(report, "interventions")[1][:2] == ["Bank sampah RW 03", "DLH"]
    assert docx_table(report, "output_targets")[1][3:6] == ["40", "20", "50,0 %"]
    # the monthly reports of the months pages: January reviewed, February submitted, March a draft
    assert docx_table(report, "monthly_reports_summary")[1][2:5] == ["2", "1", "1"]


def test_identity_names_the_lurah_the_opd_and_its_decree(report):
    identity = {row[0]: row[1] for row in docx_table(report, "identity")}
    assignments = docx_table(report, "assignments")

    assert identity["Kelurahan"] == "Jenggot" and identity["Lurah"] == "Siti Aminah"
    assert identity["Kecamatan"] == "Pekalongan Selatan"
    assert assignments[1][0] == "Dinas Lingkungan Hidup (DLH)"
    assert assignments[1][3] == "1 Januari 2025" and assignments[1][4] == "31 Desember 2025"


def test_problems_and_potentials_are_the_baseline_records(report):
    problems = docx_table(report, "problems")
    potentials = sheet_rows(report, "potentials")

    assert problems[1][0] == "Sampah di bantaran sungai"
    assert potentials[1][:4] == ("Batik", potentials[1][1], 12, 40)
    assert potentials[1][4].date() == dt.date(YEAR, 2, 3)  # a real date cell
