"""The migration that moves ``reports.ReportJob`` into ``jobs.Job`` keeps every row and its primary key (a
report file's job, a task queued with a job's id and the API's /reports/jobs/<id> still match), and the next
job gets an id after them (PostgreSQL's sequence is reset). Run on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from dampingan.jobs import services as jobs
from dampingan.jobs.models import Job
from dampingan.registry.models import RegistryUpload
from dampingan.reports import services as report_services
from dampingan.reports.models import ReportFile

BEFORE_JOBS = [("reports", "0002_lp2kd_narrative"), ("registry", "0011_area_deprivation")]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_report_jobs_become_jobs_with_the_same_ids_and_files_keep_theirs():
    migrate([*BEFORE_JOBS, ("jobs", None)])
    try:
        # Rows written through the models as they were before the jobs app.
        old = MigrationExecutor(connection).loader.project_state(BEFORE_JOBS).apps
        user = old.get_model("accounts", "User").objects.create(username="tkpk.lama")
        report_model = old.get_model("reports", "Report")
        report_job = old.get_model("reports", "ReportJob")
        report = report_model.objects.create(
            kind="opd_mentoring", subject_key="2025-1", parameters={}, year=2025, title="Laporan", requested_by=user
        )
        other = report_model.objects.create(
            kind="lp2kd", subject_key="2025", parameters={}, year=2025, title="LP2KD", requested_by=user
        )
        made = timezone.now() - dt.timedelta(days=3)
        common = {"requested_by": user, "created_at": made, "started_at": made}
        report_job.objects.create(
            id=41, report=report, status="done", stage="done", progress_done=5, progress_total=5, **common,
            finished_at=made + dt.timedelta(seconds=9), error_message="PDF tidak dapat dibuat",
        )  # fmt: skip
        report_job.objects.create(id=42, report=report, status="failed", stage="pdf", from_frozen=True, **common)
        report_job.objects.create(id=57, report=other, requested_by=user)  # still queued
        old.get_model("reports", "ReportFile").objects.create(
            id=7, report=report, job_id=41, format="docx", file="reports/1/laporan.docx", size=10, sha256="a" * 64,
            report_status="draft", generated_by=user,
        )  # fmt: skip
        upload = old.get_model("registry", "RegistryUpload").objects.create(
            uploaded_by=user, file_name="dtks.csv", checksum="0" * 64, source="dtks", status="imported"
        )
    finally:
        migrate(latest())

    assert list(Job.objects.order_by("pk").values_list("pk", "kind", "subject", "status", "stage", "params")) == [
        (41, "reports.generate", f"report:{report.pk}", "done", "done", {"from_frozen": False}),
        (42, "reports.generate", f"report:{report.pk}", "failed", "pdf", {"from_frozen": True}),
        (57, "reports.generate", f"report:{other.pk}", "queued", "", {"from_frozen": False}),
    ]
    done = Job.objects.get(pk=41)
    assert done.requested_by_id == user.pk and done.created_at == made and done.error_message
    assert done.finished_at == made + dt.timedelta(seconds=9)
    assert ReportFile.objects.get(pk=7).job == done
    # What the page and the API show of them, as before.
    assert report_services.progress_of(done) == report_services.Progress("done", 5, 5)
    assert report_services.progress_of(Job.objects.get(pk=42)) == report_services.Progress("pdf", 3, 5)
    assert report_services.report_id_of(Job.objects.get(pk=57)) == other.pk
    # The next job's id follows the copied ones, and one report still has one running job at most.
    assert jobs.queue(report_services.KIND, report_services.subject(report.pk), done.requested_by).pk > 57
    with pytest.raises(IntegrityError), transaction.atomic():
        jobs.queue(report_services.KIND, report_services.subject(other.pk), done.requested_by)
    assert RegistryUpload.objects.get(pk=upload.pk).job is None
    assert RegistryUpload.objects.get(pk=upload.pk).status == "imported"
