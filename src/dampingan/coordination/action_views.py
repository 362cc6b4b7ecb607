"""Pages of action items: the list with its filters and export, the detail with its dated updates, the
forms to create an item from a decision and to edit it. Views parse input, call services, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from dampingan.access.requests import SignedInRequest
from dampingan.lib.service_input import service_input
from dampingan.lib.spreadsheets import write_csv, write_xlsx

from . import access, action_items, action_queries
from .action_forms import ActionFilterForm, ActionItemForm, UpdateForm
from .models import ActionItem

PAGE_SIZE = 50
EXPORT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the field it names; the owner's problems go to the first owner field."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        field = "owner_opd" if name == "owner" else name
        form.add_error(field if field in form.fields else None, errors)


@login_required
def action_item_list(request: SignedInRequest) -> HttpResponse:
    filters = action_queries.ActionFilters.from_query(request.GET)
    found = action_queries.action_items(request.scope, filters)
    fmt = request.GET.get("export", "")
    if fmt in EXPORT_TYPES:
        frame = action_queries.export_frame(found)
        content = write_xlsx({_("Action items"): frame}) if fmt == "xlsx" else write_csv(frame)
        response = HttpResponse(content, content_type=EXPORT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="tindak-lanjut-{timezone.localdate():%Y%m%d}.{fmt}"'
        return response
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for item in page:
        item.days_overdue = action_queries.days_overdue(item, today)
    query = request.GET.copy()
    query.pop("page", None)
    export_query = query.copy()
    export_query.pop("export", None)
    return render(
        request,
        "coordination/action_item_list.html",
        {
            "active_nav": "action_items",
            "filter_form": ActionFilterForm(request.GET or None, scope=request.scope),
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "export_query": export_query.urlencode(),
        },
    )


def _form_page(
    request: SignedInRequest, form: ActionItemForm, decision: Any, item: ActionItem | None = None
) -> HttpResponse:
    return render(
        request,
        "coordination/action_item_form.html",
        {"active_nav": "action_items", "form": form, "decision": decision, "meeting": decision.meeting, "item": item},
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
def action_item_create(request: SignedInRequest, decision_pk: int) -> HttpResponse:
    decision = action_queries.visible_decision(request.scope, decision_pk)
    if not access.may_run(request.scope, decision.meeting):
        raise PermissionDenied("run_meetings")
    initial = {}
    kelurahan = list(decision.kelurahan.values_list("code", flat=True)[:2])
    if len(kelurahan) == 1:
        initial["kelurahan"] = kelurahan[0]  # a decision about one kelurahan: its item is most likely there
    form = ActionItemForm(request.POST or None, scope=request.scope, meeting=decision.meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            data = service_input(action_items.ActionItemFields, form.cleaned_data)
            item = action_items.create_action_item(request.user, decision, data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Action item “%(title)s” added.") % {"title": item.title})
            return redirect("coordination:action_item_detail", pk=item.pk)
    return _form_page(request, form, decision)


@login_required
def action_item_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    item = action_queries.visible_item(request.scope, pk)
    if not access.may_run(request.scope, item.decision.meeting):
        raise PermissionDenied("run_meetings")
    initial = {name: getattr(item, name) for name in action_items.ITEM_FIELDS}
    form = ActionItemForm(request.POST or None, scope=request.scope, meeting=item.decision.meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            data = service_input(action_items.ActionItemFields, form.cleaned_data)
            action_items.edit_action_item(request.user, item, data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Action item saved."))
            return redirect("coordination:action_item_detail", pk=pk)
    return _form_page(request, form, item.decision, item)


@login_required
def action_item_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    """The item and its dated updates; the owner and the meeting's runner add an update here (htmx or not)."""
    item = action_queries.visible_item(request.scope, pk)
    perms = action_queries.permissions(request.scope, item)
    form = UpdateForm(current=item.status) if perms.can_update else None
    status = 200
    if request.method == "POST":
        action_items.require_update(request.user, item)
        form = UpdateForm(request.POST, current=item.status)
        if form.is_valid():
            data = form.cleaned_data
            try:
                update = action_items.add_update(request.user, item, data["note"], data["status"] or None, data["on"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if update.status_after != update.status_before:
                    messages.success(
                        request, _("Status changed to “%(status)s”.") % {"status": update.get_status_after_display()}
                    )
                else:
                    messages.success(request, _("Update recorded."))
                if not request.headers.get("HX-Request"):
                    return redirect("coordination:action_item_detail", pk=pk)
                item = action_queries.visible_item(request.scope, pk)
                form = UpdateForm(current=item.status)
        if form.errors:
            status = 422
    context = {
        "active_nav": "action_items",
        "item": item,
        "decision": item.decision,
        "meeting": item.decision.meeting,
        "updates": list(item.updates.all()),
        "perms": perms,
        "form": form,
        "days_overdue": action_queries.days_overdue(item),
    }
    if request.headers.get("HX-Request"):
        # htmx swaps the follow-up section only; a 422 would not be swapped, so errors come back as 200.
        return render(request, "coordination/action_item_follow_up.html", context)
    return render(request, "coordination/action_item_detail.html", context, status=status)
