"""The dashboard over the API: the kelurahan ranking of the caller's scope (as on /dasbor/), and the public
summary (as on /publik/: no authentication, aggregates only, small cells hidden). Definitions:
docs/dashboard.md."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from ninja import Router, Schema
from pydantic import Field

from dampingan.access.requests import ApiRequest
from dampingan.dashboard import headline, public, ranking
from dampingan.dashboard.ranking_table import DEFAULT_SORT, SORT_KEYS
from dampingan.dashboard.release_labels import release_label

router = Router(tags=["dashboard"])
# No authentication: the same figures as the public page, for anyone.
public_router = Router(tags=["public"], auth=None)


class RankingRowOut(Schema):
    code: str
    name: str
    kecamatan_code: str
    kecamatan: str
    opd: str = Field(description="Mentoring OPD(s) in force, comma-separated; empty when none")
    households: int | None = Field(description="Households of the current release; null when hidden")
    ranked_households: int | None
    desil_1_4_households: int | None
    desil_1_4_share: float | None = Field(description="Desil 1-4 / ranked households (0-1)")
    m0: float | None = Field(description="Alkire-Foster M0 per household, k = 1/3")
    h: float | None = Field(description="Share of MPI-poor households (0-1)")
    poor_households: int | None
    eligible: int | None = Field(description="Desil 1-4 households (the interventions' priority)")
    reached: int | None = Field(description="Of those, reached by an active or completed intervention")
    coverage: float | None = Field(description="reached / eligible (0-1)")
    planned: Decimal = Field(description="Planned budget attributed to the kelurahan (Rupiah)")
    realised: Decimal = Field(description="Realised budget attributed to the kelurahan (Rupiah)")
    realisation_percent: Decimal | None = Field(description="realised / planned x 100, one decimal")
    missing_reports: int | None = Field(description="Monthly reports missing in the last 12 months; null: no OPD")
    open_actions: int
    overdue_actions: int
    suppressed: bool = Field(description="Fewer than 10 households: the registry figures are hidden")


class RankingOut(Schema):
    release_id: int | None
    release: str
    sort: str
    sort_keys: list[str]
    minimum_households: int
    rows: list[RankingRowOut]


@router.get(
    "/ranking",
    response=RankingOut,
    summary="Kelurahan ranking of the caller's scope: desil 1-4, MPI, coverage, budget, missing reports, action items",
)
def ranking_api(request: ApiRequest, sort: str = DEFAULT_SORT) -> dict[str, object]:
    """``sort`` is a key of ``sort_keys``, ``-`` in front for descending (default: desil 1-4 share, highest
    first); an unknown key falls back to the default."""
    found = ranking.kelurahan_ranking(request.scope, sort=sort)
    return {
        "release_id": found.release.pk if found.release else None,
        "release": release_label(found.release),
        "sort": found.sort,
        "sort_keys": list(SORT_KEYS),
        "minimum_households": found.minimum,
        "rows": [{**row.__dict__, "realisation_percent": row.realisation_percent} for row in found.rows],
    }


class PublicIndicatorOut(Schema):
    code: str
    name: str
    unit: str
    year: int | None = Field(description="Year of the latest value")
    value: Decimal | None
    target: Decimal | None = Field(description="The plan's target for that year")
    meets_target: bool | None
    previous_year: int | None
    previous_value: Decimal | None
    trend: str = Field(description="better, worse, same or empty, against the previous value")


class PublicSeriesPointOut(Schema):
    year: int
    value: Decimal | None
    target: Decimal | None


class PublicAreaOut(Schema):
    code: str
    name: str
    kecamatan_code: str
    households: int | None = Field(description="Kecamatan and total only; null when hidden")
    desil_1_4_share: float | None = Field(description="Desil 1-4 / ranked households (0-1); null when hidden")
    suppressed: bool = Field(description="Fewer than 10 households: no figure is published")


class PublicSummaryOut(Schema):
    region_code: str
    region_name: str
    release: str
    minimum_households: int
    indicators: list[PublicIndicatorOut]
    p0_series: list[PublicSeriesPointOut]
    kecamatan: list[PublicAreaOut]
    kelurahan: list[PublicAreaOut]
    total: PublicAreaOut | None = Field(description="Left out when any kecamatan is hidden")


@public_router.get(
    "/summary",
    response=PublicSummaryOut,
    summary="Public summary: macro indicators against targets, P0 series, desil 1-4 share per kecamatan and "
    "kelurahan (fewer than 10 households hidden); no authentication",
)
def public_summary_api(request: HttpRequest, response: HttpResponse) -> dict[str, object]:
    found = headline.headline(server_csv=False, published_only=True)
    summary = public.public_summary()
    patch_cache_control(response, public=True, max_age=public.CACHE_SECONDS)
    patch_vary_headers(response, ["Cookie"])
    return {
        "region_code": found.region.code,
        "region_name": found.region.name,
        "release": release_label(summary.release),
        "minimum_households": summary.minimum,
        "indicators": [
            {
                "code": row.indicator.code,
                "name": row.indicator.label,
                "unit": row.indicator.unit,
                "year": row.latest.year if row.latest else None,
                "value": row.latest.value if row.latest else None,
                "target": row.target.value if row.target else None,
                "meets_target": row.meets_target,
                "previous_year": row.previous.year if row.previous else None,
                "previous_value": row.previous.value if row.previous else None,
                "trend": row.trend,
            }
            for row in found.rows
        ],
        "p0_series": [
            {
                "year": point.year,
                "value": point.value.value if point.value else None,
                "target": point.target.value if point.target else None,
            }
            for point in found.points
        ],
        "kecamatan": [area.__dict__ for area in summary.kecamatan],
        "kelurahan": [area.__dict__ for area in summary.kelurahan],
        "total": summary.total.__dict__ if summary.total else None,
    }
