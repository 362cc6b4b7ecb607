"""Arguments the registry's console commands share: an ISO date, and the person the command acts as."""

import datetime as dt

from django.core.management.base import CommandError

from dampingan.accounts.models import User


def iso_date(text: str) -> dt.date:
    """An argparse type: ``YYYY-MM-DD``."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Not a date (YYYY-MM-DD): {text}") from exc


def active_user(username: str) -> User:
    """The active account the command acts as; its role decides what it may do, as on the pages."""
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"No active user {username!r}")
    return user
