"""The six Pekalongan Selatan pairs of decree 401/0426 at work: each OPD's mentoring team, the baseline
of problems and potentials it mapped with the kelurahan, how those moved, its visits and its monthly reports with
the TKPK's review. Everything is dated relative to ``today`` and goes through the services, as a mentor's and the
TKPK's pages would write it; the texts are illustrative ("data contoh"), grounded in the seeds (batik in Jenggot,
Banyurip and Buaran, Kampung Tempe in Kuripan Kertoharjo, online marketing in Sokoduwet).

Idempotent: a kelurahan whose baseline is already recorded is left as it is.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.utils import timezone

from dampingan.accounts.models import User
from dampingan.baseline import services as baseline
from dampingan.baseline.models import Movement, Problem
from dampingan.regions.models import Region
from dampingan.registry.queries import current_release
from dampingan.visits import services as visits
from dampingan.visits.models import MonthlyReport, TeamRole
from dampingan.visits.months import add_months, first_of_month, months_between

SEED = 401_0426
DEMO_NOTE = "Data contoh."


@dataclass(frozen=True)
class ProblemSpec:
    category: str
    title: str
    root_cause: str
    severity: int
    evidence: str = ""
    # How it moved at each monitoring entry, oldest first.
    movements: tuple[str, ...] = ()


@dataclass(frozen=True)
class PotentialSpec:
    sector: str
    name: str
    enterprises: int
    workers: int
    markets: str
    # Enterprises and workers at a later visit.
    grown_to: tuple[int, int] | None = None


@dataclass(frozen=True)
class Pair:
    kelurahan: str
    mentor: str
    problems: list[ProblemSpec]
    potentials: list[PotentialSpec]
    visit_activities: list[str] = field(default_factory=list)


PAIRS = [
    Pair(
        "33.75.04.1004",  # Jenggot
        "mentor.dlh",
        [
            ProblemSpec("lingkungan", "Sungai dan saluran tercemar limbah cair batik",
                        "Sebagian besar usaha batik rumahan membuang limbah pewarna tanpa IPAL.", 3,
                        movements=(Movement.NO_CHANGE, Movement.IMPROVING)),
            ProblemSpec("bencana", "Genangan rob di RW 05 dan RW 06 setiap musim hujan",
                        "Permukaan tanah turun dan saluran tersumbat sampah.", 3,
                        movements=(Movement.WORSE, Movement.NO_CHANGE)),
            ProblemSpec("perumahan", "Rumah tidak layak huni di kampung batik", "Penghasilan buruh batik tidak tetap.",
                        2, evidence="unfit_house", movements=(Movement.IMPROVING,)),
        ],
        [PotentialSpec("batik", "Perajin batik tulis dan cap Jenggot", 48, 310,
                       "Pasar Grosir Setono, toko daring, pesanan seragam", grown_to=(52, 336)),
         PotentialSpec("lainnya", "Bank sampah RW 03", 1, 12, "Pengepul plastik dan kertas")],
        ["Pemetaan titik buang limbah bersama LPM", "Sosialisasi IPAL komunal kepada perajin batik",
         "Kerja bakti saluran RW 05 bersama warga", "Pemantauan kualitas air sungai"],
    ),
    Pair(
        "33.75.04.1002",  # Banyurip
        "mentor.bpbd",
        [
            ProblemSpec("bencana", "Banjir rob merendam permukiman dan tempat usaha", "Tanggul laut belum tersambung.",
                        4, movements=(Movement.NO_CHANGE, Movement.WORSE, Movement.IMPROVING)),
            ProblemSpec("lingkungan", "Keluarga tanpa jamban sendiri", "Lahan rumah sempit; tangki septik sulit.",
                        2, evidence="no_own_toilet", movements=(Movement.IMPROVING,)),
        ],
        [PotentialSpec("batik", "Sentra batik cap Banyurip", 30, 190, "Pedagang Pasar Banjarsari, pesanan luar kota")],
        ["Simulasi evakuasi banjir bersama Kelurahan Siaga Bencana", "Pendataan rumah terdampak rob",
         "Rapat kelurahan tangguh bencana", "Pemantauan pompa air dan tanggul"],
    ),
    Pair(
        "33.75.04.1003",  # Buaran Kradenan
        "mentor.dinarpus",
        [
            ProblemSpec("pendidikan", "Anak usia sekolah tidak bersekolah", "Anak ikut membantu usaha batik keluarga.",
                        3, evidence="child_out_of_school", movements=(Movement.NO_CHANGE, Movement.IMPROVING)),
            ProblemSpec("pendidikan", "Minat baca warga rendah", "Belum ada taman bacaan yang buka sore hari.", 1,
                        movements=(Movement.IMPROVING, Movement.RESOLVED)),
        ],
        [PotentialSpec("batik", "Perajin batik Buaran", 40, 260, "Toko batik Jalan Hayam Wuruk, pasar daring"),
         PotentialSpec("jasa", "Taman Baca Masyarakat Kelurahan", 1, 6, "Warga, anak sekolah")],
        ["Pendampingan taman baca bersama karang taruna", "Kunjungan rumah anak tidak sekolah bersama lurah",
         "Pelatihan pengelola perpustakaan kelurahan"],
    ),
    Pair(
        "33.75.04.1008",  # Kuripan Yosorejo
        "mentor.dinperpa",
        [
            ProblemSpec("ekonomi", "Buruh tani lanjut usia tanpa penghasilan tetap", "Lahan sawah menyusut.", 3,
                        evidence="adult_without_work", movements=(Movement.NO_CHANGE,)),
            ProblemSpec("perlindungan_sosial", "Lansia tinggal sendiri", "Anak bekerja di luar kota.", 2,
                        evidence="elderly_alone", movements=(Movement.NO_CHANGE, Movement.IMPROVING)),
        ],
        [PotentialSpec("perikanan", "Kolam lele dan nila kelompok Mina Makmur", 14, 35,
                       "Pedagang ikan Pasar Kuripan, warung makan", grown_to=(18, 44))],
        ["Penyuluhan budidaya lele bioflok", "Pendataan lahan pekarangan", "Panen bersama kelompok Mina Makmur"],
    ),
    Pair(
        "33.75.04.1006",  # Kuripan Kertoharjo
        "mentor.dindagkop",
        [
            ProblemSpec("ekonomi", "Perajin tempe kekurangan modal dan bahan baku kedelai mahal",
                        "Membeli kedelai eceran harian; belum ada koperasi.", 3,
                        movements=(Movement.NO_CHANGE, Movement.IMPROVING)),
            ProblemSpec("lingkungan", "Limbah cair tempe dibuang ke saluran", "Belum ada pengolahan limbah bersama.", 2,
                        movements=(Movement.NO_CHANGE,)),
        ],
        [PotentialSpec("tempe", "Kampung Tempe Kuripan Kertoharjo", 62, 180,
                       "Pasar tradisional Kota Pekalongan, pesanan katering", grown_to=(66, 197))],
        ["Pendataan perajin tempe", "Pelatihan pemasaran daring produk tempe", "Rapat pembentukan koperasi perajin",
         "Pendampingan perizinan PIRT"],
    ),
    Pair(
        "33.75.04.1010",  # Sokoduwet
        "mentor.dpmppa",
        [
            ProblemSpec("perlindungan_sosial", "Perempuan kepala keluarga tanpa penghasilan tetap",
                        "Keterampilan usaha terbatas dan beban pengasuhan.", 3, evidence="female_head",
                        movements=(Movement.IMPROVING,)),
            ProblemSpec("kesehatan", "Perkawinan usia anak", "Putus sekolah dan tekanan ekonomi keluarga.", 3,
                        movements=(Movement.NO_CHANGE, Movement.IMPROVING)),
        ],
        [PotentialSpec("pemasaran_daring", "UMKM pemasaran daring Sokoduwet", 25, 60,
                       "Marketplace, media sosial", grown_to=(34, 81))],
        ["Kelas usaha daring bagi perempuan kepala keluarga", "Sosialisasi pencegahan perkawinan anak di sekolah",
         "Pertemuan kader PKK dan PATBM"],
    ),
]  # fmt: skip

REVIEW_COMMENTS = [
    "Mohon sertakan data penerima yang sudah didampingi bulan ini.",
    "Kegiatan belum dikaitkan dengan masalah pada baseline; lengkapi keterkaitannya.",
]


def load_demo_mentoring(today: dt.date) -> list[str]:
    """The six pairs' teams, baselines, visits and monthly reports, as of ``today``."""
    rng = random.Random(SEED)  # noqa: S311 (reproducible demo data, not a secret)
    admin = User.objects.get(username="tkpk")
    created: list[str] = []
    for pair in PAIRS:
        mentor = User.objects.filter(username=pair.mentor).first()
        kelurahan = Region.objects.get(code=pair.kelurahan)
        if mentor is None or Problem.objects.filter(kelurahan=kelurahan).exists():
            continue
        start = visits.report_start(kelurahan, today)
        if start is None:
            continue
        visits.add_team_member(mentor, kelurahan, mentor, role=TeamRole.KETUA, since=start)
        mapped_on = add_months(start, 6)  # the Catur Pilar of July 2022 asked for the maps
        _baseline(pair, mentor, admin, kelurahan, mapped_on, today)
        count = _visits(pair, mentor, kelurahan, today, rng)
        reports = _monthly_reports(mentor, admin, kelurahan, start, today, rng)
        created.append(f"mentoring of {kelurahan.name}: baseline, {count} visits, {reports} monthly reports")
    return created


