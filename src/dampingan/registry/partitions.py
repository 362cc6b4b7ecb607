"""One partition per release for the registry's row tables, on PostgreSQL.

Households, families, members and welfare ranks are LIST-partitioned by ``release_id`` (migration 0006).
An import loads its release into new tables that have no index yet, then attaches them: PostgreSQL builds
each index once over the loaded rows and checks the household's foreign keys with one query, which is what
brings a million-member import within its target. Releases never change after import, so a partition is
written once. Rows written one at a time through the ORM (tests, hand fixes) go to the release's partition if
it has one, else to the default partition.

SQLite has no partitions; there every function here does nothing and the import writes into the tables.
"""

from __future__ import annotations

from django.db import connections

from .models import Family, Household, Member, WelfareRank

PARTITIONED = (Household, Family, Member, WelfareRank)


def partitioned(using: str = "default") -> bool:
    return connections[using].vendor == "postgresql"


def partition_name(parent: str, release_id: int) -> str:
    return f"{parent}_r{int(release_id)}"


def create_detached(release_id: int, using: str = "default") -> dict[str, str]:
    """Empty, index-free tables shaped like each partitioned table, for ``release_id``'s rows; returns
    parent table → table to load. On SQLite, the tables themselves.

    Each carries ``CHECK (release_id = N)``, so that attaching it needs no scan to prove its rows belong.
    A table left by an earlier release with the same id (ids restart when a test database is flushed) is
    dropped first: a new release has no rows yet.
    """
    parents = [model._meta.db_table for model in PARTITIONED]
    if not partitioned(using):
        return {parent: parent for parent in parents}
    quote = connections[using].ops.quote_name
    tables = {}
    with connections[using].cursor() as cursor:
        for parent in parents:
            table = partition_name(parent, release_id)
            cursor.execute(f"DROP TABLE IF EXISTS {quote(table)}")
            cursor.execute(
                f"CREATE TABLE {quote(table)} (LIKE {quote(parent)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS, "
                f"CONSTRAINT {quote(table + '_release')} CHECK (release_id = {int(release_id)}))"
            )
            tables[parent] = table
    return tables


def attach(release_id: int, using: str = "default") -> None:
    """Attach the tables made by ``create_detached``: builds their indexes, checks their foreign keys."""
    if not partitioned(using):
        return
    quote = connections[using].ops.quote_name
    with connections[using].cursor() as cursor:
        for model in PARTITIONED:
            parent = model._meta.db_table
            cursor.execute(
                f"ALTER TABLE {quote(parent)} ATTACH PARTITION {quote(partition_name(parent, release_id))} "
                f"FOR VALUES IN ({int(release_id)})"
            )


def drop(release_id: int, using: str = "default") -> None:
    """Remove a release's partitions with their rows (the release row itself is the caller's)."""
    if not partitioned(using):
        return
    quote = connections[using].ops.quote_name
    with connections[using].cursor() as cursor:
        for model in PARTITIONED:
            cursor.execute(f"DROP TABLE IF EXISTS {quote(partition_name(model._meta.db_table, release_id))}")


def drop_with_release(sender: type, instance: object, using: str, **kwargs: object) -> None:
    """``post_delete`` of a release: its partitions, emptied by the ORM's cascade, go too."""
    drop(instance.pk, using)  # type: ignore[attr-defined]
