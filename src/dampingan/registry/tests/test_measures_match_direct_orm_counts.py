"""The measures of a committed release against counts made another way: the ORM, the registry's own
deprivation filters, and a plain loop over households written from docs/measures.md."""

import datetime as dt
from fractions import Fraction

import polars as pl
import pytest
from django.db.models import Count
from django.http import Http404

from dampingan.access.scope import Scope
from dampingan.analytics import mpi_indicators
from dampingan.analytics.mpi import DEFAULT_K
from dampingan.registry import codes, deprivations, measures
from dampingan.registry.models import Household, Member, RankMethod, WelfareRank
from dampingan.registry.queries import age_on, latest_rank

ON = dt.date(2025, 6, 30)
BANYURIP = "33.75.04.1002"
JENGGOT = "33.75.04.1004"
SELATAN = "33.75.04"


def test_households_and_persons_per_kelurahan_equal_the_orm_counts(persona, registry):
    report = measures.mpi_for(Scope.for_user(persona("tkpk")), on=ON)

    households = dict(Household.objects.filter(release=registry).values_list("kelurahan_id").annotate(n=Count("id")))
    persons = dict(Member.objects.filter(release=registry).values_list("kelurahan_id").annotate(n=Count("id")))
    rows = report.areas.filter(pl.col("level") == "kelurahan")
    per_household = dict(rows.filter(pl.col("unit") == "household").select("code", "units").rows())
    per_person = dict(rows.filter(pl.col("unit") == "person").select("code", "population").rows())
    assert {code: n for code, n in per_household.items() if n} == households
    assert {code: int(n) for code, n in per_person.items() if n} == persons
    assert report.area("all")["units"] == registry.household_count
    # Every kelurahan of the city has a row, those without households too.
    assert rows.filter(pl.col("unit") == "household").height == 27


def _orm_deprivations(release) -> dict[int, dict[str, bool]]:
    """Each household's deprivations, computed from ORM objects in a plain loop (and, for the four
    indicators the registry defines, through its own database filters)."""
    shared = {
        "housing": "unfit_house",
        "sanitation": "no_own_toilet",
        "drinking_water": "unsafe_water",
        "electricity": "low_electricity",
    }
    flagged = {
        key: set(
            Household.objects.filter(release=release)
            .filter(deprivations.BY_KEY[name].q(ON))
            .values_list("pk", flat=True)
        )
        for key, name in shared.items()
    }
    result = {}
    for household in Household.objects.filter(release=release).prefetch_related("members"):
        members = list(household.members.all())
        ages = [(m, age_on(m.birth_date, ON)) for m in members]
        adults = [m for m, age in ages if age is not None and age >= 15]
        children = [m for m, age in ages if age is not None and 7 <= age <= 15]
        result[household.pk] = {
            "no_primary_schooling": bool(adults)
            and all(m.education is not None and m.education < codes.Education.SD for m in adults),
            "child_not_in_school": any(
                m.school_participation in (codes.SchoolParticipation.NEVER, codes.SchoolParticipation.LEFT)
                for m in children
            ),
            # The synthetic release records no programme cards: the condition alone counts.
            "chronic_illness_uninsured": any(
                m.chronic_illness not in (None, codes.ChronicIllness.NONE) for m in members
            ),
            "disability_uninsured": any(m.disability not in (None, codes.Disability.NONE) for m in members),
            "cooking_fuel": household.cooking_fuel
            in (codes.CookingFuel.FIREWOOD, codes.CookingFuel.CHARCOAL, codes.CookingFuel.BRIQUETTE),
            **{key: household.pk in ids for key, ids in flagged.items()},
        }
    return result


