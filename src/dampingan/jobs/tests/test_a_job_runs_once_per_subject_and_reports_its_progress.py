"""A job is queued, started and ended through jobs.services; one subject has one queued or running job at most;
its live progress goes through the shared ``progress`` cache in the stages its app declares, and goes when the
job ends."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from dampingan.jobs import lock, progress
from dampingan.jobs import services as jobs
from dampingan.jobs.models import Job

STAGES = progress.Stages({"reading": ("Reading", 1), "writing": ("Writing", 3)})


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def test_one_queued_or_running_job_per_subject(persona):
    first = jobs.queue("test.kind", "thing:1", persona("tkpk"))
    with pytest.raises(IntegrityError), transaction.atomic():
        jobs.queue("test.other", "thing:1", persona("tkpk"))
    jobs.queue("test.kind", "thing:2", persona("tkpk"))  # another subject runs beside it

    jobs.start(first.pk)
    jobs.finish(first.pk)

    again = jobs.queue("test.kind", "thing:1", persona("tkpk"), {"again": True})
    assert jobs.running_on("thing:1") == again and again.params == {"again": True}
    assert [job.pk for job in jobs.of("thing:1")] == [again.pk, first.pk]


def test_progress_is_weighted_by_stage_labelled_and_cleared_at_the_end(persona):
    job = jobs.queue("test.kind", "thing:1", persona("tkpk"))
    jobs.start(job.pk)
    job.refresh_from_db()

    progress.record(job.pk, "reading", 1, 2, stages=STAGES)
    assert progress.current(job, STAGES) == progress.Step("reading", 1, 2, 12, "Reading")
    progress.record(job.pk, "writing", 2, 3, stages=STAGES)
    assert progress.last_step(job.pk) == progress.Step("writing", 2, 3, 75)
    assert STAGES.only("writing").percent("writing", 2, 3) == 66

    jobs.fail(job.pk, "stopped")
    job.refresh_from_db()
    assert job.status == "failed" and job.stage == "writing" and job.error_message == "stopped"
    assert progress.last_step(job.pk) is None and progress.current(job) is None


def test_a_job_lost_for_longer_than_its_limit_expires(persona):
    lost = jobs.queue("test.kind", "thing:1", persona("tkpk"))
    Job.objects.filter(pk=lost.pk).update(created_at=timezone.now() - dt.timedelta(hours=2))
    fresh = jobs.queue("test.kind", "thing:2", persona("tkpk"))

    jobs.expire("thing:1", dt.timedelta(hours=1), "lost")
    jobs.expire("thing:2", dt.timedelta(hours=1), "lost")

    assert Job.objects.get(pk=lost.pk).status == "failed" and Job.objects.get(pk=fresh.pk).status == "queued"


def test_the_lock_is_held_while_a_worker_runs_on_the_subject(data_dir):
    assert not lock.is_held("registry-upload:3")
    with lock.running("registry-upload:3"):
        assert lock.is_held("registry-upload:3") and not lock.is_held("registry-upload:4")
    assert not lock.is_held("registry-upload:3")
