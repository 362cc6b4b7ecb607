"""Bad input to interventions, budget lines and progress reports is refused with a message that names
what is wrong and where, and nothing is half-saved."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dampingan.interventions import services
from dampingan.interventions.models import BudgetLine, Intervention, OutputAchieved, OutputTarget, ProgressReport
from dampingan.regions.models import Region

from .intervention_helpers import company, days_ago, plan, tempe_plan


@pytest.fixture
def kabupaten_pekalongan(db):
    """A kelurahan of the neighbouring Kabupaten Pekalongan (33.26), loaded beside the city's regions."""
    kab = Region.objects.create(code="33.26", name="Kabupaten Pekalongan", level=2, kind="kabupaten")
    kec = Region.objects.create(code="33.26.16", name="Kedungwuni", level=3, kind="kecamatan", parent=kab)
    return Region.objects.create(code="33.26.16.1001", name="Kedungwuni Timur", level=4, kind="kelurahan", parent=kec)


@pytest.fixture
def tempe(persona):
    return plan(persona("mentor_dindagkop"))


def _budget(**overrides):
    return {"source": "apbd_kota", "year": days_ago(60).year, "planned": "10.000.000", "realised": "0", **overrides}


def test_realised_above_planned_without_a_reason_is_refused(persona, tempe):
    with pytest.raises(ValidationError) as refused:
        services.add_budget_line(persona("mentor_dindagkop"), tempe, _budget(realised="12.000.000"))

    assert refused.value.message_dict == {
        "over_reason": ["Jumlah realisasi (Rp 12.000.000) melebihi jumlah rencana (Rp 10.000.000): sebutkan alasannya."]
    }
    assert not BudgetLine.objects.exists()


def test_realised_above_planned_with_a_reason_is_kept(persona, tempe):
    line = services.add_budget_line(
        persona("mentor_dindagkop"), tempe, _budget(realised="12.000.000", over_reason="Harga kedelai naik.")
    )

    assert line.realised == Decimal("12000000")


def test_raising_realised_above_planned_on_an_existing_line_is_refused_and_the_line_stays(persona, tempe):
    mentor = persona("mentor_dindagkop")
    line = services.add_budget_line(mentor, tempe, _budget(realised="4.000.000"))

    with pytest.raises(ValidationError) as refused:
        services.update_budget_line(mentor, line, {"realised": "10.000.001"})

    assert list(refused.value.message_dict) == ["over_reason"]
    line.refresh_from_db()
    assert line.realised == Decimal("4000000")


@pytest.mark.parametrize(
    ("planned", "message"),
    [
        ("-1.000", "Jumlah rencana tidak boleh negatif."),
        ("sepuluh juta", "Jumlah rencana bukan angka; tulis seperti 1.500.000 atau 1.500.000,50."),
        ("", "Isikan jumlah rencana."),
    ],
)
def test_negative_or_non_numeric_amounts_are_refused_on_the_form(client_as, tempe, planned, message):
    response = client_as("mentor_dindagkop").post(
        reverse("interventions:intervention_budget", args=[tempe.pk]),
        {"source": "apbd_kota", "year": days_ago(60).year, "planned": planned, "realised": ""},
    )

    assert response.status_code == 422
    assert response.context["form"].errors["planned"] == [message]
    assert not BudgetLine.objects.exists()


def test_a_csr_line_without_its_partner_is_refused(persona, tempe):
    with pytest.raises(ValidationError) as refused:
        services.add_budget_line(persona("mentor_dindagkop"), tempe, _budget(source="csr"))

    assert refused.value.message_dict == {"partner": ["Dana dari “CSR” berasal dari mitra: pilih mitranya."]}


def test_a_budget_year_outside_the_period_is_refused(persona, tempe):
    with pytest.raises(ValidationError) as refused:
        services.add_budget_line(persona("mentor_dindagkop"), tempe, _budget(year=2019))

    assert "2019" in refused.value.message_dict["year"][0]


def test_a_progress_date_before_the_start_is_refused_and_no_report_or_output_is_kept(persona, tempe):
    target = OutputTarget.objects.get(intervention=tempe)
    before = tempe.start_date - dt.timedelta(days=1)

    with pytest.raises(ValidationError) as refused:
        services.report_progress(
            persona("mentor_dindagkop"),
            tempe,
            {"date": before, "physical_percent": "10", "budget_realised": "0"},
            {target.pk: "3"},
        )

    assert refused.value.message_dict == {
        "date": [
            f"Tanggal laporan {before:%d-%m-%Y} lebih awal dari mulainya intervensi ({tempe.start_date:%d-%m-%Y})."
        ]
    }
    assert not ProgressReport.objects.exists() and not OutputAchieved.objects.exists()


