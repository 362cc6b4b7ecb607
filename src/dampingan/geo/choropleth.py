"""Choropleth maps as SVG text: classes and colours, the geographic map, the schematic grid and the legend.

Pure functions of plain data (no Django, no database, no network): shapes come in as MultiPolygons of
(lng, lat), values as floats, words as ``Labels``. Every colour and font is an attribute of the SVG,
not page CSS, so a map prints, and draws onto a canvas for a PNG, exactly as it shows.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from html import escape

from .geometry import MultiPolygon, Polygon, centroid

# ColorBrewer sequential schemes (Cynthia Brewer, colorbrewer2.org, Apache 2.0), both marked safe for
# colour-blind readers and for printing. YlOrRd for "higher is worse" (poverty), YlGnBu otherwise.
PALETTES: dict[str, dict[int, tuple[str, ...]]] = {
    "YlOrRd": {
        3: ("#ffeda0", "#feb24c", "#f03b20"),
        4: ("#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"),
        5: ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"),
        6: ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"),
        7: ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"),
    },
    "YlGnBu": {
        3: ("#edf8b1", "#7fcdbb", "#2c7fb8"),
        4: ("#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"),
        5: ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
        6: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"),
        7: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"),
    },
}
MAX_CLASSES = 7
NO_DATA_FILL = "#d9d9d9"
HATCH_BACKGROUND = "#f4f4f4"
HATCH_STROKE = "#8c8c8c"
AREA_STROKE = "#636363"
OUTLINE_STROKE = "#252525"
DARK_TEXT = "#1a1a1a"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif"
KM_PER_DEGREE = 111.32  # of latitude; of longitude too once multiplied by cos(latitude)


class Method(StrEnum):
    QUANTILE = "quantile"
    EQUAL_INTERVAL = "equal"


class CellState(StrEnum):
    VALUE = "value"
    NO_DATA = "no_data"
    SUPPRESSED = "suppressed"


@dataclass(frozen=True)
class Labels:
    """The words a map shows, translated by the caller."""

    no_data: str = "No data"
    suppressed: str = "Hidden"
    north: str = "N"
    kilometre: str = "km"
    decimal_mark: str = "."


@dataclass(frozen=True)
class Classes:
    """Class ``i`` holds the values from ``lower[i]`` to ``upper[i]`` (upper bound included)."""

    method: Method
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    colours: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.upper)

    def index(self, value: float) -> int:
        for number, bound in enumerate(self.upper):
            if value <= bound or math.isclose(value, bound, rel_tol=1e-12, abs_tol=1e-12):
                return number
        return len(self.upper) - 1


def colours_for(count: int, palette: str = "YlOrRd") -> tuple[str, ...]:
    """``count`` colours light to dark; one or two classes take the ends of the three-class scheme."""
    scheme = PALETTES[palette]
    if count <= 0:
        return ()
    if count == 1:
        return (scheme[3][1],)
    if count == 2:
        return (scheme[3][0], scheme[3][2])
    return scheme[min(count, MAX_CLASSES)]


def classify(
    values: Iterable[float], count: int = 5, method: Method = Method.QUANTILE, palette: str = "YlOrRd"
) -> Classes:
    """Class bounds for ``values`` in at most ``count`` classes (fewer when values repeat).

    Quantiles: class k (1..n) ends at the value of rank ceil(k·N/n) in the sorted values, so each class
    holds about N/n areas and every bound is a value that occurs; a class starts at its smallest value.
    Equal intervals: n classes of width (max - min)/n from the minimum. No values → no classes.
    """
    ordered = sorted(values)
    count = max(1, min(count, MAX_CLASSES))
    if not ordered:
        return Classes(method, (), (), ())
    if method == Method.EQUAL_INTERVAL:
        low, high = ordered[0], ordered[-1]
        if low == high:
            return Classes(method, (low,), (high,), colours_for(1, palette))
        width = (high - low) / count
        upper = (*(low + width * k for k in range(1, count)), high)
        lower = (low, *upper[:-1])
        return Classes(method, lower, upper, colours_for(count, palette))
    total = len(ordered)
    bounds: list[float] = []
    for k in range(1, count + 1):
        bound = ordered[math.ceil(k * total / count) - 1]
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    starts = [ordered[0]] + [next(v for v in ordered if v > bound) for bound in bounds[:-1]]
    return Classes(method, tuple(starts), tuple(bounds), colours_for(len(bounds), palette))


@dataclass(frozen=True)
class Area:
    """One area to draw: a kelurahan with its kecamatan (the group of the schematic) and its shape."""

    code: str
    name: str
    group_code: str
    group_name: str
    shape: MultiPolygon | None = None


@dataclass(frozen=True)
class Cell:
    area: Area
    value: float | None
    state: CellState
    class_index: int | None  # 0-based, None without a value
    fill: str
    display: str  # the value as shown, with its unit, or the no-data / hidden label

    @property
    def tooltip(self) -> str:
        return f"{self.area.name} ({self.area.group_name}): {self.display}"


@dataclass(frozen=True)
class LegendEntry:
    label: str
    fill: str
    count: int
    state: CellState
    class_index: int | None = None


def with_unit(text: str, unit: str) -> str:
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def make_cells(
    areas: Sequence[Area],
    values: Mapping[str, float | None],
    classes: Classes,
    *,
    suppressed: Iterable[str] = (),
    number: Callable[[float], str] = str,
    unit: str = "",
    labels: Labels = Labels(),
) -> list[Cell]:
    """One cell per area. A suppressed area shows no value at all, whatever ``values`` holds."""
    hidden = set(suppressed)
    cells = []
    for area in areas:
        value = values.get(area.code)
        if area.code in hidden:
            cells.append(Cell(area, None, CellState.SUPPRESSED, None, HATCH_BACKGROUND, labels.suppressed))
        elif value is None:
            cells.append(Cell(area, None, CellState.NO_DATA, None, NO_DATA_FILL, labels.no_data))
        else:
            index = classes.index(value)
            cells.append(
                Cell(area, value, CellState.VALUE, index, classes.colours[index], with_unit(number(value), unit))
            )
    return cells


def legend_entries(
    classes: Classes,
    cells: Sequence[Cell],
    *,
    number: Callable[[float], str] = str,
    unit: str = "",
    labels: Labels = Labels(),
) -> list[LegendEntry]:
    """The classes (with how many areas each holds), then "no data" and "hidden" when some area is so."""
    entries = []
    for index in range(len(classes)):
        low, high = number(classes.lower[index]), number(classes.upper[index])
        label = with_unit(low if low == high else f"{low}\u2013{high}", unit)
        count = sum(1 for c in cells if c.class_index == index)
        entries.append(LegendEntry(label, classes.colours[index], count, CellState.VALUE, index))
    for state, label, fill in (
        (CellState.NO_DATA, labels.no_data, NO_DATA_FILL),
        (CellState.SUPPRESSED, labels.suppressed, HATCH_BACKGROUND),
    ):
        count = sum(1 for c in cells if c.state == state)
        if count:
            entries.append(LegendEntry(label, fill, count, state))
    return entries


# --- SVG pieces -------------------------------------------------------------------------------------


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _num(value: float) -> str:
    text = f"{value:.1f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text == "-0" else text


def hatch_pattern(pattern_id: str) -> str:
    return (
        f'<pattern id="{_attr(pattern_id)}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{HATCH_BACKGROUND}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{HATCH_STROKE}" stroke-width="2"/></pattern>'
    )


def _fill(cell: Cell, pattern_id: str) -> str:
    return f"url(#{pattern_id})" if cell.state == CellState.SUPPRESSED else cell.fill


def _text_colour(fill: str) -> str:
    """Dark text on light fills, white on dark ones (relative luminance, WCAG)."""
    if not fill.startswith("#") or len(fill) != 7:
        return DARK_TEXT

    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(fill[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return DARK_TEXT if luminance > 0.22 else "#ffffff"


def _svg_open(width: float, height: float, *, label: str, part: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_num(width)} {_num(height)}" '
        f'width="{_num(width)}" height="{_num(height)}" role="img" aria-label="{_attr(label)}" '
        f'data-map-part="{part}" font-family="{_attr(FONT)}" preserveAspectRatio="xMidYMid meet">'
    )


@dataclass(frozen=True)
class _Projection:
    """Equirectangular with x scaled by cos(mid-latitude): true shapes at a city's scale."""

    west: float
    north: float
    factor: float  # cos(latitude)
    scale: float  # units per degree of latitude
    offset_x: float
    offset_y: float

    def point(self, lng: float, lat: float) -> tuple[float, float]:
        return (
            self.offset_x + (lng - self.west) * self.factor * self.scale,
            self.offset_y + (self.north - lat) * self.scale,
        )


