"""The ranking's coverage and budget columns come from the linked households and the kept figures, not from
the whole release; they must equal what the targeting page computes from every household."""

import polars as pl
import pytest

from dampingan.access.scope import Scope
from dampingan.dashboard import ranking
from dampingan.interventions.targeting_data import targeting_for

COLUMNS = ["eligible", "reached", "coverage", "planned", "realised"]


@pytest.mark.parametrize("key", ["tkpk", "camat_selatan", "lurah_banyurip", "mentor_dlh"])
def test_coverage_and_budget_per_kelurahan_equal_the_targeting_page(persona, programme, key):
    user = persona(key)
    frame = ranking.kelurahan_ranking(Scope.for_user(user)).frame
    found, _frames = targeting_for(Scope.for_user(user))
    expected = found.summary.filter(pl.col("level") == "kelurahan").select(pl.col("area").alias("code"), *COLUMNS)

    shown = frame.select("code", *COLUMNS).join(expected.select("code"), on="code", how="semi")
    assert shown.sort("code").to_dicts() == expected.sort("code").to_dicts()
    assert expected["reached"].sum() > 0 or key in {"lurah_banyurip"}
    # A kelurahan the targeting page does not list has no figure on the ranking either.
    others = frame.join(expected.select("code"), on="code", how="anti")
    assert others["eligible"].null_count() == others.height
