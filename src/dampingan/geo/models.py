"""Administrative boundaries of the deployment's regions, and the files they were imported from.

Geometry is GeoJSON text (a MultiPolygon in [lng, lat], WGS 84) rather than a spatial column: the maps
only draw shapes, so neither PostGIS nor SpatiaLite is needed and both databases behave the same.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dampingan.lib import deployment


class BoundaryFormat(models.TextChoices):
    GEOJSON = "geojson", _("GeoJSON")
    WILAYAH_SQL = "sql", _("SQL of wilayah_boundaries")


class BoundaryFile(models.Model):
    """Provenance of one import: the file (kept in storage by its checksum), who imported it and what it held."""

    file_name = models.CharField(_("file name"), max_length=255)
    checksum = models.CharField(_("SHA-256 of the file"), max_length=64)
    stored_file = models.CharField(_("stored copy"), max_length=255)
    file_format = models.CharField(_("format"), max_length=8, choices=BoundaryFormat.choices)
    code_property = models.CharField(_("code property"), max_length=80, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        related_name="boundary_files",
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    feature_count = models.PositiveIntegerField(_("features in the file"))
    imported_count = models.PositiveIntegerField(_("boundaries imported"))
    replaced_count = models.PositiveIntegerField(_("boundaries replaced"))
    # Features with a code of this deployment that matches no region, left out by the importer's choice:
    # [{"code": ..., "name": ...}, ...].
    skipped = models.JSONField(_("features left out"), default=list, blank=True)

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("boundary file")
        verbose_name_plural = _("boundary files")

    def __str__(self) -> str:
        return self.file_name


class BoundaryQuerySet(models.QuerySet["Boundary"]):
    def in_deployment(self) -> BoundaryQuerySet:
        return self.filter(deployment.inside("region__code"))


class Boundary(models.Model):
    """The outline of one region: a GeoJSON MultiPolygon with its centroid and bounding box."""

    region = models.OneToOneField(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="boundary",
    )
    geometry = models.TextField(_("geometry (GeoJSON MultiPolygon, lng/lat)"))
    centroid_lat = models.FloatField(_("centroid latitude"))
    centroid_lng = models.FloatField(_("centroid longitude"))
    min_lng = models.FloatField(_("west"))
    min_lat = models.FloatField(_("south"))
    max_lng = models.FloatField(_("east"))
    max_lat = models.FloatField(_("north"))
    # The region's name as the file spelled it ("Pasirkratonkramat"), kept to show where names differ.
    name_in_file = models.CharField(_("name in the file"), max_length=120, blank=True)
    source = models.ForeignKey(
        BoundaryFile, verbose_name=_("source"), on_delete=models.PROTECT, related_name="boundaries"
    )

    objects = BoundaryQuerySet.as_manager()

    class Meta:
        ordering = ["region"]
        verbose_name = _("boundary")
        verbose_name_plural = _("boundaries")

    def __str__(self) -> str:
        return str(self.region_id)

    @property
    def imported_at(self) -> Any:
        return self.source.imported_at

    @property
    def imported_by(self) -> Any:
        return self.source.imported_by

    def polygons(self) -> list[list[list[tuple[float, float]]]]:
        """The MultiPolygon's coordinates: polygons of rings of (lng, lat)."""
        data = json.loads(self.geometry)
        return [[[(p[0], p[1]) for p in ring] for ring in polygon] for polygon in data["coordinates"]]
