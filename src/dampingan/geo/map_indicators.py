"""The indicators the map page offers, each computed for every kelurahan of the city.

Values are aggregates over all kelurahan whatever the viewer's scope (a lurah sees the city's map);
small cells are hidden by ``suppression``. To add an indicator, append a ``MapIndicator`` whose
``compute`` returns the value and the denominator (households) of each kelurahan.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import polars as pl
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dampingan.registry import statistics
from dampingan.registry.models import RegistryRelease
from dampingan.registry.queries import current_release


@dataclass(frozen=True)
class MapValues:
    values: dict[str, Decimal | None]
    denominators: dict[str, int]  # households behind each value, for the small-cell rule
    source: str = ""  # where the numbers come from, shown under the map
    available: bool = True  # False when there is nothing to compute from yet (no current release)


@dataclass(frozen=True)
class MapIndicator:
    key: str
    label: str | Promise
    unit: str
    description: str | Promise
    compute: Callable[[], MapValues]
    palette: str = "YlOrRd"
    decimals: int = 1


def _release_source(release: RegistryRelease) -> str:
    date = date_format(release.sk_date, "j F Y") if release.sk_date else "—"
    return _("%(source)s, SK %(sk)s of %(date)s") % {
        "source": release.get_source_display(),
        "sk": release.sk_number or "—",
        "date": date,
    }


def desil_1_4_counts(release: RegistryRelease) -> dict[str, tuple[int, int]]:
    """Per kelurahan: households in desil 1-4 (by their latest rank) and the ranked households of the release
    (an unranked household is unknown, not "not poor": the dashboard and the profile count alike), from the
    release's kept figures (registry/statistics.py)."""
    kelurahan = statistics.stored(release).desil.filter(pl.col("level") == "kelurahan", pl.col("ranked_households") > 0)
    rows = kelurahan.select("code", "desil_1_4_households", "ranked_households").iter_rows()
    return {code: (poorest, total) for code, poorest, total in rows}


def share_desil_1_4() -> MapValues:
    """Share (%) of the current release's ranked households whose latest rank is desil 1-4, counted as the
    kelurahan profile counts it (``registry.kelurahan_indicators``)."""
    release = current_release()
    if release is None:
        return MapValues({}, {}, available=False)
    counts = desil_1_4_counts(release)
    values = {
        code: (Decimal(100 * poorest) / Decimal(total)).quantize(Decimal("0.1"), ROUND_HALF_UP) if total else None
        for code, (poorest, total) in counts.items()
    }
    return MapValues(values, {code: total for code, (_p, total) in counts.items()}, _release_source(release))


MAP_INDICATORS = [
    MapIndicator(
        key="desil_1_4",
        label=gettext_lazy("Households in desil 1-4"),
        unit="%",
        description=gettext_lazy(
            "Share of the registry's households whose latest welfare rank is desil 1-4 (the poorest 40 %)."
        ),
        compute=share_desil_1_4,
    ),
]


def indicator(key: str) -> MapIndicator:
    return next((i for i in MAP_INDICATORS if i.key == key), MAP_INDICATORS[0])
