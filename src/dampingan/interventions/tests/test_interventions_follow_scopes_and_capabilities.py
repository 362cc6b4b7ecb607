"""An OPD mentor manages interventions of its own kelurahan only, the TKPK all of them; other roles read
what their scope touches (404 outside it) and are refused writes (403)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dampingan.interventions import services
from dampingan.interventions.models import BudgetLine, Intervention

from .intervention_helpers import JENGGOT, KURIPAN_KERTOHARJO, MEDONO, days_ago, plan


@pytest.fixture
def tempe(persona):
    return plan(persona("mentor_dindagkop"))


def test_the_mentor_plans_in_its_own_kelurahan_led_by_its_own_opd(persona, tempe):
    mentor = persona("mentor_dindagkop")

    assert list(tempe.kelurahan.values_list("code", flat=True)) == [KURIPAN_KERTOHARJO]
    assert tempe.lead_opd_id == mentor.opd_id
    assert tempe.created_by == mentor


def test_the_tkpk_plan_is_led_by_the_opd_assigned_to_the_kelurahan_unless_it_names_another(persona):
    tempe = plan(persona("tkpk"))

    assert tempe.lead_opd.abbreviation == "Dindagkop-UKM"


def test_a_mentor_cannot_plan_in_a_kelurahan_it_does_not_mentor(persona, client_as):
    with pytest.raises(PermissionDenied) as refused:
        plan(persona("mentor_dindagkop"), kelurahan=[JENGGOT])
    response = client_as("mentor_dindagkop").post(
        reverse("interventions:intervention_create"),
        {
            "title": "Modal usaha",
            "kelurahan": [JENGGOT],
            "kind": "modal_usaha",
            "strategy": "tingkatkan_pendapatan",
            "cluster": "3",
            "horizon": "pendek",
            "lead_opd": persona("mentor_dindagkop").opd_id,
            "start_date": days_ago(10).isoformat(),
            "targets-TOTAL_FORMS": "0",
            "targets-INITIAL_FORMS": "0",
        },
    )

    assert str(refused.value) == "Anda tidak mendampingi Jenggot, sehingga tidak dapat merencanakan intervensi di sana."
    assert response.status_code == 403
    assert not Intervention.objects.exists()


def test_a_mentor_cannot_plan_a_city_wide_intervention(persona):
    with pytest.raises(PermissionDenied) as refused:
        plan(persona("mentor_dindagkop"), kelurahan=[], city_wide=True)

    assert "Hanya TKPK" in str(refused.value)
    assert not Intervention.objects.exists()


def test_the_tkpk_plans_city_wide_and_every_role_reads_it(persona, client_as):
    city = plan(persona("tkpk"), kelurahan=[], city_wide=True, title="Pelatihan kewirausahaan kota")

    for who in ("lurah_banyurip", "viewer", "mentor_dlh"):
        assert client_as(who).get(reverse("interventions:intervention_detail", args=[city.pk])).status_code == 200


def test_a_mentor_may_not_give_the_lead_to_another_opd(persona):
    from dampingan.mentoring.models import Opd

    dlh = Opd.objects.get(abbreviation="DLH")

    with pytest.raises(Exception) as refused:
        plan(persona("mentor_dindagkop"), lead_opd=dlh)

    assert "lead_opd" in refused.value.message_dict


def test_outside_the_scope_the_pages_answer_404(client_as, tempe):
    for name in ("intervention_detail", "intervention_budget", "intervention_progress", "intervention_edit"):
        url = reverse(f"interventions:{name}", args=[tempe.pk])
        assert client_as("mentor_dlh").get(url).status_code == 404, name
        assert client_as("lurah_banyurip").get(url).status_code == 404, name


def test_the_camat_reads_but_may_not_change(client_as, tempe):
    camat = client_as("camat_selatan")

    assert camat.get(reverse("interventions:intervention_detail", args=[tempe.pk])).status_code == 200
    assert camat.get(reverse("interventions:intervention_edit", args=[tempe.pk])).status_code == 403
    response = camat.post(
        reverse("interventions:intervention_budget", args=[tempe.pk]),
        {"source": "apbd_kota", "year": tempe.start_date.year, "planned": "1.000"},
    )
    assert response.status_code == 403
    assert not BudgetLine.objects.exists()


def test_the_list_holds_only_what_the_role_may_read(persona, client_as, tempe):
    medono = plan(persona("tkpk"), kelurahan=[MEDONO], title="Rehab rumah Medono", kind="rehab_rumah")
    url = reverse("interventions:intervention_list")

    def listed(who: str) -> set[int]:
        return {iv.pk for iv in client_as(who).get(url).context["interventions"]}

    assert listed("tkpk") == {tempe.pk, medono.pk}
    assert listed("viewer") == {tempe.pk, medono.pk}
    assert listed("camat_selatan") == {tempe.pk}
    assert listed("mentor_dlh") == set()


def test_the_tkpk_changes_any_intervention_and_a_mentor_cannot_move_one_out_of_its_area(persona, tempe):
    services.update_intervention(persona("tkpk"), tempe, {"title": "Modal usaha tempe (revisi)"})

    with pytest.raises(PermissionDenied):
        services.update_intervention(persona("mentor_dindagkop"), tempe, {"kelurahan": [KURIPAN_KERTOHARJO, JENGGOT]})

    tempe.refresh_from_db()
    assert tempe.title == "Modal usaha tempe (revisi)"
    assert list(tempe.kelurahan.values_list("code", flat=True)) == [KURIPAN_KERTOHARJO]


def test_status_moves_along_its_path_and_a_wrong_step_is_refused(persona, tempe):
    mentor = persona("mentor_dindagkop")

    with pytest.raises(Exception) as refused:
        services.change_status(mentor, tempe, "selesai")
    services.change_status(mentor, tempe, "berjalan")
    done = services.change_status(mentor, tempe, "selesai")

    assert refused.value.message_dict == {
        "status": ["Intervensi yang berstatus “Direncanakan” tidak dapat menjadi “Selesai”."]
    }
    assert done.status == "selesai"
