"""The kelurahan baseline (problems and potentials, SiLap Forms 1 and 3) and its monitoring over time.

A problem's own row is its baseline: what was found, and the registry evidence on the day it was recorded
(``evidence_*``, frozen: a later release never rewrites it). Monitoring entries (``ProblemUpdate``,
``PotentialUpdate``) come after it, each with the indicator as the registry current on that day showed it,
so the trajectory of a problem is the baseline followed by its updates in date order.
"""

from __future__ import annotations

from typing import Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dampingan.access.roles import Role
from dampingan.lib import deployment
from dampingan.mentoring.models import ProblemCategory
from dampingan.registry.kelurahan_indicators import indicator_labels


def deployment_villages() -> Q:
    """Kelurahan and desa of the deployment's kab/kota: the only ones a baseline may be recorded for."""
    return Q(level=4) & deployment.inside("code")


class Sector(models.TextChoices):
    BATIK = "batik", _("Batik")
    TEMPE = "tempe", _("Tempe")
    FISHERIES = "perikanan", _("Fisheries")
    TRADE = "perdagangan", _("Trade")
    SERVICES = "jasa", _("Services")
    TOURISM = "pariwisata", _("Tourism")
    ONLINE_MARKETING = "pemasaran_daring", _("Online marketing")
    OTHER = "lainnya", _("Other")


