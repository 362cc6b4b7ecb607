"""The pure map renderer: class bounds, colours per class, one SVG path per kelurahan, the schematic grid,
and hidden cells that show no value and weigh on no class."""

import re

import pytest

from dampingan.geo import choropleth
from dampingan.geo.choropleth import Area, CellState, Method, classify, make_cells

from .conftest import square


def test_quantile_classes_end_at_values_that_occur_and_hold_equal_shares():
    classes = classify([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5, Method.QUANTILE)

    assert classes.upper == (2, 4, 6, 8, 10)
    assert classes.lower == (1, 3, 5, 7, 9)
    assert [classes.index(v) for v in (1, 2, 3, 9.5, 10)] == [0, 0, 1, 4, 4]
    assert classes.colours == choropleth.PALETTES["YlOrRd"][5]


def test_repeated_values_give_fewer_quantile_classes_and_the_matching_palette():
    classes = classify([5, 5, 5, 5, 9], 5)

    assert classes.upper == (5, 9)
    assert classes.colours == (choropleth.PALETTES["YlOrRd"][3][0], choropleth.PALETTES["YlOrRd"][3][2])


def test_equal_intervals_split_the_range_evenly():
    classes = classify([0, 1, 2, 10], 4, Method.EQUAL_INTERVAL)

    assert classes.upper == (2.5, 5.0, 7.5, 10)
    assert classes.lower == (0, 2.5, 5.0, 7.5)
    assert [classes.index(v) for v in (0, 2.5, 2.6, 10)] == [0, 0, 1, 3]


def test_one_value_or_none_at_all():
    assert classify([3.0, 3.0], 5, Method.EQUAL_INTERVAL).upper == (3.0,)
    assert len(classify([], 5)) == 0


def _areas(count: int = 6) -> list[Area]:
    return [
        Area(
            f"33.75.0{1 + i // 3}.10{i:02}",
            f"Kel <{i}> & co",
            f"33.75.0{1 + i // 3}",
            f"Kec {1 + i // 3}",
            [[square(109.6 + i * 0.01, -6.9)]],
        )
        for i in range(count)
    ]


def test_the_svg_has_one_path_per_kelurahan_filled_by_its_class():
    areas = _areas()
    values = {a.code: float(i * 10) for i, a in enumerate(areas)}  # 0, 10, ..., 50
    values[areas[5].code] = None
    hidden = {areas[4].code}
    classes = classify([v for c, v in values.items() if v is not None and c not in hidden], 3)
    cells = make_cells(areas, values, classes, suppressed=hidden, unit="%")

    svg = choropleth.map_svg(cells, dom_id="m", title="Peta")

    path = r'<path d="[^"]+" fill="([^"]+)" fill-rule="evenodd" data-code="([^"]+)" data-state="(\w+)"'
    paths = re.findall(path + r'(?: data-class="(\d)")?', svg)
    assert [code for _fill, code, _state, _class in paths] == [a.code for a in areas]
    by_code = {code: (fill, state, klass) for fill, code, state, klass in paths}
    palette = choropleth.PALETTES["YlOrRd"][3]
    # Values 0, 10, 20, 30 in three quantile classes (the hidden 40 and the missing value count for none).
    assert by_code[areas[0].code] == (palette[0], "value", "1")
    assert by_code[areas[1].code] == (palette[0], "value", "1")
    assert by_code[areas[2].code] == (palette[1], "value", "2")
    assert by_code[areas[3].code] == (palette[2], "value", "3")
    assert by_code[areas[4].code] == ("url(#m-hatch)", "suppressed", "")
    assert by_code[areas[5].code] == (choropleth.NO_DATA_FILL, "no_data", "")
    assert "Kel &lt;0&gt; &amp; co (Kec 1): 0.0%" in svg  # the tooltip, escaped
    assert "40.0" not in svg  # the hidden value is nowhere


def test_hidden_values_do_not_shape_the_classes():
    areas = _areas(4)
    values = {areas[0].code: 1.0, areas[1].code: 2.0, areas[2].code: 3.0, areas[3].code: 1000.0}
    shown = {c: v for c, v in values.items() if c != areas[3].code}

    cells = make_cells(areas, values, classify(shown.values(), 3), suppressed={areas[3].code})

    assert [c.state for c in cells] == [CellState.VALUE] * 3 + [CellState.SUPPRESSED]
    assert cells[3].value is None and cells[3].display == choropleth.Labels().suppressed


def test_the_projection_corrects_longitude_by_the_cosine_of_latitude():
    # A square of 1 x 1 degree at 60° south is twice as tall as it is wide on the map.
    area = Area("a", "A", "g", "G", [[square(10.0, -60.5, 1.0)]])
    cells = make_cells([area], {"a": 1.0}, classify([1.0]))

    svg = choropleth.map_svg(cells, dom_id="m", title="t", names=False, width=400, max_height=430)

    points = [tuple(map(float, p.split(","))) for p in re.search(r'd="M([^"]+)Z"', svg).group(1).split("L")]
    width = max(p[0] for p in points) - min(p[0] for p in points)
    height = max(p[1] for p in points) - min(p[1] for p in points)
    assert height / width == pytest.approx(2.0, rel=0.01)


def test_the_schematic_map_has_a_tile_per_kelurahan_in_a_group_per_kecamatan():
    areas = [Area(a.code, a.name, a.group_code, a.group_name) for a in _areas(7)]
    cells = make_cells(areas, {a.code: 1.0 for a in areas}, classify([1.0]))
    groups = [
        (code, name, [c for c in cells if c.area.group_code == code])
        for code, name in dict.fromkeys((a.group_code, a.group_name) for a in areas)
    ]

    svgs = choropleth.schematic_svgs(groups, dom_id="s", title="Peta")

    assert len(svgs) == 3
    assert [len(re.findall(r'<g data-code="', svg)) for svg in svgs] == [3, 3, 1]
    assert all(svg.startswith("<svg") and svg.endswith("</svg>") for svg in svgs)


def test_the_legend_counts_areas_per_class_and_lists_no_data_and_hidden():
    areas = _areas(5)
    values = {areas[0].code: 1.0, areas[1].code: 2.0, areas[2].code: None, areas[3].code: 4.0}
    classes = classify([1.0, 2.0], 2)
    cells = make_cells(areas, values, classes, suppressed={areas[3].code})

    entries = choropleth.legend_entries(classes, cells, number=lambda v: f"{v:.1f}", unit="%")

    assert [(e.label, e.count, e.state) for e in entries] == [
        ("1.0%", 1, CellState.VALUE),
        ("2.0%", 1, CellState.VALUE),
        ("No data", 2, CellState.NO_DATA),
        ("Hidden", 1, CellState.SUPPRESSED),
    ]
    assert 'data-legend="suppressed"' in choropleth.legend_svg(entries, dom_id="m", title="t")
