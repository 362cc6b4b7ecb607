"""Assignment decrees and their lines. Decrees are public acts of the city: every role reads them; only
the TKPK administrator writes, through the same checks as the decree form (mentoring/decrees.py)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from dampingan.access.requests import ApiRequest
from dampingan.mentoring import decrees
from dampingan.mentoring.models import Assignment, Decree, Opd
from dampingan.regions.models import Region

from .schemas import BodyIn, Column, Day, ErrorOut

router = Router(tags=["decrees"])


class LineIn(BodyIn):
    kelurahan_code: Annotated[str, Column(Assignment, "kelurahan", required=True)]
    opd: Annotated[str, Column(Opd, "abbreviation")] = Field(description="The OPD's abbreviation")


class LineOut(Schema):
    id: int
    decree_number: str
    kelurahan_code: str
    kelurahan_name: str
    opd: str
    valid_from: dt.date
    valid_until: dt.date | None
    active: bool


class DecreeIn(BodyIn):
    number: Annotated[str, Column(Decree, "number")]
    date: Day
    signer: Annotated[str, Column(Decree, "signer")] = ""
    title: Annotated[str, Column(Decree, "title")] = ""
    valid_from: Day
    valid_until: Day | None = None
    status: Annotated[str, Column(Decree, "status")] = "signed"
    notes: Annotated[str, Column(Decree, "notes")] = ""
    lines: list[LineIn] = []


class DecreeOut(Schema):
    id: int
    number: str
    date: dt.date
    signer: str
    title: str
    valid_from: dt.date
    valid_until: dt.date | None
    status: str
    has_pdf: bool
    notes: str
    lines: list[LineOut]


def _line_out(line: Assignment) -> dict[str, object]:
    return {
        "id": line.pk,
        "decree_number": line.decree.number,
        "kelurahan_code": line.kelurahan_id,
        "kelurahan_name": line.kelurahan.name,
        "opd": line.opd.abbreviation,
        "valid_from": line.valid_from,
        "valid_until": line.valid_until,
        "active": line.active,
    }


def _decree_out(decree: Decree) -> dict[str, object]:
    lines = decree.lines.select_related("opd", "kelurahan", "decree").order_by("kelurahan_id")
    return {
        **{name: getattr(decree, name) for name in ("number", "date", "signer", "title", "valid_from")},
        "id": decree.pk,
        "valid_until": decree.valid_until,
        "status": decree.status,
        "has_pdf": bool(decree.pdf),
        "notes": decree.notes,
        "lines": [_line_out(line) for line in lines],
    }


@router.get("/", response=list[DecreeOut], summary="All assignment decrees with their lines")
def list_decrees(request: ApiRequest) -> list[dict]:
    return [_decree_out(d) for d in Decree.objects.all()]


@router.get("/{decree_id}", response={200: DecreeOut, 404: ErrorOut})
def get_decree(request: ApiRequest, decree_id: int) -> dict:
    return _decree_out(get_object_or_404(Decree, pk=decree_id))


def _lines(payload: list[LineIn]) -> list[decrees.Line]:
    villages = Region.objects.in_bulk([line.kelurahan_code for line in payload], field_name="code")
    opds = {o.abbreviation: o for o in Opd.objects.filter(abbreviation__in=[line.opd for line in payload])}
    problems, lines = [], []
    for row, line in enumerate(payload, start=1):
        village, opd = villages.get(line.kelurahan_code), opds.get(line.opd)
        if village is None:
            problems.append(f"lines[{row}]: unknown kelurahan {line.kelurahan_code}")
        if opd is None:
            problems.append(f"lines[{row}]: unknown OPD {line.opd}")
        if village and opd:
            lines.append(decrees.Line(village, opd, row=row))
    if problems:
        raise ValidationError({"lines": problems})
    return lines


@router.post("/", response={201: DecreeOut, 403: ErrorOut, 422: ErrorOut}, summary="Create a decree with its lines")
def create_decree(request: ApiRequest, payload: DecreeIn) -> Status[dict]:
    data = payload.dict(exclude={"lines"})
    decree = decrees.save_decree(request.auth, Decree(**data), _lines(payload.lines))
    return Status(201, _decree_out(decree))


@router.post("/{decree_id}/sign", response={200: DecreeOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut})
def sign_decree(request: ApiRequest, decree_id: int) -> dict:
    return _decree_out(decrees.sign_decree(request.auth, get_object_or_404(Decree, pk=decree_id)))


assignments_router = Router(tags=["decrees"])


@assignments_router.get("/", response=list[LineOut], summary="Decree lines in force on a day (today by default)")
def list_assignments(
    request: ApiRequest, on: Day | None = None, kelurahan: str | None = None, opd: str | None = None
) -> list[dict]:
    lines = Assignment.objects.in_force(on).select_related("opd", "kelurahan", "decree").order_by("kelurahan_id")
    if kelurahan:
        lines = lines.filter(kelurahan_id=kelurahan)
    if opd:
        lines = lines.filter(opd__abbreviation=opd)
    return [_line_out(line) for line in lines]
