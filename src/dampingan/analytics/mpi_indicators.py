"""The Indonesian registry indicator set of the multidimensional poverty index (docs/domain.md §6; docs/measures.md).

The global MPI (UNDP-OPHI) has three equally weighted dimensions — health, education, living standards —
with ten indicators and k = 1/3. DTKS/DTSEN hold no nutrition or child-mortality data, so this set keeps
the three dimensions and equal nested weights but measures each with what the registry holds:

- education (1/3): ``no_primary_schooling`` (1/6) no member aged 15 or older has completed primary school
  (SD/MI/Paket A or higher); ``child_not_in_school`` (1/6) a member aged 7-15 (*wajib belajar* 9 years)
  never attended or no longer attends school.
- health (1/3): ``chronic_illness_uninsured`` (1/6) a member has a chronic illness and the household holds
  no health insurance card (KIS/PBI or BPJS); ``disability_uninsured`` (1/6) likewise for a disability.
- living standards (1/3, 1/18 each): ``electricity`` (registry ``low_electricity``: lighting not from PLN,
  450 VA, or no meter of its own), ``sanitation`` (``no_own_toilet``: shared, public or none),
  ``drinking_water`` (``unsafe_water``: unprotected well or spring, river, lake or reservoir), ``housing``
  (``unfit_house``: earth, bamboo or poor wood floor, bamboo or log wall, bamboo or thatch roof, or a wall or
  roof in poor condition), ``cooking_fuel`` (firewood, charcoal or briquettes), ``assets`` (no car, motor
  boat or ship, and at most one of phone, television, refrigerator, computer, bicycle, motorcycle).

Missing values: an indicator is null (not known) where the attribute it needs is missing and nothing else
shows deprivation; ``mpi`` counts a null as not deprived and reports it. Members without a birth date are
left out of the age-based indicators. Attributes a release does not record at all (its file had no such
column: ``recorded_by_columns``) are handled by ``adapt_to_release``: without the health insurance cards
(KIS/PBI, BPJS mandiri) the health indicators count the condition alone (the
insurance test cannot be made — stated in the result); without asset flags the ``assets`` indicator is
dropped and the living-standards weight shared by the other five (as the global MPI re-weights an indicator
missing from a survey). When a release records them, the cards and assets are used as they are.

``assets`` maps the global MPI's rule (deprived when owning at most one of radio, TV, telephone, computer,
animal cart, bicycle, motorbike or refrigerator, and no car or truck) onto the 15 DTKS asset flags: DTKS has
no radio, animal cart or truck; its laptop stands for the computer; a motor boat or ship counts like a car
(a large motorised vehicle). Gas cylinder, AC, water heater, gold, boat and outboard motor are not in the
global list and are not used.

The code values below are those of ``registry/codes.py`` and the code groups those of
``registry/deprivations.py`` (plain integers here because analytics imports no Django; a test in the
registry app checks that they agree, and that the four shared indicators pick the same households as the
registry's own filters).

Pure functions on polars frames; no Django.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from fractions import Fraction

import polars as pl

from .measure_input import MeasureInputError
from .mpi import drop_indicators, nested_weights

DIMENSIONS: dict[str, tuple[str, ...]] = {
    "education": ("no_primary_schooling", "child_not_in_school"),
    "health": ("chronic_illness_uninsured", "disability_uninsured"),
    "living_standards": ("electricity", "sanitation", "drinking_water", "housing", "cooking_fuel", "assets"),
}
INDICATORS: tuple[str, ...] = tuple(key for keys in DIMENSIONS.values() for key in keys)
DIMENSION_OF: dict[str, str] = {key: name for name, keys in DIMENSIONS.items() for key in keys}
WEIGHTS: dict[str, Fraction] = nested_weights(DIMENSIONS)

ADULT_AGE = 15
SCHOOL_AGES = (7, 15)

# registry/codes.py
EDUCATION_PRIMARY = 1  # Education.SD: primary completed
SCHOOL_OUT = (0, 2)  # SchoolParticipation.NEVER, LEFT
CHRONIC_NONE = 0  # ChronicIllness.NONE
DISABILITY_NONE = 0  # Disability.NONE
SOLID_FUELS = (6, 7, 8)  # CookingFuel.BRIQUETTE, CHARCOAL, FIREWOOD
INSURANCE_CARDS = ("kis_pbi", "bpjs_mandiri")  # PROGRAMME_CARDS keys
LARGE_ASSETS = ("car", "motor_boat", "ship")  # ASSETS keys
SMALL_ASSETS = ("phone", "television", "fridge", "computer", "bicycle", "motorcycle")
# registry/deprivations.py
POOR_FLOORS = (7, 8, 9)
POOR_WALLS = (4, 5, 6)
POOR_ROOFS = (8, 9)
POOR_CONDITION = 2
UNSAFE_WATER = (7, 9, 10)
NOT_OWN_TOILET = (2, 3, 4)
LOW_LIGHTING = (2, 3)  # LightingSource.NON_PLN, NONE
LOW_POWER = (1, 6)  # PowerCapacity.VA_450, NO_METER
PLN_LIGHTING = 1

HOUSEHOLD_COLUMNS = {
    "household": pl.Int64,
    "kelurahan": pl.String,
    "kecamatan": pl.String,
    "members": pl.Int64,
    "floor_type": pl.Int64,
    "wall_type": pl.Int64,
    "wall_condition": pl.Int64,
    "roof_type": pl.Int64,
    "roof_condition": pl.Int64,
    "water_source": pl.Int64,
    "lighting_source": pl.Int64,
    "power_capacity": pl.Int64,
    "cooking_fuel": pl.Int64,
    "toilet_facility": pl.Int64,
    "assets": pl.List(pl.String),
    "programme_cards": pl.List(pl.String),
}
MEMBER_COLUMNS = {
    "household": pl.Int64,
    "birth_date": pl.Date,
    "education": pl.Int64,
    "school_participation": pl.Int64,
    "disability": pl.Int64,
    "chronic_illness": pl.Int64,
}


@dataclass(frozen=True)
class IndicatorSet:
    """The indicators measured on one release, their weights, and what was changed because the release
    does not record an attribute (``dropped``: indicator → reason key; ``relaxed``: indicator → reason key)."""

    weights: dict[str, Fraction]
    dimension_of: dict[str, str]
    dropped: dict[str, str] = field(default_factory=dict)
    relaxed: dict[str, str] = field(default_factory=dict)
    insurance_recorded: bool = True


def recorded_by_columns(fields: Collection[str]) -> tuple[bool, bool]:
    """Whether a release whose file held the registry columns ``fields`` (``registry/columns.py`` names:
    ``card_<code>``, ``asset_<code>``) records health insurance and the assets of the indicator. One column of
    each suffices: a household with the column left empty counts as not holding the card or asset."""
    names = set(fields)
    insurance = any(f"card_{code}" in names for code in INSURANCE_CARDS)
    assets = any(f"asset_{code}" in names for code in (*LARGE_ASSETS, *SMALL_ASSETS))
    return insurance, assets


def records(households: pl.DataFrame) -> tuple[bool, bool]:
    """Whether a release records programme cards and asset flags at all (any household with one): the guess
    for a release imported before the file's columns were kept (``recorded_by_columns`` otherwise)."""
    if not households.height:
        return False, False
    cards = households.select(pl.col("programme_cards").list.len().fill_null(0).gt(0).any()).item()
    assets = households.select(pl.col("assets").list.len().fill_null(0).gt(0).any()).item()
    return bool(cards), bool(assets)


