"""Who may read and who may write macro indicators. Every page, service and endpoint of the app asks here.

- Reading: every signed-in role, for the kab/kota and every kecamatan and kelurahan in it. These are
  published aggregates (BPS figures, plan targets) without personal data, so a lurah may compare its
  kelurahan with the others and a mentor may see the city's trend.
- Writing (entry, import, API create/update): ``MANAGE_INDICATORS`` - the TKPK admin only; in Kota
  Pekalongan the operator at Bapperida, the TKPK secretariat, holds that role.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from dampingan.access.roles import Capability
from dampingan.access.scope import Scope


def may_read(scope: Scope) -> bool:
    return scope.role is not None


def require_read(scope: Scope) -> None:
    if not may_read(scope):
        raise PermissionDenied("sign in to read indicators")


def may_manage(scope: Scope) -> bool:
    return scope.can(Capability.MANAGE_INDICATORS)


def require_manage(scope: Scope) -> None:
    scope.require(Capability.MANAGE_INDICATORS)
