"""Which regions a user may open and what it may do there: the one mechanism every view and endpoint uses.

Views and API endpoints never filter by role themselves. They call a queryset method that goes through
``Scope.filter_regions`` (so a list cannot leak what a detail page would refuse) and ``Scope.require``
for capabilities. Objects outside the scope are answered with 404, missing capabilities with 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet

from .roles import CITY_WIDE_ROLES, ROLE_CAPABILITIES, Capability, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Scope:
    role: Role | None
    city_wide: bool
    # Codes of the villages (desa/kelurahan) and kecamatan a region-bound user may open.
    region_codes: frozenset[str] = field(default_factory=frozenset)
    capabilities: frozenset[Capability] = field(default_factory=frozenset)
    opd_id: int | None = None

    @classmethod
    def for_user(cls, user: User | AnonymousUser) -> Scope:
        cached = getattr(user, "_dampingan_scope", None)
        if cached is None:
            cached = cls._build(user)
            if user.is_authenticated:
                user._dampingan_scope = cached  # type: ignore[union-attr]
        return cached

    @classmethod
    def _build(cls, user: User | AnonymousUser) -> Scope:
        if not user.is_authenticated or not user.is_active:
            return cls(role=None, city_wide=False)
        role = Role.TKPK_ADMIN if user.is_superuser else Role(user.role)
        capabilities = ROLE_CAPABILITIES[role]
        if role in CITY_WIDE_ROLES:
            return cls(role=role, city_wide=True, capabilities=capabilities)
        codes: set[str] = set()
        if role == Role.CAMAT and user.region_id:
            from dampingan.regions.models import Region

            codes = {user.region_id, *Region.objects.within(user.region_id).values_list("code", flat=True)}
        elif role == Role.LURAH and user.region_id:
            codes = {user.region_id}
        elif role == Role.OPD_MENTOR and user.opd_id:
            from dampingan.mentoring.models import Assignment

            codes = set(Assignment.objects.in_force().filter(opd_id=user.opd_id).values_list("kelurahan_id", flat=True))
        deployment = f"{settings.DAMPINGAN_REGION}."
        return cls(
            role=role,
            city_wide=False,
            region_codes=frozenset(c for c in codes if c.startswith(deployment)),
            capabilities=capabilities,
            opd_id=user.opd_id,
        )

    def can(self, capability: Capability) -> bool:
        return capability in self.capabilities

    def require(self, capability: Capability) -> None:
        if not self.can(capability):
            raise PermissionDenied(capability.value)

    def covers(self, region_code: str) -> bool:
        if self.city_wide:
            return region_code.startswith(f"{settings.DAMPINGAN_REGION}.")
        return region_code in self.region_codes

    def region_q(self, lookup: str) -> Q:
        """A filter on ``lookup`` (a region code or a path to one) that keeps only regions in scope."""
        if self.city_wide:
            return Q(**{f"{lookup}__startswith": f"{settings.DAMPINGAN_REGION}."})
        if not self.region_codes:
            return Q(pk__in=[])
        return Q(**{f"{lookup}__in": sorted(self.region_codes)})

    def filter_regions(self, queryset: QuerySet[M], lookup: str) -> QuerySet[M]:
        return queryset.filter(self.region_q(lookup))

    def describe(self) -> dict[str, Any]:
        return {
            "role": self.role.value if self.role else None,
            "city_wide": self.city_wide,
            "region_codes": sorted(self.region_codes),
            "capabilities": sorted(c.value for c in self.capabilities),
        }
