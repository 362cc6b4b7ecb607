"""Plans and partners for the interventions and partner tests, made through the services as the pages do."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from dampingan.accounts.models import User
from dampingan.interventions import partners, services
from dampingan.interventions.models import Intervention, Partner
from dampingan.mentoring.models import Opd

KURIPAN_KERTOHARJO = "33.75.04.1006"  # Kampung Tempe, mentored by Dindagkop-UKM (mentor_dindagkop)
JENGGOT = "33.75.04.1004"  # mentored by DLH (mentor_dlh)
BANYURIP = "33.75.04.1002"  # lurah_banyurip
MEDONO = "33.75.01.1002"  # Pekalongan Barat, outside the camat of Pekalongan Selatan

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def tempe_plan(**overrides: Any) -> dict[str, Any]:
    """The issue's plan: business capital for the tempe makers of Kuripan Kertoharjo."""
    plan: dict[str, Any] = {
        "title": "Modal usaha perajin tempe",
        "description": "Bantuan modal dan pendampingan usaha bagi perajin tempe desil 1-2.",
        "kelurahan": [KURIPAN_KERTOHARJO],
        "kind": "modal_usaha",
        "strategy": "tingkatkan_pendapatan",
        "cluster": 3,
        "horizon": "pendek",
        "start_date": days_ago(60),
        "end_date": days_ago(60) + dt.timedelta(days=300),
        "targets": [{"description": "Perajin menerima modal", "unit": "orang", "target": "25"}],
    }
    plan.update(overrides)
    return plan


def plan(user: User, **overrides: Any) -> Intervention:
    if user.opd_id is None and (overrides.get("city_wide") or overrides.get("kelurahan") == [MEDONO]):
        # No OPD is assigned there to lead by default; the TKPK names one.
        overrides.setdefault("lead_opd", Opd.objects.get(abbreviation="Disperkim"))
    return services.create_intervention(user, tempe_plan(**overrides))


def company(user: User, name: str = "PT Batik Sejahtera") -> Partner:
    return partners.create_partner(
        user, {"name": name, "kind": "perusahaan", "contact_name": "Ibu Sari", "phone": "0285-123456"}
    )
