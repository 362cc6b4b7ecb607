from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "dampingan.mentoring"
    verbose_name = _("Mentoring")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Assignment, Decree, Opd

        auditlog.register(Opd)
        auditlog.register(Decree)
        auditlog.register(Assignment)
