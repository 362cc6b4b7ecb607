"""Pages of the mentoring team, visits and monthly reports. Views parse input, call services, render."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dampingan.access.requests import SignedInRequest
from dampingan.access.roles import Capability
from dampingan.lib.service_input import service_input

from . import queries, services
from .forms import MonthlyReportForm, ReviewForm, TeamMemberForm, VisitForm
from .models import MonthlyReport, TeamMember, VisitPhoto
from .months import first_of_month
from .services import MonthlyReportFields

RECENT_VISITS = 50


def _add_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's refusal on the form field it concerns, or above the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _month(year: int, month: int) -> dt.date:
    try:
        return dt.date(year, month, 1)
    except ValueError as exc:
        raise Http404("no such month") from exc


@login_required
def visit_list(request: SignedInRequest, code: str) -> HttpResponse:
    kelurahan = queries.visible_kelurahan(request.scope, code)
    perms = queries.permissions(request.scope, kelurahan)
    assignment = queries.assignment_of(kelurahan)
    form = None
    if perms.can_record and assignment is not None:
        form = VisitForm(request.POST or None, request.FILES or None, opd_id=assignment.opd_id)
    if request.method == "POST":
        request.scope.require(Capability.RECORD_MENTORING)
        if form is None:
            raise Http404("no assignment in force")
        if form.is_valid():
            try:
                visit = services.record_visit(
                    request.user,
                    kelurahan,
                    form.visit_data(),
                    [services.PhotoUpload(f, c) for f, c in form.photo_pairs()],
                    list(form.cleaned_data["participant_users"]),
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Visit of %(date)s recorded.") % {"date": visit.date.strftime("%d-%m-%Y")})
                return redirect("visits:visit_detail", code=code, pk=visit.pk)
    visits = list(queries.visible_visits(request.scope).of(kelurahan.code)[:RECENT_VISITS])
    return render(
        request,
        "visits/visit_list.html",
        {
            "active_nav": "regions",
            "kelurahan": kelurahan,
            "assignment": assignment,
            "visits": visits,
            "form": form,
            "perms": perms,
        },
        status=422 if form is not None and form.errors else 200,
    )


@login_required
def visit_detail(request: SignedInRequest, code: str, pk: int) -> HttpResponse:
    kelurahan = queries.visible_kelurahan(request.scope, code)
    visit = get_object_or_404(
        queries.visible_visits(request.scope).of(kelurahan.code).prefetch_related("participant_users"), pk=pk
    )
    return render(
        request, "visits/visit_detail.html", {"active_nav": "regions", "kelurahan": kelurahan, "visit": visit}
    )


@login_required
def visit_photo(request: SignedInRequest, code: str, pk: int, photo_pk: int) -> FileResponse:
    """A visit photo, to users who may open the kelurahan; the file itself is not under a public URL."""
    kelurahan = queries.visible_kelurahan(request.scope, code)
    photo = get_object_or_404(VisitPhoto.objects.filter(visit__kelurahan=kelurahan, visit_id=pk), pk=photo_pk)
    name = cast(str, photo.image.name)  # the image is required: a stored photo always has a file name
    if not default_storage.exists(name):
        raise Http404("photo file missing")
    response = FileResponse(default_storage.open(name, "rb"), content_type=photo.content_type)
    response["Content-Disposition"] = f'inline; filename="kunjungan-{pk}-foto-{photo.pk}.{name.rsplit(".", 1)[-1]}"'
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def report_months(request: SignedInRequest, code: str) -> HttpResponse:
    kelurahan = queries.visible_kelurahan(request.scope, code)
    rows = queries.report_months(kelurahan)
    return render(
        request,
        "visits/report_months.html",
        {
            "active_nav": "regions",
            "kelurahan": kelurahan,
            "assignment": queries.assignment_of(kelurahan),
            "rows": rows,
            "missing": sum(1 for r in rows if r.state.is_missing),
            "perms": queries.permissions(request.scope, kelurahan),
        },
    )


@login_required
def report_detail(request: SignedInRequest, code: str, year: int, month: int) -> HttpResponse:
    """One month's report: read by everyone in scope, written and submitted by the mentoring OPD."""
    kelurahan = queries.visible_kelurahan(request.scope, code)
    month_start = _month(year, month)
    report = queries.visible_reports(request.scope).of(kelurahan.code).filter(month=month_start).first()
    perms = queries.permissions(request.scope, kelurahan)
    editable = perms.can_record and (report is None or report.is_editable)
    form = MonthlyReportForm(request.POST or None, instance=report) if editable else None
    if request.method == "POST":
        request.scope.require(Capability.RECORD_MENTORING)
        if form is None:
            # Posted to a report that is no longer editable (submitted twice from two tabs, say).
            form = MonthlyReportForm(request.POST)
        if form.is_valid():
            try:
                if report is not None and not report.is_editable and request.POST.get("action") == "submit":
                    # Submitted twice (a second tab, a double click): the service names what happened.
                    services.submit_report(request.user, report)
                report = services.save_report_draft(
                    request.user, kelurahan, month_start, service_input(MonthlyReportFields, form.cleaned_data)
                )
                if request.POST.get("action") == "submit":
                    report = services.submit_report(request.user, report)
                    messages.success(request, _("Report submitted to the TKPK."))
                else:
                    messages.success(request, _("Draft saved."))
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                return redirect("visits:report_detail", code=code, year=year, month=month)
    if month_start > first_of_month(timezone.localdate()) and report is None:
        raise Http404("future month")
    return render(
        request,
        "visits/report_detail.html",
        {
            "active_nav": "regions",
            "kelurahan": kelurahan,
            "month": month_start,
            "report": report,
            "form": form,
            "perms": perms,
            "review_form": ReviewForm() if perms.can_review and report and report.status == "submitted" else None,
        },
        status=422 if form is not None and form.errors else 200,
    )


