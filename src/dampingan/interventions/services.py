"""Writes of interventions: the plan (kelurahan, problems, potentials, partners, output targets), its
budget lines, its progress reports and its status. Pages and API endpoints both call these.

Each function checks the actor through ``access`` (403 when the actor may not manage the kelurahan or
the intervention; the views and endpoints answer 404 before that for records outside the scope),
validates everything before writing, and writes in one transaction under the actor's name in the audit
log: a refused request leaves nothing half-saved. Amounts are ``Decimal`` Rupiah; text amounts are read
with ``lib.money`` so "1.500.000,50" means one and a half million and fifty sen.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Required, TypeAlias, TypedDict

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from dampingan.access.audit import acting_as
from dampingan.access.roles import Capability
from dampingan.access.scope import Scope
from dampingan.baseline.models import Potential, Problem
from dampingan.lib import deployment
from dampingan.lib.money import NEGATIVE, TOO_MANY_DECIMALS, AmountError, format_rupiah, parse_amount
from dampingan.mentoring.models import Assignment, Opd
from dampingan.regions.models import Region, RegionLevel

from . import access, attachments
from .models import (
    BudgetLine,
    FundingSource,
    Intervention,
    InterventionStatus,
    OutputAchieved,
    OutputTarget,
    Partner,
    ProgressReport,
)

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from dampingan.accounts.models import User

PLAN_FIELDS = ("title", "description", "horizon", "strategy", "cluster", "kind", "start_date", "end_date")

# Where a status may go next. A finished intervention can be reopened (a report came late) and a
# cancelled one planned again; nothing jumps from planned straight to done without running first.
NEXT_STATUSES: dict[str, frozenset[str]] = {
    InterventionStatus.PLANNED: frozenset({InterventionStatus.ONGOING, InterventionStatus.CANCELLED}),
    InterventionStatus.ONGOING: frozenset({InterventionStatus.DONE, InterventionStatus.CANCELLED}),
    InterventionStatus.DONE: frozenset({InterventionStatus.ONGOING}),
    InterventionStatus.CANCELLED: frozenset({InterventionStatus.PLANNED}),
}

# Money from these sources comes from a partner, so the budget line must say which one.
PARTNER_SOURCES = frozenset({FundingSource.CSR, FundingSource.BANK, FundingSource.BAZNAS})

FIRST_BUDGET_YEAR, LAST_BUDGET_YEAR = 2000, 2100

# An amount or a percentage as ``read_amount`` and ``read_percent`` take it: the pages' fields and the demo
# give numbers, an API client may also send the text as typed, the Indonesian way ("1.500.000,50").
Numeric: TypeAlias = Decimal | int | str


class OutputTargetFields(TypedDict, total=False):
    """A row of the plan's output targets; with the ``id`` of one of its targets it changes that target.

    A form's empty extra row has every key empty and is skipped.
    """

    id: int | None
    description: Required[str]
    unit: Required[str]
    target: Required[Numeric | None]


class InterventionFields(TypedDict, total=False):
    """The plan: the model fields of ``PLAN_FIELDS``, where (``kelurahan``: regions or their codes), why
    (``problems``, ``potentials``), who (``partners``, ``lead_opd``: records or their ids) and what it should
    produce. The keys marked ``Required`` are needed to plan one; an edit sends only the keys that change.
    """

    title: Required[str]
    description: str
    horizon: Required[str]
    strategy: Required[str]
    cluster: Required[int]
    kind: Required[str]
    start_date: Required[dt.date]
    end_date: dt.date | None
    city_wide: bool
    kelurahan: Iterable[Region | str]
    problems: Iterable[Problem | int]
    potentials: Iterable[Potential | int]
    partners: Iterable[Partner | int]
    lead_opd: Opd | int | None  # None: the OPD mentor's own OPD, or the one assigned to the kelurahan
    targets: Iterable[OutputTargetFields]


class BudgetLineFields(TypedDict, total=False):
    """A budget line: the keys marked ``Required`` are needed to add one; an edit sends only the keys that change."""

    source: Required[str]
    partner: Partner | int | None
    year: Required[int]
    planned: Required[Numeric]
    realised: Numeric | None  # None: nothing realised yet
    over_reason: str
    notes: str


class ProgressReportFields(TypedDict, total=False):
    """A progress report's own fields; the outputs achieved and the attachment come beside them."""

    date: Required[dt.date]
    physical_percent: Required[Numeric]
    budget_realised: Numeric | None  # None: nothing spent yet
    narrative: str


