"""Django's PostgreSQL backend, told about the tables partitioned by release.

Django shortens ``GROUP BY`` to a model's primary key on PostgreSQL, relying on the database to see every
other column as depending on it. A partitioned table's primary key must hold the partition key, so the
registry's households, families, members and welfare ranks have (id, release_id) as their key in the
database (registry/migrations/0006) and PostgreSQL refuses ``GROUP BY id`` alone. For those models Django
here groups by every selected column, as it does on other databases. Why a backend of our own:
docs/adr/0003-own-postgresql-backend.md.
"""

from django.db.backends.postgresql import base, features


class DatabaseFeatures(features.DatabaseFeatures):
    def allows_group_by_selected_pks_on_model(self, model) -> bool:
        # Imported here: Django may load the backend before the apps' models are ready.
        from dampingan.registry.partitions import PARTITIONED

        return super().allows_group_by_selected_pks_on_model(model) and model not in PARTITIONED


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
