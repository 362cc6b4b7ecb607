"""Security events written to the application log, in English for the operators who read it."""

import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

logger = logging.getLogger("dampingan.security")


@receiver(user_login_failed)
def log_failed_login(sender, credentials, request=None, **kwargs):
    address = request.META.get("REMOTE_ADDR") if request is not None else None
    logger.warning("Failed login for username %r from %s", credentials.get("username"), address)


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    logger.info("User %s (%s) logged in from %s", user.username, user.role, request.META.get("REMOTE_ADDR"))


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs):
    logger.warning("Logins locked out for username %r from %s after repeated failures", username, ip_address)
