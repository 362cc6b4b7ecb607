"""Partners and their pledges over the API, through the same services as the pages.

Contacts (person, phone, e-mail, address) come back only to roles that see personal data; a partner's
interventions only as far as the caller's scope reaches, with city-wide totals beside them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from dampingan.access.requests import ApiRequest
from dampingan.interventions import partners
from dampingan.interventions.models import Partner, Pledge
from dampingan.lib.service_input import service_input

from .interventions import Amount, explained_403
from .refusals import named_as_sent
from .schemas import BodyIn, Bool, Column, Day, ErrorOut, Id, PatchIn

router = Router(tags=["partners"])


class PartnerOut(Schema):
    id: int
    name: str
    kind: str
    is_active: bool
    contact_name: str | None
    phone: str | None
    email: str | None
    address: str | None
    notes: str
    intervention_count: int
    pledge_count: int
    contributed_planned: Decimal
    contributed_realised: Decimal


class PledgeOut(Schema):
    id: int
    partner_id: int
    what: str
    amount: Decimal | None
    kelurahan_code: str | None
    intervention_id: int | None
    pledged_on: dt.date
    due_on: dt.date | None
    fulfilled: bool


class PartnerDetailOut(PartnerOut):
    intervention_ids: list[int]
    kelurahan_codes: list[str]
    city_interventions: int
    city_kelurahan: int
    city_planned: Decimal
    city_realised: Decimal
    pledged_open: Decimal
    pledges: list[PledgeOut]


class PartnerIn(BodyIn):
    name: Annotated[str, Column(Partner, "name")]
    kind: Annotated[str, Column(Partner, "kind")]
    contact_name: Annotated[str, Column(Partner, "contact_name")] = ""
    phone: Annotated[str, Column(Partner, "phone")] = ""
    email: Annotated[str, Column(Partner, "email")] = ""
    address: Annotated[str, Column(Partner, "address")] = ""
    notes: Annotated[str, Column(Partner, "notes")] = ""
    is_active: Bool = True


class PartnerPatch(PatchIn):
    name: Annotated[str | None, Column(Partner, "name")] = None
    kind: Annotated[str | None, Column(Partner, "kind")] = None
    contact_name: Annotated[str | None, Column(Partner, "contact_name")] = None
    phone: Annotated[str | None, Column(Partner, "phone")] = None
    email: Annotated[str | None, Column(Partner, "email")] = None
    address: Annotated[str | None, Column(Partner, "address")] = None
    notes: Annotated[str | None, Column(Partner, "notes")] = None
    is_active: Bool = None  # type: ignore[assignment]


class PledgeIn(BodyIn):
    what: Annotated[str, Column(Pledge, "what")]
    amount: Amount | None = None
    kelurahan_code: str | None = None
    intervention_id: Id | None = None
    pledged_on: Day | None = None
    due_on: Day | None = None


class FulfilIn(BodyIn):
    book_as_budget_line: Bool = False


def _partner_out(request: ApiRequest, p: Partner) -> dict[str, Any]:
    contacts = partners.may_see_contacts(request.scope)
    return {
        **{f: getattr(p, f) for f in ("id", "name", "kind", "is_active", "notes")},
        **{f: (getattr(p, f) if contacts else None) for f in ("contact_name", "phone", "email", "address")},
        **{
            f: getattr(p, f)
            for f in ("intervention_count", "pledge_count", "contributed_planned", "contributed_realised")
        },
    }


def _pledge_out(pl: Pledge) -> dict[str, Any]:
    return {
        **{f: getattr(pl, f) for f in ("id", "partner_id", "what", "amount", "intervention_id")},
        "kelurahan_code": pl.kelurahan_id,
        **{f: getattr(pl, f) for f in ("pledged_on", "due_on", "fulfilled")},
    }


def _partner(pk: int) -> Partner:
    return get_object_or_404(partners.directory(), pk=pk)


def _detail(request: ApiRequest, pk: int) -> dict[str, Any]:
    partner = _partner(pk)
    fp = partners.footprint(request.scope, partner)
    return {
        **_partner_out(request, partner),
        "intervention_ids": [i.pk for i in fp.interventions],
        "kelurahan_codes": [k.code for k in fp.kelurahan],
        "city_interventions": fp.city_interventions,
        "city_kelurahan": fp.city_kelurahan,
        "city_planned": fp.city_planned,
        "city_realised": fp.city_realised,
        "pledged_open": fp.pledged_open,
        "pledges": [_pledge_out(pl) for pl in fp.pledges],
    }


@router.get("/", response=list[PartnerOut], summary="The partner directory with contributions")
def list_partners(request: ApiRequest, q: str = "", kind: str = "") -> list[dict[str, Any]]:
    return [_partner_out(request, p) for p in partners.directory(q, kind)]


@router.get("/{partner_id}", response={200: PartnerDetailOut, 404: ErrorOut})
def get_partner(request: ApiRequest, partner_id: int) -> dict[str, Any]:
    return _detail(request, partner_id)


@router.post("/", response={201: PartnerDetailOut, 403: ErrorOut, 422: ErrorOut})
def create_partner(request: ApiRequest, payload: PartnerIn) -> Status[dict[str, Any]]:
    partner = partners.create_partner(request.auth, service_input(partners.PartnerFields, payload.dict()))
    return Status(201, _detail(request, partner.pk))


@router.patch("/{partner_id}", response={200: PartnerDetailOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut})
def patch_partner(request: ApiRequest, partner_id: int, payload: PartnerPatch) -> dict[str, Any]:
    data = service_input(partners.PartnerFields, payload.dict(exclude_unset=True), partial=True)
    partners.update_partner(request.auth, _partner(partner_id), data)
    return _detail(request, partner_id)


@router.post("/{partner_id}/pledges", response={201: PledgeOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut})
@explained_403
def create_pledge(request: ApiRequest, partner_id: int, payload: PledgeIn) -> Status[dict[str, Any]]:
    data = payload.dict()
    data["kelurahan"] = data.pop("kelurahan_code")
    data["intervention"] = data.pop("intervention_id")
    with named_as_sent({"kelurahan": "kelurahan_code", "intervention": "intervention_id"}):
        pledge = partners.create_pledge(request.auth, _partner(partner_id), service_input(partners.PledgeFields, data))
    return Status(201, _pledge_out(pledge))


@router.post(
    "/{partner_id}/pledges/{pledge_id}/fulfil",
    response={200: PledgeOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Mark a pledge fulfilled; optionally book its amount on its intervention as a budget line",
)
@explained_403
def fulfil_pledge(request: ApiRequest, partner_id: int, pledge_id: int, payload: FulfilIn) -> dict[str, Any]:
    pledge = get_object_or_404(
        Pledge.objects.select_related("partner", "intervention", "kelurahan"), pk=pledge_id, partner_id=partner_id
    )
    fp = partners.footprint(request.scope, pledge.partner)
    if pledge not in fp.pledges:
        get_object_or_404(Pledge.objects.none(), pk=pledge_id)  # outside the caller's scope: raises 404
    fulfilled = partners.fulfil_pledge(request.auth, pledge, record_contribution=payload.book_as_budget_line)
    return _pledge_out(fulfilled)
