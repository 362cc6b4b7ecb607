from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dampingan.access.requests import SignedInRequest
from dampingan.coordination.action_queries import home_follow_up
from dampingan.core.work_queue import work_queue
from dampingan.mentoring.models import Assignment, Opd
from dampingan.regions.models import Region
from dampingan.regions.queries import visible_regions


@login_required
def home(request: SignedInRequest) -> HttpResponse:
    scope = request.scope
    context = {
        "active_nav": "home",
        "kecamatan_count": Region.objects.in_deployment().kecamatan().count(),
        "village_count": Region.objects.in_deployment().villages().count(),
        "opd_count": Opd.objects.active().count(),
        "assigned_count": Assignment.objects.in_force().filter(kelurahan__in=Region.objects.in_deployment()).count(),
        "my_villages": None,
        # Action items the user answers for, and the overdue ones of the meetings it runs (coordination).
        "follow_up": home_follow_up(request.scope),
        "work_queue": work_queue(request.scope),
    }
    if not scope.city_wide:
        # A region-bound user sees its own kelurahan first; the city's figures follow, labelled as such.
        villages = list(visible_regions(request.scope).villages().select_related("parent"))
        mentors: dict[str, list[Opd]] = {}
        in_force = Assignment.objects.in_force().filter(kelurahan__in=villages).select_related("opd")
        for assignment in in_force.order_by("opd__abbreviation"):
            mentors.setdefault(assignment.kelurahan_id, []).append(assignment.opd)
        for village in villages:
            village.mentors = mentors.get(village.code, [])  # type: ignore[attr-defined]  # for the template
        context["my_villages"] = villages
        context["my_assigned_count"] = sum(1 for v in villages if mentors.get(v.code))
    return render(request, "core/home.html", context)


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    Region.objects.exists()
    return JsonResponse({"status": "ok"})
