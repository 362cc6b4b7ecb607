"""Writes of beneficiaries: adding households from the registry list, importing a matched list, changing
a beneficiary's status, recording what it received. Pages and API endpoints both call these.

Each function checks that the actor may manage the intervention (``access.may_manage_intervention``:
403 otherwise), validates everything before writing, and writes in one transaction under the actor's name
in the audit log: a refused request leaves nothing half-saved. Beneficiaries are linked to households of
the **current** registry release, with the desil the household had when it was added; the flags of the
match report (``beneficiary_import``) are stored on the beneficiary, so that leakage can count them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Required, TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dampingan.access.audit import acting_as
from dampingan.access.roles import Capability
from dampingan.access.scope import Scope
from dampingan.registry.models import Household, RegistryRelease
from dampingan.registry.queries import current_release, head, latest_rank, visible_households

from . import access, beneficiary_import
from .beneficiary_import import DESIL_5_PLUS, LEAKAGE_DESIL, OTHER_KELURAHAN, MatchReport
from .models import (
    Beneficiary,
    BeneficiarySource,
    BeneficiaryStatus,
    BeneficiaryStatusChange,
    Intervention,
    InterventionStatus,
    Receipt,
)

if TYPE_CHECKING:
    from dampingan.accounts.models import User

    from .services import Numeric

# Where a beneficiary's status may go next: proposed → active → graduated or suspended, and a suspended
# beneficiary back to active. Graduation is final; a proposal that is dropped is suspended after activation
# or simply never activated.
NEXT_STATUSES: dict[str, frozenset[str]] = {
    BeneficiaryStatus.PROPOSED: frozenset({BeneficiaryStatus.ACTIVE}),
    BeneficiaryStatus.ACTIVE: frozenset({BeneficiaryStatus.GRADUATED, BeneficiaryStatus.SUSPENDED}),
    BeneficiaryStatus.SUSPENDED: frozenset({BeneficiaryStatus.ACTIVE}),
    BeneficiaryStatus.GRADUATED: frozenset(),
}
# A beneficiary starts as proposed, or as active when the list is of people who already receive.
START_STATUSES = (BeneficiaryStatus.PROPOSED, BeneficiaryStatus.ACTIVE)
MAX_BATCH = 2000


class ImportOptions(TypedDict, total=False):
    """The keyword arguments of ``import_report``, which the calls that match first pass on to it."""

    expected: int | None
    status: str
    on: dt.date | None
    reason: str


class ReceiptFields(TypedDict, total=False):
    """What a beneficiary received: an amount (Rupiah), an item, or both, on a date."""

    on: Required[dt.date]
    amount: Numeric | None
    item: str
    notes: str


def _day(day: dt.date) -> str:
    return day.strftime("%d-%m-%Y")


def require_manage(actor: User, intervention: Intervention) -> None:
    """403 unless ``actor`` may manage ``intervention``'s beneficiaries."""
    scope = Scope.for_user(actor)
    scope.require(Capability.RECORD_MENTORING)
    if not access.may_manage_intervention(scope, intervention):
        raise PermissionDenied(
            _("You may not change the beneficiaries of “%(title)s”: it lies in kelurahan you do not mentor.")
            % {"title": intervention.title}
        )


def _release() -> RegistryRelease:
    release = current_release()
    if release is None:
        raise ValidationError(
            _("No registry release is current yet: beneficiaries are linked to the current release once approved.")
        )
    return release


def _check_open(intervention: Intervention) -> None:
    if intervention.status == InterventionStatus.CANCELLED:
        raise ValidationError(_("“%(title)s” is cancelled and takes no beneficiaries.") % {"title": intervention.title})


def _start(status: str, on: dt.date | None, reason: str, default_reason: str) -> tuple[str, dt.date, str]:
    if status not in START_STATUSES:
        raise ValidationError({"status": _("A new beneficiary is proposed or active.")})
    day = on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    return status, day, (reason or "").strip() or default_reason


