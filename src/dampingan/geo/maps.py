"""``kelurahan_map``: the map of the deployment's kelurahan for any indicator, ready for ``geo/map.html``.

Geographic when boundaries are imported, schematic (one tile per kelurahan, grouped by kecamatan)
until then, so a page with a map is never empty. Both use the same classes, colours and legend.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from dampingan.regions.models import Region

from . import choropleth
from .choropleth import Area, Cell, CellState, LegendEntry, Method
from .models import Boundary
from .suppression import SMALL_CELL_MINIMUM

BOUNDARIES = "boundaries"
SCHEMATIC = "schematic"


@dataclass(frozen=True)
class MapRow:
    """One line of the data table (and of the CSV download)."""

    code: str
    name: str
    kecamatan: str
    value: float | None
    display: str
    class_number: int | None  # 1-based
    state: str

    @property
    def csv_value(self) -> str:
        return "" if self.value is None else repr(self.value)


@dataclass(frozen=True)
class KelurahanMap:
    dom_id: str
    title: str
    unit: str
    mode: str  # BOUNDARIES or SCHEMATIC
    svgs: list[SafeString]
    legend_svg: SafeString
    legend: list[LegendEntry]
    rows: list[MapRow]
    method_label: str
    missing_boundaries: list[str]  # kelurahan drawn on no map because their boundary is missing
    note: str
    file_stem: str

    @property
    def is_schematic(self) -> bool:
        return self.mode == SCHEMATIC

    @property
    def suppressed_count(self) -> int:
        return sum(1 for row in self.rows if row.state == CellState.SUPPRESSED)


def _areas() -> list[Area]:
    kelurahan = Region.objects.in_deployment().villages().select_related("parent").order_by("code")
    shapes = {b.region_id: b.polygons() for b in Boundary.objects.in_deployment().filter(region__level=4)}
    return [
        Area(k.code, k.name, k.parent_id or "", k.parent.name if k.parent else "", shapes.get(k.code))
        for k in kelurahan
    ]


def kelurahan_map(
    values: Mapping[str, Decimal | float | None],
    *,
    title: str,
    unit: str = "",
    classes: int = 5,
    suppressed: Collection[str] = frozenset(),
    method: str = Method.QUANTILE,
    decimals: int = 1,
    palette: str = "YlOrRd",
    suppressed_label: str = "",
    note: str = "",
) -> KelurahanMap:
    """The map of every kelurahan of the deployment coloured by ``values`` (code → value, None = no data).

    ``suppressed`` codes are hatched and their values never shown nor used for the classes; ``method``
    is ``quantile`` or ``equal`` (intervals), ``classes`` 1 to 7, ``palette`` a key of ``choropleth.PALETTES``.
    """
    method = Method(method) if method in set(Method) else Method.QUANTILE
    hidden = set(suppressed)
    numbers = {code: float(v) for code, v in values.items() if v is not None and code not in hidden}
    areas = _areas()
    area_codes = {a.code for a in areas}
    classes_found = choropleth.classify(
        [v for code, v in numbers.items() if code in area_codes], classes, method, palette
    )
    labels = choropleth.Labels(
        no_data=_("No data"),
        suppressed=suppressed_label or _("Hidden: fewer than %(count)s households") % {"count": SMALL_CELL_MINIMUM},
        north=pgettext("compass", "N"),
        kilometre="km",
        decimal_mark=number_format(0.5, 1)[1],
    )

    def number(value: float) -> str:
        return number_format(value, decimals, use_l10n=True)

    cells = choropleth.make_cells(
        areas, numbers, classes_found, suppressed=hidden, number=number, unit=unit, labels=labels
    )
    dom_id = f"map-{slugify(title)[:40] or 'kelurahan'}-{uuid.uuid4().hex[:6]}"
    if any(a.shape for a in areas):
        mode = BOUNDARIES
        # Kecamatan boundaries are not drawn over the kelurahan: upstream simplified the two levels apart,
        # so their lines cross the kelurahan instead of following them.
        svgs = [choropleth.map_svg(cells, dom_id=dom_id, title=title, labels=labels)]
        missing = [a.name for a in areas if not a.shape]
    else:
        mode = SCHEMATIC
        svgs = choropleth.schematic_svgs(_groups(cells), dom_id=dom_id, title=title)
        missing = []
    method_label = ""
    if len(classes_found):  # no values, no classes: nothing to say about them
        template = (
            _("quantiles, %(count)s classes") if method == Method.QUANTILE else _("equal intervals, %(count)s classes")
        )
        method_label = template % {"count": len(classes_found)}
    legend = choropleth.legend_entries(classes_found, cells, number=number, unit=unit, labels=labels)
    legend_title = f"{title} ({unit})" if unit else title
    return KelurahanMap(
        dom_id=dom_id,
        title=title,
        unit=unit,
        mode=mode,
        svgs=[mark_safe(svg) for svg in svgs],  # noqa: S308 - built by choropleth, every text escaped there
        legend_svg=mark_safe(  # noqa: S308 - as above
            choropleth.legend_svg(legend, dom_id=dom_id, title=legend_title)
        ),
        legend=legend,
        rows=[_row(cell) for cell in cells],
        method_label=method_label,
        missing_boundaries=missing,
        note=note,
        file_stem=slugify(title) or "peta",
    )


def _groups(cells: list[Cell]) -> list[tuple[str, str, list[Cell]]]:
    groups: dict[str, tuple[str, list[Cell]]] = {}
    for cell in cells:
        groups.setdefault(cell.area.group_code, (cell.area.group_name, []))[1].append(cell)
    return [(code, name, members) for code, (name, members) in sorted(groups.items())]


def _row(cell: Cell) -> MapRow:
    return MapRow(
        code=cell.area.code,
        name=cell.area.name,
        kecamatan=cell.area.group_name,
        value=cell.value,
        display=cell.display,
        class_number=None if cell.class_index is None else cell.class_index + 1,
        state=cell.state,
    )


PREVIEW_FILL = "#c6dbef"


def preview_svg(matched: list[tuple[Region, choropleth.MultiPolygon]], *, title: str) -> SafeString:
    """The shapes an import would save, before it does: kelurahan filled, kecamatan outlined."""
    # Here the kecamatan are drawn: the preview shows what the file holds, lines that cross included.
    cells = [
        Cell(
            Area(region.code, region.name, region.parent_id or "", "", shape),
            None,
            CellState.NO_DATA,
            None,
            PREVIEW_FILL,
            region.code,
        )
        for region, shape in matched
        if region.level == 4
    ]
    outlines = [shape for region, shape in matched if region.level == 3]
    if not cells:
        if not outlines:
            return mark_safe("")
        cells = [
            Cell(Area(r.code, r.name, "", "", s), None, CellState.NO_DATA, None, PREVIEW_FILL, r.code)
            for r, s in matched
        ]
        outlines = []
    labels = choropleth.Labels(north=pgettext("compass", "N"), decimal_mark=number_format(0.5, 1)[1])
    svg = choropleth.map_svg(cells, dom_id="boundary-preview", title=title, outlines=outlines, labels=labels)
    return mark_safe(svg)  # noqa: S308 - built by choropleth, every text escaped there
