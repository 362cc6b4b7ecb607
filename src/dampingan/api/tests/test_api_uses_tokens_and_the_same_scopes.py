import pytest
from django.test import Client

from dampingan.accounts.models import ApiToken
from dampingan.mentoring.models import Opd

JENGGOT, BANYURIP = "33.75.04.1004", "33.75.04.1002"


def test_without_a_token_the_api_answers_401(pekalongan):
    response = Client().get("/api/regions/")
    assert response.status_code == 401


def test_a_wrong_or_revoked_token_is_refused(persona):
    token, secret = ApiToken.issue(persona("tkpk"), "old")
    token.revoke()

    assert Client(headers={"Authorization": f"Bearer {secret}"}).get("/api/me").status_code == 401
    assert Client(headers={"Authorization": "Bearer dmp_tebakan"}).get("/api/me").status_code == 401


def test_a_token_of_an_inactive_user_is_refused(persona, api_as):
    client = api_as("tkpk")
    persona("tkpk").__class__.objects.filter(username="tkpk").update(is_active=False)
    assert client.get("/api/me").status_code == 401


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("tkpk", 27),
        ("viewer", 27),
        ("camat_selatan", 6),
        ("lurah_banyurip", {BANYURIP}),
        ("mentor_dlh", {JENGGOT}),
    ],
)
def test_region_list_follows_the_same_scope_as_the_pages(api_as, key, expected):
    villages = {r["code"] for r in api_as(key).get("/api/regions/", {"level": 4}).json()}
    if isinstance(expected, int):
        assert len(villages) == expected
    else:
        assert villages == expected


def test_a_region_outside_the_scope_is_404_and_inside_names_its_mentor(api_as):
    client = api_as("lurah_banyurip")

    assert client.get(f"/api/regions/{JENGGOT}").status_code == 404
    body = client.get(f"/api/regions/{BANYURIP}").json()
    assert body["name"] == "Banyurip"
    assert body["mentoring_opd"] == "BPBD"


def test_me_describes_role_and_scope(api_as):
    body = api_as("mentor_dlh").get("/api/me").json()
    assert body["role"] == "opd_mentor"
    assert body["opd"] == "DLH"
    assert body["region_codes"] == [JENGGOT]
    assert "view_personal_data" in body["capabilities"]


def test_only_the_tkpk_admin_creates_an_opd(api_as):
    payload = {"name": "Dinas Contoh", "abbreviation": "DC", "kind": "dinas", "problem_categories": ["kesehatan"]}

    refused = api_as("viewer").post("/api/opds/", payload, content_type="application/json")
    created = api_as("tkpk").post("/api/opds/", payload, content_type="application/json")

    assert refused.status_code == 403
    assert created.status_code == 201
    assert Opd.objects.filter(abbreviation="DC").count() == 1


def test_an_invalid_opd_is_refused_with_field_messages(api_as):
    payload = {"name": "Dinas Lingkungan Hidup", "abbreviation": "DLH2", "kind": "bukan-jenis"}

    response = api_as("tkpk").post("/api/opds/", payload, content_type="application/json")

    assert response.status_code == 422
    assert {"name", "kind"} <= set(response.json()["detail"])
    assert not Opd.objects.filter(abbreviation="DLH2").exists()


def test_a_mentor_patches_its_own_opd_contact_but_not_another_opd_nor_its_name(api_as):
    client = api_as("mentor_dlh")
    dlh = Opd.objects.get(abbreviation="DLH")
    bpbd = Opd.objects.get(abbreviation="BPBD")

    ok = client.patch(f"/api/opds/{dlh.pk}", {"phone": "0285-421"}, content_type="application/json")
    rename = client.patch(f"/api/opds/{dlh.pk}", {"name": "Dinas X"}, content_type="application/json")
    other = client.patch(f"/api/opds/{bpbd.pk}", {"phone": "1"}, content_type="application/json")

    assert ok.status_code == 200 and ok.json()["phone"] == "0285-421"
    assert rename.status_code == 403
    assert other.status_code == 403
    assert Opd.objects.get(pk=dlh.pk).name == "Dinas Lingkungan Hidup"


def test_an_api_change_is_audited_under_the_token_owner(api_as, persona):
    from auditlog.models import LogEntry

    dlh = Opd.objects.get(abbreviation="DLH")
    api_as("mentor_dlh").patch(f"/api/opds/{dlh.pk}", {"phone": "0285-999"}, content_type="application/json")

    entry = LogEntry.objects.get_for_object(dlh).first()
    assert entry.actor == persona("mentor_dlh")
    assert entry.changes_dict["phone"][1] == "0285-999"


def test_openapi_schema_lists_the_endpoints(pekalongan):
    schema = Client().get("/api/openapi.json").json()
    assert {"/api/regions/", "/api/regions/{code}", "/api/opds/", "/api/opds/{opd_id}", "/api/me"} <= set(
        schema["paths"]
    )
    assert Client().get("/api/docs").status_code == 200


def test_the_browser_session_works_for_the_api_docs(client_as):
    assert client_as("viewer").get("/api/me").json()["role"] == "viewer"
