"""Desil distributions: counts per desil, the share in desil 1-4 over ranked households, the latest rank."""

import datetime as dt

import polars as pl
import pytest

from dampingan.analytics.desil import desil_distribution, latest_ranks
from dampingan.analytics.measure_input import MeasureInputError


def households() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "household": [1, 2, 3, 4, 5, 6],
            "desil": [1, 4, 5, None, 10, 2],
            "members": [3, 4, 2, 5, 1, 6],
            "kelurahan": ["a", "a", "a", "a", "b", "b"],
        }
    )


def test_households_and_persons_per_desil_and_the_share_in_desil_1_to_4():
    # Kelurahan a: ranked households 1 (d1, 3 persons), 2 (d4, 4), 3 (d5, 2); household 4 is unranked (5).
    #   desil 1-4: 2 of 3 ranked households = 2/3; persons 7 of 9 ranked persons = 7/9.
    # Kelurahan b: 5 (d10, 1 person), 6 (d2, 6 persons): 1/2 of households, 6/7 of persons.
    result = desil_distribution(households(), by=["kelurahan"])

    a, b = result.summary.rows(named=True)
    assert (a["households"], a["persons"], a["ranked_households"], a["unranked_households"]) == (4, 14, 3, 1)
    assert (a["unranked_persons"], a["desil_1_4_households"], a["desil_1_4_persons"]) == (5, 2, 7)
    assert (a["share_1_4_households"], a["share_1_4_persons"]) == pytest.approx((2 / 3, 7 / 9))
    assert (b["share_1_4_households"], b["share_1_4_persons"]) == pytest.approx((1 / 2, 6 / 7))
    counts_a = result.counts.filter(pl.col("kelurahan") == "a").sort("desil")
    assert counts_a["households"].to_list() == [1, 0, 0, 1, 1, 0, 0, 0, 0, 0]
    assert counts_a["persons"].to_list() == [3, 0, 0, 4, 2, 0, 0, 0, 0, 0]


def test_grouped_counts_equal_the_ungrouped_counts_of_each_group():
    grouped = desil_distribution(households(), by=["kelurahan"])

    for name in ("a", "b"):
        alone = desil_distribution(households().filter(pl.col("kelurahan") == name))
        assert grouped.summary.filter(pl.col("kelurahan") == name).drop("kelurahan").rows() == alone.summary.rows()
        assert grouped.counts.filter(pl.col("kelurahan") == name).drop("kelurahan").rows() == alone.counts.rows()


def test_an_area_with_no_ranked_household_has_no_share():
    result = desil_distribution(households().filter(pl.col("household") == 4))

    row = result.summary.row(0, named=True)
    assert (row["households"], row["ranked_households"], row["share_1_4_households"]) == (1, 0, None)
    assert result.counts["households"].sum() == 0


def test_a_desil_outside_1_to_10_is_refused():
    with pytest.raises(MeasureInputError) as refused:
        desil_distribution(households().with_columns(desil=pl.lit(11)))

    assert (refused.value.problem, refused.value.column) == ("out_of_range", "desil")


def test_the_latest_rank_wins_and_on_the_same_day_the_official_one():
    day, later = dt.date(2024, 4, 1), dt.date(2025, 1, 1)
    ranks = pl.DataFrame(
        {
            "household": [1, 1, 2, 2, 3, 4],
            "desil": [3, 6, 2, 7, 5, None],
            "ranked_on": [day, later, later, later, day, None],
            "method": ["official", "computed", "computed", "official", "computed", None],
        }
    )

    latest = latest_ranks(ranks).sort("household")

    assert latest.select("household", "desil").rows() == [(1, 6), (2, 7), (3, 5), (4, None)]
