"""Writes to the kelurahan baseline and its monitoring. Pages and API endpoints both call these.

Each function checks the actor's capability and region, validates the whole record, and writes it in
one transaction under the actor's name in the audit log: nothing is half-saved when a check fails.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Required, TypedDict, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dampingan.access.audit import acting_as
from dampingan.access.roles import Capability
from dampingan.access.scope import Scope
from dampingan.lib import deployment
from dampingan.mentoring.models import Assignment, Opd
from dampingan.regions.models import RegionLevel
from dampingan.registry.kelurahan_indicators import indicator_labels, kelurahan_indicators
from dampingan.registry.models import RegistryRelease
from dampingan.registry.queries import current_release

from .models import STATUS_AFTER, Comment, Movement, Potential, PotentialUpdate, Problem, ProblemUpdate

if TYPE_CHECKING:
    from dampingan.accounts.models import User
    from dampingan.regions.models import Region

PROBLEM_FIELDS = frozenset(
    {"category", "title", "description", "root_cause", "severity", "priority", "status", "recorded_on"}
)
POTENTIAL_FIELDS = frozenset({"sector", "name", "enterprises", "workers", "markets", "notes", "recorded_on"})
Baseline = Problem | Potential
B = TypeVar("B", Problem, Potential)


class ProblemFields(TypedDict, total=False):
    """A problem as its recorder gives it; ``recorded_on`` left out is today. The evidence's value, release and
    date are not among them: they are read from the registry, never given."""

    category: Required[str]
    title: Required[str]
    description: str
    root_cause: str
    severity: int
    priority: int
    status: str
    evidence_indicator: str
    recorded_on: dt.date


class PotentialFields(TypedDict, total=False):
    """A potential as its recorder gives it; ``recorded_on`` left out is today."""

    sector: Required[str]
    name: Required[str]
    enterprises: int
    workers: int
    markets: str
    notes: str
    recorded_on: dt.date


class ProblemUpdateFields(TypedDict, total=False):
    """A problem's monitoring entry; ``on`` left out or None is today."""

    movement: Required[str]
    on: dt.date | None
    narrative: str


class PotentialUpdateFields(TypedDict, total=False):
    """A potential's monitoring entry; ``on`` left out or None is today."""

    enterprises: Required[int]
    workers: Required[int]
    on: dt.date | None
    narrative: str


@dataclass(frozen=True)
class Reading:
    """One indicator of one kelurahan as a registry release showed it on a day."""

    release: RegistryRelease
    value: int
    denominator: int
    on: dt.date


def read_indicator(kelurahan_code: str, key: str, on: dt.date) -> Reading | None:
    """The indicator ``key`` of the kelurahan in the current release on ``on``; None when no release is current."""
    release = current_release()
    if release is None:
        return None
    for indicator in kelurahan_indicators(release, kelurahan_code):
        if indicator.key == key:
            return Reading(release, indicator.value, indicator.denominator, on)
    raise ValidationError({"evidence_indicator": _("Unknown registry indicator: %(key)s.") % {"key": key}})


def check_kelurahan(kelurahan: Region) -> None:
    """A baseline belongs to a kelurahan or desa of the deployment's own kab/kota, nothing else."""
    if kelurahan.level != RegionLevel.DESA_KELURAHAN:
        raise ValidationError(
            {"kelurahan": _("%(name)s is not a kelurahan or desa.") % {"name": kelurahan.name}},
        )
    if not deployment.holds(kelurahan.code):
        raise ValidationError(
            {
                "kelurahan": _("%(name)s (%(code)s) lies outside this kab/kota; only its own kelurahan are recorded.")
                % {"name": kelurahan.name, "code": kelurahan.code}
            }
        )


def _require_record(actor: User, kelurahan_code: str) -> None:
    scope = Scope.for_user(actor)
    scope.require(Capability.RECORD_MENTORING)
    if not scope.covers(kelurahan_code):
        raise PermissionDenied(kelurahan_code)


def _mentoring_opd(kelurahan_code: str, on: dt.date) -> Opd | None:
    line = Assignment.objects.in_force(on).filter(kelurahan_id=kelurahan_code).select_related("opd").first()
    return line.opd if line else None


