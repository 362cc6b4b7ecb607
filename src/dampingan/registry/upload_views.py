from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from dampingan.access.requests import SignedInRequest
from dampingan.access.roles import Capability

from . import personal, services, template_file, uploads
from .columns import COLUMNS
from .forms import UploadForm
from .models import RegistryUpload

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload_for(request: SignedInRequest, pk: int) -> RegistryUpload:
    request.scope.require(Capability.IMPORT_REGISTRY)
    uploads.settle_abandoned()  # a job whose worker died shows as failed, not as running forever
    return get_object_or_404(RegistryUpload.objects.select_related("job"), pk=pk)


@login_required
def upload_start(request: SignedInRequest) -> HttpResponse:
    request.scope.require(Capability.IMPORT_REGISTRY)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            upload = uploads.start_upload(
                request.user,
                data["file"],
                source=data["source"],
                sk_number=data["sk_number"],
                sk_date=data["sk_date"],
                data_date=data["data_date"],
            )
        except services.RegistryImportError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("registry:upload", pk=upload.pk)
    recent = RegistryUpload.objects.select_related("uploaded_by", "release")[:10]
    return render(request, "registry/upload_start.html", {"active_nav": "registry", "form": form, "recent": recent})


@login_required
def upload_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    upload = _upload_for(request, pk)
    template = "registry/_upload_status.html" if request.headers.get("HX-Request") else "registry/upload.html"
    fields = [c for c in COLUMNS if c.field not in upload.mapping] if upload.status == "needs_mapping" else []
    context = {
        "active_nav": "registry",
        "upload": upload,
        "step": uploads.step(upload),
        "unmapped_fields": fields,
        "can_manage_place_names": request.scope.can(Capability.MANAGE_PLACE_NAMES),
    }
    personal.upload_findings(request.user, upload, "upload page")
    return render(request, template, context)


@require_POST
@login_required
def upload_map(request: SignedInRequest, pk: int) -> HttpResponse:
    upload = _upload_for(request, pk)
    mapping = {
        key.removeprefix("map_"): value for key, value in request.POST.items() if key.startswith("map_") and value
    }
    # ``QueryDict.items()`` gives each key's last value, a str; the stub also allows lists.
    uploads.set_mapping(request.user, upload, mapping)  # type: ignore[arg-type]
    return redirect("registry:upload", pk=upload.pk)


@require_POST
@login_required
def upload_confirm(request: SignedInRequest, pk: int) -> HttpResponse:
    upload = _upload_for(request, pk)
    try:
        uploads.confirm_upload(request.user, upload)
    except services.RegistryImportError as exc:
        messages.error(request, str(exc))
    return redirect("registry:upload", pk=upload.pk)


@login_required
def upload_report(request: SignedInRequest, pk: int) -> HttpResponse:
    upload = _upload_for(request, pk)
    # The report lists the rows found wrong with their full NIK and name: an export of personal data.
    content = personal.upload_check_report(request.user, upload)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="laporan-{upload.pk}.xlsx"'
    return response


@login_required
def upload_template(request: SignedInRequest) -> HttpResponse:
    """The empty template (no personal data: every logged-in user may take it)."""
    response = HttpResponse(template_file.template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="templat-data-terpadu.xlsx"'
    return response
