"""Reads for the region pages."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dampingan.access.scope import Reader, Scope

from .models import Region, RegionQuerySet
from .sections import REGION_SECTIONS

if TYPE_CHECKING:
    from dampingan.accounts.models import User
    from dampingan.lib.sections import Cell


def visible_regions(reader: Reader) -> RegionQuerySet:
    """Kecamatan and villages of the deployment that ``reader``'s scope lets it open."""
    return Scope.of(reader).filter_regions(Region.objects.in_deployment(), "code")


@dataclass
class KecamatanGroup:
    kecamatan: Region | None  # a village's parent, which the region data always gives it
    villages: list[Region]


def villages_by_kecamatan(user: User) -> list[KecamatanGroup]:
    """The villages ``user`` may open, grouped under their kecamatan, each with the cells of the columns
    other apps contribute (the mentoring OPD) as ``village.cells``."""
    villages = list(visible_regions(user).villages().select_related("parent"))
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
