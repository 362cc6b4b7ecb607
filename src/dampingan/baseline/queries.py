"""Reads of the baseline: trajectories, the city-wide comparison and the rows of the exports."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dampingan.access.scope import Scope
from dampingan.mentoring.models import ProblemCategory
from dampingan.regions.models import Region
from dampingan.regions.queries import visible_regions
from dampingan.registry.models import RegistryRelease

from .models import (
    Potential,
    PotentialQuerySet,
    PotentialUpdate,
    Problem,
    ProblemQuerySet,
    ProblemStatus,
    ProblemUpdate,
    Sector,
)

if TYPE_CHECKING:
    from dampingan.accounts.models import User


def visible_problems(scope: Scope) -> ProblemQuerySet:
    return scope.filter_regions(Problem.objects.all(), "kelurahan__code")


def visible_potentials(scope: Scope) -> PotentialQuerySet:
    return scope.filter_regions(Potential.objects.all(), "kelurahan__code")


def problems_of(scope: Scope, kelurahan_code: str) -> QuerySet[Problem]:
    return visible_problems(scope).in_kelurahan(kelurahan_code).with_people().by_priority()


def potentials_of(scope: Scope, kelurahan_code: str) -> QuerySet[Potential]:
    return visible_potentials(scope).in_kelurahan(kelurahan_code).with_people().by_sector()


@dataclass(frozen=True)
class Point:
    """One step of a trajectory: the baseline or a monitoring entry."""

    on: dt.date
    label: str | Promise
    narrative: str
    by: str
    value: int | None = None
    denominator: int | None = None
    release: RegistryRelease | None = None
    movement: str = ""
    enterprises: int | None = None
    workers: int | None = None
    is_baseline: bool = False
    change: int | None = None  # the indicator (or enterprises) since the baseline

    @property
    def share(self) -> float | None:
        return 100 * self.value / self.denominator if self.value is not None and self.denominator else None


def _name(user: User) -> str:
    return user.get_full_name() or user.username


def problem_trajectory(problem: Problem) -> list[Point]:
    """The baseline, then each monitoring entry by date (ties in the order they were entered)."""
    points = [
        Point(
            on=problem.recorded_on,
            label=_("Baseline"),
            narrative=problem.description,
            by=_name(problem.recorded_by),
            value=problem.evidence_value,
            denominator=problem.evidence_denominator,
            release=problem.evidence_release,
            is_baseline=True,
        )
    ]
    updates = problem.updates.select_related("recorded_by", "indicator_release").order_by("on", "pk")
    points += [
        Point(
            on=u.on,
            label=u.get_movement_display(),
            narrative=u.narrative,
            by=_name(u.recorded_by),
            value=u.indicator_value,
            denominator=u.indicator_denominator,
            release=u.indicator_release,
            movement=u.movement,
            change=(
                u.indicator_value - problem.evidence_value
                if u.indicator_value is not None and problem.evidence_value is not None
                else None
            ),
        )
        for u in updates
    ]
    return points


def potential_trajectory(potential: Potential) -> list[Point]:
    points = [
        Point(
            on=potential.recorded_on,
            label=_("Baseline"),
            narrative=potential.notes,
            by=_name(potential.recorded_by),
            enterprises=potential.enterprises,
            workers=potential.workers,
            is_baseline=True,
        )
    ]
    updates = potential.updates.select_related("recorded_by").order_by("on", "pk")
    points += [
        Point(
            on=u.on,
            label=_("Monitoring"),
            narrative=u.narrative,
            by=_name(u.recorded_by),
            enterprises=u.enterprises,
            workers=u.workers,
            change=u.enterprises - potential.enterprises,
        )
        for u in updates
    ]
    return points


@dataclass
class MappingRow:
    kelurahan: Region
    by_category: dict[str, int]
    by_status: dict[str, int]
    by_sector: dict[str, int]

    @property
    def problems(self) -> int:
        return sum(self.by_category.values())

    @property
    def potentials(self) -> int:
        return sum(self.by_sector.values())

    def categories(self) -> list[int]:
        return [self.by_category.get(c, 0) for c in ProblemCategory.values]

    def statuses(self) -> list[int]:
        return [self.by_status.get(s, 0) for s in ProblemStatus.values]

    def sectors(self) -> list[int]:
        return [self.by_sector.get(s, 0) for s in Sector.values]


def mapping(scope: Scope) -> list[MappingRow]:
    """Per kelurahan in ``scope``: problems by category and status, potentials by sector.

    Three grouped counts for the whole scope, not one query per kelurahan.
    """
    villages = visible_regions(scope).villages().select_related("parent").order_by("code")
    rows = {v.code: MappingRow(v, {}, {}, {}) for v in villages}
    problems = visible_problems(scope)
    for field, attr in (("category", "by_category"), ("status", "by_status")):
        for r in problems.values("kelurahan_id", field).annotate(n=Count("pk")).order_by():
            if r["kelurahan_id"] in rows:
                getattr(rows[r["kelurahan_id"]], attr)[r[field]] = r["n"]
    sectors = visible_potentials(scope).values("kelurahan_id", "sector").annotate(n=Count("pk")).order_by()
    for r in sectors:
        if r["kelurahan_id"] in rows:
            rows[r["kelurahan_id"]].by_sector[r["sector"]] = r["n"]
    return list(rows.values())


def mapping_totals(rows: list[MappingRow]) -> dict[str, list[int]]:
    totals: dict[str, list[int]] = defaultdict(list)
    for name in ("categories", "statuses", "sectors"):
        columns = [getattr(r, name)() for r in rows]
        totals[name] = [sum(col) for col in zip(*columns, strict=True)] if columns else []
    return dict(totals)


def with_latest_update(problems: QuerySet[Problem]) -> QuerySet[Problem]:
    """Each problem annotated with its latest monitoring entry by date (``latest_*``), in one query."""
    latest = ProblemUpdate.objects.filter(problem=OuterRef("pk")).order_by("-on", "-pk")
    return problems.annotate(
        latest_on=Subquery(latest.values("on")[:1]),
        latest_movement=Subquery(latest.values("movement")[:1]),
        latest_value=Subquery(latest.values("indicator_value")[:1]),
        latest_denominator=Subquery(latest.values("indicator_denominator")[:1]),
        latest_narrative=Subquery(latest.values("narrative")[:1]),
    )


def with_latest_potential_update(potentials: QuerySet[Potential]) -> QuerySet[Potential]:
    latest = PotentialUpdate.objects.filter(potential=OuterRef("pk")).order_by("-on", "-pk")
    return potentials.annotate(
        latest_on=Subquery(latest.values("on")[:1]),
        latest_enterprises=Subquery(latest.values("enterprises")[:1]),
        latest_workers=Subquery(latest.values("workers")[:1]),
        latest_narrative=Subquery(latest.values("narrative")[:1]),
    )
