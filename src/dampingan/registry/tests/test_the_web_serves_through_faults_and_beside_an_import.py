"""The web server keeps serving through faults and beside an import: PostgreSQL dropping its
connections, and an import writing its rows while the web writes too. gunicorn and the import run as separate
processes on a scratch database of their own (conftest.scratch)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest
from tests.local_server import free_port, get, post

from dampingan.registry.synth import synth_registry

from .conftest import PERSONS


def _gunicorn(scratch, port: int, threads: int) -> subprocess.Popen:
    env = {
        **scratch.env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": str(threads),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:dampingan.gunicorn_conf", "dampingan.wsgi"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def test_the_web_server_recovers_when_postgresql_drops_its_connections(scratch):
    # What a PostgreSQL restart does to a running server: every connection it held is gone. The next request must
    # be answered on a new connection (CONN_HEALTH_CHECKS), without restarting gunicorn.
    if not scratch.database_url:
        pytest.skip("PostgreSQL's connections")
    import psycopg

    port = free_port()
    server = _gunicorn(scratch, port, threads=1)
    try:
        assert get(f"http://127.0.0.1:{port}/healthz", wait=60)[0] == 200
        database = urlsplit(scratch.database_url).path.lstrip("/")
        with psycopg.connect(scratch.database_url, autocommit=True) as connection:
            dropped = connection.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [database],
            ).fetchone()[0]
        assert dropped >= 1  # the server's own connection was among them

        assert [get(f"http://127.0.0.1:{port}/healthz")[0] for _ in range(3)] == [200, 200, 200]
    finally:
        server.kill()
        server.wait()


ISSUE_TOKEN = (
    "from dampingan.accounts.models import ApiToken, User; "
    "print(ApiToken.issue(User.objects.get(username='tkpk'), 'writes during an import')[1])"
)


def test_the_web_keeps_writing_while_an_import_writes(scratch, tmp_path):
    """The web server and an import write at the same time (on SQLite "database is locked" was
    seen): every request sent while the import writes its rows is answered 201 and stored, token use included, and
    the import completes. On SQLite the web waits for the import's write lock (WAL, IMMEDIATE transactions, the
    20 s busy timeout); on PostgreSQL nothing waits."""
    source = tmp_path / "dtks-2.csv"
    synth_registry(PERSONS, "33.75", seed=13).write_csv(source)
    secret = scratch.manage("shell", "--no-imports", "-c", ISSUE_TOKEN).stdout.strip()
    port = free_port()
    server = _gunicorn(scratch, port, threads=2)
    try:
        assert get(f"http://127.0.0.1:{port}/healthz", wait=60)[0] == 200
        importing = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "dampingan", "import_registry", str(source), "--source", "dtks", "--user",
             "operator.dinsos"],
            env=scratch.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        os.set_blocking(importing.stderr.fileno(), False)
        progress, answers = b"", []
        while importing.poll() is None:
            progress += importing.stderr.read(65536) or b""
            writing = re.search(rb"(^|[\r\n])(households|families|members|indexes|statistics)\b", progress)
            started = time.monotonic()
            status, _body = post(
                f"http://127.0.0.1:{port}/api/partners/",
                {"name": f"Mitra uji {len(answers)}", "kind": "perusahaan"},
                secret,
            )
            answers.append((bool(writing), status, time.monotonic() - started))
        progress += importing.stderr.read() or b""

        assert importing.returncode == 0, progress.decode(errors="replace")[-2000:]
        during_writes = [a for a in answers if a[0]]
        longest = max(seconds for _w, _s, seconds in answers)
        print(f"\n{len(answers)} writes, {len(during_writes)} while the import wrote; the longest took {longest:.2f} s")
        assert len(during_writes) >= 3
        assert {status for _w, status, _s in answers} == {201}
        stored = scratch.manage(
            "shell", "--no-imports", "-c",
            "from dampingan.interventions.models import Partner; "
            "print(Partner.objects.filter(name__startswith='Mitra uji').count())",
        )  # fmt: skip
        assert stored.stdout.strip() == str(len(answers))
    finally:
        server.kill()
        server.wait()
