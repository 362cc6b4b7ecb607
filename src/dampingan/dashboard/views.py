"""The dashboard (``/dasbor/``, every signed-in role, its own scope) and the public page (``/publik/``, no
login, aggregates with small cells hidden). Views parse the request, call the queries, render."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dampingan.access.requests import SignedInRequest
from dampingan.coordination.action_queries import DUE_OVERDUE, RELATED, days_overdue, visible_action_items
from dampingan.geo.maps import kelurahan_map

from . import headline, map_choices, public, ranking
from .columns import COLUMNS, Column
from .release_labels import release_label

OVERDUE_SHOWN = 10


@dataclass(frozen=True)
class ColumnLink:
    column: Column
    link: str  # the address that sorts by this column


def _column_links(current: str, chosen_map: str) -> list[ColumnLink]:
    """Each column with the address that sorts by it: names A-Z and figures highest first, then the other
    way round when the ranking is already so."""
    links = []
    for column in COLUMNS:
        first = column.key if not column.numeric else f"-{column.key}"
        other = f"-{column.key}" if first == column.key else column.key
        query = urlencode({"urut": other if current == first else first, "peta": chosen_map})
        links.append(ColumnLink(column, f"?{query}#peringkat"))
    return links


@login_required
def dashboard(request: SignedInRequest) -> HttpResponse:
    today = timezone.localdate()
    found = ranking.kelurahan_ranking(request.scope, sort=request.GET.get("urut"), today=today)
    choice = map_choices.map_choice(request.GET.get("peta"))
    rows = found.rows
    the_map = kelurahan_map(
        {row.code: choice.value(row) for row in rows},
        title=str(choice.label),
        unit=choice.unit,
        suppressed=found.suppressed if choice.from_registry else frozenset(),
        palette=choice.palette,
        decimals=choice.decimals,
        note=str(choice.description),
    )
    overdue = visible_action_items(request.scope).overdue(today)
    overdue_items = list(overdue.select_related(*RELATED).order_by("due_date", "pk")[:OVERDUE_SHOWN])
    for item in overdue_items:
        item.days_overdue = days_overdue(item, today)
    context = {
        "active_nav": "dashboard",
        "headline": headline.headline(),
        "ranking": found,
        "rows": rows,
        "release": release_label(found.release),
        "columns": _column_links(found.sort, choice.key),
        "map": the_map,
        "map_choices": map_choices.MAP_CHOICES,
        "map_choice": choice,
        "overdue_count": overdue.count(),
        "overdue_items": overdue_items,
        "overdue_url": f"{reverse('coordination:action_item_list')}?due={DUE_OVERDUE}",
    }
    return render(request, "dashboard/dashboard.html", context)


@require_GET
def public_page(request: HttpRequest) -> HttpResponse:
    """The same page for every visitor: no session, no CSRF cookie (its layout has no form), cacheable."""
    summary = public.public_summary()
    the_map = kelurahan_map(
        {area.code: _percent(area.desil_1_4_share) for area in summary.kelurahan},
        title=_("Households in desil 1-4"),
        unit="%",
        suppressed=summary.suppressed_kelurahan,
        palette=map_choices.WORSE_WHEN_HIGHER,
        decimals=1,
        note=_("Share of the ranked households of the registry in desil 1-4 (the poorest 40 %)."),
    )
    context = {
        "headline": headline.headline(server_csv=False, published_only=True),
        "summary": summary,
        "release": release_label(summary.release),
        "map": the_map,
    }
    response = render(request, "dashboard/public.html", context)
    patch_cache_control(response, public=True, max_age=public.CACHE_SECONDS)
    # The language comes from a cookie (core.middleware): a shared cache keeps one copy per language.
    patch_vary_headers(response, ["Cookie"])
    return response


def _percent(ratio: float | None) -> float | None:
    return None if ratio is None else 100 * ratio
