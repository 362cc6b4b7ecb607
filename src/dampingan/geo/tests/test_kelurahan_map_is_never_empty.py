"""``kelurahan_map`` draws the city's 27 kelurahan: a schematic grid by kecamatan until boundaries exist,
then the geographic map, with the same classes, a legend and a data table either way."""

import re
from decimal import Decimal

from django.template.loader import render_to_string

from dampingan.geo.importers import plan_import
from dampingan.geo.maps import BOUNDARIES, SCHEMATIC, kelurahan_map
from dampingan.geo.services import import_boundaries
from dampingan.regions.models import Region

from .conftest import BANYURIP, JENGGOT, feature, geojson, polygon


def _values() -> dict[str, Decimal | None]:
    codes = list(Region.objects.in_deployment().villages().values_list("code", flat=True))
    return {code: Decimal(number) for number, code in enumerate(codes)}


def test_without_boundaries_the_map_is_schematic_27_tiles_in_4_kecamatan(pekalongan):
    the_map = kelurahan_map(_values(), title="Rumah tangga desil 1-4", unit="%")

    assert the_map.mode == SCHEMATIC
    assert len(the_map.svgs) == 4
    tiles = [re.findall(r'<g data-code="([\d.]+)"', svg) for svg in the_map.svgs]
    assert [len(t) for t in tiles] == [7, 7, 7, 6]
    assert all(code.startswith(f"33.75.0{n + 1}.") for n, group in enumerate(tiles) for code in group)
    assert "Pekalongan Selatan" in the_map.svgs[3]
    assert len(the_map.rows) == 27 and the_map.rows[0].display == "0,0%"  # Indonesian decimal comma


def test_with_boundaries_each_kelurahan_with_a_shape_is_a_path_and_the_rest_are_listed(persona):
    content = geojson(
        feature(BANYURIP, "Banyurip", polygon(109.655, -6.92)), feature(JENGGOT, "J", polygon(109.665, -6.91))
    )
    import_boundaries(persona("tkpk"), plan_import(content, "b.geojson"), content)

    the_map = kelurahan_map(_values(), title="Peta", unit="%", classes=3)

    assert the_map.mode == BOUNDARIES
    assert re.findall(r'<path d="[^"]*" fill="[^"]*" fill-rule="evenodd" data-code="([\d.]+)"', the_map.svgs[0]) == [
        BANYURIP,
        JENGGOT,
    ]
    assert len(the_map.missing_boundaries) == 25
    assert len(the_map.rows) == 27


def test_the_include_renders_legend_table_and_download_buttons(pekalongan):
    the_map = kelurahan_map(
        {BANYURIP: Decimal("12.5"), JENGGOT: None}, title="Peta <uji>", unit="%", suppressed={"33.75.04.1003"}
    )

    html = render_to_string("geo/map.html", {"map": the_map})

    assert html.count('<tr data-code="') == 27
    assert 'data-csv="12.5"' in html and "12,5%" in html
    assert 'data-map-action="png"' in html and 'data-map-action="csv"' in html
    assert "Peta &lt;uji&gt;" in html and "<uji>" not in html
    assert 'data-state="suppressed"' in html
    assert "geo/map.js" in html
