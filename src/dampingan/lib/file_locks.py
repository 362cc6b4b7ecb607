"""Exclusive file locks between the processes of one machine (web, task worker).

The operating system releases a ``flock`` when its process ends, however it ends (``kill -9`` included), so a
lock is never left behind by a process that died: what ``jobs.lock`` relies on to tell a dead worker, and
``single_flight`` to wait for one computation on SQLite.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def held(path: Path) -> Iterator[None]:
    """Hold the lock on ``path`` while the block runs, waiting for another holder first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def is_held(path: Path) -> bool:
    """Whether a live process holds the lock on ``path`` now."""
    if not path.exists():
        return False
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False
