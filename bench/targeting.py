"""Benchmark: city-wide targeting analytics over a 1,000,000-person registry and 50,000
beneficiary links, end to end: load the frames from the database + compute every measure.

    DATABASE_URL=postgres://.../dampingan_bench_targeting .venv/bin/python bench/targeting.py

The first run imports the synthetic registry (``synth_registry(1_000_000, "33.75", seed=42)``) with the
real importer and approves it, then writes interventions, budget lines and beneficiary links in bulk
(``lib.bulk``): a mix of strategies and statuses, some interventions cancelled, some links outside the
registry, some to households in desil 5 and above. Later runs reuse the database and only measure.
Use a database of its own: the script adds data to it.

Target: at most 2 seconds on PostgreSQL.
"""

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dampingan.settings")
os.environ.setdefault("DAMPINGAN_DATA_DIR", tempfile.mkdtemp(prefix="dampingan-bench-"))
django.setup()

import polars as pl  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from dampingan.accounts.models import User  # noqa: E402
from dampingan.analytics.targeting import STRATEGIES, targeting  # noqa: E402
from dampingan.interventions import targeting_data  # noqa: E402
from dampingan.interventions.models import Beneficiary, Intervention  # noqa: E402
from dampingan.lib.bulk import insert_frame, reserve_ids  # noqa: E402
from dampingan.mentoring.models import Opd  # noqa: E402
from dampingan.registry.models import RegistryRelease, ReleaseStatus  # noqa: E402
from dampingan.registry.queries import current_release  # noqa: E402

INTERVENTIONS = 400
LINKS = 50_000


