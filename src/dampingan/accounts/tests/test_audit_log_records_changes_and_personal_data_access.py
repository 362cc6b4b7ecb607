import re

import pytest
from auditlog.models import LogEntry

from dampingan.access.audit import field_changes
from dampingan.accounts.models import User
from dampingan.regions.models import RegionOffice

BANYURIP = "33.75.04.1002"


def test_an_office_change_is_logged_with_actor_before_and_after(client_as, persona):
    client = client_as("lurah_banyurip")
    client.post(f"/wilayah/{BANYURIP}/kantor/", {"head_name": "Lurah Lama"})

    client.post(f"/wilayah/{BANYURIP}/kantor/", {"head_name": "Lurah Baru"})

    entry = LogEntry.objects.get_for_object(RegionOffice.objects.get(region_id=BANYURIP)).first()
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor == persona("lurah_banyurip")
    assert entry.changes_dict["head_name"] == ["Lurah Lama", "Lurah Baru"]


def test_viewing_a_users_personal_details_is_logged(client_as, persona):
    target = persona("lurah_banyurip")

    client_as("tkpk").get(f"/pengguna/{target.pk}/")

    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).get()
    assert entry.actor == persona("tkpk")
    assert entry.object_pk == str(target.pk)
    assert entry.additional_data["purpose"] == "view"


def test_the_audit_page_finds_entries_by_user_action_and_text(client_as):
    client_as("lurah_banyurip").post(f"/wilayah/{BANYURIP}/kantor/", {"head_name": "Sutarmi"})
    admin = client_as("tkpk")

    # Access entries first: the text search below is itself logged as an access (test_an_audit_log_search_...).
    by_action = admin.get("/audit/", {"action": str(LogEntry.Action.ACCESS)}).content.decode()
    by_text = admin.get("/audit/", {"q": "Sutarmi"}).content.decode()
    by_actor = admin.get("/audit/", {"actor": "lurah.banyurip"}).content.decode()
    by_other = admin.get("/audit/", {"actor": "pengamat"}).content.decode()

    assert "Sutarmi" in by_text
    assert "Sutarmi" in by_actor
    assert "Sutarmi" not in by_other
    assert "Sutarmi" not in by_action


def test_a_role_change_is_logged_without_the_password(client_as, persona):
    target = persona("viewer")
    admin = client_as("tkpk")

    response = admin.post(
        f"/pengguna/{target.pk}/ubah/",
        {
            "username": target.username,
            "role": "dinsos_operator",
            "is_active": "on",
            "password": "Rahasia-Baru-2026",
        },
    )

    assert response.status_code == 302
    entry = LogEntry.objects.get_for_object(User.objects.get(pk=target.pk)).first()
    assert entry.changes_dict["role"] == ["viewer", "dinsos_operator"]
    assert "password" not in entry.changes_dict


@pytest.mark.parametrize(
    "role_fields", [{"role": "lurah"}, {"role": "opd_mentor"}, {"role": "camat", "region": BANYURIP}]
)
def test_a_scoped_role_without_its_region_or_opd_is_refused(client_as, role_fields):
    response = client_as("tkpk").post("/pengguna/baru/", {"username": "baru", "is_active": "on", **role_fields})

    assert response.status_code == 200
    assert not User.objects.filter(username="baru").exists()


def test_htmx_filtering_returns_only_the_results_fragment(client_as):
    client_as("lurah_banyurip").post(f"/wilayah/{BANYURIP}/kantor/", {"head_name": "Sutarmi"})

    fragment = client_as("tkpk").get("/audit/", {"q": "Sutarmi"}, headers={"HX-Request": "true"}).content.decode()

    assert "Sutarmi" in fragment
    assert "<html" not in fragment


def test_the_audit_page_shows_an_update_as_its_changed_fields_only(client_as):
    lurah = client_as("lurah_banyurip")
    lurah.post(f"/wilayah/{BANYURIP}/kantor/", {"head_name": "Lurah Lama", "phone": "0285-1"})
    lurah.post(f"/wilayah/{BANYURIP}/kantor/", {"head_name": "Lurah Baru", "phone": "0285-1"})

    page = client_as("tkpk").get("/audit/", {"action": str(LogEntry.Action.UPDATE)}).content.decode()

    latest = LogEntry.objects.get_for_object(RegionOffice.objects.get(region_id=BANYURIP)).first()
    assert [(c.old, c.new) for c in field_changes(latest)] == [("Lurah Lama", "Lurah Baru")]
    assert '<span title="Lurah Lama">Lurah Lama</span> → <span title="Lurah Baru">Lurah Baru</span>' in page


def test_the_audit_page_folds_a_creation_into_a_count_and_opens_it_for_a_text_search(client_as):
    admin = client_as("tkpk")

    folded = admin.get("/audit/", {"action": str(LogEntry.Action.CREATE), "actor": "tkpk"}).content.decode()
    searched = admin.get("/audit/", {"q": "pengamat"}).content.decode()

    assert re.search(r"<details><summary>\d+ \w+</summary>", folded)
    assert "<details open><summary>" in searched


def test_audit_times_carry_their_time_zone(client_as):
    page = client_as("tkpk").get("/audit/").content.decode()

    assert " WIB</time>" in page
