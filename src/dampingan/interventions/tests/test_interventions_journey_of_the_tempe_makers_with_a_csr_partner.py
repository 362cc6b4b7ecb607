"""The issue's journey through the pages: the Dindagkop-UKM mentor of Kuripan Kertoharjo adds a company,
plans business capital for the tempe makers, books the company's CSR money and reports progress; the
kelurahan profile, the list, the partner page and the TKPK see it."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dampingan.interventions.models import BudgetLine, Intervention, OutputTarget, Partner, ProgressReport

from .intervention_helpers import KURIPAN_KERTOHARJO, PDF_BYTES, days_ago


def test_the_mentor_plans_funds_and_reports_the_tempe_intervention(persona, client_as):
    mentor = persona("mentor_dindagkop")
    client = client_as("mentor_dindagkop")

    # Given a company in the partner directory
    response = client.post(
        reverse("interventions:partner_create"),
        {"name": "PT Tempe Makmur", "kind": "perusahaan", "contact_name": "Ibu Sari", "is_active": "on"},
    )
    partner = Partner.objects.get(name="PT Tempe Makmur")
    assert response.status_code == 302

    # When the mentor plans business capital for the tempe makers with that partner and a target
    form = client.get(reverse("interventions:intervention_create")).context["form"]
    assert form.initial["kelurahan"][0].code == KURIPAN_KERTOHARJO  # its only kelurahan, ticked already
    response = client.post(
        reverse("interventions:intervention_create"),
        {
            "title": "Modal usaha perajin tempe",
            "kelurahan": [KURIPAN_KERTOHARJO],
            "kind": "modal_usaha",
            "strategy": "tingkatkan_pendapatan",
            "cluster": "3",
            "horizon": "pendek",
            "lead_opd": mentor.opd_id,
            "start_date": days_ago(30).isoformat(),
            "partners": [partner.pk],
            "targets-TOTAL_FORMS": "2",
            "targets-INITIAL_FORMS": "0",
            "targets-0-description": "Perajin tempe menerima modal",
            "targets-0-target": "25",
            "targets-0-unit": "orang",
        },
    )
    intervention = Intervention.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/intervensi/{intervention.pk}/"
    target = OutputTarget.objects.get()

    # and books the company's CSR money, picking the partner
    response = client.post(
        reverse("interventions:intervention_budget", args=[intervention.pk]),
        {"source": "csr", "partner": partner.pk, "year": days_ago(30).year, "planned": "50.000.000", "realised": ""},
    )
    assert response.status_code == 302
    # and the city's own money
    client.post(
        reverse("interventions:intervention_budget", args=[intervention.pk]),
        {"source": "apbd_kota", "year": days_ago(30).year, "planned": "20.000.000", "realised": "5.000.000"},
    )

    # and reports progress with a scanned minute
    response = client.post(
        reverse("interventions:intervention_progress", args=[intervention.pk]),
        {
            "date": days_ago(1).isoformat(),
            "physical_percent": "40,5",
            "budget_realised": "25.000.000",
            f"output_{target.pk}": "10",
            "narrative": "Sepuluh perajin menerima modal tahap pertama.",
            "attachment": SimpleUploadedFile("notulen.pdf", PDF_BYTES, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302

    # Then the intervention is ongoing, with its money and progress on the detail page
    intervention.refresh_from_db()
    assert intervention.status == "berjalan"
    report = ProgressReport.objects.get()
    assert report.physical_percent == Decimal("40.5") and report.attachment.name.endswith(".pdf")
    page = client.get(reverse("interventions:intervention_detail", args=[intervention.pk])).content.decode()
    assert "Rp 70.000.000" in page and "Rp 5.000.000" in page and "40,5 %" in page
    assert "10 orang" in page and "40 %" in page  # 10 of 25 achieved

    # and the CSR line names the company, whose page shows the footprint
    assert BudgetLine.objects.get(source="csr").partner == partner
    partner_page = client.get(reverse("interventions:partner_detail", args=[partner.pk]))
    assert [iv.pk for iv in partner_page.context["footprint"].interventions] == [intervention.pk]
    assert partner_page.context["footprint"].city_planned == Decimal("50000000")

    # and the kelurahan profile lists it with its budget and progress
    profile = client.get(reverse("profiles:detail", args=[KURIPAN_KERTOHARJO])).content.decode()
    assert 'id="profile-interventions"' in profile and "Modal usaha perajin tempe" in profile

    # and the TKPK finds it by strategy, cluster and funding source
    query = "?strategy=tingkatkan_pendapatan&cluster=3&source=csr&kecamatan=33.75.04"
    listed = client_as("tkpk").get(reverse("interventions:intervention_list") + query).context["interventions"]
    assert [iv.pk for iv in listed] == [intervention.pk]


def test_the_beneficiaries_link_appears_only_when_that_page_exists(persona, client_as):
    from django.urls import NoReverseMatch

    from .intervention_helpers import plan

    intervention = plan(persona("mentor_dindagkop"))
    page = client_as("mentor_dindagkop").get(reverse("interventions:intervention_detail", args=[intervention.pk]))

    try:
        url = reverse("interventions:beneficiary_list", args=[intervention.pk])
    except NoReverseMatch:
        assert 'data-action="beneficiaries"' not in page.content.decode()
    else:
        assert url in page.content.decode()
