"""Builders of small boundary files (GeoJSON and the SQL of wilayah_boundaries) and the upstream files.

The upstream files the tests read are committed beside this module (``data/wilayah_boundaries``, MIT, trimmed
as its SOURCE.md says); ``DAMPINGAN_BOUNDARIES_DIR`` points to a full copy of the upstream folder instead.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

BANYURIP, JENGGOT, BUARAN = "33.75.04.1002", "33.75.04.1004", "33.75.04.1003"
SELATAN = "33.75.04"
BOUNDARIES_DIR = Path(
    os.environ.get("DAMPINGAN_BOUNDARIES_DIR", Path(__file__).resolve().parent / "data" / "wilayah_boundaries")
)
PEKALONGAN_SQL = BOUNDARIES_DIR / "db/kel/33/wilayah_boundaries_kel_33.75.sql"


def square(lng: float, lat: float, size: float = 0.004) -> list[list[float]]:
    """A closed ring of [lng, lat] positions: a square whose south-west corner is (lng, lat)."""
    return [[lng, lat], [lng + size, lat], [lng + size, lat + size], [lng, lat + size], [lng, lat]]


def feature(code: str, name: str, geometry: dict | None, key: str = "KDEPUM") -> dict:
    return {"type": "Feature", "properties": {key: code, "NAMOBJ": name}, "geometry": geometry}


def polygon(lng: float, lat: float) -> dict:
    return {"type": "Polygon", "coordinates": [square(lng, lat)]}


def geojson(*features: dict) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def swapped(ring: list[list[float]]) -> list[list[float]]:
    return [[lat, lng] for lng, lat in ring]


def wilayah_sql(*rows: tuple[str, str, list]) -> bytes:
    """An upstream-style dump: licence comment, DELETE, one multi-row INSERT whose paths are [lat, lng]."""
    values = ",\n".join(
        "\t('{}','{}',{},{},'{}')".format(code, name.replace("'", "\\'"), -6.9, 109.66, json.dumps(path))
        for code, name, path in rows
    )
    return (
        "/*\nMIT License ... it's a comment with a quote\n*/\n"
        "DELETE FROM wilayah_boundaries WHERE kode LIKE '33.75.%' AND LENGTH(kode)=13;\n"
        f"INSERT INTO wilayah_boundaries(kode,nama,lat,lng,path) VALUES\n{values};\n"
    ).encode()


@pytest.fixture
def upstream_file() -> Path:
    return PEKALONGAN_SQL
