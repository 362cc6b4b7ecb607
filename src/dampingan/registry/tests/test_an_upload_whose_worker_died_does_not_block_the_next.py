"""A registry upload whose task worker died (it stayed "importing" forever, and every later upload was
refused with 409 "another registry file is being processed", even after the worker restarted). The worker holds
a file lock on the upload while it works (jobs/lock.py), which the operating system releases however the process ends;
a job marked running that nobody holds, and that no queued task waits for, is marked failed."""

import datetime as dt
import os
import signal
import subprocess
import sys
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from dampingan.jobs import lock
from dampingan.registry import uploads
from dampingan.registry.models import RegistryUpload
from dampingan.registry.synth import synth_registry
from dampingan.registry.tasks import import_upload

from .test_web_upload_checks_maps_and_imports_in_the_background import post_file


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def left_importing(persona, data_dir):
    """An upload its worker was importing when it died (no lock held, no task waiting)."""
    return RegistryUpload.objects.create(
        uploaded_by=persona("operator"),
        file=SimpleUploadedFile("mati.csv", b"x"),
        file_name="mati.csv",
        checksum="0" * 64,
        source="dtks",
        status="importing",
    )


def test_a_killed_worker_releases_its_job(data_dir):
    holder = (
        "import django, time; django.setup(); from dampingan.jobs import lock\n"
        "with lock.running('registry-upload:7'):\n    print('held', flush=True); time.sleep(60)"
    )
    env = {**os.environ, "DAMPINGAN_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "dampingan.settings"}
    worker = subprocess.Popen([sys.executable, "-c", holder], env=env, stdout=subprocess.PIPE, text=True)  # noqa: S603
    try:
        assert worker.stdout.readline().strip() == "held"
        assert lock.is_held("registry-upload:7")
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        deadline = time.monotonic() + 5
        while lock.is_held("registry-upload:7") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not lock.is_held("registry-upload:7")
    finally:
        worker.kill()


def test_the_next_upload_goes_through_and_the_dead_one_says_it_failed(client_as, settings, left_importing):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client = client_as("operator")

    response = post_file(client, "baru.csv", synth_registry(300, "33.75", seed=21).write_csv().encode())

    assert response.status_code == 302, response.content.decode()[:500]
    left_importing.refresh_from_db()
    assert left_importing.status == "failed"
    assert "tidak ada yang disimpan" in client.get(f"/data-terpadu/impor/{left_importing.pk}/").content.decode()


def test_a_job_a_live_worker_holds_still_blocks_the_next(client_as, left_importing):
    with lock.running(uploads.subject(left_importing.pk)):
        assert uploads.settle_abandoned() == []
        refused = post_file(client_as("operator"), "baru.csv", b"NIK\n")

    left_importing.refresh_from_db()
    assert left_importing.status == "importing"
    assert "sedang diproses" in refused.content.decode()


def test_a_queued_import_waits_and_a_task_taken_long_ago_without_its_lock_fails(settings, left_importing, persona):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    import_upload.enqueue(left_importing.pk, persona("operator").pk)

    assert uploads.settle_abandoned() == []  # queued: the worker has not taken it yet

    task = DBTaskResult.objects.get()
    taken = timezone.now() - dt.timedelta(seconds=5)
    DBTaskResult.objects.filter(pk=task.pk).update(status="RUNNING", started_at=taken)
    assert uploads.settle_abandoned() == []  # just taken: the worker is about to lock it

    DBTaskResult.objects.filter(pk=task.pk).update(started_at=taken - dt.timedelta(minutes=5))
    assert uploads.settle_abandoned() == [left_importing.pk]
    left_importing.refresh_from_db()
    assert left_importing.status == "failed" and left_importing.error_message
