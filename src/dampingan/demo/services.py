"""The Kota Pekalongan demo: regions, OPDs, the mentoring decree of Pekalongan Selatan and one user per role.

Idempotent: a second run finds everything in place and changes nothing (passwords included).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from dampingan.access.audit import acting_as
from dampingan.access.roles import Role
from dampingan.accounts.models import User
from dampingan.demo.interventions import load_demo_interventions
from dampingan.demo.meetings import load_demo_coordination
from dampingan.demo.meetings_now import load_demo_coordination_now
from dampingan.demo.mentoring import load_demo_mentoring
from dampingan.demo.reports import load_demo_reports
from dampingan.indicators.demo import load_indicator_demo
from dampingan.interventions.models import Partner, PartnerKind
from dampingan.lib.names import place_key
from dampingan.mentoring.models import Assignment, Decree, Opd
from dampingan.mentoring.opd_import import import_opds
from dampingan.regions.models import KelurahanAlias, Region, RegionOffice
from dampingan.regions.services import add_alias, load_bps_codes, load_regions
from dampingan.registry.imports import plan_import, run_import
from dampingan.registry.models import RegistryRelease
from dampingan.registry.services import approve_release
from dampingan.registry.synth_history import ReleaseShape, synth_history

DATA = Path(__file__).parent / "data"
DEMO_PASSWORD = "pekalongan-demo"  # noqa: S105 - printed for the demo accounts only
DEMO_REGION = "33.75"

# Seed 001: the six OPDs mentoring the kelurahan of Pekalongan Selatan under Keputusan Wali Kota 401/0426.
PEKALONGAN_SELATAN_ASSIGNMENTS = {
    "33.75.04.1004": "DLH",  # Jenggot
    "33.75.04.1002": "BPBD",  # Banyurip
    "33.75.04.1003": "Dinarpus",  # Buaran Kradenan
    "33.75.04.1008": "Dinperpa",  # Kuripan Yosorejo
    "33.75.04.1006": "Dindagkop-UKM",  # Kuripan Kertoharjo
    "33.75.04.1010": "DPMPPA",  # Sokoduwet
}


# Partner kinds the Rakor TKPK 2025 invited (seed 004: religious and community leaders, women's
# organisations, financial institutions) and a CSR company; names are illustrative.
DEMO_PARTNERS = [
    ("BAZNAS Kota Pekalongan", PartnerKind.BAZNAS, "Zakat untuk modal usaha mikro."),
    ("TP-PKK Kota Pekalongan", PartnerKind.WOMEN, "Pendampingan keluarga dan UP2K."),
    ("Bank Perkreditan Rakyat Pekalongan (contoh)", PartnerKind.BANK, "Kredit usaha mikro berbunga rendah."),
    ("PT Sinar Tempe Nusantara (contoh)", PartnerKind.COMPANY, "CSR untuk perajin tempe."),
    ("Forum Tokoh Agama Pekalongan Selatan (contoh)", PartnerKind.RELIGIOUS, "Sosialisasi dan pendataan warga."),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    role: Role
    opd: str | None = None
    region: str | None = None


DEMO_USERS = [
    DemoUser("tkpk", "Admin TKPK (Bapperida)", Role.TKPK_ADMIN),
    DemoUser("mentor.dlh", "Pendamping DLH", Role.OPD_MENTOR, opd="DLH"),
    # Mentor of Kuripan Kertoharjo (tempe makers): the interventions journey.
    DemoUser("mentor.dindagkop", "Pendamping Dindagkop-UKM", Role.OPD_MENTOR, opd="Dindagkop-UKM"),
    # The other four mentoring OPDs of decree 401/0426, so each pair of the demo has its mentor at work.
    DemoUser("mentor.bpbd", "Pendamping BPBD", Role.OPD_MENTOR, opd="BPBD"),
    DemoUser("mentor.dinarpus", "Pendamping Dinarpus", Role.OPD_MENTOR, opd="Dinarpus"),
    DemoUser("mentor.dinperpa", "Pendamping Dinperpa", Role.OPD_MENTOR, opd="Dinperpa"),
    DemoUser("mentor.dpmppa", "Pendamping DPMPPA", Role.OPD_MENTOR, opd="DPMPPA"),
    DemoUser("camat.selatan", "Camat Pekalongan Selatan", Role.CAMAT, region="33.75.04"),
    DemoUser("lurah.banyurip", "Lurah Banyurip", Role.LURAH, region="33.75.04.1002"),
    # Of Dinsos-P2KB, so the action items owned by Dinsos reach the operator's home page.
    DemoUser("operator.dinsos", "Operator Data Dinsos-P2KB", Role.DINSOS_OPERATOR, opd="Dinsos-P2KB"),
    DemoUser("pengamat", "Pengamat", Role.VIEWER),
    # A second TKPK administrator: enters the macro indicators that "tkpk" approves (maker-checker).
    DemoUser("staf.bapperida", "Staf Data Bapperida", Role.TKPK_ADMIN),
]


def _load_kelurahan_aliases(summary: DemoSummary) -> None:
    """Kota Pekalongan's known other kelurahan names (demo/data), those not yet recorded, for the regions
    loaded (tests load only part of the hierarchy)."""
    with (DATA / "kelurahan_aliases_kota_pekalongan.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    known = set(KelurahanAlias.objects.values_list("key", flat=True))
    villages = Region.objects.in_bulk([row["kelurahan_code"] for row in rows])
    for row in rows:
        village = villages.get(row["kelurahan_code"])
        if village is not None and place_key(row["name"]) not in known:
            add_alias(None, village, row["name"], row["note"])
            summary.created.append(f"alias {row['name']} → {village.name}")


@dataclass
class DemoSummary:
    regions_changed: int = 0
    created: list[str] = field(default_factory=list)


def _ensure_user(spec: DemoUser, summary: DemoSummary) -> User:
    user = User.objects.filter(username=spec.username).first()
    if user is not None:
        return user
    user = User(
        username=spec.username,
        first_name=spec.first_name,
        role=spec.role,
        email=f"{spec.username}@demo.invalid",
        opd=Opd.objects.get(abbreviation=spec.opd) if spec.opd else None,
        region=Region.objects.get(code=spec.region) if spec.region else None,
        is_staff=spec.role == Role.TKPK_ADMIN,
    )
    user.set_password(DEMO_PASSWORD)
    user.full_clean()
    user.save()
    summary.created.append(f"user {spec.username}")
    return user


DEMO_REGISTRY_PERSONS = 120_000  # about Kota Pekalongan's DTKS size; Pekalongan Selatan alone held 39,503 in 2022
DEMO_REGISTRY_SEED = 2025
DEMO_REGISTRY_NOTE = "Data sintetis untuk demo: bukan data warga sebenarnya."


@dataclass(frozen=True)
class DemoRelease:
    source: str
    shape: ReleaseShape
    file_name: str
    title: str  # the line above the header, as the files Dinsos keeps have one
    sk_number: str
    sk_date: dt.date


# Where the programme worked: poor households of the six mentored kelurahan leave desil 1-4 more often.
_MENTORED = frozenset(PEKALONGAN_SELATAN_ASSIGNMENTS)
# One population over three releases (registry.synth_history): DTKS 2022 and 2024 (SIKS-NG exports, households,
# codes), then DTSEN 2025 (a family extract with labels), which supersedes DTKS when approved.
DEMO_RELEASES = [
    DemoRelease(
        "dtks",
        ReleaseShape(dt.date(2022, 4, 4)),
        "dtks_kota_pekalongan_april_2022.csv",
        "DATA TERPADU KESEJAHTERAAN SOSIAL KOTA PEKALONGAN PER 4 APRIL 2022 (DATA SINTETIS)",
        "DEMO/DTKS/2022",
        dt.date(2022, 4, 8),
    ),
    DemoRelease(
        "dtks",
        ReleaseShape(dt.date(2024, 3, 31), improving=_MENTORED),
        "dtks_kota_pekalongan_maret_2024.csv",
        "DATA TERPADU KESEJAHTERAAN SOSIAL KOTA PEKALONGAN PER 31 MARET 2024 (DATA SINTETIS)",
        "DEMO/DTKS/2024",
        dt.date(2024, 4, 22),
    ),
    DemoRelease(
        "dtsen",
        ReleaseShape(dt.date(2025, 4, 30), unit="family", improving=_MENTORED),
        "dtsen_kota_pekalongan_april_2025.csv",
        "DATA TUNGGAL SOSIAL DAN EKONOMI NASIONAL KOTA PEKALONGAN PER 30 APRIL 2025 (DATA SINTETIS)",
        "DEMO/DTSEN/2025",
        dt.date(2025, 5, 19),
    ),
]


def _load_synthetic_registry(
    persons: int, summary: DemoSummary, between: Callable[[dt.date], list[str]] | None = None
) -> None:
    """The three synthetic releases of the city, each imported by the Dinsos operator and approved by the TKPK
    admin (maker-checker) in date order, unless already in (by file name: the files take seconds to draw).
    Every row says DATA SINTETIS. ``between`` runs after each release but the last, with the day the next one
    is approved: the programme's work of the time in between (beneficiaries drawn from the release then)."""
    present = set(RegistryRelease.objects.filter(notes=DEMO_REGISTRY_NOTE).values_list("file_name", flat=True))
    if all(spec.file_name in present for spec in DEMO_RELEASES):
        return
    frames = synth_history(persons, DEMO_REGION, DEMO_REGISTRY_SEED, [spec.shape for spec in DEMO_RELEASES])
    operator = User.objects.get(username="operator.dinsos")
    admin = User.objects.get(username="tkpk")
    for spec, frame in zip(DEMO_RELEASES, frames, strict=True):
        if spec.file_name in present:
            continue
        content = f"{spec.title}\n\n{frame.write_csv()}".encode()
        plan = plan_import(content, spec.file_name)
        release = run_import(operator, plan, source=spec.source, data_date=spec.shape.data_date)
        release.notes = DEMO_REGISTRY_NOTE
        release.save(update_fields=["notes"])
        approve_release(admin, release, sk_number=spec.sk_number, sk_date=spec.sk_date)
        summary.created.append(f"synthetic release {spec.sk_number} ({release.member_count} persons)")
        later = [s.sk_date for s in DEMO_RELEASES if s.sk_date > spec.sk_date]
        if between is not None and later:
            summary.created += between(min(later))


