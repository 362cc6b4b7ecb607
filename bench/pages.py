"""Benchmark: every page and API list of every demo persona, through gunicorn with the documented
configuration (``dampingan.gunicorn_conf``), p50 and p95 per page.

    .venv/bin/python bench/pages.py --quick                       # the demo (120,000 persons), SQLite
    DATABASE_URL=postgres://... .venv/bin/python bench/pages.py   # demo + three 1 M-person releases
    DATABASE_URL=postgres://... .venv/bin/python bench/pages.py --load 50 --duration 120   # 50 concurrent users

Set-up (kept in ``--data-dir`` and the database between runs; files cached in ``--cache``): migrate, load the
Kota Pekalongan demo with its synthetic 120,000-person release, and unless ``--quick``, ``--releases``
successive synthetic releases of ``--persons`` persons, each approved in turn so the last is current and
the one before it superseded (each release keeps ~95 % of the previous one's households, with a new desil
for one in ten, and adds new households: the release diff has real work to do).

Then gunicorn serves the app on a free loopback port; each persona logs in and requests each page once
(the first view, caches cold) and ``--requests`` times more. A page a persona may not open (403/404) is
listed as such and not repeated. Goals: p95 ≤ 300 ms per page, ≤ 150 ms for the kelurahan
profile, ≤ 2 s for a release diff. The markdown table goes to standard output (and ``--output``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.cookiejar
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from dampingan.access.scope import Scope

# The goals: the profile's p95 ≤ 150 ms, a diff of two releases ≤ 2 s, every other page ≤ 300 ms.
GOAL_MS = {"profile": 150, "release diff": 2000, "API diff": 2000}
DEFAULT_GOAL_MS = 300
PERSONAS = ["tkpk", "operator.dinsos", "mentor.dindagkop", "camat.selatan", "lurah.banyurip", "pengamat", None]
# (name, address); {placeholders} are filled per persona by ``targets``.
PAGES = [
    ("home", "/"),
    ("dashboard", "/dasbor/"),
    ("public", "/publik/"),
    ("map", "/peta/"),
    ("registry home", "/data-terpadu/"),
    ("household list", "/data-terpadu/daftar/"),
    ("household list, page 50", "/data-terpadu/daftar/?page=50"),
    ("household", "/data-terpadu/rumah-tangga/{household}/"),
    ("NIK search", "/data-terpadu/cari/?q={nik}"),
    ("releases", "/data-terpadu/rilis/"),
    ("release diff", "/data-terpadu/rilis/banding/?old={previous}&new={current}"),
    ("profile", "/kelurahan/{kelurahan}/"),
    ("measures", "/ukuran-kemiskinan/"),
    ("targeting", "/intervensi/sasaran/"),
    ("interventions", "/intervensi/"),
    ("monthly reports", "/kelurahan/{kelurahan}/laporan-bulanan/"),
    ("review queue", "/laporan-bulanan/"),
    ("action items", "/tindak-lanjut/"),
    ("API households", "/api/registry/households"),
    ("API households, offset 5,000", "/api/registry/households?offset=5000"),
    ("API desil", "/api/registry/releases/{current}/desil"),
    ("API diff", "/api/registry/releases/{previous}/diff/{current}"),
    ("API ranking", "/api/dashboard/ranking"),
    ("API MPI", "/api/measures/mpi"),
]


def _django(data_dir: Path) -> None:
    os.environ["DAMPINGAN_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dampingan.settings")
    import django

    django.setup()


def _successive_releases(persons: int, count: int, cache: Path) -> list[Path]:
    """``count`` CSV files: a synthetic release and its successors (households leave, desil change,
    new households come), cached by size."""
    import polars as pl

    from dampingan.registry.synth import synth_registry

    paths = [cache / f"dampingan-pages-{persons}-{index}.csv" for index in range(count)]
    if all(path.exists() for path in paths):
        return paths
    base = synth_registry(persons, "33.75", seed=42)
    household = pl.col("IDBDT").hash(seed=7)
    for index, path in enumerate(paths):
        frame = base
        if index:
            arrivals = synth_registry(persons // 20, "33.75", seed=42 + index).with_columns(
                pl.col("IDBDT", "IDARTBDT").str.replace("^SIN", f"SIN{index}")
            )
            moved = (household % 10) == index
            frame = pl.concat(
                [
                    base.filter((household % 20) != index).with_columns(
                        pl.when(moved)
                        .then(((pl.col("Desil").cast(pl.Int64) % 10) + 1).cast(pl.String))
                        .otherwise(pl.col("Desil"))
                        .alias("Desil")
                    ),
                    arrivals,
                ]
            )
        frame.write_csv(path)
    return paths


def setup(args: argparse.Namespace) -> None:
    """Migrate, load the demo, import and approve the large releases (each once per database)."""
    from django.core.management import call_command

    from dampingan.accounts.models import User
    from dampingan.demo.services import load_demo
    from dampingan.registry import imports
    from dampingan.registry.models import RegistryRelease
    from dampingan.registry.services import approve_release, file_checksum

    call_command("compile_translations", verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    started = time.perf_counter()
    load_demo(programme=True)  # as `make run` loads it: the programme at work, not empty rooms
    print(f"demo ready in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    if args.quick:
        return
    operator, tkpk = User.objects.get(username="operator.dinsos"), User.objects.get(username="tkpk")
    for index, path in enumerate(_successive_releases(args.persons, args.releases, args.cache)):
        content = path.read_bytes()
        if RegistryRelease.objects.filter(checksum=file_checksum(content)).exists():
            continue
        started = time.perf_counter()
        imports.MAX_FILE_MB = max(imports.MAX_FILE_MB, len(content) // 2**20 + 1)
        release = imports.run_import(operator, imports.plan_import(content, path.name), source="dtks")
        approve_release(tkpk, release, sk_number=f"BENCH/{index + 1}", sk_date=dt.date(2025, 4, index + 1))
        print(f"{path.name}: imported and approved in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def targets(username: str | None) -> dict[str, object]:
    """The ids a persona's pages name: a kelurahan and a household of its scope, the two newest releases."""
    from dampingan.accounts.models import User
    from dampingan.regions.queries import visible_regions
    from dampingan.registry.models import Household, Member, RegistryRelease
    from dampingan.registry.queries import current_release

    current = current_release()
    older = RegistryRelease.objects.exclude(pk=current.pk).order_by("-imported_at").first() if current else None
    found: dict[str, object] = {"current": current.pk if current else 0, "previous": older.pk if older else 0}
    user = User.objects.get(username=username or "tkpk")
    villages = visible_regions(Scope.for_user(user)).villages()
    household = Household.objects.filter(release=current, kelurahan__in=villages).order_by("pk").first()
    found["kelurahan"] = household.kelurahan_id if household else villages.order_by("code").first().code
    found["household"] = household.pk if household else 0
    member = Member.objects.filter(release=current, household=household).first()
    found["nik"] = member.nik[:10] if member else "3375"
    return found


