"""The interventions API calls the same services as the pages: the same scopes, the same refusals with the
same sentences, nothing half-saved."""

import json

from dampingan.interventions.models import BudgetLine, Intervention

from .intervention_helpers import JENGGOT, KURIPAN_KERTOHARJO, days_ago, plan

URL = "/api/interventions/"


def _post(client, url, body):
    return client.post(url, json.dumps(body, default=str), content_type="application/json")


def _patch(client, url, body):
    return client.patch(url, json.dumps(body, default=str), content_type="application/json")


def _plan_body(**overrides):
    return {
        "title": "Modal usaha perajin tempe",
        "kelurahan_codes": [KURIPAN_KERTOHARJO],
        "kind": "modal_usaha",
        "strategy": "tingkatkan_pendapatan",
        "cluster": 3,
        "horizon": "pendek",
        "start_date": days_ago(30).isoformat(),
        "targets": [{"description": "Perajin menerima modal", "unit": "orang", "target": "25"}],
        **overrides,
    }


def test_the_mentor_creates_funds_and_reports_through_the_api(api_as):
    api = api_as("mentor_dindagkop")

    created = _post(api, URL, _plan_body())
    iv = created.json()
    line = _post(
        api,
        f"{URL}{iv['id']}/budget-lines",
        {"source": "apbd_kota", "year": days_ago(30).year, "planned": "1.500.000,50", "realised": 0},
    )
    report = _post(
        api,
        f"{URL}{iv['id']}/progress",
        {
            "date": days_ago(1).isoformat(),
            "physical_percent": 30,
            "budget_realised": "500000",
            "outputs": {str(iv["targets"][0]["id"]): 5},
        },
    )
    detail = api.get(f"{URL}{iv['id']}").json()

    assert created.status_code == 201 and iv["kelurahan_codes"] == [KURIPAN_KERTOHARJO]
    assert line.status_code == 201 and line.json()["planned"] == "1500000.50"
    assert report.status_code == 201 and report.json()["outputs"] == [
        {"target_id": iv["targets"][0]["id"], "achieved": "5.00"}
    ]
    assert detail["status"] == "berjalan" and detail["targets"][0]["achieved"] == "5.00"
    assert detail["budget_by_source"] == [
        {"source": "apbd_kota", "label": "APBD Kota/Kabupaten", "planned": "1500000.50", "realised": "0.00"}
    ]


def test_a_kelurahan_the_mentor_does_not_mentor_is_403_with_the_reason(api_as):
    response = _post(api_as("mentor_dindagkop"), URL, _plan_body(kelurahan_codes=[JENGGOT]))

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Anda tidak mendampingi Jenggot, sehingga tidak dapat merencanakan intervensi di sana."
    }
    assert not Intervention.objects.exists()


def test_a_negative_amount_is_422_naming_the_field(api_as, persona):
    iv = plan(persona("mentor_dindagkop"))

    response = _post(
        api_as("mentor_dindagkop"),
        f"{URL}{iv.pk}/budget-lines",
        {"source": "apbd_kota", "year": iv.start_date.year, "planned": -5},
    )

    assert response.status_code == 422
    assert response.json() == {"detail": {"planned": ["Jumlah rencana tidak boleh negatif."]}}
    assert not BudgetLine.objects.exists()


def test_outside_the_scope_is_404_and_a_reader_without_the_right_is_403(api_as, persona):
    iv = plan(persona("mentor_dindagkop"))

    assert api_as("lurah_banyurip").get(f"{URL}{iv.pk}").status_code == 404
    assert api_as("mentor_dlh").get(URL).json() == []
    assert _patch(api_as("camat_selatan"), f"{URL}{iv.pk}", {"title": "x"}).status_code == 403
    assert _patch(api_as("mentor_dlh"), f"{URL}{iv.pk}", {"title": "x"}).status_code == 404


def test_patch_changes_the_status_and_refuses_a_wrong_step(api_as, persona):
    iv = plan(persona("mentor_dindagkop"))
    api = api_as("mentor_dindagkop")

    wrong = _patch(api, f"{URL}{iv.pk}", {"status": "selesai"})
    right = _patch(api, f"{URL}{iv.pk}", {"status": "berjalan", "title": "Modal usaha tempe tahap 1"})

    assert wrong.status_code == 422 and "status" in wrong.json()["detail"]
    assert right.status_code == 200
    assert (right.json()["status"], right.json()["title"]) == ("berjalan", "Modal usaha tempe tahap 1")


def test_budget_by_source_follows_the_filters(api_as, persona):
    tkpk = persona("tkpk")
    iv = plan(tkpk)
    from dampingan.interventions import services

    services.add_budget_line(tkpk, iv, {"source": "apbn", "year": iv.start_date.year, "planned": "2.000.000"})

    rows = api_as("tkpk").get(f"{URL}budget-by-source?strategy=tingkatkan_pendapatan").json()
    none = api_as("tkpk").get(f"{URL}budget-by-source?strategy=kurangi_beban").json()

    assert rows == [{"source": "apbn", "label": "APBN", "planned": "2000000.00", "realised": "0.00"}]
    assert none == []


def test_a_refusal_names_the_field_as_the_caller_sent_it(api_as):
    """The service says lead_opd and partners; the caller sent lead_opd_id and partner_ids (the
    fuzzer found a refused OPD id answered under a name the request does not have)."""
    api = api_as("tkpk")

    unknown_opd = _post(api, URL, _plan_body(lead_opd_id=999_999))
    unknown_partner = _post(api, URL, _plan_body(partner_ids=[999_999]))
    iv = _post(api, URL, _plan_body()).json()
    patched = _patch(api, f"{URL}{iv['id']}", {"lead_opd_id": 999_999})

    assert (unknown_opd.status_code, unknown_opd.json()) == (422, {"detail": {"lead_opd_id": ["OPD tidak dikenal."]}})
    assert (unknown_partner.status_code, list(unknown_partner.json()["detail"])) == (422, ["partner_ids"])
    assert (patched.status_code, list(patched.json()["detail"])) == (422, ["lead_opd_id"])
    assert Intervention.objects.count() == 1

    # The same for a budget line's partner and a pledge's kelurahan and intervention (found by the fuzzer).
    line = {"year": 2025, "source": "csr", "planned": "100000", "partner_id": 999_999}
    unknown = _post(api, f"{URL}{iv['id']}/budget-lines", line)
    assert (unknown.status_code, unknown.json()) == (422, {"detail": {"partner_id": ["Mitra tidak dikenal."]}})
    assert not BudgetLine.objects.exists()
