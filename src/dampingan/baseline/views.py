"""Pages of the kelurahan baseline: parse the request, call a service or a query, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dampingan.access.requests import SignedInRequest
from dampingan.access.roles import Capability
from dampingan.access.scope import Scope
from dampingan.mentoring.models import ProblemCategory
from dampingan.profiles.views import visible_kelurahan
from dampingan.regions.models import Region
from dampingan.registry.queries import current_release

from . import exports, queries, services
from .forms import (
    CommentForm,
    PotentialForm,
    PotentialUpdateForm,
    ProblemForm,
    ProblemUpdateForm,
    add_service_errors,
)
from .models import Potential, Problem, ProblemStatus, Sector

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _permissions(request: HttpRequest) -> dict[str, bool]:
    scope = Scope.for_user(request.user)
    return {
        "can_record": scope.can(Capability.RECORD_MENTORING),
        "can_comment": scope.can(Capability.COMMENT_MENTORING),
    }


def _next_priority(kelurahan: Region) -> int:
    highest = Problem.objects.in_kelurahan(kelurahan.code).aggregate(m=Max("priority"))["m"]
    return (highest or 0) + 1


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# Problems ------------------------------------------------------------------------------------------------


@login_required
def problem_list(request: SignedInRequest, code: str) -> HttpResponse:
    kelurahan = visible_kelurahan(request, code)
    permissions = _permissions(request)
    form = None
    if request.method == "POST":
        Scope.for_user(request.user).require(Capability.RECORD_MENTORING)
        form = ProblemForm(request.POST)
        if form.is_valid():
            try:
                problem = services.create_problem(request.user, kelurahan, form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Problem “%(title)s” recorded.") % {"title": problem.title})
                return redirect("baseline:problem_detail", code=code, pk=problem.pk)
    elif permissions["can_record"]:
        form = ProblemForm(initial={"priority": _next_priority(kelurahan)})
    problems = queries.with_latest_update(queries.problems_of(request.user, code))
    context = {
        "active_nav": "regions",
        "kelurahan": kelurahan,
        "problems": problems,
        "form": form,
        "release": current_release(),
        **permissions,
    }
    return render(request, "baseline/problem_list.html", context)


def _problem(request: SignedInRequest, code: str, pk: int) -> Problem:
    visible_kelurahan(request, code)
    return get_object_or_404(queries.problems_of(request.user, code).select_related("evidence_release"), pk=pk)


def _problem_page(
    request: HttpRequest,
    problem: Problem,
    update_form: ProblemUpdateForm | None = None,
    comment_form: CommentForm | None = None,
) -> HttpResponse:
    permissions = _permissions(request)
    context: dict[str, Any] = {
        "active_nav": "regions",
        "kelurahan": problem.kelurahan,
        "problem": problem,
        "trajectory": queries.problem_trajectory(problem),
        "comments": problem.comments.select_related("author"),
        "evidence_stale": services.evidence_is_stale(problem),
        "release": current_release(),
        "update_form": update_form or (ProblemUpdateForm() if permissions["can_record"] else None),
        "comment_form": comment_form or (CommentForm() if permissions["can_comment"] else None),
        "comment_url": "baseline:problem_comment",
        "target": problem,
        **permissions,
    }
    return render(request, "baseline/problem_detail.html", context)


@login_required
def problem_detail(request: SignedInRequest, code: str, pk: int) -> HttpResponse:
    return _problem_page(request, _problem(request, code, pk))


@login_required
def problem_edit(request: SignedInRequest, code: str, pk: int) -> HttpResponse:
    problem = _problem(request, code, pk)
    Scope.for_user(request.user).require(Capability.RECORD_MENTORING)
    form = ProblemForm(request.POST or None, instance=problem, editing=True)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.fields if name != "refresh_evidence"}
        try:
            services.update_problem(
                request.user, problem, data, refresh_evidence=form.cleaned_data.get("refresh_evidence", False)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Problem “%(title)s” saved.") % {"title": form.cleaned_data["title"]})
            return redirect("baseline:problem_detail", code=code, pk=pk)
        problem.refresh_from_db()  # the form wrote into the instance; show the stored evidence
    context = {
        "active_nav": "regions",
        "kelurahan": problem.kelurahan,
        "problem": problem,
        "form": form,
        "evidence_stale": services.evidence_is_stale(problem),
        "release": current_release(),
    }
    return render(request, "baseline/problem_form.html", context)


@require_POST
@login_required
def problem_update(request: SignedInRequest, code: str, pk: int) -> HttpResponse:
    problem = _problem(request, code, pk)
    Scope.for_user(request.user).require(Capability.RECORD_MENTORING)
    form = ProblemUpdateForm(request.POST)
    if form.is_valid():
        try:
            services.add_problem_update(request.user, problem, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Monitoring entry recorded."))
            return redirect("baseline:problem_detail", code=code, pk=pk)
    return _problem_page(request, problem, update_form=form)


def _comment(request: SignedInRequest, target: Problem | Potential, page: Any) -> HttpResponse:
    Scope.for_user(request.user).require(Capability.COMMENT_MENTORING)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(request.user, target, form.cleaned_data["text"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            form = CommentForm()
            if not request.headers.get("HX-Request"):
                detail = "baseline:problem_detail" if isinstance(target, Problem) else "baseline:potential_detail"
                return redirect(reverse(detail, args=[target.kelurahan_id, target.pk]) + "#comments")
    if request.headers.get("HX-Request"):
        context = {
            "comments": target.comments.select_related("author"),
            "comment_form": form,
            "target": target,
            "comment_url": "baseline:problem_comment" if isinstance(target, Problem) else "baseline:potential_comment",
            "kelurahan": target.kelurahan,
            **_permissions(request),
        }
        return render(request, "baseline/_comments.html", context)
    return page(request, target, comment_form=form)


@require_POST
@login_required
def problem_comment(request: SignedInRequest, code: str, pk: int) -> HttpResponse:
    return _comment(request, _problem(request, code, pk), _problem_page)


# Potentials ----------------------------------------------------------------------------------------------


@login_required
def potential_list(request: SignedInRequest, code: str) -> HttpResponse:
    kelurahan = visible_kelurahan(request, code)
    permissions = _permissions(request)
    form = None
    if request.method == "POST":
        Scope.for_user(request.user).require(Capability.RECORD_MENTORING)
        form = PotentialForm(request.POST)
        if form.is_valid():
            try:
                potential = services.create_potential(request.user, kelurahan, form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Potential “%(name)s” recorded.") % {"name": potential.name})
                return redirect("baseline:potential_detail", code=code, pk=potential.pk)
    elif permissions["can_record"]:
        form = PotentialForm()
    potentials = queries.with_latest_potential_update(queries.potentials_of(request.user, code))
    context = {
        "active_nav": "regions",
        "kelurahan": kelurahan,
        "potentials": potentials,
        "form": form,
        **permissions,
    }
    return render(request, "baseline/potential_list.html", context)


def _potential(request: SignedInRequest, code: str, pk: int) -> Potential:
    visible_kelurahan(request, code)
    return get_object_or_404(queries.potentials_of(request.user, code), pk=pk)


def _potential_page(
    request: HttpRequest,
    potential: Potential,
    update_form: PotentialUpdateForm | None = None,
    comment_form: CommentForm | None = None,
) -> HttpResponse:
    permissions = _permissions(request)
    trajectory = queries.potential_trajectory(potential)
    context: dict[str, Any] = {
        "active_nav": "regions",
        "kelurahan": potential.kelurahan,
        "potential": potential,
        "trajectory": trajectory,
        "comments": potential.comments.select_related("author"),
        "update_form": update_form
        or (
            PotentialUpdateForm(initial={"enterprises": trajectory[-1].enterprises, "workers": trajectory[-1].workers})
            if permissions["can_record"]
            else None
        ),
        "comment_form": comment_form or (CommentForm() if permissions["can_comment"] else None),
        "comment_url": "baseline:potential_comment",
        "target": potential,
        **permissions,
    }
    return render(request, "baseline/potential_detail.html", context)


@login_required
def potential_detail(request: SignedInRequest, code: str, pk: int) -> HttpResponse:
    return _potential_page(request, _potential(request, code, pk))


@login_required
def potential_edit(request: SignedInRequest, code: str, pk: int) -> HttpResponse:
    potential = _potential(request, code, pk)
    Scope.for_user(request.user).require(Capability.RECORD_MENTORING)
    form = PotentialForm(request.POST or None, instance=potential)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_potential(request.user, potential, dict(form.cleaned_data))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Potential “%(name)s” saved.") % {"name": form.cleaned_data["name"]})
            return redirect("baseline:potential_detail", code=code, pk=pk)
        potential.refresh_from_db()
    context = {"active_nav": "regions", "kelurahan": potential.kelurahan, "potential": potential, "form": form}
    return render(request, "baseline/potential_form.html", context)


@require_POST
@login_required
def potential_update(request: SignedInRequest, code: str, pk: int) -> HttpResponse:
    potential = _potential(request, code, pk)
    Scope.for_user(request.user).require(Capability.RECORD_MENTORING)
    form = PotentialUpdateForm(request.POST)
    if form.is_valid():
        try:
            services.add_potential_update(request.user, potential, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Monitoring entry recorded."))
            return redirect("baseline:potential_detail", code=code, pk=pk)
    return _potential_page(request, potential, update_form=form)


@require_POST
@login_required
def potential_comment(request: SignedInRequest, code: str, pk: int) -> HttpResponse:
    return _comment(request, _potential(request, code, pk), _potential_page)


# City-wide comparison and exports -------------------------------------------------------------------------


@login_required
def mapping(request: SignedInRequest) -> HttpResponse:
    """The TKPK compares every kelurahan; other roles see the kelurahan of their scope."""
    rows = queries.mapping(request.user)
    context = {
        "active_nav": "mapping",
        "rows": rows,
        "totals": queries.mapping_totals(rows),
        "categories": ProblemCategory.choices,
        "statuses": ProblemStatus.choices,
        "sectors": Sector.choices,
        "city_wide": Scope.for_user(request.user).city_wide,
    }
    return render(request, "baseline/mapping.html", context)


@login_required
def export_kelurahan(request: SignedInRequest, code: str) -> HttpResponse:
    kelurahan = visible_kelurahan(request, code)
    content = exports.baseline_xlsx(
        Problem.objects.visible_to(request.user).in_kelurahan(code),
        Potential.objects.visible_to(request.user).in_kelurahan(code),
    )
    slug = kelurahan.name.lower().replace(" ", "-")
    return _xlsx(content, f"masalah-potensi-{slug}-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
def export_all(request: SignedInRequest) -> HttpResponse:
    content = exports.baseline_xlsx(
        Problem.objects.visible_to(request.user), Potential.objects.visible_to(request.user)
    )
    return _xlsx(content, f"masalah-potensi-{timezone.localdate():%Y%m%d}.xlsx")
