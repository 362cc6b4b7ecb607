"""The SQL loader gives the same desil as the registry's own query, and flags links outside the release."""

from __future__ import annotations

import datetime as dt

from dampingan.interventions import targeting_data
from dampingan.registry.models import Household, RankMethod, WelfareRank
from dampingan.registry.queries import latest_rank

from .targeting_fixtures import KURIPAN_KERTOHARJO, households_of, link, make_intervention


def test_households_carry_the_latest_rank_as_the_registry_query_does(registry):
    household = Household.objects.filter(release=registry).order_by("pk").first()
    # A later local rank wins over the official one; on the same day the official one wins.
    WelfareRank.objects.create(
        release=registry, household=household, desil=9, ranked_on=dt.date(2030, 1, 1), method=RankMethod.COMPUTED
    )

    frame = targeting_data.load_households(registry)
    expected = dict(Household.objects.filter(release=registry).annotate(d=latest_rank()).values_list("pk", "d"))

    assert dict(frame.select("household", "desil").rows()) == expected
    assert expected[household.pk] == 9
    assert frame.height == registry.household_count


def test_links_outside_the_release_or_flagged_are_not_in_the_registry(registry, persona):
    tkpk = persona("tkpk")
    intervention = make_intervention(tkpk, KURIPAN_KERTOHARJO, planned="100.01", realised="0.99")
    household = households_of(registry, KURIPAN_KERTOHARJO, (1, 2, 3, 4))[0]
    link(intervention, household, tkpk)
    link(intervention, None, tkpk, kelurahan=KURIPAN_KERTOHARJO, nik="3375010101900001")

    frames = targeting_data.load_frames(registry)
    rows = sorted(frames.links.select("household", "kelurahan", "in_registry").rows(), key=str)

    assert rows == sorted([(household.pk, KURIPAN_KERTOHARJO, True), (None, KURIPAN_KERTOHARJO, False)], key=str)
    assert frames.interventions.select("planned", "realised").rows() == [(10_001, 99)]
