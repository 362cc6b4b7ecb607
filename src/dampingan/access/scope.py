"""Which regions a user may open and what it may do there: the one mechanism every view and endpoint uses.

A scope is built once per request (``access.middleware`` sets ``request.scope``; the API's authentication
sets it for the token's user) and passed on, never the user: every read is a ``visible_<records>(scope)``
of its app's queries module, which narrows with ``Scope.filter_regions`` (so a list cannot leak what a
detail page would refuse), and capabilities are asked with ``Scope.require``. Objects outside the scope
are answered with 404, missing capabilities with 403. Only a write finds the scope from its ``actor``
(``Scope.for_user``, kept on the user object, so it is the request's scope again), and the personal-data
door from the user it logs (docs/roles.md, "One scoping convention").

Which regions a region-bound role covers is known by the app that keeps the fact: ``accounts`` for the
camat's kecamatan and the lurah's village (the user's own region), ``mentoring`` for the kelurahan an
OPD is assigned to by the decree in force. Each registers a source from its ``AppConfig.ready``; a role
without a source covers nothing (the scope fails closed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from dampingan.lib import deployment

from .roles import CITY_WIDE_ROLES, ROLE_CAPABILITIES, Capability, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from dampingan.accounts.models import User

# Any queryset, kept as its own class so that a custom queryset keeps its methods after the filter.
QS = TypeVar("QS", bound=QuerySet[Any])

# The region codes a user of a region-bound role may open, given the user; empty when it has none.
RegionSource = Callable[["User"], Iterable[str]]
_REGION_SOURCES: dict[Role, RegionSource] = {}


def register_region_source(role: Role, source: RegionSource) -> None:
    """Say how the regions of ``role`` are found; called from the ``ready()`` of the app that knows them."""
    if role in CITY_WIDE_ROLES:
        raise ValueError(f"{role} is city-wide: it has no region source")
    _REGION_SOURCES[role] = source


def regional_roles_without_source() -> set[Role]:
    """Region-bound roles nobody registered a source for (a deployment check: they would see nothing)."""
    return {role for role in Role if role not in CITY_WIDE_ROLES and role not in _REGION_SOURCES}


@dataclass(frozen=True)
class Scope:
    role: Role | None
    city_wide: bool
    # Codes of the villages (desa/kelurahan) and kecamatan a region-bound user may open.
    region_codes: frozenset[str] = field(default_factory=frozenset)
    capabilities: frozenset[Capability] = field(default_factory=frozenset)
    # The OPD the account works for, whatever its role: a city-wide Dinsos operator answers for Dinsos's action items.
    own_opd_id: int | None = None
    # The region the account names as its own (the camat's kecamatan, the lurah's village): where it runs meetings.
    home_region: str | None = None
    # The user whose scope this is ("my action items"); None for a scope that is nobody's (``city_viewer``).
    user_id: int | None = None

    @classmethod
    def city_viewer(cls) -> Scope:
        """The whole kab/kota as the viewer role reads it: every aggregate, no personal data, owning nothing.

        What reports are built with: a report is about its subject (an OPD, a kelurahan, the city), not about
        who asked for it, and an OPD's report for last year must count the kelurahan it mentored then."""
        return cls(role=Role.VIEWER, city_wide=True, capabilities=ROLE_CAPABILITIES[Role.VIEWER])

    @classmethod
    def for_user(cls, user: User | AnonymousUser) -> Scope:
        cached = getattr(user, "_dampingan_scope", None)
        if cached is None:
            cached = cls._build(user)
            if user.is_authenticated:
                user._dampingan_scope = cached  # type: ignore[attr-defined]  # a cache on the instance, not a field
        return cached

    @classmethod
    def _build(cls, user: User | AnonymousUser) -> Scope:
        if not user.is_authenticated or not user.is_active:
            return cls(role=None, city_wide=False)
        role = Role.TKPK_ADMIN if user.is_superuser else Role(user.role)
        capabilities = ROLE_CAPABILITIES[role]
        if role in CITY_WIDE_ROLES:
            return cls(role=role, city_wide=True, capabilities=capabilities, own_opd_id=user.opd_id, user_id=user.pk)
        source = _REGION_SOURCES.get(role)
        codes = set(source(user)) if source is not None else set()
        return cls(
            role=role,
            city_wide=False,
            region_codes=frozenset(c for c in codes if deployment.holds(c)),
            capabilities=capabilities,
            own_opd_id=user.opd_id,
            home_region=user.region_id,
            user_id=user.pk,
        )

    @property
    def opd_id(self) -> int | None:
        """The OPD a region-bound user works for (a mentor's regions follow its assignments); None when city-wide,
        where an OPD narrows nothing."""
        return None if self.city_wide else self.own_opd_id

    def can(self, capability: Capability) -> bool:
        return capability in self.capabilities

    def require(self, capability: Capability) -> None:
        if not self.can(capability):
            raise PermissionDenied(capability.value)

    def covers(self, region_code: str) -> bool:
        if self.city_wide:
            return deployment.holds(region_code)
        return region_code in self.region_codes

    def region_q(self, lookup: str) -> Q:
        """A filter on ``lookup`` (a region code or a path to one) that keeps only regions in scope."""
        if self.city_wide:
            return deployment.inside(lookup)
        if not self.region_codes:
            return Q(pk__in=[])
        return Q(**{f"{lookup}__in": sorted(self.region_codes)})

    def filter_regions(self, queryset: QS, lookup: str) -> QS:
        return queryset.filter(self.region_q(lookup))

    def describe(self) -> dict[str, Any]:
        return {
            "role": self.role.value if self.role else None,
            "city_wide": self.city_wide,
            "region_codes": sorted(self.region_codes),
            "capabilities": sorted(c.value for c in self.capabilities),
        }
