from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dampingan.accounts.scopes import Scope
from dampingan.mentoring.models import Assignment, Opd
from dampingan.regions.models import Region


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = Scope.for_user(request.user)
    regions = Region.objects.visible_to(request.user)
    villages = regions.villages().select_related("parent")
    context = {
        "active_nav": "home",
        "kecamatan_count": Region.objects.in_deployment().kecamatan().count(),
        "village_count": Region.objects.in_deployment().villages().count(),
        "opd_count": Opd.objects.active().count(),
        "my_villages": None if scope.city_wide else list(villages),
        "assigned_count": Assignment.objects.in_force().filter(kelurahan__in=Region.objects.in_deployment()).count(),
    }
    return render(request, "core/home.html", context)


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    Region.objects.exists()
    return JsonResponse({"status": "ok"})
