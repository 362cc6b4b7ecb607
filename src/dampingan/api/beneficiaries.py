"""Beneficiaries of an intervention over the API, through the same queries and services as the pages.

Mounted under /api/interventions/{id}/beneficiaries. Outside the caller's scope 404; without personal-data
rights (viewers) 403 on every list; without the right to manage the intervention 403 on writes; invalid
input 422 naming the field or the row, nothing half-saved. NIK and No KK masked without
``VIEW_IDENTIFIERS``; each read of names is recorded in the audit log.

Import is one call: without ``confirm`` it answers the match report (the preview); with ``confirm=true`` it
imports all or nothing, and 422 with the report's errors while any row is invalid.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status, UploadedFile

from dampingan.access.requests import ApiRequest
from dampingan.access.roles import Capability
from dampingan.interventions import beneficiaries, beneficiary_queries, personal, queries
from dampingan.interventions.beneficiary_import import MAX_FILE_MB, MatchReport
from dampingan.interventions.models import (
    Beneficiary,
    BeneficiaryStatus,
    BeneficiaryStatusChange,
    Intervention,
    Receipt,
)
from dampingan.lib.service_input import service_input

from .interventions import Amount, explained_403
from .schemas import BodyIn, Column, Day, ErrorOut, Id, Offset, non_empty_file

router = Router(tags=["beneficiaries"])
MAX_LIMIT = 1000


class BeneficiaryOut(Schema):
    id: int
    intervention_id: int
    household_id: int | None
    member_id: int | None
    kelurahan_code: str
    nik: str
    no_kk: str
    name: str
    desil: int | None
    status: str
    source: str
    flags: list[str]
    receipt_count: int
    received: Decimal


class StatusChangeOut(Schema):
    status: str
    on: dt.date
    reason: str
    changed_by: str


class ReceiptOut(Schema):
    id: int
    on: dt.date
    amount: Decimal | None
    item: str
    notes: str


class BeneficiaryDetailOut(BeneficiaryOut):
    status_changes: list[StatusChangeOut]
    receipts: list[ReceiptOut]


class AddIn(BodyIn):
    """Households of the current release by id, or people by NIK or No KK (matched as a file would be)."""

    household_ids: list[Id] = []
    niks: list[str] = []
    no_kks: list[str] = []
    status: Annotated[str, Column(BeneficiaryStatusChange, "status")] = BeneficiaryStatus.PROPOSED
    on: Day | None = None
    reason: Annotated[str, Column(BeneficiaryStatusChange, "reason")] = ""


class StatusIn(BodyIn):
    status: Annotated[str, Column(BeneficiaryStatusChange, "status")]
    on: Day
    reason: Annotated[str, Column(BeneficiaryStatusChange, "reason")]


class ReceiptIn(BodyIn):
    on: Day
    amount: Amount | None = None
    item: Annotated[str, Column(Receipt, "item")] = ""
    notes: Annotated[str, Column(Receipt, "notes")] = ""


class CellErrorOut(Schema):
    row: int | None
    column: str | None
    message: str


class MatchRowOut(Schema):
    row: int
    nik: str
    no_kk: str
    name: str
    result: str
    flags: list[str]
    household_id: int | None
    kelurahan_code: str
    desil: int | None
    note: str


class MatchReportOut(Schema):
    file_name: str
    ok: bool
    counts: dict[str, int]
    flag_counts: dict[str, int]
    rows: list[MatchRowOut]
    errors: list[CellErrorOut]
    imported: int


def _intervention(request: ApiRequest, intervention_id: int) -> Intervention:
    intervention = queries.visible_intervention(request.scope, intervention_id)
    request.scope.require(Capability.VIEW_PERSONAL_DATA)
    return intervention


def _out(b: Beneficiary, received: Decimal) -> dict[str, Any]:
    return {
        "id": b.pk,
        "intervention_id": b.intervention_id,
        "household_id": b.household_id,
        "member_id": b.member_id,
        "kelurahan_code": b.kelurahan_id,
        "nik": b.nik or "",
        "no_kk": b.no_kk or "",
        "name": b.name,
        "desil": b.desil,
        "status": b.status,
        "source": b.source,
        "flags": list(b.flags or []),
        "receipt_count": getattr(b, "receipt_count", 0),
        "received": received,
    }


def _receipt_out(r: Receipt) -> dict[str, Any]:
    return {"id": r.pk, "on": r.on, "amount": r.amount, "item": r.item, "notes": r.notes}


def _detail(request: ApiRequest, intervention: Intervention, beneficiary_id: int) -> dict[str, Any]:
    b = beneficiary_queries.visible_beneficiary(request.scope, intervention, beneficiary_id)
    personal.beneficiaries(request.auth, b, [b], detail="api beneficiary")
    changes, receipts = beneficiary_queries.history(b)
    received = sum((r.amount for r in receipts if r.amount is not None), Decimal(0))
    return {
        **_out(b, received),
        "status_changes": [
            {"status": c.status, "on": c.on, "reason": c.reason, "changed_by": c.changed_by.username} for c in changes
        ],
        "receipts": [_receipt_out(r) for r in receipts],
    }


def _report_out(report: MatchReport, imported: int) -> dict[str, Any]:
    """A report as ``interventions.personal.match_report`` gives it to the reader."""
    return {
        "file_name": report.file_name,
        "ok": report.ok,
        "counts": {key: n for key, _label, n in report.result_counts()},
        "flag_counts": {key: n for key, _label, n in report.flag_counts()},
        "rows": [
            {
                "row": r.row,
                "nik": r.nik,
                "no_kk": r.no_kk,
                "name": r.name,
                "result": r.result,
                "flags": r.flags,
                "household_id": r.household_id,
                "kelurahan_code": r.kelurahan_code,
                "desil": r.desil,
                "note": r.note,
            }
            for r in report.rows
        ],
        "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in report.errors],
        "imported": imported,
    }


@router.get(
    "/{intervention_id}/beneficiaries",
    response={200: list[BeneficiaryOut], 403: ErrorOut, 404: ErrorOut},
    summary="Beneficiaries of an intervention the caller may see (names need personal-data rights)",
)
def list_beneficiaries(
    request: ApiRequest, intervention_id: int, status: str = "", limit: int = 200, offset: Offset = 0
) -> list[dict[str, Any]]:
    intervention = _intervention(request, intervention_id)
    found = beneficiary_queries.beneficiaries_of(request.scope, intervention)
    if status:
        found = found.filter(status=status)
    limit = max(0, min(limit, MAX_LIMIT))
    rows = list(found[offset : offset + limit])
    totals = beneficiary_queries.receipt_totals(rows)
    personal.beneficiaries(request.auth, intervention, rows, detail="api beneficiary list")
    return [_out(b, totals.get(b.pk, Decimal(0))) for b in rows]


@router.get(
    "/{intervention_id}/beneficiaries/counts",
    response={200: dict[str, int], 404: ErrorOut},
    summary="Beneficiaries per status: an aggregate, open to every role that may read the intervention",
)
def beneficiary_counts(request: ApiRequest, intervention_id: int) -> dict[str, int]:
    intervention = queries.visible_intervention(request.scope, intervention_id)
    return {value: n for value, _label, n in beneficiary_queries.status_counts(intervention)}


@router.post(
    "/{intervention_id}/beneficiaries",
    response={201: list[BeneficiaryOut], 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add households of the current release by id, or people by NIK / No KK (flagged as in an import)",
)
@explained_403
def add_beneficiaries(request: ApiRequest, intervention_id: int, payload: AddIn) -> Status[list[dict[str, Any]]]:
    intervention = _intervention(request, intervention_id)
    by_identifier = bool(payload.niks or payload.no_kks)
    if payload.household_ids and by_identifier:
        raise ValidationError({"household_ids": ["Send either household_ids or niks/no_kks, not both."]})
    if payload.household_ids:
        added = beneficiaries.add_households(
            request.auth,
            intervention,
            payload.household_ids,
            status=payload.status,
            on=payload.on,
            reason=payload.reason,
        )
    elif by_identifier:
        _report, added = beneficiaries.add_by_identifiers(
            request.auth,
            intervention,
            payload.niks,
            payload.no_kks,
            status=payload.status,
            on=payload.on,
            reason=payload.reason,
        )
    else:
        raise ValidationError({"household_ids": ["Send household_ids, niks or no_kks."]})
    personal.beneficiaries(request.auth, intervention, added, detail="api beneficiaries added")
    return Status(201, [_out(b, Decimal(0)) for b in added])


@router.post(
    "/{intervention_id}/beneficiaries/import",
    response={200: MatchReportOut, 201: MatchReportOut, 403: ErrorOut, 404: ErrorOut, 422: MatchReportOut | ErrorOut},
    summary="Match a .xlsx/.csv by NIK or No KK (preview); with confirm=true import it all or nothing",
    openapi_extra=non_empty_file(),
)
@explained_403
def import_beneficiaries(
    request: ApiRequest,
    intervention_id: int,
    file: File[UploadedFile],
    confirm: Form[bool] = False,
    status: Form[str] = BeneficiaryStatus.PROPOSED,
    reason: Form[str] = "",
) -> Status[dict[str, Any]]:
    intervention = _intervention(request, intervention_id)
    # The same refusals as the page's form, in the same words.
    if (file.size or 0) > MAX_FILE_MB * 1024 * 1024:
        raise ValidationError({"file": [_("The file is larger than %(limit)s MB.") % {"limit": MAX_FILE_MB}]})
    content = file.read()
    name = file.name or "upload.xlsx"
    report = beneficiaries.match_file(request.auth, intervention, content, name)
    shown = personal.match_report(request.auth, intervention, report, detail=f"api beneficiary import preview {name}")
    if not report.ok:
        return Status(422, _report_out(shown, 0))
    if not confirm:
        return Status(200, _report_out(shown, 0))
    added = beneficiaries.import_report(request.auth, intervention, report, status=status, reason=reason)
    return Status(201, _report_out(shown, len(added)))


@router.get(
    "/{intervention_id}/beneficiaries/{beneficiary_id}",
    response={200: BeneficiaryDetailOut, 403: ErrorOut, 404: ErrorOut},
)
def get_beneficiary(request: ApiRequest, intervention_id: int, beneficiary_id: int) -> dict[str, Any]:
    return _detail(request, _intervention(request, intervention_id), beneficiary_id)


@router.post(
    "/{intervention_id}/beneficiaries/{beneficiary_id}/status",
    response={200: BeneficiaryDetailOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change the status (proposed → active → graduated / suspended → active) with date and reason",
)
@explained_403
def change_status(request: ApiRequest, intervention_id: int, beneficiary_id: int, payload: StatusIn) -> dict[str, Any]:
    intervention = _intervention(request, intervention_id)
    b = beneficiary_queries.visible_beneficiary(request.scope, intervention, beneficiary_id)
    beneficiaries.change_status(request.auth, [b], payload.status, payload.on, payload.reason)
    return _detail(request, intervention, beneficiary_id)


@router.get(
    "/{intervention_id}/beneficiaries/{beneficiary_id}/receipts",
    response={200: list[ReceiptOut], 403: ErrorOut, 404: ErrorOut},
)
def list_receipts(request: ApiRequest, intervention_id: int, beneficiary_id: int) -> list[dict[str, Any]]:
    b = beneficiary_queries.visible_beneficiary(request.scope, _intervention(request, intervention_id), beneficiary_id)
    return [_receipt_out(r) for r in b.receipts.order_by("on", "pk")]


@router.post(
    "/{intervention_id}/beneficiaries/{beneficiary_id}/receipts",
    response={201: ReceiptOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Record what the beneficiary received: date, amount (Rupiah; text like 1.500.000,50 too) and/or item",
)
@explained_403
def add_receipt(
    request: ApiRequest, intervention_id: int, beneficiary_id: int, payload: ReceiptIn
) -> Status[dict[str, Any]]:
    intervention = _intervention(request, intervention_id)
    b = beneficiary_queries.visible_beneficiary(request.scope, intervention, beneficiary_id)
    receipt = beneficiaries.record_receipt(request.auth, b, service_input(beneficiaries.ReceiptFields, payload.dict()))
    return Status(201, _receipt_out(receipt))