def adapt_to_release(
    insurance_recorded: bool,
    assets_recorded: bool,
    weights: dict[str, Fraction] | None = None,
    dimension_of: dict[str, str] | None = None,
) -> IndicatorSet:
    """The indicator set (default: ``WEIGHTS``) fitted to what a release records."""
    weights = dict(weights or WEIGHTS)
    dimension_of = dict(dimension_of or DIMENSION_OF)
    dropped = {"assets": "assets_not_recorded"} if not assets_recorded and "assets" in weights else {}
    relaxed: dict[str, str] = (
        {
            key: "insurance_not_recorded"
            for key in ("chronic_illness_uninsured", "disability_uninsured")
            if key in weights
        }
        if not insurance_recorded
        else {}
    )
    if dropped:
        weights = drop_indicators(weights, dimension_of, dropped)
    return IndicatorSet(weights, dimension_of, dropped, relaxed, insurance_recorded)


def age_on(birth: pl.Expr, on: dt.date) -> pl.Expr:
    """Age in whole years on ``on`` (null without a birth date), as ``registry.queries.age_on``."""
    before_birthday = (birth.dt.month().cast(pl.Int32) * 100 + birth.dt.day().cast(pl.Int32)) > (
        on.month * 100 + on.day
    )
    return on.year - birth.dt.year().cast(pl.Int32) - before_birthday.cast(pl.Int32)


