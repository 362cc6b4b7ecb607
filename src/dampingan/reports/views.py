from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dampingan.access.requests import SignedInRequest

from . import access, queries, services
from .document import Document
from .forms import RequestForm
from .kinds import KINDS
from .models import ReportFile
from .render_html import document_context

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _forms(request: SignedInRequest, bound: RequestForm | None = None) -> list[RequestForm]:
    forms = []
    for kind in access.kinds_user_may_request(request.scope):
        if not KINDS[kind].available:
            continue
        forms.append(bound if bound is not None and bound.kind_value == kind else RequestForm(request.scope, kind))
    return forms


@login_required
def report_list(request: SignedInRequest, bound: RequestForm | None = None) -> HttpResponse:
    return render(
        request,
        "reports/report_list.html",
        {"active_nav": "reports_docs", "rows": queries.report_rows(request.scope), "forms": _forms(request, bound)},
    )


@require_POST
@login_required
def report_request(request: SignedInRequest) -> HttpResponse:
    kind = request.POST.get("kind", "")
    if kind not in access.kinds_user_may_request(request.scope) or not KINDS[kind].available:
        messages.error(request, _("Your role cannot request this type of report."))
        return redirect("reports:list")
    form = RequestForm(request.scope, kind, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            parameters = services.read_parameters(
                kind,
                year=data["year"],
                opd_id=data["opd"].pk if data.get("opd") else None,
                kelurahan_code=data["kelurahan"].code if data.get("kelurahan") else "",
            )
            job = services.request_report(request.user, kind, parameters)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except services.ReportConflict as exc:
            messages.error(request, str(exc))
            existing = queries.report_for(request.scope, kind, form)
            return redirect("reports:detail", pk=existing.pk) if existing else redirect("reports:list")
        else:
            return redirect("reports:detail", pk=services.report_id_of(job))
    return report_list(request, bound=form)


@login_required
def report_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    report = queries.visible_report(request.scope, pk)
    context = {"active_nav": "reports_docs", **queries.report_page(request.scope, report)}
    if request.headers.get("HX-Request"):
        return render(request, "reports/_report_status.html", context)
    return render(request, "reports/report_detail.html", context)


@require_POST
@login_required
def report_review(request: SignedInRequest, pk: int) -> HttpResponse:
    report = queries.visible_report(request.scope, pk)
    try:
        services.review_report(request.user, report)
    except services.ReportConflict as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The report is marked as reviewed; it now awaits approval."))
    return redirect("reports:detail", pk=report.pk)


@require_POST
@login_required
def report_approve(request: SignedInRequest, pk: int) -> HttpResponse:
    report = queries.visible_report(request.scope, pk)
    try:
        services.approve_report(request.user, report)
    except services.ReportConflict as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("The report is approved: its figures are frozen and the approved files are being made.")
        )
    return redirect("reports:detail", pk=report.pk)


@login_required
def report_preview(request: SignedInRequest, pk: int) -> HttpResponse:
    """The document as the files show it (frozen figures once approved), in the page."""
    report = queries.visible_report(request.scope, pk)
    content = report.shown_content
    context = {"active_nav": "reports_docs", "report": report}
    if content is not None:
        document = Document.from_json(content)
        context.update(document_context(document, services.status_lines(report, approved=report.is_approved)))
    return render(request, "reports/report_preview.html", context)


@login_required
def report_difference(request: SignedInRequest, pk: int) -> HttpResponse:
    report = queries.visible_report(request.scope, pk)
    changes = services.difference_to_today(report)
    return render(
        request,
        "reports/report_difference.html",
        {"active_nav": "reports_docs", "report": report, "changes": changes, "has_content": report.shown_content},
    )


@login_required
def report_file(request: SignedInRequest, pk: int, file_pk: int) -> FileResponse:
    report = queries.visible_report(request.scope, pk)
    stored = get_object_or_404(ReportFile.objects.filter(report=report), pk=file_pk)
    file_name = stored.file.name
    assert file_name is not None  # the file is required
    name = file_name.rsplit("/", 1)[-1]
    return FileResponse(
        stored.file.open("rb"), as_attachment=True, filename=name, content_type=CONTENT_TYPES[stored.format]
    )