@pytest.mark.parametrize("percent", ["100,5", "-1", "seratus"])
def test_a_physical_percent_outside_0_to_100_is_refused_on_the_page(client_as, tempe, percent):
    response = client_as("mentor_dindagkop").post(
        reverse("interventions:intervention_progress", args=[tempe.pk]),
        {"date": days_ago(1).isoformat(), "physical_percent": percent, "budget_realised": "0"},
    )

    assert response.status_code == 422
    assert response.context["form"].errors["physical_percent"] == ["Kemajuan fisik adalah persentase antara 0 dan 100."]
    assert not ProgressReport.objects.exists()
    tempe.refresh_from_db()
    assert tempe.status == "direncanakan"  # the refused report did not start it either


def test_an_end_before_the_start_is_refused(persona):
    with pytest.raises(ValidationError) as refused:
        plan(persona("mentor_dindagkop"), start_date=days_ago(10), end_date=days_ago(20))

    assert refused.value.message_dict == {
        "end_date": [
            f"Tanggal selesai ({days_ago(20):%d-%m-%Y}) lebih awal dari tanggal mulai ({days_ago(10):%d-%m-%Y})."
        ]
    }
    assert not Intervention.objects.exists()


def test_a_kelurahan_of_another_kab_kota_is_refused_even_for_the_tkpk(persona, kabupaten_pekalongan):
    with pytest.raises(ValidationError) as refused:
        plan(persona("tkpk"), kelurahan=[kabupaten_pekalongan.code])

    assert refused.value.message_dict["kelurahan"] == [
        "Kedungwuni Timur (33.26.16.1001) berada di luar kab/kota ini; hanya kelurahan sendiri yang dicatat."
    ]
    assert not Intervention.objects.exists()


def test_a_target_that_is_not_positive_refuses_the_whole_plan(persona):
    with pytest.raises(ValidationError) as refused:
        plan(persona("mentor_dindagkop"), targets=[{"description": "Perajin dilatih", "unit": "orang", "target": "0"}])

    assert refused.value.message_dict == {
        "targets": ["Target keluaran “Perajin dilatih”: target harus berupa angka di atas nol."]
    }
    assert not Intervention.objects.exists() and not OutputTarget.objects.exists()


def test_the_plan_form_shows_the_end_date_message_on_its_field(client_as, persona):
    response = client_as("mentor_dindagkop").post(
        reverse("interventions:intervention_create"),
        {
            "title": "Modal usaha",
            "kelurahan": ["33.75.04.1006"],
            "kind": "modal_usaha",
            "strategy": "tingkatkan_pendapatan",
            "cluster": "3",
            "horizon": "pendek",
            "lead_opd": persona("mentor_dindagkop").opd_id,
            "start_date": days_ago(10).isoformat(),
            "end_date": days_ago(20).isoformat(),
            "targets-TOTAL_FORMS": "0",
            "targets-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 422
    assert "lebih awal dari tanggal mulai" in response.context["form"].errors["end_date"][0]
    assert not Intervention.objects.exists()


def test_a_partner_named_twice_is_refused(persona):
    mentor = persona("mentor_dindagkop")
    company(mentor, "PT Batik Sejahtera")

    with pytest.raises(ValidationError) as refused:
        company(mentor, "pt batik  sejahtera")

    assert refused.value.message_dict == {"name": ["“PT Batik Sejahtera” sudah ada di direktori mitra."]}


def test_tempe_plan_helper_is_valid_as_written(persona):
    # Guards the other tests: a refusal there must come from the one value they change.
    assert plan(persona("tkpk"), **tempe_plan(title="Kontrol")).pk


def test_the_budget_form_asks_for_the_overrun_reason_on_its_field(client_as, tempe):
    response = client_as("mentor_dindagkop").post(
        reverse("interventions:intervention_budget", args=[tempe.pk]),
        {"source": "apbd_kota", "year": days_ago(60).year, "planned": "10.000.000", "realised": "12.000.000"},
    )

    assert response.status_code == 422
    assert response.context["form"].errors == {
        "over_reason": ["Jumlah realisasi (Rp 12.000.000) melebihi jumlah rencana (Rp 10.000.000): sebutkan alasannya."]
    }
    assert not BudgetLine.objects.exists()


def test_every_unreadable_amount_and_the_year_of_a_budget_line_are_told_at_once(persona, tempe):
    with pytest.raises(ValidationError) as refused:
        services.add_budget_line(persona("mentor_dindagkop"), tempe, _budget(planned="banyak", realised="-5", year="x"))

    assert list(refused.value.message_dict) == ["planned", "realised", "year"]
    assert not BudgetLine.objects.exists()


def test_every_unreadable_figure_of_a_progress_report_is_told_at_once(persona, tempe):
    target = OutputTarget.objects.get(intervention=tempe)

    with pytest.raises(ValidationError) as refused:
        services.report_progress(
            persona("mentor_dindagkop"),
            tempe,
            {"date": days_ago(1), "physical_percent": "seratus", "budget_realised": "-1"},
            {target.pk: "tiga"},
        )

    assert list(refused.value.message_dict) == ["physical_percent", "budget_realised", "outputs"]
    assert not ProgressReport.objects.exists() and not OutputAchieved.objects.exists()
