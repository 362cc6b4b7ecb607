"""Which reminder e-mails are due on a given day, and to whom. Pure selection: nothing is sent or written
here (``reminder_mail`` does that), so the rule can be read and tested on its own.

The rule, for items not closed (done or cancelled):

- **upcoming**: the due date is exactly 3 days or 1 day away;
- **overdue**: the due date has passed and no overdue reminder went out in the 6 days before — so the first
  one goes the day after the due date and the next ones weekly, on the same weekday. A day the task did
  not run is caught up the next time rather than skipped for a week.

An item gets each kind at most once a day (``ReminderSent``), however often the task runs.

Recipients: a user owner its own address; an OPD owner the active OPD mentors of that OPD and the OPD's
address; a partner owner the partner's address and whoever recorded the meeting (partners have no
accounts, so someone inside must know). Inactive accounts and empty addresses are left out; an item
left with no address at all is skipped and logged.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from dampingan.access.roles import Role
from dampingan.accounts.models import User

from .models import ActionItem, ReminderKind, ReminderSent

logger = logging.getLogger(__name__)

UPCOMING_DAYS_BEFORE = (3, 1)
OVERDUE_EVERY_DAYS = 7


@dataclass(frozen=True)
class Reminder:
    item: ActionItem
    kind: str  # ReminderKind
    recipients: tuple[str, ...]


@dataclass
class ReminderPlan:
    day: dt.date
    to_send: list[Reminder] = field(default_factory=list)
    # Items a reminder was due for but nobody has an address: (item, kind).
    skipped: list[tuple[ActionItem, str]] = field(default_factory=list)


def _unique(addresses: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for address in addresses:
        address = (address or "").strip()
        if address and address.casefold() not in seen:
            seen[address.casefold()] = address
    return tuple(seen.values())


def recipients_of(item: ActionItem) -> tuple[str, ...]:
    """The addresses a reminder of ``item`` goes to (see the module's docstring)."""
    if item.owner_user_id is not None:
        user = item.owner_user
        assert user is not None
        return _unique([user.email] if user.is_active else [])
    if item.owner_opd_id is not None:
        mentors = User.objects.filter(opd_id=item.owner_opd_id, role=Role.OPD_MENTOR, is_active=True).order_by("pk")
        mentor_emails = list(mentors.values_list("email", flat=True))
        opd = item.owner_opd
        assert opd is not None
        return _unique([*mentor_emails, opd.email])
    creator = item.decision.meeting.created_by
    assert item.owner_partner is not None  # a constraint makes every item have exactly one owner
    return _unique([item.owner_partner.email, creator.email if creator.is_active else ""])


def select_reminders(day: dt.date) -> ReminderPlan:
    """The reminders due on ``day`` that have not gone out yet, with their recipients."""
    plan = ReminderPlan(day=day)
    items = ActionItem.objects.still_open().select_related(
        "owner_user", "owner_opd", "owner_partner", "decision__meeting__created_by"
    )
    sent_today = ReminderSent.objects.filter(item=OuterRef("pk"), kind=ReminderKind.UPCOMING, sent_on=day)
    upcoming = items.filter(due_date__in=[day + dt.timedelta(days=n) for n in UPCOMING_DAYS_BEFORE]).exclude(
        Exists(sent_today)
    )
    recent_overdue = ReminderSent.objects.filter(
        item=OuterRef("pk"),
        kind=ReminderKind.OVERDUE,
        sent_on__gt=day - dt.timedelta(days=OVERDUE_EVERY_DAYS),
        sent_on__lte=day,
    )
    overdue = items.filter(due_date__lt=day).exclude(Exists(recent_overdue))
    for kind, found in ((ReminderKind.UPCOMING, upcoming), (ReminderKind.OVERDUE, overdue)):
        for item in found.order_by("due_date", "pk"):
            recipients = recipients_of(item)
            if recipients:
                plan.to_send.append(Reminder(item, kind, recipients))
            else:
                plan.skipped.append((item, kind))
                logger.warning(
                    "Reminder (%s) for action item %s not sent: nobody in charge of it has an e-mail address (%s).",
                    kind,
                    item.pk,
                    item.owner_label,
                )
    return plan
