"""The map page and the boundary upload: parse the request, call a query or a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dampingan.access.requests import SignedInRequest
from dampingan.access.scope import Scope

from . import map_indicators, queries, services
from .access import IMPORT_BOUNDARIES
from .forms import BoundaryConfirmForm, BoundaryUploadForm, MapChoiceForm
from .importers import BoundaryFileError, BoundaryPlan, plan_import
from .maps import kelurahan_map, preview_svg
from .suppression import SMALL_CELL_MINIMUM, detail_codes, small_cells

SESSION_KEY = "geo-boundary-upload"


@login_required
def map_page(request: SignedInRequest) -> HttpResponse:
    form = MapChoiceForm(request.GET or None, initial={"classes": 5})
    key, method, classes = form.choice()
    indicator = map_indicators.indicator(key)
    data = indicator.compute()
    hidden = small_cells(data.denominators, exempt=detail_codes(request.user, data.denominators))
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
    scope = Scope.for_user(request.user)
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


def _stage(request: HttpRequest, plan: BoundaryPlan, content: bytes, code_property: str) -> None:
    services.store_file(content, plan.checksum, plan.file_format)
    request.session[SESSION_KEY] = {
        "name": plan.file_name,
        "checksum": plan.checksum,
        "format": plan.file_format,
        "code_property": code_property,
    }


def _staged_plan(request: HttpRequest) -> tuple[BoundaryPlan, bytes] | None:
    staged = request.session.get(SESSION_KEY)
    if not staged:
        return None
    content = services.read_stored(staged["checksum"], staged["format"])
    if content is None:
        return None
    try:
        return plan_import(content, staged["name"], staged["format"], staged["code_property"]), content
    except BoundaryFileError:
        return None


@login_required
def boundaries_page(request: SignedInRequest) -> HttpResponse:
    """Upload → preview (what matches, what does not, the shapes) → confirm. Nothing is saved before confirm."""
    Scope.for_user(request.user).require(IMPORT_BOUNDARIES)
    form = BoundaryUploadForm()
    confirm = BoundaryConfirmForm()
    plan: BoundaryPlan | None = None
    refused: list[str] = []
    action = request.POST.get("action", "")
    if request.method == "POST" and action == "cancel":
        request.session.pop(SESSION_KEY, None)
        return redirect("geo:boundaries")
    if request.method == "POST" and action == "confirm":
        staged = _staged_plan(request)
        if staged is None:
            messages.error(request, _("The uploaded file has expired; upload it again."))
            return redirect("geo:boundaries")
        plan, content = staged
        confirm = BoundaryConfirmForm(request.POST)
        confirm.is_valid()
        try:
            source = services.import_boundaries(
                request.user, plan, content, skip_unmatched=confirm.cleaned_data.get("skip_unmatched", False)
            )
        except services.BoundaryImportError as exc:
            refused = exc.messages
        else:
            request.session.pop(SESSION_KEY, None)
            messages.success(
                request,
                _("%(file)s imported: %(count)s boundaries saved, %(replaced)s of them replacing earlier ones.")
                % {"file": source.file_name, "count": source.imported_count, "replaced": source.replaced_count},
            )
            return redirect("geo:boundaries")
    elif request.method == "POST":
        request.session.pop(SESSION_KEY, None)  # a new check replaces whatever was staged before
        form = BoundaryUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            code_property = form.cleaned_data["code_property"]
            try:
                plan = plan_import(content, upload.name, form.cleaned_data["file_format"], code_property)
            except BoundaryFileError as exc:
                form.add_error("file", str(exc))
            else:
                if plan.can_import:
                    _stage(request, plan, content, code_property)
    context = {
        "active_nav": "map",
        "form": form,
        "confirm": confirm,
        "plan": plan,
        "refused": refused,
        "preview": preview_svg([(m.region, m.shape) for m in plan.matched], title=plan.file_name)
        if plan and plan.can_import
        else "",
        "status": queries.boundary_status(),
        "files": queries.recent_files(),
        "upstream_file": queries.upstream_file(),
    }
    return render(request, "geo/boundaries.html", context)
