"""Release diff on hand-made releases: matching by key, by shared NIKs, splits, and desil moves."""

import polars as pl

from dampingan.analytics.release_diff import diff_releases, match_units, summary_by_kelurahan

KEL_A, KEL_B = "33.75.04.1001", "33.75.04.1002"


def units(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={"unit": pl.Int64, "key": pl.String, "kelurahan": pl.String, "desil": pl.Int64},
        orient="row",
    )


def persons(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"unit": pl.Int64, "nik": pl.String}, orient="row")


def status_of(diff: pl.DataFrame) -> dict[tuple, str]:
    return {(r["unit_old"], r["unit_new"]): r["status"] for r in diff.iter_rows(named=True)}


def test_same_source_matches_on_registry_id_and_sees_desil_moves():
    old = units([(1, "H1", KEL_A, 1), (2, "H2", KEL_A, 3), (3, "H3", KEL_A, 2), (4, "H4", KEL_B, 4)])
    new = units([(11, "H1", KEL_A, 1), (12, "H2", KEL_A, 6), (13, "H3", KEL_A, 1), (15, "H5", KEL_B, 2)])
    empty = persons([])

    diff = diff_releases(old, empty, new, empty)

    assert status_of(diff) == {
        (1, 11): "same",
        (2, 12): "up",
        (3, 13): "down",
        (4, None): "left",
        (None, 15): "entered",
    }
    summary = {r["kelurahan"]: r for r in summary_by_kelurahan(diff).iter_rows(named=True)}
    assert (summary[KEL_A]["old"], summary[KEL_A]["new"], summary[KEL_A]["graduated"]) == (3, 3, 1)
    assert (summary[KEL_B]["left"], summary[KEL_B]["entered"]) == (1, 1)


def test_a_change_of_source_matches_on_shared_niks_one_to_one():
    # DTKS ids mean nothing in DTSEN: the keys differ, the persons are the same.
    old = units([(1, "IDBDT-1", KEL_A, 2), (2, "IDBDT-2", KEL_A, 2)])
    old_people = persons([(1, "A1"), (1, "A2"), (1, "A3"), (2, "B1"), (2, "B2")])
    new = units([(21, "KK-9", KEL_A, 2), (22, "KK-8", KEL_B, 5)])
    new_people = persons([(21, "B1"), (21, "B2"), (22, "A1"), (22, "A2"), (22, "A3"), (22, None)])

    pairs = match_units(old, old_people, new, new_people)
    diff = diff_releases(old, old_people, new, new_people)

    assert sorted(pairs.iter_rows()) == [(1, 22), (2, 21)]
    assert status_of(diff) == {(1, 22): "up", (2, 21): "same"}
    moved = diff.filter(pl.col("unit_old") == 1).row(0, named=True)
    assert (moved["kelurahan_old"], moved["kelurahan"]) == (KEL_A, KEL_B)


def test_a_split_household_keeps_its_larger_part_and_the_other_part_entered():
    old = units([(1, None, KEL_A, 1)])
    old_people = persons([(1, "P1"), (1, "P2"), (1, "P3"), (1, "P4"), (1, "P5")])
    new = units([(31, None, KEL_A, 1), (32, None, KEL_A, 1)])
    new_people = persons([(31, "P1"), (31, "P2"), (32, "P3"), (32, "P4"), (32, "P5")])

    assert status_of(diff_releases(old, old_people, new, new_people)) == {(1, 32): "same", (None, 31): "entered"}


def test_a_second_best_partner_is_used_when_the_best_is_taken():
    # New 41 shares 3 persons with old 1; new 42 shares 2 with old 1 and 1 with old 2: 42 pairs with 2.
    old = units([(1, None, KEL_A, 1), (2, None, KEL_A, 3)])
    old_people = persons([(1, "P1"), (1, "P2"), (1, "P3"), (1, "P4"), (1, "P5"), (2, "Q1")])
    new = units([(41, None, KEL_A, 1), (42, None, KEL_A, 2)])
    new_people = persons([(41, "P1"), (41, "P2"), (41, "P3"), (42, "P4"), (42, "P5"), (42, "Q1")])

    assert status_of(diff_releases(old, old_people, new, new_people)) == {(1, 41): "same", (2, 42): "down"}


def test_duplicate_keys_fall_back_to_persons_and_a_missing_desil_is_unranked():
    old = units([(1, "DUP", KEL_A, 2), (2, "DUP", KEL_A, 3)])
    old_people = persons([(1, "X"), (2, "Y")])
    new = units([(51, "DUP", KEL_A, None), (52, "NEW", KEL_A, 3)])
    new_people = persons([(51, "Y"), (52, "X")])

    assert status_of(diff_releases(old, old_people, new, new_people)) == {(2, 51): "unranked", (1, 52): "up"}


def test_nothing_in_common_means_all_left_and_all_entered():
    old, new = units([(1, "A", KEL_A, 1)]), units([(2, "B", KEL_A, 1)])

    diff = diff_releases(old, persons([(1, "N1")]), new, persons([(2, "N2")]))

    assert status_of(diff) == {(1, None): "left", (None, 2): "entered"}
