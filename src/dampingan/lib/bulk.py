"""Bulk writes that stay fast on both databases: COPY on PostgreSQL, executemany on SQLite.

The ORM's ``save()`` per row is far too slow for registry-sized files (hundreds of thousands of rows);
these helpers write plain tuples and let the database resolve conflicts.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, cast

import polars as pl
from django.db import connections, transaction


def upsert_rows(
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    key: Sequence[str],
    *,
    using: str = "default",
) -> int:
    """Insert ``rows`` into ``table``; where ``key`` already exists, update the other columns.

    Rows whose values are unchanged are left alone, so re-running a load reports 0 and rewrites nothing.
    Returns the number of rows inserted or changed. Runs in one transaction: all rows or none.
    """
    connection = connections[using]
    quote = connection.ops.quote_name
    cols = ", ".join(quote(c) for c in columns)
    keys = ", ".join(quote(c) for c in key)
    others = [c for c in columns if c not in key]
    assignments = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in others)
    distinct = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    changed = " OR ".join(f"{quote(table)}.{quote(c)} {distinct} excluded.{quote(c)}" for c in others)
    on_conflict = (
        f"ON CONFLICT ({keys}) DO UPDATE SET {assignments} WHERE {changed}"
        if others
        else (f"ON CONFLICT ({keys}) DO NOTHING")
    )

    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            stage = quote(f"stage_{table}")
            cursor.execute(
                f"CREATE TEMP TABLE {stage} AS SELECT {cols} FROM {quote(table)} WITH NO DATA"  # noqa: S608
            )
            with cursor.copy(f"COPY {stage} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(f"INSERT INTO {quote(table)} ({cols}) SELECT {cols} FROM {stage} {on_conflict}")  # noqa: S608
            count = int(cursor.rowcount)
            cursor.execute(f"DROP TABLE {stage}")
            return count
        placeholders = ", ".join(["%s"] * len(columns))
        before = connection.connection.total_changes
        cursor.executemany(
            f"INSERT INTO {quote(table)} ({cols}) VALUES ({placeholders}) {on_conflict}",  # noqa: S608
            list(rows),
        )
        return int(connection.connection.total_changes - before)


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], *, using: str = "default") -> None:
    """Append ``rows`` to ``table``: COPY on PostgreSQL, executemany on SQLite. Call inside a transaction."""
    connection = connections[using]
    quote = connection.ops.quote_name
    cols = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {quote(table)} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        # sqlite3 consumes any iterable; the stubs ask for a Sequence, and a list would hold every row at once.
        statement = f"INSERT INTO {quote(table)} ({cols}) VALUES ({placeholders})"  # noqa: S608
        cursor.executemany(statement, cast(Sequence[Any], rows))


COPY_SLICE_ROWS = 50_000


def insert_frame(
    table: str,
    frame: pl.DataFrame | pl.LazyFrame,
    *,
    using: str = "default",
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Append a polars frame whose columns are named like the table's: on PostgreSQL as one CSV stream
    through COPY (no Python per row), on SQLite through executemany. Call inside a transaction.

    A LazyFrame is computed slice by slice, so a million-row table is never held whole in memory.
    ``progress(rows_written, rows)`` is called after each slice; on PostgreSQL that is while the COPY is
    open, so it must not use the database connection (a query there would wait for the COPY for ever).
    """
    connection = connections[using]
    lazy = frame.lazy()
    columns = lazy.collect_schema().names()
    height = lazy.select(pl.len()).collect().item()
    report = progress or (lambda _done, _total: None)

    def counted(part: pl.DataFrame, start: int) -> pl.DataFrame:
        report(start, height)  # the slices before this one are written
        return part

    slices = (
        counted(lazy.slice(start, COPY_SLICE_ROWS).collect(), start) for start in range(0, height, COPY_SLICE_ROWS)
    )
    if connection.vendor != "postgresql":
        # Dates as ISO text, which is how Django stores them in SQLite: no Python date object per cell.
        rows = (row for part in slices for row in part.with_columns(pl.col(pl.Date).cast(pl.String)).iter_rows())
        insert_rows(table, columns, rows, using=using)
        report(height, height)
        return
    quote = connection.ops.quote_name
    cols = ", ".join(quote(c) for c in columns)
    # \N marks NULL, so that an empty string stays an empty string.
    statement = f"COPY {quote(table)} ({cols}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        # In slices: the CSV text of a whole million-row frame would be another few hundred MB at once.
        for part in slices:
            copy.write(part.write_csv(include_header=False, null_value="\\N"))
    report(height, height)


def reserve_ids(table: str, count: int, *, using: str = "default") -> range:
    """``count`` fresh primary keys for ``table``, so that parents and children can be written in bulk.
    Call inside the transaction that writes them.

    PostgreSQL moves the table's sequence on by ``count`` in one statement and hands out the range; the
    table lock taken first (readers are not blocked; other writers wait for this transaction) keeps anyone
    else from drawing a number inside it. Drawing the keys one by one took a second per 270,000 rows.
    SQLite takes the ones after the highest ever used: safe because Dampingan opens SQLite transactions
    IMMEDIATE, so no other writer runs until this one commits, and records the block as used.
    """
    if count == 0:
        return range(0)
    connection = connections[using]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ONLY: a partitioned table's partitions stay unlocked (an autovacuum on one of them would
            # otherwise hold this up), yet every insert through the table itself must wait.
            cursor.execute(f"LOCK TABLE ONLY {quote(table)} IN SHARE ROW EXCLUSIVE MODE")
            cursor.execute(
                "SELECT setval(seq, nextval(seq) + %s - 1) FROM (SELECT pg_get_serial_sequence(%s, 'id') AS seq) s",
                [count, table],
            )
            last = cursor.fetchone()[0]
            return range(last - count + 1, last + 1)
        # AUTOINCREMENT remembers ids of deleted rows in sqlite_sequence: never hand those out again.
        cursor.execute(
            f"SELECT MAX(COALESCE((SELECT MAX(id) FROM {quote(table)}), 0), "  # noqa: S608
            "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
            [table],
        )
        start = cursor.fetchone()[0] + 1
        # Recorded as used, so that a second block or a row added before these are written comes after.
        cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [start + count - 1, table])
        if cursor.rowcount == 0:
            cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, start + count - 1])
        return range(start, start + count)


# SQLite's page cache is 2 MB by default: a load of a million rows into indexed tables then spills dirty
# pages to the WAL again and again. 256 MB (negative = KiB) holds the indexes being extended.
SQLITE_BULK_CACHE_KIB = 256 * 1024


@contextmanager
def bulk_load(*, using: str = "default") -> Iterator[None]:
    """Settings for a large load inside the current transaction, restored afterwards.

    SQLite gets a larger page cache for the connection; PostgreSQL needs nothing (COPY already bypasses
    the per-statement work, and the server's settings are the operator's to choose).
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_BULK_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")
