"""Reads behind the kelurahan profile."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from dampingan.access.roles import Capability
from dampingan.access.scope import Scope
from dampingan.mentoring.models import Assignment
from dampingan.registry import queries as registry_queries
from dampingan.registry import statistics
from dampingan.registry.kelurahan_indicators import Indicator, desil_counts, kelurahan_indicators, kept_indicators
from dampingan.registry.models import RegistryRelease

if TYPE_CHECKING:
    from dampingan.regions.models import Region


def previous_release(release: RegistryRelease) -> RegistryRelease | None:
    """The approved release that was current before ``release`` (any source)."""
    return (
        RegistryRelease.objects.filter(approved_at__lt=release.approved_at)
        .exclude(pk=release.pk)
        .exclude(status="rejected")
        .exclude(status="draft")
        .order_by("-approved_at")
        .first()
    )


class IndicatorLine(TypedDict):
    indicator: Indicator
    percent: float | None  # of households or persons; None for the counts themselves
    change: int | None  # since the previous release; None without one


class RegistrySituation(TypedDict, total=False):
    """The profile page's registry section; only ``release`` (None) when no release is current."""

    release: RegistryRelease | None
    previous_release: RegistryRelease | None
    indicators: list[IndicatorLine]
    desil: list[tuple[int, int]]  # (desil, households)
    desil_max: int
    can_list: bool


def registry_situation(scope: Scope, kelurahan: Region) -> RegistrySituation:
    release = registry_queries.current_release()
    if release is None:
        return {"release": None}
    figures = statistics.stored(release)  # one read for the indicators and the desil bars
    indicators = kept_indicators(figures, [kelurahan.code])[kelurahan.code]
    previous = previous_release(release)
    before = {}
    if previous is not None:
        before = {i.key: i for i in kelurahan_indicators(previous, kelurahan.code)}
    desil = desil_counts(figures, kelurahan.code)
    return {
        "release": release,
        "previous_release": previous,
        "indicators": [
            {
                "indicator": i,
                "percent": 100 * i.share if i.share is not None and i.key not in ("households", "persons") else None,
                "change": i.value - before[i.key].value if i.key in before else None,
            }
            for i in indicators
        ],
        "desil": [(n + 1, count) for n, count in enumerate(desil)],
        "desil_max": max(desil) if any(desil) else 1,
        "can_list": scope.can(Capability.VIEW_PERSONAL_DATA),
    }


def mentoring_of(kelurahan: Region) -> dict[str, object]:
    line = Assignment.objects.in_force().filter(kelurahan=kelurahan).select_related("opd", "decree").first()
    return {"assignment": line, "opd": line.opd if line else None}
