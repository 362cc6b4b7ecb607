"""The ranking re-computes nothing: each figure equals the module that owns it, for the same user."""

from decimal import Decimal
from fractions import Fraction

import polars as pl
import pytest

from dampingan.access.scope import Scope
from dampingan.coordination.action_queries import visible_action_items
from dampingan.dashboard.ranking import kelurahan_ranking
from dampingan.interventions.targeting_data import rupiah, targeting_for
from dampingan.registry.measures import desil_for, mpi_for
from dampingan.visits.queries import review_queue

from .conftest import JENGGOT, MEDONO


@pytest.fixture
def tkpk_ranking(programme, persona):
    user = persona("tkpk")
    return user, {row.code: row for row in kelurahan_ranking(Scope.for_user(user)).rows}


def test_every_kelurahan_of_the_city_is_ranked_for_the_tkpk(tkpk_ranking):
    _user, rows = tkpk_ranking

    assert len(rows) == 27
    assert rows[JENGGOT].opd == "DLH" and rows[MEDONO].opd == ""


def test_desil_share_and_households_equal_desil_for(tkpk_ranking):
    user, rows = tkpk_ranking

    report = desil_for(Scope.for_user(user))

    for code, row in rows.items():
        area = report.area("kelurahan", code)
        assert (row.households, row.desil_1_4_share) == (area["households"], area["share_1_4_households"]), code
    assert len({row.desil_1_4_share for row in rows.values()}) > 5  # the comparison is not all-equal values


def test_m0_and_h_equal_mpi_for_households_at_one_third(tkpk_ranking):
    user, rows = tkpk_ranking

    report = mpi_for(Scope.for_user(user), k=Fraction(1, 3))

    for code, row in rows.items():
        area = report.area("kelurahan", code, "household")
        assert (row.m0, row.h, row.poor_households) == (area["M0"], area["H"], area["poor_units"]), code


def test_coverage_and_budget_equal_targeting_for(tkpk_ranking):
    user, rows = tkpk_ranking

    targeting, _frames = targeting_for(Scope.for_user(user))

    for code, row in rows.items():
        area = targeting.area("kelurahan", code)
        assert row.coverage == area["coverage"], code
        assert (row.planned, row.realised) == (rupiah(area["planned"]), rupiah(area["realised"])), code
    assert rows[JENGGOT].coverage > 0 and rows[JENGGOT].realisation_percent == Decimal("25.0")
    assert rows[MEDONO].realisation_percent == Decimal("100.0")
    assert rows[JENGGOT].planned == Decimal("10000000")


def test_missing_reports_equal_the_review_queue_of_twelve_months(tkpk_ranking):
    user, rows = tkpk_ranking

    _months, queue = review_queue(Scope.for_user(user), months=12)

    expected = {line.kelurahan.code: line.missing for line in queue}
    assert {code: row.missing_reports for code, row in rows.items() if row.missing_reports is not None} == expected
    assert expected[JENGGOT] == expected["33.75.04.1002"] - 2  # Jenggot sent two of its reports
    assert rows[MEDONO].missing_reports is None  # no OPD assigned


def test_open_and_overdue_action_items_equal_the_coordination_querysets(tkpk_ranking):
    user, rows = tkpk_ranking

    items = visible_action_items(Scope.for_user(user))

    for code, row in rows.items():
        assert row.open_actions == items.still_open().filter(kelurahan_id=code).count(), code
        assert row.overdue_actions == items.overdue().filter(kelurahan_id=code).count(), code
    assert rows[JENGGOT].overdue_actions == 1


def test_the_ranking_frame_carries_no_personal_column(tkpk_ranking, persona):
    frame = kelurahan_ranking(Scope.for_user(persona("tkpk"))).frame

    assert not {"nik", "no_kk", "name_of_head", "address", "household"} & set(frame.columns)
    assert frame.schema["code"] == pl.String
