"""The ranking's pure part: sources joined per kelurahan, small cells hidden before sorting, any column sorted."""

import polars as pl
import pytest

from dampingan.dashboard import ranking_table as rt

AREAS = pl.DataFrame(
    {
        "code": ["33.75.04.1002", "33.75.04.1004", "33.75.01.1002"],
        "name": ["Banyurip", "Jenggot", "Medono"],
        "kecamatan_code": ["33.75.04", "33.75.04", "33.75.01"],
        "kecamatan": ["Pekalongan Selatan", "Pekalongan Selatan", "Pekalongan Barat"],
        "opd": ["BPBD", "DLH", ""],
    }
)
DESIL = pl.DataFrame(
    {
        "code": ["33.75.04.1002", "33.75.04.1004", "33.75.01.1002"],
        "households": [120, 9, 200],
        "ranked_households": [100, 9, 200],
        "desil_1_4_households": [50, 9, 60],
        "desil_1_4_share": [0.5, 1.0, 0.3],
    }
)


def test_every_kelurahan_gets_a_row_and_absent_sources_leave_counts_zero_and_ratios_empty():
    targeting = pl.DataFrame(
        {
            "code": ["33.75.04.1002"],
            "eligible": [50],
            "reached": [10],
            "coverage": [0.2],
            "planned": [100_000_00],
            "realised": [25_000_00],
        }
    )
    reports = pl.DataFrame({"code": ["33.75.04.1002", "33.75.04.1004"], "missing_reports": [3, 0]})

    joined = rt.join_ranking(AREAS, desil=DESIL, targeting=targeting, reports=reports).sort("code")

    rows = {row["code"]: row for row in joined.iter_rows(named=True)}
    assert set(rows) == set(AREAS["code"])
    assert rows["33.75.04.1002"]["realisation"] == 0.25
    assert rows["33.75.04.1002"]["coverage"] == 0.2
    medono = rows["33.75.01.1002"]
    assert (medono["planned"], medono["reached"], medono["open_actions"]) == (0, 0, 0)
    assert medono["coverage"] is None and medono["m0"] is None and medono["realisation"] is None
    # No OPD assigned: no report was due, which is not "0 missing".
    assert medono["missing_reports"] is None and rows["33.75.04.1004"]["missing_reports"] == 0


def test_a_source_with_two_rows_for_one_kelurahan_is_refused():
    twice = pl.concat([DESIL, DESIL.head(1)])

    with pytest.raises(ValueError, match="more than one row"):
        rt.join_ranking(AREAS, desil=twice)


def test_hidden_cells_lose_their_registry_figures_and_cannot_place_their_row():
    joined = rt.join_ranking(AREAS, desil=DESIL)

    hidden = rt.hide(joined, {"33.75.04.1004"})
    key, descending = rt.parse_sort("-desil")
    ordered = rt.sort_ranking(hidden, key, descending)

    jenggot = hidden.filter(pl.col("code") == "33.75.04.1004").row(0, named=True)
    assert jenggot["suppressed"] and jenggot["households"] is None and jenggot["desil_1_4_share"] is None
    # Jenggot's 100 % would top the ranking; hidden, it goes last like a row without a value.
    assert ordered["name"].to_list() == ["Banyurip", "Medono", "Jenggot"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("-desil", ["Jenggot", "Banyurip", "Medono"]),
        ("desil", ["Medono", "Banyurip", "Jenggot"]),
        ("-ruta", ["Medono", "Banyurip", "Jenggot"]),
        ("kelurahan", ["Banyurip", "Jenggot", "Medono"]),
        ("-kecamatan", ["Banyurip", "Jenggot", "Medono"]),
        ("opd", ["Medono", "Banyurip", "Jenggot"]),
        ("bogus", ["Jenggot", "Banyurip", "Medono"]),
    ],
)
def test_any_column_sorts_both_ways_and_an_unknown_key_falls_back_to_desil(sort, expected):
    key, descending = rt.parse_sort(sort)

    ordered = rt.sort_ranking(rt.join_ranking(AREAS, desil=DESIL), key, descending)

    assert ordered["name"].to_list() == expected


def test_rows_without_a_value_stay_last_in_both_directions():
    reports = pl.DataFrame({"code": ["33.75.04.1002", "33.75.04.1004"], "missing_reports": [3, 0]})
    joined = rt.join_ranking(AREAS, desil=DESIL, reports=reports)

    up = rt.sort_ranking(joined, *rt.parse_sort("laporan_kosong"))
    down = rt.sort_ranking(joined, *rt.parse_sort("-laporan_kosong"))

    assert up["name"].to_list() == ["Jenggot", "Banyurip", "Medono"]
    assert down["name"].to_list() == ["Banyurip", "Jenggot", "Medono"]
