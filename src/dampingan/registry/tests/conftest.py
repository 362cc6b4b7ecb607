"""A scratch database used only through separate processes (commands, gunicorn, the task worker), for the tests
of faults: a SQLite file, or a PostgreSQL database made for the module when DATABASE_URL is set."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from dampingan.registry.synth import synth_registry

PERSONS = 40_000  # each import stage then lasts long enough to be caught in the middle (tenths of a second or more)
REGISTRY_TABLES = ["registry_registryrelease", "registry_household", "registry_family", "registry_member",
                   "registry_welfarerank"]  # fmt: skip


class Scratch:
    """A migrated database with the demo's regions and users, used only through separate processes."""

    def __init__(self, data_dir: Path, database_url: str | None) -> None:
        self.data_dir = data_dir
        self.database_url = database_url
        inherited = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
        self.env = {**inherited, "DAMPINGAN_DATA_DIR": str(data_dir)}
        if database_url:
            self.env["DATABASE_URL"] = database_url

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603
            [sys.executable, "-m", "dampingan", *args], env=self.env, capture_output=True, text=True, timeout=600
        )

    def left(self) -> dict[str, int]:
        """Rows in each registry table, and the tables of releases' partitions (PostgreSQL)."""
        if self.database_url:
            import psycopg

            with psycopg.connect(self.database_url) as connection:
                counts = {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in REGISTRY_TABLES}  # noqa: S608
                partitions = "^registry_(household|family|member|welfarerank)_r[0-9]+$"
                counts["partition tables"] = connection.execute(
                    "SELECT count(*) FROM pg_tables WHERE tablename ~ %s", [partitions]
                ).fetchone()[0]
                return counts
        with sqlite3.connect(self.data_dir / "dampingan.sqlite3") as connection:
            return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in REGISTRY_TABLES}  # noqa: S608


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("faults")
    url = os.environ.get("DATABASE_URL")
    admin = name = None
    if url:
        import psycopg

        parts = urlsplit(url)
        name = f"dampingan_faults_{uuid.uuid4().hex[:8]}"
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        url = urlunsplit(parts._replace(path=f"/{name}"))
    scratch = Scratch(data_dir, url)
    try:
        migrated = scratch.manage("migrate", "--noinput")
        assert migrated.returncode == 0, migrated.stderr
        loaded = scratch.manage(
            "shell", "-c", "from dampingan.demo.services import load_demo; load_demo(['33.75'], registry_persons=0)"
        )
        assert loaded.returncode == 0, loaded.stderr
        source = data_dir / "dtks.csv"
        synth_registry(PERSONS, "33.75", seed=11).write_csv(source)
        scratch.source = source
        yield scratch
    finally:
        if admin:
            import psycopg

            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
