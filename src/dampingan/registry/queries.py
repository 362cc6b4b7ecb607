"""Reads of the registry, always through the user's scope."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from dampingan.accounts.scopes import Scope

from .models import Household, Member, RegistryRelease, ReleaseStatus

if TYPE_CHECKING:
    from dampingan.accounts.models import User


def current_release() -> RegistryRelease | None:
    """The release pages show by default: the most recently approved current release of any source."""
    return RegistryRelease.objects.filter(status=ReleaseStatus.CURRENT).order_by("-approved_at").first()


def households_visible_to(user: User, release: RegistryRelease) -> QuerySet[Household]:
    return Scope.for_user(user).filter_regions(Household.objects.filter(release=release), "kelurahan__code")


def members_visible_to(user: User, release: RegistryRelease) -> QuerySet[Member]:
    return Scope.for_user(user).filter_regions(Member.objects.filter(release=release), "kelurahan__code")


def search_households(user: User, release: RegistryRelease, text: str) -> QuerySet[Household]:
    """Households whose member has this NIK or name, whose family has this No KK, or whose address matches."""
    text = text.strip()
    digits = re.sub(r"\D", "", text)
    members = members_visible_to(user, release)
    if len(digits) == 16:
        match = Q(pk__in=members.filter(nik=digits).values("household_id")) | Q(families__no_kk=digits)
    else:
        match = Q(pk__in=members.filter(name__icontains=text).values("household_id")) | Q(address__icontains=text)
    return (
        households_visible_to(user, release)
        .filter(match)
        .distinct()
        .select_related("kelurahan")
        .prefetch_related("ranks")
        .order_by("kelurahan_id", "address", "pk")
    )


def desil_by_kelurahan(user: User, release: RegistryRelease) -> list[dict[str, object]]:
    """Households per kelurahan and desil (aggregates: every role may see them within its scope)."""
    from .models import WelfareRank

    ranks = Scope.for_user(user).filter_regions(
        WelfareRank.objects.filter(release=release), "household__kelurahan__code"
    )
    counts = ranks.values("household__kelurahan_id", "household__kelurahan__name", "desil").annotate(n=Count("id"))
    table: dict[str, dict[str, object]] = {}
    for row in counts:
        code = row["household__kelurahan_id"]
        entry = table.setdefault(code, {"code": code, "name": row["household__kelurahan__name"], "desil": [0] * 10})
        entry["desil"][row["desil"] - 1] = row["n"]  # type: ignore[index]
    for entry in table.values():
        entry["total"] = sum(entry["desil"])  # type: ignore[arg-type]
        entry["poorest"] = sum(entry["desil"][:4])  # type: ignore[index]
    return sorted(table.values(), key=lambda e: str(e["code"]))


def age_on(birth: dt.date | None, day: dt.date) -> int | None:
    if birth is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
