"""Fixtures of the dashboard tests: a registry with interventions, reports and action items to rank."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import timezone

from dampingan.interventions.tests.targeting_fixtures import households_of, link, make_intervention
from dampingan.visits.models import MonthlyReport, ReportStatus
from dampingan.visits.months import add_months, first_of_month

JENGGOT, BANYURIP, KURIPAN_KERTOHARJO, MEDONO = "33.75.04.1004", "33.75.04.1002", "33.75.04.1006", "33.75.01.1002"


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The public figures are cached per release, and the registry fixture imports the same file every time.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def programme(registry, demo_coordination, persona):
    """The registry plus: two interventions reaching desil 1-4 households in Jenggot and Medono with a
    budget, two monthly reports of Jenggot, and the seeds' action items (overdue, linked to kelurahan)."""
    tkpk = persona("tkpk")
    jenggot = make_intervention(tkpk, JENGGOT, planned="10000000", realised="2500000")
    for household in households_of(registry, JENGGOT, (1, 2, 3, 4))[:3]:
        link(jenggot, household, tkpk)
    medono = make_intervention(tkpk, MEDONO, planned="3000000", realised="3000000")
    for household in households_of(registry, MEDONO, (1, 2))[:2]:
        link(medono, household, tkpk)
    this_month = first_of_month(timezone.localdate())
    for back in (1, 2):
        MonthlyReport.objects.create(
            kelurahan_id=JENGGOT,
            opd=persona("mentor_dlh").opd,
            month=add_months(this_month, -back),
            summary="Laporan uji",
            status=ReportStatus.SUBMITTED,
            created_by=persona("mentor_dlh"),
            submitted_by=persona("mentor_dlh"),
            submitted_at=timezone.now(),
        )
    return registry


def leave_households(release, code: str, keep: int, move_to: str) -> None:
    """Move all but ``keep`` of ``code``'s households (with their families and members) to ``move_to``."""
    from dampingan.registry import statistics
    from dampingan.registry.models import Family, Household, Member

    ids = list(Household.objects.filter(release=release, kelurahan_id=code).order_by("pk").values_list("pk", flat=True))
    assert len(ids) > keep, f"{code} holds only {len(ids)} households"
    moved = ids[keep:]
    Household.objects.filter(pk__in=moved).update(kelurahan_id=move_to)
    Family.objects.filter(household_id__in=moved).update(kelurahan_id=move_to)
    Member.objects.filter(household_id__in=moved).update(kelurahan_id=move_to)
    statistics.forget(release.pk)  # rows changed without save(): the kept figures are stale (statistics.py)
