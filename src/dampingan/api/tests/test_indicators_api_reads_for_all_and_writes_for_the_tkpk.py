"""Indicator API: every role reads the catalogue, values, targets and series; only the TKPK admin creates and
updates, with the page's checks (422), the existing-figure question (409) and 403 for the others."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dampingan.indicators.models import IndicatorTarget, IndicatorValue

OTHERS = ["mentor_dlh", "camat_selatan", "lurah_banyurip", "operator", "viewer"]


def test_the_catalogue_lists_the_ten_indicators_in_indonesian(api_as):
    body = api_as("viewer").get("/api/indicators/").json()

    assert [i["code"] for i in body] == ["P0", "JML_MISKIN", "P1", "P2", "GK", "TPT", "PE", "GINI", "IPM", "PENDUDUK"]
    assert body[0]["name"] == "Persentase penduduk miskin (P0)" and body[0]["direction"] == "lower"


def test_values_filter_by_indicator_region_and_years(api_as):
    body = api_as("lurah_banyurip").get(
        "/api/indicators/values", {"indicator": "p0", "region": "33.75", "year_from": 2019, "year_to": 2021}
    )

    assert body.status_code == 200
    assert [(v["year"], v["value"]) for v in body.json()] == [(2019, "6.60"), (2020, "7.17"), (2021, "7.59")]
    assert body.json()[2]["source"] == "BPS Kota Pekalongan, Susenas Maret 2021"


def test_targets_and_the_aligned_series(api_as):
    client = api_as("mentor_dlh")

    targets = client.get("/api/indicators/targets", {"indicator": "TPT"}).json()
    series = client.get("/api/indicators/P0/series", {"region": "33.75", "year_from": 2024}).json()

    assert [t["year"] for t in targets] == [2021, 2022, 2023, 2024, 2025, 2026]
    assert series["region_name"] and series["indicator"]["code"] == "P0"
    assert [(p["year"], p["value"], p["target"]) for p in series["points"]] == [
        (2024, "6.71", "6.50"),
        (2025, None, "6.20"),
        (2026, None, "5.90"),
    ]


def test_an_unknown_indicator_or_a_foreign_region_is_404(api_as):
    client = api_as("viewer")

    assert client.get("/api/indicators/XYZ/series").status_code == 404
    assert client.get("/api/indicators/P0/series", {"region": "33.26"}).status_code == 404


@pytest.mark.parametrize("key", OTHERS)
def test_other_roles_cannot_write(api_as, key):
    body = {"indicator": "P0", "region_code": "33.75.04", "year": 2023, "value": "7,1", "source": "BPS"}
    value = IndicatorValue.objects.get(indicator_id="P0", region_id="33.75", year=2021)

    client = api_as(key)
    created = client.post("/api/indicators/values", body, content_type="application/json")
    target = client.post("/api/indicators/targets", body, content_type="application/json")
    updated = client.put(
        f"/api/indicators/values/{value.pk}", {**body, "region_code": "33.75"}, content_type="application/json"
    )

    assert (created.status_code, target.status_code, updated.status_code) == (403, 403, 403)
    assert not IndicatorValue.objects.filter(region_id="33.75.04").exists()
    assert IndicatorValue.objects.get(pk=value.pk).value == Decimal("7.59")


def test_the_tkpk_creates_a_value_and_a_target(api_as):
    client = api_as("tkpk")
    body = {"indicator": "P0", "region_code": "33.75.04", "year": 2023, "source": "Estimasi Bapperida"}

    value = client.post("/api/indicators/values", {**body, "value": "7,1"}, content_type="application/json")
    target = client.post(
        "/api/indicators/targets",
        {**body, "year": 2027, "value": 6.5, "source": "RPJMD Kota Pekalongan 2025-2029"},
        content_type="application/json",
    )

    assert value.status_code == 201 and value.json()["value"] == "7.10"
    assert target.status_code == 201
    assert IndicatorTarget.objects.get(region_id="33.75.04", year=2027).value == Decimal("6.5")


def test_an_existing_figure_answers_409_with_it_until_replace_is_asked(api_as):
    client = api_as("tkpk")
    body = {"indicator": "P0", "region_code": "33.75", "year": 2021, "value": "7,60", "source": "BPS revisi"}

    conflict = client.post("/api/indicators/values", body, content_type="application/json")
    replaced = client.post("/api/indicators/values", {**body, "replace": True}, content_type="application/json")

    assert conflict.status_code == 409
    assert conflict.json()["existing"]["value"] == "7.59" and "7,59" in conflict.json()["detail"]
    assert replaced.status_code == 201 and replaced.json()["value"] == "7.60"
    assert IndicatorValue.objects.filter(indicator_id="P0", region_id="33.75", year=2021).count() == 1


def test_bad_figures_answer_422_with_the_field_named(api_as):
    client = api_as("tkpk")
    base = {"indicator": "TPT", "region_code": "33.75", "source": "BPS"}

    above = client.post(
        "/api/indicators/values", {**base, "year": 2020, "value": "101"}, content_type="application/json"
    )
    future = client.post(
        "/api/indicators/values", {**base, "year": 2999, "value": "5"}, content_type="application/json"
    )
    text = client.post(
        "/api/indicators/values", {**base, "year": 2020, "value": "lima"}, content_type="application/json"
    )

    assert above.status_code == 422 and "tidak boleh di atas 100" in above.json()["detail"]["value"][0]
    assert future.status_code == 422 and "year" in future.json()["detail"]
    assert text.status_code == 422 and "bukan angka" in text.json()["detail"]["value"][0]


def test_the_tkpk_updates_a_value_in_place(api_as):
    value = IndicatorValue.objects.get(indicator_id="TPT", region_id="33.75", year=2022)
    body = {"indicator": "TPT", "region_code": "33.75", "year": 2022, "value": "4,99", "source": "BPS revisi"}

    response = api_as("tkpk").put(f"/api/indicators/values/{value.pk}", body, content_type="application/json")
    clash = api_as("tkpk").put(
        f"/api/indicators/values/{value.pk}", {**body, "year": 2023}, content_type="application/json"
    )

    assert response.status_code == 200 and response.json()["value"] == "4.99"
    assert clash.status_code == 422
    assert IndicatorValue.objects.get(pk=value.pk).year == 2022
