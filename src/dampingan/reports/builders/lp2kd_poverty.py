"""LP2KD chapter III, poverty conditions: the macro series against their targets (``indicators.queries``),
the registry by kecamatan and kelurahan with the desil 1-4 share (``registry.measures.desil_for``, as the
dashboard), the deprivations of each kelurahan (``registry.kelurahan_indicators``, as the kelurahan profile) and the
multidimensional poverty index at k = 1/3 (``registry.measures.mpi_for``, as the dashboard and the measures
page). Kelurahan rows of fewer than ten households are hidden as on the dashboard for a viewer
(``geo.suppression``): the LP2KD is read by every signed-in user.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import polars as pl
from django.utils import formats
from django.utils.translation import gettext as _

from dampingan.access.scope import Scope
from dampingan.geo.suppression import small_cells
from dampingan.indicators import queries as indicator_queries
from dampingan.indicators.models import Indicator
from dampingan.regions.models import Region
from dampingan.registry import deprivations, measures, statistics
from dampingan.registry.kelurahan_indicators import kept_indicators
from dampingan.registry.models import RegistryRelease
from dampingan.registry.queries import current_release, visible_releases

from .. import document as d

MPI_CUTOFF = Fraction(1, 3)  # as the dashboard (dashboard.ranking.MPI_CUTOFF)
# The macro indicators of the chapter, in the order the TKPK reports them.
MACRO_CODES = ("P0", "JML_MISKIN", "P1", "P2", "GK", "TPT", "PE")
SERIES_YEARS = 6  # the year and the five before it


def _dated(release: RegistryRelease) -> dt.date | None:
    """The day a release describes: its data date, else its SK date, else the day it was approved."""
    approved = release.approved_at.date() if release.approved_at else None
    return release.data_date or release.sk_date or approved


def release_for_year(scope: Scope, year: int) -> RegistryRelease | None:
    """The registry release that describes ``year``: the dashboard's current release when it is dated on or
    before the year's end; otherwise, of the releases the pages may open (current and superseded), the latest
    so dated. None when every release is younger than the year."""
    last = dt.date(year, 12, 31)
    current = current_release()
    if current is not None and (_dated(current) or last) <= last:
        return current
    older = [r for r in visible_releases(scope) if (_dated(r) or dt.date.max) <= last]
    return max(older, key=lambda r: (_dated(r), r.pk), default=None)


def release_source(release: RegistryRelease) -> str:
    text = _("Registry release: %(release)s") % {"release": release}
    day = release.data_date or release.sk_date
    if day:
        text += " · " + _("data as of %(day)s") % {"day": formats.date_format(day, "j F Y")}
    return text


def _value_cell(indicator: Indicator, value: Decimal | None) -> d.Cell:
    if value is None:
        return d.number(None)
    if indicator.unit in ("percent", "percent_growth"):
        return d.percent(value, indicator.decimals)
    if indicator.unit == "persons":
        return d.integer(int(value))
    if indicator.unit == "rupiah_capita_month":
        return d.money(value)
    return d.number(value, indicator.decimals)


def macro_blocks(year: int) -> list[d.Block]:
    """Each macro indicator's values and targets for the year and the five before (``indicators.queries.series``,
    the indicators page and the dashboard's P0 chart), and a full series per indicator for the appendix."""
    region = indicator_queries.region_or_404(None)
    indicators = {i.code: i for i in indicator_queries.catalogue().filter(code__in=MACRO_CODES)}
    first = year - SERIES_YEARS + 1
    header = [_("Indicator"), *[str(y) for y in range(first, year + 1)]]
    rows: list[d.Row] = []
    targets: list[d.Row] = []
    for code in MACRO_CODES:
        indicator = indicators.get(code)
        if indicator is None:
            continue
        points = {p.year: p for p in indicator_queries.series(indicator, region, first, year)}
        label = f"{indicator.label} ({indicator.unit_symbol})"
        values = [
            point.value.value if (point := points.get(y)) and point.value else None for y in range(first, year + 1)
        ]
        goals = [
            point.target.value if (point := points.get(y)) and point.target else None for y in range(first, year + 1)
        ]
        if any(v is not None for v in values):
            rows.append(d.Row([d.text(label), *[_value_cell(indicator, v) for v in values]], key=code))
        if any(v is not None for v in goals):
            targets.append(d.Row([d.text(label), *[_value_cell(indicator, v) for v in goals]], key=code))
    return [
        d.Heading(_("3.1 Macro poverty indicators"), 2),
        d.Table(
            key="macro_values",
            caption=_("Macro indicators of %(region)s, %(first)s-%(year)s")
            % {"region": region.name, "first": first, "year": year},
            header=[header],
            rows=rows,
            empty_note=_("No macro indicator was recorded for %(first)s-%(year)s.") % {"first": first, "year": year},
            source=_("Published figures recorded on the indicators page (BPS); an empty cell: no figure that year."),
        ),
        d.Table(
            key="macro_targets",
            caption=_("Targets of the macro indicators, %(first)s-%(year)s") % {"first": first, "year": year},
            header=[header],
            rows=targets,
            empty_note=_("No target was recorded for %(first)s-%(year)s.") % {"first": first, "year": year},
            source=_("Targets of the regional plan (RPJMD) as recorded on the indicators page."),
        ),
        *_p0_against_target(indicators.get("P0"), region, year),
    ]


