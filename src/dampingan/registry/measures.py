"""Poverty measures of a registry release for a user's scope: the multidimensional poverty index and the desil
distributions per kelurahan, per kecamatan and over the whole scope (docs/measures.md).

The analytics (``dampingan.analytics.mpi``, ``mpi_indicators``, ``desil``) run on two frames this module
loads with plain SQL straight into polars — households with their coded attributes and latest welfare
rank, members with the few attributes the indicators need — because ORM objects for a city's 270,000
households and a million members would cost seconds before anything is computed. On PostgreSQL the rows
come as one CSV stream through ``COPY ... TO STDOUT``; on SQLite through the cursor.

Aggregates only: the frames hold ids and codes, never a name, NIK, No KK or address, and nothing but counts
and ratios per area leaves this module. Every role may see them within its scope (as
``registry.statistics.desil_by_kelurahan``); a region-bound role gets its own kelurahan only, and a kecamatan
row only when its scope covers the whole kecamatan (a lurah does not see its kecamatan's numbers).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, TypeVar, cast

import polars as pl
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dampingan.access.scope import Scope
from dampingan.analytics import mpi_indicators
from dampingan.analytics.desil import DESILS, SUMMARY_COLUMNS, desil_distribution, latest_ranks
from dampingan.analytics.measure_input import MeasureInputError
from dampingan.analytics.mpi import DEFAULT_K, Mpi, WeightLike, check_cutoff, mpi, nested_weights
from dampingan.analytics.mpi_indicators import IndicatorSet, adapt_to_release, deprivation_matrix
from dampingan.lib.sql_frames import in_clause, query_frame
from dampingan.regions.models import Region

from .models import RegistryRelease
from .queries import current_release, visible_releases

T = TypeVar("T")
LEVELS = ("kelurahan", "kecamatan", "all")
UNITS = ("household", "person")

DIMENSION_LABELS: dict[str, Promise] = {
    "education": _("Education"),
    "health": _("Health"),
    "living_standards": _("Living standards"),
}
# Label and definition of each indicator of analytics.mpi_indicators (a test checks that none is missing).
INDICATOR_LABELS: dict[str, tuple[Promise, Promise]] = {
    "no_primary_schooling": (
        _("No member completed primary school"),
        _("No member aged 15 or older has completed primary school (SD/MI/Paket A or higher)."),
    ),
    "child_not_in_school": (
        _("Child 7-15 not in school"),
        _("A member aged 7 to 15 never attended or no longer attends school."),
    ),
    "chronic_illness_uninsured": (
        _("Chronic illness without health insurance"),
        _("A member has a chronic illness and the household holds no KIS/PBI or BPJS card."),
    ),
    "disability_uninsured": (
        _("Disability without health insurance"),
        _("A member has a disability and the household holds no KIS/PBI or BPJS card."),
    ),
    "electricity": (
        _("No electricity or under 900 VA"),
        _("Lighting not from PLN, a 450 VA connection, or no meter of its own."),
    ),
    "sanitation": (_("No own toilet"), _("Shared, public or no toilet.")),
    "drinking_water": (
        _("Unsafe drinking water"),
        _("Unprotected well or spring, or river, lake or reservoir."),
    ),
    "housing": (
        _("Unfit house"),
        _(
            "Earth, bamboo or poor wood floor; bamboo or log wall; bamboo or thatch roof; "
            "or a wall or roof in poor condition."
        ),
    ),
    "cooking_fuel": (_("Cooks with solid fuel"), _("Firewood, charcoal or briquettes.")),
    "assets": (
        _("Few assets"),
        _(
            "No car, motor boat or ship, and at most one of: phone, television, refrigerator, computer, "
            "bicycle, motorcycle."
        ),
    ),
}
ADAPTATION_NOTES: dict[str, Promise] = {
    "insurance_not_recorded": _(
        "This release records no health insurance cards (KIS/PBI or BPJS mandiri), so insurance cannot be "
        "checked: the health indicators count every household with a member with a chronic illness or disability."
    ),
    "assets_not_recorded": _(
        "This release records no asset flags: the assets indicator is left out and its weight shared by "
        "the other living-standard indicators."
    ),
}

_HOUSEHOLD_SQL = (
    "SELECT h.id, h.kelurahan_id, r.parent_id, h.member_count, h.floor_type, h.wall_type, h.wall_condition, "
    "h.roof_type, h.roof_condition, h.water_source, h.lighting_source, h.power_capacity, h.cooking_fuel, "
    "h.toilet_facility, CAST(h.assets AS TEXT), CAST(h.programme_cards AS TEXT), "
    "w.desil, CAST(w.ranked_on AS TEXT), w.method "
    "FROM registry_household h JOIN regions_region r ON r.code = h.kelurahan_id "
    # The release in the join: ranks are indexed (and partitioned) by release first (registry/queries.py).
    "LEFT JOIN registry_welfarerank w ON w.release_id = h.release_id AND w.household_id = h.id "
    "WHERE h.release_id = %s"
)
_MEMBER_SQL = (
    "SELECT m.household_id, CAST(m.birth_date AS TEXT), m.education, m.school_participation, m.disability, "
    "m.chronic_illness FROM registry_member m WHERE m.release_id = %s"
)
_TEXT_HOUSEHOLD_COLUMNS = {
    **{name: dtype for name, dtype in mpi_indicators.HOUSEHOLD_COLUMNS.items() if not isinstance(dtype, pl.List)},
    "assets": pl.String,
    "programme_cards": pl.String,
    "desil": pl.Int64,
    "ranked_on": pl.String,
    "method": pl.String,
}
_TEXT_MEMBER_COLUMNS = {**mpi_indicators.MEMBER_COLUMNS, "birth_date": pl.String}


@dataclass(frozen=True)
class MeasureFrames:
    """``households``: one row per household (``mpi_indicators.HOUSEHOLD_COLUMNS`` and ``desil``, the latest
    rank); ``members``: one row per member (``mpi_indicators.MEMBER_COLUMNS``). No personal data."""

    release: RegistryRelease
    households: pl.DataFrame
    members: pl.DataFrame


def load_measure_frames(release: RegistryRelease, kelurahan: Collection[str] | None = None) -> MeasureFrames:
    """The frames of ``release`` (its households in ``kelurahan`` when given), in two queries."""
    where, codes = in_clause("h.kelurahan_id", kelurahan)
    # polars takes the dtype classes (pl.Int64) as well as instances; lib.sql_frames names instances only.
    rows = query_frame(
        _HOUSEHOLD_SQL + where, [release.pk, *codes], cast("dict[str, pl.DataType]", _TEXT_HOUSEHOLD_COLUMNS)
    )
    # One row per (household, rank): the latest rank is picked here, by the registry's rule.
    households = latest_ranks(rows).sort("household")
    households = households.with_columns(
        pl.col("assets", "programme_cards").fill_null("[]").str.json_decode(pl.List(pl.String))
    ).select(*mpi_indicators.HOUSEHOLD_COLUMNS, "desil")
    where, codes = in_clause("m.kelurahan_id", kelurahan)
    members = query_frame(
        _MEMBER_SQL + where, [release.pk, *codes], cast("dict[str, pl.DataType]", _TEXT_MEMBER_COLUMNS)
    ).with_columns(pl.col("birth_date").str.to_date("%Y-%m-%d", strict=False))
    return MeasureFrames(release, households, members)


@dataclass(frozen=True)
class MeasureScope:
    """What a user's measures cover: ``kelurahan`` codes (None: every kelurahan of the kab/kota) and the
    kecamatan whose rows it may see."""

    kelurahan: frozenset[str] | None
    kecamatan: frozenset[str]
    city_wide: bool


def measure_scope(scope: Scope, kecamatan: str = "", kelurahan: str = "") -> MeasureScope:
    """The ``scope``, narrowed to a selected kecamatan or kelurahan; a selection outside it is a 404."""
    villages = Region.objects.in_deployment().villages()
    if kelurahan:
        if not scope.covers(kelurahan) or not villages.filter(code=kelurahan).exists():
            raise Http404("kelurahan outside the scope")
        villages = villages.filter(code=kelurahan)
    elif kecamatan:
        villages = villages.filter(parent_id=kecamatan)
    codes = {code for code in villages.values_list("code", flat=True) if scope.covers(code)}
    if (kelurahan or kecamatan) and not codes:
        raise Http404("area outside the scope")
    kecamatan_codes = Region.objects.in_deployment().kecamatan().values_list("code", flat=True)
    # A kecamatan row needs the whole kecamatan: not for a single selected kelurahan, nor for a lurah or a
    # mentor, whose scope holds kelurahan only.
    covered = frozenset(
        code
        for code in kecamatan_codes
        if scope.covers(code) and not kelurahan and (not kecamatan or code == kecamatan)
    )
    whole_city = scope.city_wide and not (kecamatan or kelurahan)
    return MeasureScope(None if whole_city else frozenset(codes), covered, whole_city)


def chosen_release(scope: Scope, release_id: int | None = None) -> RegistryRelease:
    """The release the scope asked for among those it may open, or the current one; 404 when none."""
    release = current_release() if release_id is None else visible_releases(scope).filter(pk=release_id).first()
    if release is None:
        raise Http404("no release")
    return release


def area_names(area_scope: MeasureScope) -> pl.DataFrame:
    """Every area the report shows, with names: ``level``, ``code``, ``name``, ``kecamatan``."""
    villages = Region.objects.in_deployment().villages()
    if area_scope.kelurahan is not None:
        villages = villages.filter(code__in=sorted(area_scope.kelurahan))
    kelurahan = list(villages.values_list("code", "name", "parent_id"))
    kecamatan = list(Region.objects.filter(code__in=sorted(area_scope.kecamatan)).values_list("code", "name", "code"))
    schema = {"code": pl.String, "name": pl.String, "kecamatan": pl.String}
    return pl.concat(
        [
            pl.DataFrame(kelurahan, schema=schema, orient="row").with_columns(level=pl.lit("kelurahan")),
            pl.DataFrame(kecamatan, schema=schema, orient="row").with_columns(level=pl.lit("kecamatan")),
            pl.DataFrame({"code": [""], "name": [""], "kecamatan": [None]}, schema=schema).with_columns(
                level=pl.lit("all")
            ),
        ]
    ).select("level", "code", "name", "kecamatan")


def _by_level(
    compute: Callable[[pl.DataFrame, list[str]], T], frame: pl.DataFrame, area_scope: MeasureScope
) -> list[tuple[str, T]]:
    """``compute(frame, by)`` per kelurahan, per covered kecamatan and over the whole frame, by level."""
    in_kecamatan = frame.filter(pl.col("kecamatan").is_in(sorted(area_scope.kecamatan)))
    return [
        ("kelurahan", compute(frame, ["kelurahan"])),
        ("kecamatan", compute(in_kecamatan, ["kecamatan"])),
        ("all", compute(frame, [])),
    ]


def _stack(parts: list[tuple[str, pl.DataFrame]]) -> pl.DataFrame:
    """Results per level in one frame with ``level`` and ``code`` (the kelurahan or kecamatan, "" for all)."""
    stacked = []
    for level, part in parts:
        coded = part.rename({level: "code"}) if level in part.columns else part.with_columns(code=pl.lit(""))
        stacked.append(coded.with_columns(level=pl.lit(level)).select("level", "code", pl.exclude("level", "code")))
    return pl.concat(stacked, how="vertical_relaxed")


def level_order() -> pl.Expr:
    return pl.col("level").replace_strict({name: i for i, name in enumerate(LEVELS)}, return_dtype=pl.Int64)


@dataclass(frozen=True)
class MpiReport:
    """The MPI of one release for one scope.

    ``areas``: one row per area and unit (``household``: every household weighs 1; ``person``: weighted by
    its number of members) with ``level``, ``code``, ``name``, ``kecamatan``, ``unit``, ``units`` (households
    counted), ``population`` (households, or persons), ``poor_units`` (poor households), ``poor`` (weighted),
    ``H``, ``A``, ``M0``. Areas without households are there with zeros and null ratios.
    ``indicators``: one row per area, unit and indicator with ``dimension``, ``weight``, ``deprived``,
    ``uncensored``, ``censored``, ``contribution`` (share of M0, 0-1) and ``missing``.
    """

    release: RegistryRelease
    k: Fraction
    on: dt.date
    indicator_set: IndicatorSet
    areas: pl.DataFrame
    indicators: pl.DataFrame

    def area(self, level: str, code: str = "", unit: str = "household") -> dict[str, Any] | None:
        rows = self.areas.filter((pl.col("level") == level) & (pl.col("code") == code) & (pl.col("unit") == unit))
        return rows.row(0, named=True) if rows.height else None

    def notes(self) -> list[Promise]:
        reasons = {*self.indicator_set.dropped.values(), *self.indicator_set.relaxed.values()}
        return [ADAPTATION_NOTES[reason] for reason in sorted(reasons)]

    def rows(self, level: str, unit: str = "household") -> list[dict[str, Any]]:
        """The areas of one level for a table or a ranking: the ``areas`` columns plus ``by_dimension``
        (dimension -> share of M0, 0-1, null without poor), highest M0 first, then by name."""
        shares = (
            self.indicators.filter((pl.col("level") == level) & (pl.col("unit") == unit))
            .group_by("code", "dimension")
            # null (no poor, no M0) stays null rather than summing to zero
            .agg(pl.when(pl.col("contribution").is_not_null().any()).then(pl.col("contribution").sum()))
        )
        by_code: dict[str, dict[str, float | None]] = {}
        for code, dimension, share in shares.iter_rows():
            by_code.setdefault(code, {})[dimension] = share
        areas = self.areas.filter((pl.col("level") == level) & (pl.col("unit") == unit))
        ordered = areas.sort([pl.col("M0").fill_null(-1), "name"], descending=[True, False])
        return [
            {**row, "by_dimension": {d: by_code.get(row["code"], {}).get(d) for d in mpi_indicators.DIMENSIONS}}
            for row in ordered.iter_rows(named=True)
        ]


def weights_for(indicators: Sequence[str]) -> dict[str, Fraction]:
    """Equal nested weights over a chosen subset of the registry indicators (dimensions without any of them
    drop out, the others share the whole weight equally)."""
    chosen = set(indicators)
    unknown = chosen - set(mpi_indicators.INDICATORS)
    if unknown:
        raise MeasureInputError("unknown_indicator", f"unknown indicator(s): {', '.join(sorted(unknown))}")
    dimensions = {
        name: [key for key in keys if key in chosen]
        for name, keys in mpi_indicators.DIMENSIONS.items()
        if any(key in chosen for key in keys)
    }
    return nested_weights(dimensions)


def recorded_attributes(frames: MeasureFrames) -> tuple[bool, bool]:
    """(health insurance recorded, assets recorded) for the release of ``frames``: from the columns its file
    held, or, for a release imported before those were kept, guessed from its households' lists."""
    fields = frames.release.recorded_fields
    if fields is None:
        return mpi_indicators.records(frames.households)
    return mpi_indicators.recorded_by_columns(fields)


