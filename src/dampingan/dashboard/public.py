"""The public figures (``/publik/``, ``/api/public/summary``): the share of households in desil 1-4 per
kelurahan and per kecamatan, with small cells hidden. Aggregates only; nothing here names a person.

Disclosure rules, so that no count of fewer than ``SMALL_CELL_MINIMUM`` households can be read or worked out:

- a kelurahan or kecamatan with 1 to 9 households shows neither its share nor its count (an area with no
  household has no data, which says nothing about anyone);
- kelurahan are published as shares only, never as household counts: with the kecamatan's count and its
  other kelurahan's counts, a hidden kelurahan's count could otherwise be subtracted back;
- for the same reason the city total is left out when any kecamatan is hidden.

The numbers are the release's kept figures (registry/statistics.py), held in the cache for ``CACHE_SECONDS``
(the page itself is sent with the same public max-age).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import polars as pl
from django.core.cache import cache

from dampingan.geo.suppression import SMALL_CELL_MINIMUM, small_cells
from dampingan.lib import deployment
from dampingan.regions.models import Region
from dampingan.registry import statistics
from dampingan.registry.measures import MeasureScope
from dampingan.registry.models import RegistryRelease
from dampingan.registry.queries import current_release

CACHE_SECONDS = 300


@dataclass(frozen=True)
class PublicArea:
    """``households`` is None for a kelurahan (never published) and for a hidden area; ``desil_1_4_share``
    (0-1, of the ranked households) is None when hidden or without households."""

    code: str
    name: str
    kecamatan_code: str
    households: int | None
    desil_1_4_share: float | None
    suppressed: bool


@dataclass(frozen=True)
class PublicSummary:
    release: RegistryRelease | None
    kelurahan: list[PublicArea]
    kecamatan: list[PublicArea]
    total: PublicArea | None  # None when any kecamatan is hidden, or without a release
    minimum: int = SMALL_CELL_MINIMUM

    @property
    def suppressed_kelurahan(self) -> set[str]:
        return {area.code for area in self.kelurahan if area.suppressed}


Row = tuple[str, str, str, int, float | None]  # code, name, kecamatan code, households, share


def _counts(release: RegistryRelease) -> dict[str, list[Row]]:
    """Households and desil 1-4 share per kelurahan, per kecamatan and for the city, unhidden (cached)."""
    kecamatan = frozenset(Region.objects.in_deployment().kecamatan().values_list("code", flat=True))
    # ``reports`` is None when the scope's total is not a kept figure; unpacking it would then raise (as before).
    _mpi, report = statistics.reports(release, MeasureScope(None, kecamatan, True))  # type: ignore[misc]
    found: dict[str, list[Row]] = {}
    for level in ("kelurahan", "kecamatan", "all"):
        rows = report.summary.filter(pl.col("level") == level).sort("code")
        found[level] = [
            (row["code"], row["name"] or "", row["kecamatan"] or "", row["households"], row["share_1_4_households"])
            for row in rows.iter_rows(named=True)
        ]
    return found


def _area(row: Row, hidden: set[str], *, with_households: bool) -> PublicArea:
    code, name, kecamatan, households, share = row
    suppressed = code in hidden
    return PublicArea(
        code=code,
        name=name,
        kecamatan_code=kecamatan,
        households=households if with_households and not suppressed else None,
        desil_1_4_share=None if suppressed else share,
        suppressed=suppressed,
    )


def public_summary() -> PublicSummary:
    release = current_release()
    if release is None:
        return PublicSummary(None, [], [], None)
    # What ``_counts`` returned, cached or computed now.
    counts = cast(
        dict[str, list[Row]],
        cache.get_or_set(f"dashboard-public-{release.pk}", lambda: _counts(release), CACHE_SECONDS),
    )
    kelurahan_hidden = small_cells({row[0]: row[3] for row in counts["kelurahan"]})
    kecamatan_hidden = small_cells({row[0]: row[3] for row in counts["kecamatan"]})
    total = None
    if not kecamatan_hidden and counts["all"]:
        city = Region.objects.filter(code=deployment.code()).first()
        _code, _name, _kecamatan, households, share = counts["all"][0]
        row = (deployment.code(), city.name if city else deployment.code(), "", households, share)
        total = _area(row, set(), with_households=True)
    return PublicSummary(
        release=release,
        kelurahan=[_area(row, kelurahan_hidden, with_households=False) for row in counts["kelurahan"]],
        kecamatan=[_area(row, kecamatan_hidden, with_households=True) for row in counts["kecamatan"]],
        total=total,
    )
