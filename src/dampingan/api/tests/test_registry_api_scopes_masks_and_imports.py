"""Registry API: same scopes and masking as the pages, personal reads logged, imports through the tasks."""

import polars as pl
import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from dampingan.registry import imports
from dampingan.registry.models import Household, Member, RegistryRelease
from dampingan.registry.synth import synth_registry

JENGGOT = "33.75.04.1004"


def test_every_role_reads_releases_and_desil_counts_of_its_area(api_as, registry):
    releases = api_as("viewer").get("/api/registry/releases").json()
    desil = api_as("lurah_banyurip").get(f"/api/registry/releases/{registry.pk}/desil").json()

    assert [r["id"] for r in releases] == [registry.pk]
    assert (
        releases[0]["status"] == "current"
        and releases[0]["member_count"] == Member.objects.filter(release=registry).count()
    )
    assert [row["kelurahan_code"] for row in desil] == ["33.75.04.1002"]
    assert desil[0]["total"] == Household.objects.filter(release=registry, kelurahan_id="33.75.04.1002").count()


def test_households_need_personal_data_rights_and_follow_the_scope(api_as, registry):
    viewer = api_as("viewer").get("/api/registry/households")
    mentor = api_as("mentor_dlh").get("/api/registry/households", {"limit": 1000}).json()
    outside = api_as("mentor_dlh").get("/api/registry/households", {"kelurahan": "33.75.01.1001"})

    assert viewer.status_code == 403
    assert mentor["count"] == Household.objects.filter(release=registry, kelurahan_id=JENGGOT).count()
    assert {h["kelurahan_code"] for h in mentor["items"]} == {JENGGOT}
    assert outside.status_code == 422 and "kelurahan" in outside.json()["detail"]


def test_the_mentor_gets_masked_identifiers_and_the_operator_whole_ones(api_as, registry):
    household = Household.objects.filter(release=registry, kelurahan_id=JENGGOT).first()
    head = household.members.get(relationship_to_head=1)

    masked = api_as("mentor_dlh").get(f"/api/registry/households/{household.pk}").json()
    whole = api_as("operator").get(f"/api/registry/households/{household.pk}").json()

    assert masked["head_nik"] == f"{head.nik[:6]}********{head.nik[-2:]}"
    assert head.nik not in str(masked)
    assert whole["head_nik"] == head.nik
    assert {m["name"] for m in whole["members"]} == set(household.members.values_list("name", flat=True))


def test_filters_and_paging_match_the_list_page(api_as, client_as, registry):
    params = {"kecamatan": "33.75.04", "desil": [1, 2], "deprivation": "no_own_toilet"}

    first = api_as("tkpk").get("/api/registry/households", {**params, "limit": 2}).json()
    rest = api_as("tkpk").get("/api/registry/households", {**params, "limit": 1000, "offset": 2}).json()
    page = client_as("tkpk").get("/data-terpadu/daftar/", params).content.decode()

    assert first["count"] > 2
    assert len(first["items"]) == 2 and len(rest["items"]) == first["count"] - 2
    assert all(h["desil"] in (1, 2) and "no_own_toilet" in h["deprivations"] for h in first["items"] + rest["items"])
    assert f'id="result-count">{first["count"]} ' in page


def test_a_member_search_by_nik_is_scoped_validated_and_logged(api_as, persona, registry):
    own = Member.objects.filter(release=registry, kelurahan_id=JENGGOT, nik__isnull=False).first()
    other = Member.objects.filter(release=registry, kelurahan_id="33.75.04.1002", nik__isnull=False).first()
    client = api_as("mentor_dlh")

    found = client.get("/api/registry/members", {"nik": own.nik}).json()
    hidden = client.get("/api/registry/members", {"nik": other.nik}).json()
    wrong = client.get("/api/registry/members", {"nik": "12345"})

    assert [m["id"] for m in found] == [own.pk] and found[0]["nik"] != own.nik
    assert hidden == []
    assert wrong.status_code == 422
    details = list(
        LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=persona("mentor_dlh"))
        .order_by("pk")
        .values_list("additional_data", flat=True)
    )
    assert [d["count"] for d in details] == [1, 0]
    # Which NIK was looked up, found or not: a search that finds nobody is still a lookup.
    assert [d["detail"] for d in details] == [f"api member by NIK {own.nik}", f"api member by NIK {other.nik}"]


