"""A report's generations move to jobs.Job (kind "reports.generate", subject "report:<id>") with their primary
keys, so that ReportFile.job, a task still queued with a job's id and the API's /reports/jobs/<id> still
match. The next migration points ReportFile.job at jobs.Job and drops ReportJob."""

from django.core.management.color import no_style
from django.db import migrations

KIND = "reports.generate"
BATCH = 1000


def _after_explicit_ids(schema_editor, model) -> None:
    """The next id after the ones inserted (PostgreSQL's sequence; SQLite follows the largest id by itself),
    and the deferred foreign key checks done now, not left pending for the next migration."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def to_jobs(apps, schema_editor) -> None:
    report_job = apps.get_model("reports", "ReportJob")
    job = apps.get_model("jobs", "Job")
    using = schema_editor.connection.alias
    rows = report_job.objects.using(using).order_by("pk")
    batch = []
    for old in rows.iterator(chunk_size=BATCH):
        batch.append(
            job(
                id=old.pk,
                kind=KIND,
                subject=f"report:{old.report_id}",
                requested_by_id=old.requested_by_id,
                status=old.status,
                params={"from_frozen": old.from_frozen},
                stage=old.stage,
                error_message=old.error_message,
                created_at=old.created_at,
                started_at=old.started_at,
                finished_at=old.finished_at,
            )
        )
        if len(batch) == BATCH:
            job.objects.using(using).bulk_create(batch)
            batch = []
    job.objects.using(using).bulk_create(batch)
    _after_explicit_ids(schema_editor, job)


def back_from_jobs(apps, schema_editor) -> None:
    """Undo: the rows stay in ReportJob until the next migration drops it; the copies go."""
    apps.get_model("jobs", "Job").objects.using(schema_editor.connection.alias).filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_lp2kd_narrative"),
        ("jobs", "0001_jobs"),
    ]

    operations = [migrations.RunPython(to_jobs, back_from_jobs)]
