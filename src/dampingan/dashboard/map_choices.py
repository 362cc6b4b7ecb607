"""The indicators the dashboard's map offers, each read from the ranking (so map and table never disagree)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .ranking import RankingRow

# ColorBrewer schemes of geo.choropleth: YlOrRd where higher is worse, YlGnBu where higher is better.
WORSE_WHEN_HIGHER = "YlOrRd"
BETTER_WHEN_HIGHER = "YlGnBu"


def _percent(ratio: float | None) -> Decimal | None:
    return None if ratio is None else Decimal(str(ratio)) * 100


@dataclass(frozen=True)
class MapChoice:
    key: str  # the ranking's sort key of the same column
    label: Promise
    description: Promise
    unit: str
    decimals: int
    palette: str
    from_registry: bool  # hidden for small kelurahan like the ranking's registry columns
    value: Callable[[RankingRow], Decimal | float | int | None]


MAP_CHOICES = [
    MapChoice(
        "desil",
        _("Households in desil 1-4"),
        _("Share of the ranked households of the current registry release in desil 1-4 (the poorest 40 %)."),
        "%",
        1,
        WORSE_WHEN_HIGHER,
        True,
        lambda row: _percent(row.desil_1_4_share),
    ),
    MapChoice(
        "m0",
        _("Multidimensional poverty index (M0)"),
        _("Alkire-Foster adjusted headcount ratio of the households, cutoff k = 1/3 (0 to 1)."),
        "",
        3,
        WORSE_WHEN_HIGHER,
        True,
        lambda row: row.m0,
    ),
    MapChoice(
        "cakupan",
        _("Coverage of desil 1-4 households"),
        _("Desil 1-4 households reached by an active or completed intervention, as a share of all of them."),
        "%",
        1,
        BETTER_WHEN_HIGHER,
        True,
        lambda row: _percent(row.coverage),
    ),
    MapChoice(
        "persen_realisasi",
        _("Budget realisation"),
        _("Budget realised as a share of the budget planned for the interventions reaching the kelurahan."),
        "%",
        1,
        BETTER_WHEN_HIGHER,
        False,
        lambda row: row.realisation_percent,
    ),
    MapChoice(
        "laporan_kosong",
        _("Monthly reports missing"),
        _("Monthly reports of the mentoring OPD missing over the last 12 months."),
        "",
        0,
        WORSE_WHEN_HIGHER,
        False,
        lambda row: row.missing_reports,
    ),
]


def map_choice(key: str | None) -> MapChoice:
    """The choice named ``key``, or the first (desil 1-4) for an unknown one."""
    return next((choice for choice in MAP_CHOICES if choice.key == key), MAP_CHOICES[0])
