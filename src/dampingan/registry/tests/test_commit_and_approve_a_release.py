"""Committing a validated file as a draft release, all or nothing, and approving it by a second user."""

import datetime as dt

import polars as pl
import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from dampingan.access.roles import Role
from dampingan.accounts.models import User
from dampingan.lib.spreadsheets import read_table
from dampingan.registry import services
from dampingan.registry.models import Family, Household, Member, RegistryRelease, ReleaseStatus, WelfareRank
from dampingan.registry.tests.test_registry_validation_rules import GOOD, pekalongan_villages, xlsx
from dampingan.registry.validation import Deployment, map_headers, validate


def validated(rows=GOOD):
    frame = read_table(xlsx(rows), "dtks.xlsx").frame
    mapping, _ = map_headers(frame.columns)
    renamed = frame.select([pl.col(h).alias(f) for f, h in mapping.items()])
    return validate(renamed, Deployment("33.75", pekalongan_villages()), dt.date(2026, 11, 22))


def commit(actor, result=None, checksum="a" * 64):
    return services.commit_release(
        actor,
        result or validated(),
        source="dtks",
        file_name="dtks.xlsx",
        checksum=checksum,
        data_date=dt.date(2025, 3, 31),
    )


def test_a_commit_writes_households_families_members_and_ranks(persona):
    release = commit(persona("operator"))

    assert release.status == ReleaseStatus.DRAFT
    assert (release.household_count, release.family_count, release.member_count) == (2, 2, 4)
    slamet = Member.objects.get(nik="3375041503750001")
    assert slamet.name == "Slamet" and slamet.sex == 1 and slamet.birth_date == dt.date(1975, 3, 15)
    assert slamet.household.registry_id == "RT1" and slamet.household.member_count == 3
    assert slamet.family.no_kk == "3375040101220003" and slamet.kelurahan_id == "33.75.04.1004"
    ranks = {r.household.registry_id: (r.desil, r.ranked_on, r.method) for r in WelfareRank.objects.all()}
    assert ranks == {"RT1": (1, dt.date(2025, 3, 31), "official"), "RT2": (3, dt.date(2025, 3, 31), "official")}


def test_households_with_errors_are_left_out_and_counted(persona):
    rows = [list(r) for r in GOOD]
    rows[0][2] = "3.37504E+15"

    release = commit(persona("operator"), validated(rows))

    assert release.household_count == 1 and release.excluded_row_count == 3
    assert list(Household.objects.values_list("registry_id", flat=True)) == ["RT2"]


def test_the_same_file_is_refused_the_second_time(persona):
    commit(persona("operator"))

    with pytest.raises(services.RegistryImportError, match="sudah diimpor"):
        commit(persona("operator"))
    assert RegistryRelease.objects.count() == 1


def test_a_failure_half_way_leaves_nothing_behind(persona, monkeypatch):
    real_insert = services.insert_frame

    def fail_on_members(table, *args, **kwargs):
        # On PostgreSQL the release's own member table (registry_member_r<id>), else the table itself.
        if table.startswith(Member._meta.db_table):
            raise RuntimeError("disk full")
        return real_insert(table, *args, **kwargs)

    monkeypatch.setattr(services, "insert_frame", fail_on_members)
    with pytest.raises(RuntimeError):
        commit(persona("operator"))

    assert (RegistryRelease.objects.count(), Household.objects.count(), Family.objects.count()) == (0, 0, 0)
    # Not even the release's empty tables are left behind.
    assert not [name for name in connection.introspection.table_names() if name.startswith("registry_member_r")]


@pytest.mark.parametrize("key", ["viewer", "lurah_banyurip", "mentor_dlh", "camat_selatan"])
def test_only_registry_operators_and_tkpk_import(persona, key):
    with pytest.raises(PermissionDenied):
        commit(persona(key))
    assert not RegistryRelease.objects.exists()


def test_a_second_tkpk_admin_approves_and_the_old_current_release_is_superseded(persona):
    importer, checker = persona("operator"), persona("tkpk")
    first = services.approve_release(checker, commit(importer), sk_number="400/001/2025", sk_date=dt.date(2025, 4, 4))
    second = commit(importer, checksum="b" * 64)

    services.approve_release(checker, second, sk_number="400/002/2025", sk_date=dt.date(2025, 7, 1))

    first.refresh_from_db()
    assert first.status == ReleaseStatus.SUPERSEDED
    assert RegistryRelease.objects.get(status=ReleaseStatus.CURRENT) == second
    assert second.approved_by == checker and second.sk_number == "400/002/2025"


def test_the_importer_cannot_approve_its_own_release(persona):
    admin = persona("tkpk")
    release = commit(admin)

    with pytest.raises(services.RegistryImportError):
        services.approve_release(admin, release, sk_number="1", sk_date=dt.date(2025, 1, 1))
    other = User.objects.create(username="tkpk2", role=Role.TKPK_ADMIN)
    assert services.approve_release(other, release, sk_number="1", sk_date=dt.date(2025, 1, 1)).status == "current"


def test_only_a_tkpk_admin_approves(persona):
    release = commit(persona("tkpk"))
    with pytest.raises(PermissionDenied):
        services.approve_release(persona("operator"), release, sk_number="1", sk_date=dt.date(2025, 1, 1))
