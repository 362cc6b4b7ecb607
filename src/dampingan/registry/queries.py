"""Reads of the registry, always through the user's scope."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When

from dampingan.access.roles import Capability
from dampingan.access.scope import Scope

from . import deprivations
from .codes import RelationshipToHead
from .models import Family, Household, Member, RegistryRelease, ReleaseStatus, WelfareRank


def current_release() -> RegistryRelease | None:
    """The release pages show by default: the most recently approved current release of any source."""
    return RegistryRelease.objects.filter(status=ReleaseStatus.CURRENT).order_by("-approved_at").first()


def openable_households(scope: Scope) -> QuerySet[Household]:
    """Households ``scope`` opens by id: in its regions and in a release it may see (a draft only for those
    who import or approve releases), whatever release the id belongs to."""
    households = Household.objects.filter(release__in=visible_releases(scope))
    return scope.filter_regions(households, "kelurahan__code")


def visible_households(scope: Scope, release: RegistryRelease) -> QuerySet[Household]:
    return scope.filter_regions(Household.objects.filter(release=release), "kelurahan__code")


def visible_families(scope: Scope, release: RegistryRelease) -> QuerySet[Family]:
    return scope.filter_regions(Family.objects.filter(release=release), "kelurahan__code")


def visible_members(scope: Scope, release: RegistryRelease) -> QuerySet[Member]:
    return scope.filter_regions(Member.objects.filter(release=release), "kelurahan__code")


def search_households(scope: Scope, release: RegistryRelease, text: str) -> QuerySet[Household]:
    """Households whose member has this NIK or name, whose family has this No KK, or whose address matches."""
    text = text.strip()
    digits = re.sub(r"\D", "", text)
    members = visible_members(scope, release)
    if len(digits) == 16:
        match = Q(pk__in=members.filter(nik=digits).values("household_id")) | Q(families__no_kk=digits)
    else:
        match = Q(pk__in=members.filter(name__icontains=text).values("household_id")) | Q(address__icontains=text)
    return (
        visible_households(scope, release)
        .filter(match)
        .distinct()
        .select_related("kelurahan")
        .prefetch_related(Prefetch("ranks", queryset=WelfareRank.objects.filter(release=release)))
        .order_by("kelurahan_id", "address", "pk")
    )


def age_on(birth: dt.date | None, day: dt.date) -> int | None:
    if birth is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def visible_releases(scope: Scope) -> QuerySet[RegistryRelease]:
    """Releases whose lists ``scope`` may open: current and superseded ones, and drafts for those who import
    or approve them (the check before approval)."""
    statuses = [ReleaseStatus.CURRENT, ReleaseStatus.SUPERSEDED]
    if scope.can(Capability.IMPORT_REGISTRY):
        statuses.append(ReleaseStatus.DRAFT)
    return RegistryRelease.objects.filter(status__in=statuses).order_by("-imported_at")


def latest_rank(field: str = "desil") -> Subquery:
    """A household's rank in its release: the latest dated one, the official before a local one.

    The release is named beside the household: ranks are partitioned by release on PostgreSQL and indexed by
    (release, household, …) on both databases, so this is one index lookup per household. Filtered on the
    household alone it read every rank of every release for each household."""
    ranks = WelfareRank.objects.filter(release_id=OuterRef("release_id"), household_id=OuterRef("pk")).order_by(
        "-ranked_on", "-method"
    )
    return Subquery(ranks.values(field)[:1])


def head(field: str) -> Subquery:
    """A field of the household head (the first, if a file named two) as a subquery on ``Household``."""
    # The release first, as in latest_rank: one partition's index, not one per release.
    heads = Member.objects.filter(
        release_id=OuterRef("release_id"), household_id=OuterRef("pk"), relationship_to_head=RelationshipToHead.HEAD
    )
    return Subquery(heads.order_by("pk").values(field)[:1])


@dataclass(frozen=True)
class HouseholdFilter:
    """What a household list is narrowed to. Empty fields do not narrow."""

    release: RegistryRelease
    kecamatan: str = ""
    kelurahan: str = ""
    desil: tuple[int, ...] = ()
    deprivations: tuple[str, ...] = ()
    on: dt.date = field(default_factory=dt.date.today)

    def describe(self) -> str:
        """A plain account of the filter for the audit log."""
        parts = [f"release {self.release.pk}"]
        if self.kecamatan:
            parts.append(f"kecamatan {self.kecamatan}")
        if self.kelurahan:
            parts.append(f"kelurahan {self.kelurahan}")
        if self.desil:
            parts.append("desil " + ",".join(map(str, self.desil)))
        if self.deprivations:
            parts.append("deprivations " + ",".join(self.deprivations))
        return "; ".join(parts)


class PagedHouseholds:
    """An ordered household list for ``Paginator`` or slicing whose rows get their annotations (rank, head,
    deprivation flags: a subquery each per household) for the requested rows only.

    Sliced directly, the database computes every annotation for every row it skips: page 50 of a million-person
    list took 4.5 s, offset 5,000 in the API 9 s. Here the window is found on the keys (the annotations a
    filter uses stay in its WHERE), then those rows are read with everything the page shows."""

    def __init__(self, households: QuerySet[Household]) -> None:
        self.households = households

    def count(self) -> int:
        return self.households.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[Household]:
        keys = list(self.households.values_list("pk", flat=True)[window])
        found = {household.pk: household for household in self.households.filter(pk__in=keys)}
        return [found[key] for key in keys]


def filtered_households(scope: Scope, spec: HouseholdFilter) -> QuerySet[Household]:
    """Households of a release within ``scope``, narrowed by ``spec``, with desil and head."""
    households = visible_households(scope, spec.release).annotate(desil=latest_rank())
    if spec.kelurahan:
        households = households.filter(kelurahan_id=spec.kelurahan)
    elif spec.kecamatan:
        households = households.filter(kelurahan__code__startswith=f"{spec.kecamatan}.")
    if spec.desil:
        households = households.filter(desil__in=spec.desil)
    for key in spec.deprivations:
        households = households.filter(deprivations.BY_KEY[key].q(spec.on))
    return with_head(households).order_by("kelurahan_id", "rt", "rw", "pk")


def with_head(households: QuerySet[Household]) -> QuerySet[Household]:
    """Adds the household head's name and NIK (``head_name``, ``head_nik``)."""
    return households.annotate(head_name=head("name"), head_nik=head("nik"))


