"""Reads of the boundaries: which of the deployment's kelurahan have one, and the files imported."""

from __future__ import annotations

from dataclasses import dataclass

from dampingan.lib import deployment
from dampingan.regions.models import Region

from .models import Boundary, BoundaryFile


@dataclass(frozen=True)
class BoundaryStatus:
    kelurahan: int
    with_boundary: int
    kecamatan_with_boundary: int
    rows: list[tuple[Region, Boundary | None]]  # every kelurahan, with its boundary if any

    @property
    def complete(self) -> bool:
        return self.kelurahan > 0 and self.with_boundary == self.kelurahan


def boundary_status() -> BoundaryStatus:
    kelurahan = list(Region.objects.in_deployment().villages().select_related("parent").order_by("code"))
    boundaries = {
        b.region_id: b for b in Boundary.objects.in_deployment().select_related("source__imported_by").defer("geometry")
    }
    kecamatan = sum(1 for code in boundaries if code.count(".") == 2)
    return BoundaryStatus(
        kelurahan=len(kelurahan),
        with_boundary=sum(1 for k in kelurahan if k.code in boundaries),
        kecamatan_with_boundary=kecamatan,
        rows=[(k, boundaries.get(k.code)) for k in kelurahan],
    )


def upstream_file() -> str:
    """The path, in the wilayah_boundaries repository, of the desa/kelurahan file of this deployment."""
    region = deployment.code()
    return f"db/kel/{region.split('.')[0]}/wilayah_boundaries_kel_{region}.sql"


def recent_files(limit: int = 10) -> list[BoundaryFile]:
    return list(BoundaryFile.objects.select_related("imported_by")[:limit])
