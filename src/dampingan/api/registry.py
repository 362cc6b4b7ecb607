"""Registry endpoints: releases and their aggregates for every role; households and members for roles
with personal-data rights (identifiers masked as on the pages, each read audit-logged); imports for the
Dinsos operator and the TKPK admin, through the same background tasks as the upload page."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Literal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Query, Router, Status, UploadedFile

from dampingan.access.requests import ApiRequest
from dampingan.access.roles import Capability
from dampingan.registry import diffs, personal, queries, services, statistics, uploads
from dampingan.registry.codes import Source
from dampingan.registry.deprivations import DEPRIVATIONS
from dampingan.registry.exports import HOUSEHOLD_CODED
from dampingan.registry.forms import HouseholdFilterForm, UploadForm
from dampingan.registry.models import Household, Member, RegistryRelease, RegistryUpload, UploadStatus

from .schemas import (
    FILLED,
    BodyIn,
    Day,
    DesilRowOut,
    DiffRowOut,
    ErrorOut,
    HouseholdDetailOut,
    HouseholdPageOut,
    MemberOut,
    Offset,
    QueryId,
    ReleaseOut,
    UploadOut,
    published,
)

router = Router(tags=["registry"])

if TYPE_CHECKING:
    DeprivationKey = str
    SourceValue = str
else:
    # The deprivations and sources the registry knows, as pydantic checks them and the published document lists
    # them; to the type checker, which cannot read values known only at import, the str each one is.
    DeprivationKey = Literal[tuple(d.key for d in DEPRIVATIONS)]
    SourceValue = Literal[tuple(Source.values)]
# A NIK: 16 digits, with anything but digits between them (spaces, dots) ignored.
NIK_TEXT = r"^[^0-9\u0000]*(?:[0-9][^0-9\u0000]*){16}$"
# The dates of the upload form: empty, or YYYY-MM-DD (the form reads them).
_EMPTY_OR_DATE = {"anyOf": [{"type": "string", "const": ""}, {"type": "string", "format": "date"}]}
UPLOAD_FORM = {
    "requestBody": {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "properties": {"file": {"minLength": 1}, "sk_date": _EMPTY_OR_DATE, "data_date": _EMPTY_OR_DATE}
                }
            }
        }
    }
}
MAX_LIMIT = 1000


def _release(request: ApiRequest, release_id: int) -> RegistryRelease:
    return get_object_or_404(queries.visible_releases(request.scope), pk=release_id)


def _release_out(release: RegistryRelease) -> dict[str, object]:
    return {
        **{f: getattr(release, f) for f in ReleaseOut.model_fields if hasattr(release, f)},
        "imported_by": release.imported_by.username,
        "approved_by": release.approved_by.username if release.approved_by else None,
    }


@router.get("/releases", response=list[ReleaseOut], summary="Registry releases the caller may open")
def list_releases(request: ApiRequest) -> list[dict]:
    releases = queries.visible_releases(request.scope).select_related("imported_by", "approved_by")
    return [_release_out(r) for r in releases]


@router.get("/releases/{release_id}", response={200: ReleaseOut, 404: ErrorOut})
def get_release(request: ApiRequest, release_id: int) -> dict:
    return _release_out(_release(request, release_id))


class ApprovalIn(BodyIn):
    sk_number: Annotated[str, published(minLength=1, maxLength=120, pattern=FILLED)] = Field(
        description="Number of the SK that sets the release"
    )
    sk_date: Day = Field(description="Date of that SK")


@router.post(
    "/releases/{release_id}/approve",
    response={200: ReleaseOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Approve a draft release (maker-checker: a TKPK administrator other than its importer)",
)
def approve_release(request: ApiRequest, release_id: int, payload: ApprovalIn) -> dict:
    release = services.approve_release(
        request.auth, _release(request, release_id), sk_number=payload.sk_number.strip(), sk_date=payload.sk_date
    )
    return _release_out(release)


@router.get("/releases/{release_id}/desil", response=list[DesilRowOut], summary="Households per kelurahan and desil")
def release_desil(request: ApiRequest, release_id: int) -> list[dict]:
    table = statistics.desil_by_kelurahan(request.scope, _release(request, release_id))
    return [
        {
            "kelurahan_code": row["code"],
            "kelurahan_name": row["name"],
            "desil": row["desil"],
            "desil_1_4": row["poorest"],
            "total": row["total"],
        }
        for row in table
    ]


@router.get(
    "/releases/{old_id}/diff/{new_id}",
    response={200: list[DiffRowOut], 404: ErrorOut, 422: ErrorOut},
    summary="Per kelurahan: units that entered, left, or moved in desil between two releases",
)
def release_diff(
    request: ApiRequest, old_id: int, new_id: int, level: Literal["household", "family"] = "household"
) -> list[dict]:
    if old_id == new_id:
        raise ValidationError({"new_id": ["Choose two different releases."]})
    diff = diffs.release_diff(request.scope, _release(request, old_id), _release(request, new_id), level)
    return [
        {**row, "kelurahan_code": row["kelurahan"], "before": row["old"], "after": row["new"]} for row in diff.summary()
    ]


def _household_out(household: Household) -> dict[str, object]:
    return {
        "id": household.pk,
        "release_id": household.release_id,
        "registry_id": household.registry_id,
        "kelurahan_code": household.kelurahan_id,
        "address": household.address,
        "rt": household.rt,
        "rw": household.rw,
        "member_count": household.member_count,
        "family_count": household.family_count,
        # Annotations of the registry's queries (desil, with_head), not columns of Household.
        "desil": household.desil,  # type: ignore[attr-defined]
        "head_name": household.head_name,  # type: ignore[attr-defined]
        "head_nik": household.head_nik,  # type: ignore[attr-defined]
        "deprivations": [d.key for d in queries.deprivations_of(household)],
    }


def _filtered(request: ApiRequest) -> tuple[queries.HouseholdFilter, QuerySet[Household]]:
    form = HouseholdFilterForm(request.scope, request.GET)
    if not form.is_valid():
        raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
    spec = form.spec()
    if spec is None:
        raise Http404("no release")
    return spec, queries.with_deprivation_flags(queries.filtered_households(request.scope, spec), spec.on)


@router.get(
    "/households",
    response={200: HouseholdPageOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Households filtered as on the list page (release, kecamatan, kelurahan, desil, deprivation)",
)
def list_households(
    request: ApiRequest,
    release: QueryId | None = None,
    kecamatan: str | None = None,
    kelurahan: str | None = None,
    desil: list[Annotated[int, Field(ge=1, le=10)]] = Query([]),  # noqa: B008 (a repeated query parameter)
    deprivation: list[DeprivationKey] = Query([]),  # noqa: B008 (a repeated query parameter)
    limit: int = 100,
    offset: Offset = 0,
) -> dict:
    scope = request.scope
    scope.require(Capability.VIEW_PERSONAL_DATA)
    if release is not None:
        _release(request, release)  # a release the caller may not open is 404, as everywhere else
    limit, offset = max(1, min(limit, MAX_LIMIT)), max(0, offset)
    spec, households = _filtered(request)
    items = list(queries.PagedHouseholds(households)[offset : offset + limit])
    personal.households(request.auth, spec.release, items, detail=f"api households: {spec.describe()}")
    return {
        "count": households.count(),
        "limit": limit,
        "offset": offset,
        "items": [_household_out(h) for h in items],
    }


def _member_out(member: Member) -> dict[str, object]:
    out = {name: getattr(member, name) for name in MemberOut.model_fields if hasattr(member, name)}
    out["no_kk"] = member.family.no_kk
    return out


@router.get("/households/{household_id}", response={200: HouseholdDetailOut, 403: ErrorOut, 404: ErrorOut})
def get_household(request: ApiRequest, household_id: int) -> dict:
    request.scope.require(Capability.VIEW_PERSONAL_DATA)
    record = personal.household(request.auth, household_id, detail="api household")
    household = record.household
    return {
        **_household_out(household),
        "members": [_member_out(m) for m in record.members],
        "attributes": {name: getattr(household, name) for name in HOUSEHOLD_CODED},
        # None, not [], when the release's file had no such columns: "not recorded" is not "holds none".
        "assets": household.assets if household.release.holds_assets_and_cards else None,
        "programme_cards": household.programme_cards if household.release.holds_assets_and_cards else None,
    }


@router.get(
    "/members",
    response={200: list[MemberOut], 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Members of a release with this NIK (16 digits), within the caller's scope",
)
def find_members(
    request: ApiRequest,
    nik: Annotated[str, Field(pattern=NIK_TEXT, description="16 digits; spaces, dots or dashes between are ignored")],
    release: QueryId | None = None,
) -> list[dict]:
    scope = request.scope
    scope.require(Capability.VIEW_PERSONAL_DATA)
    digits = re.sub(r"[^0-9]", "", nik)
    if len(digits) != 16:
        raise ValidationError({"nik": ["A NIK has exactly 16 digits."]})
    chosen = _release(request, release) if release else queries.current_release()
    if chosen is None:
        raise Http404("no release")
    return [_member_out(m) for m in personal.members_with_nik(request.auth, chosen, digits)]


def _upload_out(upload: RegistryUpload) -> dict[str, object]:
    step = uploads.step(upload)
    return {
        "id": upload.pk,
        "file_name": upload.file_name,
        "source": upload.source,
        "status": upload.status,
        "status_label": upload.get_status_display(),
        "progress_stage": step.stage if step else "",
        "progress_label": step.label if step else "",
        "progress_done": step.done if step else 0,
        "progress_total": step.total if step else 0,
        "percent": step.percent if step else (100 if upload.status == UploadStatus.IMPORTED else 0),
        "summary": upload.summary,
        "error_message": upload.error_message,
        "release_id": upload.release_id,
        "created_at": upload.created_at,
    }


def _upload(request: ApiRequest, upload_id: int) -> RegistryUpload:
    request.scope.require(Capability.IMPORT_REGISTRY)
    uploads.settle_abandoned()  # a job whose worker died shows as failed, not as running forever
    return get_object_or_404(RegistryUpload.objects.select_related("job"), pk=upload_id)


@router.post(
    "/imports",
    response={202: UploadOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Upload a registry file; it is checked in the background (poll its status)",
    openapi_extra=UPLOAD_FORM,
)
def start_import(
    request: ApiRequest,
    file: File[UploadedFile],
    source: Form[SourceValue],
    sk_number: str = Form("", max_length=120),
    sk_date: Form[str] = "",
    data_date: Form[str] = "",
) -> Status[dict]:
    request.scope.require(Capability.IMPORT_REGISTRY)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
    data = form.cleaned_data
    upload = uploads.start_upload(
        request.auth,
        data["file"],
        source=data["source"],
        sk_number=data["sk_number"],
        sk_date=data["sk_date"],
        data_date=data["data_date"],
    )
    return Status(202, _upload_out(upload))


@router.get("/imports/{upload_id}", response={200: UploadOut, 403: ErrorOut, 404: ErrorOut})
def import_status(request: ApiRequest, upload_id: int) -> dict:
    upload = _upload(request, upload_id)
    personal.upload_findings(request.auth, upload, "api import status")
    return _upload_out(upload)


@router.post(
    "/imports/{upload_id}/confirm",
    response={202: UploadOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Import a checked file as a draft release (in the background)",
)
def confirm_import(request: ApiRequest, upload_id: int) -> Status[dict]:
    upload = uploads.confirm_upload(request.auth, _upload(request, upload_id))
    return Status(202, _upload_out(upload))
