"""Agencies (OPD) and the decrees that assign them to kelurahan."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dampingan.access.roles import Capability
from dampingan.access.scope import Scope


class OpdKind(models.TextChoices):
    DINAS = "dinas", _("Dinas (agency)")
    BADAN = "badan", _("Badan (board)")
    KANTOR = "kantor", _("Kantor (office)")
    BAGIAN = "bagian", _("Bagian (secretariat division)")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")
    LAINNYA = "lainnya", _("Other")


class ProblemCategory(models.TextChoices):
    """The problem categories of the kelurahan baseline; an OPD lists those it can act on."""

    INFRASTRUCTURE = "infrastruktur", _("Infrastructure")
    HOUSING = "perumahan", _("Housing")
    ECONOMY = "ekonomi", _("Economy and employment")
    HEALTH = "kesehatan", _("Health")
    EDUCATION = "pendidikan", _("Education")
    SOCIAL_PROTECTION = "perlindungan_sosial", _("Social protection")
    ENVIRONMENT = "lingkungan", _("Environment")
    DISASTER = "bencana", _("Disaster")


class OpdQuerySet(models.QuerySet["Opd"]):
    def active(self) -> OpdQuerySet:
        return self.filter(is_active=True)

    def editable_by(self, scope: Scope) -> OpdQuerySet:
        if scope.can(Capability.MANAGE_OPDS):
            return self
        if scope.can(Capability.EDIT_OWN_OPD) and scope.opd_id:
            return self.filter(pk=scope.opd_id)
        return self.none()


class Opd(models.Model):
    """Organisasi Perangkat Daerah: a city agency that can mentor a kelurahan."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=40, unique=True)
    kind = models.CharField(_("type"), max_length=12, choices=OpdKind.choices)
    head_name = models.CharField(_("head's name"), max_length=120, blank=True)
    head_position = models.CharField(_("head's position"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    problem_categories = models.JSONField(
        _("problem categories it can act on"),
        default=list,
        blank=True,
        help_text=_("Codes from the problem categories of the kelurahan baseline."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OpdQuerySet.as_manager()

    class Meta:
        ordering = ["abbreviation"]
        verbose_name = _("OPD")
        verbose_name_plural = _("OPDs")

    def __str__(self) -> str:
        return self.abbreviation

    @property
    def problem_category_labels(self) -> list[str]:
        return [str(ProblemCategory(code).label) for code in self.problem_categories if code in ProblemCategory]


class DecreeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")


class ProgrammeSettings(models.Model):
    """Rules of the deployment's mentoring programme (one row). The database triggers read it too."""

    max_kelurahan_per_opd = models.PositiveSmallIntegerField(
        _("kelurahan an OPD may mentor at the same time"),
        default=1,
        help_text=_("The programme's rule is one OPD, one kelurahan; a regency with more villages may allow more."),
    )

    class Meta:
        verbose_name = _("programme settings")
        verbose_name_plural = _("programme settings")
        constraints = [
            models.CheckConstraint(condition=Q(max_kelurahan_per_opd__gte=1), name="programme_max_kelurahan_positive")
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> ProgrammeSettings:
        return cls.objects.order_by("pk").first() or cls()


def decree_pdf_path(decree: Decree, filename: str) -> str:
    return f"decrees/{decree.number.replace('/', '-')}.pdf"


class Decree(models.Model):
    """A Keputusan Wali Kota/Bupati assigning OPDs to kelurahan for a period.

    A draft (for instance from the matcher) binds nobody; its lines count only once it is signed.
    """

    number = models.CharField(_("number"), max_length=80, unique=True)
    date = models.DateField(_("date"))
    signer = models.CharField(_("signed by"), max_length=120, blank=True)
    title = models.CharField(_("title"), max_length=250, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=DecreeStatus.choices, default=DecreeStatus.SIGNED)
    pdf = models.FileField(_("decree (PDF)"), upload_to=decree_pdf_path, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("assignment decree")
        verbose_name_plural = _("assignment decrees")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="decree_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.number

    def clean(self) -> None:
        # The database constraint holds the same rule; this says it under the field, in words (the
        # API answered "Batasan decree_period_ordered dilanggar" to an end before the start).
        super().clean()
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The period ends before it starts.")})

    @property
    def is_signed(self) -> bool:
        return self.status == DecreeStatus.SIGNED


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def in_force(self, on: dt.date | None = None) -> AssignmentQuerySet:
        """Lines of signed decrees whose period covers ``on`` (today by default)."""
        day = on or timezone.localdate()
        return self.filter(active=True, valid_from__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )

    def overlapping(self, valid_from: dt.date, valid_until: dt.date | None) -> AssignmentQuerySet:
        """Lines of signed decrees whose period shares at least one day with [valid_from, valid_until]."""
        lines = self.filter(active=True).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=valid_from))
        return lines if valid_until is None else lines.filter(valid_from__lte=valid_until)


class Assignment(models.Model):
    """One line of a decree: this OPD mentors this kelurahan.

    ``valid_from``, ``valid_until`` and ``active`` repeat the decree's period and signature so that the
    database itself can refuse overlapping lines (triggers in migration 0002; the decree keeps them in
    step through ``services``). Within overlapping periods of signed decrees a kelurahan has one OPD,
    and an OPD at most ``ProgrammeSettings.max_kelurahan_per_opd`` kelurahan.
    """

    decree = models.ForeignKey(Decree, on_delete=models.CASCADE, related_name="lines")
    opd = models.ForeignKey(Opd, on_delete=models.PROTECT, related_name="assignments")
    kelurahan = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="assignments")
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    active = models.BooleanField(_("decree signed"), default=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["decree", "kelurahan"], name="assignment_one_opd_per_kelurahan"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="assignment_period_ordered",
            ),
        ]
        indexes = [models.Index(fields=["kelurahan", "valid_from"]), models.Index(fields=["opd", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.opd} → {self.kelurahan}"

    def save(self, *args, **kwargs):
        # A line always carries its decree's period and signature (see the class docstring).
        self.valid_from, self.valid_until = self.decree.valid_from, self.decree.valid_until
        self.active = self.decree.is_signed
        super().save(*args, **kwargs)
