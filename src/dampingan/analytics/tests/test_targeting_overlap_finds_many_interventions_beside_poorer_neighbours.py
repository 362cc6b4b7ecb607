"""Overlap: households reached k or more times while a poorer household of the same kelurahan got none."""

import pytest

from dampingan.analytics.targeting import targeting

from . import targeting_example as ex


def test_a_household_in_two_interventions_beside_an_unreached_poorer_one_overlaps():
    result = targeting(ex.households(), ex.links(), ex.interventions())

    # Household 4 (A, desil 6) is reached by i1 and i2; household 2 (A, desil 2) by none.
    assert result.overlap.select(
        "household", "desil", "interventions", "poorer_unreached", "poorest_unreached_desil"
    ).rows() == [(4, 6, 2, 1, 2)]
    assert (result.area("kelurahan", "A")["overlap"], result.area("kelurahan", "B")["overlap"]) == (1, 0)
    assert (result.area("kecamatan", "K1")["overlap"], result.area("all")["overlap"]) == (1, 1)


def test_k_selects_how_many_interventions_count_as_overlap():
    once = targeting(ex.households(), ex.links(), ex.interventions(), k=1)
    thrice = targeting(ex.households(), ex.links(), ex.interventions(), k=3)

    # k=1: household 3 (desil 4, one intervention) also has the unreached desil-2 household below it;
    # household 1 (desil 1) has no poorer neighbour; household 6 in B has only desil 5 unreached, not
    # poorer; household 5 is unranked and left out.
    assert once.overlap["household"].to_list() == [4, 3]
    assert once.k == 1
    assert thrice.overlap.height == 0


def test_a_poorer_neighbour_in_another_kelurahan_does_not_count():
    # Household 7 (B, desil 5) unreached; household 4 is in A. Make household 2 reached, so A has no
    # unreached ranked household poorer than desil 6 - only household 8 (C) would be, and it is richer anyway.
    links = ex.links([*ex.links().drop("kecamatan").rows(), (4, 2, "A", "aktif", True, 2)])

    assert targeting(ex.households(), links, ex.interventions()).overlap.height == 0


def test_k_below_one_is_refused():
    with pytest.raises(ValueError, match="k must be at least 1"):
        targeting(ex.households(), ex.links(), ex.interventions(), k=0)
