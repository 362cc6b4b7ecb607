"""A series as a CSV file: one line per year with the value, the target and their sources and notes."""

from __future__ import annotations

import polars as pl

from dampingan.lib.spreadsheets import write_csv
from dampingan.regions.models import Region

from .models import Indicator
from .queries import SeriesPoint


def series_frame(indicator: Indicator, region: Region, points: list[SeriesPoint]) -> pl.DataFrame:
    """Numbers as decimals with a point (machine-readable), the indicator's own decimal places; a year
    without a figure keeps its line with empty cells."""
    number = pl.Decimal(precision=18, scale=indicator.decimals)
    return pl.DataFrame(
        [
            {
                "kode_wilayah": region.code,
                "wilayah": region.name,
                "indikator": indicator.code,
                "tahun": p.year,
                "realisasi": p.value.value if p.value else None,
                "sumber_realisasi": p.value.source if p.value else "",
                "catatan_realisasi": p.value.note if p.value else "",
                "target": p.target.value if p.target else None,
                "sumber_target": p.target.source if p.target else "",
                "catatan_target": p.target.note if p.target else "",
            }
            for p in points
        ],
        schema={
            "kode_wilayah": pl.String,
            "wilayah": pl.String,
            "indikator": pl.String,
            "tahun": pl.Int64,
            "realisasi": number,
            "sumber_realisasi": pl.String,
            "catatan_realisasi": pl.String,
            "target": number,
            "sumber_target": pl.String,
            "catatan_target": pl.String,
        },
        orient="row",
    )


def series_csv(indicator: Indicator, region: Region, points: list[SeriesPoint]) -> bytes:
    return write_csv(series_frame(indicator, region, points))


def series_filename(indicator: Indicator, region: Region) -> str:
    return f"indikator-{indicator.code.lower()}-{region.code}.csv"