def _p0_against_target(indicator: Indicator | None, region: Region, year: int) -> list[d.Block]:
    points = indicator_queries.series(indicator, region, None, year) if indicator else []
    rows = [
        d.Row(
            [
                d.text(str(p.year)),
                d.percent(p.value.value if p.value else None),
                d.percent(p.target.value if p.target else None),
                d.percent(p.gap),
            ],
            key=str(p.year),
        )
        for p in points
    ]
    return [
        d.Table(
            key="p0_series",
            caption=_("Poverty rate (P0) and its target up to %(year)s") % {"year": year},
            header=[[_("Year"), _("P0 realised"), _("P0 target"), _("Realised minus target (points)")]],
            rows=rows,
            empty_note=_("No poverty rate was recorded up to %(year)s.") % {"year": year},
            source=_("As the P0 chart of the dashboard: every year from the first figure, gaps left empty."),
        )
    ]


@dataclass(frozen=True)
class RegistryFigures:
    """What chapter III reads from the registry once: the desil and MPI reports and the hidden small cells."""

    release: RegistryRelease
    desil: measures.DesilReport
    mpi: measures.MpiReport
    hidden: set[str]


def registry_figures(scope: Scope, release: RegistryRelease, today: dt.date) -> RegistryFigures:
    mpi, desil = measures.reports_for(scope, release_id=release.pk, k=MPI_CUTOFF)
    kelurahan = desil.summary.filter(pl.col("level") == "kelurahan")
    households = dict(zip(kelurahan["code"].to_list(), kelurahan["households"].to_list(), strict=True))
    return RegistryFigures(release, desil, mpi, small_cells(households))


def _ratio(value: object) -> d.Cell:
    return d.percent(None if value is None else Decimal(str(value)) * 100)


def _desil_row(row: dict, hidden: bool, key: str) -> d.Row:
    name = row["name"] or _("City total")
    if hidden:
        return d.Row([d.text(name), *[d.integer(None)] * 5, d.percent(None)], key=key)
    return d.Row(
        [
            d.text(name),
            d.integer(row["households"]),
            d.integer(row["persons"]),
            d.integer(row["ranked_households"]),
            d.integer(row["desil_1_4_households"]),
            d.integer(row["desil_1_4_persons"]),
            _ratio(row["share_1_4_households"]),
        ],
        key=key,
    )


def _desil_header() -> list[list[str]]:
    return [
        [
            _("Area"),
            _("Households"),
            _("Persons"),
            _("Ranked households"),
            _("Households in desil 1-4"),
            _("Persons in desil 1-4"),
            _("Share of ranked households in desil 1-4"),
        ]
    ]


