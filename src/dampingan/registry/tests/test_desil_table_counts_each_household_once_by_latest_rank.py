import datetime as dt

import pytest

from dampingan.access.scope import Scope
from dampingan.registry.models import Household, WelfareRank
from dampingan.registry.statistics import desil_by_kelurahan

pytestmark = pytest.mark.django_db


def test_a_household_ranked_twice_counts_once_in_its_latest_desil(registry, persona):
    household = Household.objects.filter(release=registry, ranks__isnull=False).first()
    before = {row["code"]: row for row in desil_by_kelurahan(Scope.for_user(persona("tkpk")), registry)}
    old = household.ranks.order_by("-ranked_on").first()
    new_desil = 10 if old.desil != 10 else 9
    WelfareRank.objects.create(
        release=registry,
        household=household,
        desil=new_desil,
        ranked_on=old.ranked_on + dt.timedelta(days=30),
        method=old.method,
    )

    after = {row["code"]: row for row in desil_by_kelurahan(Scope.for_user(persona("tkpk")), registry)}

    row, was = after[household.kelurahan_id], before[household.kelurahan_id]
    assert row["total"] == was["total"]
    assert row["desil"][new_desil - 1] == was["desil"][new_desil - 1] + 1
    assert row["desil"][old.desil - 1] == was["desil"][old.desil - 1] - 1
