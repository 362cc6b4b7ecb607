"""Every role reads the indicator pages; only the TKPK admin (MANAGE_INDICATORS) enters and imports."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from dampingan.indicators import services
from dampingan.indicators.models import Indicator, IndicatorValue
from dampingan.regions.models import Region

READERS = ["tkpk", "mentor_dlh", "camat_selatan", "lurah_banyurip", "operator", "viewer"]
WRITE_PAGES = ["/indikator/isi/", "/indikator/impor/"]


@pytest.mark.parametrize("key", READERS)
def test_every_role_reads_the_overview_and_a_series(client_as, key):
    client = client_as(key)

    overview = client.get("/indikator/")
    series = client.get("/indikator/P0/", {"wilayah": "33.75"})

    assert overview.status_code == 200 and series.status_code == 200
    assert ('data-action="enter-figure"' in overview.content.decode()) == (key == "tkpk")


@pytest.mark.parametrize("key", [k for k in READERS if k != "tkpk"])
def test_other_roles_get_403_on_entry_and_import(client_as, key):
    client = client_as(key)

    for path in WRITE_PAGES:
        assert client.get(path).status_code == 403
        assert client.post(path, {}).status_code == 403


@pytest.mark.parametrize("key", [k for k in READERS if k != "tkpk"])
def test_the_service_refuses_other_roles(persona, key):
    figure = services.FigureInput(
        kind="realisasi",
        indicator=Indicator.objects.get(code="P0"),
        region=Region.objects.get(code="33.75.04.1002"),
        year=2023,
        value="6,2",
        source="BPS",
    )

    with pytest.raises(PermissionDenied):
        services.save_figure(persona(key), figure)
    assert not IndicatorValue.objects.filter(region_id="33.75.04.1002").exists()


def test_anonymous_visitors_are_sent_to_the_login(client, db):
    response = client.get("/indikator/")

    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


def test_a_region_outside_the_deployment_or_an_unknown_indicator_is_404(client_as, pekalongan):
    client = client_as("viewer")

    assert client.get("/indikator/P0/", {"wilayah": "33.26"}).status_code == 404
    assert client.get("/indikator/XYZ/").status_code == 404
    assert client.get("/indikator/", {"wilayah": "33.75.99"}).status_code == 404


def test_the_entry_form_asks_before_replacing_and_replaces_when_confirmed(client_as, pekalongan):
    client = client_as("tkpk")
    data = {
        "kind": "realisasi",
        "indicator": "P0",
        "region": "33.75",
        "year": "2021",
        "value": "7,6",
        "source": "BPS Kota Pekalongan, rilis revisi",
        "note": "",
    }

    asked = client.post("/indikator/isi/", data)
    html = asked.content.decode()
    kept = IndicatorValue.objects.get(indicator_id="P0", region_id="33.75", year=2021)
    replaced = client.post("/indikator/isi/", {**data, "replace": "on"})

    assert asked.status_code == 422
    assert "data-existing-value>7,59 %" in html and 'name="replace"' in html
    assert kept.value == Decimal("7.59")
    assert replaced.status_code == 302 and replaced["Location"] == "/indikator/P0/?wilayah=33.75"
    assert IndicatorValue.objects.get(pk=kept.pk).value == Decimal("7.6")


def test_the_entry_form_records_a_new_kelurahan_value_with_a_decimal_comma(client_as, pekalongan):
    response = client_as("tkpk").post(
        "/indikator/isi/",
        {
            "kind": "realisasi",
            "indicator": "P0",
            "region": "33.75.04.1004",
            "year": "2023",
            "value": "9,25",
            "source": "Estimasi Bapperida dari DTKS (contoh)",
            "note": "",
        },
    )

    assert response.status_code == 302
    figure = IndicatorValue.objects.get(region_id="33.75.04.1004")
    assert figure.value == Decimal("9.25") and figure.entered_by.username == "tkpk"