# --- shared checks ------------------------------------------------------------------------------------


def read_amount(value: object, field: str, label: str) -> Decimal:
    """The Rupiah amount ``value`` (Decimal, int or text as typed), or ValidationError on ``field``."""
    if value is None or value == "":
        raise ValidationError({field: _("Give the %(label)s.") % {"label": label}})
    if isinstance(value, float):
        value = str(value)  # an API client sending JSON numbers; read the digits it wrote, not binary noise
    try:
        return parse_amount(value if isinstance(value, int | Decimal) else str(value))
    except AmountError as exc:
        if exc.code == NEGATIVE:
            message = _("The %(label)s cannot be negative.")
        elif exc.code == TOO_MANY_DECIMALS:
            message = _("The %(label)s has more than two decimals; write thousands with dots, e.g. 1.500.000,50.")
        else:
            message = _("The %(label)s is not an amount; write it like 1.500.000 or 1.500.000,50.")
        # The label opens the Indonesian sentence ("Jumlah rencana tidak boleh negatif.").
        raise ValidationError({field: capfirst(message % {"label": label})}) from exc


def read_percent(value: object) -> Decimal:
    """Physical progress as a percentage 0-100 ("37,5" or 37.5), or ValidationError on ``physical_percent``."""
    try:
        percent = parse_amount(value if isinstance(value, int | Decimal) else str(value if value is not None else ""))
    except AmountError:
        percent = None
    if percent is None or percent > 100:
        raise ValidationError({"physical_percent": _("Physical progress is a percentage between 0 and 100.")})
    return percent


def _day(day: dt.date) -> str:
    return day.strftime("%d-%m-%Y")


def _require_capability(actor: User) -> Scope:
    scope = Scope.for_user(actor)
    scope.require(Capability.RECORD_MENTORING)
    return scope


def require_manage(actor: User, intervention: Intervention) -> None:
    """403 unless ``actor`` may change ``intervention`` (its kelurahan all mentored by the actor, or the TKPK)."""
    _require_capability(actor)
    if not access.may_manage_intervention(Scope.for_user(actor), intervention):
        raise PermissionDenied(
            _("You may not change “%(title)s”: it lies in kelurahan you do not mentor.") % {"title": intervention.title}
        )


def resolve_kelurahan(values: Iterable[Region | str]) -> list[Region]:
    """Regions for ``values``; each must be a kelurahan or desa of the deployment's own kab/kota."""
    regions: list[Region] = []
    errors = []
    for value in values:
        region = value if isinstance(value, Region) else Region.objects.filter(code=str(value)).first()
        if region is None:
            errors.append(_("%(code)s is not a known kelurahan.") % {"code": value})
        elif not deployment.holds(region.code):
            errors.append(
                _("%(name)s (%(code)s) lies outside this kab/kota; only its own kelurahan are recorded.")
                % {"name": region.name, "code": region.code}
            )
        elif region.level != RegionLevel.DESA_KELURAHAN:
            errors.append(_("%(name)s is not a kelurahan or desa.") % {"name": region.name})
        elif region not in regions:
            regions.append(region)
    if errors:
        raise ValidationError({"kelurahan": errors})
    return regions


def _check_where(actor: User, city_wide: bool, kelurahan: list[Region]) -> None:
    scope = _require_capability(actor)
    if city_wide:
        if kelurahan:
            raise ValidationError(
                {"kelurahan": _("A city-wide intervention names no kelurahan; untick city-wide or clear them.")}
            )
        if not scope.city_wide:
            raise PermissionDenied(_("Only the TKPK plans city-wide interventions; choose your own kelurahan."))
        return
    if not kelurahan:
        raise ValidationError({"kelurahan": _("Choose at least one kelurahan, or mark the intervention city-wide.")})
    outside = [k for k in kelurahan if not scope.covers(k.code)]
    if outside:
        raise PermissionDenied(
            _("You do not mentor %(names)s, so you cannot plan an intervention there.")
            % {"names": ", ".join(k.name for k in outside)}
        )


