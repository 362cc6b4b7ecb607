"""Importing writes the matched boundaries in one transaction: a re-import replaces those of the same
regions, keeps the others, and a failure or a refusal leaves the database as it was."""

import json

import pytest
from django.core.exceptions import PermissionDenied

from dampingan.geo import services
from dampingan.geo.importers import plan_import
from dampingan.geo.models import Boundary, BoundaryFile
from dampingan.geo.services import BoundaryImportError, import_boundaries

from .conftest import BANYURIP, BUARAN, JENGGOT, feature, geojson, polygon


def _import(actor, content: bytes, **options):
    return import_boundaries(actor, plan_import(content, "batas.geojson"), content, **options)


def test_a_second_import_replaces_the_same_regions_and_keeps_the_others(persona):
    tkpk = persona("tkpk")
    first = _import(
        tkpk,
        geojson(feature(BANYURIP, "Banyurip", polygon(109.655, -6.92)), feature(JENGGOT, "J", polygon(109.665, -6.91))),
    )

    second = _import(
        tkpk,
        geojson(feature(JENGGOT, "Jenggot", polygon(109.668, -6.912)), feature(BUARAN, "B", polygon(109.66, -6.91))),
    )

    boundaries = {b.region_id: b for b in Boundary.objects.select_related("source")}
    assert set(boundaries) == {BANYURIP, JENGGOT, BUARAN}
    assert boundaries[BANYURIP].source == first
    assert boundaries[JENGGOT].source == second and boundaries[JENGGOT].name_in_file == "Jenggot"
    assert json.loads(boundaries[JENGGOT].geometry)["coordinates"][0][0][0] == [109.668, -6.912]
    assert (second.imported_count, second.replaced_count, second.imported_by) == (2, 1, tkpk)
    assert boundaries[JENGGOT].imported_by == tkpk
    jenggot = boundaries[JENGGOT]
    assert (jenggot.min_lng, jenggot.min_lat, jenggot.max_lng, jenggot.max_lat) == (109.668, -6.912, 109.672, -6.908)
    assert (jenggot.centroid_lng, jenggot.centroid_lat) == pytest.approx((109.67, -6.91))


def test_the_imported_file_is_kept_under_its_checksum(persona, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    content = geojson(feature(BANYURIP, "Banyurip", polygon(109.655, -6.92)))

    source = _import(persona("tkpk"), content)

    assert (tmp_path / source.stored_file).read_bytes() == content
    assert source.stored_file == f"boundaries/{source.checksum}.geojson"


def test_unmatched_features_need_the_explicit_choice_to_leave_them_out(persona):
    content = geojson(
        feature(BANYURIP, "Banyurip", polygon(109.655, -6.92)), feature("33.75.04.1099", "Baru", polygon(109.66, -6.9))
    )

    with pytest.raises(BoundaryImportError) as refused:
        _import(persona("tkpk"), content)
    assert "33.75.04.1099 Baru" in refused.value.messages[0]
    assert not Boundary.objects.exists() and not BoundaryFile.objects.exists()

    source = _import(persona("tkpk"), content, skip_unmatched=True)
    assert list(Boundary.objects.values_list("region_id", flat=True)) == [BANYURIP]
    assert source.skipped == [{"code": "33.75.04.1099", "name": "Baru", "where": "fitur 2"}]


def test_a_plan_with_errors_is_never_written(persona):
    content = geojson(feature(BANYURIP, "Banyurip", polygon(109.655, -6.92)), feature(JENGGOT, "Jenggot", None))

    with pytest.raises(BoundaryImportError):
        _import(persona("tkpk"), content)

    assert not Boundary.objects.exists()


def test_a_failure_while_writing_keeps_the_earlier_boundaries(persona, monkeypatch):
    tkpk = persona("tkpk")
    _import(tkpk, geojson(feature(BANYURIP, "Banyurip", polygon(109.655, -6.92))))
    before = list(Boundary.objects.values_list("region_id", "geometry"))

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Boundary.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        _import(tkpk, geojson(feature(BANYURIP, "Banyurip", polygon(109.7, -6.9))))

    assert list(Boundary.objects.values_list("region_id", "geometry")) == before
    assert BoundaryFile.objects.count() == 1


@pytest.mark.parametrize("key", ["lurah_banyurip", "camat_selatan", "operator", "viewer", "mentor_dlh"])
def test_only_the_tkpk_admin_imports_boundaries(persona, key):
    with pytest.raises(PermissionDenied):
        _import(persona(key), geojson(feature(BANYURIP, "Banyurip", polygon(109.655, -6.92))))


def test_a_stored_name_is_built_only_from_a_checksum():
    with pytest.raises(ValueError, match="checksum"):
        services.stored_name("../../settings", "geojson")
