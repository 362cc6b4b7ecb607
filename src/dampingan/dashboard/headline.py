"""The headline numbers of the dashboard and the public page: the city's latest poverty rate, number of poor,
open unemployment and growth against the plan's target for that year and the year before, and the P0 trend
with its target line. Read from the indicators app (published BPS figures and RPJMD targets: no personal
data, so the public page shows the same)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode

from dampingan.indicators import queries
from dampingan.indicators.charts import ChartData, series_chart
from dampingan.indicators.queries import OverviewRow, SeriesPoint
from dampingan.regions.models import Region

HEADLINE_CODES = ("P0", "JML_MISKIN", "TPT", "PE")
TREND_CODE = "P0"


@dataclass(frozen=True)
class Headline:
    region: Region
    rows: list[OverviewRow]  # in HEADLINE_CODES order, those the catalogue holds
    points: list[SeriesPoint]  # the P0 series: every year with its value and target
    chart: ChartData | None  # the same as a chart; None without any figure


def headline(*, dom_id: str = "p0-chart", server_csv: bool = True, published_only: bool = False) -> Headline:
    """The deployment's kab/kota headline; ``server_csv`` links the chart's CSV to the indicators app's
    download (signed-in pages), otherwise the browser builds it from the chart's own numbers.
    ``published_only``: only figures a second person approved (the public page and the public API)."""
    region = queries.region_or_404(None)
    overview = {row.indicator.code: row for row in queries.overview(region, published_only=published_only)}
    rows = [overview[code] for code in HEADLINE_CODES if code in overview]
    chart = None
    points: list[SeriesPoint] = []
    trend = overview.get(TREND_CODE)
    if trend is not None:
        points = queries.series(trend.indicator, region, published_only=published_only)
        if points:
            csv_url = ""
            if server_csv:
                csv_url = f"{reverse('indicators:series_csv', args=[TREND_CODE])}?{urlencode({'wilayah': region.code})}"
            chart = series_chart(trend.indicator, region.name, points, dom_id=dom_id, csv_url=csv_url)
    return Headline(region, rows, points, chart)
