"""The household registry: releases of DTKS, P3KE, DTSEN or local survey data, kept side by side.

Three levels, because DTKS counts households (rumah tangga) and DTSEN counts families (No KK): a
household holds one or more families, each with members. Every row belongs to one release; a new
release never changes an older one. Welfare rank is a dated attribute of a release with its method.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import codes

if TYPE_CHECKING:
    from .deprivations import Deprivation


class ReleaseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (awaiting approval)")
    CURRENT = "current", _("Current")
    SUPERSEDED = "superseded", _("Superseded")
    REJECTED = "rejected", _("Rejected")


class RegistryRelease(models.Model):
    source = models.CharField(_("source"), max_length=8, choices=codes.Source.choices)
    region_code = models.CharField(_("kabupaten/kota"), max_length=13)
    status = models.CharField(_("status"), max_length=12, choices=ReleaseStatus.choices, default=ReleaseStatus.DRAFT)
    sk_number = models.CharField(_("SK number"), max_length=120, blank=True)
    sk_date = models.DateField(_("SK date"), null=True, blank=True)
    data_date = models.DateField(_("data as of"), null=True, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    # The title above the file's header row ("DATA TERPADU KESEJAHTERAAN SOSIAL … PER APRIL 2022").
    file_title = models.CharField(_("title in the file"), max_length=250, blank=True)
    checksum = models.CharField(_("SHA-256 of the file"), max_length=64, unique=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="imported_releases",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_releases",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    household_count = models.PositiveIntegerField(_("households"), default=0)
    family_count = models.PositiveIntegerField(_("families"), default=0)
    member_count = models.PositiveIntegerField(_("members"), default=0)
    excluded_row_count = models.PositiveIntegerField(_("rows excluded by errors"), default=0)
    warning_count = models.PositiveIntegerField(_("warnings"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    # Null for a release imported before this was kept: what it recorded is then inferred from its rows.
    recorded_fields = models.JSONField(
        _("columns in the file"),
        null=True,
        blank=True,
        default=None,
        help_text=_("The registry fields the imported file held (registry/columns.py names)."),
    )

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("registry release")
        verbose_name_plural = _("registry releases")
        constraints = [
            # DTKS and DTSEN live side by side: one current release per source.
            models.UniqueConstraint(
                fields=["source"], condition=Q(status=ReleaseStatus.CURRENT), name="registry_one_current_per_source"
            ),
            # Maker-checker: the approver is never the importer.
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("imported_by")),
                name="registry_release_approved_by_another_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.sk_number or self.file_name}"

    @property
    def ages_counted_on(self) -> dt.date:
        """The day this release's ages are counted on: the date its data describe, else the day it was imported.
        School attendance, work and illness are recorded as of that day; counting ages on a later day would
        call a child deprived who was too young for school when the data were collected."""
        if self.data_date:
            return self.data_date
        return timezone.localdate(self.imported_at) if self.imported_at else timezone.localdate()

    @property
    def holds_assets_and_cards(self) -> bool:
        """Whether the file had any asset-flag or programme-card column (False too when not known)."""
        return any(name.startswith(("asset_", "card_")) for name in self.recorded_fields or ())


class Household(models.Model):
    """Rumah tangga. A family-based release (DTSEN, P3KE) makes one household per family unless linked."""

    # Set by the household list on the households of a page (``queries.deprivations_of``).
    flags: list[Deprivation]

    release = models.ForeignKey(RegistryRelease, on_delete=models.CASCADE, related_name="households")
    kelurahan = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    registry_id = models.CharField(_("registry household id (IDBDT)"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    member_count = models.PositiveSmallIntegerField(_("members"), default=0)
    family_count = models.PositiveSmallIntegerField(_("families"), default=0)
    house_tenure = models.PositiveSmallIntegerField(_("house tenure"), choices=codes.HouseTenure.choices, null=True)
    floor_area = models.DecimalField(_("floor area (m²)"), max_digits=7, decimal_places=1, null=True)
    floor_type = models.PositiveSmallIntegerField(_("floor"), choices=codes.FloorType.choices, null=True)
    wall_type = models.PositiveSmallIntegerField(_("wall"), choices=codes.WallType.choices, null=True)
    wall_condition = models.PositiveSmallIntegerField(_("wall condition"), choices=codes.Condition.choices, null=True)
    roof_type = models.PositiveSmallIntegerField(_("roof"), choices=codes.RoofType.choices, null=True)
    roof_condition = models.PositiveSmallIntegerField(_("roof condition"), choices=codes.Condition.choices, null=True)
    rooms = models.PositiveSmallIntegerField(_("rooms"), null=True)
    water_source = models.PositiveSmallIntegerField(_("drinking water"), choices=codes.WaterSource.choices, null=True)
    lighting_source = models.PositiveSmallIntegerField(_("lighting"), choices=codes.LightingSource.choices, null=True)
    power_capacity = models.PositiveSmallIntegerField(
        _("electric power"), choices=codes.PowerCapacity.choices, null=True
    )
    cooking_fuel = models.PositiveSmallIntegerField(_("cooking fuel"), choices=codes.CookingFuel.choices, null=True)
    toilet_facility = models.PositiveSmallIntegerField(_("toilet"), choices=codes.ToiletFacility.choices, null=True)
    assets = models.JSONField(
        _("assets"), default=list, blank=True, help_text=_("Asset codes of the registry questionnaire.")
    )
    programme_cards = models.JSONField(_("programme cards"), default=list, blank=True)
    livestock = models.JSONField(_("livestock"), default=dict, blank=True)
    land_area = models.DecimalField(_("land owned (m²)"), max_digits=10, decimal_places=1, null=True)
    has_business = models.BooleanField(_("household business"), null=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        indexes = [
            models.Index(fields=["release", "kelurahan"]),
            models.Index(fields=["release", "registry_id"]),
        ]

    def __str__(self) -> str:
        return self.registry_id or f"#{self.pk}"

    def asset_labels(self) -> list[str]:
        """The household's assets in words (Indonesian via the catalogue), in questionnaire order."""
        return [str(label) for code, label in codes.ASSETS.items() if code in self.assets]

    def programme_card_labels(self) -> list[str]:
        return [str(label) for code, label in codes.PROGRAMME_CARDS.items() if code in self.programme_cards]


