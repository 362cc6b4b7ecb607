"""Beneficiaries, match reports and targeting lists as a reader may see them: the interventions' door to
personal data.

Each function takes records already held to the reader's scope (``beneficiary_queries``, ``targeting_data``,
``beneficiaries.match_file``), needs ``VIEW_PERSONAL_DATA`` (403 without), writes the access entry and gives
them back with NIK and No KK masked unless the reader may see them whole (``access.personal.disclose``). The
pages, the API and the exports of this app call these and never mask or log themselves.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db.models import Model
from django.utils import timezone

from dampingan.access.personal import Purpose, disclose
from dampingan.access.scope import Scope
from dampingan.registry import personal as registry_personal

from . import targeting_data
from .beneficiary_import import MatchReport
from .models import Beneficiary

if TYPE_CHECKING:
    from dampingan.accounts.models import User
    from dampingan.registry.models import Household

BENEFICIARY_IDENTIFIERS = ("nik", "no_kk")


def beneficiaries(
    reader: User, subject: Model, shown: Sequence[Beneficiary], *, detail: str, purpose: Purpose = Purpose.VIEW
) -> None:
    """Log and mask beneficiaries about to be shown (a page, one beneficiary, an export, a write's answer);
    ``household_link`` says whether the reader may open the linked household's registry page."""
    disclosure = disclose(reader, subject, detail=detail, count=len(shown), purpose=purpose)
    scope = Scope.for_user(reader)
    for b in shown:
        b.household_link = b.household_id is not None and scope.covers(b.kelurahan_id)
    disclosure.mask_fields(shown, *BENEFICIARY_IDENTIFIERS)


def match_report(
    reader: User, subject: Model, report: MatchReport, *, detail: str, purpose: Purpose = Purpose.VIEW
) -> MatchReport:
    """A copy of ``report`` to show or download: the rows' identifiers masked unless the reader may see them.
    The report itself keeps them whole, for the import that may follow."""
    disclosure = disclose(reader, subject, detail=detail, count=len(report.rows), purpose=purpose)
    rows = [
        dataclasses.replace(row, nik=disclosure.identifier(row.nik) or "", no_kk=disclosure.identifier(row.no_kk) or "")
        for row in report.rows
    ]
    return dataclasses.replace(report, rows=rows)


def targeting_households(
    reader: User, subject: Model, pks: Sequence[int], *, detail: str, purpose: Purpose = Purpose.VIEW
) -> dict[int, Household]:
    """The households of targeting lists (``targeting_data.household_details``), logged and masked."""
    details = targeting_data.household_details(list(pks), timezone.localdate())
    registry_personal.households(reader, subject, details.values(), detail=detail, purpose=purpose)
    return details
