"""The upstream file of Kota Pekalongan (SQL of wilayah_boundaries, Jawa Tengah) and small files written
here in its format: every kelurahan matched, [lat, lng] turned into GeoJSON's [lng, lat]."""

import json

import pytest

from dampingan.geo.importers import plan_import
from dampingan.geo.models import Boundary, BoundaryFormat
from dampingan.geo.services import import_boundaries
from dampingan.regions.models import Region

from .conftest import BANYURIP, BOUNDARIES_DIR, JENGGOT, geojson, square, swapped, wilayah_sql


def test_all_27_kelurahan_of_kota_pekalongan_are_matched_and_imported(persona, upstream_file):
    content = upstream_file.read_bytes()

    plan = plan_import(content, upstream_file.name)
    source = import_boundaries(persona("tkpk"), plan, content)

    assert plan.file_format == BoundaryFormat.WILAYAH_SQL
    assert plan.errors == [] and plan.unmatched == [] and plan.outside == []
    assert plan.kelurahan_missing == []
    kelurahan = set(Region.objects.in_deployment().villages().values_list("code", flat=True))
    assert len(kelurahan) == 27
    assert set(Boundary.objects.values_list("region_id", flat=True)) == kelurahan
    assert source.imported_count == 27 and source.feature_count == 27
    medono = Boundary.objects.get(region_id="33.75.01.1002")
    first = json.loads(medono.geometry)["coordinates"][0][0][0]
    assert first == [109.660423, -6.895455]  # the file's first point [-6.8954551…, 109.6604232…], swapped
    # The centroid computed here lands where upstream's own lat/lng column puts it (-6.9030, 109.6658).
    assert (medono.centroid_lat, medono.centroid_lng) == pytest.approx((-6.9030, 109.6658), abs=0.002)


def test_the_kecamatan_file_of_jawa_tengah_keeps_only_the_four_of_the_city(pekalongan):
    path = BOUNDARIES_DIR / "db/kec/wilayah_boundaries_kec_33.sql"

    plan = plan_import(path.read_bytes(), path.name)

    assert sorted(m.region.code for m in plan.matched) == ["33.75.01", "33.75.02", "33.75.03", "33.75.04"]
    assert plan.matched_by_level() == {3: 4}
    assert len(plan.outside) == plan.feature_count - 4


def test_another_kab_kota_file_is_refused_as_not_matching(pekalongan):
    path = BOUNDARIES_DIR / "db/kel/33/wilayah_boundaries_kel_33.01.sql"

    plan = plan_import(path.read_bytes(), path.name)

    assert not plan.can_import
    assert "33.01.01.2001 Tambakreja (baris 35)" in plan.errors[0]
    assert "kabupaten/kota lain" in plan.errors[0]


def test_a_small_dump_in_the_upstream_format_is_read_and_swapped(pekalongan):
    hole = [[109.6565, -6.9195], [109.6575, -6.9195], [109.6575, -6.9185], [109.6565, -6.9195]]
    content = wilayah_sql(
        (BANYURIP, "Banyu'rip", [swapped(square(109.655, -6.92)), swapped(hole)]),  # a polygon with a hole
        (JENGGOT, "Jenggot", [[swapped(square(109.665, -6.91))], [swapped(square(109.67, -6.905))]]),  # two parts
    )

    plan = plan_import(content, "kecil.sql")

    assert plan.errors == []
    shapes = {m.region.code: m.shape for m in plan.matched}
    assert shapes[BANYURIP][0][0][0] == (109.655, -6.92)
    assert len(shapes[BANYURIP]) == 1 and len(shapes[BANYURIP][0]) == 2  # outer ring and hole
    assert len(shapes[JENGGOT]) == 2
    assert plan.matched[0].name_in_file == "Banyu'rip"
    assert plan.matched[0].wheres == ("baris 6",)


def test_a_dump_whose_paths_are_already_lng_lat_is_refused_as_swapped(pekalongan):
    content = wilayah_sql((BANYURIP, "Banyurip", [square(109.655, -6.92)]))

    plan = plan_import(content, "tertukar.sql")

    assert not plan.can_import
    assert "[lng, lat]" in plan.errors[0] and "wilayah_boundaries" in plan.errors[0]


def test_the_upstream_file_turned_into_lat_lng_geojson_is_detected_as_swapped(pekalongan, upstream_file):
    features = []
    for match in plan_import(upstream_file.read_bytes(), upstream_file.name).matched:
        rings = [[swapped([list(p) for p in ring]) for ring in polygon] for polygon in match.shape]
        features.append(
            {
                "type": "Feature",
                "properties": {"kode": match.region.code},
                "geometry": {"type": "MultiPolygon", "coordinates": rings},
            }
        )

    plan = plan_import(geojson(*features), "salah-urutan.geojson")

    assert len(plan.errors) == 1
    assert "salah-urutan.geojson" in plan.errors[0] and "[lat, lng]" in plan.errors[0]
