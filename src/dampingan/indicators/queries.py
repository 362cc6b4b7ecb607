"""Reads of the indicators app: the catalogue, a series (values and targets aligned by year), the overview.

Every signed-in role reads every region of the deployment (``access.py``); the region is still looked up
among the deployment's own, so another kab/kota's code answers 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404

from dampingan.lib import deployment
from dampingan.regions.models import Region, RegionLevel

from . import validation
from .models import FigureQuerySet, Indicator, IndicatorTarget, IndicatorValue, Kind


def catalogue() -> QuerySet[Indicator]:
    return Indicator.objects.all()


def indicator_or_404(code: str) -> Indicator:
    found = Indicator.objects.filter(code__iexact=code).first()
    if found is None:
        raise Http404("no such indicator")
    return found


def region_or_404(code: str | None) -> Region:
    """The deployment's kab/kota (default) or a kecamatan or kelurahan in it."""
    regions = validation.deployment_regions()
    found = regions.get(code or deployment.code())
    if found is None:
        raise Http404("region outside the deployment")
    return found


@dataclass(frozen=True)
class RegionChoice:
    code: str
    label: str
    level: int


def region_choices() -> list[RegionChoice]:
    """The kab/kota, then each kecamatan followed by its kelurahan, labelled for a select."""
    choices = []
    for region in validation.deployment_regions().values():
        indent = "\u2003" * max(0, region.level - RegionLevel.KABUPATEN_KOTA)
        choices.append(RegionChoice(region.code, f"{indent}{region.name} ({region.code})", region.level))
    return choices


@dataclass(frozen=True)
class SeriesPoint:
    """One year of a series: its realised value and its target, either possibly missing."""

    year: int
    value: IndicatorValue | None
    target: IndicatorTarget | None

    @property
    def gap(self) -> Decimal | None:
        """Realised minus target, where both exist."""
        if self.value is None or self.target is None:
            return None
        return self.value.value - self.target.value


def _figures(model: type[IndicatorValue] | type[IndicatorTarget], published_only: bool) -> FigureQuerySet:
    figures = model.objects.all()
    return figures.published() if published_only else figures


def series(
    indicator: Indicator,
    region: Region,
    year_from: int | None = None,
    year_to: int | None = None,
    *,
    published_only: bool = False,
) -> list[SeriesPoint]:
    """Values and targets of ``indicator`` in ``region`` by year, every year from the first to the last
    figure included, so a year without a figure shows as a gap rather than disappearing. ``published_only``:
    only figures a second person approved (what the public sees)."""
    values = {
        v.year: v
        for v in _figures(IndicatorValue, published_only)
        .of(indicator.code, region.code)
        .between(year_from, year_to)
        .with_related()
    }
    targets = {
        t.year: t
        for t in _figures(IndicatorTarget, published_only)
        .of(indicator.code, region.code)
        .between(year_from, year_to)
        .with_related()
    }
    years = set(values) | set(targets)
    if not years:
        return []
    return [SeriesPoint(y, values.get(y), targets.get(y)) for y in range(min(years), max(years) + 1)]


@dataclass(frozen=True)
class OverviewRow:
    """An indicator's latest realised value in a region, against its target for that year and the year before."""

    indicator: Indicator
    latest: IndicatorValue | None
    previous: IndicatorValue | None
    target: IndicatorTarget | None
    value_count: int
    target_count: int

    @property
    def change(self) -> str:
        """``up``, ``down``, ``same`` or ``""`` against the previous value."""
        if self.latest is None or self.previous is None:
            return ""
        if self.latest.value == self.previous.value:
            return "same"
        return "up" if self.latest.value > self.previous.value else "down"

    @property
    def trend(self) -> str:
        """``better``, ``worse``, ``same`` or ``""`` against the previous value, by the indicator's direction."""
        if self.latest is None or self.previous is None or self.indicator.direction == "neutral":
            return ""
        change = self.latest.value - self.previous.value
        if change == 0:
            return "same"
        return "better" if (change < 0) == self.indicator.lower_is_better else "worse"

    @property
    def meets_target(self) -> bool | None:
        if self.latest is None or self.target is None or self.indicator.direction == "neutral":
            return None
        if self.indicator.lower_is_better:
            return self.latest.value <= self.target.value
        return self.latest.value >= self.target.value


def overview(region: Region, *, published_only: bool = False) -> list[OverviewRow]:
    """One row per indicator of the catalogue for ``region``, in catalogue order (two queries in all);
    ``published_only`` as for ``series``."""
    values: dict[str, list[IndicatorValue]] = {}
    for v in _figures(IndicatorValue, published_only).filter(region=region).order_by("indicator_id", "-year"):
        values.setdefault(v.indicator_id, []).append(v)
    targets: dict[str, dict[int, IndicatorTarget]] = {}
    for t in _figures(IndicatorTarget, published_only).filter(region=region):
        targets.setdefault(t.indicator_id, {})[t.year] = t
    rows = []
    for indicator in catalogue():
        own = values.get(indicator.code, [])
        latest = own[0] if own else None
        rows.append(
            OverviewRow(
                indicator=indicator,
                latest=latest,
                previous=own[1] if len(own) > 1 else None,
                target=targets.get(indicator.code, {}).get(latest.year) if latest else None,
                value_count=len(own),
                target_count=len(targets.get(indicator.code, {})),
            )
        )
    return rows


def regions_with_figures(indicator: Indicator) -> set[str]:
    """Codes of the regions holding a value or a target of ``indicator`` (to mark them in the selector)."""
    codes = set(IndicatorValue.objects.filter(indicator=indicator).values_list("region_id", flat=True))
    return codes | set(IndicatorTarget.objects.filter(indicator=indicator).values_list("region_id", flat=True))


@dataclass(frozen=True)
class PendingFigure:
    """A figure waiting for a second TKPK administrator's approval, as the overview lists it."""

    kind: str  # Kind.VALUE or Kind.TARGET
    figure: IndicatorValue | IndicatorTarget


def pending_figures() -> list[PendingFigure]:
    """Every figure of the deployment entered, imported or changed and not yet approved, oldest first."""
    found = [
        PendingFigure(kind, figure)
        for kind, model in ((Kind.VALUE, IndicatorValue), (Kind.TARGET, IndicatorTarget))
        for figure in model.objects.in_deployment().pending().with_related()
    ]
    return sorted(found, key=lambda p: (p.figure.entered_at, p.figure.indicator_id, p.figure.year))
