"""The production path: settings from the environment, `check --deploy` clean, bad region code refused."""

import os
import subprocess
import sys

import pytest

PRODUCTION_ENV = {
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "dampingan.pekalongankota.go.id",
    "DAMPINGAN_HTTPS": "1",
    "DJANGO_DEBUG": "0",
}


def run_manage(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess:
    inherited = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}}
    environment = {**inherited, "DAMPINGAN_DATA_DIR": str(tmp_path), **env}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "dampingan", *args], env=environment, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = run_manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_https_settings_are_missing(tmp_path):
    env = {**PRODUCTION_ENV, "DAMPINGAN_HTTPS": "0"}
    result = run_manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode != 0
    assert "security.W" in result.stdout + result.stderr


def test_an_unknown_region_code_stops_the_app_with_a_clear_message(tmp_path):
    result = run_manage(tmp_path, "check", DAMPINGAN_REGION="33.99")

    assert result.returncode != 0
    assert "dampingan.E001" in result.stderr
    assert "DAMPINGAN_REGION='33.99' is not a Kemendagri kabupaten/kota code" in result.stderr


@pytest.mark.skipif(not os.environ.get("DATABASE_URL"), reason="only meaningful when DATABASE_URL is set")
def test_database_url_selects_postgresql(settings):
    from django.db import connection

    # Django's backend with the registry's partitioned tables known (core/postgresql/base.py).
    assert settings.DATABASES["default"]["ENGINE"] == "dampingan.core.postgresql"
    assert connection.vendor == "postgresql"


def test_a_non_sql_database_url_is_refused(tmp_path):
    result = run_manage(tmp_path, "check", DATABASE_URL="mysql://u:p@localhost/x")
    assert result.returncode != 0
    assert "DATABASE_URL must point to PostgreSQL" in result.stderr


def test_gunicorn_serves_the_wsgi_app(tmp_path):
    from gunicorn.app.wsgiapp import WSGIApplication

    assert WSGIApplication  # importable: the production server named in docs/deploy.md
    result = subprocess.run(
        [sys.executable, "-c", "import dampingan.wsgi as w; print(callable(w.application))"],
        env={**os.environ, "DAMPINGAN_DATA_DIR": str(tmp_path), **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "True", result.stderr
