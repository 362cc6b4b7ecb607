from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "dampingan.registry"
    verbose_name = _("Household registry")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.db.models.signals import post_delete, post_save, pre_delete

        from . import partitions
        from .models import RegistryRelease

        # PostgreSQL: a release's partitions come and go with it (registry/partitions.py).
        post_save.connect(partitions.created_with_release, sender=RegistryRelease, dispatch_uid="registry-partitions")
        pre_delete.connect(partitions.locked_before_delete, sender=RegistryRelease, dispatch_uid="registry-partitions")
        post_delete.connect(partitions.drop_with_release, sender=RegistryRelease, dispatch_uid="registry-partitions")

        # Registry rows arrive in bulk and are never edited in place; the release records who brought
        # them and who approved them. Reads of personal data are logged where they are shown.
        auditlog.register(RegistryRelease)