def _check_baseline_links(
    problems: list[Problem], potentials: list[Potential], city_wide: bool, kelurahan: list[Region]
) -> None:
    """Linked problems and potentials must come from the intervention's own kelurahan."""
    codes = {k.code for k in kelurahan}
    errors: dict[str, list[str]] = {}
    for field, records in (("problems", problems), ("potentials", potentials)):
        for record in records:
            inside = deployment.holds(record.kelurahan_id) if city_wide else None
            if inside is None:
                inside = record.kelurahan_id in codes
            if not inside:
                label = record.title if isinstance(record, Problem) else record.name
                errors.setdefault(field, []).append(
                    _("“%(label)s” belongs to another kelurahan than this intervention's.") % {"label": label}
                )
    if errors:
        raise ValidationError(errors)


def _records(model: type[Problem] | type[Potential], values: Iterable[Any]) -> list[Any]:
    items = list(values)
    ids = [v.pk if isinstance(v, model) else int(v) for v in items]
    found = {r.pk: r for r in model.objects.filter(pk__in=ids)}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        field = "problems" if model is Problem else "potentials"
        raise ValidationError({field: _("Unknown record: %(ids)s.") % {"ids": ", ".join(missing)}})
    return [found[i] for i in ids]


def _partners(values: Iterable[Partner | int]) -> list[Partner]:
    ids = [v.pk if isinstance(v, Partner) else int(v) for v in values]
    found = {p.pk: p for p in Partner.objects.filter(pk__in=ids)}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise ValidationError({"partners": _("Unknown partner: %(ids)s.") % {"ids": ", ".join(missing)}})
    return [found[i] for i in ids]


def _lead_opd(actor: User, value: Opd | int | None, kelurahan: list[Region]) -> Opd:
    """The lead OPD: as given; else the actor's own OPD; else the OPD assigned to mentor the kelurahan."""
    scope = Scope.for_user(actor)
    if value is None and scope.opd_id is not None:
        value = scope.opd_id
    if value is None:
        line = (
            Assignment.objects.in_force()
            .filter(kelurahan__in=kelurahan)
            .select_related("opd")
            .order_by("kelurahan_id")
            .first()
        )
        value = line.opd if line else None
    if value is None:
        raise ValidationError({"lead_opd": _("Choose the lead OPD.")})
    opd = value if isinstance(value, Opd) else Opd.objects.filter(pk=int(value)).first()
    if opd is None:
        raise ValidationError({"lead_opd": _("Unknown OPD.")})
    if not scope.city_wide and scope.opd_id is not None and opd.pk != scope.opd_id:
        raise ValidationError(
            {"lead_opd": _("An OPD mentor plans interventions led by its own OPD; the TKPK can assign another.")}
        )
    return opd


def _check_period(start: object, end: object) -> None:
    if not isinstance(start, dt.date):
        raise ValidationError({"start_date": _("Give the start date.")})
    if isinstance(end, dt.date) and end < start:
        raise ValidationError(
            {
                "end_date": _("The end (%(end)s) is before the start (%(start)s).")
                % {"end": _day(end), "start": _day(start)}
            }
        )


def _target_rows(rows: Iterable[OutputTargetFields]) -> list[dict[str, Any]]:
    """Validated output targets: description, unit and a positive target number."""
    clean = []
    errors = []
    for row in rows:
        description = str(row.get("description") or "").strip()
        unit = str(row.get("unit") or "").strip()
        if not description and not unit and row.get("target") in (None, ""):
            continue  # an empty row of a form
        name = description or _("(no description)")
        if not description or not unit:
            errors.append(_("Output target “%(name)s”: give both the output and its unit.") % {"name": name})
            continue
        try:
            given = row.get("target")
            target = parse_amount(given if given is not None else "")
        except AmountError:
            target = None
        if target is None or target <= 0:
            errors.append(_("Output target “%(name)s”: the target must be a number above zero.") % {"name": name})
            continue
        clean.append({"id": row.get("id"), "description": description, "unit": unit, "target": target})
    if errors:
        raise ValidationError({"targets": errors})
    return clean


