"""Frames derived from a committed release, kept as Parquet files in the data directory and shared by every web
process and the task worker: the release's households with their desil (the targeting page) and the diff of two
releases. Each took 0.6-1.7 s to build at a million persons, on every request.

A frame is keyed by the releases it comes from and by the moment their figures were kept
(``ReleaseStatistics.computed_at``): saving a household, member or rank drops those figures
(``statistics.forget``), so the next key differs and the frame is built again. A release whose figures are not kept
(or out of date) gets no kept frame: it is built each time, as before. The files hold ids, kelurahan codes and desil
only, never a name or an identifier; the database stays the record, and deleting the directory loses nothing.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import polars as pl
from django.conf import settings

from dampingan.lib.single_flight import one_at_a_time

from . import statistics
from .models import RegistryRelease, ReleaseStatistics

# Raise when the frames' contents change: every kept file is then built again.
VERSION = 1


def _directory() -> Path:
    return Path(settings.DATA_DIR) / "cache" / "frames"


def stamp(releases: Sequence[RegistryRelease]) -> str | None:
    """What a frame of ``releases`` is valid for, or None when one of them has no up-to-date kept figures."""
    found = {row.release_id: row for row in ReleaseStatistics.objects.filter(release__in=releases)}
    geography = statistics.Geography.current()
    parts = []
    for release in releases:
        row = found.get(release.pk)
        if row is None or not statistics.up_to_date(row, release, geography):
            return None
        parts.append(f"{release.pk}@{row.computed_at.isoformat()}")
    return f"v{VERSION}:" + ",".join(parts)


def kept(name: str, releases: Sequence[RegistryRelease], build: Callable[[], pl.DataFrame]) -> pl.DataFrame:
    """The frame ``name`` of ``releases``: read from its file when kept, else built (and kept when it may be)."""
    key = stamp(releases)
    if key is None:
        return build()
    prefix = f"{name}-" + "-".join(str(release.pk) for release in releases) + "-"
    path = _directory() / f"{prefix}{hashlib.sha256(key.encode()).hexdigest()[:16]}.parquet"
    frame = _read(path)
    if frame is not None:
        return frame
    with one_at_a_time(f"kept-frame-{path.name}"):  # one process builds it; the others wait, then read its file
        frame = _read(path)
        return frame if frame is not None else _build(path, prefix, build)


def _read(path: Path) -> pl.DataFrame | None:
    if not path.exists():
        return None
    try:
        return pl.read_parquet(path)
    except (OSError, pl.exceptions.ComputeError):
        return None  # a damaged file: built again


def _build(path: Path, prefix: str, build: Callable[[], pl.DataFrame]) -> pl.DataFrame:
    frame = build()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written aside, then renamed: a reader never sees half a file, and two writers leave one whole file.
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(handle)
    frame.write_parquet(temporary)
    os.replace(temporary, path)
    for older in path.parent.glob(f"{prefix}*.parquet"):
        if older != path:
            older.unlink(missing_ok=True)
    return frame
