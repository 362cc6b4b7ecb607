"""Registry indicators of one kelurahan in one release: the numbers of the profile, and the evidence a
baseline problem cites (its key, value and denominator on the day it was recorded)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dampingan.registry import deprivations
from dampingan.registry.models import Household, Member, RegistryRelease
from dampingan.registry.queries import latest_rank


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str | Promise
    value: int
    denominator: int  # households, except for "persons"
    list_query: str  # the query string of the household list behind the number ("" when none)

    @property
    def share(self) -> float | None:
        return self.value / self.denominator if self.denominator else None


BASE_KEYS = ("households", "persons", "desil_1_4")


def indicator_labels() -> dict[str, str | Promise]:
    """Every indicator key a problem may cite as evidence, with its label."""
    return {
        "households": _("Households in the registry"),
        "persons": _("Persons in the registry"),
        "desil_1_4": _("Households in desil 1-4"),
        **{d.key: d.label for d in deprivations.DEPRIVATIONS},
    }


def kelurahan_indicators(release: RegistryRelease, kelurahan_code: str, on: dt.date) -> list[Indicator]:
    """Households, persons, desil 1-4 and each deprivation of one kelurahan (ages counted on ``on``)."""
    households = Household.objects.filter(release=release, kelurahan_id=kelurahan_code)
    # One count per indicator: each is a simple indexed query on a kelurahan of a few thousand households,
    # and a single aggregate cannot carry the correlated subqueries of desil and deprivations on SQLite.
    counts = {
        "households": households.count(),
        "desil_1_4": households.annotate(desil=latest_rank()).filter(desil__lte=4).count(),
        # The desil share is of ranked households, as on the dashboard and the map: an unranked household
        # is unknown, not "not poor".
        "ranked": households.annotate(desil=latest_rank()).filter(desil__isnull=False).count(),
        **{d.key: households.filter(d.q(on)).count() for d in deprivations.DEPRIVATIONS},
    }
    persons = Member.objects.filter(release=release, kelurahan_id=kelurahan_code).count()
    total = counts["households"]
    base = f"release={release.pk}&kelurahan={kelurahan_code}"
    labels = indicator_labels()
    indicators = [
        Indicator("households", labels["households"], total, total, base),
        Indicator("persons", labels["persons"], persons, persons, base),
        Indicator(
            "desil_1_4",
            labels["desil_1_4"],
            counts["desil_1_4"],
            counts["ranked"],
            base + "&desil=1&desil=2&desil=3&desil=4",
        ),
    ]
    indicators += [
        Indicator(d.key, d.label, counts[d.key], total, f"{base}&deprivation={d.key}")
        for d in deprivations.DEPRIVATIONS
    ]
    return indicators


def desil_counts(release: RegistryRelease, kelurahan_code: str) -> list[int]:
    """Households per desil 1..10 (unranked households are not counted)."""
    rows = (
        Household.objects.filter(release=release, kelurahan_id=kelurahan_code)
        .annotate(desil=latest_rank())
        .values("desil")
        .annotate(n=Count("pk"))
    )
    counts = [0] * 10
    for row in rows:
        if row["desil"]:
            counts[row["desil"] - 1] = row["n"]
    return counts
