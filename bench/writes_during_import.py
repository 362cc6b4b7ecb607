"""Benchmark: how long the web's writes wait while a registry import writes its rows.

A scratch database (a SQLite file; or, with DATABASE_URL, that PostgreSQL database, which must be empty) gets the
demo's regions and users; gunicorn serves it (1 worker, 2 threads); the console import of an N-person file runs
beside it while one client creates partners through the API, one request after the other, for as long as the import
runs. Reported: the import's stages, and the writes sent while the import wrote its rows (households to figures):
how many, how many refused, and how long they took (median, p95, longest). On SQLite a write waits for the import's
write lock, up to the 20 s busy timeout, after which it would fail.

    .venv/bin/python bench/writes_during_import.py [--persons 1000000]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.local_server import free_port, get, post  # noqa: E402

STAGE = re.compile(rb"(?:^|[\r\n])(reading|checking|households|families|members|indexes|statistics)\b")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="dampingan-writes-"))
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"} | {"DAMPINGAN_DATA_DIR": str(data_dir)}

    def manage(*command: str) -> str:
        done = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "dampingan", *command], env=env, capture_output=True, text=True, check=True
        )
        return done.stdout

    manage("migrate", "--noinput")
    manage("shell", "--no-imports", "-c",
           "from dampingan.demo.services import load_demo; load_demo(['33.75'], registry_persons=0)")  # fmt: skip
    source = Path(tempfile.gettempdir()) / "benchcache" / f"dampingan-bench-{args.persons}.csv"
    if not source.exists():
        source = data_dir / "dtks.csv"
        manage("shell", "--no-imports", "-c",
               f"from dampingan.registry.synth import synth_registry; "
               f"synth_registry({args.persons}, '33.75', seed=3).write_csv({str(source)!r})")  # fmt: skip
    token = manage("shell", "--no-imports", "-c",
                   "from dampingan.accounts.models import ApiToken, User; "
                   "print(ApiToken.issue(User.objects.get(username='tkpk'), 'bench')[1])").strip()  # fmt: skip

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:dampingan.gunicorn_conf", "dampingan.wsgi"],
        env=env | {"GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1", "GUNICORN_THREADS": "2"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        get(f"http://127.0.0.1:{port}/healthz", wait=60)
        started = time.monotonic()
        importing = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "dampingan", "import_registry", str(source), "--source", "dtks",
             "--user", "operator.dinsos"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        stages: dict[str, float] = {}

        def watch() -> None:
            # Its own thread: a write waiting for the import's lock must not delay the stage times.
            # Raw reads: a stage's progress bar is redrawn with \r and ends its line only when the stage is done.
            while chunk := os.read(importing.stderr.fileno(), 1 << 16):
                for match in STAGE.finditer(chunk):
                    stages.setdefault(match.group(1).decode(), time.monotonic() - started)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        writes: list[tuple[float, float, int]] = []  # (sent at, seconds, status)
        while importing.poll() is None:
            sent = time.monotonic()
            status, _body = post(f"http://127.0.0.1:{port}/api/partners/",
                                 {"name": f"Mitra {len(writes)}", "kind": "perusahaan"}, token)  # fmt: skip
            writes.append((sent - started, time.monotonic() - sent, status))
        total = time.monotonic() - started
        watcher.join(timeout=10)
    finally:
        server.kill()
        server.wait()

    # A write overlaps the import's writing when it ends after the first row is written and starts before the end.
    writing_from = stages.get("households", total)
    during = [(at, seconds, status) for at, seconds, status in writes if at + seconds >= writing_from]
    database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    print(f"{platform.node()}, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}, {database}, {source.name}")
    print(f"import: exit {importing.returncode}, {total:.1f} s; stages began at "
          + ", ".join(f"{name} {at:.1f} s" for name, at in stages.items()))  # fmt: skip
    if during:
        seconds = sorted(d for _at, d, _s in during)
        refused = sorted({status for _at, _d, status in during if status != 201})
        p95 = seconds[min(len(seconds) - 1, int(0.95 * len(seconds)))]
        print(f"writes overlapping the import's writing: {len(during)}, refused {refused or 'none'}; "
              f"median {statistics.median(seconds):.2f} s, p95 {p95:.2f} s, longest {seconds[-1]:.2f} s")  # fmt: skip
    print(f"all writes: {len(writes)}, longest {max(d for _a, d, _s in writes):.2f} s")


if __name__ == "__main__":
    main()