def _fit(shapes: Sequence[MultiPolygon], width: float, max_height: float, pad: float) -> tuple[_Projection, float]:
    xs = [x for shape in shapes for polygon in shape for ring in polygon for x, _y in ring]
    ys = [y for shape in shapes for polygon in shape for ring in polygon for _x, y in ring]
    west, east, south, north = min(xs), max(xs), min(ys), max(ys)
    factor = math.cos(math.radians((south + north) / 2))
    span_x = max((east - west) * factor, 1e-9)
    span_y = max(north - south, 1e-9)
    scale = min((width - 2 * pad) / span_x, (max_height - 2 * pad) / span_y)
    height = span_y * scale + 2 * pad
    offset_x = (width - span_x * scale) / 2
    return _Projection(west, north, factor, scale, offset_x, pad), height


def _path(polygon_list: Iterable[Polygon], projection: _Projection) -> str:
    """SVG path data; points are snapped to 0.1 unit and repeats dropped, which keeps shared borders shared."""
    parts = []
    for polygon in polygon_list:
        for ring in polygon:
            points: list[str] = []
            for lng, lat in ring:
                x, y = projection.point(lng, lat)
                point = f"{_num(x)},{_num(y)}"
                if not points or points[-1] != point:
                    points.append(point)
            if len(set(points)) >= 3:
                parts.append("M" + "L".join(points) + "Z")
    return "".join(parts)


