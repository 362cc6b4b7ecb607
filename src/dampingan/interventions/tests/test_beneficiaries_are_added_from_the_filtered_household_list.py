"""Adding beneficiaries from the registry's household list: the same filters as /data-terpadu/daftar/,
held to the intervention's kelurahan and the current release; ticked households or all matching; a
household already linked is refused by name; the household page lists the interventions it received."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dampingan.interventions.models import Beneficiary, BeneficiaryStatus, BeneficiaryStatusChange

from .beneficiary_helpers import JENGGOT, KURIPAN_KERTOHARJO, head_of, households, tempe_intervention

DESIL_1_2 = "?desil=1&desil=2"


@pytest.fixture
def tempe(registry, persona):
    return tempe_intervention(persona("tkpk"))


def add_url(intervention) -> str:
    return reverse("interventions:beneficiary_add", args=[intervention.pk])


def test_the_list_shows_only_desil_1_2_households_of_the_interventions_kelurahan(client_as, registry, tempe):
    # Given desil 1-2 households in Kuripan Kertoharjo and in Jenggot
    poor_here = households(registry, KURIPAN_KERTOHARJO, (1, 2))
    poor_jenggot = households(registry, JENGGOT, (1, 2))
    richer_here = households(registry, KURIPAN_KERTOHARJO, (3, 4, 5))
    assert poor_here and poor_jenggot and richer_here
    # When the Dindagkop-UKM mentor filters the list on desil 1 and 2
    response = client_as("mentor_dindagkop").get(add_url(tempe) + DESIL_1_2)
    # Then only the poor households of the intervention's kelurahan are offered
    assert response.status_code == 200
    html = response.content.decode()
    for household in poor_here:
        assert f'data-household="{household.pk}"' in html
    for household in poor_jenggot + richer_here:
        assert f'data-household="{household.pk}"' not in html
    assert response.context["addable_count"] == len(poor_here)


def test_ticked_households_are_linked_with_their_desil_head_and_a_first_status(client_as, persona, registry, tempe):
    poor = households(registry, KURIPAN_KERTOHARJO, (1, 2))
    chosen = poor[:2]
    response = client_as("mentor_dindagkop").post(
        add_url(tempe) + DESIL_1_2,
        {"household": [h.pk for h in chosen], "status": "aktif", "on": "2025-03-01", "reason": "Perajin tempe"},
    )
    assert response.status_code == 302
    linked = {b.household_id: b for b in Beneficiary.objects.filter(intervention=tempe)}
    assert set(linked) == {h.pk for h in chosen}
    for household in chosen:
        beneficiary = linked[household.pk]
        head_member = head_of(household)
        assert beneficiary.desil == household.desil
        assert (beneficiary.nik, beneficiary.name) == (head_member.nik, head_member.name)
        assert beneficiary.no_kk == head_member.family.no_kk
        assert beneficiary.kelurahan_id == KURIPAN_KERTOHARJO
        assert beneficiary.status == BeneficiaryStatus.ACTIVE
        assert beneficiary.flags == []
        assert beneficiary.added_by == persona("mentor_dindagkop")
        change = BeneficiaryStatusChange.objects.get(beneficiary=beneficiary)
        assert (change.status, str(change.on), change.reason) == ("aktif", "2025-03-01", "Perajin tempe")


def test_add_all_matching_links_every_household_of_the_filter_not_yet_linked(client_as, registry, tempe):
    poor = households(registry, KURIPAN_KERTOHARJO, (1, 2))
    client = client_as("mentor_dindagkop")
    client.post(add_url(tempe) + DESIL_1_2, {"household": [poor[0].pk], "status": "diusulkan"})
    response = client.post(add_url(tempe) + DESIL_1_2, {"all": "1", "status": "diusulkan"})
    assert response.status_code == 302
    assert set(tempe.beneficiaries.values_list("household_id", flat=True)) == {h.pk for h in poor}


def test_a_household_already_linked_is_refused_by_name_and_nothing_is_added(client_as, registry, tempe):
    poor = households(registry, KURIPAN_KERTOHARJO, (1, 2))
    client = client_as("mentor_dindagkop")
    client.post(add_url(tempe) + DESIL_1_2, {"household": [poor[0].pk], "status": "diusulkan"})
    response = client.post(add_url(tempe) + DESIL_1_2, {"household": [poor[0].pk, poor[1].pk], "status": "diusulkan"})
    assert response.status_code == 422
    text = " ".join(str(m) for m in response.context["messages"])
    assert poor[0].registry_id in text and head_of(poor[0]).name in text
    assert list(tempe.beneficiaries.values_list("household_id", flat=True)) == [poor[0].pk]


def test_the_database_refuses_a_second_link_of_the_same_household(registry, persona, tempe):
    from django.db import IntegrityError, transaction

    household = households(registry, KURIPAN_KERTOHARJO, (1,))[0]
    common = {"intervention": tempe, "household": household, "kelurahan_id": KURIPAN_KERTOHARJO, "source": "daftar"}
    Beneficiary.objects.create(added_by=persona("tkpk"), **common)
    with pytest.raises(IntegrityError), transaction.atomic():
        Beneficiary.objects.create(added_by=persona("tkpk"), **common)


def test_a_household_outside_the_current_release_or_work_area_is_refused(client_as, registry, tempe):
    jenggot = households(registry, JENGGOT, (1, 2))[0]
    response = client_as("mentor_dindagkop").post(add_url(tempe), {"household": [jenggot.pk], "status": "diusulkan"})
    assert response.status_code == 422
    assert not tempe.beneficiaries.exists()


def test_the_mentor_of_another_kelurahan_may_not_add(client_as, registry, tempe):
    # DLH mentors Jenggot: the Kuripan Kertoharjo intervention is outside its scope (404)
    assert client_as("mentor_dlh").get(add_url(tempe)).status_code == 404
    # the camat of Pekalongan Selatan sees the intervention but does not manage it (403)
    poor = households(registry, KURIPAN_KERTOHARJO, (1,))
    response = client_as("camat_selatan").post(add_url(tempe), {"household": [poor[0].pk], "status": "diusulkan"})
    assert response.status_code == 403
    assert not tempe.beneficiaries.exists()


def test_the_household_page_lists_the_interventions_it_received(client_as, registry, persona, tempe):
    from dampingan.interventions import beneficiaries

    household = households(registry, KURIPAN_KERTOHARJO, (1,))[0]
    other = tempe_intervention(persona("tkpk"), title="Pelatihan pemasaran daring")
    tkpk = persona("tkpk")
    [linked] = beneficiaries.add_households(tkpk, tempe, [household.pk], status="aktif")
    beneficiaries.add_households(tkpk, other, [household.pk])
    beneficiaries.record_receipt(tkpk, linked, {"on": tempe.start_date, "amount": "1.500.000"})
    beneficiaries.record_receipt(tkpk, linked, {"on": tempe.start_date, "amount": "250.000,50", "item": "Kedelai"})
    response = client_as("mentor_dindagkop").get(reverse("registry:household", args=[household.pk]))
    assert response.status_code == 200
    [section] = [s for s in response.context["sections"] if s.key == "household-interventions"]
    rows = {row.intervention.pk: row for row in section.context["interventions"]}
    assert set(rows) == {tempe.pk, other.pk}
    assert str(rows[tempe.pk].received) == "1750000.50"
    assert rows[tempe.pk].items == 1
    html = response.content.decode()
    assert "Pelatihan pemasaran daring" in html and "Rp 1.750.000,50" in html