def _save_new(actor: User, beneficiaries: list[Beneficiary], status: str, day: dt.date, reason: str) -> None:
    """Save new beneficiaries with their first status change; a duplicate the checks missed (two people
    adding at once) is caught by the database and refuses the whole batch."""
    try:
        with transaction.atomic(), acting_as(actor):
            for beneficiary in beneficiaries:
                beneficiary.status = status
                beneficiary.save()
                BeneficiaryStatusChange.objects.create(
                    beneficiary=beneficiary, status=status, on=day, reason=reason, changed_by=actor
                )
    except IntegrityError as exc:
        raise ValidationError(
            _("Someone added some of these beneficiaries at the same moment; nothing was saved. Reload and try again.")
        ) from exc


def add_households(
    actor: User,
    intervention: Intervention,
    household_ids: Iterable[int],
    *,
    status: str = BeneficiaryStatus.PROPOSED,
    on: dt.date | None = None,
    reason: str = "",
) -> list[Beneficiary]:
    """Link households of the current release (by id, as the household list or the API sends them).

    Each household must be one the actor may see; its head's name, NIK and No KK and its desil are stored
    as they are today. Refused as a whole: a household already linked to this intervention (the message
    names it), a household of another release or outside the actor's work area, more than ``MAX_BATCH``
    at once, a cancelled intervention. A household outside the intervention's kelurahan is flagged
    ``other_kelurahan``, one in desil 5 or above ``desil_5_plus``.
    """
    require_manage(actor, intervention)
    _check_open(intervention)
    release = _release()
    ids = sorted({int(pk) for pk in household_ids})
    if not ids:
        raise ValidationError(_("Choose at least one household."))
    if len(ids) > MAX_BATCH:
        raise ValidationError(
            _("%(n)s households at once is too many; add at most %(max)s at a time.")
            % {"n": len(ids), "max": MAX_BATCH}
        )
    status, day, reason = _start(status, on, reason, _("Added from the household list"))
    households = list(
        visible_households(Scope.for_user(actor), release)
        .filter(pk__in=ids)
        .annotate(
            desil=latest_rank(),
            head_name=head("name"),
            head_nik=head("nik"),
            head_no_kk=head("family__no_kk"),
        )
        .select_related("kelurahan")
        .order_by("pk")
    )
    unknown = sorted(set(ids) - {h.pk for h in households})
    if unknown:
        raise ValidationError(
            _("Households %(ids)s are not in the current registry release of your work area.")
            % {"ids": ", ".join(map(str, unknown))}
        )
    linked = set(intervention.beneficiaries.filter(household_id__in=ids).values_list("household_id", flat=True))
    linked_niks = set(intervention.beneficiaries.exclude(nik="").values_list("nik", flat=True))
    already = [h for h in households if h.pk in linked or (h.head_nik and h.head_nik in linked_niks)]
    if already:
        raise ValidationError(
            _("Already beneficiaries of this intervention: %(households)s. Nothing was added.")
            % {"households": ", ".join(_household_label(h) for h in already)}
        )
    codes = set(intervention.kelurahan.values_list("code", flat=True))
    new = []
    for household in households:
        flags = []
        if not intervention.city_wide and household.kelurahan_id not in codes:
            flags.append(OTHER_KELURAHAN)
        if household.desil is not None and household.desil >= LEAKAGE_DESIL:
            flags.append(DESIL_5_PLUS)
        new.append(
            Beneficiary(
                intervention=intervention,
                household=household,
                kelurahan_id=household.kelurahan_id,
                nik=household.head_nik or "",
                no_kk=household.head_no_kk or "",
                name=household.head_name or "",
                desil=household.desil,
                source=BeneficiarySource.LIST,
                flags=flags,
                added_by=actor,
            )
        )
    _save_new(actor, new, status, day, reason)
    return new


def _household_label(household: Household) -> str:
    name = getattr(household, "head_name", "") or ""
    ident = household.registry_id or f"#{household.pk}"
    return f"{ident} ({name})" if name else ident


