from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BaselineConfig(AppConfig):
    name = "dampingan.baseline"
    verbose_name = _("Problems and potentials")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from dampingan.profiles.sections import PROFILE_SECTIONS

        from . import profile
        from .models import Comment, Potential, PotentialUpdate, Problem, ProblemUpdate

        auditlog.register(Problem)
        auditlog.register(Potential)
        auditlog.register(ProblemUpdate)
        auditlog.register(PotentialUpdate)
        auditlog.register(Comment)
        PROFILE_SECTIONS.register(profile.section, order=10)
