"""Pages of the TKPK structure: the team in force (or of a date, or of a past period), read by everyone
logged in, and the form on which the TKPK administrator records a team. Views parse input, call services,
render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from dampingan.access.requests import SignedInRequest

from . import tkpk, tkpk_queries
from .models import TkpkTeam
from .tkpk_forms import SeatFormSet, TeamForm, seat_initial, team_data


def _team_page(request: SignedInRequest, team: TkpkTeam | None, on: dt.date | None) -> HttpResponse:
    today = timezone.localdate()
    current = tkpk_queries.team_in_force(today)
    return render(
        request,
        "coordination/tkpk_team.html",
        {
            "active_nav": "tkpk",
            "team": team,
            "structure": tkpk_queries.structure(team) if team else None,
            "on": on,
            "on_value": (on or today).isoformat(),
            "in_force": team is not None and current is not None and team.pk == current.pk,
            "periods": list(tkpk_queries.teams()),
            "can_manage": tkpk.may_manage_team(request.scope),
        },
    )


@login_required
def tkpk_team(request: SignedInRequest) -> HttpResponse:
    """The team in force today, or on ``?tanggal=YYYY-MM-DD``."""
    on = None
    if text := request.GET.get("tanggal", "").strip():
        try:
            on = dt.date.fromisoformat(text)
        except ValueError:
            messages.error(request, _("“%(text)s” is not a date; write it as YYYY-MM-DD.") % {"text": text})
    return _team_page(request, tkpk_queries.team_in_force(on), on)


@login_required
def tkpk_team_period(request: SignedInRequest, pk: int) -> HttpResponse:
    return _team_page(request, get_object_or_404(TkpkTeam, pk=pk), None)


@login_required
def tkpk_team_edit(request: SignedInRequest, pk: int | None = None) -> HttpResponse:
    """Record a new team (no ``pk``: prefilled from the team in force) or correct one."""
    if not tkpk.may_manage_team(request.scope):
        raise PermissionDenied("tkpk structure")
    team = get_object_or_404(TkpkTeam, pk=pk) if pk is not None else None
    source = team or tkpk_queries.team_in_force()
    initial: dict[str, Any] = TeamForm.initial_from(source, copy=team is None) if source else {}
    form = TeamForm(request.POST or None, initial=initial)
    seats = SeatFormSet(request.POST or None, initial=seat_initial(source) if source else None, prefix="seat")
    if request.method == "POST" and form.is_valid() and seats.is_valid():
        try:
            saved = tkpk.save_team(request.user, team, team_data(form, seats))
        except ValidationError as exc:
            # Seat problems name their seat number, so they sit above the form with the other general ones.
            for name, errors in exc.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("TKPK team of decree %(decree)s saved.") % {"decree": saved.decree_number})
            return redirect("coordination:tkpk_team_period", pk=saved.pk)
    return render(
        request,
        "coordination/tkpk_team_form.html",
        {
            "active_nav": "tkpk",
            "form": form,
            "seats": seats,
            "team": team,
            "copied_from": source if team is None else None,
        },
        status=422 if form.is_bound and (form.errors or seats.errors) else 200,
    )
