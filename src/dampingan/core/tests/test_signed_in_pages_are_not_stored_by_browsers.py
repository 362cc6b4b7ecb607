"""Pages and API answers for a signed-in user carry personal data and are never stored by a browser or a proxy
(personal-data pages came without ``Cache-Control: no-store``); the public figures may be."""

import pytest
from django.test import Client

from dampingan.registry.models import Household


@pytest.mark.parametrize("key", ["tkpk", "lurah_banyurip"])
def test_a_household_page_and_its_api_twin_are_not_stored(client_as, api_as, registry, key):
    household = Household.objects.filter(release=registry, kelurahan_id="33.75.04.1002").first()

    page = client_as(key).get(f"/data-terpadu/rumah-tangga/{household.pk}/")
    api = api_as(key).get(f"/api/registry/households/{household.pk}")

    assert page.status_code == api.status_code == 200
    assert "no-store" in page["Cache-Control"] and "no-store" in api["Cache-Control"]


def test_the_public_figures_are_not_marked(registry):
    response = Client().get("/publik/")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
