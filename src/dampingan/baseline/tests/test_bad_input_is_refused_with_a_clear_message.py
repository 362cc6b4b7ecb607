"""Negative counts, a zero priority and a kelurahan of another kab/kota are refused, and nothing is half-saved."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dampingan.baseline import services
from dampingan.baseline.models import Potential, PotentialUpdate, Problem
from dampingan.regions.models import Region

from .conftest import JENGGOT, days_ago


@pytest.fixture
def kabupaten_pekalongan(db):
    """A kelurahan of the neighbouring Kabupaten Pekalongan (33.26), loaded beside the city's regions."""
    kab = Region.objects.create(code="33.26", name="Kabupaten Pekalongan", level=2, kind="kabupaten")
    kec = Region.objects.create(code="33.26.16", name="Kedungwuni", level=3, kind="kecamatan", parent=kab)
    return Region.objects.create(code="33.26.16.1001", name="Kedungwuni Timur", level=4, kind="kelurahan", parent=kec)


def test_negative_enterprises_are_refused_on_the_form(client_as):
    response = client_as("mentor_dlh").post(
        reverse("baseline:potential_list", args=[JENGGOT]),
        {"name": "Tempe", "sector": "tempe", "enterprises": "-3", "workers": "5", "recorded_on": days_ago(1)},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["enterprises"] == ["Jumlah usaha tidak boleh negatif."]
    assert not Potential.objects.exists()


def test_negative_workers_in_a_monitoring_entry_are_refused_by_the_service(persona, make_potential):
    potential = make_potential(JENGGOT, by="mentor_dlh", recorded_on=days_ago(10))

    with pytest.raises(ValidationError) as refused:
        services.add_potential_update(persona("mentor_dlh"), potential, {"enterprises": 3, "workers": -1})

    assert refused.value.message_dict == {"workers": ["Jumlah tenaga kerja tidak boleh negatif."]}
    assert not PotentialUpdate.objects.exists()


def test_priority_zero_is_refused(client_as):
    response = client_as("mentor_dlh").post(
        reverse("baseline:problem_list", args=[JENGGOT]),
        {"title": "x", "category": "ekonomi", "severity": "2", "priority": "0", "recorded_on": days_ago(1)},
    )

    assert "priority" in response.context["form"].errors
    assert not Problem.objects.exists()


def test_a_kelurahan_of_another_kab_kota_is_refused_even_for_the_tkpk(persona, kabupaten_pekalongan, client_as):
    with pytest.raises(ValidationError) as refused:
        services.create_problem(persona("tkpk"), kabupaten_pekalongan, {"title": "x", "category": "ekonomi"})
    page = client_as("tkpk").get(reverse("baseline:problem_list", args=[kabupaten_pekalongan.code]))

    assert refused.value.message_dict["kelurahan"] == [
        "Kedungwuni Timur (33.26.16.1001) berada di luar kab/kota ini; hanya kelurahan sendiri yang dicatat."
    ]
    assert page.status_code == 404
    assert not Problem.objects.exists()
