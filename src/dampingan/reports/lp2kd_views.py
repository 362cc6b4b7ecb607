"""The LP2KD's own text (chapter VIII and the local Perda): saved from the form on the report's page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dampingan.access.requests import SignedInRequest

from . import queries
from .kinds import ReportKind
from .lp2kd_forms import Lp2kdNarrativeForm
from .lp2kd_narrative import may_edit, narrative_for, save_narrative


@require_POST
@login_required
def narrative_save(request: SignedInRequest, pk: int) -> HttpResponse:
    report = queries.visible_report(request.scope, pk)
    if report.kind != ReportKind.LP2KD:
        raise Http404("not an LP2KD")
    if not may_edit(request.scope):
        raise PermissionDenied("request_reports")
    form = Lp2kdNarrativeForm(request.POST, instance=narrative_for(report.year))
    if not form.is_valid():
        messages.error(request, _("The text was not saved: correct the fields marked below."))
        context = {"active_nav": "reports_docs", **queries.report_page(request.scope, report), "narrative_form": form}
        return render(request, "reports/report_detail.html", context, status=422)
    data = form.cleaned_data
    save_narrative(
        request.user,
        report.year,
        perda=data["perda"],
        problems=data["problems"],
        recommendations=data["recommendations"],
    )
    messages.success(
        request,
        _("The text of the LP2KD %(year)s is saved. Generate the report again to put it in the files.")
        % {"year": report.year},
    )
    return redirect("reports:detail", pk=report.pk)
