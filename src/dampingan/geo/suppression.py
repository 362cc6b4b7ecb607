"""Small cells: an aggregate of fewer than 10 households is hidden from those who may not see the households.

A share computed from 3 households says something about each of them. The registry's own users (a role
with VIEW_PERSONAL_DATA, for the kelurahan in its scope) could list those households anyway, so for them
nothing is hidden; everyone else (a lurah looking at other kelurahan, a viewer, the public page) sees the
cell hatched, with no value.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from dampingan.access.roles import Capability
from dampingan.access.scope import Scope

SMALL_CELL_MINIMUM = 10


def small_cells(
    denominators: Mapping[str, int], *, minimum: int = SMALL_CELL_MINIMUM, exempt: Collection[str] = ()
) -> set[str]:
    """Codes whose denominator is 1 to ``minimum - 1`` (none at all is "no data", not hidden), except ``exempt``."""
    return {code for code, n in denominators.items() if 0 < n < minimum and code not in exempt}


def detail_codes(scope: Scope, codes: Collection[str]) -> set[str]:
    """The codes among ``codes`` whose households ``scope`` may list, so small cells need no hiding from it."""
    if not scope.can(Capability.VIEW_PERSONAL_DATA):
        return set()
    return {code for code in codes if scope.covers(code)}
