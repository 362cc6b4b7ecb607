"""The matcher on hand-computed cases: square and rectangular matrices, locked and excluded pairs, zero fits,
and against a brute-force search over every pairing of small random matrices."""

import itertools
import random

import polars as pl
import pytest

from dampingan.analytics.opd_matching import fit_matrix, propose

HOUSING, ECONOMY, EDUCATION, HEALTH = "perumahan", "ekonomi", "pendidikan", "kesehatan"


def profile(rows: list[tuple[str, str, float]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows, schema={"kelurahan": pl.String, "category": pl.String, "weight": pl.Float64}, orient="row"
    )


def capabilities(rows: list[tuple[int, str]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"opd": pl.Int64, "category": pl.String}, orient="row")


def pairs(result) -> dict[str, int]:
    return dict(result.assignment.select("kelurahan", "opd").iter_rows())


def from_matrix(matrix: list[list[int]]) -> tuple[pl.DataFrame, pl.DataFrame, list[str], list[int]]:
    """A profile and capabilities whose fit matrix is exactly ``matrix``: OPD j acts only on category "cj",
    and kelurahan i needs matrix[i][j] in it."""
    places = [f"K{i}" for i in range(len(matrix))]
    agencies = list(range(len(matrix[0]))) if matrix else []
    need = profile([(places[i], f"c{j}", float(v)) for i, row in enumerate(matrix) for j, v in enumerate(row)])
    can = capabilities([(j, f"c{j}") for j in agencies])
    return need, can, places, agencies


# Three kelurahan, three OPDs. Needs:      K1 housing 0.5, economy 0.2; K2 economy 0.6; K3 education 0.4, housing 0.1
# OPD 1 housing; OPD 2 economy + education; OPD 3 economy.
# Fit matrix (rows K1-K3, columns OPD 1-3):  K1 0.5 0.2 0.2 / K2 0 0.6 0.6 / K3 0.1 0.4 0
# Best total: K1-1 (0.5) + K2-3 (0.6) + K3-2 (0.4) = 1.5; K2-2 + K3-? would leave K3 with 0.1 or 0.
NEED = profile(
    [
        ("K1", HOUSING, 0.5),
        ("K1", ECONOMY, 0.2),
        ("K2", ECONOMY, 0.6),
        ("K3", EDUCATION, 0.4),
        ("K3", HOUSING, 0.1),
    ]
)
CAN = capabilities([(1, HOUSING), (2, ECONOMY), (2, EDUCATION), (3, ECONOMY)])


def test_the_fit_of_a_pair_sums_the_needs_in_the_categories_the_opd_acts_on_with_reasons_largest_first():
    fit = fit_matrix(NEED.vstack(profile([("K1", EDUCATION, 0.3)])), CAN)

    cell = fit.filter((pl.col("kelurahan") == "K1") & (pl.col("opd") == 2)).row(0, named=True)
    assert cell["fit"] == pytest.approx(0.5)
    assert cell["reasons"] == [
        {"category": EDUCATION, "weight": pytest.approx(0.3)},
        {"category": ECONOMY, "weight": pytest.approx(0.2)},
    ]
    zero = fit.filter((pl.col("kelurahan") == "K2") & (pl.col("opd") == 1)).row(0, named=True)
    assert (zero["fit"], zero["reasons"]) == (0.0, [])


def test_rows_of_the_same_kelurahan_and_category_add_up():
    fit = fit_matrix(profile([("K1", HOUSING, 0.25), ("K1", HOUSING, 0.5)]), capabilities([(1, HOUSING)]))

    assert fit["fit"].to_list() == [pytest.approx(0.75)]


def test_a_square_matrix_gets_the_pairing_of_most_total_fit():
    result = propose(NEED, CAN)

    assert pairs(result) == {"K1": 1, "K2": 3, "K3": 2}
    assert result.total_fit == pytest.approx(1.5)
    assert (result.unassigned, result.idle) == ([], [])
    assert not result.assignment["locked"].any()


def test_with_more_opds_than_kelurahan_the_least_fitting_opds_stay_idle():
    # OPD 4 fits K2 better than OPD 3 does (economy 0.6 + health 0.3); OPD 5 fits K2 with health only (0.3).
    need = NEED.vstack(profile([("K2", HEALTH, 0.3)]))
    can = CAN.vstack(capabilities([(4, ECONOMY), (4, HEALTH), (5, HEALTH)]))

    result = propose(need, can)

    assert pairs(result) == {"K1": 1, "K2": 4, "K3": 2}
    assert result.total_fit == pytest.approx(0.5 + 0.9 + 0.4)
    assert (result.unassigned, result.idle) == ([], [3, 5])


def test_with_more_kelurahan_than_opds_the_kelurahan_left_out_are_reported():
    # Two OPDs for three kelurahan: K1-1 (0.5) + K2-2 (0.6) = 1.1 beats K1-1 + K3-2 (0.9) and K3-1 + K2-2 (0.7).
    result = propose(NEED, CAN.filter(pl.col("opd") != 3))

    assert pairs(result) == {"K1": 1, "K2": 2}
    assert result.total_fit == pytest.approx(1.1)
    assert (result.unassigned, result.idle) == (["K3"], [])


def test_a_locked_pair_stays_even_where_the_optimum_would_not_pick_it():
    # The optimum pairs K2 with OPD 3 and K3 with OPD 2. Locking K2-2 leaves rows K1, K3 and columns 1, 3:
    # K1-1 0.5 (K3-3 has no fit and is not proposed) beats K1-3 0.2 + K3-1 0.1.
    result = propose(NEED, CAN, locked=[("K2", 2)])

    assert pairs(result) == {"K1": 1, "K2": 2}
    assert result.assignment.filter(pl.col("locked"))["kelurahan"].to_list() == ["K2"]
    assert result.total_fit == pytest.approx(1.1)
    assert (result.unassigned, result.idle) == (["K3"], [3])


def test_a_locked_pair_with_no_fit_is_kept_and_counts_zero():
    result = propose(NEED, CAN, locked=[("K2", 1)])

    assert pairs(result)["K2"] == 1
    assert result.assignment.filter(pl.col("kelurahan") == "K2")["fit"].to_list() == [0.0]


def test_an_excluded_pair_is_never_proposed():
    result = propose(NEED, CAN, excluded=[("K2", 3), ("K1", 1)])

    # K1 can no longer have OPD 1: K1-3 0.2 + K2-2 0.6 + K3-1 0.1 = 0.9 beats K1-2 + K3-1 (0.3).
    assert pairs(result) == {"K1": 3, "K2": 2, "K3": 1}
    assert result.total_fit == pytest.approx(0.9)


def test_an_excluded_pair_forced_by_the_shape_is_dropped_not_proposed():
    result = propose(profile([("K1", HOUSING, 1.0)]), capabilities([(1, HOUSING)]), excluded=[("K1", 1)])

    assert pairs(result) == {}
    assert (result.unassigned, result.idle) == (["K1"], [1])


def test_contradictory_locks_are_refused():
    with pytest.raises(ValueError, match="at most one"):
        propose(NEED, CAN, locked=[("K1", 1), ("K2", 1)])
    with pytest.raises(ValueError, match="both locked and excluded"):
        propose(NEED, CAN, locked=[("K1", 1)], excluded=[("K1", 1)])
    with pytest.raises(ValueError, match="outside"):
        propose(NEED, CAN, locked=[("K9", 1)])


def test_all_zero_fits_propose_nothing_and_report_everyone():
    result = propose(profile([]), CAN, kelurahan=["K2", "K1"])

    assert result.fit.height == 6 and result.fit["fit"].sum() == 0
    assert pairs(result) == {}
    assert (result.unassigned, result.idle, result.total_fit) == (["K1", "K2"], [1, 2, 3], 0.0)


def test_an_opd_without_categories_appears_in_the_matrix_with_zeros_and_stays_idle():
    result = propose(NEED, CAN, opds=[1, 2, 3, 7])

    assert result.fit.filter(pl.col("opd") == 7)["fit"].to_list() == [0.0, 0.0, 0.0]
    assert pairs(result) == {"K1": 1, "K2": 3, "K3": 2}
    assert result.idle == [7]


def test_among_equal_totals_the_pairing_serving_more_kelurahan_wins():
    # K1-1 5 + K2-2 5 (K3 nothing) = 10 = K1-1 5 + K2-3 2 + K3-2 3: the second serves everyone.
    need, can, places, agencies = from_matrix([[5, 0, 0], [0, 5, 2], [0, 3, 0]])

    result = propose(need, can, places, agencies)

    assert pairs(result) == {"K0": 0, "K1": 2, "K2": 1}
    assert result.total_fit == pytest.approx(10)


def test_ties_are_broken_the_same_way_whatever_the_order_of_the_input():
    need, can, places, agencies = from_matrix([[1, 1], [1, 1]])

    first = propose(need, can, places, agencies)
    shuffled = propose(need.reverse(), can.reverse(), places[::-1], agencies[::-1])

    assert pairs(first) == pairs(shuffled)
    assert first.assignment.equals(shuffled.assignment)


def brute_force_best(matrix: list[list[int]], banned: set[tuple[int, int]]) -> int:
    """The largest total over every partial one-to-one pairing, by enumeration (pairs may be left out)."""
    n, m = len(matrix), len(matrix[0])
    best = 0
    for columns in itertools.permutations([*range(m), *([None] * n)], n):
        chosen = [(i, j) for i, j in enumerate(columns) if j is not None]
        if any(pair in banned for pair in chosen):
            continue
        best = max(best, sum(matrix[i][j] for i, j in chosen))
    return best


@pytest.mark.parametrize("seed", range(40))
def test_the_total_equals_a_brute_force_search_on_small_random_matrices(seed):
    rng = random.Random(seed)
    n, m = rng.randint(1, 4), rng.randint(1, 4)
    matrix = [[rng.choice([0, 0, 1, 2, 3, 5, 8]) for _ in range(m)] for _ in range(n)]
    banned = {(i, j) for i in range(n) for j in range(m) if rng.random() < 0.15}
    need, can, places, agencies = from_matrix(matrix)

    result = propose(need, can, places, agencies, excluded=[(places[i], agencies[j]) for i, j in banned])

    assert result.total_fit == pytest.approx(brute_force_best(matrix, banned))
    chosen = pairs(result)
    assert len(set(chosen.values())) == len(chosen)  # one-to-one
    assert all((int(k[1:]), o) not in banned for k, o in chosen.items())
    assert len(chosen) + len(result.unassigned) == n and len(chosen) + len(result.idle) == m
