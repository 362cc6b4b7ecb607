"""``reserve_ids`` hands out a block of primary keys for bulk writes; nobody else may get one of them."""

from django.db import transaction

from dampingan.lib.bulk import reserve_ids
from dampingan.regions.models import Region
from dampingan.registry.models import Household, RegistryRelease


def test_reserved_blocks_follow_each_other_and_later_rows_get_keys_after_them(persona):
    operator = persona("operator")
    table = Household._meta.db_table
    release = RegistryRelease.objects.create(
        source="dtks", region_code="33.75", file_name="a.csv", checksum="a" * 64, imported_by=operator
    )
    with transaction.atomic():
        first = reserve_ids(table, 1_000)
        second = reserve_ids(table, 5)
    kelurahan = Region.objects.get(code="33.75.01.1002")

    later = Household.objects.create(release=release, kelurahan=kelurahan)

    assert len(first) == 1_000 and len(second) == 5
    assert second.start == first.stop  # one block after the other, none overlapping
    assert later.pk >= second.stop
    assert reserve_ids(table, 0) == range(0)
