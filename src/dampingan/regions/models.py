"""The Kemendagri region hierarchy and the part of it this deployment serves.

Codes are dotted strings (``33.75.04.1004``) and are looked up, never generated: they have gaps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dampingan.lib import deployment

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class RegionLevel(models.IntegerChoices):
    PROVINSI = 1, _("Province")
    KABUPATEN_KOTA = 2, _("Regency/city")
    KECAMATAN = 3, _("District (kecamatan)")
    DESA_KELURAHAN = 4, _("Village (desa/kelurahan)")


class RegionKind(models.TextChoices):
    PROVINSI = "provinsi", _("Province")
    KABUPATEN = "kabupaten", _("Regency (kabupaten)")
    KOTA = "kota", _("City (kota)")
    KECAMATAN = "kecamatan", _("Kecamatan")
    DISTRIK = "distrik", _("Distrik")
    KELURAHAN = "kelurahan", _("Kelurahan")
    DESA = "desa", _("Desa")
    DESA_ADAT = "desa_adat", _("Customary village (desa adat)")


class RegionQuerySet(models.QuerySet["Region"]):
    def in_deployment(self) -> RegionQuerySet:
        """Regions inside the kabupaten/kota this deployment serves (not the kab/kota itself)."""
        return self.filter(deployment.inside("code"))

    def kecamatan(self) -> RegionQuerySet:
        return self.filter(level=RegionLevel.KECAMATAN)

    def villages(self) -> RegionQuerySet:
        """Desa and kelurahan alike: the level a mentoring OPD is assigned to."""
        return self.filter(level=RegionLevel.DESA_KELURAHAN)

    def within(self, code: str) -> RegionQuerySet:
        return self.filter(code__startswith=f"{code}.")


class Region(models.Model):
    code = models.CharField(_("code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.PositiveSmallIntegerField(_("level"), choices=RegionLevel.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=RegionKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        indexes = [models.Index(fields=["level", "code"]), models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> StrOrPromise:
        return RegionKind(self.kind).label

    @property
    def kecamatan_code(self) -> str | None:
        return ".".join(self.code.split(".")[:3]) if self.level >= RegionLevel.KECAMATAN else None


class RegionOffice(models.Model):
    """Locally maintained office details of a kecamatan or village: who heads it and how to reach it."""

    region = models.OneToOneField(Region, on_delete=models.CASCADE, primary_key=True, related_name="office")
    head_name = models.CharField(_("head's name"), max_length=120, blank=True)
    address = models.CharField(_("office address"), max_length=250, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("region office")
        verbose_name_plural = _("region offices")

    def __str__(self) -> str:
        return str(self.region)


class BpsRegionCode(models.Model):
    """Maps the BPS-style codes of registry exports (KDPROP/KDKAB/KDKEC/KDDESA) to Kemendagri regions.

    The two schemes differ in digits and order (in Kota Pekalongan BPS kecamatan 030 is Pekalongan
    Selatan, Kemendagri 33.75.03 is Pekalongan Utara), so the mapping is a table, never arithmetic.
    """

    bps_code = models.CharField(_("BPS code"), max_length=10, primary_key=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="bps_codes")
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        verbose_name = _("BPS region code")
        verbose_name_plural = _("BPS region codes")

    def __str__(self) -> str:
        return f"{self.bps_code} → {self.region_id}"


class RegionDataset(models.Model):
    """Provenance of the loaded hierarchy: which package, which regulation, when, how many rows."""

    source = models.CharField(_("source"), max_length=120)
    version = models.CharField(_("version"), max_length=40)
    regulation = models.CharField(_("regulation"), max_length=120)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)
    region_count = models.PositiveIntegerField(_("regions"))
    changed_count = models.PositiveIntegerField(_("rows changed by the last load"))

    class Meta:
        verbose_name = _("region dataset")
        verbose_name_plural = _("region datasets")
        constraints = [models.UniqueConstraint(fields=["source"], name="region_dataset_unique_source")]

    def __str__(self) -> str:
        return f"{self.source} {self.version}"


class KelurahanAliasQuerySet(models.QuerySet["KelurahanAlias"]):
    def in_deployment(self) -> KelurahanAliasQuerySet:
        return self.filter(deployment.inside("kelurahan__code"))


class KelurahanAlias(models.Model):
    """Another name of a kelurahan that registry files use: a name from before a merger ("Duwet" for
    Sokoduwet), a short name, a common misspelling. Kept by the TKPK for its deployment; the registry import
    reads a name through it with a warning that names the official kelurahan."""

    name = models.CharField(_("other name"), max_length=120)
    # The name as compared (lib.names.place_key): one kelurahan per spelling, whatever its case or prefix.
    key = models.CharField(max_length=120, unique=True, editable=False)
    kelurahan = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("kelurahan"))
    note = models.CharField(_("note"), max_length=200, blank=True, help_text=_("Where the name comes from."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = KelurahanAliasQuerySet.as_manager()

    class Meta:
        ordering = ["kelurahan_id", "name"]
        verbose_name = _("kelurahan alias")
        verbose_name_plural = _("kelurahan aliases")

    def __str__(self) -> str:
        return f"{self.name} → {self.kelurahan_id}"
