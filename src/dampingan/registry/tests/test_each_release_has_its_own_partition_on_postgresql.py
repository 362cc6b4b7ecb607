"""On PostgreSQL every release's households, families, members and ranks live in their own partitions
(registry/partitions.py, migration 0006): loaded without indexes, then attached, which builds the indexes
and checks the household's foreign keys. These tests look at the catalogue, not only at the rows."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count

from dampingan.demo.services import load_demo
from dampingan.registry import imports, partitions
from dampingan.registry.models import Household, Member, RegistryRelease
from dampingan.registry.synth import synth_registry

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="partitions are PostgreSQL's")

PARENTS = [model._meta.db_table for model in partitions.PARTITIONED]
BEFORE_0006 = [("registry", "0005_welfare_rank_unique_within_release")]


def attached(parent: str) -> dict[str, str]:
    """partition → its bound, e.g. {"registry_member_r3": "FOR VALUES IN ('3')"}."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
            "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = %s::regclass",
            [parent],
        )
        return dict(cursor.fetchall())


def index_columns(table: str) -> list[str]:
    """The column lists of a table's indexes, e.g. ["(id, release_id)", "(release_id, nik)"]."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [table])
        return sorted(definition[definition.rindex("(") :] for (definition,) in cursor.fetchall())


def rows_in(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return cursor.fetchone()[0]


def import_synthetic(actor, seed: int) -> RegistryRelease:
    plan = imports.plan_import(synth_registry(600, "33.75", seed=seed).write_csv().encode(), f"s{seed}.csv")
    return imports.run_import(actor, plan, source="dtks")


def test_an_import_attaches_one_indexed_partition_per_table_holding_all_its_rows(persona):
    operator = persona("operator")
    first, second = import_synthetic(operator, 1), import_synthetic(operator, 2)

    for release in (first, second):
        for model in partitions.PARTITIONED:
            parent = model._meta.db_table
            partition = partitions.partition_name(parent, release.pk)
            assert attached(parent)[partition] == f"FOR VALUES IN ('{release.pk}')"
            # Every index of the table was built on the partition when it was attached.
            assert index_columns(partition) == index_columns(parent)
            assert rows_in(partition) == model.objects.filter(release=release).count() > 0
    assert first.member_count == rows_in(partitions.partition_name("registry_member", first.pk))
    assert not [name for parent in PARENTS for name in attached(parent) if name.endswith("_default")]
    # Queries that group by a household work although its key in the database is (id, release_id).
    sizes = Household.objects.filter(release=first).annotate(n=Count("members")).values_list("member_count", "n")
    assert all(stored == counted for stored, counted in sizes)


def test_an_import_leaves_its_partitions_analysed_for_the_planner(persona):
    release = import_synthetic(persona("operator"), 3)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, count(*) FROM pg_stats WHERE tablename = ANY(%s) GROUP BY tablename",
            [[partitions.partition_name(parent, release.pk) for parent in PARENTS]],
        )
        analysed = dict(cursor.fetchall())

    # Column statistics exist only after ANALYZE; without them a million-row partition is planned blind.
    assert set(analysed) == {partitions.partition_name(parent, release.pk) for parent in PARENTS}


def test_attaching_checks_the_households_foreign_keys_in_the_database(persona):
    release = RegistryRelease.objects.create(
        source="dtks", region_code="33.75", file_name="x.csv", checksum="c" * 64, imported_by=persona("operator")
    )
    table = partitions.create_detached(release.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table['registry_household']} (id, release_id, kelurahan_id, registry_id, address, rt, rw, "  # noqa: S608
            "member_count, family_count, assets, programme_cards, livestock) "
            "VALUES (990001, %s, '33.75.99.9999', 'X', '', '', '', 1, 1, '[]', '[]', '{}')",
            [release.pk],
        )
    with pytest.raises(IntegrityError, match="kelurahan_id"), transaction.atomic():
        partitions.attach(release.pk)


def test_a_release_made_without_the_importer_gets_its_partitions_for_rows_written_one_by_one(persona):
    operator = persona("operator")
    imported = import_synthetic(operator, 3)
    by_hand = RegistryRelease.objects.create(
        source="lokal", region_code="33.75", file_name="survei.csv", checksum="d" * 64, imported_by=operator
    )

    Household.objects.create(release=imported, kelurahan_id="33.75.01.1002", registry_id="TAMBAHAN")
    Household.objects.create(release=by_hand, kelurahan_id="33.75.01.1002", registry_id="SURVEI")

    assert Household.objects.get(registry_id="TAMBAHAN").release == imported
    assert rows_in(partitions.partition_name("registry_household", by_hand.pk)) == 1
    assert index_columns(partitions.partition_name("registry_member", by_hand.pk)) == index_columns("registry_member")
    later = import_synthetic(operator, 4)
    assert Household.objects.filter(release=later).count() == later.household_count


def locks_held(relations: list[str]) -> set[tuple[str, str]]:
    """(relation, lock mode) that this connection holds on ``relations``."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE l.pid = pg_backend_pid() AND c.relname = ANY(%s)",
            [relations],
        )
        return set(cursor.fetchall())


