"""Interventions and beneficiaries made through the ORM for the targeting tests (the services belong to
another part of the app), on the 1,500-person synthetic registry of the ``registry`` fixture."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dampingan.interventions.models import Beneficiary, BudgetLine, Intervention
from dampingan.mentoring.models import Opd
from dampingan.registry.models import Household
from dampingan.registry.queries import latest_rank

KURIPAN_KERTOHARJO = "33.75.04.1006"  # mentor_dindagkop
JENGGOT = "33.75.04.1004"  # mentor_dlh
MEDONO = "33.75.01.1002"  # outside Pekalongan Selatan


def households_of(release, code: str, desil: tuple[int, ...]) -> list[Household]:
    return list(
        Household.objects.filter(release=release, kelurahan_id=code)
        .annotate(desil=latest_rank())
        .filter(desil__in=desil)
        .order_by("pk")
    )


def make_intervention(by, code: str | None, *, strategy: str = "tingkatkan_pendapatan", status: str = "berjalan",
                      planned: str = "0", realised: str = "0") -> Intervention:  # fmt: skip
    intervention = Intervention.objects.create(
        title=f"Modal usaha {strategy} {code}",
        city_wide=code is None,
        horizon="pendek",
        strategy=strategy,
        cluster=3,
        kind="modal_usaha",
        lead_opd=Opd.objects.get(abbreviation="Dindagkop-UKM"),
        start_date=dt.date(2025, 1, 1),
        status=status,
        created_by=by,
    )
    if code:
        intervention.kelurahan.add(code)
    if Decimal(planned) or Decimal(realised):
        BudgetLine.objects.create(
            intervention=intervention, source="csr", year=2025, planned=Decimal(planned), realised=Decimal(realised)
        )
    return intervention


def link(intervention: Intervention, household: Household | None, by, *, status: str = "aktif",
         kelurahan: str | None = None, nik: str = "") -> Beneficiary:  # fmt: skip
    return Beneficiary.objects.create(
        intervention=intervention,
        household=household,
        kelurahan_id=kelurahan or household.kelurahan_id,
        nik=nik,
        status=status,
        source="daftar" if household else "berkas",
        flags=[] if household else ["not_in_registry"],
        added_by=by,
    )
