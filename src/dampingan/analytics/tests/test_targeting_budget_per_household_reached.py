"""Budget attributed to kelurahan by households reached, and budget per household reached, in exact sen."""

import polars as pl
import pytest

from dampingan.analytics.targeting import attribute_budget, counted_links, targeting

from . import targeting_example as ex


@pytest.fixture
def result():
    return targeting(ex.households(), ex.links(), ex.interventions())


def test_an_intervention_budget_is_split_by_households_reached_and_adds_up():
    parts = attribute_budget(counted_links(ex.links(), ex.interventions()), ex.interventions())

    # i1 reached households 1, 4, 5 (all in A); i2 reached 3, 4 (A) and 6 (B): 2/3 and 1/3.
    # i2's 100 sen: 66.67 and 33.33 -> the lost sen goes to the larger remainder (A).
    assert parts.sort("intervention", "kelurahan").rows() == [
        (1, "A", 100_000_000, 60_000_000),
        (2, "A", 60_000, 67),
        (2, "B", 30_000, 33),
    ]


def test_budget_per_household_reached_rounds_half_up_to_the_sen(result):
    a, b, everything = result.area("kelurahan", "A"), result.area("kelurahan", "B"), result.area("all")

    assert (a["planned"], a["realised"], a["reached_households"]) == (100_060_000, 60_000_067, 4)
    assert a["realised_per_household"] == 15_000_017  # 15,000,016.75
    assert a["planned_per_household"] == 25_015_000
    assert (b["realised"], b["realised_per_household"]) == (33, 33)
    assert (everything["realised"], everything["planned"]) == (60_000_100, 100_090_000)
    assert (everything["realised_per_household"], everything["planned_per_household"]) == (12_000_020, 20_018_000)
    assert result.area("kelurahan", "C")["realised_per_household"] is None


def test_per_intervention_reach_and_budget(result):
    rows = result.interventions.select(
        "intervention", "links", "households_reached", "realised_per_household", "planned_per_household"
    ).rows()

    assert rows == [
        (1, 6, 3, 20_000_000, 33_333_333),
        (2, 3, 3, 33, 30_000),
        (3, 0, 0, None, None),  # cancelled: its budget is attributed to no one
        (4, 1, 0, None, None),  # only proposed so far
    ]


def test_a_narrower_scope_keeps_the_city_wide_split(result):
    scoped = targeting(ex.households(), ex.links(), ex.interventions(), kelurahan={"B"})

    assert scoped.summary.select("level", "area").rows() == [("kelurahan", "B"), ("kecamatan", "K1"), ("all", "")]
    everything = scoped.area("all")
    # B's third of i2, not all of it, though A is out of sight.
    assert (everything["realised"], everything["realised_per_household"]) == (33, 33)
    assert (everything["households"], everything["eligible"], everything["reached"], everything["links"]) == (
        2,
        1,
        1,
        3,
    )
    assert scoped.uncovered.height == 0


def test_the_parts_add_up_to_each_intervention_for_awkward_amounts():
    households = pl.DataFrame(
        {"household": range(1, 8), "kelurahan": list("AABBBCC"), "kecamatan": ["K"] * 7, "desil": [1] * 7}
    )
    links = ex.links([(1, h, k, "aktif", True, 1) for h, k in zip(range(1, 8), "AABBBCC", strict=True)])
    interventions = ex.interventions().with_columns(planned=pl.lit(99_999_999_999_999_99), realised=pl.lit(1))

    parts = attribute_budget(counted_links(links.drop("kecamatan").pipe(_with_kec), interventions), interventions)

    assert parts["planned"].sum() == 99_999_999_999_999_99
    assert parts.sort("kelurahan")["realised"].to_list() == [0, 1, 0]  # 2/7, 3/7, 2/7 of one sen
    assert targeting(households, links, interventions).area("all")["realised"] == 1


def _with_kec(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(kecamatan=pl.lit("K"))
