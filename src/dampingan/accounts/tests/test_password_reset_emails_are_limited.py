"""The "forgotten password" page cannot be used to flood a mailbox: at most three e-mails per address
and ten requests per computer an hour, refused with an Indonesian message and a 429; the count is shared by every
web process (the database) and tells nothing about whether an address has an account."""

import datetime as dt
import logging

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from dampingan.accounts.models import PasswordResetRequest

LURAH = "lurah.banyurip@demo.invalid"


@pytest.fixture
def mailbox(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DAMPINGAN_RESET_EMAILS_PER_HOUR = 3
    settings.DAMPINGAN_RESET_REQUESTS_PER_IP_PER_HOUR = 10
    return mail.outbox


def ask(email: str, ip: str = "10.0.0.1"):
    return Client(REMOTE_ADDR=ip).post("/lupa-sandi/", {"email": email})


def test_the_fourth_request_for_one_address_in_an_hour_is_refused_in_indonesian(pekalongan, mailbox, caplog):
    answers = [ask(LURAH, ip=f"10.0.0.{n}") for n in range(1, 5)]  # from four computers

    assert [a.status_code for a in answers] == [302, 302, 302, 429]
    assert len(mailbox) == 3
    assert "Terlalu banyak permintaan kata sandi baru" in answers[-1].content.decode()
    assert any("Password reset e-mail refused" in r.message for r in caplog.records if r.levelno == logging.WARNING)


def test_an_unknown_address_is_counted_and_answered_alike(pekalongan, mailbox):
    answers = [ask("tidak.ada@demo.invalid") for _ in range(4)]

    assert [a.status_code for a in answers] == [302, 302, 302, 429]
    assert mailbox == []


def test_one_computer_may_ask_for_ten_addresses_an_hour(pekalongan, mailbox):
    answers = [ask(f"orang{n}@demo.invalid", ip="10.9.9.9") for n in range(11)]

    assert [a.status_code for a in answers].count(302) == 10 and answers[-1].status_code == 429
    assert ask(LURAH, ip="10.9.9.10").status_code == 302  # another computer is not held up
    assert len(mailbox) == 1


def test_the_limit_lifts_after_an_hour_and_old_requests_are_deleted(pekalongan, mailbox):
    for _ in range(3):
        ask(LURAH)
    PasswordResetRequest.objects.update(requested_at=timezone.now() - dt.timedelta(hours=1, minutes=1))
    assert ask(LURAH).status_code == 302
    PasswordResetRequest.objects.update(requested_at=timezone.now() - dt.timedelta(days=2))

    ask("lain@demo.invalid")

    assert PasswordResetRequest.objects.count() == 1  # the day-old ones went
    assert len(mailbox) == 4
    assert not PasswordResetRequest.objects.filter(address_hash__contains="@").exists()  # kept as a hash
