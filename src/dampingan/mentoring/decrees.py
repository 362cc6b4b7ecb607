"""Writing assignment decrees: the decree and all its lines in one transaction, checked first in Python
(so the message names the conflicting line and decree) and again by the database triggers (so no path
around this module can store contradictory lines)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dampingan.access.audit import acting_as
from dampingan.access.roles import Capability
from dampingan.access.scope import Scope
from dampingan.lib import deployment, file_types
from dampingan.regions.models import Region, RegionLevel

from .models import Assignment, Decree, DecreeStatus, Opd, ProgrammeSettings

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from dampingan.accounts.models import User

MAX_PDF_MB = 10


@dataclass(frozen=True)
class Line:
    """One line to write: ``row`` is where it came from (a spreadsheet row, a form row) for messages."""

    kelurahan: Region
    opd: Opd
    row: int | None = None


def _period(decree: Decree) -> str:
    start = date_format(decree.valid_from, "j M Y")
    end = date_format(decree.valid_until, "j M Y") if decree.valid_until else _("open-ended")
    return f"{start} \N{EN DASH} {end}"


def _where(line: Line) -> str:
    return _("Row %(row)s: ") % {"row": line.row} if line.row else ""


def check_pdf(upload: UploadedFile) -> None:
    if cast(int, upload.size) > MAX_PDF_MB * 1024 * 1024:  # an uploaded file has its size
        raise ValidationError({"pdf": _("The PDF is larger than %(limit)s MB.") % {"limit": MAX_PDF_MB}})
    head = upload.read(file_types.HEAD_BYTES)
    upload.seek(0)
    if file_types.detect(head) is not file_types.PDF:
        raise ValidationError({"pdf": _("%(name)s is not a PDF file.") % {"name": upload.name}})


def conflicts(decree: Decree, lines: list[Line]) -> list[str]:
    """Every reason the lines cannot stand beside each other and the signed decrees already stored."""
    problems = [*_line_problems(lines), *_repeated_kelurahan(lines)]
    limit = ProgrammeSettings.current().max_kelurahan_per_opd
    if not decree.is_signed:
        return problems  # a draft binds nobody: only its own consistency is checked
    others = Assignment.objects.overlapping(decree.valid_from, decree.valid_until).select_related("opd", "decree")
    if decree.pk:
        others = others.exclude(decree=decree)
    held = list(others)
    return [*problems, *_already_mentored(lines, held), *_over_limit(lines, held, limit)]


def _line_problems(lines: list[Line]) -> list[str]:
    """Each line's kelurahan is one of this kab/kota and its OPD is active."""
    problems: list[str] = []
    for line in lines:
        if not deployment.holds(line.kelurahan.code) or line.kelurahan.level != RegionLevel.DESA_KELURAHAN:
            problems.append(
                _wrap(line, _("%(code)s is not a kelurahan or desa of this kabupaten/kota."), code=line.kelurahan.code)
            )
        if not line.opd.is_active:
            problems.append(_wrap(line, _("OPD %(opd)s is no longer active."), opd=line.opd.abbreviation))
    return problems


def _repeated_kelurahan(lines: list[Line]) -> list[str]:
    repeated = [code for code, n in Counter(line.kelurahan.code for line in lines).items() if n > 1]
    problems: list[str] = []
    for code in repeated:
        rows = ", ".join(str(line.row) for line in lines if line.kelurahan.code == code and line.row)
        problems.append(
            _("Kelurahan %(code)s appears more than once in this decree (rows %(rows)s).")
            % {"code": code, "rows": rows or "—"}
        )
    return problems


def _already_mentored(lines: list[Line], others: list[Assignment]) -> list[str]:
    """The lines whose kelurahan another signed decree of an overlapping period assigns already."""
    others_by_kelurahan = {a.kelurahan_id: a for a in others}
    problems: list[str] = []
    for line in lines:
        other = others_by_kelurahan.get(line.kelurahan.code)
        if other is not None:
            problems.append(
                _wrap(
                    line,
                    _(
                        "%(kelurahan)s is already mentored by %(opd)s under decree %(decree)s (%(period)s), "
                        "which overlaps this decree's period."
                    ),
                    kelurahan=line.kelurahan.name,
                    opd=other.opd.abbreviation,
                    decree=other.decree.number,
                    period=_period(other.decree),
                )
            )
    return problems


