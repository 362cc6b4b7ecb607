"""Live progress of a running job, for the pages and the API that poll it.

The jobs run in the task worker; the pages are served by the web process. The registry import writes
everything in one transaction, so a counter kept in a row would stay invisible until the end (and on SQLite
the worker holds the only write lock). Progress therefore goes through Django's cache alias ``progress``: a
file-based cache under DAMPINGAN_DATA_DIR by default, which every process on the machine shares (settings.py;
point it at Redis or Memcached when the web and the worker run on different machines).

The app that owns a kind of job declares its stages (``Stages``): their order, labels and shares of the time,
so that the bar moves at an even pace.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.core.cache import caches
from django.utils.functional import Promise

from .models import Job

# Longer than any job; a key left by a worker that died goes by itself.
TIMEOUT_SECONDS = 6 * 3600


class Stages:
    """The stages of a kind of job in order, each with its label and its share of the time."""

    def __init__(self, stages: dict[str, tuple[str | Promise, int]]) -> None:
        self._stages = dict(stages)

    def __iter__(self) -> Iterator[str]:
        return iter(self._stages)

    def __len__(self) -> int:
        return len(self._stages)

    def names(self) -> tuple[str, ...]:
        return tuple(self._stages)

    def only(self, *names: str) -> Stages:
        """The same stages, keeping ``names`` only (a job that runs part of them)."""
        return Stages({name: self._stages[name] for name in names})

    def index(self, stage: str) -> int:
        return self.names().index(stage)

    def label(self, stage: str) -> str:
        found = self._stages.get(stage)
        return str(found[0]) if found else ""

    def percent(self, stage: str, done: int, total: int) -> int:
        """How far a job is that did ``done`` of ``total`` units of ``stage``."""
        names = self.names()
        weights = {name: weight for name, (_label, weight) in self._stages.items()}
        before = sum(weights[name] for name in names[: names.index(stage)])
        fraction = min(done / total, 1.0) if total else 0.0
        return int(100 * (before + weights[stage] * fraction) / sum(weights.values()))


@dataclass(frozen=True)
class Step:
    stage: str
    done: int
    total: int
    percent: int
    label: str = ""


def _key(job_id: int) -> str:
    return f"job-{job_id}"


def record(job_id: int, stage: str, done: int = 0, total: int = 0, *, stages: Stages) -> None:
    """Where job ``job_id`` is: ``done`` of ``total`` units of ``stage``, one of ``stages``."""
    percent = stages.percent(stage, done, total)
    caches["progress"].set(_key(job_id), (stage, done, total, percent), TIMEOUT_SECONDS)


def clear(job_id: int) -> None:
    caches["progress"].delete(_key(job_id))


def last_step(job_id: int, stages: Stages | None = None) -> Step | None:
    """The last step recorded for ``job_id`` (no database access: it is read while a COPY is open); labelled
    from ``stages`` when given."""
    found = caches["progress"].get(_key(job_id))
    if not found:
        return None
    stage, done, total, percent = found
    return Step(stage, done, total, percent, stages.label(stage) if stages else "")


def current(job: Job | None, stages: Stages | None = None) -> Step | None:
    """The running job's last step, or None when it is not running (or has not reported yet)."""
    return last_step(job.pk, stages) if job is not None and job.is_running else None
