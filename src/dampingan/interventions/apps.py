from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterventionsConfig(AppConfig):
    name = "dampingan.interventions"
    verbose_name = _("Interventions, partners and beneficiaries")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from dampingan.profiles.sections import PROFILE_SECTIONS
        from dampingan.registry.sections import HOUSEHOLD_SECTIONS

        from . import models, profile

        for model in (
            models.Partner,
            models.Intervention,
            models.OutputTarget,
            models.BudgetLine,
            models.ProgressReport,
            models.Pledge,
            models.Beneficiary,
            models.BeneficiaryStatusChange,
            models.Receipt,
        ):
            auditlog.register(model)
        PROFILE_SECTIONS.register(profile.section, order=30)
        HOUSEHOLD_SECTIONS.register(profile.household_section, order=10)
