"""Partners (companies, banks, BAZNAS, religious and women's organisations…): the directory, each partner's
footprint across the city, and its pledges. Writes and reads together, as the area is small.

The directory holds no citizen's data and is read by every role. A partner's footprint lists only the
interventions the reader may open, with city-wide totals beside them, so a mentor learns how much a
company gives elsewhere without reading other kelurahan's records. Contact persons show to roles that
see personal data. Writes need ``RECORD_MENTORING``; a pledge to a kelurahan or an intervention needs
the right to manage it, a city-wide pledge a city-wide role.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Required, TypedDict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from dampingan.access.audit import acting_as
from dampingan.access.roles import Capability
from dampingan.access.scope import Scope
from dampingan.regions.models import Region

from . import queries, services
from .models import MONEY, BudgetLine, FundingSource, Intervention, Partner, PartnerKind, Pledge

if TYPE_CHECKING:
    from dampingan.accounts.models import User

PARTNER_FIELDS = ("name", "kind", "contact_name", "phone", "email", "address", "notes", "is_active")

# The funding source a fulfilled pledge's money is booked under, by the kind of partner that gave it.
SOURCE_OF_KIND = {
    PartnerKind.COMPANY: FundingSource.CSR,
    PartnerKind.BANK: FundingSource.BANK,
    PartnerKind.BAZNAS: FundingSource.BAZNAS,
    PartnerKind.COMMUNITY_LEADER: FundingSource.COMMUNITY,
}

ZERO = Value(Decimal(0), output_field=DecimalField(**MONEY))


class PartnerFields(TypedDict, total=False):
    """An entry of the directory (``PARTNER_FIELDS``): name and kind are needed to add one; an edit sends only the
    keys that change."""

    name: Required[str]
    kind: Required[str]
    contact_name: str
    phone: str
    email: str
    address: str
    notes: str
    is_active: bool


class PledgeFields(TypedDict, total=False):
    """A pledge, to the kelurahan (a region or its code), the intervention (one or its id), or neither: the city."""

    what: Required[str]
    amount: services.Numeric | None
    kelurahan: Region | str | None
    intervention: Intervention | int | None
    pledged_on: dt.date | None  # None: today
    due_on: dt.date | None


# --- reads --------------------------------------------------------------------------------------------


def directory(search: str = "", kind: str = "") -> QuerySet[Partner]:
    """Partners with the number of interventions, pledges and their contributions (planned, realised).

    Sums come from subqueries so that the joins of one count do not multiply another.
    """
    lines = BudgetLine.objects.filter(partner=OuterRef("pk")).values("partner")
    partners = Partner.objects.annotate(
        intervention_count=Count("interventions", distinct=True),
        pledge_count=Count("pledges", distinct=True),
        contributed_planned=Coalesce(Subquery(lines.annotate(s=Sum("planned")).values("s")), ZERO),
        contributed_realised=Coalesce(Subquery(lines.annotate(s=Sum("realised")).values("s")), ZERO),
    )
    if search:
        partners = partners.filter(Q(name__icontains=search) | Q(contact_name__icontains=search))
    if kind:
        partners = partners.filter(kind=kind)
    return partners.order_by("name")


@dataclass(frozen=True)
class Footprint:
    """What a partner does across the city, as far as ``user`` may read it, and the city-wide totals."""

    interventions: list[Intervention]
    kelurahan: list[Region]
    contributions: list[BudgetLine]
    pledges: list[Pledge]
    city_interventions: int
    city_kelurahan: int
    city_planned: Decimal
    city_realised: Decimal
    pledged_open: Decimal

    @property
    def hidden_interventions(self) -> int:
        return self.city_interventions - len(self.interventions)


def footprint(scope: Scope, partner: Partner) -> Footprint:
    visible = queries.visible_interventions(scope)
    interventions = list(
        visible.filter(partners=partner)
        .select_related("lead_opd")
        .prefetch_related("kelurahan")
        .order_by("-start_date", "title")
    )
    visible_ids = [i.pk for i in interventions]
    all_of_partner = Intervention.objects.filter(partners=partner)
    kelurahan = sorted({k for i in interventions for k in i.kelurahan.all()}, key=lambda r: r.code)
    city_kelurahan = Region.objects.filter(interventions__in=all_of_partner).values("code").distinct().count()
    totals = BudgetLine.objects.filter(partner=partner).aggregate(
        planned=Coalesce(Sum("planned"), ZERO), realised=Coalesce(Sum("realised"), ZERO)
    )
    pledges = Pledge.objects.filter(partner=partner).select_related("kelurahan", "intervention")
    readable = Q(intervention_id__in=visible_ids) | Q(intervention__isnull=True, kelurahan__isnull=True)
    if scope.city_wide:
        readable |= Q(intervention__isnull=True)
    elif scope.region_codes:
        readable |= Q(intervention__isnull=True, kelurahan_id__in=sorted(scope.region_codes))
    return Footprint(
        interventions=interventions,
        kelurahan=kelurahan,
        contributions=list(
            BudgetLine.objects.filter(partner=partner, intervention_id__in=visible_ids)
            .select_related("intervention")
            .order_by("-year", "intervention__title")
        ),
        pledges=list(pledges.filter(readable).order_by("fulfilled", "-pledged_on")),
        city_interventions=all_of_partner.count(),
        city_kelurahan=city_kelurahan,
        city_planned=totals["planned"],
        city_realised=totals["realised"],
        pledged_open=pledges.filter(fulfilled=False).aggregate(s=Coalesce(Sum("amount"), ZERO))["s"],
    )


def may_see_contacts(scope: Scope) -> bool:
    return scope.can(Capability.VIEW_PERSONAL_DATA)


def may_edit_partners(scope: Scope) -> bool:
    return scope.can(Capability.RECORD_MENTORING)


# --- writes -------------------------------------------------------------------------------------------


def _partner_values(data: PartnerFields, partner: Partner | None) -> dict[str, Any]:
    values = {}
    for name in PARTNER_FIELDS:
        if name in data:
            value = data.get(name)
            values[name] = value if name == "is_active" else str(value or "").strip()
    return values


def create_partner(actor: User, data: PartnerFields) -> Partner:
    """Add an organisation to the directory; its name must be new (case and spaces ignored)."""
    Scope.for_user(actor).require(Capability.RECORD_MENTORING)
    partner = Partner(**_partner_values(data, None))
    _check_name_free(partner)
    partner.full_clean()
    with transaction.atomic(), acting_as(actor):
        partner.save()
    return partner


def update_partner(actor: User, partner: Partner, data: PartnerFields) -> Partner:
    """Correct a partner's details or mark it inactive; its interventions and pledges stay."""
    Scope.for_user(actor).require(Capability.RECORD_MENTORING)
    with transaction.atomic(), acting_as(actor):
        locked = Partner.objects.select_for_update().get(pk=partner.pk)
        for name, value in _partner_values(data, locked).items():
            setattr(locked, name, value)
        _check_name_free(locked)
        locked.full_clean()
        locked.save()
    return locked


