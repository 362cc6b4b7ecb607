"""Pages of an intervention's beneficiaries: the list (status, desil, flags, receipts), adding households
from the registry's filtered list, importing a spreadsheet (preview, then confirm), and one beneficiary's
status history and receipts. Views parse input, call ``beneficiaries`` or the queries, render.

Every page shows personal data, so it needs ``VIEW_PERSONAL_DATA`` (403; a viewer sees the counts on the
intervention's pages instead); what they show goes through ``interventions.personal`` (and
``registry.personal`` for households), which masks NIK and No KK without ``VIEW_IDENTIFIERS`` and logs each
list, preview and download.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dampingan.access.personal import Purpose
from dampingan.access.requests import SignedInRequest
from dampingan.access.roles import Capability
from dampingan.lib import staging
from dampingan.lib.service_input import service_input
from dampingan.lib.spreadsheets import write_xlsx
from dampingan.lib.staging import Staging
from dampingan.registry import deprivations
from dampingan.registry import personal as registry_personal
from dampingan.registry import queries as registry_queries

from . import beneficiaries, beneficiary_queries, personal, queries
from .beneficiary_forms import BeneficiaryFilterForm, ImportForm, ReceiptForm, StartForm, StatusChangeForm
from .beneficiary_import import FLAG_LABELS, MatchReport, report_xlsx
from .models import Beneficiary, BeneficiaryStatus, Intervention
from .views import add_service_errors

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _intervention(request: SignedInRequest, pk: int) -> Intervention:
    """The intervention (404 outside the scope), for a user who may see people (403 otherwise)."""
    intervention = queries.visible_intervention(request.scope, pk)
    request.scope.require(Capability.VIEW_PERSONAL_DATA)
    return intervention


def _status_choices(current: str | None = None) -> list[tuple[str, str]]:
    allowed = beneficiaries.NEXT_STATUSES[current] if current else set().union(*beneficiaries.NEXT_STATUSES.values())
    return [(s.value, str(s.label)) for s in BeneficiaryStatus if s.value in allowed]


def _page_context(request: SignedInRequest, intervention: Intervention, **extra: Any) -> dict[str, Any]:
    return {
        "active_nav": "interventions",
        "intervention": intervention,
        "perms": queries.permissions(request.scope, intervention),
        "whole_city": request.scope.city_wide,
        **extra,
    }


# --- the list -----------------------------------------------------------------------------------------


@login_required
def beneficiary_list(request: SignedInRequest, pk: int) -> HttpResponse:
    intervention = _intervention(request, pk)
    if request.method == "POST":
        return _bulk_status(request, intervention)
    found = beneficiary_queries.beneficiaries_of(request.scope, intervention)
    status, flag = request.GET.get("status", ""), request.GET.get("flag", "")
    if status in BeneficiaryStatus.values:
        found = found.filter(status=status)
    if flag in FLAG_LABELS:
        # JSON containment differs between SQLite and PostgreSQL; the flags are few words, text matching suffices.
        found = found.filter(flags__icontains=f'"{flag}"')
    if request.GET.get("export") == "xlsx":
        return _export(request, intervention, list(found))
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page)
    personal.beneficiaries(request.user, intervention, rows, detail="beneficiary list")
    totals = beneficiary_queries.receipt_totals(rows)
    for row in rows:
        row.received = totals.get(row.pk)
        row.flag_labels = [str(FLAG_LABELS.get(f, f)) for f in row.flags]
    query = request.GET.copy()
    query.pop("page", None)
    perms = queries.permissions(request.scope, intervention)
    flags = beneficiary_queries.flag_counts(intervention)
    return render(
        request,
        "interventions/beneficiary_list.html",
        _page_context(
            request,
            intervention,
            page=page,
            rows=rows,
            query=query.urlencode(),
            status_counts=beneficiary_queries.status_counts(intervention),
            flag_counts=[(key, str(label), flags[key]) for key, label in FLAG_LABELS.items() if flags[key]],
            statuses=BeneficiaryStatus.choices,
            status_filter=status,
            flag_filter=flag,
            status_form=StatusChangeForm(choices=_status_choices()) if perms.can_manage else None,
        ),
    )


def _bulk_status(request: SignedInRequest, intervention: Intervention) -> HttpResponse:
    """Move the ticked beneficiaries to one status (activating the 20 added from the list at once)."""
    beneficiaries.require_manage(request.user, intervention)
    form = StatusChangeForm(request.POST, choices=_status_choices())
    ids = [int(v) for v in request.POST.getlist("beneficiary") if v.isdigit()]
    chosen = list(beneficiary_queries.beneficiaries_of(request.scope, intervention).filter(pk__in=ids))
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        data = form.cleaned_data
        try:
            changed = beneficiaries.change_status(request.user, chosen, data["status"], data["on"], data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(n)s beneficiaries are now “%(status)s”.")
                % {"n": len(changed), "status": BeneficiaryStatus(data["status"]).label},
            )
    return redirect(f"{request.path}?{request.GET.urlencode()}" if request.GET else request.path)


def _export(request: SignedInRequest, intervention: Intervention, rows: list[Beneficiary]) -> HttpResponse:
    personal.beneficiaries(request.user, intervention, rows, detail="beneficiary list .xlsx", purpose=Purpose.EXPORT)
    totals = beneficiary_queries.receipt_totals(rows)
    frame = pl.DataFrame(
        [
            {
                _("Name"): b.name,
                _("NIK"): b.nik or "",
                _("No KK"): b.no_kk or "",
                _("Kelurahan"): b.kelurahan.name,
                _("Desil when added"): b.desil,
                _("Status"): b.get_status_display(),
                _("Flags"): ", ".join(str(FLAG_LABELS.get(f, f)) for f in b.flags),
                _("Receipts"): b.receipt_count,  # type: ignore[attr-defined]  # annotated by beneficiaries_of
                _("Received (Rp)"): str(totals.get(b.pk, "")),
                _("Added from"): b.get_source_display(),
            }
            for b in rows
        ]
    )
    response = HttpResponse(write_xlsx({_("Beneficiaries"): frame}), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="penerima-intervensi-{intervention.pk}.xlsx"'
    return response


# --- adding from the household list -------------------------------------------------------------------


@login_required
def beneficiary_add(request: SignedInRequest, pk: int) -> HttpResponse:
    """The registry's household list (same filters as /data-terpadu/daftar/), held to the intervention's
    kelurahan, with a checkbox per household and "add all N matching"."""
    intervention = _intervention(request, pk)
    beneficiaries.require_manage(request.user, intervention)
    form = BeneficiaryFilterForm(request.scope, intervention, request.GET)
    valid = form.is_valid()
    spec = form.spec() if valid else None
    context = _page_context(
        request, intervention, form=form, spec=spec, deprivations=deprivations.DEPRIVATIONS, start_form=StartForm()
    )
    if spec is None:
        return render(request, "interventions/beneficiary_add.html", context, status=200 if valid else 400)
    households = registry_queries.filtered_households(request.scope, spec)
    if not intervention.city_wide:
        households = households.filter(kelurahan_id__in=intervention.kelurahan.values("code"))
    linked = Beneficiary.objects.filter(intervention=intervention, household_id=OuterRef("pk"))
    households = households.annotate(linked=Exists(linked))
    addable = households.filter(linked=False)
    if request.method == "POST":
        start = StartForm(request.POST)
        context["start_form"] = start
        if start.is_valid():
            if request.POST.get("all") == "1":
                ids = list(addable.values_list("pk", flat=True))
            else:
                ids = [int(v) for v in request.POST.getlist("household") if v.isdigit()]
            try:
                added = beneficiaries.add_households(request.user, intervention, ids, **start.start())
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("%(n)s households added as beneficiaries.") % {"n": len(added)})
                return redirect("interventions:beneficiary_list", pk=pk)
    listed = registry_queries.with_deprivation_flags(households, spec.on).select_related("kelurahan")
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    detail = f"households to add: {spec.describe()}"
    registry_personal.households(request.user, intervention, list(page), detail=detail)
    for household in page:
        setattr(household, "flags", registry_queries.deprivations_of(household))  # noqa: B010 (for the template)
    query = request.GET.copy()
    query.pop("page", None)
    context.update({"page": page, "query": query.urlencode(), "addable_count": addable.count()})
    status = 422 if request.method == "POST" else 200
    return render(request, "interventions/beneficiary_add.html", context, status=status)


# --- importing a spreadsheet --------------------------------------------------------------------------


def _staging(request: SignedInRequest, intervention: Intervention) -> Staging:
    return Staging(request.session, "beneficiaries", slot=intervention.pk)


def _gone(request: SignedInRequest, intervention: Intervention) -> HttpResponse:
    messages.error(request, staging.GONE)
    return redirect("interventions:beneficiary_import", pk=intervention.pk)


def _preview(
    request: SignedInRequest, intervention: Intervention, report: MatchReport, token: str, *, status: int = 200
) -> HttpResponse:
    detail = f"beneficiary import preview {report.file_name}"
    report = personal.match_report(request.user, intervention, report, detail=detail)
    return render(
        request,
        "interventions/beneficiary_import.html",
        _page_context(request, intervention, form=None, report=report, token=token),
        status=status,
    )


@login_required
def beneficiary_import(request: SignedInRequest, pk: int) -> HttpResponse:
    """Upload → match report (preview) → confirm (all or nothing); ``?laporan=<token>`` downloads the report."""
    intervention = _intervention(request, pk)
    beneficiaries.require_manage(request.user, intervention)
    token = request.GET.get("laporan", "")
    if token:
        return _download_report(request, intervention, token)
    if request.method == "POST" and request.POST.get("action") == "confirm":
        return _confirm(request, intervention, request.POST.get("token", ""))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            report = beneficiaries.match_file(request.user, intervention, content, upload.name)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            start = form.start()
            token = _staging(request, intervention).stage(
                content, upload.name, start={**start, "on": start["on"].isoformat()}
            )
            return _preview(request, intervention, report, token, status=200 if report.ok else 422)
    return render(
        request,
        "interventions/beneficiary_import.html",
        _page_context(request, intervention, form=form, report=None),
        status=422 if form.is_bound and form.errors else 200,
    )


def _confirm(request: SignedInRequest, intervention: Intervention, token: str) -> HttpResponse:
    staged = _staging(request, intervention).load(token)
    if staged is None:
        return _gone(request, intervention)
    expected = request.POST.get("expected", "")
    start = {**staged.context["start"], "on": dt.date.fromisoformat(staged.context["start"]["on"])}
    try:
        _report, added = beneficiaries.match_and_import(
            request.user,
            intervention,
            staged.content,
            staged.name,
            expected=int(expected) if expected.isdigit() else None,
            **start,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        report = beneficiaries.match_file(request.user, intervention, staged.content, staged.name)
        return _preview(request, intervention, report, token, status=422)
    _staging(request, intervention).forget(token)
    flagged = sum(1 for b in added if b.flags)
    messages.success(
        request,
        _("%(n)s beneficiaries imported from %(file)s, %(flagged)s of them flagged.")
        % {"n": len(added), "file": staged.name, "flagged": flagged},
    )
    return redirect("interventions:beneficiary_list", pk=intervention.pk)


def _download_report(request: SignedInRequest, intervention: Intervention, token: str) -> HttpResponse:
    staged = _staging(request, intervention).load(token)
    if staged is None:
        return _gone(request, intervention)
    report = beneficiaries.match_file(request.user, intervention, staged.content, staged.name)
    shown = personal.match_report(
        request.user, intervention, report, detail=f"beneficiary match report {staged.name}", purpose=Purpose.EXPORT
    )
    response = HttpResponse(report_xlsx(shown), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="laporan-pencocokan-intervensi-{intervention.pk}.xlsx"'
    return response


# --- one beneficiary ----------------------------------------------------------------------------------


@login_required
def beneficiary_detail(request: SignedInRequest, pk: int, beneficiary_pk: int) -> HttpResponse:
    intervention = _intervention(request, pk)
    beneficiary = beneficiary_queries.visible_beneficiary(request.scope, intervention, beneficiary_pk)
    perms = queries.permissions(request.scope, intervention)
    choices = _status_choices(beneficiary.status)
    status_form = StatusChangeForm(choices=choices) if perms.can_manage and choices else None
    receipt_form = ReceiptForm() if perms.can_manage else None
    status = 200
    if request.method == "POST":
        beneficiaries.require_manage(request.user, intervention)
        action = request.POST.get("action")
        try:
            if action == "status":
                status_form = StatusChangeForm(request.POST, choices=choices)
                if status_form.is_valid():
                    data = status_form.cleaned_data
                    beneficiaries.change_status(request.user, [beneficiary], data["status"], data["on"], data["reason"])
                    messages.success(
                        request,
                        _("Status changed to “%(status)s”.") % {"status": BeneficiaryStatus(data["status"]).label},
                    )
                    return redirect("interventions:beneficiary_detail", pk=pk, beneficiary_pk=beneficiary.pk)
            elif action == "receipt":
                receipt_form = ReceiptForm(request.POST)
                if receipt_form.is_valid():
                    receipt = service_input(beneficiaries.ReceiptFields, receipt_form.cleaned_data)
                    beneficiaries.record_receipt(request.user, beneficiary, receipt)
                    messages.success(request, _("Receipt recorded."))
                    return redirect("interventions:beneficiary_detail", pk=pk, beneficiary_pk=beneficiary.pk)
        except ValidationError as exc:
            form = status_form if action == "status" else receipt_form
            if form is not None:
                add_service_errors(form, exc)
        status = 422
    personal.beneficiaries(request.user, beneficiary, [beneficiary], detail="beneficiary page")
    changes, receipts = beneficiary_queries.history(beneficiary)
    return render(
        request,
        "interventions/beneficiary_detail.html",
        _page_context(
            request,
            intervention,
            beneficiary=beneficiary,
            flag_labels=[str(FLAG_LABELS.get(f, f)) for f in beneficiary.flags],
            changes=changes,
            receipts=receipts,
            received=sum((r.amount for r in receipts if r.amount is not None), start=0),
            status_form=status_form,
            receipt_form=receipt_form,
        ),
        status=status,
    )
