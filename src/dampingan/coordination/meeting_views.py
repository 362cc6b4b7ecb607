"""Pages of meetings: the list, the detail, the meeting form with its participant list, attendance, minutes,
decisions, attachments and the printables. Views parse input, call ``meetings`` or ``meeting_queries``,
render; every meeting is looked up through the user's visibility first (404), then its right to run it (403).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dampingan.access.requests import SignedInRequest
from dampingan.access.roles import Capability

from . import meeting_attachments, meeting_queries, meetings, printables
from .meeting_forms import AttachmentForm, AttendanceForm, DecisionForm, MeetingFilterForm, MeetingForm, MinutesForm
from .minutes import render_minutes
from .models import Meeting, MeetingAttachment, MeetingStatus

PAGE_SIZE = 25
# Where a service's field lands on the meeting form, which splits dates and times.
FORM_FIELD = {"starts_at": "start_time", "ends_at": "end_time", "participants": None}


def _add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the field it names when the form has it, above the form otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = FORM_FIELD.get(name, name)
        form.add_error(target if target in form.fields else None, errors)


def _status(*bound: forms.BaseForm | None) -> int:
    return 422 if any(f is not None and f.is_bound and f.errors for f in bound) else 200


def _runnable(request: SignedInRequest, pk: int) -> Meeting:
    meeting = meeting_queries.visible_meeting(request.scope, pk)
    meetings.require_run(request.user, meeting)
    return meeting


@login_required
def meeting_list(request: SignedInRequest) -> HttpResponse:
    filters = meeting_queries.MeetingFilters.from_query(request.GET)
    page = Paginator(meeting_queries.meetings(request.scope, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "coordination/meeting_list.html",
        {
            "active_nav": "meetings",
            "filter_form": MeetingFilterForm(request.GET or None, scope=request.scope),
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "perms": meeting_queries.permissions(request.scope),
        },
    )


@login_required
def meeting_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    meeting = meeting_queries.meeting_detail(request.scope, pk)
    meeting_queries.mark_for_display(meeting)
    perms = meeting_queries.permissions(request.scope, meeting)
    return render(
        request,
        "coordination/meeting_detail.html",
        {
            "active_nav": "meetings",
            "meeting": meeting,
            "groups": meeting_queries.grouped(meeting),
            "perms": perms,
            "attachment_form": AttachmentForm() if perms.can_run else None,
            "statuses": MeetingStatus,
            "next_statuses": meetings.next_statuses(meeting) if perms.can_run else [],
        },
    )


def _meeting_form_page(request: SignedInRequest, form: MeetingForm, meeting: Meeting | None) -> HttpResponse:
    return render(
        request,
        "coordination/meeting_form.html",
        {"active_nav": "meetings", "form": form, "meeting": meeting},
        status=_status(form),
    )


@login_required
def meeting_create(request: SignedInRequest) -> HttpResponse:
    request.scope.require(Capability.RUN_MEETINGS)
    if not meeting_queries.permissions(request.scope).can_create:
        raise PermissionDenied("no region to hold meetings for")
    form = MeetingForm(request.POST or None, scope=request.scope)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meetings.create_meeting(request.user, form.meeting_data(), form.participant_specs())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Meeting “%(title)s” recorded.") % {"title": meeting.title})
            return redirect("coordination:meeting_detail", pk=meeting.pk)
    return _meeting_form_page(request, form, None)


@login_required
def meeting_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    meeting = _runnable(request, pk)
    form = MeetingForm(request.POST or None, scope=request.scope, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            meetings.update_meeting(request.user, meeting, form.meeting_data(), form.participant_specs())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Meeting “%(title)s” saved.") % {"title": form.cleaned_data["title"]})
            return redirect("coordination:meeting_detail", pk=pk)
    return _meeting_form_page(request, form, meeting)


@require_POST
@login_required
def meeting_status(request: SignedInRequest, pk: int) -> HttpResponse:
    meeting = _runnable(request, pk)
    status = request.POST.get("status", "")
    try:
        meetings.set_status(request.user, meeting, status)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The meeting is now %(status)s.") % {"status": MeetingStatus(status).label.lower()})
    return redirect("coordination:meeting_detail", pk=pk)


@login_required
def meeting_attendance(request: SignedInRequest, pk: int) -> HttpResponse:
    meeting = _runnable(request, pk)
    form = AttendanceForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            meetings.record_attendance(request.user, meeting, form.cleaned_data["attended"], form.walk_in_lines)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Attendance saved."))
            return redirect("coordination:meeting_detail", pk=pk)
    return render(
        request,
        "coordination/meeting_attendance.html",
        {"active_nav": "meetings", "meeting": meeting, "form": form},
        status=_status(form),
    )


@login_required
def meeting_minutes(request: SignedInRequest, pk: int) -> HttpResponse:
    """The minutes in Markdown; "Preview" shows them as they will appear (sanitised) without saving."""
    meeting = _runnable(request, pk)
    form = MinutesForm(request.POST or None, initial={"minutes": meeting.minutes})
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = render_minutes(form.cleaned_data["minutes"])
        else:
            try:
                meetings.write_minutes(request.user, meeting, form.cleaned_data["minutes"])
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Minutes saved."))
                return redirect("coordination:meeting_detail", pk=pk)
    return render(
        request,
        "coordination/meeting_minutes.html",
        {"active_nav": "meetings", "meeting": meeting, "form": form, "preview": preview},
        status=_status(form),
    )


@login_required
def decision_create(request: SignedInRequest, pk: int) -> HttpResponse:
    meeting = _runnable(request, pk)
    form = DecisionForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            decision = meetings.add_decision(
                request.user, meeting, form.cleaned_data["text"], list(form.cleaned_data["kelurahan"])
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Decision %(number)s recorded.") % {"number": decision.number})
            return redirect(f"{reverse('coordination:meeting_detail', args=[pk])}#keputusan-{decision.number}")
    return render(
        request,
        "coordination/meeting_decision_form.html",
        {"active_nav": "meetings", "meeting": meeting, "form": form, "decision": None},
        status=_status(form),
    )


@login_required
def decision_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    decision = meeting_queries.visible_decision(request.scope, pk)
    meeting = decision.meeting
    meetings.require_run(request.user, meeting)
    detail = reverse("coordination:meeting_detail", args=[meeting.pk])
    if request.method == "POST" and "delete" in request.POST:
        try:
            meetings.delete_decision(request.user, decision)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("coordination:decision_edit", pk=pk)
        messages.success(request, _("Decision %(number)s deleted.") % {"number": decision.number})
        return redirect(f"{detail}#keputusan")
    form = DecisionForm(
        request.POST or None,
        meeting=meeting,
        initial={"text": decision.text, "kelurahan": list(decision.kelurahan.all())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            meetings.update_decision(
                request.user, decision, form.cleaned_data["text"], list(form.cleaned_data["kelurahan"])
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Decision %(number)s saved.") % {"number": decision.number})
            return redirect(f"{detail}#keputusan-{decision.number}")
    return render(
        request,
        "coordination/meeting_decision_form.html",
        {
            "active_nav": "meetings",
            "meeting": meeting,
            "form": form,
            "decision": decision,
            "has_items": decision.action_items.exists(),
        },
        status=_status(form),
    )


@login_required
def attachment_upload(request: SignedInRequest, pk: int) -> HttpResponse:
    meeting = _runnable(request, pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            attachment = meetings.add_attachment(
                request.user, meeting, form.cleaned_data["file"], form.cleaned_data["caption"]
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("%(name)s attached.") % {"name": attachment.original_name})
            return redirect(f"{reverse('coordination:meeting_detail', args=[pk])}#lampiran")
    return render(
        request,
        "coordination/meeting_attachment_form.html",
        {"active_nav": "meetings", "meeting": meeting, "form": form},
        status=_status(form),
    )


@require_POST
@login_required
def attachment_delete(request: SignedInRequest, pk: int, attachment_pk: int) -> HttpResponse:
    meeting = _runnable(request, pk)
    attachment = get_object_or_404(MeetingAttachment, meeting=meeting, pk=attachment_pk)
    meetings.delete_attachment(request.user, attachment)
    messages.success(request, _("%(name)s removed.") % {"name": attachment.original_name})
    return redirect(f"{reverse('coordination:meeting_detail', args=[pk])}#lampiran")


@login_required
def attachment_download(request: SignedInRequest, pk: int, attachment_pk: int) -> FileResponse:
    """An attachment, to users who may see the meeting; the file itself is not under a public URL."""
    meeting = meeting_queries.visible_meeting(request.scope, pk)
    attachment = get_object_or_404(MeetingAttachment, meeting=meeting, pk=attachment_pk)
    name = attachment.file.name
    assert name is not None  # the file is required
    kind = meeting_attachments.kind_of_stored(name)
    if kind is None or not default_storage.exists(name):
        raise Http404("attachment file missing")
    response = FileResponse(default_storage.open(name, "rb"), content_type=kind.content_type)
    # Photos open in the browser; documents download. The name is ours, from the detected format.
    disposition = "inline" if meeting_attachments.is_photo(kind.content_type) else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="rapat-{pk}-lampiran-{attachment.pk}.{kind.extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _pdf_response(request: SignedInRequest, meeting: Meeting, render_pdf: Any, stem: str) -> HttpResponse:
    try:
        pdf = render_pdf(meeting)
    except printables.PdfUnavailable as exc:
        return render(
            request,
            "coordination/meeting_pdf_unavailable.html",
            {"active_nav": "meetings", "meeting": meeting, "reason": str(exc)},
            status=503,
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{printables.file_stem(meeting, stem)}.pdf"'
    return response


@login_required
def meeting_attendance_pdf(request: SignedInRequest, pk: int) -> HttpResponse:
    meeting = meeting_queries.meeting_detail(request.scope, pk)
    return _pdf_response(request, meeting, printables.attendance_sheet_pdf, "daftar-hadir")


@login_required
def meeting_minutes_pdf(request: SignedInRequest, pk: int) -> HttpResponse:
    meeting = meeting_queries.meeting_detail(request.scope, pk)
    return _pdf_response(request, meeting, printables.minutes_pdf, "notulen")


@login_required
def meeting_ics(request: SignedInRequest, pk: int) -> HttpResponse:
    meeting = meeting_queries.visible_meeting(request.scope, pk)
    url = request.build_absolute_uri(reverse("coordination:meeting_detail", args=[pk]))
    response = HttpResponse(
        printables.meeting_ics(meeting, host=request.get_host(), url=url), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{printables.file_stem(meeting, "rapat")}.ics"'
    return response