def _check_not_future(day: dt.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("The date %(day)s is in the future.") % {"day": day.strftime("%d-%m-%Y")}})


def _capture_evidence(problem: Problem) -> None:
    """Freeze the evidence of ``problem`` from the current release today, or clear it without an indicator."""
    key = problem.evidence_indicator
    if not key:
        problem.evidence_release = None
        problem.evidence_value = problem.evidence_denominator = problem.evidence_on = None
        return
    if key not in indicator_labels():
        raise ValidationError({"evidence_indicator": _("Unknown registry indicator: %(key)s.") % {"key": key}})
    # Evidence is what the registry shows on the day it is captured; a backdated baseline still cites
    # the release that exists now, and says so with ``evidence_on``.
    reading = read_indicator(problem.kelurahan_id, key, timezone.localdate())
    if reading is None:
        raise ValidationError(
            {
                "evidence_indicator": _(
                    "No registry release is current, so there is no value to cite as evidence. Leave the "
                    "evidence empty, or ask the Dinsos operator and the TKPK to import and approve a release."
                )
            }
        )
    problem.evidence_release = reading.release
    problem.evidence_value = reading.value
    problem.evidence_denominator = reading.denominator
    problem.evidence_on = reading.on


def evidence_is_stale(problem: Problem) -> bool:
    """True when the problem cites a release that is no longer the current one."""
    if problem.evidence_release_id is None:
        return False
    current = current_release()
    return current is None or current.pk != problem.evidence_release_id


def _create(actor: User, kelurahan: Region, record: Baseline, prepare: Callable[[], None] | None = None) -> None:
    """Save a new problem or potential of ``kelurahan``: checked, dated, attributed, validated whole."""
    check_kelurahan(kelurahan)
    _require_record(actor, kelurahan.code)
    _check_not_future(record.recorded_on, "recorded_on")
    record.opd = _mentoring_opd(kelurahan.code, record.recorded_on)
    with transaction.atomic(), acting_as(actor):
        if prepare is not None:
            prepare()
        record.full_clean()
        record.save()


def _update(
    actor: User,
    record: B,
    allowed: frozenset[str],
    data: ProblemFields | PotentialFields,
    prepare: Callable[[B], None] | None = None,
) -> B:
    """Change the ``allowed`` fields of a problem or potential, locked; its baseline date stays before its
    first monitoring entry."""
    _require_record(actor, record.kelurahan_id)
    with transaction.atomic(), acting_as(actor):
        locked = type(record).objects.select_for_update().get(pk=record.pk)
        for name, value in data.items():
            if name in allowed:
                setattr(locked, name, value)
        if "recorded_on" in data:
            _check_not_future(locked.recorded_on, "recorded_on")
            first = locked.updates.order_by("on").values_list("on", flat=True).first()
            if first is not None and first < locked.recorded_on:
                raise ValidationError(
                    {
                        "recorded_on": _("A monitoring entry is dated %(day)s; the baseline cannot come after it.")
                        % {"day": first.strftime("%d-%m-%Y")}
                    }
                )
        if prepare is not None:
            prepare(locked)
        locked.full_clean()
        locked.save()
    return locked


def _fields(data: ProblemFields | PotentialFields, allowed: frozenset[str]) -> dict[str, Any]:
    fields = {k: v for k, v in data.items() if k in allowed}
    fields.setdefault("recorded_on", timezone.localdate())
    return fields


def create_problem(actor: User, kelurahan: Region, data: ProblemFields) -> Problem:
    """Record a problem of ``kelurahan`` (its baseline), with evidence frozen from the current release."""
    problem = Problem(
        kelurahan=kelurahan,
        recorded_by=actor,
        evidence_indicator=data.get("evidence_indicator") or "",
        **_fields(data, PROBLEM_FIELDS),
    )
    _create(actor, kelurahan, problem, lambda: _capture_evidence(problem))
    return problem


