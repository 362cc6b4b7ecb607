"""GeoJSON import: the code property is found, only the deployment's features are kept, and every feature
that cannot become a boundary is named with its code, its name and where it is in the file."""

import json

import pytest

from dampingan.geo import geometry
from dampingan.geo.importers import BoundaryFileError, plan_import
from dampingan.geo.models import BoundaryFormat

from .conftest import BANYURIP, BUARAN, JENGGOT, feature, geojson, polygon, square, swapped


def test_polygon_and_multipolygon_features_of_the_city_match_their_kelurahan(pekalongan):
    content = geojson(
        feature(BANYURIP, "Banyurip", polygon(109.655, -6.92)),
        feature(
            JENGGOT,
            "Jenggot",
            {"type": "MultiPolygon", "coordinates": [[square(109.665, -6.91)], [square(109.67, -6.905)]]},
        ),
        feature("33.01.01.2001", "Tambakreja", polygon(108.9, -7.6)),
    )

    plan = plan_import(content, "kota.geojson")

    assert plan.file_format == BoundaryFormat.GEOJSON
    assert plan.code_property == "kdepum"
    assert plan.errors == [] and plan.unmatched == []
    assert {m.region.code: len(m.shape) for m in plan.matched} == {BANYURIP: 1, JENGGOT: 2}
    assert [f.code for f in plan.outside] == ["33.01.01.2001"]
    assert len(plan.kelurahan_missing) == 25
    assert plan.matched[0].shape[0][0][0] == (109.655, -6.92)  # [lng, lat] kept as GeoJSON gives it


def test_the_code_property_is_chosen_by_the_codes_it_matches(pekalongan):
    # "id" is a candidate too, but holds serial numbers; "kode_wilayah" holds the Kemendagri codes.
    features = [
        {
            "type": "Feature",
            "properties": {"id": n, "kode_wilayah": code, "nama": name},
            "geometry": polygon(109.66, -6.9),
        }
        for n, (code, name) in enumerate([(BANYURIP, "Banyurip"), (JENGGOT, "Jenggot")], start=1)
    ]

    plan = plan_import(json.dumps({"type": "FeatureCollection", "features": features}).encode(), "k.json")

    assert plan.code_property == "kode_wilayah"
    assert [m.name_in_file for m in plan.matched] == ["Banyurip", "Jenggot"]


def test_codes_of_the_city_that_are_no_region_are_listed_by_name_and_code(pekalongan):
    content = geojson(
        feature(BANYURIP, "Banyurip", polygon(109.655, -6.92)),
        feature("33.75.04.1099", "Kelurahan Baru", polygon(109.66, -6.91)),
        feature("", "Tanpa Kode", polygon(109.66, -6.91)),
    )

    plan = plan_import(content, "kota.geojson")

    assert plan.can_import and plan.needs_confirmation
    message = plan.unmatched_message()
    assert "33.75.04.1099 Kelurahan Baru (fitur 2)" in message
    assert "Tanpa Kode (fitur 3)" in message
    assert message.startswith("Fitur tidak cocok dengan kode kelurahan")


def test_a_file_with_no_feature_of_the_city_is_refused_with_the_codes_it_holds(pekalongan):
    content = geojson(feature("3375041002", "Banyurip", polygon(109.655, -6.92)))

    plan = plan_import(content, "bps.geojson")

    assert not plan.can_import
    assert "3375041002 Banyurip (fitur 1)" in plan.errors[0]
    assert "kode BPS" in plan.errors[0]  # codes without dots: the hint about the other numbering


def test_a_swapped_lat_lng_file_is_detected_and_explained_once(pekalongan):
    content = geojson(
        feature(BANYURIP, "Banyurip", {"type": "Polygon", "coordinates": [swapped(square(109.655, -6.92))]}),
        feature(JENGGOT, "Jenggot", {"type": "Polygon", "coordinates": [swapped(square(109.665, -6.91))]}),
    )

    plan = plan_import(content, "tertukar.geojson")

    assert not plan.can_import
    assert len(plan.errors) == 1
    assert "[lat, lng]" in plan.errors[0] and "[lng, lat]" in plan.errors[0]
    assert "tertukar.geojson" in plan.errors[0]