def _label_point(shape: MultiPolygon, projection: _Projection) -> tuple[float, float]:
    """Where a name goes: the centroid of the largest part, projected."""
    largest = max(shape, key=lambda polygon: _extent(polygon[0]))
    return projection.point(*centroid([largest]))


def _extent(ring: Sequence[tuple[float, float]]) -> float:
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return (max(xs) - min(xs)) * (max(ys) - min(ys))


def _scale_bar(projection: _Projection, x: float, y: float, width: float, labels: Labels) -> str:
    units_per_km = projection.scale / KM_PER_DEGREE
    choices = (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500)
    length_km = max((c for c in choices if c * units_per_km <= width * 0.22), default=choices[0])
    length = length_km * units_per_km
    shown = _num(length_km).replace(".", labels.decimal_mark)
    return (
        f'<g data-map-scale="{_num(length_km)}" stroke="{OUTLINE_STROKE}" fill="none" stroke-width="1.2">'
        f'<path d="M{_num(x)},{_num(y - 5)}V{_num(y)}H{_num(x + length)}V{_num(y - 5)}"/>'
        f'<text x="{_num(x + length + 6)}" y="{_num(y)}" font-size="11" fill="{OUTLINE_STROKE}" stroke="none">'
        f"{escape(shown)} {escape(labels.kilometre)}</text></g>"
    )


def _north_arrow(x: float, y: float, labels: Labels) -> str:
    return (
        f'<g data-map-north="1" fill="{OUTLINE_STROKE}">'
        f'<path d="M{_num(x)},{_num(y)}l-6,16l6,-4l6,4z"/>'
        f'<text x="{_num(x)}" y="{_num(y + 30)}" font-size="12" font-weight="700" text-anchor="middle">'
        f"{escape(labels.north)}</text></g>"
    )


