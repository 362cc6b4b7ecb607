from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "dampingan.visits"
    verbose_name = _("Mentoring team, visits and monthly reports")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from dampingan.profiles.sections import PROFILE_SECTIONS

        from . import profile
        from .models import MonthlyReport, TeamMember, Visit, VisitPhoto

        auditlog.register(TeamMember)
        auditlog.register(Visit, m2m_fields={"participant_users"})
        auditlog.register(VisitPhoto)
        auditlog.register(MonthlyReport)
        PROFILE_SECTIONS.register(profile.section, order=20)
