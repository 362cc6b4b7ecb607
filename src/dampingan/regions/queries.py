"""Reads for the region pages."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from dampingan.accounts.models import User
from dampingan.mentoring.models import Assignment

from .models import Region


@dataclass
class KecamatanGroup:
    kecamatan: Region
    villages: list[Region]


def mentors_by_village(codes: list[str]) -> dict[str, Assignment]:
    """The assignment in force for each village code (at most one per village and decree)."""
    lines = Assignment.objects.in_force().filter(kelurahan_id__in=codes).select_related("opd", "decree")
    return {line.kelurahan_id: line for line in lines.order_by("decree__valid_from")}


def villages_by_kecamatan(user: User) -> list[KecamatanGroup]:
    """The villages ``user`` may open, grouped under their kecamatan, each with its mentoring OPD."""
    villages = list(Region.objects.visible_to(user).villages().select_related("parent"))
    mentors = mentors_by_village([v.code for v in villages])
    groups: dict[str, KecamatanGroup] = {}
    by_parent: dict[str, list[Region]] = defaultdict(list)
    for village in villages:
        village.mentor = mentors.get(village.code)  # type: ignore[attr-defined]
        by_parent[village.parent_id].append(village)
        groups.setdefault(village.parent_id, KecamatanGroup(village.parent, by_parent[village.parent_id]))
    return list(groups.values())
