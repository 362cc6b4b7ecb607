"""Alkire-Foster H, A, M0 and contributions against values worked out by hand (docs/domain.md §6)."""

from fractions import Fraction

import polars as pl
import pytest

from dampingan.analytics.measure_input import MeasureInputError
from dampingan.analytics.mpi import check_weights, drop_indicators, identify, mpi, nested_weights

EXACT = 1e-12
# Three dimensions of equal weight: education (edu, school: 1/6 each), health (health: 1/3),
# living standards (water, toilet: 1/6 each).
DIMENSIONS = {"education": ["edu", "school"], "health": ["health"], "living": ["water", "toilet"]}
WEIGHTS = nested_weights(DIMENSIONS)
DIMENSION_OF = {key: name for name, keys in DIMENSIONS.items() for key in keys}


def households() -> pl.DataFrame:
    # score c_i = sum_j w_j g_ij:
    #   h1: edu, school            = 1/6 + 1/6             = 1/3  -> poor at k = 1/3 (exactly on the cutoff)
    #   h2: health, water, toilet  = 1/3 + 1/6 + 1/6       = 2/3  -> poor
    #   h3: water                  = 1/6                   = 1/6  -> not poor
    #   h4: nothing                = 0                            -> not poor
    #   h5: all five               = 1                            -> poor
    #   h6: school, water          = 1/6 + 1/6             = 1/3  -> poor (a living-standards + education mix)
    return pl.DataFrame(
        {
            "household": [1, 2, 3, 4, 5, 6],
            "edu": [1, 0, 0, 0, 1, 0],
            "school": [1, 0, 0, 0, 1, 1],
            "health": [0, 1, 0, 0, 1, 0],
            "water": [0, 1, 1, 0, 1, 1],
            "toilet": [0, 1, 0, 0, 1, 0],
            "members": [2, 5, 3, 4, 1, 5],
            "kelurahan": ["a", "a", "a", "b", "b", "b"],
        }
    )


def test_nested_weights_split_each_dimension_equally():
    assert {
        "edu": Fraction(1, 6),
        "school": Fraction(1, 6),
        "health": Fraction(1, 3),
        "water": Fraction(1, 6),
        "toilet": Fraction(1, 6),
    } == WEIGHTS


def test_per_household_h_a_m0_and_contributions():
    # q = 4 poor of n = 6: H = 4/6 = 2/3.
    # A = (1/3 + 2/3 + 1 + 1/3) / 4 = (7/3) / 4 = 7/12.
    # M0 = H * A = 2/3 * 7/12 = 7/18.
    # Censored headcounts h_j (poor and deprived / n):
    #   edu: h1, h5 -> 2/6; school: h1, h5, h6 -> 3/6; health: h2, h5 -> 2/6;
    #   water: h2, h5, h6 -> 3/6 (h3 is deprived but not poor: censored out); toilet: h2, h5 -> 2/6.
    # Contributions w_j h_j / M0:
    #   edu 1/6 * 2/6 / (7/18) = (2/36) * (18/7) = 1/7;  school (3/36) * (18/7) = 3/14
    #   health 1/3 * 2/6 = 2/18 -> (2/18) * (18/7) = 2/7;  water 3/14;  toilet 1/7.  Sum = 1.
    result = mpi(households(), WEIGHTS, Fraction(1, 3), dimension_of=DIMENSION_OF)
    summary = result.summary.row(0, named=True)

    assert (summary["units"], summary["poor_units"]) == (6, 4)
    assert summary["H"] == pytest.approx(2 / 3, abs=EXACT)
    assert summary["A"] == pytest.approx(7 / 12, abs=EXACT)
    assert summary["M0"] == pytest.approx(7 / 18, abs=EXACT)
    by_key = {row["indicator"]: row for row in result.indicators.iter_rows(named=True)}
    assert by_key["water"]["uncensored"] == pytest.approx(4 / 6, abs=EXACT)
    assert by_key["water"]["censored"] == pytest.approx(3 / 6, abs=EXACT)
    expected = {"edu": 1 / 7, "school": 3 / 14, "health": 2 / 7, "water": 3 / 14, "toilet": 1 / 7}
    assert {k: row["contribution"] for k, row in by_key.items()} == pytest.approx(expected, abs=EXACT)
    assert sum(row["contribution"] for row in by_key.values()) == pytest.approx(1.0, abs=EXACT)
    assert by_key["health"]["dimension"] == "health"


def test_per_person_weights_each_household_by_its_members():
    # Persons: 2 + 5 + 3 + 4 + 1 + 5 = 20; in poor households (h1, h2, h5, h6): 2 + 5 + 1 + 5 = 13.
    # H = 13/20. Sum of v_i c_i over the poor = 2/3 + 10/3 + 1 + 5/3 = 20/3.
    # A = (20/3) / 13 = 20/39. M0 = (20/3) / 20 = 1/3.
    summary = mpi(households(), WEIGHTS, Fraction(1, 3), weight="members").summary.row(0, named=True)

    assert (summary["population"], summary["poor"]) == (20.0, 13.0)
    assert summary["H"] == pytest.approx(13 / 20, abs=EXACT)
    assert summary["A"] == pytest.approx(20 / 39, abs=EXACT)
    assert summary["M0"] == pytest.approx(1 / 3, abs=EXACT)