def flag_name(deprivation: deprivations.Deprivation) -> str:
    """The annotation ``with_deprivation_flags`` gives one deprivation."""
    return f"dep_{deprivation.key}"


def with_deprivation_flags(households: QuerySet[Household], on: dt.date) -> QuerySet[Household]:
    """Adds one boolean per deprivation (``dep_<key>``) and the head's No KK."""
    flags = {
        flag_name(d): Case(When(d.q(on), then=Value(True)), default=Value(False), output_field=BooleanField())
        for d in deprivations.DEPRIVATIONS
    }
    return households.annotate(head_no_kk=_head_no_kk(), **flags)


def _head_no_kk() -> Subquery:
    """The head's No KK: the head's family looked up by key. As one subquery joining members to families,
    PostgreSQL misjudged how many members match and read a whole release's members in key order for each
    household (8 s for a 50-row page of one kelurahan at a million persons)."""
    head_family = Member.objects.filter(
        release_id=OuterRef(OuterRef("release_id")),
        household_id=OuterRef(OuterRef("pk")),
        relationship_to_head=RelationshipToHead.HEAD,
    ).order_by("pk")
    families = Family.objects.filter(
        release_id=OuterRef("release_id"), pk=Subquery(head_family.values("family_id")[:1])
    )
    return Subquery(families.values("no_kk")[:1])


def deprivations_of(household: Household) -> list[deprivations.Deprivation]:
    """The deprivations of a household read through ``with_deprivation_flags``."""
    return [d for d in deprivations.DEPRIVATIONS if getattr(household, flag_name(d))]
