from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "dampingan.coordination"
    verbose_name = _("Coordination: meetings, decisions, action items and the TKPK")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Meeting)
        auditlog.register(models.Participant)
        auditlog.register(models.MeetingAttachment)
        auditlog.register(models.Decision)
        auditlog.register(models.ActionItem)
        auditlog.register(models.ActionItemUpdate)
        auditlog.register(models.TkpkTeam)
        auditlog.register(models.TkpkMember)
