"""The upload page and the API show how far a running check or import is, row by row while members are
written, although the import's transaction keeps everything it writes out of sight until it commits: the
progress goes through the shared ``progress`` cache (jobs/progress.py)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dampingan.jobs import progress
from dampingan.lib import bulk
from dampingan.registry import partitions, uploads
from dampingan.registry.models import RegistryUpload
from dampingan.registry.synth import synth_registry


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def upload_file(client, persons=600):
    content = synth_registry(persons, "33.75", seed=5).write_csv().encode()
    data = {"file": SimpleUploadedFile("dtks.csv", content), "source": "dtks", "sk_number": "460/1/2025"}
    client.post("/data-terpadu/impor/", data)
    return RegistryUpload.objects.get()


def test_each_stage_reports_in_order_and_members_slice_by_slice(client_as, monkeypatch):
    client = client_as("operator")
    upload = upload_file(client)
    monkeypatch.setattr(bulk, "COPY_SLICE_ROWS", 100)
    seen: list[tuple[str, int, int, int]] = []
    real_record = progress.record

    def watch(job_id, stage, done=0, total=0, *, stages):
        real_record(job_id, stage, done, total, stages=stages)
        # No query here: on PostgreSQL this runs between two slices of an open COPY.
        step = progress.last_step(job_id)
        seen.append((step.stage, step.done, step.total, step.percent))

    monkeypatch.setattr(progress, "record", watch)

    client.post(f"/data-terpadu/impor/{upload.pk}/konfirmasi/")

    stages = list(dict.fromkeys(stage for stage, *_ in seen))
    assert stages == ["reading", "checking", "households", "families", "members", "indexes", "statistics"]
    members = [(done, total) for stage, done, total, _ in seen if stage == "members"]
    rows = members[-1][1]
    assert rows == upload.summary["rows"] > 500 and [done for done, _ in members] == [*range(0, rows, 100), rows]
    percents = [percent for *_, percent in seen]
    assert percents == sorted(percents) and percents[0] == 0 and percents[-1] == 100
    upload.refresh_from_db()
    assert (
        upload.status == "imported" and uploads.step(upload) is None and upload.job.status == "done"
    )  # cleared at the end


def test_the_page_and_the_api_show_the_step_from_inside_the_open_transaction(client_as, api_as, monkeypatch):
    client = client_as("operator")
    upload = upload_file(client)
    pages: list[str] = []
    polled: list[dict] = []
    real_attach = partitions.attach

    def look_then_attach(release_id, using="default"):
        # Inside the import's transaction, after the members were written: what a visitor sees now.
        pages.append(client.get(f"/data-terpadu/impor/{upload.pk}/", HTTP_HX_REQUEST="true").content.decode())
        polled.append(api_as("operator").get(f"/api/registry/imports/{upload.pk}").json())
        real_attach(release_id, using)

    monkeypatch.setattr(partitions, "attach", look_then_attach)

    client.post(f"/data-terpadu/impor/{upload.pk}/konfirmasi/")

    assert 'data-stage="indexes"' in pages[0] and "Membuat indeks dan memeriksa keterkaitan" in pages[0]
    assert 'value="72" max="100"' in pages[0]
    assert polled[0]["progress_stage"] == "indexes" and polled[0]["percent"] == 72
    assert polled[0]["status"] == "importing"
    finished = client.get(f"/data-terpadu/impor/{upload.pk}/").content.decode()
    assert "<progress" not in finished and 'data-status="imported"' in finished
