"""On PostgreSQL, households, families, members and welfare ranks become tables partitioned by release
(LIST on release_id): one partition per release, and a default partition for rows written one by one.

Why (measured at 1,000,000 members, bench/RESULTS.md): an import then loads its release into tables without
indexes and attaches them, so every index is built once over the loaded rows instead of taking a million
keys one at a time (members: COPY 7.9 s into the indexed table, 2.0 s + 2.1 s to load then attach), and the
household's foreign keys are checked by one query at attach instead of one per row at COMMIT.

What changes in the schema: the primary key of each table becomes (id, release_id), because a unique key of
a partitioned table must hold the partition key; ids still come from one sequence per table, so id alone
stays unique. Nothing may hold a database foreign key to these tables (interventions 0002 dropped the two
there were). Every index, unique and foreign-key constraint is re-created on the partitioned table under
its own name, so later Django migrations find them. Rows already stored move into one partition per
release. SQLite has no partitions: there this migration does nothing.
"""

from django.db import migrations

TABLES = ("registry_household", "registry_family", "registry_member", "registry_welfarerank")


def _definitions(cursor, table: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(name, definition) of the table's unique and foreign-key constraints, and of its other indexes."""
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY conname",
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = %s "
        "AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass) "
        "ORDER BY indexname",
        [table, table],
    )
    # A partitioned table's own index reads "ON ONLY parent": re-created that way it would not reach the
    # partitions.
    indexes = [(name, definition.replace(" ON ONLY ", " ON ")) for name, definition in cursor.fetchall()]
    return constraints, indexes


def _rebuild(cursor, table: str, *, partitioned: bool) -> None:
    old = f"{table}_before_0006"
    constraints, indexes = _definitions(cursor, table)
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    (sequence,) = cursor.fetchone()
    cursor.execute(f"SELECT last_value, is_called FROM {sequence}")  # noqa: S608 (a name from the catalogue)
    last_value, is_called = cursor.fetchone()
    # Free the names: indexes share one namespace per schema.
    for name, _definition in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{table}_pkey"')
    cursor.execute(f"ALTER TABLE {table} RENAME TO {old}")
    shape = "PARTITION BY LIST (release_id)" if partitioned else ""
    cursor.execute(
        f"CREATE TABLE {table} (LIKE {old} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING IDENTITY) {shape}"
    )
    if partitioned:
        cursor.execute(f"CREATE TABLE {table}_default PARTITION OF {table} DEFAULT")
        cursor.execute(f"SELECT DISTINCT release_id FROM {old} ORDER BY release_id")  # noqa: S608
        for (release_id,) in cursor.fetchall():
            cursor.execute(
                f"CREATE TABLE {table}_r{int(release_id)} PARTITION OF {table} FOR VALUES IN ({int(release_id)})"
            )
    cursor.execute(f"INSERT INTO {table} SELECT * FROM {old}")  # noqa: S608 (same columns: LIKE)
    key = "id, release_id" if partitioned else "id"
    cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{table}_pkey" PRIMARY KEY ({key})')
    for name, definition in constraints:
        cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    for _name, definition in indexes:
        cursor.execute(definition)
    cursor.execute(f"DROP TABLE {old} CASCADE")  # CASCADE: the old partitions, when going back
    cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, %s)", [table, last_value, is_called])
    # The new identity sequence was named with a suffix while the old one existed; give it the usual name.
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    (new_sequence,) = cursor.fetchone()
    if new_sequence.rsplit(".", 1)[-1] != f"{table}_id_seq":
        cursor.execute(f"ALTER SEQUENCE {new_sequence} RENAME TO {table}_id_seq")


def partition(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in TABLES:
            _rebuild(cursor, table, partitioned=True)


def unpartition(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in TABLES:
            _rebuild(cursor, table, partitioned=False)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0005_welfare_rank_unique_within_release"),
        ("interventions", "0002_beneficiary_registry_keys_without_database_constraint"),
    ]

    operations = [migrations.RunPython(partition, unpartition, elidable=False)]
