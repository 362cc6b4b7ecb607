"""Household deprivations computed from registry attributes: the filters of the household list and the
rows of the kelurahan profile.

Each deprivation is a database filter on ``Household`` so that a list, a count and an export of the
same deprivation can never disagree. Ages are taken on a reference day (the release's own day,
``RegistryRelease.ages_counted_on``, on the pages), because the registry stores birth dates, not ages.
The definitions are documented in docs/registry-deprivations.md; change both together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import codes
from .models import Member

POOR_FLOORS = (codes.FloorType.BAMBOO, codes.FloorType.WOOD_POOR, codes.FloorType.EARTH)
POOR_WALLS = (codes.WallType.WOVEN_BAMBOO, codes.WallType.LOGS, codes.WallType.BAMBOO)
POOR_ROOFS = (codes.RoofType.BAMBOO, codes.RoofType.THATCH)
UNSAFE_WATER = (
    codes.WaterSource.UNPROTECTED_WELL,
    codes.WaterSource.UNPROTECTED_SPRING,
    codes.WaterSource.SURFACE,
)
NOT_OWN_TOILET = (codes.ToiletFacility.SHARED, codes.ToiletFacility.PUBLIC, codes.ToiletFacility.NONE)


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def aged_between(low: int, high: int, on: dt.date, prefix: str = "") -> Q:
    """Persons whose age in whole years on ``on`` is in [low, high]."""
    return Q(
        **{f"{prefix}birth_date__lte": years_before(on, low), f"{prefix}birth_date__gt": years_before(on, high + 1)}
    )


def _member_exists(condition: Q) -> Q:
    # The release beside the household: one partition's index, not one per release (registry/queries.py).
    return Q(Exists(Member.objects.filter(condition, release_id=OuterRef("release_id"), household_id=OuterRef("pk"))))


def _unfit_house(on: dt.date) -> Q:
    return (
        Q(floor_type__in=POOR_FLOORS)
        | Q(wall_type__in=POOR_WALLS)
        | Q(wall_condition=codes.Condition.POOR)
        | Q(roof_type__in=POOR_ROOFS)
        | Q(roof_condition=codes.Condition.POOR)
    )


def _no_own_toilet(on: dt.date) -> Q:
    return Q(toilet_facility__in=NOT_OWN_TOILET)


def _unsafe_water(on: dt.date) -> Q:
    return Q(water_source__in=UNSAFE_WATER)


def _low_electricity(on: dt.date) -> Q:
    return Q(lighting_source__in=(codes.LightingSource.NON_PLN, codes.LightingSource.NONE)) | Q(
        power_capacity__in=(codes.PowerCapacity.VA_450, codes.PowerCapacity.NO_METER)
    )


def _child_out_of_school(on: dt.date) -> Q:
    return _member_exists(
        aged_between(7, 18, on)
        & Q(school_participation__in=(codes.SchoolParticipation.NEVER, codes.SchoolParticipation.LEFT))
    )


def _adult_without_work(on: dt.date) -> Q:
    return _member_exists(
        aged_between(19, 64, on)
        & Q(work_status=codes.WorkStatus.NOT_WORKING)
        & ~Q(school_participation=codes.SchoolParticipation.ATTENDING)
    )


def _elderly_alone(on: dt.date) -> Q:
    return Q(member_count=1) & _member_exists(Q(birth_date__lte=years_before(on, 60)))


def _disability(on: dt.date) -> Q:
    return _member_exists(Q(disability__isnull=False) & ~Q(disability=codes.Disability.NONE))


def _female_head(on: dt.date) -> Q:
    return _member_exists(Q(relationship_to_head=codes.RelationshipToHead.HEAD, sex=codes.Sex.FEMALE))


@dataclass(frozen=True)
class Deprivation:
    key: str
    label: Promise
    definition: Promise
    condition: Callable[[dt.date], Q]

    def q(self, on: dt.date) -> Q:
        """Households deprived in this respect, ages counted on ``on``."""
        return self.condition(on)


DEPRIVATIONS: tuple[Deprivation, ...] = (
    Deprivation(
        "unfit_house",
        _("Unfit house"),
        _(
            "Earth, bamboo or poor wood floor; bamboo or log wall; bamboo or thatch roof; "
            "or a wall or roof in poor condition."
        ),
        _unfit_house,
    ),
    Deprivation("no_own_toilet", _("No own toilet"), _("Shared, public or no toilet."), _no_own_toilet),
    Deprivation(
        "unsafe_water",
        _("Unsafe drinking water"),
        _("Unprotected well or spring, or river, lake or reservoir."),
        _unsafe_water,
    ),
    Deprivation(
        "low_electricity",
        _("No electricity or under 900 VA"),
        _("Lighting not from PLN, a 450 VA connection, or no meter of its own."),
        _low_electricity,
    ),
    Deprivation(
        "child_out_of_school",
        _("Child 7-18 not in school"),
        _("A member aged 7 to 18 who never attended or no longer attends school."),
        _child_out_of_school,
    ),
    Deprivation(
        "adult_without_work",
        _("Working-age adult without work"),
        _("A member aged 19 to 64, not in school, who does not work."),
        _adult_without_work,
    ),
    Deprivation(
        "elderly_alone",
        _("Elderly living alone"),
        _("A one-person household whose member is 60 or older."),
        _elderly_alone,
    ),
    Deprivation("disability", _("Member with disability"), _("Any member with a disability."), _disability),
    Deprivation("female_head", _("Female-headed household"), _("The household head is a woman."), _female_head),
)

BY_KEY = {d.key: d for d in DEPRIVATIONS}
