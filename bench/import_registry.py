"""Benchmark: import a synthetic registry file of N member rows (default 1,000,000), end to end with
validation, into the configured database; report rows/s and peak memory, and on PostgreSQL the floor:
a plain COPY of the same CSV into an unindexed all-text table.

    .venv/bin/python bench/import_registry.py [--persons 1000000] [--format csv|xlsx]
    DATABASE_URL=postgres://... .venv/bin/python bench/import_registry.py

Targets: CSV into PostgreSQL >= 50,000 rows/s; peak memory <= 1.5 GB.
"""

import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dampingan.settings")
os.environ.setdefault("DAMPINGAN_DATA_DIR", tempfile.mkdtemp(prefix="dampingan-bench-"))  # kept by the re-exec
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from dampingan.accounts.models import User  # noqa: E402
from dampingan.demo.services import load_demo  # noqa: E402
from dampingan.registry import partitions  # noqa: E402
from dampingan.registry.imports import MAX_FILE_MB, plan_import, run_import  # noqa: E402
from dampingan.registry.models import Family, Household, Member, RegistryRelease, WelfareRank  # noqa: E402
from dampingan.registry.services import file_checksum  # noqa: E402
from dampingan.registry.synth import synth_registry  # noqa: E402


def write_large_xlsx(frame, path: Path) -> None:
    """A million-row workbook written row by row in xlsxwriter's constant-memory mode (polars' writer
    holds the whole sheet, over 8 GB at this size). Every cell is text, as SIKS-NG exports it."""
    import xlsxwriter

    with xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False}) as workbook:
        sheet = workbook.add_worksheet("DTKS")
        sheet.write_row(0, 0, frame.columns)
        for index, row in enumerate(frame.iter_rows(), start=1):
            sheet.write_row(index, 0, row)


def peak_rss_mb() -> float:
    """The process's peak resident memory since it started. VmHWM, not ru_maxrss: Linux carries ru_maxrss
    across exec, so it would still hold the set-up process's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup(content: bytes) -> None:
    """The deployment the import goes into: migrated, the demo's regions, OPDs and users, and no release left
    from an earlier run of the same file (dropped with its partitions: the ORM's cascade would load the
    previous million rows)."""
    call_command("migrate", verbosity=0)
    load_demo(region_roots=["33.75"], registry_persons=0)
    previous = list(RegistryRelease.objects.filter(checksum=file_checksum(content)).values_list("pk", flat=True))
    for release_id in previous:
        partitions.drop(release_id)
    for model in (WelfareRank, Member, Family, Household):  # SQLite, or rows in the default partition
        model.objects.filter(release_id__in=previous)._raw_delete(model.objects.db)  # no cascade collector
    RegistryRelease.objects.filter(pk__in=previous).delete()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument(
        "--assets-and-cards", action="store_true", help="Add the 22 asset-flag and programme-card columns"
    )
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)  # the second, fresh process
    args = parser.parse_args()

    flags = "-assets-cards" if args.assets_and_cards else ""
    source = args.cache / f"dampingan-bench-{args.persons}{flags}.{args.format}"
    if not args.measure:
        if not source.exists():
            started = time.perf_counter()
            frame = synth_registry(args.persons, "33.75", seed=42, assets_and_cards=args.assets_and_cards)
            if args.format == "csv":
                frame.write_csv(source)
            else:
                write_large_xlsx(frame, source)
            print(f"generated {source} in {time.perf_counter() - started:.1f} s")
            del frame
        setup(source.read_bytes())
        # Measured in a fresh process, as the CLI and the task worker run an import: neither the synthetic
        # frame nor the demo load may count towards the import's peak memory.
        os.execv(sys.executable, [sys.executable, *sys.argv, "--measure"])  # noqa: S606 (the same script)

    operator = User.objects.get(username="operator.dinsos")
    rss_before = peak_rss_mb()

    import dampingan.registry.imports as imports_module

    imports_module.MAX_FILE_MB = max(MAX_FILE_MB, source.stat().st_size // 2**20 + 1)  # the file is large
    started = time.perf_counter()
    with source.open("rb") as handle:  # as the CLI and the upload task do
        plan = plan_import(handle, source.name)
    size = source.stat().st_size
    checked = time.perf_counter()
    rows = plan.source_frame.height  # the import releases the plan's rows
    stages_started = time.perf_counter()
    seen: set[str] = set()

    def stage(name: str, _done: int, _total: int) -> None:
        # When each stage of the commit begins: where the time goes, without a profiler.
        if name not in seen:
            seen.add(name)
            print(f"  commit +{time.perf_counter() - stages_started:5.1f} s: {name}", flush=True)

    release = run_import(operator, plan, source="dtks", progress=stage)
    finished = time.perf_counter()
    peak_mb = peak_rss_mb()

    total = finished - started
    print(
        f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"database: {connection.vendor}; file: {args.format}, {size / 2**20:.0f} MB, {rows:,} rows")
    print(f"read+validate: {checked - started:.1f} s; commit: {finished - checked:.1f} s; total {total:.1f} s")
    print(f"rate: {rows / total:,.0f} rows/s; households {release.household_count:,}; members {release.member_count:,}")
    print(f"peak memory (max RSS): {peak_mb:,.0f} MB (before import {rss_before:,.0f} MB)")
    print(f"polars allocator settings: {os.environ.get('_RJEM_MALLOC_CONF', '(jemalloc defaults)')}")

    if connection.vendor == "postgresql" and args.format == "csv":
        content = source.read_bytes()
        header = content.split(b"\n", 1)[0].decode().split(",")
        columns = ", ".join(f'"c{i}" text' for i in range(len(header)))
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_copy_floor")
            cursor.execute(f"CREATE UNLOGGED TABLE bench_copy_floor ({columns})")
            started = time.perf_counter()
            with cursor.copy("COPY bench_copy_floor FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
                copy.write(content)
            floor = time.perf_counter() - started
            cursor.execute("DROP TABLE bench_copy_floor")
        print(
            f"floor: plain COPY of the CSV into an unindexed text table {floor:.1f} s ({rows / floor:,.0f} rows/s); "
            f"ratio {total / floor:.1f}x"
        )

    sqlite3_cli = shutil.which("sqlite3")
    if connection.vendor == "sqlite" and args.format == "csv" and sqlite3_cli:
        with tempfile.TemporaryDirectory() as scratch:
            started = time.perf_counter()
            subprocess.run(  # noqa: S603 (the sqlite3 shell, on our own file)
                [sqlite3_cli, str(Path(scratch) / "floor.sqlite3"), ".mode csv", f".import {source} floor"], check=True
            )
            floor = time.perf_counter() - started
        rate = f"{rows / floor:,.0f} rows/s"
        print(f"floor: sqlite3 .import of the CSV {floor:.1f} s ({rate}); ratio {total / floor:.1f}x")


if __name__ == "__main__":
    main()
