"""A text search of the audit log is a personal-data lookup (its entries hold NIKs and names) and is logged
with what was searched (``/audit/?q=<NIK>`` left no trace); a page of entries is a view of them."""

from auditlog.models import LogEntry


def test_searching_the_audit_log_for_a_nik_is_logged(client_as, persona):
    response = client_as("tkpk").get("/audit/", {"q": "3375014107850012"})

    assert response.status_code == 200
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=persona("tkpk")).get()
    assert entry.additional_data["detail"] == "audit log search '3375014107850012'"


def test_a_page_of_entries_is_logged_as_a_view_of_the_audit_log(client_as, persona):
    client_as("tkpk").post("/pengguna/baru/", {"username": "baru", "role": "viewer", "password": "x" * 12})
    assert LogEntry.objects.exclude(action=LogEntry.Action.ACCESS).exists()

    client_as("tkpk").get("/audit/")

    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=persona("tkpk")).get()
    assert entry.additional_data["detail"] == "audit log"
    assert "count" not in entry.additional_data  # entries, not persons