def mpi_report(
    frames: MeasureFrames,
    area_scope: MeasureScope,
    *,
    k: WeightLike = DEFAULT_K,
    on: dt.date | None = None,
    weights: Mapping[str, Fraction] | None = None,
) -> MpiReport:
    """The MPI of loaded frames per kelurahan, per covered kecamatan and over the scope, per household and
    per person."""
    on = on or timezone.localdate()
    insurance, assets = recorded_attributes(frames)
    indicator_set = adapt_to_release(insurance, assets, dict(weights) if weights else None)
    matrix = deprivation_matrix(frames.households, frames.members, on, indicator_set)
    results: dict[str, list[tuple[str, Mpi]]] = {}
    for unit, weight in (("household", None), ("person", "members")):

        def compute(frame: pl.DataFrame, by: list[str], weight: str | None = weight) -> Mpi:
            return mpi(frame, indicator_set.weights, k, by=by, weight=weight, dimension_of=indicator_set.dimension_of)

        results[unit] = _by_level(compute, matrix, area_scope)
    areas = area_names(area_scope)
    summaries, indicators = [], []
    for unit, parts in results.items():
        summary = _stack([(level, result.summary) for level, result in parts])
        summaries.append(
            areas.join(summary, on=["level", "code"], how="left")
            .with_columns(
                unit=pl.lit(unit),
                units=pl.col("units").fill_null(0),
                population=pl.col("population").fill_null(0.0),
                poor_units=pl.col("poor_units").fill_null(0),
                poor=pl.col("poor").fill_null(0.0),
            )
            .select(
                "level", "code", "name", "kecamatan", "unit", pl.exclude("level", "code", "name", "kecamatan", "unit")
            )
        )
        indicators.append(
            _stack([(level, result.indicators) for level, result in parts]).with_columns(unit=pl.lit(unit))
        )
    areas_frame = pl.concat(summaries).sort(level_order(), "code", "unit")
    indicator_frame = pl.concat(indicators).select("level", "code", "unit", pl.exclude("level", "code", "unit"))
    return MpiReport(frames.release, check_cutoff(k), on, indicator_set, areas_frame, indicator_frame)


