"""Reads of beneficiaries, always starting from what the user may see.

Who sees which beneficiaries of an intervention it may read: those who manage the intervention see all
of them (including a person they linked in another kelurahan); everyone else with ``VIEW_PERSONAL_DATA``
sees those living in its own work area (a lurah sees the Banyurip households of a city-wide programme).
Counts (``status_counts``) are aggregates and open to every role that may read the intervention.
Receipt totals are summed in Python: SQLite sums decimals as floats.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, cast

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from dampingan.access.roles import Capability
from dampingan.access.scope import Scope

from . import access, queries
from .models import Beneficiary, BeneficiaryStatus, Intervention, Receipt

if TYPE_CHECKING:
    from dampingan.registry.models import Household


def beneficiaries_of(scope: Scope, intervention: Intervention) -> QuerySet[Beneficiary]:
    """Beneficiaries of ``intervention`` that ``scope`` may see (none without ``VIEW_PERSONAL_DATA``)."""
    found = Beneficiary.objects.filter(intervention=intervention)
    if not scope.can(Capability.VIEW_PERSONAL_DATA):
        return found.none()
    if not access.may_manage_intervention(scope, intervention):
        found = scope.filter_regions(found, "kelurahan__code")
    return (
        found.select_related("kelurahan", "household")
        .annotate(receipt_count=Count("receipts"))
        .order_by("kelurahan_id", "name", "pk")
    )


def visible_beneficiary(scope: Scope, intervention: Intervention, pk: int) -> Beneficiary:
    found = beneficiaries_of(scope, intervention).filter(pk=pk).first()
    if found is None:
        raise Http404("beneficiary outside the scope")
    return found


def receipt_totals(beneficiaries: list[Beneficiary]) -> dict[int, Decimal]:
    """Rupiah received per beneficiary (amounts only; items are counted, not priced)."""
    totals: dict[int, Decimal] = {}
    for beneficiary_id, amount in Receipt.objects.filter(
        beneficiary__in=[b.pk for b in beneficiaries], amount__isnull=False
    ).values_list("beneficiary_id", "amount"):
        # amount__isnull=False: never None, though the nullable column types it so.
        totals[beneficiary_id] = totals.get(beneficiary_id, Decimal(0)) + cast(Decimal, amount)
    return totals


def status_counts(intervention: Intervention) -> list[tuple[str, str, int]]:
    """Beneficiaries per status (value, label, count), every status shown, for any reader of the intervention."""
    counts = Counter(dict(intervention.beneficiaries.values_list("status").annotate(n=Count("pk")).order_by()))
    return [(status.value, str(status.label), counts[status.value]) for status in BeneficiaryStatus]


def flag_counts(intervention: Intervention) -> Counter[str]:
    counts: Counter[str] = Counter()
    for flags in intervention.beneficiaries.values_list("flags", flat=True):
        counts.update(flags or [])
    return counts


def history(beneficiary: Beneficiary) -> tuple[list, list[Receipt]]:
    changes = list(beneficiary.status_changes.select_related("changed_by").order_by("on", "pk"))
    receipts = list(beneficiary.receipts.select_related("recorded_by").order_by("on", "pk"))
    return changes, receipts


@dataclass(frozen=True)
class HouseholdIntervention:
    """One intervention a household received, for the registry's household page."""

    intervention: Intervention
    beneficiary: Beneficiary
    received: Decimal
    items: int
    visible: bool  # whether the user may open the intervention's page

    @property
    def status_label(self) -> str:
        return self.beneficiary.get_status_display()


def interventions_of_household(scope: Scope, household: Household) -> list[HouseholdIntervention]:
    """Every intervention that linked ``household``, newest first, with the beneficiary's status and the
    Rupiah received. The caller has already decided that ``scope`` may open the household; interventions it
    may not open are listed by title without a link."""
    links = list(
        Beneficiary.objects.filter(household=household)
        .select_related("intervention")
        .prefetch_related(Prefetch("receipts", queryset=Receipt.objects.order_by("on")))
        .order_by("-intervention__start_date", "intervention__title")
    )
    visible = set(
        queries.visible_interventions(scope)
        .filter(pk__in=[b.intervention_id for b in links])
        .values_list("pk", flat=True)
    )
    rows = []
    for link in links:
        receipts = list(link.receipts.all())
        rows.append(
            HouseholdIntervention(
                intervention=link.intervention,
                beneficiary=link,
                received=sum((r.amount for r in receipts if r.amount is not None), Decimal(0)),
                items=sum(1 for r in receipts if r.item),
                visible=link.intervention_id in visible,
            )
        )
    return rows
