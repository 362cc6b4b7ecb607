from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "dampingan.indicators"
    verbose_name = _("Macro indicators and targets")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import IndicatorImport, IndicatorTarget, IndicatorValue

        auditlog.register(IndicatorValue)
        auditlog.register(IndicatorTarget)
        auditlog.register(IndicatorImport)