def test_poor_households_and_persons_equal_a_plain_loop_over_the_orm(persona, registry):
    # The synthetic release records no asset flags: "assets" is dropped and the living-standards third is
    # shared by five indicators (1/15 each); education and health keep 1/6 per indicator.
    weights = {key: Fraction(1, 6) for key in mpi_indicators.INDICATORS[:4]}
    weights.update({key: Fraction(1, 15) for key in mpi_indicators.INDICATORS[4:9]})
    flags = _orm_deprivations(registry)
    poor_households: dict[str, int] = {}
    poor_persons: dict[str, int] = {}
    for household in Household.objects.filter(release=registry):
        score = sum((weights[key] for key, deprived in flags[household.pk].items() if deprived), Fraction(0))
        if score >= DEFAULT_K:
            poor_households[household.kelurahan_id] = poor_households.get(household.kelurahan_id, 0) + 1
            poor_persons[household.kelurahan_id] = poor_persons.get(household.kelurahan_id, 0) + household.member_count

    report = measures.mpi_for(Scope.for_user(persona("tkpk")), on=ON)

    assert report.indicator_set.weights == weights
    rows = report.areas.filter((pl.col("level") == "kelurahan") & (pl.col("poor_units") > 0))
    assert dict(rows.filter(pl.col("unit") == "household").select("code", "poor_units").rows()) == poor_households
    assert {c: int(n) for c, n in rows.filter(pl.col("unit") == "person").select("code", "poor").rows()} == (
        poor_persons
    )
    assert sum(poor_households.values()) > 20  # the comparison covers a real number of poor households


def test_the_shared_indicators_pick_the_households_of_the_registry_filters(registry):
    frames = measures.load_measure_frames(registry)
    matrix = mpi_indicators.deprivation_matrix(
        frames.households, frames.members, ON, mpi_indicators.adapt_to_release(True, True)
    )

    for key, name in [
        ("housing", "unfit_house"),
        ("sanitation", "no_own_toilet"),
        ("drinking_water", "unsafe_water"),
        ("electricity", "low_electricity"),
    ]:
        expected = set(
            Household.objects.filter(release=registry)
            .filter(deprivations.BY_KEY[name].q(ON))
            .values_list("pk", flat=True)
        )
        assert set(matrix.filter(pl.col(key))["household"].to_list()) == expected, key
        assert expected


def test_the_analytics_codes_are_the_registry_codes():
    assert mpi_indicators.POOR_FLOORS == deprivations.POOR_FLOORS
    assert mpi_indicators.POOR_WALLS == deprivations.POOR_WALLS
    assert mpi_indicators.POOR_ROOFS == deprivations.POOR_ROOFS
    assert mpi_indicators.UNSAFE_WATER == deprivations.UNSAFE_WATER
    assert mpi_indicators.NOT_OWN_TOILET == deprivations.NOT_OWN_TOILET
    assert mpi_indicators.POOR_CONDITION == codes.Condition.POOR
    assert mpi_indicators.LOW_LIGHTING == (codes.LightingSource.NON_PLN, codes.LightingSource.NONE)
    assert mpi_indicators.LOW_POWER == (codes.PowerCapacity.VA_450, codes.PowerCapacity.NO_METER)
    assert mpi_indicators.PLN_LIGHTING == codes.LightingSource.PLN
    assert mpi_indicators.EDUCATION_PRIMARY == codes.Education.SD
    assert mpi_indicators.SCHOOL_OUT == (codes.SchoolParticipation.NEVER, codes.SchoolParticipation.LEFT)
    assert (mpi_indicators.CHRONIC_NONE, mpi_indicators.DISABILITY_NONE) == (0, codes.Disability.NONE)
    assert mpi_indicators.SOLID_FUELS == (
        codes.CookingFuel.BRIQUETTE,
        codes.CookingFuel.CHARCOAL,
        codes.CookingFuel.FIREWOOD,
    )
    assert set(mpi_indicators.INSURANCE_CARDS) <= set(codes.PROGRAMME_CARDS)
    assert set(mpi_indicators.LARGE_ASSETS + mpi_indicators.SMALL_ASSETS) <= set(codes.ASSETS)
    assert set(measures.INDICATOR_LABELS) == set(mpi_indicators.INDICATORS)