def load_demo(
    region_roots: list[str] | None = None,
    registry_persons: int = DEMO_REGISTRY_PERSONS,
    coordination: bool = True,
    programme: bool = False,
    today: dt.date | None = None,
) -> DemoSummary:
    """Load the demo; ``region_roots`` limits the hierarchy loaded and ``registry_persons`` the synthetic
    registry (tests load only Kota Pekalongan and a small registry or none); ``coordination`` adds the seeds'
    meetings and the TKPK team (tests that record those meetings themselves leave them out); ``programme`` the
    programme at work as of ``today`` (by default the real one): the mentoring of the six pairs (demo.mentoring),
    the interventions with budgets, partners and beneficiaries (demo.interventions), the action items due
    around that day (demo.meetings_now) and last year's reports (demo.reports), which `make run` loads and most
    tests do not."""
    summary = DemoSummary()
    summary.regions_changed = load_regions(region_roots).changed
    load_bps_codes(within=region_roots)
    with transaction.atomic():
        admin = _ensure_user(DEMO_USERS[0], summary)
        with acting_as(admin):
            _load_opds(admin, summary)
            _load_pekalongan_selatan_decree(summary)
            _load_partners(summary)
            _load_kecamatan_office(summary)
            _load_kelurahan_aliases(summary)
            for spec in DEMO_USERS[1:]:
                _ensure_user(spec, summary)
            summary.created += load_indicator_demo(User.objects.get(username="staf.bapperida"), admin)
    if coordination:
        summary.created += load_demo_coordination()
    today = today or timezone.localdate()
    if registry_persons:
        # The interventions that began while an earlier release was current list households of that release.
        def interventions_until(day: dt.date) -> list[str]:
            return load_demo_interventions(today, drawn_before=day)

        _load_synthetic_registry(registry_persons, summary, between=interventions_until if programme else None)
    if programme:
        summary.created += _load_programme(today, coordination)
    return summary


