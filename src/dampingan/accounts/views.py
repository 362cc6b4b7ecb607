from typing import cast

from auditlog.models import LogEntry
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dampingan.access.audit import field_changes
from dampingan.access.requests import SignedInRequest
from dampingan.access.roles import Capability
from dampingan.lib.service_input import service_input

from . import personal, queries, reset_limits, services
from .access_labels import describe_access
from .forms import ApiTokenForm, AuditFilterForm, UserForm
from .models import ApiToken, User
from .services import UserFields


def locked_out(request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None) -> HttpResponse:
    """The page of a login refused by django-axes (settings.AXES_LOCKOUT_CALLABLE), in the user's language."""
    cooloff = settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(cooloff.total_seconds() // 60) if cooloff else None,
    }
    return render(request, "registration/locked_out.html", context, status=429)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's "forgotten password" page, with a limit on the e-mails it sends (``accounts.reset_limits``)."""

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        if not reset_limits.allow_reset_email(form.cleaned_data["email"], self.request.META.get("REMOTE_ADDR")):
            form.add_error(
                None,
                _(
                    "Too many requests for a new password from this address or this computer. Check your inbox "
                    "(and spam folder) for the link already sent, or try again in an hour."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


@login_required
def account(request: SignedInRequest) -> HttpResponse:
    scope = request.scope
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and scope.can(Capability.USE_API) and form.is_valid():
        _token, new_key = services.issue_api_token(request.user, form.cleaned_data["name"])
        form = ApiTokenForm()
    context = {
        "active_nav": "account",
        "form": form,
        "new_key": new_key,
        "tokens": request.user.api_tokens.filter(revoked_at__isnull=True),
        "can_use_api": scope.can(Capability.USE_API),
    }
    return render(request, "accounts/account.html", context)


@require_POST
@login_required
def token_revoke(request: SignedInRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.active(), pk=pk, user=request.user)
    services.revoke_api_token(request.user, token)
    messages.success(request, _("Token %(name)s revoked.") % {"name": token.name})
    return redirect("accounts:account")


@login_required
def user_list(request: SignedInRequest) -> HttpResponse:
    request.scope.require(Capability.MANAGE_USERS)
    users = User.objects.select_related("opd", "region").order_by("role", "username")
    return render(request, "accounts/user_list.html", {"active_nav": "users", "users": users})


@login_required
def user_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    request.scope.require(Capability.MANAGE_USERS)
    person = personal.account(request.user, pk)
    history = LogEntry.objects.get_for_object(person).select_related("actor")[:20]
    return render(request, "accounts/user_detail.html", {"active_nav": "users", "person": person, "history": history})


@login_required
def user_form(request: SignedInRequest, pk: int | None = None) -> HttpResponse:
    request.scope.require(Capability.MANAGE_USERS)
    person = get_object_or_404(User, pk=pk) if pk else User()
    form = UserForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        data = service_input(UserFields, {k: v for k, v in form.cleaned_data.items() if k != "password"})
        person = services.save_user(request.user, person, data, form.cleaned_data["password"])
        messages.success(request, _("Account %(name)s saved.") % {"name": person.username})
        return redirect("accounts:user_detail", pk=person.pk)
    return render(request, "accounts/user_form.html", {"active_nav": "users", "form": form, "person": person})


@login_required
def audit_log(request: SignedInRequest) -> HttpResponse:
    request.scope.require(Capability.VIEW_AUDIT_LOG)
    form = AuditFilterForm(request.GET or None)
    cast(forms.ChoiceField, form.fields["action"]).choices = [("", _("All"))] + [
        (str(k), v) for k, v in queries.ACTION_LABELS.items()
    ]
    # An audited content type is one of the project's models: its class is there.
    cast(forms.ChoiceField, form.fields["model"]).choices = [("", _("All"))] + [
        (str(ct.pk), cast(type[Model], ct.model_class())._meta.verbose_name) for ct in queries.audited_content_types()
    ]
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(queries.search_audit_log(filters), 50).get_page(request.GET.get("page"))
    personal.audit_log(request.user, len(page), filters.get("q", ""))
    for entry in page:
        entry.action_label = queries.ACTION_LABELS.get(entry.action, entry.action)
        entry.field_changes = field_changes(entry)
        entry.access_label = describe_access(entry.additional_data) if entry.action == LogEntry.Action.ACCESS else ""
    query = request.GET.copy()
    query.pop("page", None)
    # htmx asks for the results only, as the filters change; a plain request gets the whole page.
    template = "accounts/_audit_entries.html" if request.headers.get("HX-Request") else "accounts/audit_log.html"
    # A text search opens the folded field lists, so the match shows where it was found.
    expand = bool(filters.get("q"))
    return render(
        request,
        template,
        {"active_nav": "audit", "form": form, "page": page, "query": query.urlencode(), "expand": expand},
    )
