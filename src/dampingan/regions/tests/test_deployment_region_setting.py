import pytest
from django.core.checks import run_checks

from dampingan.regions.services import load_regions


@pytest.mark.parametrize("code", ["99.99", "33", "33.75.04", "", "3375"])
def test_an_unknown_or_wrong_level_region_code_fails_the_system_check(settings, code):
    settings.DAMPINGAN_REGION = code

    errors = [e for e in run_checks() if e.id == "dampingan.E001"]

    assert len(errors) == 1
    assert repr(code) in errors[0].msg


def test_a_valid_kabupaten_passes_the_system_check(settings):
    settings.DAMPINGAN_REGION = "33.26"
    assert not [e for e in run_checks() if e.id == "dampingan.E001"]


@pytest.mark.django_db
def test_switching_to_kabupaten_pekalongan_shows_only_its_kecamatan_and_desa(settings, client_as):
    # Given both kab/kota loaded and a TKPK admin
    load_regions(["33.26"])
    client = client_as("tkpk")
    settings.DAMPINGAN_REGION = "33.26"

    page = client.get("/wilayah/").content.decode()

    assert "Kabupaten Pekalongan" in page
    assert "Kajen" in page  # a kecamatan of the kabupaten
    assert 'data-region="33.26.' in page
    assert 'data-region="33.75.' not in page
    assert "Desa" in page and "Kelurahan" in page
    assert client.get("/wilayah/33.75.04.1004/").status_code == 404
