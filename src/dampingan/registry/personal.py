"""Households, members and upload findings as a reader may see them: the registry's door to personal data.

Every function here finds the records inside the reader's scope (404 outside), needs its capability (403
without), writes the access entry and returns the records with NIK and No KK masked unless the reader may
see them whole (``access.personal.disclose``). The registry's pages, its API and its exports call these and
never mask or log themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl
from django.db.models import Model
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from dampingan.access.personal import Purpose, disclose
from dampingan.access.roles import Capability
from dampingan.access.scope import Scope

from . import exports, imports, queries
from .models import Household, Member, RegistryRelease, RegistryUpload

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from dampingan.accounts.models import User

# The identifier fields of what the registry shows: a household's head (annotated), a member and its family.
HOUSEHOLD_IDENTIFIERS = ("head_nik", "head_no_kk")
MEMBER_IDENTIFIERS = ("nik", "family.no_kk")


@dataclass(frozen=True)
class HouseholdRecord:
    """One household as its page and the API show it: head, desil and deprivation flags annotated."""

    household: Household
    members: list[Member]


def household(reader: User, pk: int, *, detail: str) -> HouseholdRecord:
    """The household ``pk`` of a release the reader may open, in its scope, with its members."""
    visible = queries.openable_households(Scope.for_user(reader)).filter(pk=pk)
    release = get_object_or_404(visible.select_related("release")).release
    # Deprivations as the list and the profile count them: ages on the release's day.
    found = (
        queries.with_deprivation_flags(
            queries.with_head(visible.annotate(desil=queries.latest_rank())), release.ages_counted_on
        )
        .select_related("kelurahan__parent", "release")
        .get()
    )
    members = list(found.members.select_related("family").order_by("family_id", "relationship_to_head", "pk"))
    disclosure = disclose(reader, found, detail=detail, count=len(members))
    disclosure.mask_fields([found], *_annotated(found))
    disclosure.mask_fields(members, *MEMBER_IDENTIFIERS)
    return HouseholdRecord(found, members)


def households(
    reader: User, subject: Model, shown: Iterable[Household], *, detail: str, purpose: Purpose = Purpose.VIEW
) -> None:
    """Log and mask households about to be shown (a page of a list or a search, a sheet of an export);
    ``subject`` is what the list hangs on (a release, an intervention)."""
    shown = list(shown)
    disclosure = disclose(reader, subject, detail=detail, count=len(shown), purpose=purpose)
    for item in shown:
        disclosure.mask_fields([item], *_annotated(item))


def members_with_nik(reader: User, release: RegistryRelease, nik: str) -> list[Member]:
    """Members of ``release`` in the reader's scope holding this NIK (16 digits); the NIK looked up is logged,
    as the search logs its text."""
    found = list(queries.visible_members(Scope.for_user(reader), release).filter(nik=nik).select_related("family"))
    disclosure = disclose(reader, release, detail=f"api member by NIK {nik}", count=len(found))
    disclosure.mask_fields(found, *MEMBER_IDENTIFIERS)
    return found


def export(
    reader: User, spec: queries.HouseholdFilter, listed: QuerySet[Household], level: str, fmt: str
) -> pl.DataFrame:
    """The filtered list as a table, one row per household or (``level="members"``) per member."""
    if level == "members":
        frame = exports.members_frame(listed, on=spec.on)
        columns, persons = (_("No KK"), _("NIK")), frame.height
    else:
        frame = exports.households_frame(listed)
        columns = (_("Head's NIK"), _("Head's No KK"))
        persons = int(frame[_("Members")].sum() or 0) if frame.height else 0
        level = "households"
    detail = f"{level} .{fmt}: {spec.describe()}"
    disclosure = disclose(reader, spec.release, detail=detail, count=persons, purpose=Purpose.EXPORT)
    return disclosure.frame(frame, *columns)


def diff_units(reader: User, new: RegistryRelease, shown: int, *, detail: str) -> None:
    """Log the units of a release diff about to be listed (addresses and heads' names, no identifier)."""
    disclose(reader, new, detail=detail, count=shown)


def upload_findings(reader: User, upload: RegistryUpload, where: str) -> None:
    """Log that the reader saw a check's first findings: they quote the cells found wrong, NIKs and names
    among them."""
    shown = len(upload.summary.get("first_issues") or [])
    if shown:
        disclose(
            reader,
            upload,
            detail=f"{where}: check findings of {upload.file_name}",
            count=shown,
            needs=Capability.IMPORT_REGISTRY,
        )


def upload_check_report(reader: User, upload: RegistryUpload) -> bytes:
    """The check's report of an upload as .xlsx: the rows found wrong with their full NIK and name."""
    disclose(
        reader,
        upload,
        detail=f"check report of {upload.file_name} (.xlsx)",
        purpose=Purpose.EXPORT,
        needs=Capability.IMPORT_REGISTRY,
    )
    with upload.file.open("rb") as handle:
        plan = imports.plan_import(handle, upload.file_name, upload.mapping or None)
    return imports.error_report_xlsx(plan)


def _annotated(item: Household) -> tuple[str, ...]:
    return tuple(name for name in HOUSEHOLD_IDENTIFIERS if hasattr(item, name))