@dataclass
class Timing:
    page: str
    persona: str
    status: int = 0
    seconds: list[float] = field(default_factory=list)

    def percentile(self, share: float) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5).read()  # noqa: S310 (our loopback server)
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {url}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer (to the login page: not allowed), not a page to time."""

    def redirect_request(self, *args, **kwargs):
        return None


def _opener(base: str, username: str | None, password: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
    if username is None:
        return opener
    form = opener.open(f"{base}/masuk/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    body = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1) if token else ""}
    ).encode()
    request = urllib.request.Request(f"{base}/masuk/", data=body, headers={"Referer": f"{base}/masuk/"})  # noqa: S310
    _get(opener, request, 30)
    if not any(cookie.name == "sessionid" for cookie in jar):
        raise SystemExit(f"{username} could not log in")
    return opener


def _get(opener: urllib.request.OpenerDirector, url: str | urllib.request.Request, timeout: float) -> tuple[int, float]:
    started = time.perf_counter()
    try:
        with opener.open(url, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    except TimeoutError:
        status = 0
    return status, time.perf_counter() - started


def measure(base: str, repeats: int, timeout: float, only: set[str]) -> list[Timing]:
    from dampingan.demo.services import DEMO_PASSWORD

    timings = []
    for username in PERSONAS:
        persona = username or "(public)"
        ids = targets(username)
        opener = _opener(base, username, DEMO_PASSWORD)
        for name, address in PAGES:
            if (only and name not in only) or ("{previous}" in address and not ids["previous"]):
                continue  # not asked for, or a diff without an older release
            timing = Timing(name, persona)
            for attempt in range(repeats + 1):
                status, seconds = _get(opener, base + address.format(**ids), timeout)
                timing.status = status
                if status != 200:
                    timing.seconds.append(seconds)
                    break
                timing.seconds.append(seconds)
                if attempt == 0 and seconds > timeout / 2:
                    break  # far over any goal: one view says enough
            timings.append(timing)
            p95 = timing.percentile(0.95) * 1000
            print(f"{persona:18} {name:30} {timing.status} p95 {p95:,.0f} ms", file=sys.stderr)
    return timings


def load(base: str, users: int, seconds: float, timeout: float, only: set[str]) -> str:
    """``users`` concurrent sessions, each a persona in turn, requesting the pages it may open round and round for
    ``seconds`` (the read mix of the 50-user goal: ≥ 200 req/s, no error, p95 ≤ 300 ms)."""
    import threading

    from dampingan.demo.services import DEMO_PASSWORD

    personas = [name for name in PERSONAS if name]
    plans = []
    for index in range(users):
        username = personas[index % len(personas)]
        opener = _opener(base, username, DEMO_PASSWORD)
        ids = targets(username)
        urls = [
            base + address.format(**ids) for _name, address in PAGES if "{previous}" not in address or ids["previous"]
        ]
        plans.append((opener, [url for url in urls if _get(opener, url, timeout)[0] == 200]))
    results: list[tuple[int, float]] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def run(opener: urllib.request.OpenerDirector, urls: list[str], offset: int) -> None:
        mine, position = [], offset
        while time.monotonic() < deadline:
            mine.append(_get(opener, urls[position % len(urls)], timeout))
            position += 1
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=run, args=(opener, urls, i)) for i, (opener, urls) in enumerate(plans)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    durations = sorted(duration for _status, duration in results)
    errors = sum(1 for status, _duration in results if status != 200)
    p95 = durations[max(0, round(0.95 * len(durations)) - 1)] if durations else 0
    return (
        f"{users} users for {elapsed:.0f} s: {len(results):,} requests, {len(results) / elapsed:,.1f} req/s, "
        f"{errors} errors ({100 * errors / max(1, len(results)):.1f} %), "
        f"p50 {statistics.median(durations) * 1000:,.0f} ms, "
        f"p95 {p95 * 1000:,.0f} ms, max {durations[-1] * 1000:,.0f} ms (goal: ≥ 200 req/s, 0 errors, p95 ≤ 300 ms)\n"
    )


def report(timings: list[Timing], args: argparse.Namespace, vendor: str, counts: str) -> str:
    lines = [
        f"`bench/pages.py{' --quick' if args.quick else ''}` on {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; "
        f"{platform.node()} ({os.cpu_count()} cores, Python {platform.python_version()}), {vendor}; {counts}; "
        f"gunicorn -c python:dampingan.gunicorn_conf; {args.requests} requests per page after the first.",
        "",
        "| page | persona | status | first | p50 | p95 | max | goal (p95) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for t in timings:
        goal = GOAL_MS.get(t.page, DEFAULT_GOAL_MS)
        if t.status != 200:
            what = "not allowed" if t.status in (302, 401, 403, 404) else f"**failed ({t.status or 'timeout'})**"
            lines.append(f"| {t.page} | {t.persona} | {t.status} {what} | {t.seconds[0] * 1000:,.0f} ms | | | | |")
            continue
        p95 = t.percentile(0.95) * 1000
        verdict = "met" if p95 <= goal else "**missed**"
        lines.append(
            f"| {t.page} | {t.persona} | 200 | {t.seconds[0] * 1000:,.0f} ms "
            f"| {statistics.median(t.seconds) * 1000:,.0f} ms | {p95:,.0f} ms | {max(t.seconds) * 1000:,.0f} ms "
            f"| ≤ {goal} ms {verdict} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="The demo only (120,000 persons)")
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--releases", type=int, default=3)
    parser.add_argument("--requests", type=int, default=30, help="Requests per page after the first view")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--page", action="append", default=[], help="Only this page (repeatable)")
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--output", type=Path, default=None)
    parser.add_argument("--load", type=int, default=0, metavar="USERS", help="Instead: USERS concurrent sessions")
    parser.add_argument("--duration", type=float, default=120, help="Seconds of --load (default 120)")
    args = parser.parse_args()

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="dampingan-pages-"))
    _django(data_dir)
    from django.db import connection

    from dampingan.registry.models import Member, RegistryRelease

    setup(args)
    releases = RegistryRelease.objects.count()
    counts = f"{releases} releases, {Member.objects.count():,} persons in all"
    connection.close()

    port = _free_port()
    env = {**os.environ, "DAMPINGAN_DATA_DIR": str(data_dir), "GUNICORN_BIND": f"127.0.0.1:{port}"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:dampingan.gunicorn_conf", "dampingan.wsgi"], env=env
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/healthz")
        if args.load:
            pages = ", ".join(sorted(args.page)) if args.page else "every page"
            found = load(base, args.load, args.duration, args.timeout, set(args.page))
            text = f"{connection.vendor}, {counts}; {pages}: {found}"
        else:
            text = report(measure(base, args.requests, args.timeout, set(args.page)), args, connection.vendor, counts)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
