"""The demo's registry is one city over three releases: DTKS 2022 and DTKS 2024 superseded, DTSEN 2025
current, so that the release diff, the profile's "change since the last release" and the measures of each release
have something true to show; and loading again adds nothing."""

import polars as pl
import pytest

from dampingan.access.scope import Scope
from dampingan.demo.services import DEMO_RELEASES, PEKALONGAN_SELATAN_ASSIGNMENTS, load_demo
from dampingan.profiles.queries import previous_release
from dampingan.registry.diffs import city_diff
from dampingan.registry.models import RegistryRelease, ReleaseStatus
from dampingan.registry.queries import current_release

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(pekalongan):
    return load_demo(region_roots=["33.75"], registry_persons=3000)


def test_three_releases_in_date_order_the_dtsen_one_current(city):
    releases = list(RegistryRelease.objects.order_by("data_date"))

    assert [(r.source, r.status, r.sk_number) for r in releases] == [
        ("dtks", ReleaseStatus.SUPERSEDED, "DEMO/DTKS/2022"),
        ("dtks", ReleaseStatus.SUPERSEDED, "DEMO/DTKS/2024"),
        ("dtsen", ReleaseStatus.CURRENT, "DEMO/DTSEN/2025"),
    ]
    assert all(r.file_title.endswith("(DATA SINTETIS)") and r.excluded_row_count == 0 for r in releases)
    assert current_release() == releases[2] and previous_release(releases[2]) == releases[1]
    # The family extract: one household per family.
    assert releases[2].household_count == releases[2].family_count


def test_the_diff_of_each_pair_shows_a_population_that_lived(city):
    old, middle, new = RegistryRelease.objects.order_by("data_date")

    for before, after in ((old, middle), (middle, new)):
        counts = dict(city_diff(before, after)["status"].value_counts().iter_rows())
        assert all(counts.get(status, 0) > 0 for status in ("entered", "left", "up", "down", "same")), counts
        assert counts["same"] > counts["entered"] + counts["left"]  # most households stay, most keep their desil


def test_poor_households_of_the_mentored_kelurahan_got_out_more_often(city):
    old, _middle, new = RegistryRelease.objects.order_by("data_date")
    rows = city_diff(old, new).filter(pl.col("desil_old") <= 4, pl.col("status").is_in(["up", "down", "same"]))
    out = rows.with_columns(
        out=pl.col("desil_new") > 4, mentored=pl.col("kelurahan").is_in(list(PEKALONGAN_SELATAN_ASSIGNMENTS))
    )
    shares = dict(out.group_by("mentored").agg(pl.col("out").mean()).iter_rows())

    assert shares[True] > shares[False]


def test_loading_again_adds_no_release(city):
    again = load_demo(region_roots=["33.75"], registry_persons=3000)

    assert RegistryRelease.objects.count() == len(DEMO_RELEASES)
    assert not [line for line in again.created if "synthetic release" in line]


def test_interventions_list_households_of_the_release_current_when_they_began(pekalongan, persona):
    """An intervention of 2023 lists households of DTKS 2022; targeting counts them at the households they became
    in DTSEN 2025, and some of the poor it reached in the mentored kelurahan have left desil 1-4 since."""
    import datetime as dt

    from dampingan.interventions.models import Beneficiary
    from dampingan.interventions.targeting_data import targeting_for

    load_demo(region_roots=["33.75"], registry_persons=3000, programme=True, today=dt.date(2025, 6, 26))
    old, middle, new = RegistryRelease.objects.order_by("data_date")

    linked = Beneficiary.objects.exclude(household=None)
    by_release = {r: linked.filter(household__release=r).count() for r in (old, middle, new)}
    # On 26 June 2025 every intervention began before DTSEN 2025 was approved (19 May 2025).
    assert by_release[old] > 0 and by_release[middle] > 0 and by_release[new] == 0, by_release
    result, _frames = targeting_for(Scope.for_user(persona("tkpk")))
    # Only the people the registry never held, and households that left it since, count as outside it.
    outside = result.links.filter(pl.col("category") == "outside_registry").height
    flagged = Beneficiary.objects.filter(household=None).count()
    assert flagged <= outside < flagged + linked.exclude(household__release=new).count() / 5
    carried = city_diff(old, new).filter(
        pl.col("unit_old").is_in(list(linked.filter(household__release=old).values_list("household_id", flat=True)))
    )
    assert carried.filter((pl.col("desil_old") <= 4) & (pl.col("desil_new") > 4)).height > 0
