"""Which registry uploads a task worker is working on, told by a file lock the worker holds while it checks or
imports a file (a web import whose worker died stayed "importing" forever, and every later upload was
refused with 409).

The operating system releases a ``flock`` when its process ends, however it ends (``kill -9`` included), so a
lock nobody holds on a job still marked running means its worker is gone. The lock files live in the data
directory, like the progress cache (registry/progress.py): web and worker on one machine. On several machines,
this check must move with that cache (a PostgreSQL advisory lock would do).
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings


def _path(upload_id: int) -> Path:
    return Path(settings.DATA_DIR) / "cache" / "jobs" / f"registry-upload-{upload_id}.lock"


@contextmanager
def running(upload_id: int) -> Iterator[None]:
    """Held by the worker for as long as it works on the upload."""
    path = _path(upload_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def is_held(upload_id: int) -> bool:
    """Whether a live process works on the upload now."""
    path = _path(upload_id)
    if not path.exists():
        return False
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False
