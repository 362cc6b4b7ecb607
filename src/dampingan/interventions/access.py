"""Who may see and manage which interventions. Reads start from ``queries.visible_interventions``, which
holds the first rule below; the write rules are the ``may_*`` functions here, which every page, service and
endpoint asks.

- Reading an intervention (title, budget, progress, counts): every role whose scope touches one of its
  kelurahan, and everyone for a city-wide intervention.
- Managing it (editing, budget, progress, beneficiaries): ``RECORD_MENTORING`` on every one of its
  kelurahan — an OPD mentor for its own kelurahan, the TKPK admin everywhere; only a city-wide role
  manages a city-wide intervention.
- Names, NIK and No KK of beneficiaries: ``VIEW_PERSONAL_DATA`` (viewers see aggregates only), masked
  without ``VIEW_IDENTIFIERS``, each view logged — as for the registry.
"""

from __future__ import annotations

from collections.abc import Iterable

from dampingan.access.roles import Capability
from dampingan.access.scope import Scope

from .models import Intervention


def may_manage(scope: Scope, kelurahan_codes: Iterable[str], *, city_wide: bool = False) -> bool:
    """Whether ``scope`` may create or change an intervention with these kelurahan."""
    if not scope.can(Capability.RECORD_MENTORING):
        return False
    codes = list(kelurahan_codes)
    if city_wide or not codes:
        return scope.city_wide
    return all(scope.covers(code) for code in codes)


def may_manage_intervention(scope: Scope, intervention: Intervention) -> bool:
    codes = intervention.kelurahan.values_list("code", flat=True)
    return may_manage(scope, codes, city_wide=intervention.city_wide)
