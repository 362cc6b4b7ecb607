"""A new password ends the user's API tokens at once (tokens survived a password reset, so a token
taken with a stolen password kept working after the owner changed it)."""

from django.test import Client

from dampingan.accounts.models import ApiToken

from .conftest import PASSWORD


def test_a_changed_password_ends_the_api_tokens(lurah, client_as):
    _token, secret = ApiToken.issue(lurah, "laptop kantor")
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    assert api.get("/api/regions/").status_code == 200

    changed = client_as("lurah_banyurip").post(
        "/akun/kata-sandi/",
        {"old_password": PASSWORD, "new_password1": "Batik-Baru-2027", "new_password2": "Batik-Baru-2027"},
    )

    assert changed.status_code == 302
    assert api.get("/api/regions/").status_code == 401


def test_a_password_set_by_the_administrator_ends_them_too(lurah):
    _token, secret = ApiToken.issue(lurah, "ponsel")
    lurah.set_password("Batik-Dari-Admin-2027")
    lurah.save()

    assert Client(headers={"Authorization": f"Bearer {secret}"}).get("/api/regions/").status_code == 401


def test_other_saves_keep_the_tokens(lurah):
    _token, secret = ApiToken.issue(lurah, "ponsel")
    lurah.phone = "0285-421000"
    lurah.save()

    assert Client(headers={"Authorization": f"Bearer {secret}"}).get("/api/regions/").status_code == 200