def _save_targets(intervention: Intervention, rows: list[dict[str, Any]]) -> None:
    """Make the intervention's output targets those of ``rows`` (rows with an id update that target)."""
    existing = {t.pk: t for t in intervention.targets.all()}
    kept = set()
    for row in rows:
        target_id = int(row["id"]) if row.get("id") else None
        if target_id is not None and target_id not in existing:
            raise ValidationError({"targets": _("Unknown output target %(id)s.") % {"id": target_id}})
        target = existing.get(target_id) if target_id else OutputTarget(intervention=intervention)
        assert target is not None
        target.description, target.unit, target.target = row["description"], row["unit"], row["target"]
        target.full_clean()
        target.save()
        kept.add(target.pk)
    dropped = [t for pk, t in existing.items() if pk not in kept]
    reported = [t for t in dropped if t.achievements.exists()]
    if reported:
        raise ValidationError(
            {
                "targets": _("“%(name)s” already has achievements in progress reports and cannot be removed.")
                % {"name": reported[0].description}
            }
        )
    for target in dropped:
        target.delete()


# --- the plan -----------------------------------------------------------------------------------------


def create_intervention(actor: User, data: InterventionFields) -> Intervention:
    """Plan an intervention: where (kelurahan or city-wide), why (problems, potentials), what, who and when.

    Refused: a kelurahan the actor does not mentor or a city-wide plan by a mentor (403); a kelurahan of
    another kab/kota, an end before the start, problems or potentials of another kelurahan, a target that
    is not positive.
    """
    city_wide = bool(data.get("city_wide"))
    kelurahan = resolve_kelurahan(data.get("kelurahan") or [])
    _check_where(actor, city_wide, kelurahan)
    _check_period(data.get("start_date"), data.get("end_date"))
    problems = _records(Problem, data.get("problems") or [])
    potentials = _records(Potential, data.get("potentials") or [])
    _check_baseline_links(problems, potentials, city_wide, kelurahan)
    partners = _partners(data.get("partners") or [])
    targets = _target_rows(data.get("targets") or [])
    intervention = Intervention(
        city_wide=city_wide,
        lead_opd=_lead_opd(actor, data.get("lead_opd"), kelurahan),
        created_by=actor,
        status=InterventionStatus.PLANNED,
        **{name: data.get(name) for name in PLAN_FIELDS if name in data},
    )
    intervention.description = intervention.description or ""
    intervention.full_clean()
    with transaction.atomic(), acting_as(actor):
        intervention.save()
        intervention.kelurahan.set(kelurahan)
        intervention.problems.set(problems)
        intervention.potentials.set(potentials)
        intervention.partners.set(partners)
        _save_targets(intervention, targets)
    return intervention


