"""The targeting page: the same numbers as an independent count, held to each role's scope, with the
household lists only for roles that may see personal data (masked and logged)."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from dampingan.analytics import targeting as analytics
from dampingan.interventions.models import BeneficiaryStatus, InterventionStatus, Strategy
from dampingan.registry.models import Household
from dampingan.registry.queries import latest_rank

from .targeting_fixtures import JENGGOT, KURIPAN_KERTOHARJO, MEDONO, households_of, link, make_intervention

URL = reverse("interventions:targeting")


@pytest.fixture
def reached(registry, persona):
    """In Kuripan Kertoharjo: two priority households active, one proposed, one richer household in two
    interventions; one person outside the registry; in Medono one priority household (city scope only)."""
    tkpk = persona("tkpk")
    poor = households_of(registry, KURIPAN_KERTOHARJO, (1, 2, 3, 4))
    rich = households_of(registry, KURIPAN_KERTOHARJO, (5, 6, 7, 8, 9, 10))
    assert len(poor) >= 4 and rich, "the synthetic registry should hold these households"
    tempe = make_intervention(tkpk, KURIPAN_KERTOHARJO, planned="30000000", realised="12000000.50")
    pkh = make_intervention(tkpk, KURIPAN_KERTOHARJO, strategy="kurangi_beban", planned="1000000")
    link(tempe, poor[0], tkpk)
    link(tempe, poor[1], tkpk, status=BeneficiaryStatus.GRADUATED)
    link(tempe, poor[2], tkpk, status=BeneficiaryStatus.PROPOSED)
    link(tempe, rich[0], tkpk)
    link(pkh, rich[0], tkpk)
    link(tempe, None, tkpk, kelurahan=KURIPAN_KERTOHARJO, nik="3375010101900001")
    medono = make_intervention(tkpk, MEDONO)
    link(medono, households_of(registry, MEDONO, (1, 2, 3, 4))[0], tkpk)
    return {"poor": poor, "rich": rich}


def independent_count(release, codes: list[str] | None = None) -> tuple[int, int]:
    """(eligible, reached) counted with the ORM, apart from the analytics code."""
    households = Household.objects.filter(release=release).annotate(desil=latest_rank()).filter(desil__lte=4)
    if codes:
        households = households.filter(kelurahan_id__in=codes)
    reached = households.filter(
        beneficiaries__status__in=[BeneficiaryStatus.ACTIVE, BeneficiaryStatus.GRADUATED],
    ).exclude(beneficiaries__intervention__status=InterventionStatus.CANCELLED)
    return households.count(), reached.distinct().count()


def test_the_analytics_status_values_are_the_models(db):
    assert set(analytics.REACHED_STATUSES) == {BeneficiaryStatus.ACTIVE, BeneficiaryStatus.GRADUATED}
    assert analytics.PROPOSED_STATUS == BeneficiaryStatus.PROPOSED
    assert analytics.CANCELLED_INTERVENTION == InterventionStatus.CANCELLED
    assert set(analytics.STRATEGIES) == set(Strategy.values)


def test_the_tkpk_sees_city_totals_equal_to_an_independent_count(client_as, registry, reached):
    response = client_as("tkpk").get(URL)

    total = response.context["total"]
    assert (total["eligible"], total["reached"]) == independent_count(registry)
    assert total["reached"] == 3  # two in Kuripan Kertoharjo, one in Medono
    assert total["proposed_only"] == 1
    assert total["overlap"] >= 0
    assert (total["links"], total["outside_registry"]) == (7, 1)
    assert {row["area"] for row in response.context["kelurahan_rows"]} >= {KURIPAN_KERTOHARJO, MEDONO, JENGGOT}
    assert b'id="uncovered"' in response.content


def test_coverage_rises_and_the_uncovered_list_shrinks_when_a_household_is_reached(
    client_as, persona, registry, reached
):
    client = client_as("tkpk")
    before = client.get(URL, {"kelurahan": KURIPAN_KERTOHARJO}).context
    proposed = reached["poor"][2]
    proposed.beneficiaries.update(status=BeneficiaryStatus.ACTIVE)
    after = client.get(URL, {"kelurahan": KURIPAN_KERTOHARJO}).context

    assert after["total"]["reached"] == before["total"]["reached"] + 1
    assert after["total"]["coverage"] > before["total"]["coverage"]
    assert after["uncovered"].paginator.count == before["uncovered"].paginator.count - 1
    listed = [row["household"].pk for row in before["uncovered"]]
    assert proposed.pk in listed
    assert proposed.pk not in [row["household"].pk for row in after["uncovered"]]


def test_the_mentor_sees_its_kelurahan_only_and_others_are_not_found(client_as, registry, reached):
    client = client_as("mentor_dindagkop")
    response = client.get(URL)

    assert [row["area"] for row in response.context["kelurahan_rows"]] == [KURIPAN_KERTOHARJO]
    assert response.context["total"]["reached"] == 2
    assert response.context["total"]["eligible"] == independent_count(registry, [KURIPAN_KERTOHARJO])[0]
    assert client.get(URL, {"kelurahan": JENGGOT}).status_code == 404
    assert client.get(URL, {"kecamatan": "33.75.01"}).status_code == 404
    assert client.get(reverse("interventions:targeting_export"), {"kelurahan": MEDONO}).status_code == 404


def test_the_mentor_sees_masked_identifiers_and_the_view_is_logged(client_as, persona, registry, reached):
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    response = client_as("mentor_dindagkop").get(URL)

    rows = list(response.context["uncovered"])
    assert rows and all("*" in (row["household"].head_nik or "*") for row in rows)
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("pk")
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == before + 1
    assert entry.actor == persona("mentor_dindagkop")
    assert entry.additional_data["count"] == len(rows) + len(list(response.context["overlap"]))


def test_a_viewer_sees_the_counts_but_no_household(client_as, registry, reached):
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    response = client_as("viewer").get(URL)

    assert response.status_code == 200
    assert response.context["total"]["reached"] == 3
    assert "uncovered" not in response.context
    assert b'id="lists-hidden"' in response.content
    assert b"data-household" not in response.content
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == before


def test_the_overlap_list_follows_k(client_as, registry, reached):
    client = client_as("tkpk")
    rich = reached["rich"][0]

    two = client.get(URL, {"kelurahan": KURIPAN_KERTOHARJO, "k": 2}).context
    three = client.get(URL, {"kelurahan": KURIPAN_KERTOHARJO, "k": 3}).context

    # The richer household is in two interventions while priority households there got none.
    assert [row["household"].pk for row in two["overlap"]] == [rich.pk]
    assert two["total"]["overlap"] == 1
    assert three["total"]["overlap"] == 0


def test_without_a_current_release_the_page_still_answers(client_as, pekalongan):
    response = client_as("tkpk").get(URL)

    assert response.status_code == 200
    assert b'id="no-release"' in response.content