@require_POST
@login_required
def report_review(request: SignedInRequest, code: str, year: int, month: int) -> HttpResponse:
    kelurahan = queries.visible_kelurahan(request.scope, code)
    report = get_object_or_404(MonthlyReport.objects.of(kelurahan.code), month=_month(year, month))
    request.scope.require(Capability.REVIEW_MENTORING)
    form = ReviewForm(request.POST)
    form.is_valid()
    accept = request.POST.get("decision") == "accept"
    try:
        services.review_report(request.user, report, accept=accept, note=form.cleaned_data.get("note", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            (
                _("Report of %(kelurahan)s marked reviewed.")
                if accept
                else _("Report of %(kelurahan)s returned to the OPD.")
            )
            % {"kelurahan": kelurahan.name},
        )
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return redirect(next_url)
    return redirect("visits:report_detail", code=code, year=year, month=month)


@login_required
def review_queue(request: SignedInRequest) -> HttpResponse:
    """The TKPK's overview: every assigned kelurahan in scope by recent months, and what awaits review."""
    try:
        months = min(max(int(request.GET.get("bulan", 6)), 1), 24)
    except ValueError:
        months = 6
    columns, rows = queries.review_queue(request.scope, months=months)
    return render(
        request,
        "visits/review_queue.html",
        {
            "active_nav": "regions",
            "columns": columns,
            "rows": rows,
            "months": months,
            "awaiting": queries.awaiting_review(request.scope),
            "perms": queries.permissions(request.scope),
            "review_form": ReviewForm(),
        },
    )


@login_required
def team(request: SignedInRequest, code: str) -> HttpResponse:
    kelurahan = queries.visible_kelurahan(request.scope, code)
    perms = queries.permissions(request.scope, kelurahan)
    assignment = queries.assignment_of(kelurahan)
    scope = request.scope
    # A mentor manages only its own OPD's team; the TKPK admin the team of whichever OPD is assigned.
    can_manage = perms.can_record and assignment is not None and (perms.can_review or scope.opd_id == assignment.opd_id)
    form = (
        TeamMemberForm(request.POST or None, opd_id=assignment.opd_id if assignment else None) if can_manage else None
    )
    if request.method == "POST":
        scope.require(Capability.RECORD_MENTORING)
        if form is None:
            raise Http404("no assignment in force")
        if form.is_valid():
            try:
                member = services.add_team_member(
                    request.user,
                    kelurahan,
                    form.cleaned_data["user"],
                    form.cleaned_data["role"],
                    form.cleaned_data["since"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(name)s joined the team.") % {"name": member.user.get_full_name() or member.user.username},
                )
                return redirect("visits:team", code=code)
    members = list(TeamMember.objects.of(kelurahan.code).active())
    past = list(TeamMember.objects.of(kelurahan.code).filter(until__lt=timezone.localdate()).order_by("-until")[:20])
    return render(
        request,
        "visits/team.html",
        {
            "active_nav": "regions",
            "kelurahan": kelurahan,
            "assignment": assignment,
            "members": members,
            "past": past,
            "form": form,
            "can_manage": can_manage,
        },
        status=422 if form is not None and form.errors else 200,
    )


@require_POST
@login_required
def team_end(request: SignedInRequest, code: str, pk: int) -> HttpResponse:
    kelurahan = queries.visible_kelurahan(request.scope, code)
    member = get_object_or_404(TeamMember.objects.of(kelurahan.code), pk=pk)
    try:
        services.end_team_membership(request.user, member)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Membership of %(name)s ended.") % {"name": member.user.get_full_name() or member.user.username}
        )
    return redirect("visits:team", code=code)