def _kept(
    release: RegistryRelease, area_scope: MeasureScope, k: WeightLike, indicators: Sequence[str], on: dt.date | None
) -> tuple[MpiReport, DesilReport] | None:
    """The reports from the figures kept for the release (registry/statistics.py) when the question is the
    one they answer: k = 1/3, every indicator, ages on the release's reference day; else None."""
    from . import statistics  # it builds on this module

    if check_cutoff(k) != DEFAULT_K or indicators or (on is not None and on != release.ages_counted_on):
        return None
    return statistics.reports(release, area_scope)


def _live(
    release: RegistryRelease, area_scope: MeasureScope, k: WeightLike, indicators: Sequence[str], on: dt.date | None
) -> tuple[MpiReport, DesilReport]:
    frames = load_measure_frames(release, area_scope.kelurahan)
    weights = weights_for(indicators) if indicators else None
    mpi = mpi_report(frames, area_scope, k=k, on=on or release.ages_counted_on, weights=weights)
    return mpi, desil_report(frames, area_scope)


def mpi_for(
    scope: Scope,
    *,
    release_id: int | None = None,
    k: WeightLike = DEFAULT_K,
    kecamatan: str = "",
    kelurahan: str = "",
    indicators: Sequence[str] = (),
    on: dt.date | None = None,
) -> MpiReport:
    """The MPI of the chosen (default: current) release over ``scope`` or a selected area in it;
    ``indicators`` narrows the set (equal nested weights over those kept); ages are counted on ``on`` (default:
    the release's reference day, registry/statistics.py). 404 outside the scope."""
    return reports_for(
        scope, release_id=release_id, k=k, kecamatan=kecamatan, kelurahan=kelurahan, indicators=indicators, on=on
    )[0]


