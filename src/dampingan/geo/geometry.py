"""Polygon geometry as plain lists: reading GeoJSON or [lat, lng] ring lists, checks, centroid and bounds.

No Django and no GEOS here. A shape is a MultiPolygon: a list of polygons, each a list of rings (the
outer ring first, then holes), each a list of (lng, lat) positions with the first repeated at the end.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

Position = tuple[float, float]
Ring = list[Position]
Polygon = list[Ring]
MultiPolygon = list[Polygon]

# Indonesia from Sabang to Merauke and from Miangas to Rote, with a margin: a position outside is an
# error, and one whose two numbers fit only when swapped was written [lat, lng].
LNG_RANGE = (94.0, 141.5)
LAT_RANGE = (-11.5, 6.5)
# Six decimals of a degree are about 0.1 m: more than the source data's precision, and half the text.
DECIMALS = 6


@dataclass(frozen=True)
class GeometryError(ValueError):
    """Why a shape cannot be imported. ``kind`` picks the message; ``detail`` is shown in it."""

    kind: str  # "missing", "type", "structure", "json", "number", "ring", "swapped", "outside", "projected"
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}" if self.detail else self.kind


def _position(raw: Any, *, lat_first: bool) -> Position:
    if not isinstance(raw, list | tuple) or len(raw) < 2:
        raise GeometryError("structure", json.dumps(raw)[:60])
    first, second = raw[0], raw[1]
    for number in (first, second):
        # bool is an int in Python; true/false in a coordinate is a broken file, not 1 and 0.
        if isinstance(number, bool) or not isinstance(number, int | float) or not math.isfinite(number):
            raise GeometryError("number", json.dumps(raw)[:60])
    lng, lat = (second, first) if lat_first else (first, second)
    return (float(lng), float(lat))


def _ring(raw: Any, *, lat_first: bool) -> Ring:
    if not isinstance(raw, list):
        raise GeometryError("structure", json.dumps(raw)[:60])
    ring = [_position(p, lat_first=lat_first) for p in raw]
    if ring and ring[0] != ring[-1]:
        ring.append(ring[0])  # GeoJSON requires closed rings; some exports leave the last point out
    if len(ring) < 4:
        raise GeometryError("ring", str(len(raw)))
    return ring


def _polygon(raw: Any, *, lat_first: bool) -> Polygon:
    if not isinstance(raw, list) or not raw:
        raise GeometryError("structure", json.dumps(raw)[:60])
    return [_ring(r, lat_first=lat_first) for r in raw]


def _depth(raw: Any) -> int:
    depth = 0
    while isinstance(raw, list) and raw:
        raw = raw[0]
        depth += 1
    return depth


def from_geojson(geometry: Any) -> MultiPolygon:
    """A GeoJSON Polygon, MultiPolygon, or GeometryCollection of those, as a MultiPolygon in (lng, lat)."""
    if geometry is None:
        raise GeometryError("missing")
    if not isinstance(geometry, dict):
        raise GeometryError("structure", type(geometry).__name__)
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind == "Polygon":
        return [_polygon(coordinates, lat_first=False)]
    if kind == "MultiPolygon":
        if not isinstance(coordinates, list) or not coordinates:
            raise GeometryError("structure", "MultiPolygon")
        return [_polygon(p, lat_first=False) for p in coordinates]
    if kind == "GeometryCollection":
        parts = geometry.get("geometries") or []
        shape = [polygon for part in parts for polygon in from_geojson(part)]
        if not shape:
            raise GeometryError("missing")
        return shape
    raise GeometryError("type", str(kind))


def from_lat_lng_rings(path: Any) -> MultiPolygon:
    """The ``path`` of wilayah_boundaries: rings of [lat, lng] (one polygon with its holes), or a list of
    such polygons (an area in several parts), as a MultiPolygon in (lng, lat)."""
    depth = _depth(path)
    if depth == 3:
        return [_polygon(path, lat_first=True)]
    if depth == 4:
        return [_polygon(p, lat_first=True) for p in path]
    raise GeometryError("structure", f"depth {depth}")


def positions(shape: MultiPolygon) -> Iterator[Position]:
    for polygon in shape:
        for ring in polygon:
            yield from ring


def _inside(lng: float, lat: float) -> bool:
    return LNG_RANGE[0] <= lng <= LNG_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1]


def check_in_indonesia(shape: MultiPolygon) -> None:
    """Raise unless every position lies in Indonesia; say whether the numbers look swapped or projected."""
    for lng, lat in positions(shape):
        if _inside(lng, lat):
            continue
        shown = f"[{lng:g}, {lat:g}]"
        # Swapped first: a latitude read as longitude is fine, but a longitude of 109 read as latitude
        # is beyond 90 and would otherwise look like projected metres.
        if _inside(lat, lng) and all(_inside(y, x) for x, y in positions(shape)):
            raise GeometryError("swapped", shown)
        if abs(lng) > 180 or abs(lat) > 90:
            raise GeometryError("projected", shown)
        raise GeometryError("outside", shown)


def rounded(shape: MultiPolygon, decimals: int = DECIMALS) -> MultiPolygon:
    return [[[(round(x, decimals), round(y, decimals)) for x, y in ring] for ring in polygon] for polygon in shape]


def bounds(shape: MultiPolygon) -> tuple[float, float, float, float]:
    """(west, south, east, north)."""
    xs, ys = zip(*positions(shape), strict=True)
    return (min(xs), min(ys), max(xs), max(ys))


def _ring_area_and_centroid(ring: Ring) -> tuple[float, float, float]:
    """Signed area (shoelace) and the centroid of a closed ring in plain degrees."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if area == 0:
        return 0.0, ring[0][0], ring[0][1]
    return area, cx / (6 * area), cy / (6 * area)


def centroid(shape: MultiPolygon) -> Position:
    """The area-weighted centroid (lng, lat), holes subtracted.

    Degrees are treated as planar: over a kab/kota the error is far below a map's pixel. For a shape of
    no area (a degenerate file) the mean of its positions.
    """
    total = sx = sy = 0.0
    for polygon in shape:
        for index, ring in enumerate(polygon):
            area, x, y = _ring_area_and_centroid(ring)
            weight = abs(area) if index == 0 else -abs(area)
            total += weight
            sx += x * weight
            sy += y * weight
    if total <= 0:
        points = list(positions(shape))
        return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
    return (sx / total, sy / total)


def merge(shapes: Iterable[MultiPolygon]) -> MultiPolygon:
    """Several features of one region (an island apart, say) as one MultiPolygon."""
    return [polygon for shape in shapes for polygon in shape]


def to_geojson_text(shape: MultiPolygon) -> str:
    coordinates = [[[[x, y] for x, y in ring] for ring in polygon] for polygon in shape]
    return json.dumps({"type": "MultiPolygon", "coordinates": coordinates}, separators=(",", ":"))
