"""Background tasks (Django tasks API; the database backend's `dampingan db_worker` runs them)."""

from django_tasks import task

from . import services


@task()
def generate_report(job_id: int) -> None:
    services.run_job(job_id)
