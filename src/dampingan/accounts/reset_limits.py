"""How many password reset e-mails may be asked for: without a limit, anyone could flood a user's
mailbox, or the pemda's mail server, through the public "forgotten password" page.

Counted in the database, so that every web process shares the count: per e-mail address (whether or not it
belongs to an account, so that the answer tells nothing about who has one) and per client address, over the
last hour. Requests older than a day are deleted as new ones come.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django.conf import settings
from django.utils import timezone

from .models import PasswordResetRequest

logger = logging.getLogger("dampingan.security")
WINDOW = dt.timedelta(hours=1)
KEPT = dt.timedelta(days=1)


def _address_hash(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def allow_reset_email(email: str, ip_address: str | None) -> bool:
    """Record a request for ``email`` from ``ip_address`` and say whether an e-mail may be sent for it: not when
    the address already had ``DAMPINGAN_RESET_EMAILS_PER_HOUR`` requests in the last hour, or the computer
    ``DAMPINGAN_RESET_REQUESTS_PER_IP_PER_HOUR``. A refused request is recorded too: asking again does not
    shorten the wait."""
    now = timezone.now()
    PasswordResetRequest.objects.filter(requested_at__lt=now - KEPT).delete()
    address = _address_hash(email)
    recent = PasswordResetRequest.objects.filter(requested_at__gte=now - WINDOW)
    by_address = recent.filter(address_hash=address).count()
    by_ip = recent.filter(ip_address=ip_address).count() if ip_address else 0
    PasswordResetRequest.objects.create(address_hash=address, ip_address=ip_address, requested_at=now)
    allowed = (
        by_address < settings.DAMPINGAN_RESET_EMAILS_PER_HOUR
        and by_ip < settings.DAMPINGAN_RESET_REQUESTS_PER_IP_PER_HOUR
    )
    if not allowed:
        logger.warning(
            "Password reset e-mail refused: %s requests for the address and %s from %s in the last hour",
            by_address + 1,
            by_ip + 1,
            ip_address,
        )
    return allowed
