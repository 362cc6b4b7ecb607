"""Key journey in a real browser: the map page is schematic until the TKPK admin imports the boundaries,
then geographic; its CSV and PNG downloads work offline, and a phone shows it without sideways scrolling."""

import json
from pathlib import Path

import pytest

from dampingan.regions.models import Region

pytestmark = pytest.mark.browser


def _grid_geojson(tmp_path):
    """A square per kelurahan of the city, on a grid over Kota Pekalongan, as a GeoJSON file."""
    features = []
    for number, code in enumerate(Region.objects.in_deployment().villages().values_list("code", flat=True)):
        lng, lat = 109.64 + (number % 6) * 0.01, -6.93 + (number // 6) * 0.01
        ring = [[lng, lat], [lng + 0.01, lat], [lng + 0.01, lat + 0.01], [lng, lat + 0.01], [lng, lat]]
        features.append(
            {"type": "Feature", "properties": {"kode": code}, "geometry": {"type": "Polygon", "coordinates": [ring]}}
        )
    path = tmp_path / "batas-kota.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def test_the_map_is_schematic_then_geographic_and_downloads_csv_and_png(login, demo_site, screenshot, tmp_path):
    page = login("tkpk")
    page.goto(f"{demo_site.url}/peta/")

    assert page.locator("[data-map] svg[data-map-part=group]").count() == 4
    assert page.locator("[data-map] svg g[data-code]").count() == 27
    screenshot(page, "tkpk-desktop-map-schematic")
    page.locator("[data-map-table-toggle] summary").click()
    assert page.locator("[data-map-table] tbody tr").count() == 27

    with page.expect_download() as csv_download:
        page.locator("[data-map-action=csv]").click()
    csv_text = Path(csv_download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert csv_text[0].startswith("Kode,Kecamatan,Kelurahan,Nilai")
    assert len(csv_text) == 28 and csv_text[1].startswith("33.75.01.1002,Pekalongan Barat,Medono,")
    with page.expect_download() as png_download:
        page.locator("[data-map-action=png]").click()
    png = Path(png_download.value.path()).read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5000
    assert png_download.value.suggested_filename.endswith(".png")

    page.locator("[data-action=import-boundaries]").click()
    page.locator("input[name=file]").set_input_files(str(_grid_geojson(tmp_path)))
    page.locator("[data-action=check-boundaries]").click()
    page.wait_for_load_state()
    assert page.locator("#boundary-preview svg path[data-code]").count() == 27
    screenshot(page, "tkpk-desktop-boundary-preview")
    page.locator("[data-action=confirm-import]").click()
    page.wait_for_load_state()
    assert "27 batas wilayah disimpan" in page.locator("main").inner_text()

    page.goto(f"{demo_site.url}/peta/")
    assert page.locator("[data-map] svg path[data-code]").count() == 27
    page.locator("[data-map] path[data-code='33.75.04.1004']").click()
    assert "Jenggot" in page.locator("[data-map-info]").inner_text()
    screenshot(page, "tkpk-desktop-map-boundaries")

    phone = login("lurah.banyurip", width=390, height=844)
    phone.goto(f"{demo_site.url}/peta/")
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    screenshot(phone, "lurah-phone-map")
    assert overflow <= 1, f"/peta/ scrolls sideways by {overflow}px on a phone"
    assert phone.locator("[data-map] svg path[data-code]").count() == 27