def _baseline(pair: Pair, mentor: User, admin: User, kelurahan: Region, mapped_on: dt.date, today: dt.date) -> None:
    has_release = current_release() is not None
    for priority, spec in enumerate(pair.problems, start=1):
        problem = baseline.create_problem(
            mentor,
            kelurahan,
            {
                "category": spec.category,
                "title": spec.title,
                "root_cause": spec.root_cause,
                "description": DEMO_NOTE,
                "severity": spec.severity,
                "priority": priority,
                "recorded_on": mapped_on,
                # Evidence is read from the current registry release: none without one.
                "evidence_indicator": spec.evidence if has_release else "",
            },
        )
        # Monitoring entries spread over the last year and a half, the latest a few weeks ago.
        for step, movement in enumerate(spec.movements):
            on = today - dt.timedelta(days=30 + 150 * (len(spec.movements) - 1 - step))
            baseline.add_problem_update(
                mentor, problem, {"on": max(on, mapped_on), "movement": movement, "narrative": _narrative(movement)}
            )
    for potential_spec in pair.potentials:
        potential = baseline.create_potential(
            mentor,
            kelurahan,
            {
                "sector": potential_spec.sector,
                "name": potential_spec.name,
                "enterprises": potential_spec.enterprises,
                "workers": potential_spec.workers,
                "markets": potential_spec.markets,
                "notes": DEMO_NOTE,
                "recorded_on": mapped_on,
            },
        )
        if potential_spec.grown_to:
            enterprises, workers = potential_spec.grown_to
            baseline.add_potential_update(
                mentor,
                potential,
                {"on": today - dt.timedelta(days=45), "enterprises": enterprises, "workers": workers,
                 "narrative": "Bertambah setelah pelatihan dan pendampingan pemasaran (data contoh)."},
            )  # fmt: skip
    first = Problem.objects.filter(kelurahan=kelurahan).order_by("pk").first()
    if first is not None:
        baseline.add_comment(admin, first, "Sudah dibahas pada rakor TKPK; mohon dikaitkan dengan intervensi.")


