from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dampingan.access.requests import SignedInRequest
from dampingan.access.roles import Capability
from dampingan.regions.models import Region

from . import deprivations, diffs, exports, personal, queries, services, statistics
from .forms import ApprovalForm, HouseholdFilterForm, ReleaseDiffForm
from .models import Family, Household, RegistryRelease, WelfareRank
from .sections import HOUSEHOLD_SECTIONS


def _release_or_404() -> RegistryRelease:
    release = queries.current_release()
    if release is None:
        raise Http404("no current release")
    return release


@login_required
def registry_home(request: SignedInRequest) -> HttpResponse:
    release = queries.current_release()
    scope = request.scope
    table = statistics.desil_by_kelurahan(request.scope, release) if release else []
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
def household_search(request: SignedInRequest) -> HttpResponse:
    request.scope.require(Capability.VIEW_PERSONAL_DATA)
    release = _release_or_404()
    text = request.GET.get("q", "").strip()
    page = None
    if len(text) >= 3:
        page = Paginator(queries.search_households(request.scope, release, text), 25).get_page(request.GET.get("page"))
        personal.households(request.user, release, list(page), detail=f"search {text!r}")
    return render(
        request,
        "registry/search.html",
        {"active_nav": "registry", "release": release, "q": text, "page": page, "too_short": 0 < len(text) < 3},
    )


@login_required
def household_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    request.scope.require(Capability.VIEW_PERSONAL_DATA)
    record = personal.household(request.user, pk, detail="household page")
    household = record.household
    today = timezone.localdate()
    for member in record.members:
        member.age = queries.age_on(member.birth_date, today)
    return render(
        request,
        "registry/household.html",
        {
            "active_nav": "registry",
            "household": household,
            "members": record.members,
            "rank": WelfareRank.objects.filter(release_id=household.release_id, household=household)
            .order_by("-ranked_on", "-method")
            .first(),
            "deprivations": queries.deprivations_of(household),
            # What other apps keep about the household (the interventions that reached it).
            "sections": HOUSEHOLD_SECTIONS.for_object(request, household),
        },
    )


@login_required
def release_list(request: SignedInRequest) -> HttpResponse:
    releases = RegistryRelease.objects.select_related("imported_by", "approved_by")
    scope = request.scope
    return render(
        request,
        "registry/releases.html",
        {
            "active_nav": "registry",
            "releases": releases,
            "can_approve": scope.can(Capability.APPROVE_RELEASES),
            "form": ApprovalForm(),
        },
    )


@require_POST
@login_required
def release_approve(request: SignedInRequest, pk: int) -> HttpResponse:
    release = get_object_or_404(RegistryRelease, pk=pk)
    form = ApprovalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Fill in the SK number and date to approve the release."))
        return redirect("registry:releases")
    replaced = [str(r) for r in services.superseded_by(release)]
    try:
        services.approve_release(
            request.user, release, sk_number=form.cleaned_data["sk_number"], sk_date=form.cleaned_data["sk_date"]
        )
    except services.RegistryImportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Release %(release)s is now current.") % {"release": release})
        if replaced:
            messages.info(request, _("Superseded by it: %(releases)s.") % {"releases": ", ".join(replaced)})
    return redirect("registry:releases")


EXPORT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@login_required
def household_list(request: SignedInRequest) -> HttpResponse:
    """Households of a release filtered by area, desil and deprivations; the same list exports to a file."""
    scope = request.scope
    scope.require(Capability.VIEW_PERSONAL_DATA)
    # Always bound: an empty query string is the default list (current release, whole work area).
    form = HouseholdFilterForm(request.scope, request.GET)
    valid = form.is_valid()
    spec = form.spec() if valid else None
    context = {"active_nav": "registry", "form": form, "spec": spec, "deprivations": deprivations.DEPRIVATIONS}
    if spec is None:
        return render(request, "registry/household_list.html", context, status=200 if valid else 400)
    households = queries.with_deprivation_flags(queries.filtered_households(request.scope, spec), spec.on)
    fmt, level = request.GET.get("export", ""), request.GET.get("level", "households")
    if fmt in EXPORT_TYPES:
        return _export(request, spec, households, fmt, level)
    # Paginator only slices the list; the stub's protocol also asks for indexing by position and iteration.
    paged = queries.PagedHouseholds(households.select_related("kelurahan"))
    paginator: Paginator[Household] = Paginator(paged, 50)  # type: ignore[arg-type]
    page = paginator.get_page(request.GET.get("page"))
    personal.households(request.user, spec.release, list(page), detail=f"household list: {spec.describe()}")
    for household in page:
        household.flags = queries.deprivations_of(household)
    query = request.GET.copy()
    query.pop("page", None)
    context.update({"page": page, "query": query.urlencode()})
    return render(request, "registry/household_list.html", context)


