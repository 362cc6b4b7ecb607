"""Pages of the macro indicators: overview, one series with its chart, entry, import. Views parse, call, render."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from dampingan.access.requests import SignedInRequest
from dampingan.lib import staging
from dampingan.lib.staging import Staging

from . import access, charts, exports, imports, queries, services
from .forms import ConfirmForm, FigureForm, ImportForm
from .models import Kind

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADLINE = "P0"


def _series_url(code: str, region_code: str) -> str:
    return f"{reverse('indicators:series', args=[code])}?{urlencode({'wilayah': region_code})}"


@login_required
def index(request: SignedInRequest) -> HttpResponse:
    """Every indicator's latest value in a region against its target; the headline series charted."""
    access.require_read(request.scope)
    region = queries.region_or_404(request.GET.get("wilayah"))
    rows = queries.overview(region)
    headline = next((r.indicator for r in rows if r.indicator.code == HEADLINE), None)
    chart = None
    if headline is not None:
        points = queries.series(headline, region)
        if points:
            chart = charts.series_chart(
                headline,
                region.name,
                points,
                dom_id="headline-chart",
                csv_url=reverse("indicators:series_csv", args=[headline.code]) + f"?wilayah={region.code}",
            )
    return render(
        request,
        "indicators/index.html",
        {
            "active_nav": "indicators",
            "region": region,
            "rows": rows,
            "chart": chart,
            "headline": headline,
            "region_choices": queries.region_choices(),
            "can_manage": access.may_manage(request.scope),
            "pending": queries.pending_figures() if access.may_manage(request.scope) else [],
        },
    )


@login_required
@require_POST
def approve(request: SignedInRequest) -> HttpResponse:
    """The checker approves the figures ticked in the overview's list of figures awaiting approval."""
    access.require_manage(request.scope)
    chosen = set(request.POST.getlist("figure"))
    figures = [p.figure for p in queries.pending_figures() if f"{p.kind}-{p.figure.pk}" in chosen]
    if not figures:
        messages.error(request, _("Tick the figures to approve."))
    else:
        try:
            count = services.approve_figures(request.user, figures)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)s figure approved: the public page shows it.",
                    "%(n)s figures approved: the public page shows them.",
                    count,
                )
                % {"n": count},
            )
    return redirect(f"{reverse('indicators:index')}#pending-figures")


@login_required
def series(request: SignedInRequest, code: str) -> HttpResponse:
    access.require_read(request.scope)
    indicator = queries.indicator_or_404(code)
    region = queries.region_or_404(request.GET.get("wilayah"))
    chosen = request.GET.get("indikator", "")
    if chosen and chosen != indicator.code:
        # The selector form names another indicator: its page lives at its own URL.
        return redirect(_series_url(queries.indicator_or_404(chosen).code, region.code))
    points = queries.series(indicator, region)
    chart = None
    if points:
        chart = charts.series_chart(
            indicator,
            region.name,
            points,
            dom_id="series-chart",
            csv_url=reverse("indicators:series_csv", args=[indicator.code]) + f"?wilayah={region.code}",
        )
    return render(
        request,
        "indicators/series.html",
        {
            "active_nav": "indicators",
            "indicator": indicator,
            "region": region,
            "points": points,
            "chart": chart,
            "catalogue": queries.catalogue(),
            "region_choices": queries.region_choices(),
            "with_figures": queries.regions_with_figures(indicator),
            "can_manage": access.may_manage(request.scope),
        },
    )


