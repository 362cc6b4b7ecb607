"""The web upload: the file is checked and imported by background tasks (run immediately here)."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from dampingan.jobs import lock
from dampingan.registry import uploads
from dampingan.registry.models import RegistryRelease, RegistryUpload, SavedHeaderMapping
from dampingan.registry.synth import synth_registry
from dampingan.registry.tests.test_registry_validation_rules import GOOD, HEADERS, xlsx


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def post_file(client, name, content, **fields):
    data = {
        "file": SimpleUploadedFile(name, content),
        "source": "dtks",
        "sk_number": "460/1/2025",
        "sk_date": "2025-04-04",
        **fields,
    }
    return client.post("/data-terpadu/impor/", data)


def test_a_dirty_file_shows_its_errors_and_report_then_imports_the_clean_households(client_as):
    client = client_as("operator")
    content = synth_registry(800, "33.75", seed=11, dirty_share=0.02).write_csv().encode()

    response = post_file(client, "kotor.csv", content)
    upload = RegistryUpload.objects.get()
    page = client.get(response["Location"]).content.decode()

    assert upload.status == "validated" and upload.summary["errors"] > 0
    assert "kotor.csv, baris" in page and 'data-action="report"' in page
    report = client.get(f"/data-terpadu/impor/{upload.pk}/laporan.xlsx")
    assert report.status_code == 200 and report.content[:2] == b"PK"
    # The findings quote the cells found wrong and the report names people with their full NIK: the page that
    # shows them and the report's download are logged.
    entries = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(upload.pk)).order_by("pk")
    assert [(e.actor.username, e.additional_data["purpose"]) for e in entries] == [
        ("operator.dinsos", "view"),
        ("operator.dinsos", "export"),
    ]
    assert not RegistryRelease.objects.exists()

    client.post(f"/data-terpadu/impor/{upload.pk}/konfirmasi/")

    upload.refresh_from_db()
    release = RegistryRelease.objects.get()
    assert upload.status == "imported" and upload.release == release
    assert release.household_count == upload.summary["kept_households"]
    assert release.sk_date == dt.date(2025, 4, 4) and release.status == "draft"


def test_an_unknown_header_is_mapped_by_the_user_and_remembered(client_as):
    client = client_as("operator")
    headers = list(HEADERS)
    headers[2] = "Nomor Identitas"

    post_file(client, "ganti.xlsx", xlsx(GOOD, headers=headers))
    upload = RegistryUpload.objects.get()
    assert upload.status == "needs_mapping"
    assert 'name="map_nik"' in client.get(f"/data-terpadu/impor/{upload.pk}/").content.decode()

    client.post(f"/data-terpadu/impor/{upload.pk}/petakan/", {"map_nik": "Nomor Identitas"})

    upload.refresh_from_db()
    assert upload.status == "validated" and upload.summary["errors"] == 0
    assert SavedHeaderMapping.objects.get().mapping["nik"] == "Nomor Identitas"
    rows = [list(r) for r in GOOD]
    rows[0][3] = "Slamet Riyadi"  # a different file with the same headers
    post_file(client, "ganti-2.xlsx", xlsx(rows, headers=headers))
    assert RegistryUpload.objects.order_by("-pk").first().status == "validated"


def test_an_empty_or_renamed_file_is_refused_with_its_message_and_not_stored(client_as, settings):
    client = client_as("operator")

    renamed = post_file(client, "palsu.xlsx", b"NIK;Nama\n1;2\n")
    blank = post_file(client, "kosong.csv", b"  \n")

    # Refused on the form, before the file is stored and its check queued.
    assert "bukan buku kerja Excel" in renamed.context["form"].errors["file"][0]
    assert "kosong" in blank.context["form"].errors["file"][0]
    assert not RegistryUpload.objects.exists()
    assert not (settings.MEDIA_ROOT / "registry-uploads").exists()


def test_one_upload_at_a_time(client_as, persona):
    client = client_as("operator")
    running = RegistryUpload.objects.create(
        uploaded_by=persona("tkpk"), file_name="lain.csv", checksum="x", source="dtks", status="importing"
    )

    with lock.running(uploads.subject(running.pk)):  # a live worker imports it
        response = post_file(client, "baru.xlsx", xlsx(GOOD))

    assert response.status_code == 200 and "sedang diproses" in response.content.decode()
    assert RegistryUpload.objects.count() == 1


@pytest.mark.parametrize("key", ["viewer", "lurah_banyurip", "mentor_dlh", "camat_selatan"])
def test_only_operators_and_tkpk_reach_the_upload_page(client_as, key):
    assert client_as(key).get("/data-terpadu/impor/").status_code == 403
