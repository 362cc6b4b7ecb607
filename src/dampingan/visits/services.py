"""Writes of the visits app: team, visits with photos, monthly reports. Pages and API both call these.

Each function checks the actor's scope (404 outside it, 403 without the capability), validates
everything before writing, runs in one transaction and names the actor in the audit log.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Required, TypedDict

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dampingan.access.audit import acting_as
from dampingan.access.roles import Capability
from dampingan.access.scope import Scope
from dampingan.mentoring.models import Assignment

from . import photos
from .models import MonthlyReport, ReportStatus, TeamMember, TeamRole, Visit, VisitPhoto
from .months import first_of_month

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from dampingan.accounts.models import User
    from dampingan.regions.models import Region

REPORT_FIELDS = ("summary", "activities", "obstacles", "next_steps")
VISIT_FIELDS = ("date", "activity", "participants", "findings", "follow_ups")


class TransitionError(ValidationError):
    """The report is not in a state that allows this step (submitting twice, reviewing a draft…)."""


@dataclass(frozen=True)
class PhotoUpload:
    file: UploadedFile
    caption: str = ""


def _require(actor: User, kelurahan: Region, capability: Capability) -> Scope:
    scope = Scope.for_user(actor)
    if not scope.covers(kelurahan.code):
        raise Http404("kelurahan outside the scope")
    scope.require(capability)
    return scope


def _assignment(scope: Scope, kelurahan: Region, day: dt.date) -> Assignment:
    """The assignment of ``kelurahan`` in force on ``day`` that the actor may record for.

    An OPD mentor records only for its own OPD's assignment; the TKPK admin for whichever OPD holds it.
    """
    line = Assignment.objects.in_force(day).filter(kelurahan=kelurahan).select_related("opd", "decree").first()
    if line is None:
        raise ValidationError(
            _("On %(date)s no OPD was assigned to mentor %(kelurahan)s.")
            % {"date": day.strftime("%d-%m-%Y"), "kelurahan": kelurahan.name}
        )
    if scope.opd_id is not None and not scope.can(Capability.REVIEW_MENTORING) and line.opd_id != scope.opd_id:
        raise PermissionDenied("another OPD mentors this kelurahan")
    return line


def current_assignment(kelurahan: Region, on: dt.date | None = None) -> Assignment | None:
    return Assignment.objects.in_force(on).filter(kelurahan=kelurahan).select_related("opd", "decree").first()


# --- team -------------------------------------------------------------------------------------------


def add_team_member(
    actor: User, kelurahan: Region, user: User, role: str = TeamRole.ANGGOTA, since: dt.date | None = None
) -> TeamMember:
    """Put ``user`` on the mentoring team of the OPD now assigned to ``kelurahan``.

    The user must belong to that OPD and not already be an active member.
    """
    scope = _require(actor, kelurahan, Capability.RECORD_MENTORING)
    today = timezone.localdate()
    line = _assignment(scope, kelurahan, today)
    since = since or today
    if user.opd_id != line.opd_id:
        raise ValidationError(
            {
                "user": _("%(user)s is not a user of %(opd)s; only its own people can join its team.")
                % {"user": user.get_full_name() or user.username, "opd": line.opd.abbreviation}
            }
        )
    with transaction.atomic(), acting_as(actor):
        if TeamMember.objects.active(since).filter(opd=line.opd, kelurahan=kelurahan, user=user).exists() or (
            TeamMember.objects.filter(opd=line.opd, kelurahan=kelurahan, user=user, until__isnull=True).exists()
        ):
            raise ValidationError({"user": _("This person is already on the team.")})
        member = TeamMember(opd=line.opd, kelurahan=kelurahan, user=user, role=role, since=since)
        member.full_clean()
        member.save()
    return member


def end_team_membership(actor: User, member: TeamMember, until: dt.date | None = None) -> TeamMember:
    """Close ``member``'s membership (today by default); the row stays as history."""
    scope = _require(actor, member.kelurahan, Capability.RECORD_MENTORING)
    if scope.opd_id is not None and not scope.can(Capability.REVIEW_MENTORING) and member.opd_id != scope.opd_id:
        raise PermissionDenied("another OPD's team")
    until = until or timezone.localdate()
    with transaction.atomic(), acting_as(actor):
        locked = TeamMember.objects.select_for_update().get(pk=member.pk)
        if locked.until is not None and locked.until <= until:
            raise ValidationError(_("This membership has already ended."))
        locked.until = max(until, locked.since)
        locked.full_clean()
        locked.save(update_fields=["until"])
    return locked