def update_intervention(actor: User, intervention: Intervention, data: InterventionFields) -> Intervention:
    """Change the plan; keys absent from ``data`` stay as they are (the API's PATCH sends only some).

    The actor must manage the intervention as it is and as it would be: a mentor cannot move it into a
    kelurahan it does not mentor, nor take one out of another OPD's hands. ``targets``, when given,
    replaces the list (rows with an ``id`` keep that target and its achievements); a target that already
    has achievements cannot be dropped. The status changes through ``change_status``.
    """
    require_manage(actor, intervention)
    city_wide = bool(data["city_wide"]) if "city_wide" in data else intervention.city_wide
    if "kelurahan" in data:
        kelurahan = resolve_kelurahan(data.get("kelurahan") or [])
    else:
        kelurahan = [] if city_wide and "city_wide" in data else list(intervention.kelurahan.all())
    _check_where(actor, city_wide, kelurahan)
    start = data.get("start_date", intervention.start_date)
    end = data.get("end_date", intervention.end_date)
    _check_period(start, end)
    problems = _records(Problem, data["problems"]) if "problems" in data else list(intervention.problems.all())
    potentials = (
        _records(Potential, data["potentials"]) if "potentials" in data else list(intervention.potentials.all())
    )
    _check_baseline_links(problems, potentials, city_wide, kelurahan)
    if "start_date" in data:
        early = intervention.progress_reports.filter(date__lt=start).order_by("date").first()
        if early is not None:
            raise ValidationError(
                {
                    "start_date": _("A progress report is dated %(date)s; the start cannot be after it.")
                    % {"date": _day(early.date)}
                }
            )
    partners = _partners(data["partners"]) if "partners" in data else None
    targets = _target_rows(data["targets"]) if "targets" in data else None
    lead_opd = (
        _lead_opd(actor, data["lead_opd"], kelurahan) if data.get("lead_opd") is not None else intervention.lead_opd
    )
    with transaction.atomic(), acting_as(actor):
        locked = Intervention.objects.select_for_update().get(pk=intervention.pk)
        for name in PLAN_FIELDS:
            if name in data:
                value = data.get(name)
                setattr(locked, name, value if value is not None or name == "end_date" else "")
        locked.city_wide = city_wide
        locked.lead_opd = lead_opd
        locked.full_clean()
        locked.save()
        locked.kelurahan.set(kelurahan)
        locked.problems.set(problems)
        locked.potentials.set(potentials)
        if partners is not None:
            # A partner named by a budget line stays: its contribution would otherwise lose its context.
            paying = set(locked.budget_lines.exclude(partner=None).values_list("partner_id", flat=True))
            locked.partners.set([*partners, *Partner.objects.filter(pk__in=paying - {p.pk for p in partners})])
        if targets is not None:
            _save_targets(locked, targets)
    return locked


def change_status(actor: User, intervention: Intervention, status: str) -> Intervention:
    """Move the intervention along planned → ongoing → done, or cancel it (see ``NEXT_STATUSES``)."""
    require_manage(actor, intervention)
    if status not in InterventionStatus.values:
        raise ValidationError({"status": _("Unknown status: %(status)s.") % {"status": status}})
    with transaction.atomic(), acting_as(actor):
        locked = Intervention.objects.select_for_update().get(pk=intervention.pk)
        if status == locked.status:
            return locked
        if status not in NEXT_STATUSES[locked.status]:
            raise ValidationError(
                {
                    "status": _("An intervention that is “%(current)s” cannot become “%(new)s”.")
                    % {
                        "current": locked.get_status_display(),
                        "new": InterventionStatus(status).label,
                    }
                }
            )
        locked.status = status
        locked.save(update_fields=["status", "updated_at"])
    return locked


# --- budget lines -------------------------------------------------------------------------------------


def _budget_values(intervention: Intervention, data: BudgetLineFields, line: BudgetLine | None) -> dict[str, Any]:
    """Validated fields of a budget line, ``data`` over the line's current values."""

    def value(name: str) -> Any:
        return data.get(name) if name in data else getattr(line, name, None)

    source = value("source")
    if source not in FundingSource.values:
        raise ValidationError({"source": _("Choose the funding source.")})
    partner = _budget_partner(source, data.get("partner", line.partner if line else None))
    amounts, errors = _budget_amounts(value("planned"), value("realised"))
    year, year_errors = _budget_year(intervention, value("year"))
    errors.update(year_errors)
    if errors:
        raise ValidationError(errors)
    over_reason = str(value("over_reason") or "").strip()
    _check_over_reason(amounts["planned"], amounts["realised"], over_reason)
    return {
        "source": source,
        "partner": partner,
        "year": year,
        **amounts,
        "over_reason": over_reason,
        "notes": str(value("notes") or "").strip(),
    }


def _budget_partner(source: str, partner_value: Any) -> Partner | None:
    """The partner named (a partner or its id), which money from a partner source must have."""
    partner = None
    if partner_value not in (None, ""):
        partner = (
            partner_value if isinstance(partner_value, Partner) else Partner.objects.filter(pk=partner_value).first()
        )
        if partner is None:
            raise ValidationError({"partner": _("Unknown partner.")})
    if source in PARTNER_SOURCES and partner is None:
        raise ValidationError(
            {
                "partner": _("Money from “%(source)s” comes from a partner: choose which one.")
                % {"source": FundingSource(source).label}
            }
        )
    return partner


