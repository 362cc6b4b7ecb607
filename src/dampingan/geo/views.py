"""The map page and the boundary upload: parse the request, call a query or a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dampingan.access.requests import SignedInRequest
from dampingan.lib import staging
from dampingan.lib.staging import StagedFile, Staging

from . import map_indicators, queries, services
from .access import IMPORT_BOUNDARIES
from .forms import BoundaryConfirmForm, BoundaryUploadForm, MapChoiceForm
from .importers import BoundaryFileError, BoundaryPlan, plan_import
from .maps import kelurahan_map, preview_svg
from .suppression import SMALL_CELL_MINIMUM, detail_codes, small_cells


@login_required
def map_page(request: SignedInRequest) -> HttpResponse:
    form = MapChoiceForm(request.GET or None, initial={"classes": 5})
    key, method, classes = form.choice()
    indicator = map_indicators.indicator(key)
    data = indicator.compute()
    hidden = small_cells(data.denominators, exempt=detail_codes(request.scope, data.denominators))
    note = _("Source: %(source)s.") % {"source": data.source} if data.source else ""
    the_map = kelurahan_map(
        data.values,
        title=str(indicator.label),
        unit=indicator.unit,
        classes=classes,
        method=method,
        suppressed=hidden,
        palette=indicator.palette,
        decimals=indicator.decimals,
        note=note,
    )
    scope = request.scope
    context = {
        "active_nav": "map",
        "form": form,
        "indicator": indicator,
        "data": data,
        "map": the_map,
        "minimum": SMALL_CELL_MINIMUM,
        "can_import": scope.can(IMPORT_BOUNDARIES),
        "status": queries.boundary_status() if scope.can(IMPORT_BOUNDARIES) else None,
    }
    return render(request, "geo/map_page.html", context)


def _staging(request: HttpRequest) -> Staging:
    return Staging(request.session, "boundaries")


def _staged_plan(staged: StagedFile) -> BoundaryPlan | None:
    try:
        return plan_import(staged.content, staged.name, staged.context["format"], staged.context["code_property"])
    except BoundaryFileError:
        return None


@login_required
def boundaries_page(request: SignedInRequest) -> HttpResponse:
    """Upload → preview (what matches, what does not, the shapes) → confirm. Nothing is saved before confirm."""
    request.scope.require(IMPORT_BOUNDARIES)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "cancel":
        _staging(request).forget()
        return redirect("geo:boundaries")
    if action == "confirm":
        return _confirm(request)
    if request.method == "POST":
        return _check(request)
    return _boundaries_page(request, form=BoundaryUploadForm())


def _check(request: SignedInRequest) -> HttpResponse:
    _staging(request).forget()  # a new check replaces whatever was staged before
    form = BoundaryUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _boundaries_page(request, form=form)
    upload = form.cleaned_data["file"]
    content = upload.read()
    code_property = form.cleaned_data["code_property"]
    try:
        plan = plan_import(content, upload.name, form.cleaned_data["file_format"], code_property)
    except BoundaryFileError as exc:
        form.add_error("file", str(exc))
        return _boundaries_page(request, form=form)
    token = ""
    if plan.can_import:
        token = _staging(request).stage(content, upload.name, format=plan.file_format, code_property=code_property)
    return _boundaries_page(request, form=form, plan=plan, confirm=BoundaryConfirmForm(initial={"token": token}))


def _confirm(request: SignedInRequest) -> HttpResponse:
    confirm = BoundaryConfirmForm(request.POST)
    staged = _staging(request).load(confirm.data.get("token", ""))
    plan = _staged_plan(staged) if staged else None
    if staged is None or plan is None:
        messages.error(request, staging.GONE)
        return redirect("geo:boundaries")
    confirm.is_valid()
    try:
        source = services.import_boundaries(
            request.user, plan, staged.content, skip_unmatched=confirm.cleaned_data.get("skip_unmatched", False)
        )
    except services.BoundaryImportError as exc:
        return _boundaries_page(request, form=BoundaryUploadForm(), plan=plan, confirm=confirm, refused=exc.messages)
    _staging(request).forget(staged.token)
    messages.success(
        request,
        _("%(file)s imported: %(count)s boundaries saved, %(replaced)s of them replacing earlier ones.")
        % {"file": source.file_name, "count": source.imported_count, "replaced": source.replaced_count},
    )
    return redirect("geo:boundaries")


def _boundaries_page(
    request: SignedInRequest,
    *,
    form: BoundaryUploadForm,
    plan: BoundaryPlan | None = None,
    confirm: BoundaryConfirmForm | None = None,
    refused: list[str] | None = None,
) -> HttpResponse:
    context = {
        "active_nav": "map",
        "form": form,
        "confirm": confirm or BoundaryConfirmForm(),
        "plan": plan,
        "refused": refused or [],
        "preview": preview_svg([(m.region, m.shape) for m in plan.matched], title=plan.file_name)
        if plan and plan.can_import
        else "",
        "status": queries.boundary_status(),
        "files": queries.recent_files(),
        "upstream_file": queries.upstream_file(),
    }
    return render(request, "geo/boundaries.html", context)