def import_report(
    actor: User,
    intervention: Intervention,
    report: MatchReport,
    *,
    expected: int | None = None,
    status: str = BeneficiaryStatus.PROPOSED,
    on: dt.date | None = None,
    reason: str = "",
) -> list[Beneficiary]:
    """Import every row of ``report`` whose result is matched or not in the registry, all or nothing.

    Refused as a whole: a report with errors (the rows and columns are in ``report.errors``), nothing to
    import, or a count other than ``expected`` (what the user saw in the preview: the registry or the
    intervention changed in between, so the report must be looked at again).
    """
    require_manage(actor, intervention)
    _check_open(intervention)
    if not report.ok:
        raise ValidationError(
            _("The file has %(n)s errors; fix them and upload it again. Nothing was imported.")
            % {"n": len(report.errors)}
        )
    rows = report.to_import
    if not rows:
        raise ValidationError(_("No row of the file is left to import: every one is a duplicate or already linked."))
    if expected is not None and expected != len(rows):
        raise ValidationError(
            _(
                "The list changed since the preview (%(then)s rows to import then, %(now)s now). Check the new "
                "report and confirm again."
            )
            % {"then": expected, "now": len(rows)}
        )
    status, day, reason = _start(status, on, reason, _("Imported from %(file)s") % {"file": report.file_name})
    new = [
        Beneficiary(
            intervention=intervention,
            household_id=row.household_id,
            member_id=row.member_id,
            kelurahan_id=row.kelurahan_code,
            nik=row.nik,
            no_kk=row.no_kk,
            name=row.name[:150],
            desil=row.desil,
            source=BeneficiarySource.SPREADSHEET,
            flags=list(row.flags),
            added_by=actor,
        )
        for row in rows
    ]
    _save_new(actor, new, status, day, reason)
    return new


def match_and_import(
    actor: User, intervention: Intervention, content: bytes, filename: str, **options: Unpack[ImportOptions]
) -> tuple[MatchReport, list[Beneficiary]]:
    """Match a file against the current release and import it (the confirm step and the API)."""
    require_manage(actor, intervention)
    report = beneficiary_import.match_upload(intervention, _release(), content, filename, scope=Scope.for_user(actor))
    return report, import_report(actor, intervention, report, **options)


def match_file(actor: User, intervention: Intervention, content: bytes, filename: str) -> MatchReport:
    """The preview: the match report of a file, nothing written."""
    require_manage(actor, intervention)
    return beneficiary_import.match_upload(intervention, _release(), content, filename, scope=Scope.for_user(actor))


def add_by_identifiers(
    actor: User,
    intervention: Intervention,
    niks: Sequence[str] = (),
    no_kks: Sequence[str] = (),
    **options: Unpack[ImportOptions],
) -> tuple[MatchReport, list[Beneficiary]]:
    """Add people by NIK or No KK (the API), with the same match, flags and refusals as a file."""
    require_manage(actor, intervention)
    report = beneficiary_import.match_identifiers(intervention, _release(), niks, no_kks, scope=Scope.for_user(actor))
    already = [r for r in report.rows if r.result == beneficiary_import.ALREADY_LINKED]
    if already:
        raise ValidationError(
            _("Already beneficiaries of this intervention: %(who)s. Nothing was added.")
            % {"who": ", ".join(r.name or r.nik or r.no_kk for r in already)}
        )
    return report, import_report(actor, intervention, report, **options)


# --- status and receipts ------------------------------------------------------------------------------


def change_status(
    actor: User, beneficiaries: Sequence[Beneficiary], status: str, on: dt.date | None, reason: str
) -> list[Beneficiary]:
    """Move one or several beneficiaries of one intervention to ``status`` on ``on`` for ``reason``.

    Refused as a whole (the message names who): a move ``NEXT_STATUSES`` does not allow, a date in the
    future or before the beneficiary's previous change, no reason. Each move is recorded as a
    ``BeneficiaryStatusChange``; the beneficiary keeps the current status.
    """
    intervention = _one_intervention(beneficiaries)
    require_manage(actor, intervention)
    on, reason = _checked_change(status, on, reason)
    with transaction.atomic(), acting_as(actor):
        locked = list(
            Beneficiary.objects.select_for_update().filter(pk__in=[b.pk for b in beneficiaries]).order_by("pk")
        )
        refused = _refused_moves(locked, status, on)
        if refused:
            raise ValidationError({"status": refused})
        for beneficiary in locked:
            beneficiary.status = status
            beneficiary.save(update_fields=["status"])
            BeneficiaryStatusChange.objects.create(
                beneficiary=beneficiary, status=status, on=on, reason=reason[:250], changed_by=actor
            )
    return locked