def _budget_amounts(planned: Any, realised: Any) -> tuple[dict[str, Decimal], dict[str, list[str]]]:
    """The planned and realised amounts (none realised if not given), and the errors of those unreadable."""
    amounts: dict[str, Decimal] = {}
    errors: dict[str, list[str]] = {}
    for name, label, raw in (
        ("planned", _("planned amount"), planned),
        ("realised", _("realised amount"), Decimal(0) if realised in (None, "") else realised),
    ):
        try:
            amounts[name] = read_amount(raw, name, label)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    return amounts, errors


def _budget_year(intervention: Intervention, raw: Any) -> tuple[Any, dict[str, list[str]]]:
    """The budget year as a number, inside the years budgets are kept for and the intervention's period."""
    try:
        year = int(raw)
    except (TypeError, ValueError):
        return raw, {"year": [_("Give the budget year, e.g. %(year)s.") % {"year": timezone.localdate().year}]}
    first = intervention.start_date.year
    last = intervention.end_date.year if intervention.end_date else LAST_BUDGET_YEAR
    if not FIRST_BUDGET_YEAR <= year <= LAST_BUDGET_YEAR or not first <= year <= last:
        period = f"{first}-{last}" if intervention.end_date else _("from %(year)s") % {"year": first}
        message = _("The budget year %(year)s lies outside the intervention's period (%(period)s).") % {
            "year": year,
            "period": period,
        }
        return year, {"year": [message]}
    return year, {}


def _check_over_reason(planned: Decimal, realised: Decimal, over_reason: str) -> None:
    if realised > planned and not over_reason:
        raise ValidationError(
            {
                "over_reason": _(
                    "The realised amount (%(realised)s) is above the planned amount (%(planned)s): give the reason."
                )
                % {"realised": format_rupiah(realised), "planned": format_rupiah(planned)}
            }
        )


def add_budget_line(actor: User, intervention: Intervention, data: BudgetLineFields) -> BudgetLine:
    """Add a purse: a funding source (and the partner whose contribution it is), year, planned and realised Rp.

    Refused: negative or unreadable amounts, realised above planned without a reason, a partner source
    (CSR, bank, BAZNAS) without its partner, a year outside the intervention's period. A partner named
    here becomes one of the intervention's partners.
    """
    require_manage(actor, intervention)
    line = BudgetLine(intervention=intervention, **_budget_values(intervention, data, None))
    line.full_clean()
    with transaction.atomic(), acting_as(actor):
        line.save()
        if line.partner is not None:
            intervention.partners.add(line.partner)
    return line


def update_budget_line(actor: User, line: BudgetLine, data: BudgetLineFields) -> BudgetLine:
    """Change a budget line (typically its realised amount as money is spent); same checks as adding."""
    require_manage(actor, line.intervention)
    with transaction.atomic(), acting_as(actor):
        locked = BudgetLine.objects.select_for_update().get(pk=line.pk)
        for name, new in _budget_values(line.intervention, data, locked).items():
            setattr(locked, name, new)
        locked.full_clean()
        locked.save()
        if locked.partner is not None:
            line.intervention.partners.add(locked.partner)
    return locked


def remove_budget_line(actor: User, line: BudgetLine) -> None:
    """Delete a budget line entered by mistake (the audit log keeps what it held)."""
    require_manage(actor, line.intervention)
    with transaction.atomic(), acting_as(actor):
        line.delete()


# --- progress reports ---------------------------------------------------------------------------------


def _outputs(intervention: Intervention, outputs: Mapping[int | str, object]) -> dict[OutputTarget, Decimal]:
    targets = {t.pk: t for t in intervention.targets.all()}
    achieved: dict[OutputTarget, Decimal] = {}
    errors = []
    for key, raw in outputs.items():
        target = targets.get(int(key))
        if target is None:
            errors.append(_("Output target %(id)s is not one of this intervention's.") % {"id": key})
            continue
        if raw is None or raw == "":
            continue
        try:
            achieved[target] = parse_amount(raw if isinstance(raw, int | Decimal) else str(raw))
        except AmountError as exc:
            message = (
                _("“%(name)s” achieved cannot be negative.")
                if exc.code == NEGATIVE
                else _("“%(name)s” achieved is not a number.")
            )
            errors.append(message % {"name": target.description})
    if errors:
        raise ValidationError({"outputs": errors})
    return achieved