@login_required
def series_csv(request: SignedInRequest, code: str) -> HttpResponse:
    access.require_read(request.scope)
    indicator = queries.indicator_or_404(code)
    region = queries.region_or_404(request.GET.get("wilayah"))
    response = HttpResponse(
        exports.series_csv(indicator, region, queries.series(indicator, region)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{exports.series_filename(indicator, region)}"'
    return response


def _add_errors(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def entry(request: SignedInRequest) -> HttpResponse:
    """Enter one value or target; an existing figure is replaced only after the user confirms with it in view."""
    access.require_manage(request.scope)
    initial = {
        "indicator": request.GET.get("indikator", HEADLINE),
        "region": request.GET.get("wilayah", queries.region_or_404(None).code),
        **({"year": request.GET["tahun"]} if request.GET.get("tahun", "").isdigit() else {}),
        **({"kind": request.GET["jenis"]} if request.GET.get("jenis") in Kind.values else {}),
    }
    form = FigureForm(request.POST or None, initial=initial)
    existing = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        region = queries.region_or_404(data["region"])
        try:
            figure = services.save_figure(
                request.user,
                services.FigureInput(
                    kind=data["kind"],
                    indicator=data["indicator"],
                    region=region,
                    year=data["year"],
                    value=data["value"],
                    source=data["source"],
                    note=data["note"],
                ),
                replace=data["replace"],
            )
        except services.FigureExists as exc:
            # The page shows the existing figure and offers to replace it; the form itself stays valid.
            existing = exc.existing
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "%(kind)s of %(indicator)s for %(region)s, %(year)s saved. The public page shows it once "
                    "another TKPK administrator approves it."
                )
                % {
                    "kind": capfirst(Kind(data["kind"]).label),
                    "indicator": figure.indicator.label,
                    "region": region.name,
                    "year": figure.year,
                },
            )
            return redirect(_series_url(figure.indicator_id, region.code))
    return render(
        request,
        "indicators/entry.html",
        {"active_nav": "indicators", "form": form, "existing": existing},
        status=422 if form.is_bound and (form.errors or existing) else 200,
    )


# --- import ---------------------------------------------------------------------------------------------


def _staging(request: HttpRequest) -> Staging:
    return Staging(request.session, "indicators")


def _import_page(
    request: HttpRequest,
    *,
    form: ImportForm | None = None,
    plan: imports.ImportPlan | None = None,
    confirm: ConfirmForm | None = None,
    confirm_errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "indicators/import.html",
        {
            "active_nav": "indicators",
            "form": form,
            "plan": plan,
            "confirm": confirm,
            "confirm_errors": confirm_errors or [],
        },
        status=status,
    )


@login_required
def import_figures(request: SignedInRequest) -> HttpResponse:
    """Upload → preview (errors by row and column; existing figures old beside new) → confirm, all or nothing."""
    access.require_manage(request.scope)
    if request.method == "POST" and request.POST.get("action") == "confirm":
        return _confirm(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        plan = imports.plan_import(content, upload.name)
        if not plan.ok:
            return _import_page(request, form=ImportForm(), plan=plan, status=422)
        token = _staging(request).stage(content, upload.name)
        confirm = ConfirmForm(initial={"token": token, "expected_conflicts": len(plan.conflicts)})
        return _import_page(request, plan=plan, confirm=confirm)
    return _import_page(request, form=form, status=422 if form.is_bound and form.errors else 200)


def _confirm(request: SignedInRequest) -> HttpResponse:
    confirm = ConfirmForm(request.POST)
    if not confirm.is_valid():
        raise Http404("no such upload")
    staged = _staging(request).load(confirm.cleaned_data["token"])
    if staged is None:
        messages.error(request, staging.GONE)
        return redirect("indicators:import")
    try:
        record = services.import_figures(
            request.user,
            staged.content,
            staged.name,
            on_conflict=confirm.cleaned_data["on_conflict"] or None,
            expected_conflicts=confirm.cleaned_data["expected_conflicts"],
        )
    except ValidationError as exc:
        plan = imports.plan_import(staged.content, staged.name)
        again = ConfirmForm(initial={"token": staged.token, "expected_conflicts": len(plan.conflicts)})
        return _import_page(request, plan=plan, confirm=again, confirm_errors=exc.messages, status=422)
    _staging(request).forget(staged.token)
    messages.success(
        request,
        _("%(file)s imported: %(created)s added, %(replaced)s replaced, %(kept)s kept, %(unchanged)s unchanged.")
        % {
            "file": record.file_name,
            "created": record.created_count,
            "replaced": record.replaced_count,
            "kept": record.kept_count,
            "unchanged": record.unchanged_count,
        },
    )
    return redirect("indicators:index")


@login_required
def import_template(request: SignedInRequest) -> HttpResponse:
    access.require_read(request.scope)
    if request.GET.get("format") == "csv":
        response = HttpResponse(imports.template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="templat-indikator.csv"'
        return response
    response = HttpResponse(imports.template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="templat-indikator.xlsx"'
    return response