class Family(models.Model):
    """Keluarga (one No KK), the unit of DTSEN and P3KE.

    ``release`` and ``kelurahan`` repeat the household's, for scoped queries without a join; the importer
    derives them from the household, so the database does not check them again (a million deferred
    foreign-key checks cost more than the rest of the commit: bench/RESULTS.md).
    """

    release = models.ForeignKey(
        RegistryRelease, on_delete=models.CASCADE, related_name="families", db_constraint=False, db_index=False
    )
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="families", db_constraint=False)
    kelurahan = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", db_constraint=False, db_index=False
    )
    # NULL, not "", for an unknown number: matching across releases must never pair two blanks.
    no_kk = models.CharField(_("No KK"), max_length=16, null=True, blank=True)  # noqa: DJ001
    registry_id = models.CharField(_("registry family id"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("family")
        verbose_name_plural = _("families")
        indexes = [models.Index(fields=["release", "no_kk"]), models.Index(fields=["release", "kelurahan"])]

    def __str__(self) -> str:
        return self.no_kk or self.registry_id or f"#{self.pk}"


class Member(models.Model):
    # Set on the members the household page shows (``views.household_detail``), read by the template.
    age: int | None

    # release and kelurahan repeat the household's without database checks, as on Family; the composite
    # indexes below serve their lookups, so they get no single-column index of their own. household and
    # family are not checked by the database either: the importer derives them in one transaction, and
    # tests/test_committed_releases_hold_together.py checks that no id dangles. Nothing lists a family's
    # members, so family_id has no index.
    release = models.ForeignKey(
        RegistryRelease, on_delete=models.CASCADE, related_name="members", db_constraint=False, db_index=False
    )
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members", db_constraint=False)
    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="members", db_constraint=False, db_index=False
    )
    kelurahan = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", db_constraint=False, db_index=False
    )
    registry_id = models.CharField(_("registry person id (IDARTBDT)"), max_length=40, blank=True)
    nik = models.CharField(_("NIK"), max_length=16, null=True, blank=True)  # noqa: DJ001 (as No KK)
    name = models.CharField(_("name"), max_length=150)
    relationship_to_head = models.PositiveSmallIntegerField(
        _("relationship to household head"), choices=codes.RelationshipToHead.choices, null=True
    )
    relationship_to_family_head = models.PositiveSmallIntegerField(
        _("relationship to family head"), choices=codes.RelationshipToHead.choices, null=True
    )
    sex = models.PositiveSmallIntegerField(_("sex"), choices=codes.Sex.choices, null=True)
    birth_place = models.CharField(_("birth place"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"), null=True)
    marital_status = models.PositiveSmallIntegerField(
        _("marital status"), choices=codes.MaritalStatus.choices, null=True
    )
    pregnant = models.BooleanField(_("pregnant"), null=True)
    disability = models.PositiveSmallIntegerField(_("disability"), choices=codes.Disability.choices, null=True)
    chronic_illness = models.PositiveSmallIntegerField(
        _("chronic illness"), choices=codes.ChronicIllness.choices, null=True
    )
    school_participation = models.PositiveSmallIntegerField(
        _("school participation"), choices=codes.SchoolParticipation.choices, null=True
    )
    education = models.PositiveSmallIntegerField(_("highest education"), choices=codes.Education.choices, null=True)
    work_status = models.PositiveSmallIntegerField(_("work status"), choices=codes.WorkStatus.choices, null=True)
    employment_status = models.PositiveSmallIntegerField(
        _("employment status"), choices=codes.EmploymentStatus.choices, null=True
    )
    work_sector = models.PositiveSmallIntegerField(_("work sector"), choices=codes.WorkSector.choices, null=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        indexes = [
            models.Index(fields=["release", "nik"]),
            models.Index(fields=["release", "kelurahan"]),
        ]

    def __str__(self) -> str:
        return self.name


class RankMethod(models.TextChoices):
    OFFICIAL = "official", _("Official (from the source)")
    COMPUTED = "computed", _("Computed locally")


class WelfareRank(models.Model):
    """A household's welfare rank in a release, dated, with where it came from."""

    release = models.ForeignKey(
        RegistryRelease, on_delete=models.CASCADE, related_name="ranks", db_constraint=False, db_index=False
    )
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="ranks", db_constraint=False, db_index=False
    )
    desil = models.PositiveSmallIntegerField(_("desil"))
    percentile = models.PositiveSmallIntegerField(_("percentile"), null=True, blank=True)
    ranked_on = models.DateField(_("ranked on"))
    method = models.CharField(_("method"), max_length=10, choices=RankMethod.choices)

    class Meta:
        verbose_name = _("welfare rank")
        verbose_name_plural = _("welfare ranks")
        constraints = [
            models.CheckConstraint(condition=Q(desil__gte=1, desil__lte=10), name="welfare_rank_desil_1_10"),
            models.CheckConstraint(
                condition=Q(percentile__isnull=True) | Q(percentile__gte=1, percentile__lte=100),
                name="welfare_rank_percentile_1_100",
            ),
            # The release leads because on PostgreSQL the table is partitioned by release, and a unique
            # constraint there must hold the partition key; a household belongs to one release anyway.
            models.UniqueConstraint(
                fields=["release", "household", "ranked_on", "method"], name="welfare_rank_unique_per_day"
            ),
        ]
        indexes = [models.Index(fields=["release", "desil"])]

    def __str__(self) -> str:
        return f"desil {self.desil}"


class UploadStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    VALIDATING = "validating", _("Checking the file")
    VALIDATED = "validated", _("Checked: waiting for confirmation")
    NEEDS_MAPPING = "needs_mapping", _("Columns to map")
    IMPORTING = "importing", _("Importing")
    IMPORTED = "imported", _("Imported as a draft release")
    FAILED = "failed", _("Failed")


RUNNING_UPLOAD_STATUSES = (UploadStatus.QUEUED, UploadStatus.VALIDATING, UploadStatus.IMPORTING)


class RegistryUpload(models.Model):
    """A registry file uploaded through the web, checked and imported by background tasks.

    The row is the record of the file the page polls: its status, a summary of the check, and the release it
    produced. Its check and its import each run as a jobs.Job (``job``: the current or last one), whose
    progress is in jobs/progress.py. The file stays under MEDIA_ROOT until the import is done.
    """

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to="registry-uploads/")
    file_name = models.CharField(_("file name"), max_length=255)
    checksum = models.CharField(max_length=64)
    source = models.CharField(_("source"), max_length=8, choices=codes.Source.choices)
    sk_number = models.CharField(_("SK number"), max_length=120, blank=True)
    sk_date = models.DateField(_("SK date"), null=True, blank=True)
    data_date = models.DateField(_("data as of"), null=True, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    headers = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=16, choices=UploadStatus.choices, default=UploadStatus.QUEUED)
    summary = models.JSONField(default=dict, blank=True)
    error_message = models.TextField(blank=True)
    release = models.ForeignKey(RegistryRelease, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The current or last background run on the file (its check or its import).
    job = models.ForeignKey("jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("registry upload")
        verbose_name_plural = _("registry uploads")

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_UPLOAD_STATUSES


class SavedHeaderMapping(models.Model):
    """The column mapping a user confirmed, tried first on the next upload (field → header)."""

    mapping = models.JSONField(default=dict)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-saved_at"]

    def __str__(self) -> str:
        return f"{len(self.mapping)} columns"


class StatisticsLevel(models.TextChoices):
    KELURAHAN = "kelurahan", _("Kelurahan")
    KECAMATAN = "kecamatan", _("Kecamatan")
    ALL = "all", _("Kabupaten/kota")


class ReleaseStatistics(models.Model):
    """The desil distribution and the MPI (k = 1/3, the default indicators) of a whole release, per kelurahan,
    per kecamatan and for the kabupaten/kota, computed once by the polars analytics (registry/statistics.py)
    and read by the dashboard, the measures page, the map, the public page, the API and the LP2KD.

    A committed release never changes, so neither do these figures, unless the code that computes them
    (``version``) or the kelurahan-to-kecamatan map (``areas_key``) does: then they are computed again."""

    release = models.OneToOneField(
        RegistryRelease, on_delete=models.CASCADE, primary_key=True, related_name="statistics"
    )
    version = models.PositiveSmallIntegerField()
    areas_key = models.CharField(max_length=64)
    reference_date = models.DateField(_("ages counted on"))
    insurance_recorded = models.BooleanField()
    assets_recorded = models.BooleanField()
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("release statistics")
        verbose_name_plural = _("release statistics")

    def __str__(self) -> str:
        return f"statistics of release {self.release_id} (v{self.version})"


class _AreaRow(models.Model):
    statistics = models.ForeignKey(ReleaseStatistics, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=9, choices=StatisticsLevel.choices)
    code = models.CharField(max_length=13, blank=True)  # "" for the kabupaten/kota

    # Every table has its own; declared here for ``statistics``, which handles the five tables alike.
    objects: ClassVar[models.Manager[Self]]

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.level} {self.code or '-'}"


class AreaDesil(_AreaRow):
    """Households and persons of one area by rank (``analytics.desil.SUMMARY_COLUMNS``)."""

    households = models.PositiveIntegerField()
    persons = models.PositiveIntegerField()
    ranked_households = models.PositiveIntegerField()
    ranked_persons = models.PositiveIntegerField()
    unranked_households = models.PositiveIntegerField()
    unranked_persons = models.PositiveIntegerField()
    desil_1_4_households = models.PositiveIntegerField()
    desil_1_4_persons = models.PositiveIntegerField()
    share_1_4_households = models.FloatField(null=True)
    share_1_4_persons = models.FloatField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["statistics", "level", "code"], name="area_desil_unique")]


