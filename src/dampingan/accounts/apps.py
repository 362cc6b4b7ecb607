from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "dampingan.accounts"
    verbose_name = _("Accounts and audit")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from dampingan.access.roles import Role
        from dampingan.access.scope import register_region_source

        from . import signals  # noqa: F401  (connects the login log receivers)
        from .models import ApiToken, User
        from .regions import kecamatan_of_camat, village_of_lurah

        auditlog.register(User, exclude_fields=["password", "last_login"])
        auditlog.register(ApiToken, exclude_fields=["key_hash", "last_used_at"])
        register_region_source(Role.CAMAT, kecamatan_of_camat)
        register_region_source(Role.LURAH, village_of_lurah)