def _export(
    request: SignedInRequest,
    spec: queries.HouseholdFilter,
    households: QuerySet[Household],
    fmt: str,
    level: str,
) -> HttpResponse:
    frame = personal.export(request.user, spec, households, level, fmt)
    response = HttpResponse(exports.render(frame, fmt, _("Households")), content_type=EXPORT_TYPES[fmt])
    kind = "anggota" if level == "members" else "rumah-tangga"
    name = f"{kind}-{spec.release.source}-{spec.release.pk}-{spec.on:%Y%m%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def release_diff(request: SignedInRequest) -> HttpResponse:
    """Per kelurahan: households (or families) that entered, left, or moved in desil between two releases."""
    scope = request.scope
    form = ReleaseDiffForm(request.scope, request.GET)
    context: dict[str, object] = {"active_nav": "registry", "form": form, "statuses": STATUS_LABELS}
    if not form.is_valid():
        return render(request, "registry/release_diff.html", context, status=400)
    data = form.cleaned_data
    if not data.get("old") or not data.get("new"):
        return render(request, "registry/release_diff.html", context)
    diff = diffs.release_diff(request.scope, data["old"], data["new"], data["level"])
    names = dict(Region.objects.filter(code__in=diff.rows["kelurahan"].unique().to_list()).values_list("code", "name"))
    summary = diff.summary()
    for row in summary:
        row["name"] = names.get(row["kelurahan"], row["kelurahan"])
        row["cells"] = [(key, row[key]) for key in STATUS_LABELS]
    query = request.GET.copy()
    for name in ("status", "kelurahan", "page"):
        query.pop(name, None)
    for name in ("old", "new", "level"):
        query.setdefault(name, getattr(data[name], "pk", data[name]))
    context.update(
        {
            "diff": diff,
            "summary": summary,
            "totals": diff.totals(),
            "query": query.urlencode(),
            "can_list": scope.can(Capability.VIEW_PERSONAL_DATA),
        }
    )
    if data.get("status"):
        scope.require(Capability.VIEW_PERSONAL_DATA)
        context.update(_diff_listing(request, diff, data["status"], data.get("kelurahan", ""), names))
    return render(request, "registry/release_diff.html", context)


STATUS_LABELS = {
    "entered": gettext_lazy("entered"),
    "left": gettext_lazy("left"),
    "down": gettext_lazy("poorer (desil down)"),
    "up": gettext_lazy("better off (desil up)"),
    "same": gettext_lazy("same desil"),
    "unranked": gettext_lazy("no desil to compare"),
}


def _diff_listing(
    request: SignedInRequest, diff: diffs.ReleaseDiff, status: str, kelurahan: str, names: dict[str, str]
) -> dict[str, object]:
    """The units behind one number of the diff, one page at a time, with their households."""
    page = Paginator(diff.units(status, kelurahan).to_dicts(), 50).get_page(request.GET.get("page"))
    unit_ids = [row["unit_new"] if row["unit_new"] is not None else row["unit_old"] for row in page]
    if diff.level == "household":
        household_of = {pk: pk for pk in unit_ids}
    else:
        household_of = dict(Family.objects.filter(pk__in=unit_ids).values_list("pk", "household_id"))
    households = Household.objects.filter(pk__in=household_of.values()).annotate(head_name=queries.head("name"))
    by_pk: dict[int | None, Household] = {h.pk: h for h in households}
    for row, unit in zip(page, unit_ids, strict=True):
        row["household"] = by_pk.get(household_of.get(unit))
        row["kelurahan_name"] = names.get(row["kelurahan"], row["kelurahan"])
        row["kelurahan_old_name"] = names.get(row["kelurahan_old"] or "", row["kelurahan_old"])
    detail = f"release diff {diff.old.pk}→{diff.new.pk} {diff.level} {status} {kelurahan}".strip()
    personal.diff_units(request.user, diff.new, len(page), detail=detail)
    return {
        "listing": page,
        "listing_status": status,
        "listing_label": STATUS_LABELS[status],
        "listing_kelurahan": names.get(kelurahan, ""),
    }
