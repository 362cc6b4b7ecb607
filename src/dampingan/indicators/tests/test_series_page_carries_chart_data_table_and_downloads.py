"""The series page: the chart's data as JSON, the same figures in a real table, a CSV of the series, and the
vendored Chart.js (no CDN)."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.contrib.staticfiles import finders

from dampingan.indicators.charts import ChartData, ChartSeries, summarise_sources


def chart_json(html: str, dom_id: str) -> dict:
    found = re.search(rf'<script id="{dom_id}-data" type="application/json">(.*?)</script>', html, re.S)
    assert found, f"no JSON block for {dom_id}"
    return json.loads(found.group(1))


def test_the_p0_page_holds_the_chart_json_and_the_data_table(client_as, pekalongan):
    html = client_as("lurah_banyurip").get("/indikator/P0/", {"wilayah": "33.75"}).content.decode()
    data = chart_json(html, "series-chart")
    table = html[html.index('id="series-chart-table"') : html.index("</table>", html.index('id="series-chart-table"'))]

    assert data["labels"] == [str(y) for y in range(2015, 2027)]
    assert [s["style"] for s in data["series"]] == ["line", "target"]
    assert data["series"][0]["values"][:10] == [8.09, 7.92, 7.47, 6.75, 6.6, 7.17, 7.59, 7.0, 6.81, 6.71]
    assert data["series"][0]["values"][10:] == [None, None]  # 2025-2026: targets only, no value yet
    assert data["unit"] == "%" and data["decimals"] == 2
    assert (
        "<table" in table
        and "hidden" in html[html.index('id="series-chart-table"') - 60 : html.index('id="series-chart-table"') + 40]
    )
    assert '<th scope="row">2021</th><td class="num">7,59</td><td class="num">7,40</td>' in table
    assert 'data-chart-toggle aria-controls="series-chart-table"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html and "indicators/chart.js" in html
    # Nothing is loaded from another site (a bare "cdn" check failed on a CSRF token that held those letters).
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)


def test_the_sources_table_marks_a_missing_year(client_as, pekalongan):
    html = client_as("viewer").get("/indikator/JML_MISKIN/", {"wilayah": "33.75"}).content.decode()

    assert 'data-year="2021"' in html
    row_2021 = html[html.index('data-year="2021"') : html.index("</tr>", html.index('data-year="2021"'))]
    assert "Tidak ada angka untuk tahun ini" in row_2021


def test_the_csv_download_has_one_line_per_year_with_sources(client_as, pekalongan):
    response = client_as("viewer").get("/indikator/P0/unduh.csv", {"wilayah": "33.75"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))

    assert response["Content-Disposition"] == 'attachment; filename="indikator-p0-33.75.csv"'
    assert [r["tahun"] for r in rows] == [str(y) for y in range(2015, 2027)]
    assert rows[6]["realisasi"] == "7.59" and rows[6]["target"] == "7.40"
    assert rows[6]["sumber_realisasi"] == "BPS Kota Pekalongan, Susenas Maret 2021"
    assert rows[11]["realisasi"] == "" and rows[11]["sumber_target"] == "Target ilustratif (demo)"


def test_a_region_without_figures_says_so(client_as, pekalongan):
    html = client_as("viewer").get("/indikator/P0/", {"wilayah": "33.75.01.1002"}).content.decode()

    assert 'id="no-figures"' in html and "series-chart-data" not in html


def test_the_overview_shows_latest_values_against_targets(client_as, pekalongan):
    html = client_as("camat_selatan").get("/indikator/").content.decode()
    p0_row = html[html.index('data-indicator="P0"') : html.index("</tr>", html.index('data-indicator="P0"'))]

    assert "6,71" in p0_row and "2024" in p0_row and "6,50" in p0_row
    assert 'data-trend="better"' in p0_row and "tidak tercapai" in p0_row
    assert "headline-chart-data" in html


def test_the_selector_form_leads_to_the_other_indicator(client_as, pekalongan):
    response = client_as("viewer").get("/indikator/P0/", {"indikator": "TPT", "wilayah": "33.75"})

    assert response.status_code == 302 and response["Location"] == "/indikator/TPT/?wilayah=33.75"


@pytest.mark.parametrize(
    "path",
    ["vendor/chartjs/chart.umd.min.js", "vendor/chartjs/LICENSE.md", "indicators/chart.js", "indicators/chart.css"],
)
def test_the_chart_files_are_served_from_the_app(path):
    assert finders.find(path), f"{path} is not found by the static files finders"


def test_the_vendored_chartjs_carries_no_source_map_reference():
    # Django's manifest storage would look for the map, which is not shipped.
    content = open(finders.find("vendor/chartjs/chart.umd.min.js"), encoding="utf-8").read()  # noqa: SIM115
    assert "sourceMappingURL" not in content and "Chart.js v4" in content[:200]


def test_chart_data_refuses_misaligned_series_and_bad_ids():
    with pytest.raises(ValueError, match="values for 2 labels"):
        ChartData("ok", "t", [2020, 2021], [ChartSeries("a", [1])])
    with pytest.raises(ValueError, match="dom_id"):
        ChartData("Bad id", "t", [], [])
    with pytest.raises(ValueError, match="style"):
        ChartSeries("a", [], "pie")


def test_the_caption_names_each_publication_once_with_its_years():
    caption = summarise_sources(
        [
            "BPS Kota Pekalongan, Susenas Maret 2015",
            "BPS Kota Pekalongan, Susenas Maret 2024",
            "BPS Kota Pekalongan, Susenas Maret 2016",
            "RPJMD Kota Pekalongan 2021-2026",
            "RPJMD Kota Pekalongan 2021-2026",
            "Target ilustratif (demo)",
        ]
    )

    assert caption == (
        "BPS Kota Pekalongan, Susenas Maret (2015-2024); RPJMD Kota Pekalongan 2021-2026; Target ilustratif (demo)"
    )
