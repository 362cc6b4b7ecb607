"""Coverage and exclusion error on the hand-worked city of targeting_example.py."""

import pytest

from dampingan.analytics.targeting import targeting

from . import targeting_example as ex


@pytest.fixture
def result():
    return targeting(ex.households(), ex.links(), ex.interventions())


def test_coverage_counts_active_and_graduated_links_of_live_interventions(result):
    a = result.area("kelurahan", "A")

    # Eligible in A: households 1 (d1), 2 (d2), 3 (d4). Reached: 1 (graduated), 3 (active).
    # Household 2 is only proposed (i4) or linked by a cancelled intervention (i3): not reached.
    assert (a["households"], a["eligible"], a["reached"], a["uncovered"]) == (5, 3, 2, 1)
    assert a["coverage"] == pytest.approx(2 / 3)
    assert a["exclusion_error"] == pytest.approx(1 / 3)
    assert a["proposed_only"] == 1
    assert a["reached_households"] == 4  # 1, 3, 4 (desil 6), 5 (unranked)


def test_kecamatan_and_whole_scope_add_their_kelurahan(result):
    k1, k2, everything = result.area("kecamatan", "K1"), result.area("kecamatan", "K2"), result.area("all")

    assert (k1["households"], k1["eligible"], k1["reached"]) == (7, 4, 3)
    assert k1["coverage"] == pytest.approx(3 / 4)
    assert (everything["households"], everything["eligible"], everything["reached"]) == (8, 4, 3)
    assert everything["exclusion_error"] == pytest.approx(1 / 4)
    assert (k2["eligible"], k2["coverage"], k2["exclusion_error"]) == (0, None, None)


def test_a_kelurahan_without_desil_1_to_4_has_no_coverage_rather_than_zero(result):
    c = result.area("kelurahan", "C")

    assert (c["households"], c["eligible"], c["reached"], c["uncovered"]) == (1, 0, 0, 0)
    assert c["coverage"] is None


def test_coverage_by_strategy_counts_each_strategy_apart(result):
    rows = {
        (r["level"], r["area"], r["strategy"]): (r["eligible"], r["reached"], r["coverage"])
        for r in result.by_strategy.iter_rows(named=True)
    }

    assert rows[("kelurahan", "A", "kurangi_beban")] == (3, 1, pytest.approx(1 / 3))  # household 1 by i1
    assert rows[("kelurahan", "A", "tingkatkan_pendapatan")] == (3, 1, pytest.approx(1 / 3))  # household 3 by i2
    assert rows[("kelurahan", "B", "tingkatkan_pendapatan")] == (1, 1, 1.0)
    assert rows[("kelurahan", "B", "kurangi_beban")] == (1, 0, 0.0)
    # i3 (the only kurangi_kantong) is cancelled.
    assert rows[("all", "", "kurangi_kantong")] == (4, 0, 0.0)
    assert rows[("all", "", "tingkatkan_pendapatan")] == (4, 2, 0.5)
    assert rows[("kelurahan", "C", "kurangi_beban")] == (0, 0, None)


def test_uncovered_lists_eligible_households_reached_by_none_poorest_first(result):
    assert result.uncovered["household"].to_list() == [2]

    bigger = ex.households([*ex.HOUSEHOLDS, (9, "B", 4), (10, "C", 1), (11, "B", 1)])
    listed = targeting(bigger, ex.links(), ex.interventions()).uncovered

    # Desil 1 first (11 in B before 10 in C: kelurahan order), then desil 2, then desil 4.
    assert listed.select("household", "desil", "proposed_only").rows() == [
        (11, 1, False),
        (10, 1, False),
        (2, 2, True),
        (9, 4, False),
    ]
