"""A draft release, imported and not yet approved, is read only by those who import or approve releases:
its households were readable by id by any user whose region held them."""

import pytest

from dampingan.registry import imports
from dampingan.registry.models import Household
from dampingan.registry.synth import synth_registry

BANYURIP = "33.75.04.1002"
KURIPAN_KERTOHARJO = "33.75.04.1006"  # mentored by Dindagkop-UKM


@pytest.fixture
def draft(persona):
    plan = imports.plan_import(synth_registry(600, "33.75", seed=9).write_csv().encode(), "draf.csv")
    release = imports.run_import(persona("operator"), plan, source="dtks")
    assert release.status == "draft"
    return release


@pytest.fixture
def draft_household(draft):
    return Household.objects.filter(release=draft, kelurahan_id=BANYURIP).order_by("pk").first()


@pytest.mark.parametrize(
    ("persona_key", "kelurahan"),
    [("mentor_dindagkop", KURIPAN_KERTOHARJO), ("camat_selatan", BANYURIP), ("lurah_banyurip", BANYURIP)],
)
def test_region_bound_users_cannot_open_a_draft_household_of_their_area(
    client_as, api_as, draft, persona_key, kelurahan
):
    pk = Household.objects.filter(release=draft, kelurahan_id=kelurahan).order_by("pk").first().pk

    assert client_as(persona_key).get(f"/data-terpadu/rumah-tangga/{pk}/").status_code == 404
    assert api_as(persona_key).get(f"/api/registry/households/{pk}").status_code == 404


@pytest.mark.parametrize("persona_key", ["operator", "tkpk"])
def test_who_imports_or_approves_checks_the_draft(client_as, api_as, draft_household, persona_key):
    pk = draft_household.pk

    assert client_as(persona_key).get(f"/data-terpadu/rumah-tangga/{pk}/").status_code == 200
    assert api_as(persona_key).get(f"/api/registry/households/{pk}").status_code == 200


def test_an_approved_household_stays_open_to_its_lurah(client_as, api_as, registry):
    household = Household.objects.filter(release=registry, kelurahan_id=BANYURIP).first()

    assert client_as("lurah_banyurip").get(f"/data-terpadu/rumah-tangga/{household.pk}/").status_code == 200
    assert api_as("lurah_banyurip").get(f"/api/registry/households/{household.pk}").status_code == 200
