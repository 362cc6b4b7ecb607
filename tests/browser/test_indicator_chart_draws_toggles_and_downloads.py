"""The indicator pages in a real browser: the P0 chart is drawn from the page's JSON with its target line,
the data table toggles, the PNG and CSV download, and the pages fit a phone."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_the_p0_chart_draws_toggles_its_table_and_downloads(login, demo_site, screenshot, tmp_path):
    page = login("tkpk")
    page.goto(f"{demo_site.url}/indikator/P0/?wilayah=33.75")
    page.locator("#series-chart[data-chart-drawn]").wait_for()

    datasets = page.evaluate(
        "document.querySelector('#series-chart').chart.data.datasets.map(d => [d.label, d.data.length, !!d.borderDash])"
    )
    table = page.locator("#series-chart-table")
    assert datasets == [["Realisasi", 12, False], ["Target", 12, True]]
    assert not table.is_visible()

    page.locator("#series-chart [data-chart-toggle]").click()
    assert table.is_visible() and "7,59" in table.inner_text()
    assert page.locator("#series-chart [data-chart-toggle]").get_attribute("aria-expanded") == "true"
    screenshot(page, "indicators-desktop-p0-series")

    with page.expect_download() as png:
        page.locator("#series-chart [data-chart-png]").click()
    png_path = tmp_path / png.value.suggested_filename
    png.value.save_as(png_path)
    with page.expect_download() as csv:
        page.locator("#series-chart [data-chart-csv]").click()

    assert png.value.suggested_filename == "p0-kota-pekalongan.png"
    assert png_path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png_path.stat().st_size > 5000
    assert csv.value.suggested_filename == "indikator-p0-33.75.csv"


def test_the_indicator_pages_fit_a_phone(login, demo_site, screenshot):
    page = login("lurah.banyurip", width=390, height=844)

    for path, name in [
        ("/indikator/", "indicators-phone-overview"),
        ("/indikator/P0/?wilayah=33.75", "indicators-phone-p0-series"),
    ]:
        page.goto(f"{demo_site.url}{path}")
        page.locator("figure[data-chart][data-chart-drawn]").first.wait_for()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        screenshot(page, name)
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px on a phone"


def test_the_tkpk_imports_a_file_choosing_to_keep(login, demo_site, screenshot, tmp_path):
    path = tmp_path / "angka.csv"
    path.write_text(
        "kode wilayah;tahun;indikator;jenis;nilai;sumber;catatan\n"
        "33.75;2021;P0;realisasi;7,60;BPS revisi;\n"
        "33.75.04;2021;P0;realisasi;8,1;BPS estimasi kecamatan;\n",
        encoding="utf-8",
    )
    page = login("tkpk")
    page.goto(f"{demo_site.url}/indikator/impor/")
    page.locator("input[name=file]").set_input_files(str(path))
    page.locator("#import-form button[type=submit]").click()
    page.wait_for_load_state()
    screenshot(page, "indicators-desktop-import-preview")

    assert page.locator("#import-conflicts [data-old]").inner_text() == "7,59"
    page.locator("input[name=on_conflict][value=keep]").check()
    page.locator("[data-action=confirm]").click()
    page.wait_for_load_state()

    assert "1 ditambahkan, 0 diganti, 1 dipertahankan" in page.locator(".messages").inner_text()