def _narrative(movement: str) -> str:
    return {
        Movement.WORSE: "Memburuk dibanding pemantauan sebelumnya (data contoh).",
        Movement.NO_CHANGE: "Belum ada perubahan berarti (data contoh).",
        Movement.IMPROVING: "Membaik setelah kegiatan pendampingan (data contoh).",
        Movement.RESOLVED: "Dinyatakan tertangani bersama lurah dan LPM (data contoh).",
    }[Movement(movement)]


def _visits(pair: Pair, mentor: User, kelurahan: Region, today: dt.date, rng: random.Random) -> int:
    """About one visit every six to eight weeks over the last fourteen months."""
    day, count = today - dt.timedelta(days=420), 0
    while day < today - dt.timedelta(days=3):
        activity = pair.visit_activities[count % len(pair.visit_activities)]
        visits.record_visit(
            mentor,
            kelurahan,
            {
                "date": day,
                "activity": activity,
                "participants": "Lurah, LPM, TP-PKK kelurahan, ketua RW setempat",
                "findings": "Data contoh: warga hadir dan menyampaikan kebutuhan; dicatat untuk tindak lanjut.",
                "follow_ups": "Dibahas pada laporan bulanan dan rapat Catur Pilar berikutnya.",
            },
        )
        count += 1
        day += dt.timedelta(days=rng.randint(40, 56))
    return count


def _monthly_reports(
    mentor: User, admin: User, kelurahan: Region, start: dt.date, today: dt.date, rng: random.Random
) -> int:
    """A report for most months since the decree took effect: one in ten or so missing, last month's submitted and
    waiting for the TKPK, this month's a draft, one returned with the TKPK's note."""
    this_month = first_of_month(today)
    months = months_between(start, this_month)
    now = timezone.now()
    returned_month = add_months(this_month, -3)
    # Months the OPD did not report (5-12 %, older than last month): the missing-report lists show them.
    skippable = [m for m in months if m < add_months(this_month, -1) and m != returned_month]
    missing = set(rng.sample(skippable, min(len(skippable), max(2, round(len(skippable) * rng.uniform(0.05, 0.12))))))
    written = 0
    for month in months:
        if month in missing:
            continue
        report = visits.save_report_draft(
            mentor,
            kelurahan,
            month,
            {
                "summary": f"Pendampingan {kelurahan.name} bulan ini berjalan sesuai rencana (data contoh).",
                "activities": "Kunjungan lapangan, koordinasi dengan lurah dan LPM, pemutakhiran peta masalah.",
                "obstacles": "Jadwal warga yang bekerja harian; data penerima belum lengkap.",
                "next_steps": "Melanjutkan pendampingan dan menyiapkan usulan untuk rakor TKPK.",
            },
        )
        written += 1
        if month == this_month:
            continue  # this month's report is still a draft
        visits.submit_report(mentor, report)
        # The services stamp the moment they run; the demo's history happened in its own month.
        submitted = min(dt.datetime.combine(add_months(month, 1) + dt.timedelta(days=4), dt.time(3), dt.UTC), now)
        if month == add_months(this_month, -1):
            MonthlyReport.objects.filter(pk=report.pk).update(submitted_at=submitted)
            continue  # waits for the TKPK's review
        accept = month != returned_month
        visits.review_report(admin, report, accept=accept, note="" if accept else REVIEW_COMMENTS[written % 2])
        reviewed = min(submitted + dt.timedelta(days=6), now)
        MonthlyReport.objects.filter(pk=report.pk).update(submitted_at=submitted, reviewed_at=reviewed)
    return written