# --- visits -----------------------------------------------------------------------------------------


class VisitFields(TypedDict, total=False):
    """A visit as its recorder gives it; its photos and the participants with an account come apart."""

    date: Required[dt.date]
    activity: Required[str]
    participants: str
    findings: str
    follow_ups: str


def record_visit(
    actor: User,
    kelurahan: Region,
    data: VisitFields,
    photo_uploads: list[PhotoUpload] | None = None,
    participant_users: list[User] | None = None,
) -> Visit:
    """Record a visit to ``kelurahan`` with its photos, all or nothing.

    Refused: a date in the future, a date on which the actor's OPD was not assigned there, a photo that
    is not a JPEG/PNG/WebP image or is over the size limit. Photos are checked before anything is written
    and files already stored are removed if the transaction fails, so no half visit remains.
    """
    scope = _require(actor, kelurahan, Capability.RECORD_MENTORING)
    day = _visit_day(data)
    line = _assignment(scope, kelurahan, day)
    checked = _checked_photos(photo_uploads or [])
    stored: list[str] = []
    try:
        with transaction.atomic(), acting_as(actor):
            visit = Visit(
                kelurahan=kelurahan, opd=line.opd, recorded_by=actor, **{k: data.get(k, "") for k in VISIT_FIELDS}
            )
            visit.full_clean()
            visit.save()
            if participant_users:
                visit.participant_users.set(participant_users)
            _save_photos(visit, day, checked, stored)
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    return visit


def _visit_day(data: VisitFields) -> dt.date:
    day = data.get("date")
    if not isinstance(day, dt.date):
        raise ValidationError({"date": _("Give the date of the visit.")})
    if day > timezone.localdate():
        raise ValidationError({"date": _("The visit cannot be dated in the future.")})
    return day


def _checked_photos(uploads: list[PhotoUpload]) -> list[tuple[PhotoUpload, photos.PhotoKind]]:
    """Each upload with its format detected from its bytes; every photo refused is named at once."""
    if len(uploads) > photos.MAX_PHOTOS_PER_VISIT:
        raise ValidationError(
            {"photos": _("At most %(count)s photos per visit.") % {"count": photos.MAX_PHOTOS_PER_VISIT}}
        )
    checked: list[tuple[PhotoUpload, photos.PhotoKind]] = []
    errors = []
    for upload in uploads:
        upload.file.seek(0)
        head = upload.file.read(16)
        upload.file.seek(0)
        try:
            checked.append((upload, photos.check_photo(upload.file.name or "", upload.file.size or 0, head)))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"photos": errors})
    return checked


def _save_photos(
    visit: Visit, day: dt.date, checked: list[tuple[PhotoUpload, photos.PhotoKind]], stored: list[str]
) -> None:
    """Store each photo's file and record it; ``stored`` collects the files' names, for the caller to remove
    should the visit not be saved after all."""
    for upload, kind in checked:
        # The stored name comes from the detected format, never from the uploader's file name.
        name = default_storage.save(
            f"visits/{day:%Y}/{day:%m}/{uuid.uuid4().hex}.{kind.extension}", ContentFile(upload.file.read())
        )
        stored.append(name)
        photo = VisitPhoto(
            visit=visit,
            image=name,
            content_type=kind.content_type,
            size=upload.file.size or 0,
            caption=upload.caption[:200],
        )
        photo.full_clean()
        photo.save()


# --- monthly reports --------------------------------------------------------------------------------


class MonthlyReportFields(TypedDict, total=False):
    """A draft's texts; one left out keeps what the draft has."""

    summary: str
    activities: str
    obstacles: str
    next_steps: str


