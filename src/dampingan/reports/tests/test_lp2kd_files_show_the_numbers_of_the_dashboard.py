"""The LP2KD's DOCX and XLSX carry the numbers of the dashboard and the pages: the P0 series and its targets
(the dashboard's headline), the desil 1-4 share per kecamatan (``registry.measures.desil_for``), the coverage
(``targeting_for``, the targeting page and the ranking) and the budget of the year by funding source."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from dampingan.access.scope import Scope
from dampingan.dashboard.headline import headline
from dampingan.dashboard.ranking import kelurahan_ranking
from dampingan.interventions.targeting_data import targeting_for
from dampingan.registry import measures

from .conftest import JENGGOT, YEAR, docx_table, sheet_rows
from .lp2kd_support import generate_lp2kd, total_row


@pytest.fixture
def report(dlh_2025, demo_coordination, persona, immediate_tasks):
    return generate_lp2kd(persona("tkpk"), YEAR)


def test_p0_series_and_targets_are_those_of_the_dashboard_headline(report):
    # Given the dashboard's P0 trend (values and targets by year, from the indicators demo loader)
    points = {p.year: p for p in headline().points if p.year <= YEAR}
    assert points[2024].value.value == Decimal("6.71") and points[2024].target.value == Decimal("6.50")

    table = docx_table(report, "p0_series")
    rows = sheet_rows(report, "p0_series")

    # Then every year of the trend is a row, printed the Indonesian way in the DOCX…
    assert [int(r[0]) for r in table[1:]] == sorted(points)
    row_2024 = next(r for r in table if r[0] == "2024")
    assert row_2024[1:] == ["6,71 %", "6,50 %", "0,21 %"]
    # …and as fractions with a percent format in the XLSX, 2025 with its target and no value yet
    by_year = {int(r[0]): r for r in rows[1:] if str(r[0]).isdigit()}
    for year, point in points.items():
        assert by_year[year][1] == (pytest.approx(float(point.value.value) / 100) if point.value else None)
        assert by_year[year][2] == (pytest.approx(float(point.target.value) / 100) if point.target else None)
    assert by_year[2025][1] is None and by_year[2025][2] == pytest.approx(0.062)


def test_macro_table_holds_the_year_and_the_five_before(report):
    table = docx_table(report, "macro_values")

    assert table[0][1:] == [str(y) for y in range(YEAR - 5, YEAR + 1)]
    p0 = next(r for r in table if "(P0)" in r[0])
    assert p0[1:] == ["7,17 %", "7,59 %", "7,00 %", "6,81 %", "6,71 %", "—"]


def test_desil_share_per_kecamatan_is_that_of_the_measures(report, persona):
    # Given the desil report of the dashboard's module, for the TKPK admin
    summary = measures.desil_for(Scope.for_user(persona("tkpk"))).summary
    kecamatan = {r["name"]: r for r in summary.filter(pl.col("level") == "kecamatan").iter_rows(named=True)}
    assert len(kecamatan) == 4

    rows = {r[0]: r for r in sheet_rows(report, "registry_by_kecamatan")[1:]}
    printed = {r[0]: r for r in docx_table(report, "registry_by_kecamatan")[1:]}

    for name, figures in kecamatan.items():
        assert rows[name][1] == figures["households"] > 0
        assert rows[name][4] == figures["desil_1_4_households"]
        assert rows[name][6] == pytest.approx(figures["share_1_4_households"], abs=0.00005)
        expected = f"{Decimal(str(figures['share_1_4_households'] * 100)).quantize(Decimal('0.01'))}".replace(".", ",")
        assert printed[name][6].rstrip("0").rstrip(",").rstrip(" %") == expected.rstrip("0").rstrip(",")


def test_desil_share_per_kelurahan_is_that_of_the_dashboard_ranking(report, persona):
    ranking = {row.code: row for row in kelurahan_ranking(Scope.for_user(persona("tkpk"))).rows}
    content = next(b for b in report.content["blocks"] if b.get("key") == "registry_by_kelurahan")
    rows = {r["key"]: r for r in content["rows"]}

    assert set(rows) == set(ranking)
    for code, row in ranking.items():
        share = rows[code]["cells"][6][1]
        if share is not None:  # hidden small cells print "—"
            assert Decimal(share) == Decimal(str(row.desil_1_4_share * 100)).quantize(Decimal("0.01"))


def test_coverage_is_that_of_the_targeting_page(report, persona):
    result, _frames = targeting_for(Scope.for_user(persona("tkpk")))
    city = result.area("all")
    assert city["eligible"] > 0

    total = total_row(report, "targeting_by_kecamatan")

    assert total[1] == city["eligible"]
    assert total[2] == city["reached"]
    assert total[4] == pytest.approx(city["coverage"])


def test_budget_of_the_year_by_source_adds_up_to_the_lines_of_the_year(report):
    table = docx_table(report, "programmes_by_source")
    total = total_row(report, "programmes_by_source")

    assert table[-1][1:] == ["15.500.000", "7.250.500", "46,8 %"]
    assert total[1:3] == (15500000, 7250500)
    strategy_total = total_row(report, "programmes_by_strategy")
    assert strategy_total[1:4] == (1, 15500000, 7250500)


def test_coordination_counts_the_meetings_and_action_items_of_the_year(report):
    by_kind = docx_table(report, "meetings_by_kind")
    status = {r[0]: r[1] for r in sheet_rows(report, "action_items_status")[1:] if r and isinstance(r[1], int)}

    # The demo's Rakor TKPK of 26 June 2025 (held, one decision); its two action items: one done, one overdue
    assert by_kind[1][1:] == ["1", "0", "0", "1"]
    assert sum(v for k, v in status.items() if k != "Jumlah") == status["Jumlah"] == 2
    assert status["Selesai"] == 1


def test_mpi_by_kecamatan_is_that_of_the_measures_at_one_third(report, persona):
    from fractions import Fraction

    areas = measures.mpi_for(Scope.for_user(persona("tkpk")), k=Fraction(1, 3)).areas
    households = areas.filter(pl.col("unit") == "household")
    city = households.filter(pl.col("level") == "all").row(0, named=True)

    total = total_row(report, "mpi_by_kecamatan")

    assert total[1:3] == (city["units"], city["poor_units"])
    assert total[3] == pytest.approx(city["H"], abs=0.00005)
    assert total[5] == pytest.approx(city["M0"] * 100, abs=0.005)


def test_mentoring_results_count_the_visits_reports_and_interventions_of_the_pages(report, persona):
    from dampingan.visits import queries as visit_queries

    visits = visit_queries.visible_visits(Scope.for_user(persona("tkpk"))).of(JENGGOT).filter(date__year=YEAR).count()
    rows = {r[0]: r for r in sheet_rows(report, "mentoring_by_kelurahan")[1:] if r and r[0]}

    # Jenggot (DLH): one problem, one potential, one intervention, three visits, January and February sent
    assert rows["Jenggot"][1:] == ("DLH", 1, 0, 1, 1, visits, 2)
    assert visits == 3
    assert rows["Banyurip"][1] == "BPBD"
