from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "dampingan.registry"
    verbose_name = _("Household registry")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.db.models.signals import post_delete, post_save, pre_delete

        from . import partitions, statistics
        from .models import Household, Member, RegistryRelease, WelfareRank

        # PostgreSQL: a release's partitions come and go with it (registry/partitions.py).
        post_save.connect(partitions.created_with_release, sender=RegistryRelease, dispatch_uid="registry-partitions")
        pre_delete.connect(partitions.locked_before_delete, sender=RegistryRelease, dispatch_uid="registry-partitions")
        post_delete.connect(partitions.drop_with_release, sender=RegistryRelease, dispatch_uid="registry-partitions")
        # A row saved after the import (a later rank, a corrected household) makes the kept figures stale.
        # Not on delete: a delete receiver would stop Django deleting a release's rows in one statement.
        for model in (Household, Member, WelfareRank):
            post_save.connect(statistics.row_changed, sender=model, dispatch_uid="registry-statistics")

        # Registry rows arrive in bulk and are never edited in place; the release records who brought
        # them and who approved them. Reads of personal data are logged where they are shown.
        auditlog.register(RegistryRelease)
