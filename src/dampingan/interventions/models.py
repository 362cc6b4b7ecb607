"""Interventions that come out of the mapping: who pays (budget lines by funding source), who delivers
(lead OPD and partners), what they promise (output targets), how they progress, and whom they reach
(beneficiaries linked to the registry, with what each received and how their status changed).

Money is ``Decimal`` in Rupiah everywhere (``MONEY``), never float.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class MoneyDigits(TypedDict):
    max_digits: int
    decimal_places: int


MONEY: MoneyDigits = {"max_digits": 16, "decimal_places": 2}


class Horizon(models.TextChoices):
    SHORT = "pendek", _("Short term (up to 1 year)")
    MEDIUM = "menengah", _("Medium term (1-5 years)")
    LONG = "panjang", _("Long term (over 5 years)")


class Strategy(models.TextChoices):
    """The three strategies of the national poverty policy (docs/domain.md §5)."""

    REDUCE_BURDEN = "kurangi_beban", _("Reduce the spending burden")
    RAISE_INCOME = "tingkatkan_pendapatan", _("Raise income")
    SHRINK_POCKETS = "kurangi_kantong", _("Shrink pockets of poverty")


class Cluster(models.IntegerChoices):
    """The four programme clusters of the TKPK (docs/domain.md §5)."""

    FAMILY_ASSISTANCE = 1, _("1 Family-based social assistance")
    COMMUNITY_EMPOWERMENT = 2, _("2 Community empowerment")
    MICRO_ENTERPRISE = 3, _("3 Micro and small enterprise empowerment")
    OTHER = 4, _("4 Other programmes")


class InterventionType(models.TextChoices):
    INFRASTRUCTURE = "infrastruktur", _("Infrastructure")
    HOUSING_REPAIR = "rehab_rumah", _("Housing repair")
    TRAINING = "pelatihan", _("Training")
    BUSINESS_CAPITAL = "modal_usaha", _("Business capital")
    SOCIAL_ASSISTANCE = "bantuan_sosial", _("Social assistance")
    HEALTH = "kesehatan", _("Health")
    EDUCATION = "pendidikan", _("Education")
    OTHER = "lainnya", _("Other")


class InterventionStatus(models.TextChoices):
    PLANNED = "direncanakan", _("Planned")
    ONGOING = "berjalan", _("Ongoing")
    DONE = "selesai", _("Done")
    CANCELLED = "dibatalkan", _("Cancelled")


class FundingSource(models.TextChoices):
    APBD_KOTA = "apbd_kota", _("APBD Kota/Kabupaten")
    APBD_PROVINSI = "apbd_provinsi", _("APBD Provinsi")
    APBN = "apbn", _("APBN")
    DANA_KELURAHAN = "dana_kelurahan", _("Dana Kelurahan/Desa")
    CSR = "csr", _("CSR")
    BAZNAS = "baznas", _("BAZNAS")
    BANK = "bank", _("Bank programme")
    COMMUNITY = "swadaya", _("Community (swadaya)")
    OTHER = "lainnya", _("Other")


class PartnerKind(models.TextChoices):
    COMPANY = "perusahaan", _("Company")
    BANK = "bank", _("Bank or other financial institution")
    RELIGIOUS = "keagamaan", _("Religious organisation or leader")
    WOMEN = "perempuan", _("Women's organisation")
    COMMUNITY_LEADER = "tokoh", _("Community leader")
    UNIVERSITY = "perguruan_tinggi", _("University")
    NGO = "lsm", _("NGO")
    BAZNAS = "baznas", _("BAZNAS")
    OTHER = "lainnya", _("Other")


class Partner(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=PartnerKind.choices)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return self.name


class Intervention(models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # No kelurahan and city_wide set: the whole kab/kota. Otherwise one or several kelurahan.
    city_wide = models.BooleanField(_("city-wide"), default=False)
    kelurahan = models.ManyToManyField("regions.Region", related_name="interventions", blank=True)
    problems = models.ManyToManyField("baseline.Problem", related_name="interventions", blank=True)
    potentials = models.ManyToManyField("baseline.Potential", related_name="interventions", blank=True)
    horizon = models.CharField(_("horizon"), max_length=10, choices=Horizon.choices)
    strategy = models.CharField(_("strategy"), max_length=24, choices=Strategy.choices)
    cluster = models.PositiveSmallIntegerField(_("cluster"), choices=Cluster.choices)
    kind = models.CharField(_("type"), max_length=20, choices=InterventionType.choices)
    lead_opd = models.ForeignKey(
        "mentoring.Opd", on_delete=models.PROTECT, related_name="interventions", verbose_name=_("lead OPD")
    )
    partners = models.ManyToManyField(Partner, related_name="interventions", blank=True)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=14, choices=InterventionStatus.choices, default=InterventionStatus.PLANNED
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="intervention_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class OutputTarget(models.Model):
    """What the intervention promises: 30 houses repaired, 50 trainees."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="targets")
    description = models.CharField(_("output"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("output target")
        verbose_name_plural = _("output targets")
        constraints = [models.CheckConstraint(condition=Q(target__gt=0), name="output_target_positive")]

    def __str__(self) -> str:
        return f"{self.target} {self.unit} {self.description}"


class BudgetLine(models.Model):
    """One purse: planned and realised Rupiah from a funding source (a partner's contribution names it)."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="budget_lines")
    source = models.CharField(_("funding source"), max_length=16, choices=FundingSource.choices)
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("partner"),
    )
    year = models.PositiveSmallIntegerField(_("budget year"))
    planned = models.DecimalField(_("planned (Rp)"), **MONEY)
    realised = models.DecimalField(_("realised (Rp)"), default=0, **MONEY)
    over_reason = models.TextField(
        _("reason for realising more than planned"), blank=True, help_text=_("Required when realised exceeds planned.")
    )
    notes = models.CharField(_("notes"), max_length=250, blank=True)

    class Meta:
        ordering = ["year", "source"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(condition=Q(planned__gte=0, realised__gte=0), name="budget_amounts_not_negative"),
            models.CheckConstraint(
                condition=Q(realised__lte=F("planned")) | ~Q(over_reason=""), name="budget_overrun_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.year}"


class ProgressReport(models.Model):
    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="progress_reports")
    date = models.DateField(_("date"))
    physical_percent = models.DecimalField(_("physical progress (%)"), max_digits=5, decimal_places=2)
    budget_realised = models.DecimalField(_("budget realised to date (Rp)"), **MONEY)
    narrative = models.TextField(_("narrative"), blank=True)
    attachment = models.FileField(_("attachment"), upload_to="interventions/progress/", blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(physical_percent__gte=0, physical_percent__lte=100), name="progress_percent_0_100"
            ),
            models.CheckConstraint(condition=Q(budget_realised__gte=0), name="progress_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.intervention} {self.date}"


class OutputAchieved(models.Model):
    """How much of one output target a progress report records as achieved to date."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="outputs")
    target = models.ForeignKey(OutputTarget, on_delete=models.CASCADE, related_name="achievements")
    achieved = models.DecimalField(_("achieved to date"), max_digits=12, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "target"], name="output_achieved_once_per_report"),
            models.CheckConstraint(condition=Q(achieved__gte=0), name="output_achieved_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.achieved} / {self.target}"


class Pledge(models.Model):
    """What a partner promised, to a kelurahan or an intervention; realised money becomes a budget line."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="pledges")
    what = models.CharField(_("what"), max_length=250)
    amount = models.DecimalField(_("amount (Rp)"), null=True, blank=True, **MONEY)
    kelurahan = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("kelurahan")
    )
    intervention = models.ForeignKey(
        Intervention, on_delete=models.SET_NULL, null=True, blank=True, related_name="pledges"
    )
    pledged_on = models.DateField(_("pledged on"))
    due_on = models.DateField(_("due"), null=True, blank=True)
    fulfilled = models.BooleanField(_("fulfilled"), default=False)

    class Meta:
        ordering = ["-pledged_on"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="pledge_amount_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner}: {self.what}"


class BeneficiaryStatus(models.TextChoices):
    PROPOSED = "diusulkan", _("Proposed")
    ACTIVE = "aktif", _("Active")
    GRADUATED = "lulus", _("Graduated")
    SUSPENDED = "ditangguhkan", _("Suspended")


class BeneficiarySource(models.TextChoices):
    LIST = "daftar", _("From the household list")
    SPREADSHEET = "berkas", _("From a spreadsheet")
    MANUAL = "manual", _("Entered by hand")


class Beneficiary(models.Model):
    """A household (or one of its members) an intervention reaches.

    Linked to the registry release current when added; a person the registry does not hold is kept with
    the NIK/No KK/name as given and ``household`` empty, so that leakage counts it instead of losing it.
    ``flags`` records what the match report said (not in the registry, another kelurahan, desil 5+).
    """

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="beneficiaries")
    # No database foreign key: on PostgreSQL households and members live in one partition per release
    # (registry/partitions.py), and a key there is unique only with its release. The ORM still protects a
    # household or member that a beneficiary points to from deletion.
    household = models.ForeignKey(
        "registry.Household",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="beneficiaries",
        db_constraint=False,
    )
    member = models.ForeignKey(
        "registry.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="beneficiaries",
        db_constraint=False,
    )
    kelurahan = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("kelurahan")
    )
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    no_kk = models.CharField(_("No KK"), max_length=16, blank=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    desil = models.PositiveSmallIntegerField(_("desil when added"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=14, choices=BeneficiaryStatus.choices, default=BeneficiaryStatus.PROPOSED
    )
    source = models.CharField(_("added from"), max_length=8, choices=BeneficiarySource.choices)
    flags = models.JSONField(_("match flags"), default=list, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    if TYPE_CHECKING:
        # Not columns: what the pages put on the rows they list (beneficiary_views, personal.beneficiaries).
        from decimal import Decimal

        household_link: bool
        received: Decimal | None
        flag_labels: list[str]

    class Meta:
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "household"],
                condition=Q(household__isnull=False),
                name="beneficiary_household_once_per_intervention",
            ),
            models.UniqueConstraint(
                fields=["intervention", "nik"], condition=~Q(nik=""), name="beneficiary_nik_once_per_intervention"
            ),
            models.CheckConstraint(
                condition=Q(household__isnull=False) | ~Q(nik="") | ~Q(no_kk=""),
                name="beneficiary_is_identified",
            ),
        ]
        indexes = [models.Index(fields=["household"]), models.Index(fields=["kelurahan", "intervention"])]

    def __str__(self) -> str:
        return self.name or self.nik or str(self.household_id)


class BeneficiaryStatusChange(models.Model):
    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("status"), max_length=14, choices=BeneficiaryStatus.choices)
    on = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=250, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.on}"


class Receipt(models.Model):
    """What a beneficiary received: an amount, an item, or both."""

    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="receipts")
    on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount (Rp)"), null=True, blank=True, **MONEY)
    item = models.CharField(_("item"), max_length=200, blank=True)
    notes = models.CharField(_("notes"), max_length=250, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=False) | ~Q(item=""), name="receipt_names_amount_or_item"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="receipt_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.on} {self.item or self.amount}"
