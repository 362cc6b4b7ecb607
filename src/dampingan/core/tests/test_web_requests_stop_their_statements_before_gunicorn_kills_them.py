"""A web process (gunicorn through dampingan.wsgi) bounds each PostgreSQL statement below gunicorn's timeout,
so a request it kills leaves no query running; the console and the task worker stay unbounded."""

import os
import subprocess
import sys

import pytest

SHOW = (
    "import os, sys; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'dampingan.settings'); {entry}; "
    "from django.db import connection; c = connection.cursor(); c.execute('SHOW statement_timeout'); "
    "print(c.fetchone()[0])"
)
pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="statement_timeout is PostgreSQL's"
)


def _statement_timeout(entry: str, **env: str) -> str:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SHOW.format(entry=entry)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_wsgi_application_bounds_its_statements():
    assert _statement_timeout("import dampingan.wsgi") == "25s"
    assert _statement_timeout("import dampingan.wsgi", DAMPINGAN_WEB_STATEMENT_TIMEOUT="10") == "10s"


def test_the_console_and_the_worker_are_not_bounded():
    assert _statement_timeout("import django; django.setup()") == "0"


def test_gunicorn_kills_a_request_after_the_database_stopped_it():
    from dampingan import gunicorn_conf

    assert gunicorn_conf.timeout > 25 and gunicorn_conf.worker_class == "gthread"
