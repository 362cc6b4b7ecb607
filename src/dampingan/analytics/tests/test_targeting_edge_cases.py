"""Targeting with nothing to count: no beneficiaries, no registry households."""

import polars as pl

from dampingan.analytics.targeting import HOUSEHOLDS_SCHEMA, INTERVENTIONS_SCHEMA, targeting

from . import targeting_example as ex


def test_without_beneficiaries_every_priority_household_is_uncovered():
    result = targeting(ex.households(), ex.no_links(), pl.DataFrame(schema=INTERVENTIONS_SCHEMA))
    everything = result.area("all")

    assert (everything["eligible"], everything["reached"], everything["coverage"]) == (4, 0, 0.0)
    assert everything["exclusion_error"] == 1.0
    assert (everything["links"], everything["leakage"]) == (0, None)
    assert (everything["realised"], everything["realised_per_household"]) == (0, None)
    assert result.uncovered["household"].to_list() == [1, 2, 6, 3]
    assert result.overlap.height == 0
    assert result.by_strategy.filter(pl.col("level") == "all")["reached"].to_list() == [0, 0, 0]


def test_beneficiaries_without_a_registry_still_show_their_kelurahan_and_leakage():
    result = targeting(pl.DataFrame(schema=HOUSEHOLDS_SCHEMA), ex.links(), ex.interventions())

    b = result.area("kelurahan", "B")
    assert (b["households"], b["eligible"], b["coverage"]) == (0, 0, None)
    assert (b["links"], b["outside_registry"]) == (3, 1)
    assert result.area("all")["links"] == 10
    assert result.uncovered.height == 0


def test_empty_everything_gives_one_empty_total():
    result = targeting(pl.DataFrame(schema=HOUSEHOLDS_SCHEMA), ex.no_links(), pl.DataFrame(schema=INTERVENTIONS_SCHEMA))

    assert result.summary.select("level", "area", "households", "links").rows() == [("all", "", 0, 0)]
