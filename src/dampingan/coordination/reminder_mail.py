"""Sending the reminder e-mails that ``reminders.select_reminders`` picks, once per item, kind and day.

Each reminder is recorded (``ReminderSent``) and sent inside one transaction: if the mail server refuses,
the record is rolled back and the next run tries again; if the record already exists (a second run the same
day, or two workers at once), the unique constraint stops the second e-mail.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import ReminderKind, ReminderSent
from .reminders import Reminder, select_reminders

logger = logging.getLogger(__name__)


@dataclass
class ReminderRun:
    day: dt.date
    sent: int = 0
    skipped: int = 0  # nobody with an address
    failed: int = 0  # the mail server refused; retried on the next run

    def as_dict(self) -> dict[str, object]:
        return {"day": self.day.isoformat(), "sent": self.sent, "skipped": self.skipped, "failed": self.failed}


def item_url(item_pk: int) -> str:
    return f"{settings.DAMPINGAN_BASE_URL}{reverse('coordination:action_item_detail', args=[item_pk])}"


def compose(reminder: Reminder, day: dt.date) -> EmailMessage:
    """The e-mail of one reminder, in the deployment's language (Bahasa Indonesia)."""
    item = reminder.item
    meeting = item.decision.meeting
    overdue = reminder.kind == ReminderKind.OVERDUE
    days = (day - item.due_date).days if overdue else (item.due_date - day).days
    with translation.override(settings.LANGUAGE_CODE):
        due = date_format(item.due_date, "l, j F Y")
        if overdue:
            subject = ngettext(
                "Action item %(days)s day overdue: %(title)s", "Action item %(days)s days overdue: %(title)s", days
            ) % {"days": days, "title": item.title}
        else:
            subject = _("Action item due on %(due)s: %(title)s") % {"due": due, "title": item.title}
        body = render_to_string(
            "coordination/action_reminder_email.txt",
            {
                "item": item,
                "meeting": meeting,
                "meeting_date": date_format(timezone.localtime(meeting.starts_at).date(), "j F Y"),
                "overdue": overdue,
                "days": days,
                "due": due,
                "url": item_url(item.pk),
                "owner_is_partner": item.owner_partner_id is not None,
            },
        )
    # A subject is one line; an item title may hold line breaks.
    subject = " ".join(f"[Dampingan] {subject}".split())[:200]
    return EmailMessage(subject=subject, body=body, to=list(reminder.recipients))


def send_reminders(day: dt.date | None = None) -> ReminderRun:
    """Send every reminder due on ``day`` (today by default) that has not gone out yet."""
    day = day or timezone.localdate()
    plan = select_reminders(day)
    run = ReminderRun(day=day, skipped=len(plan.skipped))
    for reminder in plan.to_send:
        try:
            with transaction.atomic():
                ReminderSent.objects.create(
                    item=reminder.item, kind=reminder.kind, sent_on=day, recipients=", ".join(reminder.recipients)
                )
                compose(reminder, day).send()
        except IntegrityError:
            continue  # another run sent it a moment ago
        except Exception:
            # One refused e-mail (a bad address, the server down) must not hold back the others' reminders.
            logger.exception("Reminder (%s) for action item %s could not be sent.", reminder.kind, reminder.item.pk)
            run.failed += 1
        else:
            run.sent += 1
    logger.info("Action item reminders for %s: %s", day.isoformat(), run.as_dict())
    return run
