from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "dampingan.registry"
    verbose_name = _("Household registry")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import RegistryRelease

        # Registry rows arrive in bulk and are never edited in place; the release records who brought
        # them and who approved them. Reads of personal data are logged where they are shown.
        auditlog.register(RegistryRelease)
