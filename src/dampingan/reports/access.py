"""Who may see, request, review and approve which report. Reads start from ``queries.visible_reports``,
which holds the first rule below; the write rules are the functions here, which every page, service and
endpoint asks.

- Seeing: the LP2KD, everyone signed in (the city sends it to the province; it holds aggregates only); an
  OPD mentoring report, the city-wide roles, the OPD's own users, and the camat and lurah of a kelurahan
  the OPD mentors now; a kelurahan profile, whoever's scope covers the kelurahan.
- Requesting (generating the draft from today's records): ``REQUEST_REPORTS``, and for the LP2KD a
  city-wide role (the TKPK admin); for an OPD report the city-wide roles or a user of that OPD; for a
  kelurahan profile whoever's scope covers it.
- Reviewing (draft → reviewed): ``REVIEW_REPORTS``, the TKPK secretariat.
- Approving (reviewed → approved, which freezes the figures): ``APPROVE_REPORTS`` and being the one who
  answers for the figures (DHIS2's bottom-up approval): the OPD report by a user of that OPD (the head, or
  whom the head lets sign in for the OPD), the kelurahan profile by its lurah, the LP2KD by the TKPK
  secretary (a TKPK admin): ``APPROVE_LP2KD``, ``APPROVE_OPD_REPORT``, ``APPROVE_KELURAHAN_PROFILE``.

Outside what a user may see: 404. Seen but not theirs to do: 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from dampingan.access.roles import Capability
from dampingan.access.scope import Scope

from .kinds import ReportKind, ReportParameters
from .models import Report


def may_request(scope: Scope, kind: str, parameters: ReportParameters) -> bool:
    if not scope.can(Capability.REQUEST_REPORTS):
        return False
    if kind == ReportKind.LP2KD:
        return scope.city_wide
    if kind == ReportKind.OPD_MENTORING:
        return scope.city_wide or (scope.opd_id is not None and scope.opd_id == parameters.opd_id)
    if kind == ReportKind.KELURAHAN_PROFILE:
        return scope.covers(parameters.kelurahan_code)
    return False


def require_request(scope: Scope, kind: str, parameters: ReportParameters) -> None:
    if not may_request(scope, kind, parameters):
        raise PermissionDenied("request_reports")


def kinds_user_may_request(scope: Scope) -> list[str]:
    """Kinds the request form offers (the subject is checked again when the request arrives)."""
    if not scope.can(Capability.REQUEST_REPORTS):
        return []
    kinds: list[str] = []
    if scope.city_wide:
        kinds.append(ReportKind.LP2KD)
    if scope.city_wide or scope.opd_id:
        kinds.append(ReportKind.OPD_MENTORING)
    if scope.city_wide or scope.region_codes:
        kinds.append(ReportKind.KELURAHAN_PROFILE)
    return kinds


def may_review(scope: Scope, report: Report) -> bool:
    return scope.can(Capability.REVIEW_REPORTS)


def may_approve(scope: Scope, report: Report) -> bool:
    if not scope.can(Capability.APPROVE_REPORTS):
        return False
    if report.kind == ReportKind.LP2KD:
        return scope.can(Capability.APPROVE_LP2KD)
    if report.kind == ReportKind.OPD_MENTORING:
        return scope.can(Capability.APPROVE_OPD_REPORT) and scope.opd_id is not None and scope.opd_id == report.opd_id
    if report.kind == ReportKind.KELURAHAN_PROFILE:
        return (
            scope.can(Capability.APPROVE_KELURAHAN_PROFILE)
            and report.kelurahan_id is not None
            and scope.covers(report.kelurahan_id)
        )
    return False


def signatory_label(kind: str) -> str:
    """Who approves a report of ``kind``, for the page ("approved by the OPD")."""
    from django.utils.translation import gettext as _

    labels: dict[str, str] = {
        ReportKind.LP2KD: _("the TKPK secretary"),
        ReportKind.OPD_MENTORING: _("the OPD (its head or whom the head lets sign in)"),
        ReportKind.KELURAHAN_PROFILE: _("the lurah"),
    }
    return labels.get(kind, "")
