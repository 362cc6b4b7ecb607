"""Reminder e-mails: 3 days and 1 day before the due date, then the day after it and weekly while the item
stays open; to the owner user, to an OPD's active mentors and the OPD's address, to a partner and whoever
recorded the meeting. Nothing for done or cancelled items, nothing twice on one day, a skip (logged) when
nobody has an address. The task runs through the real django-tasks database backend and its worker."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from dampingan.access.roles import Role
from dampingan.accounts.models import User
from dampingan.coordination.models import ActionItem, ReminderSent
from dampingan.coordination.reminder_mail import send_reminders
from dampingan.coordination.reminders import select_reminders
from dampingan.interventions.models import Partner

from .action_helpers import JENGGOT, catur_pilar, item_for, opd

DAY = dt.date(2025, 3, 10)  # a Monday


def days(n: int) -> dt.date:
    return DAY + dt.timedelta(days=n)


@pytest.fixture
def items(persona, settings):
    settings.DAMPINGAN_BASE_URL = "https://dampingan.pekalongankota.go.id"
    dlh = opd("DLH")
    dlh.email = "dlh@pekalongankota.go.id"
    dlh.save()
    # A second DLH mentor who left (inactive) and a Dindagkop mentor: neither gets DLH's reminders.
    User.objects.create(
        username="mantan.dlh", email="mantan@demo.invalid", role=Role.OPD_MENTOR, opd=dlh, is_active=False
    )
    baznas = Partner.objects.get(name="BAZNAS Kota Pekalongan")
    baznas.email = "baznas@example.org"
    baznas.save()
    decision = catur_pilar(persona, day=days(-30))
    camat = persona("camat_selatan")
    make = {
        "opd_in_3_days": (dlh, days(3)),
        "user_tomorrow": (persona("lurah_banyurip"), days(1)),
        "partner_overdue": (baznas, days(-1)),
        "in_2_days": (dlh, days(2)),
        "done": (dlh, days(3)),
        "cancelled": (dlh, days(-1)),
        "no_address": (Partner.objects.get(name="TP-PKK Kota Pekalongan"), days(-1)),
    }
    created = {
        key: item_for(camat, decision, owner=owner, due=due, title=key, kelurahan=JENGGOT)
        for key, (owner, due) in make.items()
    }
    ActionItem.objects.filter(pk=created["done"].pk).update(status="selesai", completed_on=days(-1))
    ActionItem.objects.filter(pk=created["cancelled"].pk).update(status="dibatalkan")
    # The camat recorded the meeting, so it hears about the TP-PKK item… unless its account has no address.
    User.objects.filter(username="camat.selatan").update(email="")
    return created


def sent_by_title() -> dict[str, mail.EmailMessage]:
    by_title = {}
    for message in mail.outbox:
        title = message.subject.rsplit(": ", 1)[-1]
        assert title not in by_title, f"two e-mails for {title}"
        by_title[title] = message
    return by_title


def test_each_reminder_goes_to_the_people_in_charge(items, caplog):
    with caplog.at_level(logging.WARNING, logger="dampingan.coordination.reminders"):
        run = send_reminders(DAY)
    sent = sent_by_title()
    assert set(sent) == {"opd_in_3_days", "user_tomorrow", "partner_overdue"}
    assert (run.sent, run.skipped, run.failed) == (3, 1, 0)
    assert sent["opd_in_3_days"].to == ["mentor.dlh@demo.invalid", "dlh@pekalongankota.go.id"]
    assert sent["user_tomorrow"].to == ["lurah.banyurip@demo.invalid"]
    assert sent["partner_overdue"].to == ["baznas@example.org"]  # the camat's address is empty
    assert f"action item {items['no_address'].pk} not sent" in caplog.text


def test_the_e_mails_are_in_indonesian_with_a_link_to_the_item(items):
    send_reminders(DAY)
    sent = sent_by_title()
    upcoming, overdue = sent["opd_in_3_days"], sent["partner_overdue"]
    assert upcoming.subject == "[Dampingan] Tindak lanjut bertenggat Kamis, 13 Maret 2025: opd_in_3_days"
    assert "jatuh tenggat dalam 3 hari" in upcoming.body
    assert f"https://dampingan.pekalongankota.go.id/tindak-lanjut/{items['opd_in_3_days'].pk}/" in upcoming.body
    assert overdue.subject == "[Dampingan] Tindak lanjut lewat tenggat 1 hari: partner_overdue"
    assert "Penanggung jawab: BAZNAS Kota Pekalongan" in overdue.body
    assert "Catur Pilar Kecamatan Pekalongan Selatan" in overdue.body


def test_a_second_run_the_same_day_sends_nothing(items):
    send_reminders(DAY)
    first = len(mail.outbox)
    again = send_reminders(DAY)
    assert first == 3 and len(mail.outbox) == 3 and again.sent == 0
    assert ReminderSent.objects.count() == 3
    assert select_reminders(DAY).to_send == []


def test_overdue_reminders_repeat_weekly_and_catch_up_a_missed_day(items):
    key = items["partner_overdue"].pk

    def overdue_sent_on(day: dt.date) -> bool:
        send_reminders(day)
        return ReminderSent.objects.filter(item_id=key, kind="overdue", sent_on=day).exists()

    assert overdue_sent_on(DAY)
    assert not any(overdue_sent_on(days(n)) for n in range(1, 7))
    assert overdue_sent_on(days(7))  # the next Monday
    # The worker was down on Monday the 24th: Tuesday catches up, and the week counts from there.
    assert overdue_sent_on(days(15))
    assert not overdue_sent_on(days(21))


def test_the_command_queues_the_task_and_the_db_worker_sends_it(items, settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker drops connections it finds inside a transaction (close_old_connections), which on PostgreSQL
    # is the test's own; everything else of the worker (claiming, running, storing the result) runs as is.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    call_command("send_reminders", "--date", DAY.isoformat())
    assert mail.outbox == [] and DBTaskResult.objects.get().status == "READY"

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    result = DBTaskResult.objects.get()
    assert result.status == "SUCCESSFUL", result.exception_class_path
    assert result.return_value == {"day": "2025-03-10", "sent": 3, "skipped": 1, "failed": 0}
    assert len(mail.outbox) == 3


def test_the_command_sends_at_once_with_now(items, capsys):
    call_command("send_reminders", "--now", "--date", DAY.isoformat())
    assert len(mail.outbox) == 3
    assert "3 sent, 1 without an address" in capsys.readouterr().out


def test_a_refused_e_mail_is_not_recorded_and_goes_out_on_the_next_run(items, monkeypatch):
    real_send = mail.EmailMessage.send

    def refuse_baznas(message, *args, **kwargs):
        if "baznas@example.org" in message.to:
            raise ConnectionRefusedError("smtp down")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMessage, "send", refuse_baznas)
    first = send_reminders(DAY)
    assert (first.sent, first.failed) == (2, 1)
    assert not ReminderSent.objects.filter(item=items["partner_overdue"]).exists()

    monkeypatch.setattr(mail.EmailMessage, "send", real_send)
    second = send_reminders(DAY)
    assert (second.sent, second.failed) == (1, 0)
    assert set(sent_by_title()) == {"opd_in_3_days", "user_tomorrow", "partner_overdue"}
