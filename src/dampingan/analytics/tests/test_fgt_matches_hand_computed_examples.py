"""FGT P0, P1, P2 against values worked out by hand from the formula (docs/domain.md §6)."""

import polars as pl
import pytest

from dampingan.analytics.fgt import fgt
from dampingan.analytics.measure_input import MeasureInputError

EXACT = 1e-12


def test_five_persons_one_on_the_line_one_with_nothing():
    # z = 100, y = [50, 80, 100, 120, 0]. Poor (y < z, strictly): 50, 80, 0 -> the person at 100 is not poor.
    # Gaps (z - y) / z: 0.5, 0.2, 1.0 (and 0 for the others).
    # P0 = 3/5 = 0.6
    # P1 = (0.5 + 0.2 + 1.0) / 5 = 1.7 / 5 = 0.34
    # P2 = (0.25 + 0.04 + 1.0) / 5 = 1.29 / 5 = 0.258
    result = fgt(pl.DataFrame({"expenditure": [50, 80, 100, 120, 0]}), 100).row(0, named=True)

    assert (result["rows"], result["missing"], result["population"], result["poor"]) == (5, 0, 5.0, 3.0)
    assert result["p0"] == pytest.approx(0.6, abs=EXACT)
    assert result["p1"] == pytest.approx(0.34, abs=EXACT)
    assert result["p2"] == pytest.approx(0.258, abs=EXACT)


def test_person_weights_are_household_weight_times_size():
    # Two households, z = 100:
    #   A: y = 50, weight 2, size 3 -> 6 persons, gap 0.5
    #   B: y = 150, weight 1, size 4 -> 4 persons, not poor
    # Population 10; P0 = 6/10 = 0.6; P1 = 6 * 0.5 / 10 = 0.3; P2 = 6 * 0.25 / 10 = 0.15; poor persons = 6.
    frame = pl.DataFrame({"expenditure": [50.0, 150.0], "weight": [2, 1], "size": [3, 4]})

    result = fgt(frame, 100, weight="weight", size="size").row(0, named=True)

    assert (result["population"], result["poor"]) == (10.0, 6.0)
    assert (result["p0"], result["p1"], result["p2"]) == pytest.approx((0.6, 0.3, 0.15), abs=EXACT)


def test_a_line_per_row_for_urban_and_rural_households():
    # Urban line 120, rural line 80; each row one person.
    #   urban y = 90 -> poor, gap 30/120 = 0.25;  urban y = 120 -> on the line, not poor
    #   rural y = 90 -> not poor (above 80);       rural y = 60 -> poor, gap 20/80 = 0.25
    # P0 = 2/4 = 0.5; P1 = (0.25 + 0.25) / 4 = 0.125; P2 = (0.0625 * 2) / 4 = 0.03125
    frame = pl.DataFrame({"expenditure": [90, 120, 90, 60], "line": [120, 120, 80, 80]})

    result = fgt(frame, "line").row(0, named=True)

    assert (result["p0"], result["p1"], result["p2"]) == pytest.approx((0.5, 0.125, 0.03125), abs=EXACT)


def test_missing_expenditure_is_left_out_and_counted_not_taken_as_zero():
    # Without the two missing rows: y = [50, 150], z = 100 -> P0 = 1/2. Taken as zero they would give 3/4.
    frame = pl.DataFrame({"expenditure": [50.0, None, float("nan"), 150.0]})

    result = fgt(frame, 100).row(0, named=True)

    assert (result["rows"], result["missing"], result["population"]) == (4, 2, 2.0)
    assert result["p0"] == pytest.approx(0.5, abs=EXACT)


def test_zero_weights_count_for_nothing_and_a_weightless_group_has_no_ratio():
    frame = pl.DataFrame(
        {"expenditure": [50, 150, 10, None], "weight": [1, 1, 0, 1], "area": ["a", "a", "b", "c"]},
    )

    result = fgt(frame, 100, weight="weight", by=["area"])

    a, b, c = result.rows(named=True)
    assert (a["area"], a["p0"], a["population"]) == ("a", 0.5, 2.0)
    assert (b["area"], b["rows"], b["population"], b["p0"], b["p1"], b["p2"]) == ("b", 1, 0.0, None, None, None)
    assert (c["area"], c["missing"], c["population"], c["p0"]) == ("c", 1, 0.0, None)


def test_an_empty_frame_gives_one_row_without_ratios():
    result = fgt(pl.DataFrame({"expenditure": []}, schema={"expenditure": pl.Float64}), 100)

    assert result.rows() == [(0, 0, 0.0, 0.0, None, None, None)]


def test_grouped_results_equal_the_ungrouped_measure_of_each_group():
    frame = pl.DataFrame(
        {
            "expenditure": [10.0, 95, 100, 300, 40, 70, None, 99.5, 250],
            "weight": [1.5, 2, 1, 1, 3, 0.5, 1, 2, 1],
            "size": [4, 3, 5, 2, 6, 1, 3, 4, 2],
            "kecamatan": ["x", "x", "x", "x", "y", "y", "y", "z", "z"],
        }
    )

    grouped = fgt(frame, 100, weight="weight", size="size", by=["kecamatan"])

    for row in grouped.iter_rows(named=True):
        alone = fgt(frame.filter(pl.col("kecamatan") == row["kecamatan"]), 100, weight="weight", size="size")
        assert {k: v for k, v in row.items() if k != "kecamatan"} == alone.row(0, named=True)


@pytest.mark.parametrize(
    ("frame", "line", "problem", "column", "rows"),
    [
        (pl.DataFrame({"expenditure": [10, -1, 5, -3]}), 100, "negative", "expenditure", (1, 3)),
        (pl.DataFrame({"expenditure": [10], "weight": [-2]}), 100, "negative", "weight", (0,)),
        (pl.DataFrame({"expenditure": [10, 20], "weight": [1, None]}), 100, "null", "weight", (1,)),
        (pl.DataFrame({"expenditure": [10]}), 0, "not_positive", "line", ()),
        (pl.DataFrame({"expenditure": [10, 20], "line": [100, 0]}), "line", "not_positive", "line", (1,)),
        (pl.DataFrame({"spending": [10]}), 100, "missing_column", "expenditure", ()),
    ],
)
def test_bad_input_is_refused_naming_the_column_and_rows(frame, line, problem, column, rows):
    weight = "weight" if "weight" in frame.columns else None

    with pytest.raises(MeasureInputError) as refused:
        fgt(frame, line, weight=weight)

    assert (refused.value.problem, refused.value.column, refused.value.rows) == (problem, column, rows)
