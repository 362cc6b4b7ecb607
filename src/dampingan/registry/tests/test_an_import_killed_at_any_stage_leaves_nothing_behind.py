"""An import killed with ``kill -9`` at any stage — reading, checking, writing households, families or members,
building the indexes, keeping the figures — leaves no release, no row and (on PostgreSQL) no partition table
behind, and the same file imports afterwards. The command runs as a separate process on a
scratch database of its own (conftest.scratch), killed as soon as it announces the stage on its progress line."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dampingan.registry.synth import synth_registry

from .conftest import PERSONS, Scratch

STAGES = ["reading", "checking", "households", "families", "members", "indexes", "statistics"]


def _import(scratch: Scratch) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "dampingan", "import_registry", str(scratch.source), "--source", "dtks",
         "--user", "operator.dinsos"],
        env=scratch.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


def _kill_at(process: subprocess.Popen, stage: str) -> str:
    """Read the progress line until ``stage`` is announced, then kill the process at once; what it printed."""
    seen = b""
    os.set_blocking(process.stderr.fileno(), False)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        chunk = process.stderr.read(4096) or b""
        seen += chunk
        if re.search(rf"(^|[\r\n]){stage}\b".encode(), seen):
            process.send_signal(signal.SIGKILL)
            process.wait()
            return seen.decode(errors="replace")
        if not chunk:
            time.sleep(0.005)
    process.kill()
    pytest.fail(f"the import never announced {stage!r} (exit {process.returncode}): {seen.decode()[-500:]}")


@pytest.mark.parametrize("stage", STAGES)
def test_an_import_killed_at_this_stage_leaves_nothing_behind(scratch, stage):
    process = _import(scratch)

    _kill_at(process, stage)

    assert process.returncode == -signal.SIGKILL
    assert set(scratch.left().values()) == {0}, scratch.left()


def test_after_every_kill_the_same_file_imports_whole(scratch):
    finished = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "dampingan", "import_registry", str(scratch.source), "--source", "dtks",
         "--user", "operator.dinsos"],
        env=scratch.env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip

    assert finished.returncode == 0, finished.stderr
    left = scratch.left()
    assert left["registry_registryrelease"] == 1 and left["registry_member"] > 0.95 * PERSONS
    if scratch.database_url:
        assert left["partition tables"] == 4


# The web upload: the task worker (`dampingan db_worker`) imports a checked file; it is killed when the import's
# progress, which the page polls from the shared progress cache, reaches the stage.
IMPORT_STAGES = ["households", "families", "members", "indexes", "statistics"]
UPLOAD = """
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult
from dampingan.accounts.models import User
from dampingan.registry import uploads
from dampingan.registry.models import RegistryUpload
operator = User.objects.get(username="operator.dinsos")
with open({path!r}, "rb") as handle:
    upload = uploads.start_upload(operator, SimpleUploadedFile("dtks-web.csv", handle.read()), source="dtks")
DBTaskResult.objects.all().delete()  # the check runs here, not in the worker, which then finds only the import
uploads.run_check(upload.pk)
uploads.confirm_upload(operator, RegistryUpload.objects.get(pk=upload.pk))
print(upload.pk, RegistryUpload.objects.get(pk=upload.pk).job_id)
"""
SETTLE = """
import datetime as dt
from django.utils import timezone
from dampingan.registry import uploads
from dampingan.registry.models import RegistryUpload
# As the upload page does on its next view, once the worker's claim on the task is older than its grace period.
uploads.settle_abandoned(timezone.now() + uploads.CLAIM_GRACE + dt.timedelta(seconds=1))
upload = RegistryUpload.objects.get(pk={upload_id})
print(upload.status, upload.error_message, sep="|")
"""


@pytest.fixture(scope="module")
def web_file(scratch):
    source = scratch.data_dir / "dtks-web.csv"
    synth_registry(PERSONS, "33.75", seed=12).write_csv(source)
    return source


def _queued_upload(scratch: Scratch, source: Path) -> tuple[int, int]:
    """The upload's id and its import job's."""
    queued = scratch.manage("shell", "--no-imports", "-c", UPLOAD.format(path=str(source)))
    assert queued.returncode == 0, queued.stderr
    upload_id, job_id = queued.stdout.split()[-2:]
    return int(upload_id), int(job_id)


def _stage_of(scratch: Scratch, job_id: int) -> str | None:
    from django.core.cache.backends.filebased import FileBasedCache

    found = FileBasedCache(str(scratch.data_dir / "cache" / "progress"), {}).get(f"job-{job_id}")
    return found[0] if found else None


@pytest.mark.parametrize("stage", IMPORT_STAGES)
def test_a_worker_killed_at_this_stage_leaves_nothing_and_the_upload_says_it_failed(scratch, web_file, stage):
    before = scratch.left()
    upload_id, job_id = _queued_upload(scratch, web_file)
    worker = subprocess.Popen(
        [sys.executable, "-m", "dampingan", "db_worker", "--interval", "0.1"],
        env=scratch.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    # Polled, so a stage of a few milliseconds may pass unseen: then the kill lands in the next one, still inside
    # the import's transaction.
    deadline, target = time.monotonic() + 300, IMPORT_STAGES.index(stage)
    while worker.poll() is None and time.monotonic() < deadline:
        current = _stage_of(scratch, job_id)
        if current in IMPORT_STAGES and IMPORT_STAGES.index(current) >= target:
            break
        time.sleep(0.005)
    worker.send_signal(signal.SIGKILL)
    worker.wait()

    assert worker.returncode == -signal.SIGKILL, "the worker ended before the stage"
    assert scratch.left() == before
    settled = scratch.manage("shell", "--no-imports", "-c", SETTLE.format(upload_id=upload_id))
    status, message = settled.stdout.strip().split("|", 1)
    assert status == "failed"
    assert message == (
        "Impor berhenti karena proses latar belakang berhenti; tidak ada yang disimpan. Unggah berkas itu lagi."
    )


def test_after_the_worker_was_killed_the_same_file_uploads_and_imports(scratch, web_file):
    upload_id, _job_id = _queued_upload(scratch, web_file)
    worker = subprocess.run(
        [sys.executable, "-m", "dampingan", "db_worker", "--batch"], env=scratch.env, capture_output=True, timeout=600
    )

    assert worker.returncode == 0
    settled = scratch.manage("shell", "--no-imports", "-c", SETTLE.format(upload_id=upload_id))
    assert settled.stdout.startswith("imported|"), settled.stdout + settled.stderr