class AreaDeprivation(_AreaRow):
    """Households of one kelurahan deprived in one respect (``registry.deprivations``, ages counted on the
    release's day): the rows of the kelurahan profile."""

    deprivation = models.CharField(max_length=40)
    households = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["statistics", "level", "code", "deprivation"], name="area_deprivation_unique"
            )
        ]


class AreaDesilCount(_AreaRow):
    desil = models.PositiveSmallIntegerField()
    households = models.PositiveIntegerField()
    persons = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["statistics", "level", "code", "desil"], name="area_desil_count_unique")
        ]


class AreaMpi(_AreaRow):
    """The Alkire-Foster figures of one area per unit (``analytics.mpi.Mpi.summary``)."""

    unit = models.CharField(max_length=9)
    units = models.PositiveIntegerField()
    population = models.FloatField()
    poor_units = models.PositiveIntegerField()
    poor = models.FloatField()
    H = models.FloatField(null=True)
    A = models.FloatField(null=True)
    M0 = models.FloatField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["statistics", "level", "code", "unit"], name="area_mpi_unique")]


class AreaMpiIndicator(_AreaRow):
    """One indicator of one area per unit (``analytics.mpi.Mpi.indicators``)."""

    unit = models.CharField(max_length=9)
    indicator = models.CharField(max_length=40)
    dimension = models.CharField(max_length=40)
    weight = models.FloatField()
    deprived = models.FloatField(null=True)
    uncensored = models.FloatField(null=True)
    censored = models.FloatField(null=True)
    contribution = models.FloatField(null=True)
    missing = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["statistics", "level", "code", "unit", "indicator"], name="area_mpi_indicator_unique"
            )
        ]