def _check_attachment(upload: UploadedFile | None) -> attachments.AttachmentKind | None:
    if upload is None:
        return None
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    try:
        return attachments.check_attachment(upload.name or "", upload.size or 0, head)
    except ValidationError as exc:
        raise ValidationError({"attachment": exc.messages}) from exc


def report_progress(
    actor: User,
    intervention: Intervention,
    data: ProgressReportFields,
    outputs: Mapping[int | str, object] | None = None,
    attachment: UploadedFile | None = None,
) -> ProgressReport:
    """Record where the intervention stands on a date: physical %, budget realised to date, outputs
    achieved to date (by target id), a narrative and an optional PDF/JPEG/PNG attachment.

    Refused: a date before the intervention's start or in the future, a physical % outside 0-100,
    a negative or unreadable amount, an output of another intervention, an attachment that is not a
    PDF/JPEG/PNG by its bytes or is too big, a cancelled intervention. The first report of a planned
    intervention marks it ongoing. The attachment is stored only if everything else is written.
    """
    require_manage(actor, intervention)
    day = _report_date(intervention, data.get("date"))
    values = _progress_values(intervention, data, outputs or {}, attachment)
    report = ProgressReport(
        intervention=intervention,
        date=day,
        physical_percent=values.percent,
        budget_realised=values.realised,
        narrative=str(data.get("narrative") or "").strip(),
        reported_by=actor,
    )
    report.full_clean(exclude=["attachment"])
    stored = None
    try:
        with transaction.atomic(), acting_as(actor):
            if attachment is not None and values.kind is not None:
                stored = default_storage.save(
                    f"interventions/progress/{day:%Y}/{uuid.uuid4().hex}.{values.kind.extension}",
                    ContentFile(attachment.read()),
                )
                report.attachment = stored
            _save_report(report, values.achieved)
    except BaseException:
        if stored:
            default_storage.delete(stored)
        raise
    return report


def _report_date(intervention: Intervention, day: object) -> dt.date:
    """The report's date, for an intervention not cancelled: a date from its start to today."""
    if intervention.status == InterventionStatus.CANCELLED:
        raise ValidationError(
            _("“%(title)s” is cancelled and takes no progress reports.") % {"title": intervention.title}
        )
    if not isinstance(day, dt.date):
        raise ValidationError({"date": _("Give the date of the report.")})
    if day < intervention.start_date:
        raise ValidationError(
            {
                "date": _("The report date %(date)s is before the intervention's start (%(start)s).")
                % {"date": _day(day), "start": _day(intervention.start_date)}
            }
        )
    if day > timezone.localdate():
        raise ValidationError({"date": _("The report cannot be dated in the future.")})
    return day


@dataclass(frozen=True)
class _ProgressValues:
    percent: Decimal
    realised: Decimal
    achieved: dict[OutputTarget, Decimal]
    kind: attachments.AttachmentKind | None


def _progress_values(
    intervention: Intervention,
    data: ProgressReportFields,
    outputs: Mapping[int | str, object],
    attachment: UploadedFile | None,
) -> _ProgressValues:
    """The report's figures, outputs and attachment type, read together so that every problem is told at once."""
    errors: dict[str, list[str]] = {}
    try:
        percent = read_percent(data.get("physical_percent"))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        realised = read_amount(data.get("budget_realised", 0) or 0, "budget_realised", _("budget realised"))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        achieved = _outputs(intervention, outputs)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        kind = _check_attachment(attachment)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return _ProgressValues(percent, realised, achieved, kind)


def _save_report(report: ProgressReport, achieved: dict[OutputTarget, Decimal]) -> None:
    """The report and its outputs; the first report of a planned intervention marks it ongoing."""
    report.save()
    for target, amount in achieved.items():
        row = OutputAchieved(report=report, target=target, achieved=amount)
        row.full_clean()
        row.save()
    intervention = report.intervention
    if intervention.status == InterventionStatus.PLANNED:
        # Work has evidently begun; saved through the model so the audit log records the change.
        intervention.status = InterventionStatus.ONGOING
        intervention.save(update_fields=["status", "updated_at"])
