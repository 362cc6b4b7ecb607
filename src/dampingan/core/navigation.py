"""The navigation each role sees. Pages still check permissions themselves; this only hides links."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dampingan.access.roles import Capability
from dampingan.access.scope import Scope


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url_name: str
    capability: Capability | None = None

    @property
    def url(self) -> str:
        return reverse(self.url_name)


NAVIGATION = [
    NavItem("home", _("Home"), "home"),
    NavItem("dashboard", _("Dashboard"), "dashboard:index"),
    NavItem("regions", _("Regions"), "regions:list"),
    NavItem("opds", _("OPDs"), "mentoring:opd_list"),
    NavItem("assignments", _("Assignments"), "mentoring:mapping"),
    NavItem("mapping", _("Problems and potentials"), "baseline:mapping"),
    NavItem("interventions", _("Interventions"), "interventions:intervention_list"),
    NavItem("meetings", _("Meetings"), "coordination:meeting_list"),
    NavItem("action_items", _("Action items"), "coordination:action_item_list"),
    NavItem("indicators", _("Indicators"), "indicators:index"),
    NavItem("reports", _("Monthly reports"), "visits:review_queue", Capability.REVIEW_MENTORING),
    NavItem("reports_docs", _("Reports"), "reports:list"),
    NavItem("registry", _("Registry"), "registry:home"),
    NavItem("map", _("Map"), "geo:map"),
    NavItem("users", _("Users"), "accounts:user_list", Capability.MANAGE_USERS),
    NavItem("audit", _("Audit log"), "accounts:audit_log", Capability.VIEW_AUDIT_LOG),
]


def navigation_for(scope: Scope) -> list[NavItem]:
    if scope.role is None:
        return []
    return [item for item in NAVIGATION if item.capability is None or scope.can(item.capability)]
