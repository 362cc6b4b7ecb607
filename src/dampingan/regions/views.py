from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from dampingan.accounts.roles import Capability
from dampingan.accounts.scopes import Scope
from dampingan.mentoring.models import Assignment

from . import queries, services
from .forms import RegionOfficeForm
from .models import Region, RegionOffice


@login_required
def region_list(request: HttpRequest) -> HttpResponse:
    groups = queries.villages_by_kecamatan(request.user)
    return render(request, "regions/list.html", {"active_nav": "regions", "groups": groups})


def _visible_region(request: HttpRequest, code: str) -> Region:
    return get_object_or_404(Region.objects.visible_to(request.user).select_related("parent"), code=code)


@login_required
def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    region = _visible_region(request, code)
    scope = Scope.for_user(request.user)
    context = {
        "active_nav": "regions",
        "region": region,
        "office": RegionOffice.objects.filter(region=region).first(),
        "children": Region.objects.visible_to(request.user).filter(parent=region),
        "assignments": Assignment.objects.filter(kelurahan=region)
        .select_related("opd", "decree")
        .order_by("-decree__valid_from"),
        "in_force": Assignment.objects.in_force().filter(kelurahan=region).select_related("opd").first(),
        "can_edit_office": scope.can(Capability.EDIT_REGION_OFFICE) and scope.covers(region.code),
    }
    return render(request, "regions/detail.html", context)


@login_required
def office_edit(request: HttpRequest, code: str) -> HttpResponse:
    region = _visible_region(request, code)
    Scope.for_user(request.user).require(Capability.EDIT_REGION_OFFICE)
    office = RegionOffice.objects.filter(region=region).first() or RegionOffice(region=region)
    form = RegionOfficeForm(request.POST or None, instance=office)
    if request.method == "POST" and form.is_valid():
        services.update_office(request.user, region, form.cleaned_data)
        messages.success(request, _("Office details of %(name)s saved.") % {"name": region.name})
        return redirect("regions:detail", code=region.code)
    return render(request, "regions/office_form.html", {"active_nav": "regions", "region": region, "form": form})
