"""Pages of the partner directory: the list, a partner's footprint across the city, its pledges."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dampingan.access.requests import SignedInRequest
from dampingan.lib.service_input import service_input

from . import partners, queries
from .forms import PartnerFilterForm, PartnerForm, PledgeForm
from .models import Partner, PartnerKind, Pledge
from .views import add_service_errors


@login_required
def partner_list(request: SignedInRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    return render(
        request,
        "interventions/partner_list.html",
        {
            "active_nav": "interventions",
            "partners": list(partners.directory(search, kind if kind in PartnerKind.values else "")),
            "filter_form": PartnerFilterForm(request.GET or None),
            "can_edit": partners.may_edit_partners(request.scope),
            "see_contacts": partners.may_see_contacts(request.scope),
        },
    )


def _partner_form_page(request: SignedInRequest, form: PartnerForm, partner: Partner | None) -> HttpResponse:
    return render(
        request,
        "interventions/partner_form.html",
        {"active_nav": "interventions", "form": form, "partner": partner},
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
def partner_create(request: SignedInRequest) -> HttpResponse:
    if not partners.may_edit_partners(request.scope):
        raise PermissionDenied("record_mentoring")
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner = partners.create_partner(request.user, service_input(partners.PartnerFields, form.cleaned_data))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Partner “%(name)s” added.") % {"name": partner.name})
            return redirect("interventions:partner_detail", pk=partner.pk)
    return _partner_form_page(request, form, None)


@login_required
def partner_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(Partner, pk=pk)
    if not partners.may_edit_partners(request.scope):
        raise PermissionDenied("record_mentoring")
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        try:
            partners.update_partner(request.user, partner, service_input(partners.PartnerFields, form.cleaned_data))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Partner “%(name)s” saved.") % {"name": form.cleaned_data["name"]})
            return redirect("interventions:partner_detail", pk=pk)
    partner.refresh_from_db()
    return _partner_form_page(request, form, partner)


@login_required
def partner_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    """A partner's footprint: interventions, kelurahan, contributions, pledges; the pledge form."""
    partner = get_object_or_404(Partner, pk=pk)
    can_edit = partners.may_edit_partners(request.scope)
    form = None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("record_mentoring")
        form = PledgeForm(request.POST, scope=request.scope)
        if form.is_valid():
            try:
                partners.create_pledge(request.user, partner, form.pledge_data())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Pledge recorded."))
                return redirect("interventions:partner_detail", pk=pk)
    elif can_edit:
        form = PledgeForm(scope=request.scope)
    manageable = set(queries.manageable_interventions(request.scope).values_list("pk", flat=True))
    return render(
        request,
        "interventions/partner_detail.html",
        {
            "active_nav": "interventions",
            "partner": partner,
            "footprint": partners.footprint(request.scope, partner),
            "form": form,
            "can_edit": can_edit,
            "manageable": manageable,
            "see_contacts": partners.may_see_contacts(request.scope),
            "source_of_kind": partners.SOURCE_OF_KIND.get(PartnerKind(partner.kind), ""),
        },
        status=422 if form is not None and form.is_bound and form.errors else 200,
    )


@require_POST
@login_required
def pledge_fulfil(request: SignedInRequest, pk: int, pledge_pk: int) -> HttpResponse:
    pledge = get_object_or_404(
        Pledge.objects.select_related("partner", "intervention", "kelurahan"), pk=pledge_pk, partner_id=pk
    )
    if pledge not in partners.footprint(request.scope, pledge.partner).pledges:
        # A pledge the user may not read (to a kelurahan or an intervention outside its scope) is not found, as
        # in the API: a guessed id must not answer 403 with the kelurahan's name (access matrix).
        raise Http404("pledge outside the scope")
    try:
        partners.fulfil_pledge(request.user, pledge, record_contribution=request.POST.get("book") == "1")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Pledge marked fulfilled."))
    return redirect("interventions:partner_detail", pk=pk)
