"""Registry indicators of one kelurahan in one release: the numbers of the profile, and the evidence a
baseline problem cites (its key, value and denominator on the day it was recorded)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import deprivations, statistics
from .models import Household, Member, RegistryRelease
from .queries import latest_rank


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


def kelurahan_indicators(release: RegistryRelease, kelurahan_code: str, on: dt.date | None = None) -> list[Indicator]:
    """Households, persons, desil 1-4 and each deprivation of one kelurahan, ages counted on ``on``: by default
    the release's own day, read from the figures kept with the release (``registry.statistics``); another day
    is counted live."""
    if on is None or on == release.ages_counted_on:
        return kept_indicators(statistics.stored(release), [kelurahan_code])[kelurahan_code]
    return counted_indicators(release, kelurahan_code, on)


def counted_indicators(release: RegistryRelease, kelurahan_code: str, on: dt.date) -> list[Indicator]:
    """``kelurahan_indicators`` counted now from the release's rows, ages on ``on``."""
    households = Household.objects.filter(release=release, kelurahan_id=kelurahan_code)
    # One count per indicator: each is a simple indexed query on a kelurahan of a few thousand households,
    # and a single aggregate cannot carry the correlated subqueries of desil and deprivations on SQLite.
    counts = {
        "households": households.count(),
        "persons": Member.objects.filter(release=release, kelurahan_id=kelurahan_code).count(),
        "desil_1_4": households.annotate(desil=latest_rank()).filter(desil__lte=4).count(),
        # The desil share is of ranked households, as on the dashboard and the map: an unranked household
        # is unknown, not "not poor".
        "ranked": households.annotate(desil=latest_rank()).filter(desil__isnull=False).count(),
        **{d.key: households.filter(d.q(on)).count() for d in deprivations.DEPRIVATIONS},
    }
    return _indicators(release.pk, kelurahan_code, counts)


def kept_indicators(figures: statistics.StoredFigures, codes: Iterable[str]) -> dict[str, list[Indicator]]:
    """``kelurahan_indicators`` of each kelurahan of ``codes`` from a release's kept figures (one read of them
    serves many kelurahan); zeros for a kelurahan without households in the release."""
    counts: dict[str, dict[str, int]] = {}
    summary = figures.desil.filter(pl.col("level") == "kelurahan")
    for row in summary.select("code", "households", "persons", "desil_1_4_households", "ranked_households").rows():
        code, households, persons, poorest, ranked = row
        counts[code] = {"households": households, "persons": persons, "desil_1_4": poorest, "ranked": ranked}
    for code, key, n in figures.deprivations.select("code", "deprivation", "households").iter_rows():
        counts.setdefault(code, {})[key] = n
    release_id = figures.statistics.release_id
    return {code: _indicators(release_id, code, counts.get(code, {})) for code in codes}


def _indicators(release_id: int, kelurahan_code: str, counts: dict[str, int]) -> list[Indicator]:
    """The profile's indicators from their counts (a missing count is zero)."""
    total, persons = counts.get("households", 0), counts.get("persons", 0)
    base = f"release={release_id}&kelurahan={kelurahan_code}"
    labels = indicator_labels()
    indicators = [
        Indicator("households", labels["households"], total, total, base),
        Indicator("persons", labels["persons"], persons, persons, base),
        Indicator(
            "desil_1_4",
            labels["desil_1_4"],
            counts.get("desil_1_4", 0),
            counts.get("ranked", 0),
            base + "&desil=1&desil=2&desil=3&desil=4",
        ),
    ]
    indicators += [
        Indicator(d.key, d.label, counts.get(d.key, 0), total, f"{base}&deprivation={d.key}")
        for d in deprivations.DEPRIVATIONS
    ]
    return indicators


def desil_counts(figures: statistics.StoredFigures, kelurahan_code: str) -> list[int]:
    """Households per desil 1..10 (unranked households are not counted), from a release's kept figures."""
    counts = figures.counts
    rows = counts.filter((pl.col("level") == "kelurahan") & (pl.col("code") == kelurahan_code))
    found = [0] * 10
    for desil, households in rows.select("desil", "households").iter_rows():
        if desil:
            found[desil - 1] = households
    return found
