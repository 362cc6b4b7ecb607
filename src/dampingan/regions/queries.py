"""Reads for the region pages."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dampingan.access.scope import Scope

from .models import Region, RegionQuerySet
from .sections import REGION_SECTIONS

if TYPE_CHECKING:
    from dampingan.lib.sections import Cell


def visible_regions(scope: Scope) -> RegionQuerySet:
    """Kecamatan and villages of the deployment that ``scope`` opens."""
    return scope.filter_regions(Region.objects.in_deployment(), "code")


@dataclass
class KecamatanGroup:
    kecamatan: Region | None  # a village's parent, which the region data always gives it
    villages: list[Region]


def villages_by_kecamatan(scope: Scope) -> list[KecamatanGroup]:
    """The villages ``scope`` opens, grouped under their kecamatan, each with the cells of the columns
    other apps contribute (the mentoring OPD) as ``village.cells``."""
    villages = list(visible_regions(scope).villages().select_related("parent"))
    codes = [v.code for v in villages]
    columns = [column.cells(codes) for column in REGION_SECTIONS.columns()]
    groups: dict[str | None, KecamatanGroup] = {}
    by_parent: dict[str | None, list[Region]] = defaultdict(list)
    for village in villages:
        cells: list[Cell | None] = [found.get(village.code) for found in columns]
        village.cells = cells  # type: ignore[attr-defined]  # for the template: not a field of the model
        by_parent[village.parent_id].append(village)
        groups.setdefault(village.parent_id, KecamatanGroup(village.parent, by_parent[village.parent_id]))
    return list(groups.values())
