"""Fixtures of the account tests."""

import pytest

PASSWORD = "Kota-Batik-2026"


@pytest.fixture
def lurah(persona):
    """The lurah of Banyurip, with a known password."""
    user = persona("lurah_banyurip")
    user.set_password(PASSWORD)
    user.save()
    return user
