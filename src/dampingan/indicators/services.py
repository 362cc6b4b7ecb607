"""Writes of the indicators app: one figure (form and API) and a whole file (import). Pages and API call these.

Each function checks ``MANAGE_INDICATORS`` (403 without it), validates everything before writing, runs
in one transaction and names the actor in the audit log, where a replaced value keeps its old figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dampingan.access.audit import acting_as
from dampingan.access.scope import Scope

from . import access, imports, validation
from .models import FIGURE_MODELS, Indicator, IndicatorImport, IndicatorTarget, IndicatorValue, Kind

if TYPE_CHECKING:
    from dampingan.accounts.models import User
    from dampingan.regions.models import Region

    Figure = IndicatorValue | IndicatorTarget


class FigureExists(ValidationError):
    """A figure already exists for the indicator, region, year and kind, and replacing was not asked for."""

    def __init__(self, existing: Figure, message: str) -> None:
        super().__init__(message, code="exists")
        self.existing = existing


@dataclass(frozen=True)
class FigureInput:
    """One figure as a form or the API sends it; ``value`` may be text ("7,59") or a number."""

    kind: str
    indicator: Indicator
    region: Region
    year: int | str
    value: str | int | Decimal
    source: str
    note: str = ""


def _clean(data: FigureInput) -> tuple[str, int, Decimal, str, str]:
    """Every field checked; all problems raised together, keyed by field."""
    errors: dict[str, list[str]] = {}
    kind, year, value = data.kind, 0, Decimal(0)
    try:
        kind = validation.check_kind(data.kind)
    except ValidationError as exc:
        errors["kind"] = exc.messages
    try:
        year = validation.check_year(data.year, kind)
    except ValidationError as exc:
        errors["year"] = exc.messages
    try:
        value = validation.check_value(data.indicator, data.value)
    except ValidationError as exc:
        errors["value"] = exc.messages
    source, note = (data.source or "").strip(), (data.note or "").strip()
    if not source:
        errors["source"] = [
            _("Say who published the figure.") if kind == Kind.VALUE else _("Name the document that sets the target.")
        ]
    if data.region.code not in validation.deployment_regions():
        errors["region"] = [_("Choose the kab/kota or a kecamatan or kelurahan in it.")]
    if errors:
        raise ValidationError(errors)
    return kind, year, value, source, note


def save_figure(actor: User, data: FigureInput, *, replace: bool = False) -> Figure:
    """Record a realised value or a target. An existing figure for the same indicator, region and year is
    changed only when ``replace`` is true; otherwise ``FigureExists`` names its value and source."""
    access.require_manage(Scope.for_user(actor))
    kind, year, value, source, note = _clean(data)
    model = FIGURE_MODELS[kind]
    with transaction.atomic(), acting_as(actor):
        figure = (
            model.objects.select_for_update().filter(indicator=data.indicator, region=data.region, year=year).first()
        )
        if figure is not None and not replace:
            if figure.value == value and figure.source == source and figure.note == note:
                return figure
            raise FigureExists(
                figure,
                _(
                    "%(indicator)s of %(region)s already has a %(kind)s for %(year)s: %(value)s (%(source)s). "
                    "Confirm to replace it."
                )
                % {
                    "indicator": data.indicator.label,
                    "region": data.region.name,
                    "kind": Kind(kind).label,
                    "year": year,
                    "value": validation.shown(figure.value, data.indicator),
                    "source": figure.source,
                },
            )
        if figure is None:
            figure = model(indicator=data.indicator, region=data.region, year=year, entered_by=actor)
        figure.value, figure.source, figure.note, figure.entered_by = value, source, note, actor
        figure.source_import = None
        _awaits_approval(figure)
        try:
            with transaction.atomic():
                figure.save()
        except IntegrityError as exc:
            # Two people entering the same first figure at once: the unique constraint decides.
            raise ValidationError(_("This figure was just entered by someone else; reload and check.")) from exc
    return figure


def update_figure(actor: User, figure: Figure, data: FigureInput) -> Figure:
    """Change ``figure`` in place (the API's update); moving it onto another existing figure is refused."""
    access.require_manage(Scope.for_user(actor))
    kind, year, value, source, note = _clean(data)
    if FIGURE_MODELS[kind] is not type(figure):
        raise ValidationError({"kind": [_("A value cannot become a target or the other way round.")]})
    with transaction.atomic(), acting_as(actor):
        locked = type(figure).objects.select_for_update().get(pk=figure.pk)
        clash = (
            type(figure)
            .objects.filter(indicator=data.indicator, region=data.region, year=year)
            .exclude(pk=figure.pk)
            .exists()
        )
        if clash:
            raise ValidationError({"year": [_("Another figure already exists for this indicator, region and year.")]})
        locked.indicator, locked.region, locked.year = data.indicator, data.region, year
        locked.value, locked.source, locked.note, locked.entered_by = value, source, note, actor
        _awaits_approval(locked)
        locked.save()
    return locked


def import_figures(
    actor: User,
    content: bytes,
    filename: str,
    *,
    on_conflict: str | None = None,
    expected_conflicts: int | None = None,
) -> IndicatorImport:
    """Import a checked file of figures in one transaction and record its provenance.

    The file is planned again inside the transaction, so what is written is what the database holds now.
    Refused, with nothing written: a file with any error; existing figures the file would change when no
    choice was made (``on_conflict`` "replace" or "keep"); a number of such figures that differs from
    ``expected_conflicts`` (what the user saw in the preview). With "keep" the existing figures stay.
    """
    access.require_manage(Scope.for_user(actor))
    if on_conflict not in (None, "", IndicatorImport.OnConflict.REPLACE, IndicatorImport.OnConflict.KEEP):
        raise ValidationError({"on_conflict": [_("Choose “replace” or “keep”.")]})
    with transaction.atomic(), acting_as(actor):
        plan = imports.plan_import(content, filename)
        if not plan.ok:
            raise ValidationError([str(e) for e in plan.errors])
        conflicts = plan.conflicts
        if expected_conflicts is not None and len(conflicts) != expected_conflicts:
            raise ValidationError(
                _(
                    "The figures changed since the preview: the file now meets %(n)s existing figures. Check the "
                    "file again before importing."
                )
                % {"n": len(conflicts)}
            )
        if conflicts and not on_conflict:
            raise ValidationError(
                {
                    "on_conflict": [
                        ngettext(
                            "The file holds %(n)s figure that already exists with another value: choose whether "
                            "to replace it or keep it.",
                            "The file holds %(n)s figures that already exist with other values: choose whether "
                            "to replace them or keep them.",
                            len(conflicts),
                        )
                        % {"n": len(conflicts)}
                    ]
                }
            )
        record = IndicatorImport.objects.create(
            file_name=filename[:255],
            checksum=plan.checksum,
            imported_by=actor,
            on_conflict=on_conflict or "",
            unchanged_count=len(plan.unchanged),
        )
        try:
            with transaction.atomic():
                _write_rows(actor, plan, record, on_conflict or "")
        except IntegrityError as exc:
            # Someone entered one of these figures between the plan and the write.
            raise ValidationError(
                _("Some of these figures were just entered by someone else; check the file again.")
            ) from exc
        record.save(update_fields=["kept_count", "replaced_count", "created_count"])
    return record


def _write_rows(actor: User, plan: imports.ImportPlan, record: IndicatorImport, on_conflict: str) -> None:
    for row in plan.rows:
        if row.status == imports.UNCHANGED:
            continue
        if row.status == imports.CONFLICT and on_conflict == IndicatorImport.OnConflict.KEEP:
            record.kept_count += 1
            continue
        figure = row.existing or FIGURE_MODELS[row.kind](indicator=row.indicator, region=row.region, year=row.year)
        figure.value, figure.source, figure.note = row.value, row.source, row.note
        figure.entered_by, figure.source_import = actor, record
        _awaits_approval(figure)
        # One save per figure (not bulk): the audit log keeps each replaced value with its old figure.
        figure.save()
        if row.status == imports.CONFLICT:
            record.replaced_count += 1
        else:
            record.created_count += 1


def _awaits_approval(figure: Figure) -> None:
    """A figure entered, imported or changed is not published until another TKPK administrator approves it."""
    figure.approved_by, figure.approved_at = None, None


def approve_figures(actor: User, figures: Sequence[Figure]) -> int:
    """The checker's step: ``actor`` (a TKPK administrator) publishes figures that someone else entered; how
    many it approved. A figure ``actor`` entered itself is refused, with nothing approved: maker-checker, as
    for registry releases. Figures approved already are left as they are."""
    access.require_manage(Scope.for_user(actor))
    approved = 0
    now = timezone.now()
    with transaction.atomic(), acting_as(actor):
        locked = [type(figure).objects.select_for_update().get(pk=figure.pk) for figure in figures]
        own = [figure for figure in locked if figure.entered_by_id == actor.pk and figure.approved_at is None]
        if own:
            raise ValidationError(
                ngettext(
                    "You entered %(n)s of these figures yourself: another TKPK administrator must approve it.",
                    "You entered %(n)s of these figures yourself: another TKPK administrator must approve them.",
                    len(own),
                )
                % {"n": len(own)}
            )
        for figure in locked:
            if figure.approved_at is None:
                figure.approved_by, figure.approved_at = actor, now
                figure.save(update_fields=["approved_by", "approved_at"])  # entered_at (auto_now) keeps its day
                approved += 1
    return approved
