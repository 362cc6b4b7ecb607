"""One computation at a time of the same costly result (on a cold start, every request for the public
page computed the whole registry at once, 92-146 s each, and more requests made each slower).

``one_at_a_time(name)`` lets one caller in and keeps the others waiting until it is done; they then find its result
kept and read it instead of computing it again. Held across processes and machines: a PostgreSQL advisory lock
(released by the server if the process dies); on SQLite, whose processes share one machine, a file lock in the data
directory (released by the operating system if the process dies).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connections

from dampingan.lib import file_locks


@contextmanager
def one_at_a_time(name: str, *, using: str = "default") -> Iterator[None]:
    digest = hashlib.sha256(name.encode()).digest()
    connection = connections[using]
    if connection.vendor == "postgresql":
        key = int.from_bytes(digest[:8], "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [key])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    with file_locks.held(Path(settings.DATA_DIR) / "cache" / "locks" / f"{digest.hex()[:32]}.lock"):
        yield
