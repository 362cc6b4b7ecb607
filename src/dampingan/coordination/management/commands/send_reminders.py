"""`dampingan send_reminders [--now] [--date YYYY-MM-DD]`: the daily action item reminders (docs/deploy.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from dampingan.coordination import reminder_mail
from dampingan.coordination.tasks import send_action_reminders


class Command(BaseCommand):
    help = (
        "Queue the e-mails reminding owners of action items that are due soon or overdue (the task worker sends "
        "them); --now sends them at once. Running twice on one day sends nothing twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Send in this process instead of queueing a task.")
        parser.add_argument("--date", help="The day to send for, YYYY-MM-DD (default: today).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--date must be YYYY-MM-DD, not {options['date']!r}.") from exc
        if options["now"]:
            run = reminder_mail.send_reminders(day)
            self.stdout.write(
                f"Reminders for {day.isoformat()}: {run.sent} sent, {run.skipped} without an address, "
                f"{run.failed} failed."
            )
            return
        result = send_action_reminders.enqueue(day.isoformat())
        self.stdout.write(f"Reminders for {day.isoformat()} queued (task {result.id}); the db_worker sends them.")
