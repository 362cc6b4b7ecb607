import re

import pytest
from django.core import mail
from django.test import Client


def test_a_wrong_password_is_refused_in_indonesian_and_logged_in_english(pekalongan, caplog):
    response = Client().post("/masuk/", {"username": "tkpk", "password": "salah"})

    assert "Failed login for username 'tkpk'" in caplog.text

    assert response.status_code == 200
    assert "_auth_user_id" not in response.client.session
    assert "nama pengguna atau kata sandi salah" in response.content.decode().lower()


def test_a_right_password_logs_in_and_lands_on_home(pekalongan):
    client = Client()
    response = client.post("/masuk/", {"username": "lurah.banyurip", "password": "pekalongan-demo"}, follow=True)

    assert response.redirect_chain[-1][0] == "/"
    assert "Banyurip" in response.content.decode()


def test_pages_are_indonesian_by_default_and_english_on_request(client_as):
    client = client_as("tkpk")

    indonesian = client.get("/wilayah/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/wilayah/"})
    english = client.get("/wilayah/").content.decode()

    assert '<html lang="id">' in indonesian and "Wilayah" in indonesian
    assert '<html lang="en">' in english and "Regions" in english


def test_password_reset_sends_a_working_link_by_email(pekalongan, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client = Client()

    client.post("/lupa-sandi/", {"email": "lurah.banyurip@demo.invalid"})

    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/lupa-sandi/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    set_url = form.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "Batik-Jenggot-2026", "new_password2": "Batik-Jenggot-2026"})
    assert done.status_code == 302
    logged_in = Client().post("/masuk/", {"username": "lurah.banyurip", "password": "Batik-Jenggot-2026"})
    assert logged_in.status_code == 302 and logged_in.url == "/"


def test_password_change_requires_the_old_password(client_as):
    client = client_as("viewer")

    wrong = client.post(
        "/akun/kata-sandi/",
        {"old_password": "salah", "new_password1": "Kota-Batik-2026", "new_password2": "Kota-Batik-2026"},
    )
    right = client.post(
        "/akun/kata-sandi/",
        {"old_password": "pekalongan-demo", "new_password1": "Kota-Batik-2026", "new_password2": "Kota-Batik-2026"},
    )

    assert wrong.status_code == 200
    assert right.status_code == 302


@pytest.mark.parametrize("key", ["tkpk", "lurah_banyurip"])
def test_an_api_token_is_shown_once_and_then_only_its_prefix(client_as, key):
    client = client_as(key)

    created = client.post("/akun/", {"name": "Excel Dinsos"}).content.decode()
    key_text = re.search(r'<pre id="new-token">(dmp_[^<]+)</pre>', created).group(1)
    later = client.get("/akun/").content.decode()

    assert key_text not in later
    assert key_text[:10] in later
    assert Client(headers={"Authorization": f"Bearer {key_text}"}).get("/api/me").status_code == 200


def test_healthz_answers_ok(db):
    assert Client().get("/healthz").json() == {"status": "ok"}


def test_an_english_browser_still_gets_indonesian_until_the_user_switches(client_as):
    client = client_as("viewer")

    page = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()

    assert '<html lang="id">' in page
