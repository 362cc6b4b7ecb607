"""Live progress of a registry upload, for the page and the API that poll it.

The check and the import run in the task worker; the page is served by the web process. The import writes
everything in one transaction, so a counter kept in the upload's row would stay invisible until the end
(and on SQLite the worker holds the only write lock). Progress therefore goes through Django's cache alias
``progress``: a file-based cache under DAMPINGAN_DATA_DIR by default, which every process on the machine
shares (settings.py; point it at Redis or Memcached when the web and the worker run on different machines).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import caches
from django.utils.translation import gettext_lazy as _

from .models import RegistryUpload

# Each stage's share of the time of a million-row CSV import into PostgreSQL (bench/RESULTS.md), so that
# the bar moves at an even pace. The import checks the file again before writing it.
STAGES = {
    "reading": (_("Reading the file"), 11),
    "checking": (_("Checking the rows"), 36),
    "households": (_("Writing households"), 8),
    "families": (_("Writing families"), 3),
    "members": (_("Writing members"), 14),
    "indexes": (_("Indexing and checking the links"), 19),
    "statistics": (_("Computing the figures per kelurahan"), 9),
}
CHECK_STAGES = ("reading", "checking")
IMPORT_STAGES = tuple(STAGES)
# Longer than any import; a key left by a worker that died goes by itself.
TIMEOUT_SECONDS = 6 * 3600


@dataclass(frozen=True)
class Step:
    stage: str
    done: int
    total: int
    percent: int

    @property
    def label(self) -> str:
        return str(STAGES[self.stage][0])


def _key(upload_id: int) -> str:
    return f"registry-upload-{upload_id}"


def record(upload_id: int, stage: str, done: int = 0, total: int = 0, *, stages: tuple[str, ...]) -> None:
    """Where the job of ``upload_id`` is: ``done`` of ``total`` rows of ``stage``, one of ``stages``."""
    weights = {name: STAGES[name][1] for name in stages}
    before = sum(weights[name] for name in stages[: stages.index(stage)])
    fraction = min(done / total, 1.0) if total else 0.0
    percent = int(100 * (before + weights[stage] * fraction) / sum(weights.values()))
    caches["progress"].set(_key(upload_id), (stage, done, total, percent), TIMEOUT_SECONDS)


def clear(upload_id: int) -> None:
    caches["progress"].delete(_key(upload_id))


def last_step(upload_id: int) -> Step | None:
    """The last step recorded for ``upload_id`` (no database access: it is read while a COPY is open)."""
    found = caches["progress"].get(_key(upload_id))
    return Step(*found) if found else None


def current(upload: RegistryUpload) -> Step | None:
    """The running job's last step, or None when it is not running (or has not reported yet)."""
    return last_step(upload.pk) if upload.is_running else None
