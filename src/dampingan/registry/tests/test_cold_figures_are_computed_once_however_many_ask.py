"""When a release's figures are not kept (a new version of the code, a kelurahan moved, a rank saved), the first
request computes them and the others wait for it, then read what it kept (on a cold start every request
of the public page computed the whole registry at once, 92-146 s each). The same for the frames kept on disk."""

import threading
import time

import pytest
from django.db import connection

from dampingan.registry import kept_frames, measures, statistics
from dampingan.registry.models import ReleaseStatistics

pytestmark = pytest.mark.django_db(transaction=True)  # the callers are threads with their own connections
CALLERS = 4


def _at_once(call) -> list:
    """``call()`` in CALLERS threads released together; their results, or the first error."""
    start, results, errors = threading.Barrier(CALLERS), [], []

    def caller() -> None:
        try:
            start.wait()
            results.append(call())
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=caller) for _ in range(CALLERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors[0]
    return results


def _counted(monkeypatch, module, name: str) -> list:
    """Count (and slow down, so that the callers overlap) every call of ``module.name``."""
    calls, original = [], getattr(module, name)

    def slow(*args, **kwargs):
        calls.append(1)
        time.sleep(0.5)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, slow)
    return calls


def test_figures_not_kept_are_computed_by_one_caller_and_read_by_the_others(registry, monkeypatch):
    statistics.forget(registry.pk)
    loads = _counted(monkeypatch, measures, "load_measure_frames")

    figures = _at_once(lambda: statistics.stored(registry))

    assert len(loads) == 1
    assert ReleaseStatistics.objects.filter(release=registry).count() == 1
    assert len({f.statistics.pk for f in figures}) == 1
    assert all(f.areas.equals(figures[0].areas) for f in figures)


def test_a_frame_not_kept_is_built_by_one_caller_and_read_by_the_others(registry, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    builds = []

    def build():
        builds.append(1)
        time.sleep(0.5)
        return measures.load_measure_frames(registry).households

    frames = _at_once(lambda: kept_frames.kept("households", [registry], build))

    assert len(builds) == 1
    assert all(frame.equals(frames[0]) for frame in frames) and frames[0].height == registry.household_count