def test_desil_counts_follow_the_latest_rank_of_each_household(persona, registry):
    # A later local ranking of some Banyurip households moves them to desil 9; another household gets a
    # local rank on the day of its official one, which must not win.
    official_day = WelfareRank.objects.filter(release=registry).values_list("ranked_on", flat=True).first()
    banyurip = list(Household.objects.filter(release=registry, kelurahan_id=BANYURIP).order_by("pk"))
    for household in banyurip[:3]:
        WelfareRank.objects.create(
            release=registry,
            household=household,
            desil=9,
            ranked_on=official_day + dt.timedelta(days=30),
            method=RankMethod.COMPUTED,
        )
    WelfareRank.objects.create(
        release=registry, household=banyurip[3], desil=10, ranked_on=official_day, method=RankMethod.COMPUTED
    )

    report = measures.desil_for(Scope.for_user(persona("tkpk")))

    expected = dict(
        Household.objects.filter(release=registry, kelurahan_id=BANYURIP)
        .annotate(latest=latest_rank())
        .values_list("latest")
        .annotate(n=Count("id"))
    )
    counted = report.per_desil("kelurahan", BANYURIP)
    assert {d: n for d, n in zip(range(1, 11), counted, strict=True) if n} == expected
    assert expected[9] >= 3 and 10 not in expected
    assert report.area("kelurahan", BANYURIP)["households"] == len(banyurip)
    assert report.area("all")["households"] == registry.household_count


def test_a_lurah_gets_its_kelurahan_only_and_no_kecamatan_row(persona, registry):
    report = measures.mpi_for(Scope.for_user(persona("lurah_banyurip")), on=ON)
    desil = measures.desil_for(Scope.for_user(persona("lurah_banyurip")))

    assert set(report.areas["code"].to_list()) == {BANYURIP, ""}
    assert set(desil.summary["code"].to_list()) == {BANYURIP, ""}
    assert report.area("all")["units"] == Household.objects.filter(release=registry, kelurahan_id=BANYURIP).count()


def test_a_camat_gets_its_kecamatan_and_its_kelurahan(persona, registry):
    report = measures.desil_for(Scope.for_user(persona("camat_selatan")))

    kelurahan = report.summary.filter(pl.col("level") == "kelurahan")["code"].to_list()
    assert kelurahan and all(code.startswith(f"{SELATAN}.") for code in kelurahan)
    assert report.summary.filter(pl.col("level") == "kecamatan")["code"].to_list() == [SELATAN]
    assert report.area("kecamatan", SELATAN)["households"] == (
        Household.objects.filter(release=registry, kelurahan__parent_id=SELATAN).count()
    )


def test_a_mentor_gets_its_assigned_kelurahan(persona, registry):
    report = measures.desil_for(Scope.for_user(persona("mentor_dlh")))

    assert report.summary.select("level", "code").rows() == [("kelurahan", JENGGOT), ("all", "")]


def test_an_area_outside_the_scope_is_not_found(persona, registry):
    with pytest.raises(Http404):
        measures.mpi_for(Scope.for_user(persona("lurah_banyurip")), kelurahan=JENGGOT)
    with pytest.raises(Http404):
        measures.desil_for(Scope.for_user(persona("camat_selatan")), kecamatan="33.75.01")
    with pytest.raises(Http404):
        measures.desil_for(Scope.for_user(persona("tkpk")), release_id=registry.pk + 1000)


def test_a_city_wide_user_can_narrow_to_one_kecamatan(persona, registry):
    report = measures.mpi_for(Scope.for_user(persona("tkpk")), kecamatan=SELATAN, on=ON)

    assert set(report.areas.filter(pl.col("level") == "kecamatan")["code"].to_list()) == {SELATAN}
    assert report.area("all")["units"] == report.area("kecamatan", SELATAN)["units"]
