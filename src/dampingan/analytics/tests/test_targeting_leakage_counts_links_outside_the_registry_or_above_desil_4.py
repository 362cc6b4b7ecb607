"""Leakage (inclusion error) over all counted links, whatever their status."""

import pytest

from dampingan.analytics.targeting import targeting

from . import targeting_example as ex


@pytest.fixture
def result():
    return targeting(ex.households(), ex.links(), ex.interventions())


def test_leakage_per_kelurahan_states_its_parts(result):
    a, b, c = (result.area("kelurahan", name) for name in "ABC")

    # A: links of households 4 (twice, desil 6), 1, 3, 2 (proposed), 5 (unranked); the cancelled i3 link is not counted.
    assert (a["links"], a["outside_registry"], a["desil_5_plus"], a["unranked"], a["eligible"]) == (6, 0, 2, 1, 3)
    assert a["leakage"] == pytest.approx(2 / 6)
    # B: household 6 (eligible), one person not in the registry, household 7 (desil 5, suspended: still selected).
    assert (b["links"], b["outside_registry"], b["desil_5_plus"]) == (3, 1, 1)
    assert b["leakage"] == pytest.approx(2 / 3)
    # C: a link to a household of an earlier release counts as outside the registry, whatever its old desil.
    assert (c["links"], c["outside_registry"], c["leakage"]) == (1, 1, 1.0)


def test_leakage_of_the_whole_scope(result):
    everything = result.area("all")

    assert (everything["links"], everything["outside_registry"], everything["desil_5_plus"]) == (10, 2, 3)
    assert everything["leakage"] == 0.5
    assert result.area("kecamatan", "K1")["leakage"] == pytest.approx(4 / 9)


def test_each_counted_link_carries_its_category(result):
    categories = result.links.group_by("category").len().sort("category").rows()

    assert categories == [("desil_5_plus", 3), ("eligible", 4), ("outside_registry", 2), ("unranked", 1)]
    assert 3 not in result.links["intervention"].to_list()  # the cancelled intervention
