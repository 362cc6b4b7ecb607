"""Kota Pekalongan's published series for the demo (docs/domain.md §2), with illustrative targets.

Every figure carries the source it was taken from. Years the sources do not give are left empty (a gap in
the chart), never filled in. No RPJMD target figures were at hand, so the targets here are **illustrative**:
their source says "Target ilustratif (demo)" and their note says to replace them with the RPJMD's own.

Idempotent: a figure already present (whatever its value) is left alone, so a second run changes nothing
and a figure corrected by hand in a demo database is not overwritten.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from dampingan.access.audit import acting_as
from dampingan.lib import deployment

from .catalogue import ensure_catalogue
from .models import IndicatorTarget, IndicatorValue

if TYPE_CHECKING:
    from dampingan.accounts.models import User

CITY = "33.75"
BPS = "BPS Kota Pekalongan"
PRESS = "Angka BPS sebagaimana dikutip pers lokal dan rilis BPS"
SEED_001 = (
    "Juga dikutip dalam berita Catur Pilar Kecamatan Pekalongan Selatan, 7 Juli 2022 "
    "(Tim Komunikasi Publik Dinkominfo Kota Pekalongan)."
)

# (indicator, year, value, source, note)
VALUES: list[tuple[str, int, str, str, str]] = [
    *[
        ("P0", year, value, f"{BPS}, Susenas Maret {year}", f"{PRESS}.")
        for year, value in [
            (2015, "8.09"),
            (2016, "7.92"),
            (2017, "7.47"),
            (2018, "6.75"),
            (2019, "6.60"),
            (2020, "7.17"),
            (2022, "7.00"),
            (2023, "6.81"),
            (2024, "6.71"),
        ]
    ],
    ("P0", 2021, "7.59", f"{BPS}, Susenas Maret 2021", f"{PRESS}. {SEED_001}"),
    *[
        (
            "JML_MISKIN",
            year,
            value,
            f"{BPS}, Susenas Maret {year}",
            f"{PRESS}; BPS menerbitkannya dalam ribuan jiwa. Tahun lain belum tersedia di sumber demo.",
        )
        for year, value in [(2018, "20520"), (2019, "20210"), (2020, "22160"), (2024, "21160")]
    ],
    ("GK", 2019, "425026", f"{BPS}, Susenas Maret 2019", f"{PRESS}."),
    ("GK", 2020, "502031", f"{BPS}, Susenas Maret 2020", f"{PRESS}."),
    ("P1", 2020, "1.28", f"{BPS}, Susenas Maret 2020", f"{PRESS}."),
    ("P2", 2020, "0.30", f"{BPS}, Susenas Maret 2020", f"{PRESS}."),
    ("TPT", 2021, "6.09", f"{BPS}, Sakernas Agustus 2021", f"{PRESS}. {SEED_001}"),
    *[
        ("TPT", year, value, f"{BPS}, Sakernas Agustus {year}", f"{PRESS}.")
        for year, value in [(2022, "4.98"), (2023, "5.02"), (2024, "4.91")]
    ],
    ("PE", 2021, "3.59", f"{BPS}, PDRB atas dasar harga konstan 2021", f"{PRESS}. {SEED_001}"),
    ("PE", 2024, "5.34", f"{BPS}, PDRB atas dasar harga konstan 2024", f"{PRESS}."),
]

ILLUSTRATIVE = "Target ilustratif (demo)"
ILLUSTRATIVE_NOTE = (
    "Bukan angka RPJMD resmi: contoh untuk demo, disusun sebagai penurunan bertahap. Ganti dengan target "
    "dari dokumen RPJMD Kota Pekalongan."
)

# (indicator, year, value): two plan periods, the second re-based after the 2020 rise.
TARGETS: list[tuple[str, int, str]] = [
    *[
        ("P0", year, value)
        for year, value in [
            (2015, "8.00"),
            (2016, "7.80"),
            (2017, "7.55"),
            (2018, "7.30"),
            (2019, "7.05"),
            (2020, "6.80"),
            (2021, "7.40"),
            (2022, "7.10"),
            (2023, "6.80"),
            (2024, "6.50"),
            (2025, "6.20"),
            (2026, "5.90"),
        ]
    ],
    *[
        ("TPT", year, value)
        for year, value in [
            (2021, "6.00"),
            (2022, "5.60"),
            (2023, "5.20"),
            (2024, "4.80"),
            (2025, "4.50"),
            (2026, "4.20"),
        ]
    ],
    *[("PE", year, value) for year, value in [(2021, "3.50"), (2022, "4.50"), (2023, "5.00"), (2024, "5.20")]],
]


# Left waiting for approval, so that the demo shows the checker's step (maker-checker).
AWAITING_APPROVAL = ("target", "P0", 2026)


def load_indicator_demo(maker: User, checker: User) -> list[str]:
    """Load the series and targets of Kota Pekalongan, entered by ``maker`` and approved by ``checker`` (two
    TKPK administrators), but for one target left awaiting approval; returns what was added (empty on a second
    run).

    Loads nothing for a deployment other than Kota Pekalongan: these are its figures only.
    """
    if deployment.code() != CITY:
        return []
    added: list[str] = []
    now = timezone.now()

    def approval(kind: str, code: str, year: int) -> dict[str, object]:
        if (kind, code, year) == AWAITING_APPROVAL:
            return {}
        return {"approved_by": checker, "approved_at": now}

    with transaction.atomic(), acting_as(maker):
        ensure_catalogue()
        for code, year, value, source, note in VALUES:
            _figure, created = IndicatorValue.objects.get_or_create(
                indicator_id=code,
                region_id=CITY,
                year=year,
                defaults={"value": Decimal(value), "source": source, "note": note, "entered_by": maker,
                          **approval("value", code, year)},
            )  # fmt: skip
            if created:
                added.append(f"indicator {code} {year}")
        for code, year, value in TARGETS:
            _target, created = IndicatorTarget.objects.get_or_create(
                indicator_id=code,
                region_id=CITY,
                year=year,
                defaults={
                    "value": Decimal(value),
                    "source": ILLUSTRATIVE,
                    "note": ILLUSTRATIVE_NOTE,
                    "entered_by": maker,
                    **approval("target", code, year),
                },
            )
            if created:
                added.append(f"target {code} {year}")
    if added:
        return [f"{len(added)} indicator figures of Kota Pekalongan"]
    return []