def _load_opds(admin: User, summary: DemoSummary) -> None:
    result = import_opds(admin, (DATA / "opd_kota_pekalongan.csv").read_bytes(), "opd_kota_pekalongan.csv")
    if not result.ok:
        raise RuntimeError("; ".join(str(e) for e in result.errors))
    if result.to_create or result.to_update:
        summary.created.append(f"{result.to_create} OPDs added, {result.to_update} updated")


def _load_pekalongan_selatan_decree(summary: DemoSummary) -> None:
    """The mentoring decree and its assignments of OPDs to the kelurahan of Kecamatan Pekalongan Selatan."""
    decree, created = Decree.objects.get_or_create(
        number="401/0426",
        defaults={
            "date": dt.date(2022, 1, 3),
            "valid_from": dt.date(2022, 1, 3),
            "signer": "Wali Kota Pekalongan",
            "title": "Pendampingan Perangkat Daerah terhadap Kelurahan dalam rangka Percepatan "
            "Penanggulangan Kemiskinan",
            "notes": "Data demo. Nomor keputusan dari berita Catur Pilar Kecamatan Pekalongan Selatan "
            "(7 Juli 2022); tanggal keputusan ilustratif.",
        },
    )
    if created:
        summary.created.append(f"decree {decree.number}")
    for code, abbreviation in PEKALONGAN_SELATAN_ASSIGNMENTS.items():
        _line, created = Assignment.objects.get_or_create(
            decree=decree,
            kelurahan_id=code,
            defaults={"opd": Opd.objects.get(abbreviation=abbreviation)},
        )
        if created:
            summary.created.append(f"assignment {abbreviation} → {code}")


def _load_partners(summary: DemoSummary) -> None:
    for name, kind, note in DEMO_PARTNERS:
        _partner, created = Partner.objects.get_or_create(
            name=name, defaults={"kind": kind, "notes": f"Data demo. {note}"}
        )
        if created:
            summary.created.append(f"partner {name}")


def _load_kecamatan_office(summary: DemoSummary) -> None:
    _office, created = RegionOffice.objects.get_or_create(
        region_id="33.75.04",
        defaults={"head_name": "Rusmani Budiharjo", "address": "Jl. Ahmad Yani, Pekalongan Selatan"},
    )
    if created:
        summary.created.append("office of Kecamatan Pekalongan Selatan")


def _load_programme(today: dt.date, coordination: bool) -> list[str]:
    """The programme at work as of ``today``, after the registry: problems cite it as evidence."""
    created: list[str] = []
    with transaction.atomic():
        created += load_demo_mentoring(today)
        created += load_demo_interventions(today)
        if coordination:
            created += load_demo_coordination_now(today)
        created += load_demo_reports(today)
    return created
