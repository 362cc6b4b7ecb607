"""Pages of interventions: the list with its filters and budget totals, the detail, the plan form, the
budget lines and the progress reports. Views parse input, call services or queries, render."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dampingan.access.requests import SignedInRequest

from . import attachments, queries, services
from .forms import (
    BudgetLineForm,
    InterventionFilterForm,
    InterventionForm,
    ProgressForm,
    StatusForm,
    target_formset,
    target_rows,
)
from .models import Intervention, InterventionStatus, ProgressReport

LIST_LIMIT = 200


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the field it names when the form has it, above the form otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _status(form: forms.BaseForm | None) -> int:
    return 422 if form is not None and form.is_bound and form.errors else 200


@login_required
def intervention_list(request: SignedInRequest) -> HttpResponse:
    filters = queries.InterventionFilters.from_query(request.GET)
    found = queries.interventions(request.scope, filters)
    rows = list(found[:LIST_LIMIT])
    return render(
        request,
        "interventions/intervention_list.html",
        {
            "active_nav": "interventions",
            "filter_form": InterventionFilterForm(request.GET or None, scope=request.scope),
            "filters": filters,
            "interventions": rows,
            "count": found.count() if len(rows) == LIST_LIMIT else len(rows),
            "limit": LIST_LIMIT,
            "budget": queries.totals_by_source(found),
            "perms": queries.permissions(request.scope),
        },
    )


def _plan_page(
    request: SignedInRequest, form: InterventionForm, targets: forms.BaseFormSet, intervention: Intervention | None
) -> HttpResponse:
    return render(
        request,
        "interventions/intervention_form.html",
        {"active_nav": "interventions", "form": form, "targets": targets, "intervention": intervention},
        status=422 if form.is_bound and (form.errors or targets.errors or targets.non_form_errors()) else 200,
    )


@login_required
def intervention_create(request: SignedInRequest) -> HttpResponse:
    if not queries.permissions(request.scope).can_create:
        raise PermissionDenied("record_mentoring")
    initial = {}
    code = request.GET.get("kelurahan", "")
    if code and queries.manageable_kelurahan(request.scope).filter(code=code).exists():
        initial["kelurahan"] = [code]  # "plan an intervention" from a kelurahan's profile
    form = InterventionForm(request.POST or None, scope=request.scope, initial=initial)
    targets = target_formset(request.POST or None)
    if request.method == "POST" and form.is_valid() and targets.is_valid():
        try:
            intervention = services.create_intervention(
                request.user, {**form.plan_data(), "targets": target_rows(targets)}
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Intervention “%(title)s” planned.") % {"title": intervention.title})
            return redirect("interventions:intervention_detail", pk=intervention.pk)
    return _plan_page(request, form, targets, None)


@login_required
def intervention_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    intervention = queries.visible_intervention(request.scope, pk)
    services.require_manage(request.user, intervention)
    form = InterventionForm(request.POST or None, scope=request.scope, instance=intervention)
    targets = target_formset(request.POST or None, instance=intervention)
    if request.method == "POST" and form.is_valid() and targets.is_valid():
        data = form.plan_data()
        if "city_wide" not in form.fields:
            data.pop("city_wide")
        try:
            services.update_intervention(request.user, intervention, {**data, "targets": target_rows(targets)})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Intervention “%(title)s” saved.") % {"title": data["title"]})
            return redirect("interventions:intervention_detail", pk=pk)
    return _plan_page(request, form, targets, intervention)


@login_required
def intervention_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    intervention = queries.visible_intervention(request.scope, pk)
    perms = queries.permissions(request.scope, intervention)
    # Django keeps choices as a list of pairs; the stubs also allow what may be given (a callable).
    status_choices = cast(forms.ChoiceField, StatusForm.base_fields["status"]).choices
    next_statuses = [
        (value, label)
        for value, label in cast("list[tuple[str, Any]]", status_choices)
        if value in services.NEXT_STATUSES[intervention.status]
    ]
    reports = queries.progress_reports(intervention)
    return render(
        request,
        "interventions/intervention_detail.html",
        {
            "active_nav": "interventions",
            "intervention": intervention,
            "kelurahan": list(intervention.kelurahan.select_related("parent").order_by("code")),
            "problems": list(intervention.problems.select_related("kelurahan").order_by("kelurahan_id", "priority")),
            "potentials": list(intervention.potentials.select_related("kelurahan").order_by("kelurahan_id", "name")),
            "partners": list(intervention.partners.order_by("name")),
            "targets": queries.target_progress(intervention),
            "budget": queries.totals_by_source(Intervention.objects.filter(pk=pk)),
            "latest_report": reports[0] if reports else None,
            "report_count": len(reports),
            "pledges": list(intervention.pledges.select_related("partner").order_by("-pledged_on")),
            "perms": perms,
            "next_statuses": next_statuses if perms.can_manage else [],
        },
    )


@require_POST
@login_required
def intervention_status(request: SignedInRequest, pk: int) -> HttpResponse:
    intervention = queries.visible_intervention(request.scope, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect("interventions:intervention_detail", pk=pk)
    try:
        changed = services.change_status(request.user, intervention, form.cleaned_data["status"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Status changed to “%(status)s”.") % {"status": changed.get_status_display()})
    return redirect("interventions:intervention_detail", pk=pk)


def _budget_page(
    request: SignedInRequest, intervention: Intervention, form: BudgetLineForm | None, editing: Any = None
) -> HttpResponse:
    return render(
        request,
        "interventions/intervention_budget.html",
        {
            "active_nav": "interventions",
            "intervention": intervention,
            "lines": queries.budget_lines(intervention),
            "budget": queries.totals_by_source(Intervention.objects.filter(pk=intervention.pk)),
            "form": form,
            "editing": editing,
            "perms": queries.permissions(request.scope, intervention),
        },
        status=_status(form),
    )


@login_required
def intervention_budget(request: SignedInRequest, pk: int) -> HttpResponse:
    """The budget lines; the managers add a line here (source, partner, year, planned, realised)."""
    intervention = queries.visible_intervention(request.scope, pk)
    perms = queries.permissions(request.scope, intervention)
    form = None
    if request.method == "POST":
        services.require_manage(request.user, intervention)
        form = BudgetLineForm(request.POST, intervention=intervention)
        if form.is_valid():
            try:
                line = services.add_budget_line(request.user, intervention, form.line_data())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Budget line “%(line)s” added.") % {"line": line})
                return redirect("interventions:intervention_budget", pk=pk)
    elif perms.can_manage:
        form = BudgetLineForm(intervention=intervention, initial=_budget_initial(request))
    return _budget_page(request, intervention, form)


def _budget_initial(request: SignedInRequest) -> dict[str, Any]:
    """A link from a partner's page ("record a contribution") arrives with the partner and its source."""
    initial: dict[str, Any] = {}
    partner = request.GET.get("mitra", "")
    if partner.isdigit():
        initial["partner"] = int(partner)
    if request.GET.get("sumber"):
        initial["source"] = request.GET["sumber"]
    return initial


