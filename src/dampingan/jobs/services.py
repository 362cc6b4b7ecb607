"""Queue, start and end a job. The owning app queues its task with the job's id (or its subject's) and calls
these from the task; a refusal while another job on the same subject runs is the database's
(``job_one_running_per_subject``: ``IntegrityError``)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone

from . import progress
from .models import RUNNING_JOB_STATUSES, Job, JobStatus

if TYPE_CHECKING:
    # The user model named by settings.AUTH_USER_MODEL, for the type checker only: this app imports no other.
    from dampingan.accounts.models import User


def queue(kind: str, subject: str, requested_by: User, params: dict[str, Any] | None = None) -> Job:
    """A new queued job; ``IntegrityError`` when one on ``subject`` is queued or running (call it inside a
    savepoint, ``transaction.atomic()``, to go on after the refusal)."""
    return Job.objects.create(kind=kind, subject=subject, requested_by=requested_by, params=params or {})


def of(subject: str, kind: str | None = None) -> QuerySet[Job]:
    """The jobs on ``subject`` (of ``kind``), newest first."""
    jobs = Job.objects.filter(subject=subject)
    if kind is not None:
        jobs = jobs.filter(kind=kind)
    return jobs.order_by("-created_at", "-pk")


def running_on(subject: str) -> Job | None:
    """The job queued or running on ``subject``, if any."""
    return of(subject).filter(status__in=RUNNING_JOB_STATUSES).select_related("requested_by").first()


def start(job_id: int) -> None:
    Job.objects.filter(pk=job_id).update(status=JobStatus.RUNNING, started_at=timezone.now())


def finish(job_id: int, *, stage: str = "done", error_message: str = "") -> None:
    """The job ended well (``error_message``: what it could not do beside, e.g. a file format it skipped)."""
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.DONE, finished_at=timezone.now(), stage=stage, error_message=error_message
    )
    progress.clear(job_id)


def fail(job_id: int, error_message: str) -> bool:
    """The queued or running job stopped; its stage is where it stopped (from jobs/progress.py). Whether it
    was still queued or running."""
    step = progress.last_step(job_id)
    changes: dict[str, Any] = {
        "status": JobStatus.FAILED,
        "finished_at": timezone.now(),
        "error_message": error_message,
    }
    if step is not None:
        changes["stage"] = step.stage
    failed = Job.objects.filter(pk=job_id, status__in=RUNNING_JOB_STATUSES).update(**changes)
    progress.clear(job_id)
    return bool(failed)


def expire(subject: str, older_than: dt.timedelta, error_message: str) -> None:
    """Mark failed the jobs on ``subject`` queued or running for longer than ``older_than`` (their worker stopped)."""
    stale = of(subject).filter(status__in=RUNNING_JOB_STATUSES, created_at__lt=timezone.now() - older_than)
    for pk in stale.values_list("pk", flat=True):
        fail(pk, error_message)