def _flag(deprived: pl.Expr, unknown: pl.Expr) -> pl.Expr:
    """True where deprived, null where not shown deprived but something needed is unknown, else False."""
    return pl.when(deprived.fill_null(False)).then(True).when(unknown.fill_null(False)).then(None).otherwise(False)


def _member_facts(members: pl.DataFrame, on: dt.date) -> pl.DataFrame:
    age = pl.col("age")
    adult = (age >= ADULT_AGE).fill_null(False)
    child = age.is_between(*SCHOOL_AGES).fill_null(False)
    education, school = pl.col("education"), pl.col("school_participation")
    chronic, disability = pl.col("chronic_illness"), pl.col("disability")
    return (
        members.with_columns(age=age_on(pl.col("birth_date"), on))
        .group_by("household")
        .agg(
            _has_adult=adult.any(),
            _adult_completed=(adult & (education >= EDUCATION_PRIMARY)).fill_null(False).any(),
            _adult_unknown=(adult & education.is_null()).any(),
            _child_out=(child & school.is_in(SCHOOL_OUT)).fill_null(False).any(),
            _child_unknown=(child & school.is_null()).any(),
            _chronic=(chronic.is_not_null() & (chronic != CHRONIC_NONE)).fill_null(False).any(),
            _chronic_unknown=chronic.is_null().any(),
            _disabled=(disability.is_not_null() & (disability != DISABILITY_NONE)).fill_null(False).any(),
            _disabled_unknown=disability.is_null().any(),
        )
    )


def deprivation_matrix(
    households: pl.DataFrame, members: pl.DataFrame, on: dt.date, indicators: IndicatorSet
) -> pl.DataFrame:
    """One row per household: ``household``, ``kelurahan``, ``kecamatan``, ``members`` and one nullable
    Boolean column per indicator of ``indicators`` (g_ij; null = not known). Ages are counted on ``on``."""
    facts = _member_facts(members, on)
    frame = households.join(facts, on="household", how="left").with_columns(
        pl.col(c).fill_null(False) for c in facts.columns if c != "household"
    )
    col = pl.col
    insured = col("programme_cards").list.eval(pl.element().is_in(INSURANCE_CARDS)).list.any().fill_null(False)
    uninsured = ~insured if indicators.insurance_recorded else pl.lit(True)
    lighting, power = col("lighting_source"), col("power_capacity")
    house_bad = (
        col("floor_type").is_in(POOR_FLOORS)
        | col("wall_type").is_in(POOR_WALLS)
        | (col("wall_condition") == POOR_CONDITION)
        | col("roof_type").is_in(POOR_ROOFS)
        | (col("roof_condition") == POOR_CONDITION)
    )
    assets = col("assets").list.unique()
    expressions = {
        "no_primary_schooling": pl.when(col("_adult_completed"))
        .then(False)
        .when(col("_adult_unknown"))
        .then(None)
        .otherwise(col("_has_adult")),
        "child_not_in_school": _flag(col("_child_out"), col("_child_unknown")),
        "chronic_illness_uninsured": _flag(col("_chronic") & uninsured, ~col("_chronic") & col("_chronic_unknown")),
        "disability_uninsured": _flag(col("_disabled") & uninsured, ~col("_disabled") & col("_disabled_unknown")),
        "electricity": _flag(
            lighting.is_in(LOW_LIGHTING) | power.is_in(LOW_POWER),
            lighting.is_null() | ((lighting == PLN_LIGHTING) & power.is_null()),
        ),
        "sanitation": _flag(col("toilet_facility").is_in(NOT_OWN_TOILET), col("toilet_facility").is_null()),
        "drinking_water": _flag(col("water_source").is_in(UNSAFE_WATER), col("water_source").is_null()),
        "housing": _flag(
            house_bad, col("floor_type").is_null() | col("wall_type").is_null() | col("roof_type").is_null()
        ),
        "cooking_fuel": _flag(col("cooking_fuel").is_in(SOLID_FUELS), col("cooking_fuel").is_null()),
        "assets": ~assets.list.eval(pl.element().is_in(LARGE_ASSETS)).list.any().fill_null(False)
        & (assets.list.eval(pl.element().is_in(SMALL_ASSETS).cast(pl.Int64)).list.sum().fill_null(0) <= 1),
    }
    unknown = sorted(set(indicators.weights) - set(expressions))
    if unknown:
        raise MeasureInputError(
            "unknown_indicator", f"no registry definition for: {', '.join(unknown)}", column=unknown[0]
        )
    return frame.select(
        "household",
        "kelurahan",
        "kecamatan",
        "members",
        *[expressions[key].cast(pl.Boolean).alias(key) for key in indicators.weights],
    )