def _check_name_free(partner: Partner) -> None:
    same = Partner.objects.filter(name__iexact=" ".join(partner.name.split())).exclude(pk=partner.pk).first()
    if same is not None:
        raise ValidationError({"name": _("“%(name)s” is already in the partner directory.") % {"name": same.name}})


def _check_pledge_target(actor: User, kelurahan: Region | None, intervention: Intervention | None) -> None:
    scope = Scope.for_user(actor)
    scope.require(Capability.RECORD_MENTORING)
    if intervention is not None:
        services.require_manage(actor, intervention)
        if (
            kelurahan is not None
            and not intervention.city_wide
            and not intervention.kelurahan.filter(code=kelurahan.code).exists()
        ):
            raise ValidationError(
                {"kelurahan": _("%(name)s is not one of the intervention's kelurahan.") % {"name": kelurahan.name}}
            )
    elif kelurahan is not None:
        if not scope.covers(kelurahan.code):
            raise PermissionDenied(
                _("You do not mentor %(name)s, so you cannot record a pledge to it.") % {"name": kelurahan.name}
            )
    elif not scope.city_wide:
        raise PermissionDenied(_("Only the TKPK records pledges to the whole city; choose your kelurahan."))


def create_pledge(actor: User, partner: Partner, data: PledgeFields) -> Pledge:
    """Record what ``partner`` promised, to a kelurahan, an intervention, or the whole city.

    Refused: no description, a negative or unreadable amount, a date in the future, a due date before
    the pledge, a kelurahan of another kab/kota or one the actor does not mentor (403), an intervention
    the actor does not manage (403), a kelurahan that is not among the intervention's.
    """
    kelurahan, intervention = _pledge_target(actor, data)
    _check_pledge_target(actor, kelurahan, intervention)
    what = str(data.get("what") or "").strip()
    errors: dict[str, list[str]] = {}
    if not what:
        errors["what"] = [_("Say what the partner pledged.")]
    amount, amount_errors = _pledge_amount(data.get("amount"))
    errors.update(amount_errors)
    pledged_on = data.get("pledged_on") or timezone.localdate()
    due_on = data.get("due_on") or None
    errors.update(_pledge_date_problems(pledged_on, due_on))
    if errors:
        raise ValidationError(errors)
    pledge = Pledge(
        partner=partner,
        what=what,
        amount=amount,
        kelurahan=kelurahan,
        intervention=intervention,
        pledged_on=pledged_on,
        due_on=due_on,
    )
    pledge.full_clean()
    with transaction.atomic(), acting_as(actor):
        pledge.save()
        if intervention is not None:
            intervention.partners.add(partner)
    return pledge


