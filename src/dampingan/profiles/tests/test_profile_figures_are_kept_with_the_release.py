"""The kelurahan profile's figures are kept with the release (registry/statistics.py): equal to a live count of
every kelurahan, read without counting the release's rows, and with ages on the release's own day — as the
household list behind each number counts them."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dampingan.profiles.tests.test_profile_numbers_match_the_lists_behind_them import result_count
from dampingan.regions.models import Region
from dampingan.registry import codes, deprivations, statistics
from dampingan.registry.kelurahan_indicators import counted_indicators, kelurahan_indicators
from dampingan.registry.models import Household, Member

JENGGOT = "33.75.04.1004"


def test_kept_figures_of_every_kelurahan_equal_a_live_count(registry):
    day = registry.ages_counted_on

    for code in Region.objects.in_deployment().villages().values_list("code", flat=True):
        assert kelurahan_indicators(registry, code) == counted_indicators(registry, code, day), code


def test_the_profile_reads_kept_figures_not_the_release_rows(client_as, registry):
    statistics.stored(registry)
    client = client_as("mentor_dlh")
    client.get(f"/kelurahan/{JENGGOT}/")

    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/kelurahan/{JENGGOT}/").status_code == 200

    registry_tables = ('"registry_household"', '"registry_member"', '"registry_welfarerank"')
    assert not [q["sql"] for q in queries if any(table in q["sql"] for table in registry_tables)]


def test_ages_are_counted_on_the_day_the_data_describe(client_as, registry):
    # A child of six when the data were collected, recorded as never at school, with adults only beside it:
    # too young then to make the household deprived, though nine years old today.
    collected = dt.date(2023, 7, 1)
    household = Household.objects.filter(release=registry, kelurahan_id=JENGGOT).first()
    child, *adults = Member.objects.filter(household=household).order_by("pk")
    Member.objects.filter(pk__in=[a.pk for a in adults]).update(birth_date=dt.date(1970, 1, 1))
    Member.objects.filter(pk=child.pk).update(
        birth_date=dt.date(2017, 1, 1), school_participation=codes.SchoolParticipation.NEVER
    )
    registry.data_date = collected
    registry.save(update_fields=["data_date"])
    out_of_school = deprivations.BY_KEY["child_out_of_school"]

    kept = {i.key: i.value for i in kelurahan_indicators(registry, JENGGOT)}

    assert kept == {i.key: i.value for i in counted_indicators(registry, JENGGOT, collected)}
    assert Household.objects.filter(out_of_school.q(dt.date(2026, 12, 1)), pk=household.pk).exists()
    assert not Household.objects.filter(out_of_school.q(collected), pk=household.pk).exists()
    # The list behind the number counts on the same day.
    page = client_as("tkpk").get(
        f"/data-terpadu/daftar/?release={registry.pk}&kelurahan={JENGGOT}&deprivation=child_out_of_school"
    )
    assert result_count(page.content.decode()) == kept["child_out_of_school"]
