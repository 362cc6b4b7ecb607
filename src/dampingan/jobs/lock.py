"""Which subjects a task worker is working on, told by a file lock the worker holds while it runs a job on
the subject (a web import whose worker died stayed "importing" forever, and every later upload was refused
with 409).

The operating system releases a ``flock`` when its process ends, however it ends (``kill -9`` included), so a
lock nobody holds on a subject whose job is still marked running means its worker is gone. The lock files live
in the data directory, like the progress cache (jobs/progress.py): web and worker on one machine. On several
machines, this check must move with that cache (a PostgreSQL advisory lock would do).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from dampingan.lib import file_locks


def _path(subject: str) -> Path:
    name = re.sub(r"[^A-Za-z0-9_.-]", "-", subject)
    return Path(settings.DATA_DIR) / "cache" / "jobs" / f"{name}.lock"


@contextmanager
def running(subject: str) -> Iterator[None]:
    """Held by the worker for as long as it works on ``subject``."""
    with file_locks.held(_path(subject)):
        yield


def is_held(subject: str) -> bool:
    """Whether a live process works on ``subject`` now."""
    return file_locks.is_held(_path(subject))