def _pledge_target(actor: User, data: PledgeFields) -> tuple[Region | None, Intervention | None]:
    """The kelurahan (a code or a region) and the intervention (one, or the id of one the actor sees) named."""
    kelurahan_value = data.get("kelurahan")
    kelurahan = None
    if kelurahan_value not in (None, ""):
        kelurahan = services.resolve_kelurahan([kelurahan_value])[0]
    intervention = data.get("intervention") or None
    if intervention is not None and not isinstance(intervention, Intervention):
        intervention = queries.visible_interventions(Scope.for_user(actor)).filter(pk=int(intervention)).first()
        if intervention is None:
            raise ValidationError({"intervention": _("Unknown intervention.")})
    return kelurahan, intervention


def _pledge_amount(value: object) -> tuple[Decimal | None, dict[str, list[str]]]:
    """The amount pledged, if any, or why it cannot be read."""
    if value in (None, ""):
        return None, {}
    try:
        return services.read_amount(value, "amount", _("pledged amount")), {}
    except ValidationError as exc:
        return None, exc.message_dict


def _pledge_date_problems(pledged_on: object, due_on: object) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if isinstance(pledged_on, dt.date) and pledged_on > timezone.localdate():
        errors["pledged_on"] = [_("The pledge cannot be dated in the future.")]
    if isinstance(due_on, dt.date) and isinstance(pledged_on, dt.date) and due_on < pledged_on:
        errors["due_on"] = [_("The due date is before the date of the pledge.")]
    return errors


def fulfil_pledge(actor: User, pledge: Pledge, *, record_contribution: bool = False) -> Pledge:
    """Mark a pledge fulfilled; with ``record_contribution``, book its amount on its intervention as a
    budget line (planned = realised = the amount, this year, the source following the partner's kind)
    in the same transaction. A pledge already fulfilled is refused, so money is never booked twice.
    """
    _check_pledge_target(actor, pledge.kelurahan, pledge.intervention)
    if record_contribution and (pledge.intervention is None or pledge.amount is None):
        raise ValidationError(_("Only a pledge with an amount to an intervention can be booked as a budget line."))
    with transaction.atomic(), acting_as(actor):
        locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
        if locked.fulfilled:
            raise ValidationError(_("This pledge is already marked fulfilled."))
        locked.fulfilled = True
        locked.save(update_fields=["fulfilled"])
        if record_contribution and pledge.intervention is not None and pledge.amount is not None:
            year = timezone.localdate().year
            if pledge.intervention.end_date is not None:
                year = min(year, pledge.intervention.end_date.year)
            year = max(year, pledge.intervention.start_date.year)
            services.add_budget_line(
                actor,
                pledge.intervention,
                {
                    "source": SOURCE_OF_KIND.get(PartnerKind(pledge.partner.kind), FundingSource.OTHER),
                    "partner": pledge.partner,
                    "year": year,
                    "planned": pledge.amount,
                    "realised": pledge.amount,
                    "notes": (
                        _("Pledge of %(date)s: %(what)s")
                        % {"date": pledge.pledged_on.strftime("%d-%m-%Y"), "what": pledge.what}
                    )[:250],
                },
            )
    return locked