def map_svg(
    cells: Sequence[Cell],
    *,
    dom_id: str,
    title: str,
    outlines: Sequence[MultiPolygon] = (),
    labels: Labels = Labels(),
    width: float = 720,
    max_height: float = 760,
    names: bool = True,
) -> str:
    """The geographic map: one ``<path data-code>`` per cell with a shape, titled with name and value.

    ``outlines`` (kecamatan) are drawn over the areas; ``names`` puts each area's name at its middle.
    """
    drawn = [c for c in cells if c.area.shape]
    if not drawn:
        raise ValueError("no cell has a shape")
    pad, bottom = 12.0, 30.0
    shapes = [c.area.shape for c in drawn if c.area.shape] + list(outlines)
    projection, height = _fit(shapes, width, max_height - bottom, pad)
    height += bottom
    pattern_id = f"{dom_id}-hatch"
    out = [_svg_open(width, height, label=title, part="map"), f"<title>{escape(title)}</title>"]
    out.append(f"<defs>{hatch_pattern(pattern_id)}</defs>")
    out.append('<rect width="100%" height="100%" fill="#ffffff"/>')
    out.append(f'<g data-map-areas="1" stroke="{AREA_STROKE}" stroke-width="0.7" stroke-linejoin="round">')
    for cell in drawn:
        class_attr = "" if cell.class_index is None else f' data-class="{cell.class_index + 1}"'
        out.append(
            f'<path d="{_path(cell.area.shape or [], projection)}" fill="{_attr(_fill(cell, pattern_id))}" '
            f'fill-rule="evenodd" data-code="{_attr(cell.area.code)}" data-state="{cell.state}"{class_attr} '
            f'tabindex="0"><title>{escape(cell.tooltip)}</title></path>'
        )
    out.append("</g>")
    if outlines:
        out.append(
            f'<g data-map-outlines="1" fill="none" stroke="{OUTLINE_STROKE}" stroke-width="1.6" pointer-events="none">'
        )
        out.extend(f'<path d="{_path(shape, projection)}"/>' for shape in outlines)
        out.append("</g>")
    if names:
        out.append('<g data-map-names="1" font-size="9" text-anchor="middle" pointer-events="none">')
        for cell in drawn:
            x, y = _label_point(cell.area.shape or [], projection)
            out.append(
                f'<text x="{_num(x)}" y="{_num(y + 3)}" fill="{DARK_TEXT}" stroke="#ffffff" stroke-width="2.5" '
                f'paint-order="stroke" stroke-linejoin="round">{escape(cell.area.name)}</text>'
            )
        out.append("</g>")
    out.append(_scale_bar(projection, pad, height - 10, width, labels))
    out.append(_north_arrow(width - 20, 8, labels))
    out.append("</svg>")
    return "".join(out)


def _wrap(name: str, width: int = 18, lines: int = 2) -> list[str]:
    words, rows = name.split(), [""]
    for word in words:
        candidate = f"{rows[-1]} {word}".strip()
        if len(candidate) <= width or not rows[-1]:
            rows[-1] = candidate
        else:
            rows.append(word)
    if len(rows) > lines:
        rows = [*rows[: lines - 1], " ".join(rows[lines - 1 :])]
    return [row if len(row) <= width else row[: width - 1] + "…" for row in rows]


TILE_WIDTH, TILE_HEIGHT, TILE_GAP, GROUP_PAD, GROUP_HEADER = 122.0, 62.0, 6.0, 4.0, 26.0