def registry_blocks(figures: RegistryFigures | None, year: int) -> tuple[list[d.Block], list[d.Block]]:
    """Chapter III.2 (by kecamatan) and the appendix (by kelurahan) of the registry situation and desil."""
    heading: list[d.Block] = [d.Heading(_("3.2 The registry: households, persons and desil"), 2)]
    if figures is None:
        note = d.Note(
            _("No approved registry release is dated on or before the end of %(year)s: no registry figures.")
            % {"year": year}
        )
        return [*heading, note], []
    summary = figures.desil.summary
    source = (
        release_source(figures.release)
        + " · "
        + _("Desil: the latest rank of each household; the share is of ranked households, as on the dashboard.")
    )
    kecamatan = [
        _desil_row(r, False, r["code"]) for r in summary.filter(pl.col("level") == "kecamatan").iter_rows(named=True)
    ]
    total = next(summary.filter(pl.col("level") == "all").iter_rows(named=True))
    total_row = _desil_row({**total, "name": _("City total")}, False, "all")
    kelurahan = [
        _desil_row({**r, "name": f"{r['name']}"}, r["code"] in figures.hidden, r["code"])
        for r in summary.filter(pl.col("level") == "kelurahan").sort("kecamatan", "code").iter_rows(named=True)
    ]
    hidden_note = " · " + _("— : fewer than 10 households, hidden as on the dashboard.") if figures.hidden else ""
    main = [
        *heading,
        d.Table(
            key="registry_by_kecamatan",
            caption=_("Registry households and desil 1-4 by kecamatan"),
            header=_desil_header(),
            rows=kecamatan,
            total=total_row,
            empty_note=_("The release holds no household."),
            source=source,
        ),
    ]
    appendix: list[d.Block] = [
        d.Table(
            key="registry_by_kelurahan",
            caption=_("Registry households and desil 1-4 by kelurahan"),
            header=_desil_header(),
            rows=kelurahan,
            total=total_row,
            empty_note=_("The release holds no household."),
            source=source + hidden_note,
        ),
    ]
    return main, appendix


def deprivation_blocks(figures: RegistryFigures | None) -> tuple[list[d.Block], list[d.Block]]:
    """Households deprived in each respect: the city (sum of the kelurahan) in the chapter, every kelurahan in
    the appendix, each counted by the kelurahan profile's own function."""
    heading: list[d.Block] = [d.Heading(_("3.3 Deprivations of registry households"), 2)]
    if figures is None:
        return [*heading, d.Note(_("No registry release: deprivations cannot be counted."))], []
    villages = list(Region.objects.in_deployment().villages().order_by("code"))
    keys = [dep.key for dep in deprivations.DEPRIVATIONS]
    totals = dict.fromkeys(["households", *keys], 0)
    found_by_code: dict[str, dict[str, int]] = {}
    kept = kept_indicators(statistics.stored(figures.release), [village.code for village in villages])
    for village in villages:
        found = {i.key: i.value for i in kept[village.code]}
        found_by_code[village.code] = found
        for key in totals:
            totals[key] += found[key]
    city = [
        d.Row(
            [d.text(str(dep.label)), d.integer(totals[dep.key]), d.share(totals[dep.key], totals["households"])],
            key=dep.key,
        )
        for dep in deprivations.DEPRIVATIONS
    ]
    source = (
        release_source(figures.release)
        + " · "
        + _("Definitions as on the household list and the kelurahan profile; ages on %(day)s.")
        % {"day": formats.date_format(figures.release.ages_counted_on, "j F Y")}
    )
    main = [
        *heading,
        d.Table(
            key="deprivations_city",
            caption=_("Registry households by deprivation, whole city"),
            header=[[_("Deprivation"), _("Households"), _("Share of registry households")]],
            rows=city if totals["households"] else [],
            empty_note=_("The release holds no household."),
            source=source,
        ),
    ]
    # Two tables of half the deprivations each: eleven columns do not fit an A4 portrait page.
    halves = [
        ("deprivations_by_kelurahan_house", ["households", *keys[:4]]),
        ("deprivations_by_kelurahan_people", keys[4:]),
    ]
    labels = {"households": _("Households"), **{dep.key: str(dep.label) for dep in deprivations.DEPRIVATIONS}}
    appendix: list[d.Block] = []
    for number, (table_key, columns) in enumerate(halves, start=1):
        rows = [
            d.Row(
                [
                    d.text(village.name),
                    *[
                        d.integer(None if village.code in figures.hidden else found_by_code[village.code][k])
                        for k in columns
                    ],
                ],
                key=village.code,
            )
            for village in villages
        ]
        appendix.append(
            d.Table(
                key=table_key,
                caption=_("Registry households by deprivation and kelurahan (%(part)s of 2)") % {"part": number},
                header=[[_("Kelurahan"), *[labels[k] for k in columns]]],
                rows=rows if totals["households"] else [],
                total=d.Row([d.text(_("City total")), *[d.integer(totals[k]) for k in columns]])
                if totals["households"]
                else None,
                empty_note=_("The release holds no household."),
                source=source,
            )
        )
    return main, appendix