@login_required
def budget_line_edit(request: SignedInRequest, pk: int, line_pk: int) -> HttpResponse:
    intervention = queries.visible_intervention(request.scope, pk)
    line = get_object_or_404(intervention.budget_lines.select_related("partner"), pk=line_pk)
    services.require_manage(request.user, intervention)
    if request.method == "POST" and request.POST.get("action") == "delete":
        services.remove_budget_line(request.user, line)
        messages.success(request, _("Budget line “%(line)s” removed.") % {"line": line})
        return redirect("interventions:intervention_budget", pk=pk)
    form = BudgetLineForm(request.POST or None, instance=line, intervention=intervention)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_budget_line(request.user, line, form.line_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Budget line “%(line)s” saved.") % {"line": line})
            return redirect("interventions:intervention_budget", pk=pk)
    line.refresh_from_db()  # the form wrote into the instance; the table shows what is stored
    return _budget_page(request, intervention, form, editing=line)


@login_required
def intervention_progress(request: SignedInRequest, pk: int) -> HttpResponse:
    """Progress reports, newest first, with the form to add one for the managers."""
    intervention = queries.visible_intervention(request.scope, pk)
    perms = queries.permissions(request.scope, intervention)
    form = None
    if request.method == "POST":
        services.require_manage(request.user, intervention)
        form = ProgressForm(request.POST, request.FILES, intervention=intervention)
        if form.is_valid():
            try:
                report = services.report_progress(
                    request.user,
                    intervention,
                    form.report_data(),
                    form.outputs(),
                    form.cleaned_data.get("attachment"),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Progress of %(date)s recorded.") % {"date": report.date.strftime("%d-%m-%Y")}
                )
                return redirect("interventions:intervention_progress", pk=pk)
    elif perms.can_manage and intervention.status != InterventionStatus.CANCELLED:
        form = ProgressForm(intervention=intervention)
    return render(
        request,
        "interventions/intervention_progress.html",
        {
            "active_nav": "interventions",
            "intervention": intervention,
            "reports": queries.progress_reports(intervention),
            "targets": queries.target_progress(intervention),
            "form": form,
            "perms": perms,
        },
        status=_status(form),
    )


@login_required
def progress_attachment(request: SignedInRequest, pk: int, report_pk: int) -> FileResponse:
    """A report's attachment, to users who may read the intervention; files have no public URL."""
    intervention = queries.visible_intervention(request.scope, pk)
    report = get_object_or_404(ProgressReport.objects.filter(intervention=intervention), pk=report_pk)
    name = report.attachment.name
    kind = attachments.kind_of_stored(name) if name else None
    if not name or kind is None or not default_storage.exists(name):
        raise Http404("no attachment")
    response = FileResponse(default_storage.open(name, "rb"), content_type=kind.content_type)
    response["Content-Disposition"] = f'inline; filename="intervensi-{pk}-kemajuan-{report.pk}.{kind.extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
