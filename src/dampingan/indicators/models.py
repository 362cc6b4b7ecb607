"""Macro indicators (BPS series) per region and year, with the RPJMD targets they are measured against.

A value and a target each carry their source: a figure without one cannot be checked, and figures from
the press, BPS releases and planning documents disagree often enough that the source must travel with it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dampingan.lib import deployment

from .catalogue import UNIT_SYMBOLS, Direction, Unit

# Years a figure may be recorded for: BPS kab/kota series start in the 1990s; targets reach a few
# RPJMD periods ahead.
MIN_YEAR = 1990
MAX_YEAR = 2100


class Indicator(models.Model):
    """One indicator of the catalogue (``catalogue.CATALOGUE``, seeded by migration)."""

    code = models.CharField(_("code"), max_length=20, primary_key=True)
    # English source string; shown translated through ``label`` (the catalogue marks it for translation).
    name = models.CharField(_("name"), max_length=120)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    decimals = models.PositiveSmallIntegerField(_("decimal places"))
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    minimum = models.DecimalField(_("lowest valid value"), max_digits=16, decimal_places=4, null=True, blank=True)
    maximum = models.DecimalField(_("highest valid value"), max_digits=16, decimal_places=4, null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decimals__lte=4),
                name="indicator_at_most_four_decimals",
                violation_error_message=_("An indicator is kept with at most four decimal places."),
            ),
            models.CheckConstraint(
                condition=Q(minimum__isnull=True) | Q(maximum__isnull=True) | Q(minimum__lte=models.F("maximum")),
                name="indicator_bounds_ordered",
                violation_error_message=_("The lowest valid value cannot be above the highest."),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return gettext(self.name)

    @property
    def description_label(self) -> str:
        return gettext(self.description) if self.description else ""

    @property
    def unit_symbol(self) -> str:
        return str(UNIT_SYMBOLS.get(self.unit, self.unit))

    @property
    def lower_is_better(self) -> bool:
        return self.direction == Direction.LOWER_IS_BETTER


class Kind(models.TextChoices):
    """What a row of an import holds: a realised value or a target (column ``jenis``)."""

    VALUE = "realisasi", _("realised value")
    TARGET = "target", _("target")


class FigureQuerySet(models.QuerySet):
    def of(self, indicator_code: str, region_code: str) -> FigureQuerySet:
        return self.filter(indicator_id=indicator_code, region_id=region_code).order_by("year")

    def between(self, year_from: int | None = None, year_to: int | None = None) -> FigureQuerySet:
        qs = self
        if year_from is not None:
            qs = qs.filter(year__gte=year_from)
        if year_to is not None:
            qs = qs.filter(year__lte=year_to)
        return qs

    def in_deployment(self) -> FigureQuerySet:
        """Figures of the deployment's kab/kota and the regions inside it."""
        code = deployment.code()
        return self.filter(Q(region_id=code) | Q(region__code__startswith=f"{code}."))

    def with_related(self) -> FigureQuerySet:
        return self.select_related("indicator", "region", "entered_by", "approved_by")

    def published(self) -> FigureQuerySet:
        """Figures a second person approved: the only ones the public page and the public API show."""
        return self.filter(approved_at__isnull=False)

    def pending(self) -> FigureQuerySet:
        return self.filter(approved_at__isnull=True)


class IndicatorImport(models.Model):
    """Provenance of one confirmed import: the file, who, when, what it did, and the conflict choice."""

    class OnConflict(models.TextChoices):
        REPLACE = "replace", _("replace the existing values")
        KEEP = "keep", _("keep the existing values")

    file_name = models.CharField(_("file name"), max_length=255)
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    on_conflict = models.CharField(_("on an existing value"), max_length=10, choices=OnConflict.choices, blank=True)
    created_count = models.PositiveIntegerField(_("added"), default=0)
    replaced_count = models.PositiveIntegerField(_("replaced"), default=0)
    kept_count = models.PositiveIntegerField(_("kept"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)

    class Meta:
        verbose_name = _("indicator import")
        verbose_name_plural = _("indicator imports")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d})"


class Figure(models.Model):
    """What a realised value and a target share: an indicator, a region, a year, a number and its origin."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The kab/kota, a kecamatan or a kelurahan."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    note = models.TextField(_("note"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)
    source_import = models.ForeignKey(
        IndicatorImport,
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Maker-checker, as for registry releases: a figure entered, imported or changed waits until a
    # TKPK administrator other than who entered it approves it; only then does the public page show it.
    # Approved without an approver: figures published before the rule (migration 0003).
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    objects = FigureQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["indicator", "region", "year"]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.region_id} {self.year}: {self.value}"

    @property
    def published(self) -> bool:
        return self.approved_at is not None


class IndicatorValue(Figure):
    """The realised value of an indicator in a region and year, as its source published it."""

    source = models.CharField(
        _("source"),
        max_length=250,
        help_text=_("Publisher and survey, e.g. “BPS Kota Pekalongan, Susenas Maret 2020”."),
    )

    class Meta(Figure.Meta):
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "year"],
                name="indicator_value_one_per_region_year",
                violation_error_message=_("This indicator already has a value for that region and year."),
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("entered_by")),
                name="indicator_value_approved_by_another",
                violation_error_message=_("Who entered a figure cannot also approve it."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR) & Q(year__lte=MAX_YEAR),
                name="indicator_value_year_in_range",
                violation_error_message=_("The year must lie between 1990 and 2100."),
            ),
            models.CheckConstraint(
                condition=~Q(source=""),
                name="indicator_value_has_source",
                violation_error_message=_("Every value needs its source."),
            ),
        ]
        indexes = [models.Index(fields=["region", "indicator", "year"], name="indicator_value_region_idx")]


class IndicatorTarget(Figure):
    """The target (RPJMD or another plan) of an indicator in a region and year."""

    source = models.CharField(
        _("source document"),
        max_length=250,
        help_text=_("The plan that sets the target, e.g. “RPJMD Kota Pekalongan 2021-2026”."),
    )

    class Meta(Figure.Meta):
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "year"],
                name="indicator_target_one_per_region_year",
                violation_error_message=_("This indicator already has a target for that region and year."),
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("entered_by")),
                name="indicator_target_approved_by_another",
                violation_error_message=_("Who entered a figure cannot also approve it."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR) & Q(year__lte=MAX_YEAR),
                name="indicator_target_year_in_range",
                violation_error_message=_("The year must lie between 1990 and 2100."),
            ),
            models.CheckConstraint(
                condition=~Q(source=""),
                name="indicator_target_has_source",
                violation_error_message=_("Every target needs the document that sets it."),
            ),
        ]


FIGURE_MODELS: dict[str, type[IndicatorValue] | type[IndicatorTarget]] = {
    Kind.VALUE: IndicatorValue,
    Kind.TARGET: IndicatorTarget,
}
