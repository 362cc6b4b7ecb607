"""A beneficiary added while an earlier release was current counts, once a newer release is approved, at the household
it became (the release diff's matching) — not as "outside the registry", which made every beneficiary leakage the
day a pemda approved its next release. Its leakage is judged on the desil it had when it was added."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from dampingan.access.scope import Scope
from dampingan.interventions import targeting_data
from dampingan.interventions.models import Beneficiary
from dampingan.registry import imports, services
from dampingan.registry.models import Household
from dampingan.registry.synth import synth_registry

from .targeting_fixtures import KURIPAN_KERTOHARJO, households_of, link, make_intervention


@pytest.fixture
def two_releases(registry, persona):
    """Beneficiaries of the first release in Kuripan Kertoharjo; then a DTSEN release of the same people (no ids
    carry over, only NIKs) in which one beneficiary household left the registry and one rose to desil 8."""
    tkpk = persona("tkpk")
    intervention = make_intervention(tkpk, KURIPAN_KERTOHARJO)
    poor = households_of(registry, KURIPAN_KERTOHARJO, (1, 2, 3))[:4]
    for household in poor:
        link(intervention, household, tkpk)
    Beneficiary.objects.update(desil=2)
    gone, risen = poor[0].registry_id, poor[1].registry_id
    frame = synth_registry(1500, "33.75", seed=4)
    newer = frame.filter(pl.col("IDBDT") != gone).with_columns(
        pl.when(pl.col("IDBDT") == risen).then(pl.lit("8")).otherwise(pl.col("Desil")).alias("Desil"),
        ("X" + pl.col("IDBDT")).alias("IDBDT"),
        ("X" + pl.col("IDARTBDT")).alias("IDARTBDT"),
    )
    plan = imports.plan_import(newer.write_csv().encode(), "dtsen.csv")
    release = imports.run_import(persona("operator"), plan, source="dtsen")
    services.approve_release(tkpk, release, sk_number="DEMO/2", sk_date=dt.date(2025, 10, 1))
    return release, poor


def test_links_to_the_earlier_release_count_at_the_household_they_became(two_releases):
    release, poor = two_releases
    successors = [Household.objects.get(release=release, registry_id="X" + h.registry_id) for h in poor[1:]]

    frames = targeting_data.load_frames(release)
    rows = frames.links.sort("household", nulls_last=True)

    carried = rows.filter(pl.col("in_registry"))
    assert sorted(carried["household"]) == sorted(h.pk for h in successors)
    assert set(carried["kelurahan"]) == {KURIPAN_KERTOHARJO} and set(carried["kecamatan"]) == {"33.75.04"}
    # The household that left the registry is outside it; the one that rose is judged on its desil when added.
    assert rows.filter(~pl.col("in_registry")).height == 1
    assert carried["desil"].to_list() == [2, 2, 2]


def test_the_targeting_reaches_them_and_finds_no_leakage_in_them(two_releases, persona):
    release, _poor = two_releases

    result, _frames = targeting_data.targeting_for(
        Scope.for_user(persona("tkpk")), kelurahan=KURIPAN_KERTOHARJO, release=release
    )
    row = result.summary.filter(pl.col("level") == "kelurahan").row(0, named=True)

    # Three households reached; two of them still in desil 1-4 (the third rose to desil 8 since).
    assert (row["reached_households"], row["reached"]) == (3, 2)
    categories = dict(result.links.group_by("category").len().rows())
    assert categories == {"eligible": 3, "outside_registry": 1}


def test_the_dashboard_ranking_frames_hold_the_carried_households(two_releases):
    release, _poor = two_releases

    frames = targeting_data.load_frames(release, linked_only=True)

    carried = frames.links.filter(pl.col("in_registry"))["household"].to_list()
    assert set(carried) <= set(frames.households["household"].to_list()) and len(carried) == 3