def _one_intervention(beneficiaries: Sequence[Beneficiary]) -> Intervention:
    if not beneficiaries:
        raise ValidationError(_("Choose at least one beneficiary."))
    if len({b.intervention_id for b in beneficiaries}) != 1:
        raise ValidationError(_("Change the status of one intervention's beneficiaries at a time."))
    return beneficiaries[0].intervention


def _checked_change(status: str, on: dt.date | None, reason: str) -> tuple[dt.date, str]:
    """The date and the reason (stripped) of a change to a known status, every problem at once."""
    errors: dict[str, list[str]] = {}
    if status not in BeneficiaryStatus.values:
        errors["status"] = [_("Unknown status: %(status)s.") % {"status": status}]
    if not isinstance(on, dt.date):
        errors["on"] = [_("Give the date of the change.")]
    elif on > timezone.localdate():
        errors["on"] = [_("The date cannot be in the future.")]
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("Give the reason for the change.")]
    if errors:
        raise ValidationError(errors)
    assert isinstance(on, dt.date)
    return on, reason


def _refused_moves(locked: list[Beneficiary], status: str, on: dt.date) -> list[str]:
    """For each beneficiary, in order, a move its status does not allow or a date before its last change."""
    last = {}
    for change in BeneficiaryStatusChange.objects.filter(beneficiary__in=locked).order_by("on", "pk"):
        last[change.beneficiary_id] = change.on
    refused = []
    for beneficiary in locked:
        label = str(beneficiary)
        if status not in NEXT_STATUSES[beneficiary.status]:
            refused.append(
                _("%(who)s is “%(current)s” and cannot become “%(new)s”.")
                % {
                    "who": label,
                    "current": beneficiary.get_status_display(),
                    "new": BeneficiaryStatus(status).label,
                }
            )
        elif beneficiary.pk in last and on < last[beneficiary.pk]:
            refused.append(
                _("%(who)s: the date %(date)s is before the previous change (%(previous)s).")
                % {"who": label, "date": _day(on), "previous": _day(last[beneficiary.pk])}
            )
    return refused


def record_receipt(actor: User, beneficiary: Beneficiary, data: ReceiptFields) -> Receipt:
    """Record what a beneficiary received: ``on`` (date), ``amount`` (Rupiah: Decimal or text written the
    Indonesian way, "1.500.000,50") and/or ``item``, and ``notes``.

    Refused: no date, a date in the future or before the intervention's start, neither amount nor item,
    a negative or unreadable amount.
    """
    from .services import read_amount

    intervention = beneficiary.intervention
    require_manage(actor, intervention)
    errors: dict[str, list[str]] = {}
    day = data.get("on")
    if not isinstance(day, dt.date):
        errors["on"] = [_("Give the date it was received.")]
    elif day > timezone.localdate():
        errors["on"] = [_("The date cannot be in the future.")]
    elif day < intervention.start_date:
        errors["on"] = [
            _("The date %(date)s is before the intervention's start (%(start)s).")
            % {"date": _day(day), "start": _day(intervention.start_date)}
        ]
    raw = data.get("amount")
    amount = None
    if raw not in (None, ""):
        try:
            amount = read_amount(raw, "amount", _("amount"))
        except ValidationError as exc:
            errors.update(exc.message_dict)
    item = str(data.get("item") or "").strip()
    if amount is None and not item and "amount" not in errors:
        errors["amount"] = [_("Give the amount received, the item, or both.")]
    if errors:
        raise ValidationError(errors)
    receipt = Receipt(
        beneficiary=beneficiary,
        on=day,
        amount=amount,
        item=item,
        notes=str(data.get("notes") or "").strip(),
        recorded_by=actor,
    )
    receipt.full_clean()
    with transaction.atomic(), acting_as(actor):
        receipt.save()
    return receipt