def report_start(kelurahan: Region, on: dt.date | None = None) -> dt.date | None:
    """First month owing a report: the month the in-force assignment's decree took effect."""
    line = current_assignment(kelurahan, on)
    return first_of_month(line.decree.valid_from) if line else None


def save_report_draft(actor: User, kelurahan: Region, month: dt.date, data: MonthlyReportFields) -> MonthlyReport:
    """Create or update the draft report of ``kelurahan`` for ``month`` (any day in it).

    Refused for a month before the assignment started or after the current one, and for a report that
    has been submitted (until the TKPK returns it) or reviewed.
    """
    scope = _require(actor, kelurahan, Capability.RECORD_MENTORING)
    month = first_of_month(month)
    today = timezone.localdate()
    if month > first_of_month(today):
        raise ValidationError({"month": _("A report cannot be written for a month that has not started.")})
    line = _assignment(scope, kelurahan, today)
    start = first_of_month(line.decree.valid_from)
    if month < start:
        raise ValidationError(
            {
                "month": _("The assignment of %(opd)s started in %(start)s; there is no report before that.")
                % {"opd": line.opd.abbreviation, "start": _month_label(start)}
            }
        )
    with transaction.atomic(), acting_as(actor):
        report = MonthlyReport.objects.select_for_update().filter(kelurahan=kelurahan, month=month).first()
        if report is None:
            report = MonthlyReport(kelurahan=kelurahan, month=month, opd=line.opd, created_by=actor)
        elif not report.is_editable:
            raise TransitionError(
                _("The report for %(month)s is %(status)s and can no longer be changed.")
                % {"month": _month_label(month), "status": report.get_status_display().lower()}
            )
        for name, value in data.items():
            if name in REPORT_FIELDS:
                setattr(report, name, value or "")
        report.full_clean(validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError as exc:
            # Two people saving the first draft of the same month at once: the unique constraint decides.
            raise TransitionError(_("This kelurahan already has a report for that month.")) from exc
    return report


def submit_report(actor: User, report: MonthlyReport) -> MonthlyReport:
    """Send a draft (or a returned report) to the TKPK; a report already submitted or reviewed is refused."""
    _require(actor, report.kelurahan, Capability.RECORD_MENTORING)
    with transaction.atomic(), acting_as(actor):
        locked = MonthlyReport.objects.select_for_update().get(pk=report.pk)
        if not locked.is_editable:
            raise TransitionError(
                _("The report for %(month)s has already been submitted.") % {"month": _month_label(locked.month)}
                if locked.status == ReportStatus.SUBMITTED
                else _("The report for %(month)s has already been reviewed.") % {"month": _month_label(locked.month)}
            )
        if not locked.summary.strip():
            raise ValidationError({"summary": _("Write the progress summary before submitting.")})
        locked.status = ReportStatus.SUBMITTED
        locked.submitted_by = actor
        locked.submitted_at = timezone.now()
        locked.full_clean(validate_unique=False)
        locked.save()
    return locked


def review_report(actor: User, report: MonthlyReport, *, accept: bool, note: str = "") -> MonthlyReport:
    """The TKPK marks a submitted report reviewed, or returns it to the OPD with a note saying what to change."""
    _require(actor, report.kelurahan, Capability.REVIEW_MENTORING)
    note = (note or "").strip()
    if not accept and not note:
        raise ValidationError({"note": _("Say what the OPD should change when returning a report.")})
    with transaction.atomic(), acting_as(actor):
        locked = MonthlyReport.objects.select_for_update().get(pk=report.pk)
        if locked.status != ReportStatus.SUBMITTED:
            raise TransitionError(
                _("Only a submitted report can be reviewed; the report for %(month)s is %(status)s.")
                % {"month": _month_label(locked.month), "status": locked.get_status_display().lower()}
            )
        locked.status = ReportStatus.REVIEWED if accept else ReportStatus.RETURNED
        locked.reviewed_by = actor
        locked.reviewed_at = timezone.now()
        locked.review_note = note
        locked.full_clean(validate_unique=False)
        locked.save()
    return locked


def _month_label(month: dt.date) -> str:
    return date_format(month, "F Y")
