"""Web uploads of registry files: start → check (background) → map columns if needed → confirm → import
(background). The upload's row (RegistryUpload) is what the page polls; one upload runs at a time. The check and
the import each run as a jobs.Job on the upload (kinds ``CHECK`` and ``IMPORT``, subject ``subject(upload.pk)``),
which reports its progress through jobs/progress.py in the stages declared here."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from dampingan.access.roles import Capability
from dampingan.access.scope import Scope
from dampingan.accounts.models import User
from dampingan.jobs import lock, progress
from dampingan.jobs import services as jobs
from dampingan.jobs.models import Job

from . import imports, services
from .models import RUNNING_UPLOAD_STATUSES, RegistryUpload, SavedHeaderMapping, UploadStatus

if TYPE_CHECKING:
    from dampingan.accounts.models import User

# A task a worker took this recently may not hold its job's lock yet (jobs/lock.py): not abandoned.
CLAIM_GRACE = dt.timedelta(seconds=60)

CHECK = "registry.check"
IMPORT = "registry.import"

# Each stage's share of the time of a million-row CSV import into PostgreSQL (bench/RESULTS.md), so that
# the bar moves at an even pace. The import checks the file again before writing it.
STAGES = progress.Stages(
    {
        "reading": (gettext_lazy("Reading the file"), 11),
        "checking": (gettext_lazy("Checking the rows"), 36),
        "households": (gettext_lazy("Writing households"), 8),
        "families": (gettext_lazy("Writing families"), 3),
        "members": (gettext_lazy("Writing members"), 14),
        "indexes": (gettext_lazy("Indexing and checking the links"), 19),
        "statistics": (gettext_lazy("Computing the figures per kelurahan"), 9),
    }
)
CHECK_STAGES = STAGES.only("reading", "checking")
IMPORT_STAGES = STAGES


def subject(upload_id: int) -> str:
    """What the check and the import of the upload ``upload_id`` work on (``Job.subject``, the worker's lock)."""
    return f"registry-upload:{upload_id}"


def step(upload: RegistryUpload) -> progress.Step | None:
    """The running check's or import's last step, or None when it is not running (or has not reported yet)."""
    return progress.current(upload.job, STAGES) if upload.is_running else None


def _reporter(job_id: int, stages: progress.Stages) -> services.Progress:
    """The callback the check and the import report to; what the page polls (jobs/progress.py)."""

    def report(stage: str, done: int, total: int) -> None:
        progress.record(job_id, stage, done, total, stages=stages)

    return report


def _queue(upload: RegistryUpload, kind: str, actor: User) -> Job:
    """A job for the upload's next run, as the upload's current one (inside the caller's transaction)."""
    job = jobs.queue(kind, subject(upload.pk), actor)
    RegistryUpload.objects.filter(pk=upload.pk).update(job=job)
    upload.job = job
    return job


def _started(upload: RegistryUpload, kind: str, actor: User) -> int:
    """The id of the job the worker now runs on the upload, marked running (a job queued before jobs.Job
    existed has none: it gets one)."""
    job = upload.job
    if job is None or job.kind != kind or not job.is_running:
        with transaction.atomic():
            job = _queue(upload, kind, actor)
    jobs.start(job.pk)
    return job.pk


def start_upload(
    actor: User,
    file: UploadedFile,
    *,
    source: str,
    sk_number: str = "",
    sk_date: dt.date | None = None,
    data_date: dt.date | None = None,
) -> RegistryUpload:
    """Store the file and queue its check. Refused while another upload is being checked or imported."""
    Scope.for_user(actor).require(Capability.IMPORT_REGISTRY)
    settle_abandoned()
    content = file.read()
    checksum = services.file_checksum(content)
    services.ensure_not_imported(checksum)
    with transaction.atomic():
        running = RegistryUpload.objects.select_for_update().filter(status__in=RUNNING_UPLOAD_STATUSES).first()
        if running is not None:
            raise services.RegistryImportError(
                _("Another registry file (%(file)s) is being processed; wait until it has finished.")
                % {"file": running.file_name}
            )
        file.seek(0)
        assert file.name is not None  # an uploaded file always has its name
        upload = RegistryUpload.objects.create(
            uploaded_by=actor,
            file=file,
            file_name=file.name,
            checksum=checksum,
            source=source,
            sk_number=sk_number,
            sk_date=sk_date,
            data_date=data_date,
        )
        _queue(upload, CHECK, actor)
    from .tasks import check_upload

    check_upload.enqueue(upload.pk)
    return upload


def _plan(upload: RegistryUpload, report: services.Progress) -> imports.ImportPlan:
    saved = upload.mapping or getattr(SavedHeaderMapping.objects.first(), "mapping", None)
    with upload.file.open("rb") as handle:
        return imports.plan_import(handle, upload.file_name, saved, progress=report)


def _waiting_for_a_worker(now: dt.datetime) -> set[int]:
    """Uploads whose check or import is queued, or was taken by a worker a moment ago."""
    from .tasks import check_upload, import_upload

    tasks = DBTaskResult.objects.filter(task_path__in=[check_upload.module_path, import_upload.module_path])
    pending = tasks.filter(
        Q(status=TaskResultStatus.READY) | Q(status=TaskResultStatus.RUNNING, started_at__gte=now - CLAIM_GRACE)
    )
    return {int(args_kwargs["args"][0]) for args_kwargs in pending.values_list("args_kwargs", flat=True)}


def settle_abandoned(now: dt.datetime | None = None) -> list[int]:
    """Mark failed the uploads whose worker died while checking or importing them (nothing of them was saved: the
    import is one transaction); the ids so marked. Called before a new upload and when a job's page is read."""
    now = now or timezone.now()
    stale = list(
        RegistryUpload.objects.filter(status__in=(UploadStatus.VALIDATING, UploadStatus.IMPORTING)).values_list(
            "pk", "status", "job_id"
        )
    )
    if not stale:
        return []
    waiting = _waiting_for_a_worker(now)
    settled = []
    for pk, status, job_id in stale:
        if pk in waiting or lock.is_held(subject(pk)):
            continue
        message = (
            _("The import stopped because the background worker stopped; nothing was saved. Upload the file again.")
            if status == UploadStatus.IMPORTING
            else _("The check stopped because the background worker stopped. Upload the file again.")
        )
        if RegistryUpload.objects.filter(pk=pk, status=status).update(
            status=UploadStatus.FAILED, error_message=message
        ):
            if job_id is not None:
                jobs.fail(job_id, message)
            settled.append(pk)
    return settled


def run_check(upload_id: int) -> RegistryUpload:
    """The background check: validate the file and record what the page shows."""
    with lock.running(subject(upload_id)):
        return _check(upload_id)


def _check(upload_id: int) -> RegistryUpload:
    upload = RegistryUpload.objects.select_related("job", "uploaded_by").get(pk=upload_id)
    job_id = _started(upload, CHECK, upload.uploaded_by)
    RegistryUpload.objects.filter(pk=upload.pk).update(status=UploadStatus.VALIDATING)
    try:
        plan = _plan(upload, _reporter(job_id, CHECK_STAGES))
    except services.RegistryImportError as exc:
        upload.status, upload.error_message = UploadStatus.FAILED, str(exc)
        upload.save(update_fields=["status", "error_message", "updated_at"])
        jobs.fail(job_id, str(exc))
        return upload
    except Exception:
        message = _("The check stopped on an internal error.")
        RegistryUpload.objects.filter(pk=upload.pk).update(status=UploadStatus.FAILED, error_message=message)
        jobs.fail(job_id, message)
        raise
    finally:
        progress.clear(job_id)
    jobs.finish(job_id)
    upload.refresh_from_db()
    upload.headers = list(plan.source_frame.columns)
    upload.mapping = plan.mapping
    upload.summary = summarise(plan)
    upload.status = UploadStatus.NEEDS_MAPPING if plan.problems else UploadStatus.VALIDATED
    upload.save()
    return upload


def summarise(plan: imports.ImportPlan) -> dict[str, object]:
    """What the check page and the API show of a checked file (kept as the upload's summary)."""
    validated, checked = plan.validated, not plan.problems
    return {
        "rows": plan.source_frame.height,
        "title": plan.title,
        "header_row": plan.header_row,
        "ignored_columns": plan.unmatched,
        "households": plan.households,
        "kept_households": plan.kept_households,
        "errors": validated.errors.height if checked else 0,
        "warnings": validated.warnings.height if checked else 0,
        "problems": plan.problems,
        "importable": plan.importable,
        "not_importable_reason": "" if plan.importable or not checked else plan.why_not_importable(),
        "first_issues": plan.issue_lines(20) if checked else [],
        "findings": plan.findings() if checked else [],
    }


def set_mapping(actor: User, upload: RegistryUpload, mapping: dict[str, str]) -> RegistryUpload:
    """Use the user's column mapping for this file, remember it for the next ones, and check again."""
    Scope.for_user(actor).require(Capability.IMPORT_REGISTRY)
    headers = set(upload.headers)
    chosen = {field: header for field, header in mapping.items() if header in headers}
    with transaction.atomic():
        upload.mapping = {**upload.mapping, **chosen}
        upload.status = UploadStatus.QUEUED
        upload.save(update_fields=["mapping", "status", "updated_at"])
        SavedHeaderMapping.objects.create(mapping=upload.mapping, saved_by=actor)
        _queue(upload, CHECK, actor)
    from .tasks import check_upload

    check_upload.enqueue(upload.pk)
    return upload


def confirm_upload(actor: User, upload: RegistryUpload) -> RegistryUpload:
    Scope.for_user(actor).require(Capability.IMPORT_REGISTRY)
    if upload.status != UploadStatus.VALIDATED:
        raise services.RegistryImportError(_("Only a checked file can be imported."))
    if not upload.summary.get("importable", True):
        raise services.RegistryImportError(upload.summary.get("not_importable_reason") or _("Nothing can be imported."))
    try:
        with transaction.atomic():
            _queue(upload, IMPORT, actor)
            RegistryUpload.objects.filter(pk=upload.pk).update(status=UploadStatus.IMPORTING)
    except IntegrityError as exc:  # confirmed twice at once: the first import runs (job_one_running_per_subject)
        raise services.RegistryImportError(_("Only a checked file can be imported.")) from exc
    from .tasks import import_upload

    import_upload.enqueue(upload.pk, actor.pk)
    upload.refresh_from_db()
    return upload


def run_import(upload_id: int, actor_id: int) -> RegistryUpload:
    """The background import: validate again (the file is the evidence) and commit all or nothing."""
    with lock.running(subject(upload_id)):
        return _import(upload_id, actor_id)


def _import(upload_id: int, actor_id: int) -> RegistryUpload:
    upload = RegistryUpload.objects.select_related("job").get(pk=upload_id)
    actor = User.objects.get(pk=actor_id)
    job_id = _started(upload, IMPORT, actor)
    report = _reporter(job_id, IMPORT_STAGES)
    try:
        plan = _plan(upload, report)
        release = imports.run_import(
            actor,
            plan,
            source=upload.source,
            sk_number=upload.sk_number,
            sk_date=upload.sk_date,
            data_date=upload.data_date,
            progress=report,
        )
    except services.RegistryImportError as exc:
        RegistryUpload.objects.filter(pk=upload.pk).update(status=UploadStatus.FAILED, error_message=str(exc))
        jobs.fail(job_id, str(exc))
    except Exception:
        # Never leave the job "importing": that would block every later upload.
        message = _("The import stopped on an internal error; nothing was saved.")
        RegistryUpload.objects.filter(pk=upload.pk).update(status=UploadStatus.FAILED, error_message=message)
        jobs.fail(job_id, message)
        raise
    else:
        RegistryUpload.objects.filter(pk=upload.pk).update(status=UploadStatus.IMPORTED, release=release)
        jobs.finish(job_id)
    finally:
        progress.clear(job_id)
    upload.refresh_from_db()
    return upload
