"""On PostgreSQL, the registry tables lose their default partition (added by 0006).

Why: attaching a release's partition next to a default partition locks the default one ACCESS EXCLUSIVE
until the import commits, so every query not narrowed to one release waited for the end of each import
(shown in review: a plain household count waited 7 s behind an attach). Without it, attaching locks the
table SHARE UPDATE EXCLUSIVE, which readers pass. A release now gets its own partitions when it is created
(registry/partitions.py); here every release that has none gets them, and the rows the default partitions
held move into their release's partition. SQLite has no partitions: there this migration does nothing.
"""

from django.db import migrations

TABLES = ("registry_household", "registry_family", "registry_member", "registry_welfarerank")


def _partition_exists(cursor, name: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_class WHERE relname = %s AND relkind = 'r' AND relispartition", [name])
    return cursor.fetchone() is not None


def drop_default_partitions(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id FROM registry_registryrelease ORDER BY id")
        releases = [int(release_id) for (release_id,) in cursor.fetchall()]
        for table in TABLES:
            default = f"{table}_default"
            cursor.execute(f"ALTER TABLE {table} DETACH PARTITION {default}")
            for release_id in releases:
                if not _partition_exists(cursor, f"{table}_r{release_id}"):
                    cursor.execute(
                        f"CREATE TABLE {table}_r{release_id} PARTITION OF {table} FOR VALUES IN ({release_id})"
                    )
            # A row of a release that no longer exists has nowhere to go and fails here, loudly.
            cursor.execute(f"INSERT INTO {table} SELECT * FROM {default}")  # noqa: S608 (same columns)
            cursor.execute(f"DROP TABLE {default}")


def add_default_partitions(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"CREATE TABLE {table}_default PARTITION OF {table} DEFAULT")


class Migration(migrations.Migration):
    dependencies = [("registry", "0007_upload_progress_lives_in_the_cache")]

    operations = [migrations.RunPython(drop_default_partitions, add_default_partitions, elidable=False)]