@pytest.mark.parametrize(
    ("geometry_value", "expected"),
    [
        (None, "tidak memiliki geometri"),
        ({"type": "LineString", "coordinates": [[109.6, -6.9], [109.7, -6.9]]}, "LineString"),
        ({"type": "Polygon", "coordinates": [[[109.6, -6.9], [109.7, -6.9], [109.6, -6.9]]]}, "paling sedikit 4"),
        ({"type": "Polygon", "coordinates": [[[109.6, "x"], [109.7, -6.9], [109.7, -6.8], [109.6, -6.9]]]}, "angka"),
        ({"type": "Polygon", "coordinates": [square(2.35, 48.85)]}, "di luar Indonesia"),
        ({"type": "Polygon", "coordinates": [square(405000.0, 9236000.0)]}, "EPSG:4326"),
    ],
)
def test_a_feature_that_cannot_be_a_boundary_refuses_the_file_naming_it(pekalongan, geometry_value, expected):
    content = geojson(
        feature(BANYURIP, "Banyurip", polygon(109.655, -6.92)), feature(JENGGOT, "Jenggot", geometry_value)
    )

    plan = plan_import(content, "kota.geojson")

    assert not plan.can_import
    assert len(plan.errors) == 1
    assert "kota.geojson, fitur 2 (33.75.04.1004 Jenggot)" in plan.errors[0]
    assert expected in plan.errors[0]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xff\xfe{}", "bukan teks UTF-8"),
        (b'{"type": "FeatureCollection", "features": [', "bukan JSON yang sah: baris 1"),
        (b'{"type": "Polygon", "coordinates": []}', "bukan FeatureCollection GeoJSON"),
        (b'{"type": "FeatureCollection", "features": []}', "tidak memiliki fitur"),
        (geojson(feature(BANYURIP, "Banyurip", polygon(109.655, -6.92), key="luas")), "properti yang memuat kode"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_one_clear_message(pekalongan, content, expected):
    with pytest.raises(BoundaryFileError) as caught:
        plan_import(content, "batas.geojson", BoundaryFormat.GEOJSON)

    assert "batas.geojson" in str(caught.value)
    assert expected in str(caught.value)


def test_a_chosen_code_property_that_no_feature_has_is_refused(pekalongan):
    with pytest.raises(BoundaryFileError, match="KODE_DESA"):
        plan_import(geojson(feature(BANYURIP, "Banyurip", polygon(109.655, -6.92))), "k.geojson", "", "KODE_DESA")


def test_two_features_of_one_kelurahan_become_one_multipolygon(pekalongan):
    content = geojson(
        feature(BUARAN, "Buaran", polygon(109.66, -6.91)), feature(BUARAN, "Buaran", polygon(109.67, -6.91))
    )

    plan = plan_import(content, "k.geojson")

    assert len(plan.matched) == 1 and len(plan.matched[0].shape) == 2
    assert "fitur 1, fitur 2" in plan.notes[0]


def test_the_centroid_weighs_parts_by_area_and_subtracts_holes():
    big, small = square(0.0, 0.0, 2.0), square(10.0, 0.0, 1.0)
    hole = square(0.5, 0.5, 1.0)

    assert geometry.centroid([[big]]) == pytest.approx((1.0, 1.0))
    assert geometry.centroid([[big], [small]]) == pytest.approx(((1.0 * 4 + 10.5 * 1) / 5, (1.0 * 4 + 0.5) / 5))
    assert geometry.centroid([[big, hole]]) == pytest.approx(((1.0 * 4 - 1.0 * 1) / 3, (1.0 * 4 - 1.0) / 3))