@dataclass(frozen=True)
class DesilReport:
    """``summary``: one row per area (``level``, ``code``, ``name``, ``kecamatan``) with the households and persons
    per desil as the ``counts`` give them and ``analytics.desil.SUMMARY_COLUMNS``; ``counts``: one row per
    area and desil 1-10 with ``households`` and ``persons``."""

    release: RegistryRelease
    summary: pl.DataFrame
    counts: pl.DataFrame

    def area(self, level: str, code: str = "") -> dict[str, Any] | None:
        rows = self.summary.filter((pl.col("level") == level) & (pl.col("code") == code))
        return rows.row(0, named=True) if rows.height else None

    def per_desil(self, level: str, code: str = "", unit: str = "households") -> list[int]:
        """Households (or ``persons``) of one area in desil 1..10, as a list of ten."""
        rows = self.counts.filter((pl.col("level") == level) & (pl.col("code") == code)).sort("desil")
        return rows[unit].to_list() if rows.height else [0] * len(DESILS)


def desil_report(frames: MeasureFrames, area_scope: MeasureScope) -> DesilReport:
    """Desil distributions of loaded frames per kelurahan, per covered kecamatan and over the scope."""
    parts = _by_level(lambda frame, by: desil_distribution(frame, by=by), frames.households, area_scope)
    areas = area_names(area_scope)
    summary = (
        areas.join(_stack([(level, d.summary) for level, d in parts]), on=["level", "code"], how="left")
        .with_columns(pl.col(c).fill_null(0) for c in SUMMARY_COLUMNS if not c.startswith("share"))
        .sort(level_order(), "code")
    )
    grid = areas.select("level", "code").join(pl.DataFrame({"desil": list(DESILS)}), how="cross")
    counts = (
        grid.join(_stack([(level, d.counts) for level, d in parts]), on=["level", "code", "desil"], how="left")
        .with_columns(pl.col("households", "persons").fill_null(0))
        .sort(level_order(), "code", "desil")
    )
    return DesilReport(frames.release, summary, counts)


def desil_for(scope: Scope, *, release_id: int | None = None, kecamatan: str = "", kelurahan: str = "") -> DesilReport:
    """Desil distributions of the chosen (default: current) release over ``scope``; 404 outside it."""
    return reports_for(scope, release_id=release_id, kecamatan=kecamatan, kelurahan=kelurahan)[1]


def reports_for(
    scope: Scope,
    *,
    release_id: int | None = None,
    k: WeightLike = DEFAULT_K,
    kecamatan: str = "",
    kelurahan: str = "",
    indicators: Sequence[str] = (),
    on: dt.date | None = None,
) -> tuple[MpiReport, DesilReport]:
    """``mpi_for`` and ``desil_for`` at once: from the release's kept figures when they answer the question,
    else from one load of the release."""
    release = chosen_release(scope, release_id)
    area_scope = measure_scope(scope, kecamatan, kelurahan)
    return _kept(release, area_scope, k, indicators, on) or _live(release, area_scope, k, indicators, on)