def import_registry(persons: int) -> RegistryRelease:
    """The synthetic registry, imported by the operator and approved by the TKPK (once per database)."""
    import dampingan.registry.imports as imports
    from dampingan.demo.services import load_demo
    from dampingan.registry import services
    from dampingan.registry.synth import synth_registry

    load_demo(region_roots=["33.75"], registry_persons=0)
    source = Path(tempfile.gettempdir()) / f"dampingan-bench-{persons}.csv"
    if not source.exists():
        synth_registry(persons, "33.75", seed=42).write_csv(source)
    content = source.read_bytes()
    imports.MAX_FILE_MB = max(imports.MAX_FILE_MB, len(content) // 2**20 + 1)
    plan = imports.plan_import(content, source.name)
    release = imports.run_import(User.objects.get(username="operator.dinsos"), plan, source="dtks")
    tkpk = User.objects.get(username="tkpk")
    return services.approve_release(tkpk, release, sk_number="BENCH/1", sk_date=dt.date(2025, 4, 4))


def make_links(release: RegistryRelease, seed: int = 7) -> None:
    """400 interventions (10 % city-wide, 5 % cancelled) with budget lines, and 50,000 beneficiary links:
    ~80 % to households in desil 1-4, ~14 % in desil 5+, ~4 % outside the registry, ~2 % unranked-or-any."""
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    households = targeting_data.load_households(release)
    by_kelurahan = {
        kel: (group.filter(pl.col("desil") <= 4)["household"].to_list(), group["household"].to_list())
        for (kel,), group in households.group_by("kelurahan")
    }
    places = sorted(by_kelurahan)
    tkpk = User.objects.get(username="tkpk")
    opds = list(Opd.objects.values_list("pk", flat=True))
    now = timezone.now()
    with transaction.atomic():
        ids = reserve_ids("interventions_intervention", INTERVENTIONS)
    statuses = ["berjalan"] * 60 + ["selesai"] * 25 + ["direncanakan"] * 10 + ["dibatalkan"] * 5
    interventions, kelurahan_rows, lines, links = [], [], [], []
    per_intervention = LINKS // INTERVENTIONS
    for number, pk in enumerate(ids):
        city_wide = number % 10 == 0
        home = places[number % len(places)]
        interventions.append(
            {
                "id": pk,
                "title": f"Intervensi uji {number + 1}",
                "description": "",
                "city_wide": city_wide,
                "horizon": "pendek",
                "strategy": STRATEGIES[number % 3],
                "cluster": 1 + number % 4,
                "kind": "bantuan_sosial",
                "lead_opd_id": opds[number % len(opds)],
                "start_date": dt.date(2025, 1, 1),
                "end_date": None,
                "status": rng.choice(statuses),
                "created_by_id": tkpk.pk,
                "created_at": now,
                "updated_at": now,
            }
        )
        if not city_wide:
            kelurahan_rows.append({"intervention_id": pk, "region_id": home})
        planned = rng.randint(50, 2_000) * 1_000_000
        lines.append(
            {
                "intervention_id": pk,
                "source": rng.choice(["apbd_kota", "csr", "apbn", "baznas"]),
                "partner_id": None,
                "year": 2025,
                "planned": planned,
                "realised": planned * rng.randint(0, 100) // 100,
                "over_reason": "",
                "notes": "",
            }
        )
        taken: set[int] = set()
        made = 0
        while made < per_intervention:
            kel = rng.choice(places) if city_wide else home
            eligible, everyone = by_kelurahan[kel]
            roll = rng.random()
            status = rng.choices(["aktif", "lulus", "diusulkan", "ditangguhkan"], [60, 15, 20, 5])[0]
            link = {"intervention_id": pk, "kelurahan_id": kel, "status": status, "added_by_id": tkpk.pk}
            if roll < 0.04:
                nik = f"3375{rng.randrange(10**11, 10**12)}"
                links.append({**link, "household_id": None, "nik": nik, "flags": '["not_in_registry"]', "desil": None})
                made += 1
                continue
            household = rng.choice(eligible if roll < 0.84 else everyone)
            if household in taken:
                continue
            taken.add(household)
            links.append({**link, "household_id": household, "nik": "", "flags": "[]", "desil": None})
            made += 1
    beneficiaries = pl.DataFrame(links).with_columns(
        no_kk=pl.lit(""), name=pl.lit(""), source=pl.lit("daftar"), added_at=pl.lit(now), member_id=pl.lit(None)
    )
    with transaction.atomic():
        insert_frame("interventions_intervention", pl.DataFrame(interventions))
        insert_frame("interventions_intervention_kelurahan", pl.DataFrame(kelurahan_rows))
        insert_frame("interventions_budgetline", pl.DataFrame(lines))
        insert_frame("interventions_beneficiary", beneficiaries)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(runs: int) -> None:
    release = current_release()
    timings: dict[str, list[float]] = {}
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        households = targeting_data.load_households(release)
        t_households = time.perf_counter()
        links = targeting_data.load_links(release)
        t_links = time.perf_counter()
        interventions = targeting_data.load_interventions()
        t_interventions = time.perf_counter()
        frames = targeting_data.load_frames(release)  # the page's path: the same loads plus the desil join
        t_frames = time.perf_counter()
        result = targeting(frames.households, frames.links, frames.interventions)
        t_measures = time.perf_counter()
        for name, seconds in {
            "households": t_households - started,
            "links": t_links - t_households,
            "interventions": t_interventions - t_links,
            "load_frames (end-to-end load)": t_frames - t_interventions,
            "compute all measures": t_measures - t_frames,
            "TOTAL (load_frames + measures)": t_measures - t_interventions,
        }.items():
            timings.setdefault(name, []).append(seconds)
        del households, links, interventions
    assert result is not None
    everything = result.area("all")
    server = connection.pg_version if connection.vendor == "postgresql" else ""
    print(
        f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"polars {pl.__version__}; database {connection.vendor} {server}"
    )
    now = timezone.localtime().isoformat(timespec="minutes")
    print(f"date: {now}; load average: {Path('/proc/loadavg').read_text().strip()}")
    print(
        f"registry: {release.member_count:,} persons, {frames.households.height:,} households; "
        f"links: {frames.links.height:,}; interventions: {frames.interventions.height:,}"
    )
    print(
        f"city: eligible {everything['eligible']:,}, reached {everything['reached']:,} "
        f"(coverage {everything['coverage']:.3f}), uncovered {everything['uncovered']:,}, "
        f"overlap {everything['overlap']:,}, "
        f"leakage {everything['leakage']:.3f} of {everything['links']:,} links, "
        f"realised per household Rp {targeting_data.rupiah(everything['realised_per_household']):,.2f}"
    )
    print(f"{'step':<34} {'median':>8} {'min':>8} {'max':>8}  (s, {runs} runs)")
    for name, values in timings.items():
        print(f"{name:<34} {statistics.median(values):8.3f} {min(values):8.3f} {max(values):8.3f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("note: the target is for PostgreSQL; set DATABASE_URL", file=sys.stderr)
    call_command("migrate", verbosity=0)
    release = current_release()
    if release is None or release.member_count < args.persons * 0.9:
        started = time.perf_counter()
        release = import_registry(args.persons)
        print(f"imported and approved {release.member_count:,} persons in {time.perf_counter() - started:.1f} s")
    if not Beneficiary.objects.exists():
        started = time.perf_counter()
        make_links(release)
        print(
            f"wrote {Intervention.objects.count():,} interventions and {Beneficiary.objects.count():,} links "
            f"in {time.perf_counter() - started:.1f} s"
        )
    assert RegistryRelease.objects.filter(status=ReleaseStatus.CURRENT).count() == 1
    measure(args.runs)


if __name__ == "__main__":
    main()
