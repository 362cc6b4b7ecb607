"""Roles and what each may do. Where (which regions) is decided by ``scope.Scope``."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    TKPK_ADMIN = "tkpk_admin", _("TKPK administrator")
    OPD_MENTOR = "opd_mentor", _("OPD mentor")
    CAMAT = "camat", _("Camat")
    LURAH = "lurah", _("Lurah / village head")
    DINSOS_OPERATOR = "dinsos_operator", _("Dinsos data operator")
    VIEWER = "viewer", _("Viewer")


class Capability(StrEnum):
    VIEW_PERSONAL_DATA = "view_personal_data"
    # Full NIK and No KK; without it they are masked (access/personal.py) wherever personal data shows.
    VIEW_IDENTIFIERS = "view_identifiers"
    EDIT_REGION_OFFICE = "edit_region_office"
    MANAGE_OPDS = "manage_opds"
    EDIT_OWN_OPD = "edit_own_opd"
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT_LOG = "view_audit_log"
    IMPORT_REGISTRY = "import_registry"
    USE_API = "use_api"
    # Mentoring records of a kelurahan in scope: problems, potentials, monitoring, visits, monthly reports.
    RECORD_MENTORING = "record_mentoring"
    # Comments on the mentoring records of a kelurahan in scope (the lurah contributes without editing).
    COMMENT_MENTORING = "comment_mentoring"
    # Review of monthly reports and the assignment decrees (and the matcher that proposes them).
    REVIEW_MENTORING = "review_mentoring"
    MANAGE_DECREES = "manage_decrees"
    # Meetings of the user's own region: the camat its kecamatan's Catur Pilar, the lurah its musyawarah;
    # the TKPK admin every meeting (coordination/access.py).
    RUN_MEETINGS = "run_meetings"
    # Macro indicators (BPS series) and RPJMD targets: entry and import; everyone reads them
    # (indicators/access.py). The TKPK admin only: in Kota Pekalongan Bapperida's operator holds that role.
    MANAGE_INDICATORS = "manage_indicators"
    # Kelurahan boundary files for the maps (geo/): the TKPK admin only.
    MANAGE_BOUNDARIES = "manage_boundaries"
    # Other names of the kelurahan that registry files use (regions.KelurahanAlias): the TKPK admin only.
    MANAGE_PLACE_NAMES = "manage_place_names"
    # Reports (reports/access.py): generate a draft of a report whose subject is in scope; review drafts (the
    # TKPK secretariat); approve, which freezes the figures: each kind by whoever answers for it (the OPD,
    # the lurah, the TKPK secretary): the TKPK admin approves only the LP2KD.
    REQUEST_REPORTS = "request_reports"
    REVIEW_REPORTS = "review_reports"
    APPROVE_REPORTS = "approve_reports"
    # Which report a user answers for, and so approves (with APPROVE_REPORTS): the TKPK secretary the LP2KD, a
    # user of the OPD its OPD's mentoring report, the lurah its kelurahan's profile.
    APPROVE_LP2KD = "approve_lp2kd"
    APPROVE_OPD_REPORT = "approve_opd_report"
    APPROVE_KELURAHAN_PROFILE = "approve_kelurahan_profile"
    # The checker of maker-checker for registry releases: a draft becomes current (registry.services).
    APPROVE_RELEASES = "approve_releases"


ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    # Every capability but the sign-off of reports another office answers for.
    Role.TKPK_ADMIN: frozenset(Capability) - {Capability.APPROVE_OPD_REPORT, Capability.APPROVE_KELURAHAN_PROFILE},
    Role.OPD_MENTOR: frozenset(
        {
            Capability.VIEW_PERSONAL_DATA,
            Capability.EDIT_OWN_OPD,
            Capability.RECORD_MENTORING,
            Capability.COMMENT_MENTORING,
            Capability.USE_API,
            Capability.REQUEST_REPORTS,
            Capability.APPROVE_REPORTS,
            Capability.APPROVE_OPD_REPORT,
        }
    ),
    Role.CAMAT: frozenset(
        {
            Capability.VIEW_PERSONAL_DATA,
            Capability.EDIT_REGION_OFFICE,
            Capability.COMMENT_MENTORING,
            Capability.RUN_MEETINGS,
            Capability.USE_API,
            Capability.REQUEST_REPORTS,
        }
    ),
    Role.LURAH: frozenset(
        {
            Capability.VIEW_PERSONAL_DATA,
            Capability.VIEW_IDENTIFIERS,
            Capability.EDIT_REGION_OFFICE,
            Capability.COMMENT_MENTORING,
            Capability.RUN_MEETINGS,
            Capability.USE_API,
            Capability.REQUEST_REPORTS,
            Capability.APPROVE_REPORTS,
            Capability.APPROVE_KELURAHAN_PROFILE,
        }
    ),
    Role.DINSOS_OPERATOR: frozenset(
        {
            Capability.VIEW_PERSONAL_DATA,
            Capability.VIEW_IDENTIFIERS,
            Capability.IMPORT_REGISTRY,
            Capability.USE_API,
        }
    ),
    Role.VIEWER: frozenset({Capability.USE_API}),
}

# Roles whose work covers the whole kabupaten/kota; the others are held to their own regions.
CITY_WIDE_ROLES = frozenset({Role.TKPK_ADMIN, Role.DINSOS_OPERATOR, Role.VIEWER})
