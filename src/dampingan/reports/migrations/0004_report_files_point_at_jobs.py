"""ReportFile.job points at jobs.Job (whose rows the previous migration copied with their ids); ReportJob goes,
and with it ``report_job_one_running_per_report`` (jobs.Job's ``job_one_running_per_subject`` holds now)."""

import django.db.models.deletion
from django.db import migrations, models

KIND = "reports.generate"
STAGES = ["reading", "docx", "xlsx", "pdf", "saving"]


def _stages_done(status: str, stage: str) -> tuple[int, int]:
    if status == "done":
        return len(STAGES), len(STAGES)
    return (STAGES.index(stage), len(STAGES)) if stage in STAGES else (0, 0)


def back_to_report_jobs(apps, schema_editor) -> None:
    """Undo: the generations back into ReportJob, with their ids, before ReportFile.job points at it again."""
    report_job = apps.get_model("reports", "ReportJob")
    job = apps.get_model("jobs", "Job")
    using = schema_editor.connection.alias
    report_job.objects.using(using).bulk_create(
        report_job(
            id=old.pk,
            report_id=int(old.subject.removeprefix("report:")),
            requested_by_id=old.requested_by_id,
            status=old.status,
            from_frozen=bool(old.params.get("from_frozen")),
            stage=old.stage,
            progress_done=_stages_done(old.status, old.stage)[0],
            progress_total=_stages_done(old.status, old.stage)[1],
            error_message=old.error_message,
            created_at=old.created_at,
            started_at=old.started_at,
            finished_at=old.finished_at,
        )
        for old in job.objects.using(using).filter(kind=KIND).order_by("pk")
    )
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        from django.core.management.color import no_style

        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [report_job]):
                cursor.execute(statement)
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0001_jobs"),
        ("reports", "0003_report_jobs_become_jobs"),
    ]

    operations = [
        migrations.AlterField(
            model_name="reportfile",
            name="job",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="jobs.job"
            ),
        ),
        migrations.RunPython(migrations.RunPython.noop, back_to_report_jobs),
        migrations.DeleteModel(name="ReportJob"),
    ]
