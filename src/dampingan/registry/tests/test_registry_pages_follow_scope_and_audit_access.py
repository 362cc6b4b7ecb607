"""Registry pages: aggregates for every role, personal data only in scope, every view of it audit-logged."""

from auditlog.models import LogEntry

from dampingan.registry import imports
from dampingan.registry.models import Household, Member
from dampingan.registry.synth import synth_registry


def member_in(code: str) -> Member:
    return Member.objects.filter(kelurahan_id=code, nik__isnull=False).order_by("pk").first()


def test_the_viewer_sees_aggregates_but_no_search_and_no_household(client_as, registry):
    client = client_as("viewer")

    home = client.get("/data-terpadu/").content.decode()
    household = Household.objects.first()

    assert 'id="desil-table"' in home and 'name="q"' not in home
    assert client.get("/data-terpadu/cari/", {"q": "Siti"}).status_code == 403
    assert client.get(f"/data-terpadu/rumah-tangga/{household.pk}/").status_code == 403


def test_a_lurah_sees_only_its_kelurahan_in_the_table_search_and_pages(client_as, registry):
    client = client_as("lurah_banyurip")
    own, other = member_in("33.75.04.1002"), member_in("33.75.04.1004")

    home = client.get("/data-terpadu/").content.decode()
    found_own = client.get("/data-terpadu/cari/", {"q": own.nik}).content.decode()
    found_other = client.get("/data-terpadu/cari/", {"q": other.nik}).content.decode()

    assert 'data-region="33.75.04.1002"' in home and 'data-region="33.75.04.1004"' not in home
    assert f'data-household="{own.household_id}"' in found_own
    assert "data-household=" not in found_other
    assert client.get(f"/data-terpadu/rumah-tangga/{other.household_id}/").status_code == 404
    page = client.get(f"/data-terpadu/rumah-tangga/{own.household_id}/").content.decode()
    assert own.nik in page and own.name in page


def test_every_view_of_personal_data_is_logged(client_as, persona, registry):
    client = client_as("operator")
    member = member_in("33.75.04.1004")

    client.get("/data-terpadu/cari/", {"q": member.nik})
    client.get(f"/data-terpadu/rumah-tangga/{member.household_id}/")

    entries = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=persona("operator")).order_by("pk")
    assert [e.additional_data["detail"] for e in entries] == [f"search {member.nik!r}", "household page"]
    assert entries[0].additional_data["count"] == 1


def test_search_by_no_kk_name_and_address(client_as, registry):
    client = client_as("tkpk")
    member = member_in("33.75.01.1002")

    by_kk = client.get("/data-terpadu/cari/", {"q": member.family.no_kk}).content.decode()
    by_name = client.get("/data-terpadu/cari/", {"q": member.name}).content.decode()
    by_address = client.get("/data-terpadu/cari/", {"q": member.household.address}).content.decode()

    for html in (by_kk, by_name, by_address):
        assert f'data-household="{member.household_id}"' in html


def test_the_tkpk_admin_approves_a_draft_on_the_releases_page(client_as, persona):
    plan = imports.plan_import(synth_registry(200, "33.75", seed=8).write_csv().encode(), "baru.csv")
    release = imports.run_import(persona("operator"), plan, source="dtsen")

    refused = client_as("operator").post(
        f"/data-terpadu/rilis/{release.pk}/setujui/", {"sk_number": "1", "sk_date": "2025-05-01"}
    )
    approved = client_as("tkpk").post(
        f"/data-terpadu/rilis/{release.pk}/setujui/", {"sk_number": "460/77/2025", "sk_date": "2025-05-01"}
    )

    assert refused.status_code == 403
    assert approved.status_code == 302
    release.refresh_from_db()
    assert (release.status, release.sk_number) == ("current", "460/77/2025")
