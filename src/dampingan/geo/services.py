"""Writing boundaries: one import replaces the boundaries of the regions its file holds, all or nothing."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from dampingan.access.audit import acting_as
from dampingan.access.scope import Scope

from . import geometry
from .access import IMPORT_BOUNDARIES
from .importers import BoundaryPlan
from .models import Boundary, BoundaryFile, BoundaryFormat

if TYPE_CHECKING:
    from dampingan.accounts.models import User

STORAGE_FOLDER = "boundaries"
_CHECKSUM = re.compile(r"[0-9a-f]{64}")


class BoundaryImportError(ValidationError):
    """The plan may not be imported; ``messages`` say why, for people."""


def stored_name(checksum: str, file_format: str) -> str:
    if not _CHECKSUM.fullmatch(checksum):
        raise ValueError("not a SHA-256 checksum")
    extension = "sql" if file_format == BoundaryFormat.WILAYAH_SQL else "geojson"
    return f"{STORAGE_FOLDER}/{checksum}.{extension}"


def store_file(content: bytes, checksum: str, file_format: str) -> str:
    """Keep the file under its checksum (the same file is stored once) and return its storage name."""
    name = stored_name(checksum, file_format)
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(content))
        if saved != name:  # another request stored the same bytes at the same moment
            default_storage.delete(saved)
    return name


def read_stored(checksum: str, file_format: str) -> bytes | None:
    name = stored_name(checksum, file_format)
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def import_boundaries(actor: User, plan: BoundaryPlan, content: bytes, *, skip_unmatched: bool = False) -> BoundaryFile:
    """Save the matched boundaries of ``plan``, replacing those of the same regions, in one transaction.

    Refused (``BoundaryImportError``, nothing saved) when the plan has errors or matches nothing, and
    when some features match no region unless ``skip_unmatched``: leaving them out is the importer's
    explicit choice, recorded with the file. Boundaries of regions the file does not hold stay.
    """
    Scope.for_user(actor).require(IMPORT_BOUNDARIES)
    if plan.errors:
        raise BoundaryImportError(plan.errors)
    if not plan.matched:
        raise BoundaryImportError(_("The file holds no boundary of this kabupaten/kota."))
    if plan.unmatched and not skip_unmatched:
        raise BoundaryImportError(
            [plan.unmatched_message(), _("Nothing was saved. Choose to leave these features out, or correct the file.")]
        )
    name = store_file(content, plan.checksum, plan.file_format)
    with transaction.atomic(), acting_as(actor):
        source = BoundaryFile.objects.create(
            file_name=plan.file_name[:255],
            checksum=plan.checksum,
            stored_file=name,
            file_format=plan.file_format,
            code_property=plan.code_property,
            imported_by=actor,
            feature_count=plan.feature_count,
            imported_count=len(plan.matched),
            replaced_count=len(plan.replaced_codes),
            skipped=[{"code": f.code, "name": f.name, "where": f.where} for f in plan.unmatched],
        )
        codes = [m.region.code for m in plan.matched]
        Boundary.objects.filter(region_id__in=codes).delete()
        rows = []
        for item in plan.matched:
            west, south, east, north = geometry.bounds(item.shape)
            lng, lat = geometry.centroid(item.shape)
            rows.append(
                Boundary(
                    region=item.region,
                    geometry=geometry.to_geojson_text(item.shape),
                    centroid_lat=round(lat, geometry.DECIMALS),
                    centroid_lng=round(lng, geometry.DECIMALS),
                    min_lng=west,
                    min_lat=south,
                    max_lng=east,
                    max_lat=north,
                    name_in_file=item.name_in_file[:120],
                    source=source,
                )
            )
        Boundary.objects.bulk_create(rows)
    return source
