"""Data for the reusable chart include (``indicators/chart.html``): any series of numbers by label.

Build a ``ChartData`` in a view and include the template with it; ``static/indicators/chart.js`` draws it
with the vendored Chart.js, offers the PNG download, and builds the CSV in the browser when no
``csv_url`` is given. The same numbers are rendered server-side as a real ``<table>``, so the figures are
readable without JavaScript and by screen readers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from dampingan.lib.money import format_number

from .models import Indicator
from .queries import SeriesPoint

STYLES = ("line", "target", "bar")
_DOM_ID = re.compile(r"^[a-z][a-z0-9-]*$")
# A publication named with its year at the end ("Susenas Maret 2015"), not a period ("2021-2026").
_TRAILING_YEAR = re.compile(r"\s((?:19|20)\d{2})$")


@dataclass
class ChartSeries:
    """One line (or bar set) of a chart; ``values`` align with ``ChartData.labels``, ``None`` is a gap."""

    label: str
    values: list[Decimal | int | float | None]
    # "line": a solid line with points; "target": a dashed line with crosses; "bar": bars.
    style: str = "line"

    def __post_init__(self) -> None:
        if self.style not in STYLES:
            raise ValueError(f"chart series style must be one of {STYLES}, not {self.style!r}")


@dataclass
class ChartData:
    """Everything ``indicators/chart.html`` shows. ``dom_id`` must be unique on the page (``[a-z][a-z0-9-]*``)."""

    dom_id: str
    title: str
    labels: list[str | int]
    series: list[ChartSeries]
    unit: str = ""
    decimals: int = 2
    filename: str = "grafik"
    csv_url: str = ""
    caption: str = ""
    label_heading: str = field(default_factory=lambda: _("Year"))

    def __post_init__(self) -> None:
        if not _DOM_ID.match(self.dom_id):
            raise ValueError(f"chart dom_id {self.dom_id!r} must match {_DOM_ID.pattern}")
        for series in self.series:
            if len(series.values) != len(self.labels):
                raise ValueError(
                    f"series {series.label!r} has {len(series.values)} values for {len(self.labels)} labels"
                )

    @property
    def json_id(self) -> str:
        return f"{self.dom_id}-data"

    @property
    def table_id(self) -> str:
        return f"{self.dom_id}-table"

    @property
    def data(self) -> dict[str, Any]:
        """The JSON the script reads (numbers as floats: they are drawn, not computed with)."""
        return {
            "title": self.title,
            "unit": self.unit,
            "decimals": self.decimals,
            "labels": [str(label) for label in self.labels],
            "labelHeading": self.label_heading,
            "series": [
                {
                    "label": s.label,
                    "style": s.style,
                    "values": [None if v is None else float(v) for v in s.values],
                }
                for s in self.series
            ],
            "filename": self.filename,
            "caption": self.caption,
        }

    @property
    def table_rows(self) -> list[tuple[str, list[str]]]:
        """Label and the formatted value of each series, for the data table."""
        return [
            (
                str(label),
                [
                    "" if s.values[i] is None else format_number(Decimal(str(s.values[i])), decimals=self.decimals)
                    for s in self.series
                ],
            )
            for i, label in enumerate(self.labels)
        ]


def series_chart(
    indicator: Indicator, region_name: str, points: list[SeriesPoint], *, dom_id: str, csv_url: str = ""
) -> ChartData:
    """The chart of one indicator in one region: realised values and the target line."""
    labels: list[str | int] = [p.year for p in points]
    series = [
        ChartSeries(_("Realised"), [p.value.value if p.value else None for p in points], "line"),
    ]
    if any(p.target for p in points):
        series.append(ChartSeries(_("Target"), [p.target.value if p.target else None for p in points], "target"))
    sources = summarise_sources(
        [p.value.source for p in points if p.value] + [p.target.source for p in points if p.target]
    )
    return ChartData(
        dom_id=dom_id,
        title=f"{indicator.label} · {region_name}",
        labels=labels,
        series=series,
        unit=indicator.unit_symbol,
        decimals=indicator.decimals,
        filename=slugify(f"{indicator.code}-{region_name}"),
        csv_url=csv_url,
        caption=_("Sources: %(sources)s") % {"sources": sources} if sources else "",
    )


def summarise_sources(sources: list[str]) -> str:
    """The distinct sources of a series, one per publication whatever its year: "BPS Kota Pekalongan,
    Susenas Maret 2015" ... "2024" become "BPS Kota Pekalongan, Susenas Maret (2015-2024)"."""
    years: dict[str, set[int]] = {}
    originals: dict[str, str] = {}
    for source in sources:
        found = _TRAILING_YEAR.search(source)
        key = source[: found.start()] if found else source
        originals.setdefault(key, source)
        years.setdefault(key, set()).update([int(found.group(1))] if found else [])
    parts = [f"{key} ({min(found)}-{max(found)})" if len(found) > 1 else originals[key] for key, found in years.items()]
    return "; ".join(parts)
