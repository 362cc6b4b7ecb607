"""One partition per release for the registry's row tables, on PostgreSQL.

Households, families, members and welfare ranks are LIST-partitioned by ``release_id`` (migration 0006).
An import loads its release into new tables that have no index yet, then attaches them: PostgreSQL builds
each index once over the loaded rows and checks the household's foreign keys with one query, which is what
brings a million-member import within its target. Releases never change after import, so a partition is
written once. A release created any other way gets its (empty, attached) partitions when it is saved, so
rows written one at a time through the ORM have a place to go.

There is no default partition (migration 0008): attaching next to one locks it against every reader until
the import commits. Attaching takes only a SHARE UPDATE EXCLUSIVE lock on the table, which readers pass.

An import and the deletion of a release lock the four tables in the same order (``lock_tables``), so
they queue instead of deadlocking.

SQLite has no partitions; there every function here does nothing and the import writes into the tables.
The decision and what it costs every read: docs/adr/0002-registry-partitioned-by-release.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections

from .models import Family, Household, Member, RegistryRelease, WelfareRank

PARTITIONED = (Household, Family, Member, WelfareRank)
_loading_in_bulk: ContextVar[bool] = ContextVar("registry_partitions_loading_in_bulk", default=False)


def partitioned(using: str = "default") -> bool:
    return connections[using].vendor == "postgresql"


def partition_name(parent: str, release_id: int) -> str:
    return f"{parent}_r{int(release_id)}"


def _parents(using: str) -> list[str]:
    """The four tables, if they are partitioned in this database (not while migrating to 0006)."""
    parents = [model._meta.db_table for model in PARTITIONED]
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_class WHERE relkind = 'p' AND relname = ANY(%s)", [parents])
        found = {name for (name,) in cursor.fetchall()}
    return [parent for parent in parents if parent in found]


def lock_tables(using: str = "default") -> None:
    """Take the four tables' write lock in one fixed order (readers are not blocked), until the end of the
    transaction. The import takes it before anything else, and so does a release's deletion, whose cascade
    would otherwise lock members before households while an import holds households and waits for members."""
    if not partitioned(using):
        return
    quote = connections[using].ops.quote_name
    tables = ", ".join(quote(model._meta.db_table) for model in PARTITIONED)
    with connections[using].cursor() as cursor:
        cursor.execute(f"LOCK TABLE ONLY {tables} IN SHARE ROW EXCLUSIVE MODE")


@contextmanager
def loading_in_bulk() -> Iterator[None]:
    """A release created inside this block gets no partitions when saved: the import makes its own."""
    token = _loading_in_bulk.set(True)
    try:
        yield
    finally:
        _loading_in_bulk.reset(token)


def create_attached(release_id: int, using: str = "default") -> None:
    """Empty partitions for ``release_id``, with every index, for rows written one at a time."""
    if not partitioned(using):
        return
    quote = connections[using].ops.quote_name
    with connections[using].cursor() as cursor:
        for parent in _parents(using):
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {quote(partition_name(parent, release_id))} "
                f"PARTITION OF {quote(parent)} FOR VALUES IN ({int(release_id)})"
            )


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
    """Attach the tables made by ``create_detached``: builds their indexes, checks their foreign keys, and
    gathers their statistics.

    Without statistics the planner guesses at a million fresh rows until autovacuum gets to them: measured,
    the first kelurahan profile after a million-person import took 146 s, the same page 0.26 s once the
    partitions were analysed (bench/RESULTS.md, 2026-12-06). ANALYZE samples a fixed number of rows, so it
    costs about a second whatever the size; it runs inside the import's transaction and counts from its commit.
    """
    if not partitioned(using):
        return
    quote = connections[using].ops.quote_name
    with connections[using].cursor() as cursor:
        for model in PARTITIONED:
            parent = model._meta.db_table
            table = quote(partition_name(parent, release_id))
            cursor.execute(f"ALTER TABLE {quote(parent)} ATTACH PARTITION {table} FOR VALUES IN ({int(release_id)})")
            cursor.execute(f"ANALYZE {table}")


def drop(release_id: int, using: str = "default") -> None:
    """Remove a release's partitions with their rows (the release row itself is the caller's)."""
    if not partitioned(using):
        return
    quote = connections[using].ops.quote_name
    with connections[using].cursor() as cursor:
        for model in PARTITIONED:
            cursor.execute(f"DROP TABLE IF EXISTS {quote(partition_name(model._meta.db_table, release_id))}")


def created_with_release(sender: type, instance: RegistryRelease, created: bool, using: str, **kwargs: object) -> None:
    """``post_save`` of a release: its partitions, unless an import is loading them itself."""
    if created and not kwargs.get("raw") and not _loading_in_bulk.get():
        create_attached(instance.pk, using)


def locked_before_delete(sender: type, instance: object, using: str, **kwargs: object) -> None:
    """``pre_delete`` of a release (inside the deletion's transaction): the import's lock order first."""
    lock_tables(using)


def drop_with_release(sender: type, instance: RegistryRelease, using: str, **kwargs: object) -> None:
    """``post_delete`` of a release: its partitions, emptied by the ORM's cascade, go too."""
    drop(instance.pk, using)