def test_the_diff_endpoint_gives_counts_per_kelurahan(api_as, persona, registry):
    frame = synth_registry(1500, "33.75", seed=4)
    gone = frame.filter(pl.col("Kode Desa") == JENGGOT.replace(".", ""))["IDBDT"][0]
    plan = imports.plan_import(frame.filter(pl.col("IDBDT") != gone).write_csv().encode(), "baru.csv")
    new = imports.run_import(persona("operator"), plan, source="dtks")
    client = api_as("tkpk")

    rows = client.get(f"/api/registry/releases/{registry.pk}/diff/{new.pk}").json()
    same = client.get(f"/api/registry/releases/{registry.pk}/diff/{registry.pk}")
    draft_for_viewer = api_as("viewer").get(f"/api/registry/releases/{registry.pk}/diff/{new.pk}")

    jenggot = next(r for r in rows if r["kelurahan_code"] == JENGGOT)
    assert (jenggot["left"], jenggot["before"] - jenggot["after"]) == (1, 1)
    assert sum(r["left"] + r["entered"] + r["up"] + r["down"] for r in rows) == 1
    assert same.status_code == 422
    assert draft_for_viewer.status_code == 404


@pytest.fixture
def _tasks_run_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.mark.usefixtures("_tasks_run_at_once")
def test_the_operator_imports_through_the_api_and_others_may_not(api_as, persona):
    content = synth_registry(300, "33.75", seed=21).write_csv().encode()

    def post(client, name="api.csv", body=content):
        return client.post(
            "/api/registry/imports",
            {"file": SimpleUploadedFile(name, body), "source": "dtks", "sk_number": "1/2025", "sk_date": "2025-01-02"},
        )

    refused = post(api_as("mentor_dlh"))
    wrong_type = post(api_as("operator"), name="api.pdf", body=b"%PDF-1.4")
    started = post(api_as("operator"))
    upload_id = started.json()["id"]
    status = api_as("operator").get(f"/api/registry/imports/{upload_id}").json()
    confirmed = api_as("operator").post(f"/api/registry/imports/{upload_id}/confirm")
    again = post(api_as("operator"))

    assert refused.status_code == 403
    assert wrong_type.status_code == 422 and "file" in wrong_type.json()["detail"]
    assert started.status_code == 202 and status["status"] == "validated"
    assert status["summary"]["rows"] == 300
    assert confirmed.status_code == 202
    release = RegistryRelease.objects.get()
    assert (release.status, release.member_count, release.imported_by) == ("draft", 300, persona("operator"))
    assert api_as("operator").get(f"/api/registry/imports/{upload_id}").json()["release_id"] == release.pk
    assert again.status_code == 409 and "sudah" in again.json()["detail"]


def test_a_household_carries_its_assets_and_cards_or_null_when_the_file_had_none(api_as, persona, registry):
    without = Household.objects.filter(release=registry, kelurahan_id=JENGGOT).first()
    frame = synth_registry(300, "33.75", seed=31, assets_and_cards=True)
    plan = imports.plan_import(frame.write_csv().encode(), "dengan-aset.csv")
    release = imports.run_import(persona("operator"), plan, source="dtks")
    held = Household.objects.filter(release=release).exclude(assets=[]).exclude(programme_cards=[]).first()

    detail = api_as("operator").get(f"/api/registry/households/{held.pk}").json()
    unrecorded = api_as("operator").get(f"/api/registry/households/{without.pk}").json()

    assert detail["assets"] == held.assets and detail["programme_cards"] == held.programme_cards
    assert detail["assets"] and detail["programme_cards"]
    assert unrecorded["assets"] is None and unrecorded["programme_cards"] is None


@pytest.mark.usefixtures("_tasks_run_at_once")
def test_reading_the_findings_of_a_checked_file_is_logged(api_as, persona):
    dirty = synth_registry(400, "33.75", seed=23, dirty_share=0.03).write_csv().encode()
    operator = api_as("operator")
    started = operator.post(
        "/api/registry/imports",
        {
            "file": SimpleUploadedFile("kotor.csv", dirty),
            "source": "dtks",
            "sk_number": "2/2025",
            "sk_date": "2025-01-02",
        },
    )

    status = operator.get(f"/api/registry/imports/{started.json()['id']}").json()

    assert status["summary"]["first_issues"]
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=persona("operator")).get()
    assert entry.additional_data["detail"] == "api import status: check findings of kotor.csv"
    assert entry.additional_data["count"] == len(status["summary"]["first_issues"])
