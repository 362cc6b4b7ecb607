"""Shared fixtures: the Kota Pekalongan demo and its personas, on the real database (SQLite or PostgreSQL)."""

from __future__ import annotations

import pytest
from django.test import Client

from dampingan.accounts.models import User
from dampingan.demo.services import load_demo


@pytest.fixture(autouse=True)
def _fast_passwords(settings):  # type: ignore[no-untyped-def]
    # PBKDF2 at production strength costs ~0.3 s per login; the hash algorithm is not under test here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "id"
    # Tests render templates from the package's static folder, not from a collectstatic manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def pekalongan(db):  # type: ignore[no-untyped-def]
    """Kota Pekalongan's regions, OPDs, the Pekalongan Selatan decree and one demo user per role."""
    return load_demo(region_roots=["33.75"], registry_persons=0)


PERSONAS = {
    "tkpk": "tkpk",
    "mentor_dlh": "mentor.dlh",  # OPD mentor of DLH, assigned to Jenggot
    "camat_selatan": "camat.selatan",
    "lurah_banyurip": "lurah.banyurip",
    "operator": "operator.dinsos",
    "viewer": "pengamat",
}


@pytest.fixture
def persona(pekalongan):  # type: ignore[no-untyped-def]
    """``persona("lurah_banyurip")`` → the demo user of that role."""

    def get(key: str) -> User:
        return User.objects.get(username=PERSONAS[key])

    return get


@pytest.fixture
def client_as(persona):  # type: ignore[no-untyped-def]
    """``client_as("tkpk")`` → a test client logged in as that persona."""

    def make(key: str) -> Client:
        client = Client()
        client.force_login(persona(key))
        return client

    return make
