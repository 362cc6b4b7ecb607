"""Benchmark: load the whole Kemendagri hierarchy (target: under 30 s), then reload it (idempotent).

Run with `make bench` (SQLite) or `DATABASE_URL=postgres://... make bench`; append the output to RESULTS.md.
"""

import os
import platform
import tempfile
import time

import django
from django.core.management import call_command

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dampingan.settings")
os.environ.setdefault("DAMPINGAN_DATA_DIR", tempfile.mkdtemp(prefix="dampingan-bench-"))
django.setup()

from django.db import connection  # noqa: E402

from dampingan.regions.models import Region  # noqa: E402
from dampingan.regions.services import load_regions  # noqa: E402

call_command("migrate", verbosity=0)
# Point DATABASE_URL at an empty database: a "first load" over existing rows measures an update, not an insert.
existing = Region.objects.count()

started = time.perf_counter()
first = load_regions()
first_seconds = time.perf_counter() - started
started = time.perf_counter()
second = load_regions()
second_seconds = time.perf_counter() - started

print(f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}")
print(f"database: {connection.vendor} ({existing} regions before the first load)")
print(f"first load: {first.total} regions, {first.changed} written, {first_seconds:.2f} s")
print(f"second load: {second.changed} written, {second_seconds:.2f} s")
