from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dampingan.access.requests import SignedInRequest
from dampingan.access.roles import Capability

from . import queries, services
from .forms import AliasForm, RegionOfficeForm
from .models import KelurahanAlias, Region, RegionOffice
from .queries import visible_regions
from .sections import REGION_SECTIONS


@login_required
def region_list(request: SignedInRequest) -> HttpResponse:
    groups = queries.villages_by_kecamatan(request.scope)
    can_manage_names = request.scope.can(Capability.MANAGE_PLACE_NAMES)
    context = {
        "active_nav": "regions",
        "groups": groups,
        "columns": REGION_SECTIONS.columns(),
        "can_manage_place_names": can_manage_names,
    }
    return render(request, "regions/list.html", context)


def _visible_region(request: SignedInRequest, code: str) -> Region:
    return get_object_or_404(visible_regions(request.scope).select_related("parent"), code=code)


@login_required
def region_detail(request: SignedInRequest, code: str) -> HttpResponse:
    region = _visible_region(request, code)
    scope = request.scope
    context = {
        "active_nav": "regions",
        "region": region,
        "office": RegionOffice.objects.filter(region=region).first(),
        "children": visible_regions(request.scope).filter(parent=region),
        "sections": REGION_SECTIONS.for_object(request, region),
        "can_edit_office": scope.can(Capability.EDIT_REGION_OFFICE) and scope.covers(region.code),
    }
    return render(request, "regions/detail.html", context)


@login_required
def office_edit(request: SignedInRequest, code: str) -> HttpResponse:
    region = _visible_region(request, code)
    request.scope.require(Capability.EDIT_REGION_OFFICE)
    office = RegionOffice.objects.filter(region=region).first() or RegionOffice(region=region)
    form = RegionOfficeForm(request.POST or None, instance=office)
    if request.method == "POST" and form.is_valid():
        services.update_office(request.user, region, form.cleaned_data)
        messages.success(request, _("Office details of %(name)s saved.") % {"name": region.name})
        return redirect("regions:detail", code=region.code)
    return render(request, "regions/office_form.html", {"active_nav": "regions", "region": region, "form": form})


@login_required
def aliases(request: SignedInRequest) -> HttpResponse:
    """Other names of the kelurahan that registry files use: the list, and a form to add one."""
    request.scope.require(Capability.MANAGE_PLACE_NAMES)
    form = AliasForm(request.POST or None, initial={"name": request.GET.get("nama", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            alias = services.add_alias(request.user, data["kelurahan"], data["name"], data["note"])
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            done = _("%(name)s is now read as %(kelurahan)s.") % {"name": alias.name, "kelurahan": alias.kelurahan}
            messages.success(request, done)
            return redirect("regions:aliases")
    listed = KelurahanAlias.objects.in_deployment().select_related("kelurahan__parent", "created_by")
    return render(request, "regions/aliases.html", {"active_nav": "regions", "form": form, "aliases": listed})


@require_POST
@login_required
def alias_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    request.scope.require(Capability.MANAGE_PLACE_NAMES)
    alias = get_object_or_404(KelurahanAlias.objects.in_deployment(), pk=pk)
    services.remove_alias(request.user, alias)
    messages.success(request, _("%(name)s removed from the other names.") % {"name": alias.name})
    return redirect("regions:aliases")
