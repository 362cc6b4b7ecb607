"""What a meeting prints: the attendance sheet to sign, the minutes, and a calendar file.

The PDFs are Django templates rendered by WeasyPrint, imported only when a PDF is asked for: it needs
Pango from the system, and a server without it must still serve every other page (the view shows an
explanation instead of an error). WeasyPrint fetches nothing: the templates carry their own CSS and the
minutes' HTML allows no images, so a link typed into the minutes cannot make the server call out.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from icalendar import Calendar, Event

from dampingan.regions.letterhead import region_letterhead, region_office_line

from . import meeting_queries
from .models import Meeting, MeetingKind, MeetingStatus, Participant

BLANK_ROWS = 10


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs (Pango) are missing on this server."""


@dataclass(frozen=True)
class SheetRow:
    number: int
    name: str
    position: str


def letterhead(meeting: Meeting) -> list[str]:
    """The lines of the kop: the city's government, then the office of the meeting's region."""
    return region_letterhead(meeting.region, tkpk=meeting.kind == MeetingKind.RAKOR_TKPK)


def office_line(meeting: Meeting) -> str:
    return region_office_line(meeting.region)


def sheet_rows(meeting: Meeting, blank_rows: int = BLANK_ROWS) -> list[SheetRow]:
    """One row per invited participant, then blank rows for those who come unannounced.

    An OPD, partner or body invited without a named person leaves the name to be written by whoever
    represents it; the institution is printed beside.
    """
    rows = []
    invited = [p for p in meeting.participants.all() if p.invited]
    for number, p in enumerate(invited, start=1):
        rows.append(SheetRow(number, _sheet_name(p), _sheet_position(p)))
    rows += [SheetRow(len(rows) + n, "", "") for n in range(1, blank_rows + 1)]
    return rows


def _sheet_name(p: Participant) -> str:
    if p.name:
        return p.name
    if p.user is not None:
        return p.user.get_full_name() or p.user.get_username()
    return ""


def _sheet_position(p: Participant) -> str:
    position = meeting_queries.display_position(p)
    if p.name or p.user_id:
        return position
    # OPD, partner or body without a person: the institution is the line.
    label = p.label if p.opd is None else f"{p.opd.abbreviation} — {p.opd.name}"
    return label if not p.position else f"{p.position}, {label}"


def _context(meeting: Meeting) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "letterhead": letterhead(meeting),
        "office_line": office_line(meeting),
        "start": timezone.localtime(meeting.starts_at),
        "end": timezone.localtime(meeting.ends_at),
        "groups": meeting_queries.grouped(meeting),
        "printed_at": timezone.localtime(),
    }


def attendance_sheet_html(meeting: Meeting, blank_rows: int = BLANK_ROWS) -> str:
    return render_to_string(
        "coordination/meeting_attendance_sheet.html",
        {**_context(meeting), "rows": sheet_rows(meeting, blank_rows)},
    )


def minutes_html(meeting: Meeting) -> str:
    decisions = list(meeting.decisions.all())
    return render_to_string(
        "coordination/meeting_minutes_print.html",
        {**_context(meeting), "decisions": decisions, "today": timezone.localdate()},
    )


def attendance_sheet_pdf(meeting: Meeting, blank_rows: int = BLANK_ROWS) -> bytes:
    """The attendance sheet (daftar hadir) to sign. ``meeting`` as ``meeting_queries.meeting_detail`` gives it."""
    return html_to_pdf(attendance_sheet_html(meeting, blank_rows))


def minutes_pdf(meeting: Meeting) -> bytes:
    """The minutes (notulen): who came, the speakers, the agenda, the sanitised minutes, the decisions with
    their action items. ``meeting`` as ``meeting_queries.meeting_detail`` gives it."""
    return html_to_pdf(minutes_html(meeting))


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"printables fetch nothing ({url})")


def html_to_pdf(html: str) -> bytes:
    # WeasyPrint logs each of its seven steps at INFO: seven lines per PDF in the server log, nothing to act on.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        # OSError: the Python package is there but cannot load libpango (WeasyPrint's own message says so).
        raise PdfUnavailable(str(exc)) from exc
    try:
        return weasyprint.HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()
    except OSError as exc:  # a library or font missing only shows when drawing
        raise PdfUnavailable(str(exc)) from exc


def file_stem(meeting: Meeting, what: str) -> str:
    return f"{what}-{meeting.pk}-{timezone.localtime(meeting.starts_at):%Y%m%d}"


# --- calendar ------------------------------------------------------------------------------------------


def ics_uid(meeting: Meeting, host: str) -> str:
    """Stable per meeting and deployment: re-downloading updates the calendar entry instead of adding one."""
    return f"rapat-{meeting.pk}@{host.split(':')[0].lower() or 'dampingan'}"


def meeting_ics(meeting: Meeting, *, host: str, url: str = "") -> bytes:
    """An iCalendar (RFC 5545) file with the meeting as one event, its times in the deployment's time zone
    (with the VTIMEZONE that describes it), the venue, and the theme and agenda as description."""
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//Dampingan//Rapat//ID")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", ics_uid(meeting, host))
    event.add("dtstamp", (meeting.updated_at or timezone.now()).astimezone(dt.UTC))
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("summary", meeting.title)
    event.add("location", meeting.venue)
    description = [f"{MeetingKind(meeting.kind).label} — {meeting.region.name}"]
    if meeting.theme:
        description.append(meeting.theme)
    if meeting.chair:
        description.append(str(meeting.chair))
    if meeting.agenda:
        description.append(meeting.agenda.replace("\r\n", "\n"))
    if url:
        description.append(url)
        event.add("url", url)
    event.add("description", "\n\n".join(str(d) for d in description))
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
