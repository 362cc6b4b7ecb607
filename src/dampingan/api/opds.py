from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from dampingan.access.requests import ApiRequest
from dampingan.lib.service_input import service_input
from dampingan.mentoring import services
from dampingan.mentoring.models import Opd
from dampingan.mentoring.queries import visible_opds
from dampingan.mentoring.services import OpdFields

from .schemas import ErrorOut, OpdIn, OpdOut, OpdPatch

router = Router(tags=["opds"])


@router.get("/", response=list[OpdOut])
def list_opds(request: ApiRequest, active: bool | None = None) -> list[Opd]:
    opds = visible_opds(request.scope)
    if active is not None:
        opds = opds.filter(is_active=active)
    return list(opds)


@router.get("/{opd_id}", response={200: OpdOut, 404: ErrorOut})
def get_opd(request: ApiRequest, opd_id: int) -> Opd:
    return get_object_or_404(visible_opds(request.scope), pk=opd_id)


@router.post("/", response={201: OpdOut, 403: ErrorOut, 422: ErrorOut})
def create_opd(request: ApiRequest, payload: OpdIn) -> Status[Opd]:
    return Status(201, services.create_opd(request.auth, service_input(OpdFields, payload.dict())))


@router.patch("/{opd_id}", response={200: OpdOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut})
def update_opd(request: ApiRequest, opd_id: int, payload: OpdPatch) -> Opd:
    opd = get_object_or_404(visible_opds(request.scope), pk=opd_id)
    if not Opd.objects.editable_by(request.scope).filter(pk=opd_id).exists():
        raise PermissionDenied("opd")
    return services.update_opd(
        request.auth, opd, service_input(OpdFields, payload.dict(exclude_unset=True), partial=True)
    )
