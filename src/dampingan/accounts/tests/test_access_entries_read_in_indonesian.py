"""Access entries of the audit log are shown in Indonesian: what was read and why in the reader's words,
the values inside (codes, searched text) as they were; the stored text stays the same in every language."""

import html

from auditlog.models import LogEntry
from django.utils import translation

from dampingan.accounts.access_labels import describe_access

JENGGOT = "33.75.04.1004"


def test_the_audit_page_shows_what_a_household_list_view_and_a_search_were_in_indonesian(client_as, registry):
    lurah = client_as("lurah_banyurip")
    lurah.get("/data-terpadu/daftar/", {"kelurahan": "33.75.04.1002"})
    lurah.get("/data-terpadu/cari/", {"q": "release search"})

    page = html.unescape(client_as("tkpk").get("/audit/", {"action": str(LogEntry.Action.ACCESS)}).content.decode())

    assert "dilihat: daftar rumah tangga: rilis" in page
    assert "kelurahan 33.75.04.1002" in page
    assert "dilihat: pencarian 'release search'" in page  # the searched text is kept as typed
    assert "household list" not in page and "viewed" not in page


def test_every_kind_of_entry_reads_in_indonesian_and_english_unchanged():
    entries = {
        "household page": "dilihat: halaman rumah tangga (4 jiwa)",
        "api member by NIK 3375014107850012": "dilihat: API: orang menurut NIK 3375014107850012 (4 jiwa)",
        "beneficiary list .xlsx (identifiers masked)":
            "dilihat: daftar penerima manfaat .xlsx (identitas disamarkan) (4 jiwa)",
        "release diff 2→3 kelurahan new 33.75.04.1004":
            "dilihat: perbandingan rilis 2→3 kelurahan new 33.75.04.1004 (4 jiwa)",
        "upload page: check findings of dtks.xlsx": "dilihat: halaman unggahan: temuan pemeriksaan dtks.xlsx (4 jiwa)",
    }  # fmt: skip
    with translation.override("id"):
        shown = {detail: describe_access({"purpose": "view", "detail": detail, "count": 4}) for detail in entries}
    with translation.override("en"):
        english = describe_access({"purpose": "export", "detail": "household list: release 3", "count": 2})

    assert shown == entries
    assert english == "exported: household list: release 3 (2 persons)"
