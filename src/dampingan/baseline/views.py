"""Pages of the kelurahan baseline: parse the request, call a service or a query, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Max, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dampingan.access.requests import SignedInRequest
from dampingan.access.roles import Capability
from dampingan.access.scope import Scope
from dampingan.accounts.models import User
from dampingan.lib.service_input import service_input
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
from .queries import Point, visible_potentials, visible_problems
from .services import PotentialFields, PotentialUpdateFields, ProblemFields, ProblemUpdateFields

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _permissions(request: SignedInRequest) -> dict[str, bool]:
    scope = request.scope
    return {
        "can_record": scope.can(Capability.RECORD_MENTORING),
        "can_comment": scope.can(Capability.COMMENT_MENTORING),
    }


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class RecordKind:
    """What differs between the problem and the potential pages; the views below are written once for both.

    ``name`` names the URLs (``baseline:<name>_detail``), the templates (``baseline/<name>_list.html``) and the
    record in their context (``problem``, ``problems``)."""

    name: str
    form: type[ProblemForm] | type[PotentialForm]
    update_form: type[ProblemUpdateForm] | type[PotentialUpdateForm]

    def of(self, scope: Scope, code: str) -> QuerySet[Any]:
        raise NotImplementedError

    def listed(self, records: QuerySet[Any]) -> QuerySet[Any]:
        raise NotImplementedError

    def trajectory(self, record: Any) -> list[Point]:
        raise NotImplementedError

    def new_form(self, kelurahan: Region) -> forms.ModelForm:
        return self.form()

    def edit_form(self, request: HttpRequest, record: Any) -> forms.ModelForm:
        return self.form(request.POST or None, instance=record)

    def create(self, actor: User, kelurahan: Region, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def update(self, actor: User, record: Any, form: forms.ModelForm) -> None:
        raise NotImplementedError

    def add_update(self, actor: User, record: Any, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def recorded(self, record: Any) -> str:
        raise NotImplementedError

    def saved(self, form: forms.ModelForm) -> str:
        raise NotImplementedError

    def update_form_for(self, record: Any, trajectory: list[Point]) -> forms.ModelForm:
        return self.update_form()

    def shown_beside(self, record: Any | None) -> dict[str, Any]:
        """What a page of this kind shows besides the record (a problem's registry evidence)."""
        return {}


class _Problems(RecordKind):
    name = "problem"
    form = ProblemForm
    update_form = ProblemUpdateForm

    def of(self, scope: Scope, code: str) -> QuerySet[Any]:
        return queries.problems_of(scope, code).select_related("evidence_release")

    def listed(self, records: QuerySet[Any]) -> QuerySet[Any]:
        return queries.with_latest_update(records)

    def trajectory(self, record: Problem) -> list[Point]:
        return queries.problem_trajectory(record)

    def new_form(self, kelurahan: Region) -> forms.ModelForm:
        highest = Problem.objects.in_kelurahan(kelurahan.code).aggregate(m=Max("priority"))["m"]
        return ProblemForm(initial={"priority": (highest or 0) + 1})

    def edit_form(self, request: HttpRequest, record: Problem) -> forms.ModelForm:
        return ProblemForm(request.POST or None, instance=record, editing=True)

    def create(self, actor: User, kelurahan: Region, data: dict[str, Any]) -> Problem:
        return services.create_problem(actor, kelurahan, service_input(ProblemFields, data))

    def update(self, actor: User, record: Problem, form: forms.ModelForm) -> None:
        data = {name: form.cleaned_data[name] for name in form.fields if name != "refresh_evidence"}
        services.update_problem(
            actor,
            record,
            service_input(ProblemFields, data, partial=True),
            refresh_evidence=form.cleaned_data.get("refresh_evidence", False),
        )

    def add_update(self, actor: User, record: Problem, data: dict[str, Any]) -> None:
        services.add_problem_update(actor, record, service_input(ProblemUpdateFields, data))

    def recorded(self, record: Problem) -> str:
        return _("Problem “%(title)s” recorded.") % {"title": record.title}

    def saved(self, form: forms.ModelForm) -> str:
        return _("Problem “%(title)s” saved.") % {"title": form.cleaned_data["title"]}

    def shown_beside(self, record: Problem | None) -> dict[str, Any]:
        stale = {"evidence_stale": services.evidence_is_stale(record)} if record is not None else {}
        return {**stale, "release": current_release()}


class _Potentials(RecordKind):
    name = "potential"
    form = PotentialForm
    update_form = PotentialUpdateForm

    def of(self, scope: Scope, code: str) -> QuerySet[Any]:
        return queries.potentials_of(scope, code)

    def listed(self, records: QuerySet[Any]) -> QuerySet[Any]:
        return queries.with_latest_potential_update(records)

    def trajectory(self, record: Potential) -> list[Point]:
        return queries.potential_trajectory(record)

    def create(self, actor: User, kelurahan: Region, data: dict[str, Any]) -> Potential:
        return services.create_potential(actor, kelurahan, service_input(PotentialFields, data))

    def update(self, actor: User, record: Potential, form: forms.ModelForm) -> None:
        services.update_potential(actor, record, service_input(PotentialFields, form.cleaned_data, partial=True))

    def add_update(self, actor: User, record: Potential, data: dict[str, Any]) -> None:
        services.add_potential_update(actor, record, service_input(PotentialUpdateFields, data))

    def recorded(self, record: Potential) -> str:
        return _("Potential “%(name)s” recorded.") % {"name": record.name}

    def saved(self, form: forms.ModelForm) -> str:
        return _("Potential “%(name)s” saved.") % {"name": form.cleaned_data["name"]}

    def update_form_for(self, record: Potential, trajectory: list[Point]) -> forms.ModelForm:
        # The next entry starts from the latest counts: the mentor changes what changed.
        latest = trajectory[-1]
        return PotentialUpdateForm(initial={"enterprises": latest.enterprises, "workers": latest.workers})


PROBLEMS = _Problems()
POTENTIALS = _Potentials()


@login_required
def record_list(request: SignedInRequest, code: str, kind: RecordKind) -> HttpResponse:
    """A kelurahan's problems or potentials, and the form that records a new one."""
    kelurahan = visible_kelurahan(request, code)
    permissions = _permissions(request)
    form: forms.ModelForm | None = None
    if request.method == "POST":
        request.scope.require(Capability.RECORD_MENTORING)
        form = kind.form(request.POST)
        if form.is_valid():
            try:
                record = kind.create(request.user, kelurahan, form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, kind.recorded(record))
                return redirect(f"baseline:{kind.name}_detail", code=code, pk=record.pk)
    elif permissions["can_record"]:
        form = kind.new_form(kelurahan)
    context = {
        "active_nav": "regions",
        "kelurahan": kelurahan,
        f"{kind.name}s": kind.listed(kind.of(request.scope, code)),
        "form": form,
        **kind.shown_beside(None),
        **permissions,
    }
    return render(request, f"baseline/{kind.name}_list.html", context)


def _record(request: SignedInRequest, code: str, pk: int, kind: RecordKind) -> Any:
    visible_kelurahan(request, code)
    return get_object_or_404(kind.of(request.scope, code), pk=pk)


def _record_page(
    request: SignedInRequest,
    record: Problem | Potential,
    kind: RecordKind,
    update_form: forms.ModelForm | None = None,
    comment_form: CommentForm | None = None,
) -> HttpResponse:
    permissions = _permissions(request)
    trajectory = kind.trajectory(record)
    context: dict[str, Any] = {
        "active_nav": "regions",
        "kelurahan": record.kelurahan,
        kind.name: record,
        "trajectory": trajectory,
        "comments": record.comments.select_related("author"),
        **kind.shown_beside(record),
        "update_form": update_form or (kind.update_form_for(record, trajectory) if permissions["can_record"] else None),
        "comment_form": comment_form or (CommentForm() if permissions["can_comment"] else None),
        "comment_url": f"baseline:{kind.name}_comment",
        "target": record,
        **permissions,
    }
    return render(request, f"baseline/{kind.name}_detail.html", context)


@login_required
def record_detail(request: SignedInRequest, code: str, pk: int, kind: RecordKind) -> HttpResponse:
    return _record_page(request, _record(request, code, pk, kind), kind)


@login_required
def record_edit(request: SignedInRequest, code: str, pk: int, kind: RecordKind) -> HttpResponse:
    record = _record(request, code, pk, kind)
    request.scope.require(Capability.RECORD_MENTORING)
    form = kind.edit_form(request, record)
    if request.method == "POST" and form.is_valid():
        try:
            kind.update(request.user, record, form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, kind.saved(form))
            return redirect(f"baseline:{kind.name}_detail", code=code, pk=pk)
        record.refresh_from_db()  # the form wrote into the instance; show what is stored
    context = {"active_nav": "regions", "kelurahan": record.kelurahan, kind.name: record, "form": form}
    return render(request, f"baseline/{kind.name}_form.html", {**context, **kind.shown_beside(record)})


@require_POST
@login_required
def record_update(request: SignedInRequest, code: str, pk: int, kind: RecordKind) -> HttpResponse:
    """A monitoring entry: how a problem moved, or a potential's enterprises and workers now."""
    record = _record(request, code, pk, kind)
    request.scope.require(Capability.RECORD_MENTORING)
    form = kind.update_form(request.POST)
    if form.is_valid():
        try:
            kind.add_update(request.user, record, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Monitoring entry recorded."))
            return redirect(f"baseline:{kind.name}_detail", code=code, pk=pk)
    return _record_page(request, record, kind, update_form=form)


@require_POST
@login_required
def record_comment(request: SignedInRequest, code: str, pk: int, kind: RecordKind) -> HttpResponse:
    record = _record(request, code, pk, kind)
    request.scope.require(Capability.COMMENT_MENTORING)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(request.user, record, form.cleaned_data["text"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            form = CommentForm()
            if not request.headers.get("HX-Request"):
                detail = reverse(f"baseline:{kind.name}_detail", args=[record.kelurahan_id, record.pk])
                return redirect(detail + "#comments")
    if request.headers.get("HX-Request"):
        context = {
            "comments": record.comments.select_related("author"),
            "comment_form": form,
            "target": record,
            "comment_url": f"baseline:{kind.name}_comment",
            "kelurahan": record.kelurahan,
            **_permissions(request),
        }
        return render(request, "baseline/_comments.html", context)
    return _record_page(request, record, kind, comment_form=form)


# City-wide comparison and exports -------------------------------------------------------------------------


@login_required
def mapping(request: SignedInRequest) -> HttpResponse:
    """The TKPK compares every kelurahan; other roles see the kelurahan of their scope."""
    rows = queries.mapping(request.scope)
    context = {
        "active_nav": "mapping",
        "rows": rows,
        "totals": queries.mapping_totals(rows),
        "categories": ProblemCategory.choices,
        "statuses": ProblemStatus.choices,
        "sectors": Sector.choices,
        "city_wide": request.scope.city_wide,
    }
    return render(request, "baseline/mapping.html", context)


@login_required
def export_kelurahan(request: SignedInRequest, code: str) -> HttpResponse:
    kelurahan = visible_kelurahan(request, code)
    content = exports.baseline_xlsx(
        visible_problems(request.scope).in_kelurahan(code),
        visible_potentials(request.scope).in_kelurahan(code),
    )
    slug = kelurahan.name.lower().replace(" ", "-")
    return _xlsx(content, f"masalah-potensi-{slug}-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
def export_all(request: SignedInRequest) -> HttpResponse:
    content = exports.baseline_xlsx(visible_problems(request.scope), visible_potentials(request.scope))
    return _xlsx(content, f"masalah-potensi-{timezone.localdate():%Y%m%d}.xlsx")
