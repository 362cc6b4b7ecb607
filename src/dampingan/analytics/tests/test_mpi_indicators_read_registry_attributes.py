"""The registry indicator set: each indicator from coded attributes, missing values as unknown, and the
set adapted to what a release records."""

import datetime as dt
from fractions import Fraction

import polars as pl

from dampingan.analytics import mpi_indicators as ind

ON = dt.date(2025, 6, 30)


def household(**attributes) -> dict:
    base = {
        "household": 1,
        "kelurahan": "k",
        "kecamatan": "c",
        "members": 1,
        "floor_type": 2,  # ceramic
        "wall_type": 1,  # brick
        "wall_condition": 1,
        "roof_type": 2,
        "roof_condition": 1,
        "water_source": 3,  # piped, metered
        "lighting_source": 1,  # PLN
        "power_capacity": 2,  # 900 VA
        "cooking_fuel": 3,  # LPG 3 kg
        "toilet_facility": 1,  # own
        "assets": ["television", "motorcycle"],
        "programme_cards": ["kis_pbi"],
    }
    return {**base, **attributes}


def member(household: int = 1, **attributes) -> dict:
    base = {
        "household": household,
        "birth_date": dt.date(1980, 1, 1),
        "education": 3,
        "school_participation": 2,
        "disability": 0,
        "chronic_illness": 0,
    }
    return {**base, **attributes}


def matrix(households: list[dict], members: list[dict], *, insurance: bool = True, assets: bool = True) -> dict:
    frame = ind.deprivation_matrix(
        pl.DataFrame(households, schema=ind.HOUSEHOLD_COLUMNS),
        pl.DataFrame(members, schema=ind.MEMBER_COLUMNS),
        ON,
        ind.adapt_to_release(insurance, assets),
    )
    return {row["household"]: row for row in frame.iter_rows(named=True)}


def test_a_household_with_nothing_wrong_is_deprived_in_nothing():
    row = matrix([household()], [member()])[1]

    assert {key: row[key] for key in ind.INDICATORS} == dict.fromkeys(ind.INDICATORS, False)


def test_primary_schooling_counts_members_from_their_fifteenth_birthday():
    # Household 1: the only member aged 15 or older never finished primary -> deprived, even though a
    # 14-year-old (turning 15 the day after the reference day) has finished primary.
    # Household 2: a member turning 15 on the reference day has finished primary -> not deprived.
    # Household 3: the adult's education is not recorded -> unknown (null).
    members = [
        member(1, education=0),
        member(1, birth_date=dt.date(2010, 7, 1), education=1, school_participation=1),
        member(2, education=0),
        member(2, birth_date=dt.date(2010, 6, 30), education=1, school_participation=1),
        member(3, education=None),
    ]

    rows = matrix([household(household=n) for n in (1, 2, 3)], members)

    assert [rows[n]["no_primary_schooling"] for n in (1, 2, 3)] == [True, False, None]


def test_a_child_of_7_to_15_out_of_school_deprives_the_household():
    members = [
        member(1),
        member(1, birth_date=dt.date(2012, 3, 1), school_participation=2),  # 13, left school
        member(2),
        member(2, birth_date=dt.date(2009, 3, 1), school_participation=2),  # 16: beyond the band
        member(3),
        member(3, birth_date=dt.date(2015, 3, 1), school_participation=None),  # 10, not recorded
    ]

    rows = matrix([household(household=n) for n in (1, 2, 3)], members)

    assert [rows[n]["child_not_in_school"] for n in (1, 2, 3)] == [True, False, None]


def test_illness_and_disability_count_only_without_health_insurance_when_cards_are_recorded():
    households = [
        household(household=1, programme_cards=[]),
        household(household=2, programme_cards=["bpjs_mandiri"]),
        household(household=3, programme_cards=["pkh"]),
    ]
    members = [member(1, chronic_illness=2), member(2, chronic_illness=2), member(3, disability=1)]

    rows = matrix(households, members)

    assert [rows[n]["chronic_illness_uninsured"] for n in (1, 2, 3)] == [True, False, False]
    assert [rows[n]["disability_uninsured"] for n in (1, 2, 3)] == [False, False, True]


def test_without_programme_cards_in_the_release_the_condition_alone_counts():
    rows = matrix([household(programme_cards=[])], [member(chronic_illness=1)], insurance=False)

    assert rows[1]["chronic_illness_uninsured"] is True


def test_living_standards_follow_the_registry_code_groups():
    households = [
        household(household=1, lighting_source=1, power_capacity=1),  # 450 VA
        household(household=2, lighting_source=1, power_capacity=None),  # PLN, power not recorded
        household(household=3, toilet_facility=2, water_source=10, cooking_fuel=8),
        household(household=4, roof_condition=2),
        household(household=5, floor_type=None),
        household(household=6, assets=["phone"]),
        household(household=7, assets=["car"]),
        household(household=8, cooking_fuel=5),  # kerosene is not a solid fuel
    ]
    rows = matrix(households, [member(n) for n in range(1, 9)])

    assert [rows[n]["electricity"] for n in (1, 2, 3)] == [True, None, False]
    assert (rows[3]["sanitation"], rows[3]["drinking_water"], rows[3]["cooking_fuel"]) == (True, True, True)
    assert (rows[4]["housing"], rows[5]["housing"], rows[1]["housing"]) == (True, None, False)
    assert (rows[6]["assets"], rows[7]["assets"], rows[1]["assets"]) == (True, False, False)
    assert rows[8]["cooking_fuel"] is False


def test_without_asset_flags_the_assets_indicator_is_dropped_and_its_weight_shared():
    indicator_set = ind.adapt_to_release(True, False)

    assert "assets" not in indicator_set.weights
    assert indicator_set.dropped == {"assets": "assets_not_recorded"}
    assert indicator_set.weights["electricity"] == Fraction(1, 15)
    assert indicator_set.weights["no_primary_schooling"] == Fraction(1, 6)
    assert sum(indicator_set.weights.values()) == 1


def test_the_default_set_has_three_equal_dimensions():
    by_dimension = {}
    for key, weight in ind.WEIGHTS.items():
        by_dimension[ind.DIMENSION_OF[key]] = by_dimension.get(ind.DIMENSION_OF[key], 0) + weight

    assert by_dimension == dict.fromkeys(("education", "health", "living_standards"), Fraction(1, 3))
    assert ind.WEIGHTS["cooking_fuel"] == Fraction(1, 18)


def test_what_a_release_records_is_read_from_its_households():
    recorded = pl.DataFrame([household(assets=[], programme_cards=["kks"])], schema=ind.HOUSEHOLD_COLUMNS)

    assert ind.records(recorded) == (True, False)
    assert ind.records(recorded.clear()) == (False, False)
