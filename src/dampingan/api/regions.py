from django.shortcuts import get_object_or_404
from ninja import Router

from dampingan.access.requests import ApiRequest
from dampingan.mentoring.models import Assignment
from dampingan.regions.models import Region
from dampingan.regions.queries import visible_regions

from .schemas import PathText, RegionDetailOut, RegionOut

router = Router(tags=["regions"])


def _out(region: Region) -> dict[str, object]:
    return {
        "code": region.code,
        "name": region.name,
        "level": region.level,
        "kind": region.kind,
        "parent_code": region.parent_id,
        "postal_code": region.postal_code,
    }


@router.get("/", response=list[RegionOut], summary="Kecamatan and villages the caller may open")
def list_regions(request: ApiRequest, level: int | None = None, parent: str | None = None) -> list[dict]:
    regions = visible_regions(request.scope)
    if level is not None:
        regions = regions.filter(level=level)
    if parent:
        regions = regions.filter(parent_id=parent)
    return [_out(r) for r in regions]


@router.get("/{code}", response=RegionDetailOut, summary="One region; 404 outside the caller's scope")
def get_region(request: ApiRequest, code: PathText) -> dict:
    region = get_object_or_404(visible_regions(request.scope), code=code)
    line = Assignment.objects.in_force().filter(kelurahan=region).select_related("opd").first()
    return {**_out(region), "mentoring_opd": line.opd.abbreviation if line else None}
