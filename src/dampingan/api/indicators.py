"""Macro indicators over the API: the catalogue, values, targets and series for every role; create and
update for the TKPK admin (403 for others). The same checks and services as the pages.

Values travel as decimal strings ("7.59"); input accepts a number or Indonesian text ("7,59"). A figure
that already exists answers 409 with its current value unless ``replace`` is true.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from dampingan.access.requests import ApiRequest
from dampingan.indicators import access, queries, services
from dampingan.indicators.models import Indicator, IndicatorTarget, IndicatorValue, Kind

from .schemas import BodyIn, Bool, Column, ErrorOut, Offset, PathText

router = Router(tags=["indicators"])
MAX_LIMIT = 2000


class IndicatorOut(Schema):
    code: str
    name: str
    unit: str
    decimals: int
    direction: str
    minimum: Decimal | None
    maximum: Decimal | None
    description: str


class FigureOut(Schema):
    id: int
    indicator: str
    region_code: str
    region_name: str
    year: int
    value: Decimal
    source: str
    note: str
    entered_by: str
    entered_at: dt.datetime


class FigureIn(BodyIn):
    indicator: str
    region_code: str
    year: Annotated[int, Column(IndicatorValue, "year")]
    value: Decimal | str
    source: Annotated[str, Column(IndicatorValue, "source")]
    note: Annotated[str, Column(IndicatorValue, "note")] = ""


class FigureCreateIn(FigureIn):
    replace: Bool = False


class SeriesPointOut(Schema):
    year: int
    value: Decimal | None
    value_source: str | None
    value_note: str | None
    target: Decimal | None
    target_source: str | None


class SeriesOut(Schema):
    indicator: IndicatorOut
    region_code: str
    region_name: str
    points: list[SeriesPointOut]


class ExistsOut(Schema):
    detail: str
    existing: FigureOut


def _indicator_out(indicator: Indicator) -> dict[str, object]:
    return {
        "code": indicator.code,
        "name": indicator.label,
        "unit": indicator.unit,
        "decimals": indicator.decimals,
        "direction": indicator.direction,
        "minimum": indicator.minimum,
        "maximum": indicator.maximum,
        "description": indicator.description_label,
    }


def _figure_out(figure: IndicatorValue | IndicatorTarget) -> dict[str, object]:
    return {
        "id": figure.pk,
        "indicator": figure.indicator_id,
        "region_code": figure.region_id,
        "region_name": figure.region.name,
        "year": figure.year,
        # Stored with four places; sent with the indicator's own.
        "value": figure.value.quantize(Decimal(1).scaleb(-figure.indicator.decimals)),
        "source": figure.source,
        "note": figure.note,
        "entered_by": figure.entered_by.username,
        "entered_at": figure.entered_at,
    }


def _list(
    model: type[IndicatorValue] | type[IndicatorTarget],
    indicator: str | None,
    region: str | None,
    year_from: int | None,
    year_to: int | None,
    limit: int,
    offset: int,
) -> list[dict[str, object]]:
    figures = model.objects.in_deployment().with_related().between(year_from, year_to)
    if indicator:
        figures = figures.filter(indicator_id=queries.indicator_or_404(indicator).code)
    if region:
        figures = figures.filter(region_id=region)
    limit = max(0, min(limit, MAX_LIMIT))
    return [
        _figure_out(f) for f in figures.order_by("indicator__position", "region_id", "year")[offset : offset + limit]
    ]


def _input(payload: FigureIn, kind: str) -> services.FigureInput:
    return services.FigureInput(
        kind=kind,
        indicator=queries.indicator_or_404(payload.indicator),
        region=queries.region_or_404(payload.region_code),
        year=payload.year,
        value=payload.value,
        source=payload.source,
        note=payload.note,
    )


def _create(request: ApiRequest, payload: FigureCreateIn, kind: str) -> Status[dict]:
    access.require_manage(request.scope)
    try:
        figure = services.save_figure(request.auth, _input(payload, kind), replace=payload.replace)
    except services.FigureExists as exc:
        return Status(409, {"detail": " ".join(exc.messages), "existing": _figure_out(exc.existing)})
    return Status(201, _figure_out(figure))


def _update(
    request: ApiRequest, model: type[IndicatorValue] | type[IndicatorTarget], figure_id: int, payload: FigureIn
) -> dict[str, object]:
    access.require_manage(request.scope)
    figure = get_object_or_404(model.objects.in_deployment().with_related(), pk=figure_id)
    kind = Kind.VALUE if model is IndicatorValue else Kind.TARGET
    return _figure_out(services.update_figure(request.auth, figure, _input(payload, kind)))


@router.get("/", response=list[IndicatorOut], summary="The indicator catalogue")
def list_indicators(request: ApiRequest) -> list[dict[str, object]]:
    return [_indicator_out(i) for i in queries.catalogue()]


@router.get(
    "/values",
    response={200: list[FigureOut], 404: ErrorOut},
    summary="Realised values, filtered by indicator, region and years (404: no such indicator)",
)
def list_values(
    request: ApiRequest,
    indicator: str | None = None,
    region: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    limit: int = 500,
    offset: Offset = 0,
) -> list[dict[str, object]]:
    return _list(IndicatorValue, indicator, region, year_from, year_to, limit, offset)


@router.get(
    "/targets",
    response={200: list[FigureOut], 404: ErrorOut},
    summary="Targets, filtered by indicator, region and years (404: no such indicator)",
)
def list_targets(
    request: ApiRequest,
    indicator: str | None = None,
    region: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    limit: int = 500,
    offset: Offset = 0,
) -> list[dict[str, object]]:
    return _list(IndicatorTarget, indicator, region, year_from, year_to, limit, offset)


@router.post(
    "/values",
    response={201: FigureOut, 403: ErrorOut, 404: ErrorOut, 409: ExistsOut, 422: ErrorOut},
    summary="Record a realised value (TKPK admin); 409 when one exists and replace is false",
)
def create_value(request: ApiRequest, payload: FigureCreateIn) -> Status[dict]:
    return _create(request, payload, Kind.VALUE)


@router.post(
    "/targets",
    response={201: FigureOut, 403: ErrorOut, 404: ErrorOut, 409: ExistsOut, 422: ErrorOut},
    summary="Record a target (TKPK admin); 409 when one exists and replace is false",
)
def create_target(request: ApiRequest, payload: FigureCreateIn) -> Status[dict]:
    return _create(request, payload, Kind.TARGET)


@router.put("/values/{figure_id}", response={200: FigureOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut})
def update_value(request: ApiRequest, figure_id: int, payload: FigureIn) -> dict[str, object]:
    return _update(request, IndicatorValue, figure_id, payload)


@router.put("/targets/{figure_id}", response={200: FigureOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut})
def update_target(request: ApiRequest, figure_id: int, payload: FigureIn) -> dict[str, object]:
    return _update(request, IndicatorTarget, figure_id, payload)


@router.get(
    "/{code}/series",
    response={200: SeriesOut, 404: ErrorOut},
    summary="Values and targets of one indicator in one region, aligned by year (gaps as null)",
)
def series(
    request: ApiRequest,
    code: PathText,
    region: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> dict[str, object]:
    indicator = queries.indicator_or_404(code)
    place = queries.region_or_404(region)
    points = queries.series(indicator, place, year_from, year_to)
    step = Decimal(1).scaleb(-indicator.decimals)
    return {
        "indicator": _indicator_out(indicator),
        "region_code": place.code,
        "region_name": place.name,
        "points": [
            {
                "year": p.year,
                "value": p.value.value.quantize(step) if p.value else None,
                "value_source": p.value.source if p.value else None,
                "value_note": p.value.note if p.value else None,
                "target": p.target.value.quantize(step) if p.target else None,
                "target_source": p.target.source if p.target else None,
            }
            for p in points
        ],
    }
