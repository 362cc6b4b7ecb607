from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "dampingan.accounts"
    verbose_name = _("Accounts and audit")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import signals  # noqa: F401  (connects the login log receivers)
        from .models import ApiToken, User

        auditlog.register(User, exclude_fields=["password", "last_login"])
        auditlog.register(ApiToken, exclude_fields=["key_hash", "last_used_at"])
