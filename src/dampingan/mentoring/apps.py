from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "dampingan.mentoring"
    verbose_name = _("Mentoring")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from dampingan.access.roles import Role
        from dampingan.access.scope import register_region_source
        from dampingan.regions.sections import REGION_SECTIONS

        from . import region_pages
        from .models import Assignment, Decree, Opd
        from .regions import kelurahan_of_mentor

        auditlog.register(Opd)
        auditlog.register(Decree)
        auditlog.register(Assignment)
        register_region_source(Role.OPD_MENTOR, kelurahan_of_mentor)
        REGION_SECTIONS.register(region_pages.section, order=10)
        REGION_SECTIONS.register_column(region_pages.MENTOR_COLUMN, order=10)