def schematic_svgs(
    groups: Sequence[tuple[str, str, Sequence[Cell]]], *, dom_id: str, title: str, columns: int = 3
) -> list[str]:
    """The schematic map: one SVG per group (kecamatan) of ``(code, name, cells)``, a tile per cell.

    Tiles keep the choropleth's colours; groups as separate SVGs let the page flow them into columns on
    a desktop and stack them on a phone, with names at a readable size either way.
    """
    svgs = []
    width = 2 * GROUP_PAD + columns * TILE_WIDTH + (columns - 1) * TILE_GAP
    for number, (group_code, group_name, cells) in enumerate(groups):
        rows = max(1, math.ceil(len(cells) / columns))
        height = GROUP_HEADER + rows * TILE_HEIGHT + (rows - 1) * TILE_GAP + GROUP_PAD
        pattern_id = f"{dom_id}-{number}-hatch"
        out = [
            _svg_open(width, height, label=f"{title}: {group_name}", part="group"),
            f"<title>{escape(group_name)}</title><defs>{hatch_pattern(pattern_id)}</defs>",
            '<rect width="100%" height="100%" fill="#ffffff"/>',
            f'<g data-group="{_attr(group_code)}">',
            f'<text x="{_num(GROUP_PAD)}" y="18" font-size="15" font-weight="700" fill="{DARK_TEXT}">'
            f"{escape(group_name)}</text>",
        ]
        for index, cell in enumerate(cells):
            x = GROUP_PAD + (index % columns) * (TILE_WIDTH + TILE_GAP)
            y = GROUP_HEADER + (index // columns) * (TILE_HEIGHT + TILE_GAP)
            fill = _fill(cell, pattern_id)
            ink = DARK_TEXT if cell.state != CellState.VALUE else _text_colour(cell.fill)
            class_attr = "" if cell.class_index is None else f' data-class="{cell.class_index + 1}"'
            lines = _wrap(cell.area.name)
            # A long single word ("Pasirkratonkramat") gets a smaller font rather than an ellipsis.
            size = min(12.5, (TILE_WIDTH - 14) / (0.6 * max(len(line) for line in lines)))
            out.append(
                f'<g data-code="{_attr(cell.area.code)}" data-state="{cell.state}"{class_attr} tabindex="0">'
                f"<title>{escape(cell.tooltip)}</title>"
                f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(TILE_WIDTH)}" height="{_num(TILE_HEIGHT)}" rx="4" '
                f'fill="{_attr(fill)}" stroke="{AREA_STROKE}" stroke-width="0.6"/>'
            )
            for line_number, line in enumerate(lines):
                out.append(
                    f'<text x="{_num(x + 7)}" y="{_num(y + 16 + 14 * line_number)}" font-size="{_num(size)}" '
                    f'fill="{ink}">{escape(line)}</text>'
                )
            value_text = cell.display if cell.state == CellState.VALUE else "\u2013"
            out.append(
                f'<text x="{_num(x + TILE_WIDTH - 7)}" y="{_num(y + TILE_HEIGHT - 8)}" font-size="14" '
                f'font-weight="700" text-anchor="end" fill="{ink}">{escape(value_text)}</text></g>'
            )
        out.append("</g></svg>")
        svgs.append("".join(out))
    return svgs


def legend_svg(entries: Sequence[LegendEntry], *, dom_id: str, title: str, width: float = 340) -> str:
    """The legend: a swatch, the range and the number of areas per class, then "no data" and "hidden"."""
    row, top = 22.0, 24.0
    height = top + row * max(1, len(entries)) + 4
    pattern_id = f"{dom_id}-legend-hatch"
    out = [
        _svg_open(width, height, label=title, part="legend"),
        f"<defs>{hatch_pattern(pattern_id)}</defs>",
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        f'<text x="2" y="15" font-size="13" font-weight="700" fill="{DARK_TEXT}">{escape(title)}</text>',
    ]
    for number, entry in enumerate(entries):
        y = top + number * row
        fill = f"url(#{pattern_id})" if entry.state == CellState.SUPPRESSED else entry.fill
        class_attr = "" if entry.class_index is None else f' data-class="{entry.class_index + 1}"'
        out.append(
            f'<g data-legend="{entry.state}"{class_attr}>'
            f'<rect x="2" y="{_num(y)}" width="24" height="15" fill="{_attr(fill)}" stroke="{AREA_STROKE}" '
            f'stroke-width="0.6"/><text x="34" y="{_num(y + 12)}" font-size="12.5" fill="{DARK_TEXT}">'
            f"{escape(entry.label)} ({entry.count})</text></g>"
        )
    out.append("</svg>")
    return "".join(out)
