"""Assignment decrees: the mapping of OPDs to kelurahan today, the decrees and their lines."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dampingan.access.requests import SignedInRequest
from dampingan.access.roles import Capability
from dampingan.lib.spreadsheets import TableError
from dampingan.regions.models import Region

from . import decree_import, decrees
from .forms import DecreeForm, DecreeImportForm, DecreeLinesForm, ProgrammeSettingsForm
from .models import Decree, Opd, ProgrammeSettings


@login_required
def mapping(request: SignedInRequest) -> HttpResponse:
    """Every kelurahan with its OPD today, those without one, OPDs without a kelurahan, and the decrees."""
    scope = request.scope
    status = decrees.mapping_status(timezone.localdate())
    return render(
        request,
        "mentoring/mapping.html",
        {
            "active_nav": "assignments",
            **status,
            "decrees": Decree.objects.prefetch_related("lines"),
            "can_manage": scope.can(Capability.MANAGE_DECREES),
            "settings": ProgrammeSettings.current(),
            "matcher_url": reverse("mentoring:matcher"),
        },
    )


@login_required
def decree_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    decree = get_object_or_404(Decree, pk=pk)
    lines = decree.lines.select_related("opd", "kelurahan__parent").order_by("kelurahan_id")
    return render(
        request,
        "mentoring/decree_detail.html",
        {
            "active_nav": "assignments",
            "decree": decree,
            "lines": lines,
            "can_manage": request.scope.can(Capability.MANAGE_DECREES),
        },
    )


def _lines_form(request: HttpRequest, decree: Decree | None) -> DecreeLinesForm:
    villages = Region.objects.in_deployment().villages().order_by("code")
    opds = Opd.objects.active().order_by("abbreviation")
    initial = {f"line_{a.kelurahan_id}": str(a.opd_id) for a in decree.lines.all()} if decree and decree.pk else {}
    return DecreeLinesForm(request.POST or None, villages=villages, opds=opds, initial=initial)


@login_required
def decree_edit(request: SignedInRequest, pk: int | None = None) -> HttpResponse:
    request.scope.require(Capability.MANAGE_DECREES)
    decree = get_object_or_404(Decree, pk=pk) if pk else None
    form = DecreeForm(request.POST or None, request.FILES or None, instance=decree)
    lines_form = _lines_form(request, decree)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid() and lines_form.is_valid():
        chosen = lines_form.chosen()
        villages = {v.code: v for v in lines_form.villages}
        opds = Opd.objects.in_bulk(set(chosen.values()))
        lines = [decrees.Line(villages[code], opds[opd_id]) for code, opd_id in chosen.items()]
        try:
            saved = decrees.save_decree(request.user, form.instance, lines, pdf=form.cleaned_data.get("pdf"))
        except ValidationError as exc:
            problems = exc.messages
        else:
            messages.success(request, _("Decree %(number)s saved.") % {"number": saved.number})
            return redirect("mentoring:decree_detail", pk=saved.pk)
    return render(
        request,
        "mentoring/decree_form.html",
        {"active_nav": "assignments", "form": form, "lines_form": lines_form, "decree": decree, "problems": problems},
    )


@login_required
def decree_import_lines(request: SignedInRequest, pk: int) -> HttpResponse:
    """Replace a decree's lines with those of a spreadsheet, after checking every row."""
    request.scope.require(Capability.MANAGE_DECREES)
    decree = get_object_or_404(Decree, pk=pk)
    form = DecreeImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            lines, errors = decree_import.read_lines(upload.read(), upload.name)
            if errors:
                problems = [f"{upload.name}, {error}" for error in errors]
            else:
                decrees.save_decree(request.user, decree, lines)
                messages.success(
                    request, _("%(n)s lines of decree %(number)s imported.") % {"n": len(lines), "number": decree}
                )
                return redirect("mentoring:decree_detail", pk=decree.pk)
        except TableError as exc:
            problems = [str(exc)]
        except ValidationError as exc:
            problems = exc.messages
    return render(
        request,
        "mentoring/decree_import.html",
        {"active_nav": "assignments", "decree": decree, "form": form, "problems": problems},
    )


@require_POST
@login_required
def decree_sign(request: SignedInRequest, pk: int) -> HttpResponse:
    decree = get_object_or_404(Decree, pk=pk)
    try:
        decrees.sign_decree(request.user, decree)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Decree %(number)s is signed and binding.") % {"number": decree.number})
    return redirect("mentoring:decree_detail", pk=decree.pk)


@login_required
def decree_pdf(request: SignedInRequest, pk: int) -> FileResponse:
    decree = get_object_or_404(Decree, pk=pk)
    if not decree.pdf:
        raise Http404("no pdf")
    return FileResponse(decree.pdf.open("rb"), content_type="application/pdf", filename=f"{decree.number}.pdf")


@login_required
def programme_settings(request: SignedInRequest) -> HttpResponse:
    request.scope.require(Capability.MANAGE_DECREES)
    form = ProgrammeSettingsForm(request.POST or None, instance=ProgrammeSettings.current())
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Programme settings saved."))
        return redirect("mentoring:mapping")
    return render(request, "mentoring/programme_settings.html", {"active_nav": "assignments", "form": form})