def test_a_household_exactly_at_one_third_is_poor_at_k_one_third():
    # Deprived in two of six indicators of weight 1/6: c = 2/6 = 1/3 = k -> poor (c >= k).
    on_the_cutoff = pl.DataFrame({key: [int(key in "ab")] for key in "abcdef"})
    sixths = {key: Fraction(1, 6) for key in "abcdef"}

    for k in (Fraction(1, 3), 1 / 3, "1/3"):
        assert identify(on_the_cutoff, sixths, k)["poor"].to_list() == [True]
    assert identify(on_the_cutoff, sixths, Fraction(1, 3) + Fraction(1, 10**6))["poor"].to_list() == [False]


def test_one_third_reached_by_many_small_weights_is_not_lost_to_rounding():
    # 33 indicators of weight 1/33, deprived in 11: c = 11/33 = 1/3 exactly. Added up in floating point
    # the score is 0.33333333333333326, below the float 1/3: a float comparison would call this household
    # not poor. The scores are compared as integers over the common denominator instead.
    keys = [f"i{j}" for j in range(33)]
    frame = pl.DataFrame({key: [int(j < 11)] for j, key in enumerate(keys)})
    float_score = 0.0
    for _ in range(11):
        float_score += 1 / 33
    assert float_score < 1 / 3

    scored = identify(frame, {key: Fraction(1, 33) for key in keys}, 1 / 3)

    assert scored["poor"].to_list() == [True]
    assert scored["score_units"].to_list() == [11]


@pytest.mark.parametrize(
    "weights",
    [
        {"a": 0.5, "b": 0.3, "c": 0.3},
        {"a": Fraction(1, 3), "b": Fraction(1, 3)},
        {"a": 1, "b": 0},
        {"a": 1.5, "b": -0.5},
    ],
)
def test_weights_that_do_not_add_up_to_one_or_are_not_positive_are_refused(weights):
    with pytest.raises(MeasureInputError) as refused:
        check_weights(weights)

    assert refused.value.problem in ("weights_sum", "weight_not_positive")


def test_floats_that_are_thirds_and_sixths_are_read_exactly():
    assert check_weights({"a": 1 / 3, "b": 1 / 6, "c": 1 / 6, "d": 1 / 3}) == {
        "a": Fraction(1, 3),
        "b": Fraction(1, 6),
        "c": Fraction(1, 6),
        "d": Fraction(1, 3),
    }


@pytest.mark.parametrize("k", [0, -0.1, 1.01, "abc"])
def test_a_cutoff_outside_zero_to_one_is_refused(k):
    with pytest.raises(MeasureInputError):
        mpi(households(), WEIGHTS, k)


def test_deprivations_other_than_zero_and_one_are_refused():
    with pytest.raises(MeasureInputError) as refused:
        mpi(households().with_columns(water=pl.col("water") * 2), WEIGHTS)

    assert (refused.value.problem, refused.value.column, refused.value.rows) == ("not_binary", "water", (1, 2, 4, 5))


def test_a_missing_deprivation_counts_as_not_deprived_and_is_reported():
    # h2 loses its water deprivation to "unknown": 1/3 + 1/6 = 1/2, still poor; h6 (school, water) drops to
    # 1/6 and is no longer poor.
    frame = households().with_columns(
        water=pl.when(pl.col("household").is_in([2, 6])).then(None).otherwise(pl.col("water"))
    )

    result = mpi(frame, WEIGHTS, Fraction(1, 3))

    assert result.summary["poor_units"].item() == 3
    assert result.indicators.filter(pl.col("indicator") == "water")["missing"].item() == 2


def test_grouped_results_equal_the_ungrouped_measure_of_each_group():
    frame = households()

    grouped = mpi(frame, WEIGHTS, Fraction(1, 3), by=["kelurahan"], weight="members")

    for name in ("a", "b"):
        alone = mpi(frame.filter(pl.col("kelurahan") == name), WEIGHTS, Fraction(1, 3), weight="members")
        row = grouped.summary.filter(pl.col("kelurahan") == name).drop("kelurahan")
        assert row.rows(named=True) == alone.summary.rows(named=True)
        shares = grouped.indicators.filter(pl.col("kelurahan") == name).drop("kelurahan")
        assert shares.rows(named=True) == alone.indicators.rows(named=True)


def test_a_group_without_poor_has_zero_m0_and_no_contributions():
    frame = households().filter(pl.col("household").is_in([3, 4]))

    result = mpi(frame, WEIGHTS)

    summary = result.summary.row(0, named=True)
    assert (summary["H"], summary["A"], summary["M0"]) == (0.0, None, 0.0)
    assert result.indicators["contribution"].to_list() == [None] * 5


def test_dropping_an_indicator_keeps_its_dimension_weight():
    # Without "toilet", "water" carries the living-standards third alone.
    assert drop_indicators(WEIGHTS, DIMENSION_OF, ["toilet"])["water"] == Fraction(1, 3)
    # Without "health", education and living standards share the whole weight: 1/4 per indicator.
    assert set(drop_indicators(WEIGHTS, DIMENSION_OF, ["health"]).values()) == {Fraction(1, 4)}
