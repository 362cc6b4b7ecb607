"""Interventions made through the ORM (the plan's services belong to another part of the app), spreadsheets
written with openpyxl, and registry lookups for the beneficiary tests."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from openpyxl import Workbook

from dampingan.interventions.models import Intervention
from dampingan.mentoring.models import Opd
from dampingan.registry.codes import RelationshipToHead
from dampingan.registry.models import Household, Member
from dampingan.registry.queries import latest_rank

KURIPAN_KERTOHARJO = "33.75.04.1006"  # Kampung Tempe, mentored by Dindagkop-UKM (mentor_dindagkop)
JENGGOT = "33.75.04.1004"  # mentored by DLH (mentor_dlh)
BANYURIP = "33.75.04.1002"  # lurah_banyurip
# A possible NIK (Pekalongan Selatan, a woman born 1 July 1990, serial 0001) that the synthetic registry lacks.
OUTSIDER_NIK = "3375044107900001"


def tempe_intervention(by, code: str | None = KURIPAN_KERTOHARJO, **fields) -> Intervention:
    intervention = Intervention.objects.create(
        title=fields.pop("title", "Modal usaha perajin tempe"),
        city_wide=code is None,
        horizon="pendek",
        strategy="tingkatkan_pendapatan",
        cluster=3,
        kind="modal_usaha",
        lead_opd=Opd.objects.get(abbreviation="Dindagkop-UKM"),
        start_date=fields.pop("start_date", dt.date(2025, 1, 1)),
        status=fields.pop("status", "berjalan"),
        created_by=by,
        **fields,
    )
    if code:
        intervention.kelurahan.add(code)
    return intervention


def households(release, code: str, desil: Sequence[int]) -> list[Household]:
    """Households of ``code`` in these desil that have a head with a NIK (ordered by id)."""
    return list(
        Household.objects.filter(release=release, kelurahan_id=code)
        .annotate(desil=latest_rank())
        .filter(
            desil__in=list(desil), members__relationship_to_head=RelationshipToHead.HEAD, members__nik__isnull=False
        )
        .distinct()
        .order_by("pk")
    )


def head_of(household: Household) -> Member:
    return household.members.filter(relationship_to_head=RelationshipToHead.HEAD).order_by("pk").first()


def xlsx(rows: Sequence[Sequence[object]], header: Sequence[str] = ("NIK", "Nama")) -> bytes:
    """A real .xlsx file: the header, then ``rows``; text cells stay text, numbers become numeric cells."""
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