class Severity(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")
    CRITICAL = 4, _("Critical")


class ProblemStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("problem status", "Open")
    IMPROVING = "improving", _("Improving")
    WORSENED = "worsened", _("Worsened")
    RESOLVED = "resolved", _("Resolved")


class Movement(models.TextChoices):
    """What a monitoring visit found since the previous entry."""

    WORSE = "worse", _("Worse")
    NO_CHANGE = "no_change", _("No change")
    IMPROVING = "improving", _("Improving")
    RESOLVED = "resolved", _("Resolved")


# The status a problem takes after a monitoring entry with this movement.
STATUS_AFTER = {
    Movement.WORSE: ProblemStatus.WORSENED,
    Movement.NO_CHANGE: ProblemStatus.OPEN,
    Movement.IMPROVING: ProblemStatus.IMPROVING,
    Movement.RESOLVED: ProblemStatus.RESOLVED,
}


# Explicit validators so a form and an API call both get a message that names the field.
ENTERPRISES_NON_NEGATIVE = MinValueValidator(0, _("The number of enterprises cannot be negative."))
WORKERS_NON_NEGATIVE = MinValueValidator(0, _("The number of workers cannot be negative."))


class BaselineQuerySet(models.QuerySet):
    """Reads shared by problems and potentials; scoping goes through ``Scope`` so a list cannot leak."""

    def in_kelurahan(self, code: str) -> Self:
        return self.filter(kelurahan_id=code)

    def with_people(self) -> Self:
        return self.select_related("kelurahan__parent", "recorded_by", "opd")


class ProblemQuerySet(BaselineQuerySet):
    def by_priority(self) -> ProblemQuerySet:
        return self.order_by("priority", "-severity", "pk")


class PotentialQuerySet(BaselineQuerySet):
    def by_sector(self) -> PotentialQuerySet:
        return self.order_by("sector", "name", "pk")


class BaselineRecord(models.Model):
    kelurahan = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kelurahan"),
        limit_choices_to=deployment_villages,
    )
    recorded_on = models.DateField(_("recorded on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    # The OPD mentoring the kelurahan on ``recorded_on``, kept even after the decree changes.
    opd = models.ForeignKey(
        "mentoring.Opd",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mentoring OPD"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Problem(BaselineRecord):
    category = models.CharField(_("category"), max_length=24, choices=ProblemCategory.choices)
    title = models.CharField(_("problem"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    root_cause = models.TextField(_("root cause"), blank=True)
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices, default=Severity.MEDIUM)
    priority = models.PositiveSmallIntegerField(
        _("priority"),
        default=1,
        help_text=_("1 is the highest priority."),
        validators=[
            MinValueValidator(1, _("Priority starts at 1, the highest.")),
            MaxValueValidator(99, _("Priority runs from 1 to 99.")),
        ],
    )
    status = models.CharField(_("status"), max_length=12, choices=ProblemStatus.choices, default=ProblemStatus.OPEN)
    # Evidence: a key of ``registry.kelurahan_indicators.indicator_labels()``. Not a model choice, because the set of
    # deprivations is defined in code and may grow without a migration here.
    evidence_indicator = models.CharField(_("evidence (registry indicator)"), max_length=40, blank=True)
    evidence_release = models.ForeignKey(
        "registry.RegistryRelease",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evidence release"),
    )
    evidence_value = models.PositiveIntegerField(_("evidence value"), null=True, blank=True)
    evidence_denominator = models.PositiveIntegerField(_("evidence denominator"), null=True, blank=True)
    evidence_on = models.DateField(_("evidence date"), null=True, blank=True)

    objects = ProblemQuerySet.as_manager()

    class Meta:
        ordering = ["kelurahan", "priority", "pk"]
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        indexes = [models.Index(fields=["kelurahan", "priority"])]
        constraints = [
            models.CheckConstraint(condition=Q(priority__gte=1), name="baseline_problem_priority_positive"),
            models.CheckConstraint(condition=Q(severity__gte=1, severity__lte=4), name="baseline_problem_severity"),
            # Evidence is all or nothing: an indicator always carries the release, value and day it was read.
            models.CheckConstraint(
                condition=(
                    Q(
                        evidence_indicator="",
                        evidence_release__isnull=True,
                        evidence_value__isnull=True,
                        evidence_denominator__isnull=True,
                        evidence_on__isnull=True,
                    )
                    | (
                        ~Q(evidence_indicator="")
                        & Q(
                            evidence_release__isnull=False,
                            evidence_value__isnull=False,
                            evidence_denominator__isnull=False,
                            evidence_on__isnull=False,
                        )
                    )
                ),
                name="baseline_problem_evidence_complete",
            ),
            models.CheckConstraint(
                condition=Q(evidence_value__isnull=True) | Q(evidence_value__lte=models.F("evidence_denominator")),
                name="baseline_problem_evidence_within_denominator",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def evidence_label(self) -> str:
        return str(indicator_labels().get(self.evidence_indicator, self.evidence_indicator))

    @property
    def evidence_share(self) -> float | None:
        if self.evidence_value is None or not self.evidence_denominator:
            return None
        return self.evidence_value / self.evidence_denominator


class Potential(BaselineRecord):
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    name = models.CharField(_("name"), max_length=200)
    enterprises = models.PositiveIntegerField(_("enterprises"), default=0, validators=[ENTERPRISES_NON_NEGATIVE])
    workers = models.PositiveIntegerField(_("workers"), default=0, validators=[WORKERS_NON_NEGATIVE])
    markets = models.TextField(_("markets"), blank=True, help_text=_("Where the products are sold."))
    notes = models.TextField(_("notes"), blank=True)

    objects = PotentialQuerySet.as_manager()

    class Meta:
        ordering = ["kelurahan", "sector", "name"]
        verbose_name = _("potential")
        verbose_name_plural = _("potentials")
        constraints = [
            # PositiveIntegerField checks this on PostgreSQL only as a column type; say it for every backend.
            models.CheckConstraint(
                condition=Q(enterprises__gte=0, workers__gte=0), name="baseline_potential_counts_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProblemUpdate(models.Model):
    """A monitoring entry: how the problem moved, and the indicator recomputed from the release current then."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField(_("date"))
    movement = models.CharField(_("movement"), max_length=12, choices=Movement.choices)
    narrative = models.TextField(_("narrative"), blank=True)
    indicator_release = models.ForeignKey(
        "registry.RegistryRelease",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("release"),
    )
    indicator_value = models.PositiveIntegerField(_("indicator value"), null=True, blank=True)
    indicator_denominator = models.PositiveIntegerField(_("indicator denominator"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["problem", "on", "pk"]
        verbose_name = _("problem monitoring entry")
        verbose_name_plural = _("problem monitoring entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(indicator_value__isnull=True) | Q(indicator_value__lte=models.F("indicator_denominator")),
                name="baseline_problem_update_value_within_denominator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.problem} · {self.on}"

    @property
    def indicator_share(self) -> float | None:
        if self.indicator_value is None or not self.indicator_denominator:
            return None
        return self.indicator_value / self.indicator_denominator


class PotentialUpdate(models.Model):
    """A monitoring entry (SiLap Form 3): how many enterprises and workers the potential has now."""

    potential = models.ForeignKey(Potential, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField(_("date"))
    enterprises = models.PositiveIntegerField(_("enterprises"), validators=[ENTERPRISES_NON_NEGATIVE])
    workers = models.PositiveIntegerField(_("workers"), validators=[WORKERS_NON_NEGATIVE])
    narrative = models.TextField(_("narrative"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["potential", "on", "pk"]
        verbose_name = _("potential monitoring entry")
        verbose_name_plural = _("potential monitoring entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(enterprises__gte=0, workers__gte=0), name="baseline_potential_update_counts_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.potential} · {self.on}"


class Comment(models.Model):
    """A remark on a problem or a potential by the lurah, camat, mentor or TKPK (exactly one target)."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    potential = models.ForeignKey(Potential, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    text = models.TextField(_("comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    # The role the author spoke in, kept when the account later changes role.
    author_role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(
                condition=Q(problem__isnull=False, potential__isnull=True)
                | Q(problem__isnull=True, potential__isnull=False),
                name="baseline_comment_one_target",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]
