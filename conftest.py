"""Shared fixtures: the Kota Pekalongan demo and its personas, on the real database (SQLite or PostgreSQL)."""

from __future__ import annotations

import pytest
from django.test import Client

from dampingan.accounts.models import User
from dampingan.demo.services import load_demo


@pytest.fixture(autouse=True)
def _fast_passwords(settings, tmp_path):
    # PBKDF2 at production strength costs ~0.3 s per login; the hash algorithm is not under test here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "id"
    # Uploaded files (registry uploads, decree PDFs, visit photos) go to the test's own folder.
    settings.MEDIA_ROOT = tmp_path / "media"
    # Upload ids repeat from test to test: each test gets its own progress cache.
    settings.CACHES = {
        **settings.CACHES,
        "progress": {**settings.CACHES["progress"], "LOCATION": str(tmp_path / "progress")},
        "uploads": {**settings.CACHES["uploads"], "LOCATION": str(tmp_path / "uploads")},
    }
    # Tests render templates from the package's static folder, not from a collectstatic manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def pekalongan(db):
    """Kota Pekalongan's regions, OPDs, the Pekalongan Selatan decree and one demo user per role."""
    return load_demo(region_roots=["33.75"], registry_persons=0, coordination=False)


@pytest.fixture
def demo_coordination(pekalongan):
    """The seeds' Catur Pilar (7 July 2022) and Rakor TKPK (26 June 2025) with the demo TKPK team."""
    from dampingan.demo.meetings import load_demo_coordination

    return load_demo_coordination()


PERSONAS = {
    "tkpk": "tkpk",
    "mentor_dlh": "mentor.dlh",  # OPD mentor of DLH, assigned to Jenggot
    "mentor_dindagkop": "mentor.dindagkop",  # OPD mentor of Dindagkop-UKM, assigned to Kuripan Kertoharjo
    "camat_selatan": "camat.selatan",
    "lurah_banyurip": "lurah.banyurip",
    "operator": "operator.dinsos",
    "viewer": "pengamat",
}


@pytest.fixture
def persona(pekalongan):
    """``persona("lurah_banyurip")`` → the demo user of that role."""

    def get(key: str) -> User:
        return User.objects.get(username=PERSONAS[key])

    return get


@pytest.fixture
def client_as(persona):
    """``client_as("tkpk")`` → a test client logged in as that persona."""

    def make(key: str) -> Client:
        client = Client()
        client.force_login(persona(key))
        return client

    return make


@pytest.fixture
def api_as(persona):
    """``api_as("lurah_banyurip")`` → a client that sends that persona's fresh bearer token."""
    from dampingan.accounts.models import ApiToken

    def make(key: str) -> Client:
        _token, secret = ApiToken.issue(persona(key), "test")
        return Client(headers={"Authorization": f"Bearer {secret}"})

    return make


@pytest.fixture
def registry(persona):
    """1,500 synthetic persons across the city, imported by the operator and approved by the TKPK."""
    import datetime as dt

    from dampingan.registry import imports, services
    from dampingan.registry.synth import synth_registry

    plan = imports.plan_import(synth_registry(1500, "33.75", seed=4).write_csv().encode(), "sintetis.csv")
    release = imports.run_import(persona("operator"), plan, source="dtks")
    return services.approve_release(persona("tkpk"), release, sk_number="DEMO/1", sk_date=dt.date(2025, 4, 4))