def _mpi_row(row: dict, hidden: bool, key: str) -> d.Row:
    name = row["name"] or _("City total")
    if hidden:
        return d.Row([d.text(name), d.integer(None), d.integer(None), *[d.percent(None)] * 2, d.number(None)], key=key)
    m0 = row["M0"]
    return d.Row(
        [
            d.text(name),
            d.integer(row["units"]),
            d.integer(row["poor_units"]),
            _ratio(row["H"]),
            _ratio(row["A"]),
            # Times 100: the documents print a number with two decimals, and M0 is a small fraction (0,0542)
            d.number(None if m0 is None else Decimal(str(m0)) * 100, 2),
        ],
        key=key,
    )


def mpi_blocks(figures: RegistryFigures | None) -> tuple[list[d.Block], list[d.Block]]:
    """The household MPI (k = 1/3) by kecamatan in the chapter, by kelurahan in the appendix, and the
    contribution of each dimension over the city."""
    heading: list[d.Block] = [d.Heading(_("3.4 Multidimensional poverty index"), 2)]
    if figures is None:
        return [*heading, d.Note(_("No registry release: the multidimensional index cannot be computed."))], []
    report = figures.mpi
    header = [
        [_("Area"), _("Households"), _("Poor households"), _("Headcount (H)"), _("Intensity (A)"), _("MPI (M0 x 100)")]
    ]
    areas = report.areas.filter(pl.col("unit") == "household")
    kecamatan = [
        _mpi_row(r, False, r["code"]) for r in areas.filter(pl.col("level") == "kecamatan").iter_rows(named=True)
    ]
    total = _mpi_row(next(areas.filter(pl.col("level") == "all").iter_rows(named=True)), False, "all")
    kelurahan = [
        _mpi_row(r, r["code"] in figures.hidden, r["code"])
        for r in areas.filter(pl.col("level") == "kelurahan").sort("kecamatan", "code").iter_rows(named=True)
    ]
    city = report.rows("all")[0]["by_dimension"] if report.rows("all") else {}
    dimension_rows = [
        d.Row([d.text(str(measures.DIMENSION_LABELS.get(name, name))), _ratio(share)], key=name)
        for name, share in city.items()
        if share is not None
    ]
    source = (
        release_source(figures.release)
        + " · "
        + _("Alkire-Foster, k = 1/3, every household weighs 1; indicators and weights as on the measures page.")
    )
    notes = [d.Note(str(note)) for note in report.notes()]
    main = [
        *heading,
        *notes,
        d.Table(
            key="mpi_by_kecamatan",
            caption=_("Multidimensional poverty of households by kecamatan (k = 1/3)"),
            header=header,
            rows=kecamatan,
            total=total,
            empty_note=_("The release holds no household."),
            source=source,
        ),
        d.Table(
            key="mpi_dimensions",
            caption=_("Contribution of each dimension to the city's MPI"),
            header=[[_("Dimension"), _("Share of M0")]],
            rows=dimension_rows,
            empty_note=_("No household is multidimensionally poor at k = 1/3."),
            source=source,
        ),
    ]
    appendix: list[d.Block] = [
        d.Table(
            key="mpi_by_kelurahan",
            caption=_("Multidimensional poverty of households by kelurahan (k = 1/3)"),
            header=header,
            rows=kelurahan,
            total=total,
            empty_note=_("The release holds no household."),
            source=source,
        )
    ]
    return main, appendix
