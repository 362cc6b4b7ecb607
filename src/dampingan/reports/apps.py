from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "dampingan.reports"
    verbose_name = _("Reports (LP2KD, kelurahan profile, OPD mentoring)")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .lp2kd_narrative import Lp2kdNarrative
        from .models import Report

        # The document JSON is large and already kept as data; the log records the sign-off steps.
        auditlog.register(Report, exclude_fields=["content", "frozen_content"])
        auditlog.register(Lp2kdNarrative)
