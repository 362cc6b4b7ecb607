from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dampingan.accounts.audit import record_personal_data_access
from dampingan.accounts.roles import Capability, Role
from dampingan.accounts.scopes import Scope

from . import queries, services
from .forms import ApprovalForm
from .models import Household, RegistryRelease


def _release_or_404() -> RegistryRelease:
    release = queries.current_release()
    if release is None:
        raise Http404("no current release")
    return release


@login_required
def registry_home(request: HttpRequest) -> HttpResponse:
    release = queries.current_release()
    scope = Scope.for_user(request.user)
    table = queries.desil_by_kelurahan(request.user, release) if release else []
    return render(
        request,
        "registry/home.html",
        {
            "active_nav": "registry",
            "release": release,
            "table": table,
            "can_search": scope.can(Capability.VIEW_PERSONAL_DATA),
            "can_import": scope.can(Capability.IMPORT_REGISTRY),
            "desil_numbers": range(1, 11),
        },
    )


@login_required
def household_search(request: HttpRequest) -> HttpResponse:
    Scope.for_user(request.user).require(Capability.VIEW_PERSONAL_DATA)
    release = _release_or_404()
    text = request.GET.get("q", "").strip()
    page = None
    if len(text) >= 3:
        page = Paginator(queries.search_households(request.user, release, text), 25).get_page(request.GET.get("page"))
        record_personal_data_access(
            request.user, release, purpose="view", detail=f"search {text!r}", count=page.paginator.count
        )
    return render(
        request,
        "registry/search.html",
        {"active_nav": "registry", "release": release, "q": text, "page": page, "too_short": 0 < len(text) < 3},
    )


@login_required
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = Scope.for_user(request.user)
    scope.require(Capability.VIEW_PERSONAL_DATA)
    households = scope.filter_regions(
        Household.objects.select_related("kelurahan__parent", "release"), "kelurahan__code"
    )
    household = get_object_or_404(households, pk=pk)
    members = list(household.members.select_related("family").order_by("family_id", "relationship_to_head", "pk"))
    today = timezone.localdate()
    for member in members:
        member.age = queries.age_on(member.birth_date, today)  # type: ignore[attr-defined]
    record_personal_data_access(request.user, household, purpose="view", detail="household page", count=len(members))
    return render(
        request,
        "registry/household.html",
        {"active_nav": "registry", "household": household, "members": members, "rank": household.ranks.first()},
    )


@login_required
def release_list(request: HttpRequest) -> HttpResponse:
    releases = RegistryRelease.objects.select_related("imported_by", "approved_by")
    scope = Scope.for_user(request.user)
    return render(
        request,
        "registry/releases.html",
        {
            "active_nav": "registry",
            "releases": releases,
            "can_approve": scope.role == Role.TKPK_ADMIN,
            "form": ApprovalForm(),
        },
    )


@require_POST
@login_required
def release_approve(request: HttpRequest, pk: int) -> HttpResponse:
    release = get_object_or_404(RegistryRelease, pk=pk)
    form = ApprovalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Fill in the SK number and date to approve the release."))
        return redirect("registry:releases")
    try:
        services.approve_release(
            request.user, release, sk_number=form.cleaned_data["sk_number"], sk_date=form.cleaned_data["sk_date"]
        )
    except services.RegistryImportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Release %(release)s is now current.") % {"release": release})
    return redirect("registry:releases")