def update_problem(actor: User, problem: Problem, data: ProblemFields, *, refresh_evidence: bool = False) -> Problem:
    """Change a problem. Its evidence stays frozen unless the indicator changes or ``refresh_evidence`` asks
    for the value of the current release (the choice offered when the cited release was replaced)."""

    def evidence(locked: Problem) -> None:
        indicator = data.get("evidence_indicator", locked.evidence_indicator) or ""
        if indicator != locked.evidence_indicator or refresh_evidence:
            locked.evidence_indicator = indicator
            _capture_evidence(locked)

    return _update(actor, problem, PROBLEM_FIELDS, data, evidence)


def _check_after_baseline(day: dt.date, baseline: dt.date) -> None:
    _check_not_future(day, "on")
    if day < baseline:
        raise ValidationError(
            {
                "on": _("A monitoring entry cannot be dated before the baseline (%(day)s).")
                % {"day": baseline.strftime("%d-%m-%Y")}
            }
        )


def add_problem_update(actor: User, problem: Problem, data: ProblemUpdateFields) -> ProblemUpdate:
    """Record how the problem moved on ``data["on"]``; the problem's status follows the movement.

    A problem with evidence gets the indicator recomputed from the release current today, for that day, so the
    trajectory shows the baseline value next to later ones (each with the release it came from).
    """
    _require_record(actor, problem.kelurahan_id)
    day = data.get("on") or timezone.localdate()
    _check_after_baseline(day, problem.recorded_on)
    update = ProblemUpdate(
        problem=problem, on=day, movement=data["movement"], narrative=data.get("narrative", ""), recorded_by=actor
    )
    if problem.evidence_indicator:
        reading = read_indicator(problem.kelurahan_id, problem.evidence_indicator, day)
        if reading is not None:
            update.indicator_release = reading.release
            update.indicator_value, update.indicator_denominator = reading.value, reading.denominator
    with transaction.atomic(), acting_as(actor):
        update.full_clean()
        update.save()
        # The latest entry by date sets the status: a late-entered older visit must not overrule a newer one.
        latest = problem.updates.order_by("-on", "-pk").first() or update
        locked = Problem.objects.select_for_update().get(pk=problem.pk)
        locked.status = STATUS_AFTER[Movement(latest.movement)]
        locked.save(update_fields=["status", "updated_at"])  # saved, not .update(): the audit log sees it
    problem.status = locked.status
    return update


def create_potential(actor: User, kelurahan: Region, data: PotentialFields) -> Potential:
    """Record a potential of ``kelurahan`` (SiLap Form 1)."""
    potential = Potential(kelurahan=kelurahan, recorded_by=actor, **_fields(data, POTENTIAL_FIELDS))
    _create(actor, kelurahan, potential)
    return potential


def update_potential(actor: User, potential: Potential, data: PotentialFields) -> Potential:
    return _update(actor, potential, POTENTIAL_FIELDS, data)


def add_potential_update(actor: User, potential: Potential, data: PotentialUpdateFields) -> PotentialUpdate:
    """Record the enterprises and workers of a potential on ``data["on"]`` (SiLap Form 3)."""
    _require_record(actor, potential.kelurahan_id)
    day = data.get("on") or timezone.localdate()
    _check_after_baseline(day, potential.recorded_on)
    update = PotentialUpdate(
        potential=potential,
        on=day,
        enterprises=data["enterprises"],
        workers=data["workers"],
        narrative=data.get("narrative", ""),
        recorded_by=actor,
    )
    with transaction.atomic(), acting_as(actor):
        update.full_clean()
        update.save()
    return update


def add_comment(actor: User, target: Problem | Potential, text: str) -> Comment:
    """A comment by the lurah, camat, mentor or TKPK on a record of a kelurahan in their scope."""
    scope = Scope.for_user(actor)
    scope.require(Capability.COMMENT_MENTORING)
    if not scope.covers(target.kelurahan_id):
        raise PermissionDenied(target.kelurahan_id)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the comment first.")})
    comment = Comment(text=text, author=actor, author_role=scope.role or "")
    if isinstance(target, Problem):
        comment.problem = target
    else:
        comment.potential = target
    with transaction.atomic(), acting_as(actor):
        comment.full_clean()
        comment.save()
    return comment
