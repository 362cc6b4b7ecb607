"""Which subjects a task worker is working on, told by a file lock the worker holds while it runs a job on
the subject (a web import whose worker died stayed "importing" forever, and every later upload was refused
with 409).

The operating system releases a ``flock`` when its process ends, however it ends (``kill -9`` included), so a
lock nobody holds on a subject whose job is still marked running means its worker is gone. The lock files live
in the data directory, like the progress cache (jobs/progress.py): web and worker on one machine. On several
machines, this check must move with that cache (a PostgreSQL advisory lock would do).
"""

from __future__ import annotations

import fcntl
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings


def _path(subject: str) -> Path:
    name = re.sub(r"[^A-Za-z0-9_.-]", "-", subject)
    return Path(settings.DATA_DIR) / "cache" / "jobs" / f"{name}.lock"


@contextmanager
def running(subject: str) -> Iterator[None]:
    """Held by the worker for as long as it works on ``subject``."""
    path = _path(subject)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def is_held(subject: str) -> bool:
    """Whether a live process works on ``subject`` now."""
    path = _path(subject)
    if not path.exists():
        return False
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False
