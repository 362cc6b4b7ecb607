"""Background tasks (Django tasks API; the database backend's `dampingan db_worker` runs them)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from . import reminder_mail


@task()
def send_action_reminders(day: str | None = None) -> dict[str, object]:
    """Send the action item reminders due on ``day`` (ISO date; today when empty). Safe to run twice."""
    return reminder_mail.send_reminders(dt.date.fromisoformat(day) if day else None).as_dict()