def _over_limit(lines: list[Line], others: list[Assignment], limit: int) -> list[str]:
    """Each OPD (once, at its first line) that would mentor more kelurahan at once than the programme allows,
    counting what ``others`` already assign it."""
    per_opd = Counter(line.opd.pk for line in lines)
    held = Counter(a.opd_id for a in others)
    reported: set[int] = set()
    problems: list[str] = []
    for line in lines:
        total = per_opd[line.opd.pk] + held[line.opd.pk]
        if total > limit and line.opd.pk not in reported:
            reported.add(line.opd.pk)
            elsewhere = ", ".join(f"{a.kelurahan.name} ({a.decree.number})" for a in others if a.opd_id == line.opd.pk)
            problems.append(
                _wrap(
                    line,
                    _("%(opd)s would mentor %(n)s kelurahan at once; the programme allows %(limit)s.%(elsewhere)s"),
                    opd=line.opd.abbreviation,
                    n=total,
                    limit=limit,
                    elsewhere=(" " + _("Already: %(list)s.") % {"list": elsewhere}) if elsewhere else "",
                )
            )
    return problems


def _wrap(line: Line, message: str, **values: Any) -> str:
    return _where(line) + message % values


def save_decree(actor: User, decree: Decree, lines: list[Line], pdf: UploadedFile | None = None) -> Decree:
    """Store ``decree`` (new or changed) with exactly ``lines``, all or nothing.

    Raises ValidationError with every problem found; nothing is written then.
    """
    Scope.for_user(actor).require(Capability.MANAGE_DECREES)
    decree.full_clean(exclude=["pdf"], validate_unique=True)
    if pdf is not None:
        check_pdf(pdf)
    if problems := conflicts(decree, lines):
        raise ValidationError(problems)
    try:
        with transaction.atomic(), acting_as(actor):
            if pdf is not None:
                decree.pdf = pdf
            decree.save()
            wanted = {line.kelurahan.code: line for line in lines}
            decree.lines.exclude(kelurahan_id__in=wanted).delete()
            existing = {a.kelurahan_id: a for a in decree.lines.all()}
            for code, line in wanted.items():
                assignment = existing.get(code) or Assignment(decree=decree, kelurahan=line.kelurahan)
                assignment.opd = line.opd
                assignment.save()  # copies the decree's period and status onto the line
    except IntegrityError as exc:
        # Another user stored a conflicting decree between the check and the write.
        raise ValidationError(_("Another decree saved at the same time conflicts with this one; check again.")) from exc
    return decree


def sign_decree(actor: User, decree: Decree) -> Decree:
    """A draft becomes binding: its lines are checked against the signed decrees."""
    decree.status = DecreeStatus.SIGNED
    lines = [Line(a.kelurahan, a.opd) for a in decree.lines.select_related("kelurahan", "opd")]
    return save_decree(actor, decree, lines)


def mapping_status(on: dt.date) -> dict[str, list[Any]]:
    """Kelurahan with their mentoring OPD on ``on``, kelurahan without one, and OPDs without a kelurahan."""
    in_force = Assignment.objects.in_force(on).select_related("opd", "decree", "kelurahan__parent")
    by_kelurahan = {a.kelurahan_id: a for a in in_force}
    villages = Region.objects.in_deployment().villages().select_related("parent").order_by("code")
    busy = {a.opd_id for a in in_force}
    return {
        "rows": [(v, by_kelurahan.get(v.code)) for v in villages],
        "without_mentor": [v for v in villages if v.code not in by_kelurahan],
        "idle_opds": list(Opd.objects.active().exclude(pk__in=busy).order_by("abbreviation")),
    }
