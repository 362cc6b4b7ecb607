"""Background tasks (Django tasks API; the database backend's `dampingan db_worker` runs them)."""

from django_tasks import task

from . import uploads


@task()
def check_upload(upload_id: int) -> None:
    uploads.run_check(upload_id)


@task()
def import_upload(upload_id: int, actor_id: int) -> None:
    uploads.run_import(upload_id, actor_id)
