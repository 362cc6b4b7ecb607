from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "dampingan.regions"
    verbose_name = _("Regions")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import checks  # noqa: F401  (registers the DAMPINGAN_REGION check)
        from .models import KelurahanAlias, RegionOffice

        auditlog.register(RegionOffice)
        auditlog.register(KelurahanAlias)
