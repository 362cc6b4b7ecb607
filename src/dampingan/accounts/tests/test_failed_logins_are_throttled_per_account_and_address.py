"""Failed logins are throttled: sixty wrong passwords were followed by the right one, accepted. Now
the fifth failure in a row locks the account — or an address trying several accounts — for fifteen minutes, with
a page in Indonesian and a line in the security log; a successful login clears its own count."""

import logging

from django.test import Client

from .conftest import PASSWORD


def _login(client: Client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post("/masuk/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_the_right_password_is_refused_after_five_wrong_ones(lurah, caplog):
    client = Client()
    for _ in range(4):
        assert _login(client, lurah.username, "salah").status_code == 200
    with caplog.at_level(logging.WARNING, logger="dampingan.security"):
        assert _login(client, lurah.username, "salah").status_code == 429

    refused = _login(client, lurah.username, PASSWORD)

    assert refused.status_code == 429
    page = refused.content.decode()
    assert 'id="locked-out"' in page and "15 menit" in page
    assert "_auth_user_id" not in client.session
    # From another address too: the account itself waits.
    assert _login(Client(), lurah.username, PASSWORD, address="10.0.0.2").status_code == 429
    assert any("locked out" in record.getMessage() for record in caplog.records)


def test_an_address_trying_many_accounts_is_blocked(lurah, persona):
    client = Client()
    for username in ["tkpk", "operator.dinsos", "camat.selatan", "pengamat", "mentor.dlh"]:
        _login(client, username, "tebakan")

    assert _login(client, lurah.username, PASSWORD).status_code == 429
    # Another address is not affected.
    assert _login(Client(), lurah.username, PASSWORD, address="10.0.0.9").status_code == 302


def test_a_successful_login_clears_its_own_count(lurah):
    for _ in range(4):
        _login(Client(), lurah.username, "salah")
    assert _login(Client(), lurah.username, PASSWORD).status_code == 302

    for _ in range(4):
        _login(Client(), lurah.username, "salah")
    assert _login(Client(), lurah.username, PASSWORD).status_code == 302
