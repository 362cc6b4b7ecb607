"""A partner's page shows its footprint across the city as far as the reader's scope goes, with city-wide
totals; pledges are recorded where the user may work and, when fulfilled, can be booked once as a budget
line; contacts show only to roles that see personal data."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dampingan.access.scope import Scope
from dampingan.interventions import partners, services
from dampingan.interventions.models import BudgetLine, Pledge

from .intervention_helpers import JENGGOT, KURIPAN_KERTOHARJO, MEDONO, company, days_ago, plan


@pytest.fixture
def csr(persona):
    """PT Batik Sejahtera funds the tempe makers (Kuripan Kertoharjo) and a house repair in Medono."""
    tkpk = persona("tkpk")
    pt = company(tkpk)
    tempe = plan(persona("mentor_dindagkop"))
    medono = plan(tkpk, kelurahan=[MEDONO], title="Rehab RTLH Medono", kind="rehab_rumah")
    for iv, planned, realised in ((tempe, "50.000.000", "20.000.000"), (medono, "30.000.000", "30.000.000")):
        services.add_budget_line(
            tkpk,
            iv,
            {"source": "csr", "partner": pt, "year": iv.start_date.year, "planned": planned, "realised": realised},
        )
    return pt, tempe, medono


def test_the_tkpk_sees_the_whole_footprint(persona, csr):
    pt, tempe, medono = csr

    fp = partners.footprint(Scope.for_user(persona("tkpk")), pt)

    assert {iv.pk for iv in fp.interventions} == {tempe.pk, medono.pk}
    assert [k.code for k in fp.kelurahan] == [MEDONO, KURIPAN_KERTOHARJO]
    assert (fp.city_interventions, fp.city_kelurahan) == (2, 2)
    assert (fp.city_planned, fp.city_realised) == (Decimal("80000000"), Decimal("50000000"))
    assert fp.hidden_interventions == 0


def test_a_mentor_sees_its_own_interventions_and_only_counts_of_the_rest(persona, csr, client_as):
    pt, tempe, _medono = csr

    page = client_as("mentor_dindagkop").get(reverse("interventions:partner_detail", args=[pt.pk]))
    fp = page.context["footprint"]

    assert [iv.pk for iv in fp.interventions] == [tempe.pk]
    assert [line.intervention_id for line in fp.contributions] == [tempe.pk]
    assert fp.hidden_interventions == 1 and fp.city_realised == Decimal("50000000")
    assert "Rehab RTLH Medono" not in page.content.decode()


def test_the_directory_sums_contributions_without_double_counting(persona, csr, client_as):
    pt, *_ = csr

    row = next(p for p in partners.directory() if p.pk == pt.pk)
    page = client_as("viewer").get(reverse("interventions:partner_list")).content.decode()

    assert (row.intervention_count, row.contributed_planned, row.contributed_realised) == (
        2,
        Decimal("80000000"),
        Decimal("50000000"),
    )
    assert "Rp 50.000.000" in page


def test_contacts_show_to_a_mentor_but_not_to_the_viewer(csr, client_as, api_as):
    pt, *_ = csr
    url = reverse("interventions:partner_detail", args=[pt.pk])

    assert "Ibu Sari" in client_as("mentor_dindagkop").get(url).content.decode()
    assert "Ibu Sari" not in client_as("viewer").get(url).content.decode()
    assert api_as("viewer").get(f"/api/partners/{pt.pk}").json()["contact_name"] is None


def test_a_pledge_to_an_intervention_is_fulfilled_and_booked_once(persona, csr):
    pt, tempe, _ = csr
    mentor = persona("mentor_dindagkop")
    pledge = partners.create_pledge(
        mentor, pt, {"what": "Modal tambahan", "amount": "5.000.000", "intervention": tempe, "pledged_on": days_ago(5)}
    )

    partners.fulfil_pledge(mentor, pledge, record_contribution=True)
    with pytest.raises(ValidationError) as twice:
        partners.fulfil_pledge(mentor, pledge, record_contribution=True)

    booked = BudgetLine.objects.filter(intervention=tempe, planned=Decimal("5000000"))
    assert booked.count() == 1
    assert (booked.get().source, booked.get().partner, booked.get().realised) == ("csr", pt, Decimal("5000000"))
    assert twice.value.messages == ["Janji ini sudah ditandai terpenuhi."]


def test_a_pledge_to_a_kelurahan_the_mentor_does_not_mentor_is_refused(persona, csr):
    pt, *_ = csr

    with pytest.raises(PermissionDenied):
        partners.create_pledge(persona("mentor_dindagkop"), pt, {"what": "Pelatihan", "kelurahan": JENGGOT})
    with pytest.raises(PermissionDenied):
        partners.create_pledge(persona("mentor_dindagkop"), pt, {"what": "Beasiswa untuk seluruh kota"})

    assert not Pledge.objects.exists()


def test_a_pledge_with_a_due_date_before_it_or_a_negative_amount_is_refused(persona, csr):
    pt, *_ = csr

    with pytest.raises(ValidationError) as refused:
        partners.create_pledge(
            persona("mentor_dindagkop"),
            pt,
            {
                "what": "Modal",
                "amount": "-1",
                "kelurahan": KURIPAN_KERTOHARJO,
                "pledged_on": days_ago(1),
                "due_on": days_ago(3),
            },
        )

    assert set(refused.value.message_dict) == {"amount", "due_on"}
    assert not Pledge.objects.exists()


def test_every_problem_of_a_pledge_is_told_at_once_in_the_order_of_the_form(persona, csr):
    pt, *_ = csr

    with pytest.raises(ValidationError) as refused:
        partners.create_pledge(
            persona("mentor_dindagkop"),
            pt,
            {"what": " ", "amount": "banyak", "kelurahan": KURIPAN_KERTOHARJO, "pledged_on": days_ago(-2)},
        )
    with pytest.raises(ValidationError) as unknown:
        partners.create_pledge(persona("mentor_dindagkop"), pt, {"what": "Modal", "intervention": 999_999})

    assert list(refused.value.message_dict) == ["what", "amount", "pledged_on"]
    assert unknown.value.message_dict == {"intervention": ["Intervensi tidak dikenal."]}
    assert not Pledge.objects.exists()


def test_the_pledge_form_and_fulfil_button_work_on_the_page(persona, csr, client_as):
    pt, tempe, _ = csr
    client = client_as("mentor_dindagkop")
    url = reverse("interventions:partner_detail", args=[pt.pk])

    client.post(
        url,
        {
            "what": "Mesin giling kedelai",
            "amount": "7.500.000",
            "intervention": tempe.pk,
            "pledged_on": days_ago(2).isoformat(),
        },
    )
    pledge = Pledge.objects.get()
    client.post(reverse("interventions:pledge_fulfil", args=[pt.pk, pledge.pk]), {"book": "1"})

    pledge.refresh_from_db()
    assert pledge.fulfilled and pledge.amount == Decimal("7500000")
    assert BudgetLine.objects.filter(intervention=tempe, planned=Decimal("7500000")).exists()


def test_the_partners_api_creates_partners_and_pledges(api_as, persona):
    tempe = plan(persona("mentor_dindagkop"))
    api = api_as("mentor_dindagkop")

    created = api.post(
        "/api/partners/",
        json.dumps({"name": "BAZNAS Kecamatan Pekalongan Selatan", "kind": "baznas"}),
        content_type="application/json",
    )
    pid = created.json()["id"]
    pledge = api.post(
        f"/api/partners/{pid}/pledges",
        json.dumps({"what": "Zakat produktif", "amount": "2.000.000", "intervention_id": tempe.pk}),
        content_type="application/json",
    )
    fulfilled = api.post(
        f"/api/partners/{pid}/pledges/{pledge.json()['id']}/fulfil",
        json.dumps({"book_as_budget_line": True}),
        content_type="application/json",
    )

    assert created.status_code == 201 and pledge.status_code == 201
    assert fulfilled.status_code == 200 and fulfilled.json()["fulfilled"] is True
    assert BudgetLine.objects.get(intervention=tempe).source == "baznas"
    assert (
        api_as("viewer")
        .post("/api/partners/", json.dumps({"name": "X", "kind": "lainnya"}), content_type="application/json")
        .status_code
        == 403
    )
