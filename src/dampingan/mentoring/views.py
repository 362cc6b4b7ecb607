from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dampingan.access.requests import SignedInRequest
from dampingan.access.roles import Capability
from dampingan.lib import staging
from dampingan.lib.service_input import service_input
from dampingan.lib.spreadsheets import TableError
from dampingan.lib.staging import Staging

from . import opd_import, services
from .forms import OpdForm, OpdImportForm
from .models import Assignment, Opd
from .queries import visible_opds
from .services import OpdFields

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def opd_list(request: SignedInRequest) -> HttpResponse:
    opds = visible_opds(request.scope).order_by("-is_active", "abbreviation")
    in_force = {a.opd_id: a for a in Assignment.objects.in_force().select_related("kelurahan")}
    rows = [(opd, in_force.get(opd.pk)) for opd in opds]
    scope = request.scope
    return render(
        request,
        "mentoring/opd_list.html",
        {"active_nav": "opds", "rows": rows, "can_manage": scope.can(Capability.MANAGE_OPDS)},
    )


@login_required
def opd_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    opd = get_object_or_404(visible_opds(request.scope), pk=pk)
    assignments = opd.assignments.select_related("kelurahan", "decree").order_by("-decree__valid_from")
    can_edit = Opd.objects.editable_by(request.scope).filter(pk=pk).exists()
    return render(
        request,
        "mentoring/opd_detail.html",
        {"active_nav": "opds", "opd": opd, "assignments": assignments, "can_edit": can_edit},
    )


@login_required
def opd_create(request: SignedInRequest) -> HttpResponse:
    request.scope.require(Capability.MANAGE_OPDS)
    form = OpdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        opd = services.create_opd(request.user, service_input(OpdFields, form.cleaned_data))
        messages.success(request, _("OPD %(name)s added.") % {"name": opd.abbreviation})
        return redirect("mentoring:opd_detail", pk=opd.pk)
    return render(request, "mentoring/opd_form.html", {"active_nav": "opds", "form": form, "opd": None})


@login_required
def opd_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    opd = get_object_or_404(visible_opds(request.scope), pk=pk)
    if not Opd.objects.editable_by(request.scope).filter(pk=pk).exists():
        raise PermissionDenied("opd")
    own_only = not request.scope.can(Capability.MANAGE_OPDS)
    form = OpdForm(request.POST or None, instance=opd, own_opd_only=own_only)
    if request.method == "POST" and form.is_valid():
        services.update_opd(
            request.user, opd, service_input(OpdFields, {n: form.cleaned_data[n] for n in form.fields}, partial=True)
        )
        messages.success(request, _("OPD %(name)s saved.") % {"name": opd.abbreviation})
        return redirect("mentoring:opd_detail", pk=opd.pk)
    return render(request, "mentoring/opd_form.html", {"active_nav": "opds", "form": form, "opd": opd})


def _staging(request: HttpRequest) -> Staging:
    return Staging(request.session, "opds")


@login_required
def opd_import_view(request: SignedInRequest) -> HttpResponse:
    """Upload → preview with every error by row and column → confirm. Nothing is written before confirm."""
    request.scope.require(Capability.MANAGE_OPDS)
    if request.method == "POST" and request.POST.get("action") == "confirm":
        return _confirm_opd_import(request)
    preview = None
    token = ""
    form = OpdImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            preview = opd_import.preview_opd_import(content, upload.name)
        except TableError as exc:
            form.add_error("file", str(exc))
        else:
            if preview.ok:
                token = _staging(request).stage(content, upload.name)
    return render(
        request,
        "mentoring/opd_import.html",
        {"active_nav": "opds", "form": form, "preview": preview, "token": token},
    )


def _confirm_opd_import(request: SignedInRequest) -> HttpResponse:
    staged = _staging(request).load(request.POST.get("token", ""))
    if staged is None:
        messages.error(request, staging.GONE)
        return redirect("mentoring:opd_import")
    result = opd_import.import_opds(request.user, staged.content, staged.name)
    # Refused at confirmation (the OPDs changed since the preview): the errors show, the file must be checked again.
    _staging(request).forget(staged.token)
    if not result.ok:
        return render(
            request, "mentoring/opd_import.html", {"active_nav": "opds", "form": OpdImportForm(), "preview": result}
        )
    messages.success(
        request,
        _("%(file)s imported: %(created)s OPDs added, %(updated)s updated, %(same)s unchanged.")
        % {"file": staged.name, "created": result.to_create, "updated": result.to_update, "same": result.unchanged},
    )
    return redirect("mentoring:opd_list")


@login_required
def opd_template(request: SignedInRequest) -> HttpResponse:
    response = HttpResponse(opd_import.opd_template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="templat-opd.xlsx"'
    return response


@login_required
def opd_export(request: SignedInRequest) -> HttpResponse:
    opds = list(visible_opds(request.scope).order_by("abbreviation"))
    response = HttpResponse(opd_import.opds_xlsx(opds), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="daftar-opd.xlsx"'
    return response


@require_POST
@login_required
def opd_import_cancel(request: SignedInRequest) -> HttpResponse:
    _staging(request).forget()
    return redirect("mentoring:opd_import")
