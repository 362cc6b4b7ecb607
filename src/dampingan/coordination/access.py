"""Who may see and run which meetings, and who may update which action items. Reads start from
``meeting_queries.visible_meetings`` and ``action_queries.visible_action_items``, which hold the first rule
below; the write rules are the ``may_*`` functions here, which every page, service and endpoint asks.

- Seeing a meeting: everyone for a city meeting (the Rakor TKPK steers the whole programme); for a
  kecamatan meeting, whoever's scope touches the kecamatan or one of its kelurahan (the camat, its
  lurah, the OPDs mentoring there); for a kelurahan meeting, whoever's scope covers the kelurahan. A user
  invited in person, or whose OPD is invited, sees the meeting too, and so does whoever owns one of its
  action items.
- Running a meeting (record, edit, attendance, minutes, decisions, action items): ``RUN_MEETINGS`` on its
  region — the TKPK admin everywhere, the camat in its kecamatan, the lurah in its kelurahan. A city
  meeting is the TKPK's alone.
- Updating an action item: its owner (the user, or a user of the owner OPD) and whoever runs the meeting.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from dampingan.access.roles import Capability
from dampingan.access.scope import Scope
from dampingan.lib import deployment
from dampingan.regions.models import Region, RegionLevel

from .models import ActionItem, Meeting


def may_run_in(scope: Scope, region: Region) -> bool:
    """Whether ``scope`` may hold (record and manage) a meeting for ``region``."""
    if not scope.can(Capability.RUN_MEETINGS):
        return False
    if region.code == deployment.code():
        return scope.city_wide
    return scope.covers(region.code) and (scope.city_wide or region.code in _own_regions(scope))


def _own_regions(scope: Scope) -> set[str]:
    # The camat runs meetings of its kecamatan (not of each kelurahan: those are the lurah's musyawarah);
    # the lurah those of its kelurahan.
    return {scope.home_region} if scope.home_region else set()


def may_run(scope: Scope, meeting: Meeting) -> bool:
    return may_run_in(scope, meeting.region)


def regions_user_may_run(scope: Scope) -> QuerySet[Region]:
    """The regions a new meeting of ``scope``'s user may be held for, city first."""
    if not scope.can(Capability.RUN_MEETINGS):
        return Region.objects.none()
    if scope.city_wide:
        return Region.objects.filter(Q(code=deployment.code()) | deployment.inside("code")).exclude(
            level=RegionLevel.PROVINSI
        )
    return Region.objects.filter(code__in=sorted(_own_regions(scope) & scope.region_codes))


def owns(scope: Scope, item: ActionItem) -> bool:
    if item.owner_user_id is not None:
        return scope.user_id is not None and item.owner_user_id == scope.user_id
    return item.owner_opd_id is not None and item.owner_opd_id == scope.own_opd_id


def may_update_item(scope: Scope, item: ActionItem) -> bool:
    return owns(scope, item) or may_run(scope, item.decision.meeting)