@pytest.mark.django_db(transaction=True)  # the other release is committed, as it would be
def test_attaching_a_release_leaves_the_tables_and_other_releases_open_to_readers(persona):
    operator = persona("operator")
    import_synthetic(operator, 7)
    with transaction.atomic():
        with partitions.loading_in_bulk():  # as the import does; empty tables are enough to see the locks
            release = RegistryRelease.objects.create(
                source="dtks", region_code="33.75", file_name="y.csv", checksum="e" * 64, imported_by=operator
            )
        own = set(partitions.create_detached(release.pk).values())
        partitions.attach(release.pk)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.relname, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "WHERE l.pid = pg_backend_pid() AND c.relname LIKE 'registry\\_%%'"
            )
            held = cursor.fetchall()

    # Only the new release's own tables and their indexes are locked against readers (a default
    # partition would be too).
    blocking = {name for name, mode in held if mode in {"AccessExclusiveLock", "ExclusiveLock"}}
    assert blocking and all(any(name.startswith(table) for table in own) for name in blocking), blocking
    assert {"registry_member", "registry_household"} <= {name for name, _ in held}  # the query saw them


def test_deleting_a_release_takes_the_locks_in_the_order_an_import_takes_them(persona):
    operator = persona("operator")
    release = import_synthetic(operator, 8)
    with transaction.atomic():
        release.delete()
        held = locks_held(PARENTS)

    assert {(parent, "ShareRowExclusiveLock") for parent in PARENTS} <= held


def test_deleting_a_release_drops_its_partitions(persona):
    operator = persona("operator")
    gone, kept = import_synthetic(operator, 5), import_synthetic(operator, 6)
    gone_id = gone.pk

    gone.delete()

    for parent in PARENTS:
        assert partitions.partition_name(parent, gone_id) not in attached(parent)
        assert partitions.partition_name(parent, kept.pk) in attached(parent)
    assert not Member.objects.filter(release_id=gone_id).exists()


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_stored_rows_into_one_partition_per_release_and_back():
    load_demo(region_roots=["33.75"], registry_persons=0, coordination=False)
    from dampingan.accounts.models import User

    operator = User.objects.get(username="operator.dinsos")
    migrate(BEFORE_0006)
    # Rows are written through the models as they were at 0005: today's have columns added since.
    old = MigrationExecutor(connection).loader.project_state(BEFORE_0006).apps
    old_release, old_household, old_family, old_member, old_rank = (
        old.get_model("registry", name) for name in ("RegistryRelease", "Household", "Family", "Member", "WelfareRank")
    )
    try:
        assert attached("registry_member") == {}  # a plain table again
        releases = [
            old_release.objects.create(
                source="dtks",
                region_code="33.75",
                file_name=f"{n}.csv",
                checksum=str(n) * 64,
                imported_by_id=operator.pk,
            )
            for n in (1, 2)
        ]
        for number, release in enumerate(releases, start=1):
            for home in range(number * 2):
                household = old_household.objects.create(
                    release=release, kelurahan_id="33.75.01.1002", registry_id=f"H{number}-{home}"
                )
                family = old_family.objects.create(
                    release=release, household=household, kelurahan_id="33.75.01.1002", no_kk=f"{home:016d}"
                )
                old_member.objects.create(
                    release=release, household=household, family=family, kelurahan_id="33.75.01.1002", name="A"
                )
                old_rank.objects.create(
                    release=release, household=household, desil=1, ranked_on=dt.date(2025, 1, 1), method="official"
                )
        highest = Household.objects.order_by("-pk").values_list("pk", flat=True).first()

        migrate(latest())

        for parent in PARENTS:
            assert set(attached(parent)) == {f"{parent}_r{r.pk}" for r in releases}
        assert [Household.objects.filter(release_id=r.pk).count() for r in releases] == [2, 4]
        assert rows_in(f"registry_member_r{releases[1].pk}") == 4
        assert "(id, release_id)" in index_columns("registry_household")
        # The key sequence goes on after the rows it moved.
        assert Household.objects.create(release_id=releases[0].pk, kelurahan_id="33.75.01.1002").pk > highest

        migrate(BEFORE_0006)
        assert attached("registry_household") == {} and old_household.objects.count() == 7
        assert "(id)" in index_columns("registry_household")
    finally:
        migrate(latest())
