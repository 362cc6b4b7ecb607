"""The targeting page and its .xlsx export: coverage, uncovered priority households, overlap, leakage and
budget per household reached, for the user's scope or a kecamatan/kelurahan within it.

Aggregates are visible to every role; the household lists need ``VIEW_PERSONAL_DATA``, are masked
without ``VIEW_IDENTIFIERS`` and logged. The page and the export run ``targeting_data.targeting_for``,
the path bench/targeting.py measures.
"""

from __future__ import annotations

from typing import Any, cast

import polars as pl
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dampingan.access.personal import Purpose
from dampingan.access.requests import SignedInRequest
from dampingan.access.roles import Capability
from dampingan.access.scope import Scope
from dampingan.analytics.targeting import DEFAULT_K, Targeting
from dampingan.lib.spreadsheets import write_xlsx
from dampingan.regions.models import Region
from dampingan.regions.queries import visible_regions
from dampingan.registry.deprivations import DEPRIVATIONS

from . import personal, targeting_data
from .models import Strategy

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50
MAX_K = 10


class TargetingForm(forms.Form):
    kecamatan = forms.ChoiceField(label=gettext_lazy("Kecamatan"), required=False)
    kelurahan = forms.ChoiceField(label=gettext_lazy("Kelurahan"), required=False)
    k = forms.IntegerField(
        label=gettext_lazy("Overlap: reached by at least"),
        min_value=1,
        max_value=MAX_K,
        required=False,
        help_text=gettext_lazy("interventions"),
    )

    def __init__(self, scope: Scope, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        villages = visible_regions(scope).villages().select_related("parent").order_by("code")
        kecamatan = {v.parent_id: v.parent.name for v in villages if v.parent is not None}
        everything = [("", _("All in my work area"))]
        cast(forms.ChoiceField, self.fields["kecamatan"]).choices = everything + sorted(kecamatan.items())
        # A kelurahan always lies in a kecamatan (the line above tolerates none; this one never did).
        cast(forms.ChoiceField, self.fields["kelurahan"]).choices = everything + [
            (v.code, f"{v.name} ({cast(Region, v.parent).name})") for v in villages
        ]
        self.fields["k"].widget.attrs["placeholder"] = str(DEFAULT_K)


def _selection(request: SignedInRequest) -> tuple[TargetingForm, str, str, int]:
    form = TargetingForm(request.scope, request.GET)
    if not form.is_valid():
        # A code outside the choices is outside the scope (or does not exist): as for every scoped record.
        if "kecamatan" in form.errors or "kelurahan" in form.errors:
            raise Http404("area outside the scope")
        return form, "", "", DEFAULT_K
    data = form.cleaned_data
    return form, data["kelurahan"], "" if data["kelurahan"] else data["kecamatan"], data["k"] or DEFAULT_K


def _names(result: Targeting) -> dict[str, str]:
    codes = result.summary.filter(pl.col("level") != "all")["area"].to_list()
    return dict(Region.objects.filter(code__in=codes).values_list("code", "name"))


def _rows(result: Targeting, level: str, names: dict[str, str]) -> list[dict[str, Any]]:
    rows = result.summary.filter(pl.col("level") == level).to_dicts()
    strategies = result.by_strategy.filter(pl.col("level") == level)
    for row in rows:
        row["name"] = names.get(row["area"], row["area"])
        for key in ("planned", "realised", "planned_per_household", "realised_per_household"):
            row[key] = targeting_data.rupiah(row[key])
        row["strategies"] = strategies.filter(pl.col("area") == row["area"]).to_dicts()
        for entry in (row, *row["strategies"]):
            for key in ("coverage", "exclusion_error", "leakage"):
                if key in entry:
                    entry[f"{key}_pct"] = None if entry[key] is None else 100 * entry[key]
    return rows


def _page(request: SignedInRequest, frame: pl.DataFrame, purpose: str) -> Any:
    """One page of the household ids of a list."""
    return Paginator(frame["household"].to_list(), PAGE_SIZE).get_page(request.GET.get(f"{purpose}_page"))


def _fill(page: Any, frame: pl.DataFrame, details: dict[int, Any]) -> Any:
    """The page's ids replaced by their rows of ``frame`` with the household as shown."""
    extra = {row["household"]: row for row in frame.filter(pl.col("household").is_in(list(page))).to_dicts()}
    page.object_list = [{**extra[pk], "household": details[pk]} for pk in page]
    return page


@login_required
def targeting_page(request: SignedInRequest) -> HttpResponse:
    form, kelurahan, kecamatan, k = _selection(request)
    result, frames = targeting_data.targeting_for(request.scope, kecamatan=kecamatan, kelurahan=kelurahan, k=k)
    names = _names(result)
    scope = request.scope
    context: dict[str, Any] = {
        "active_nav": "interventions",
        "form": form,
        "release": frames.release,
        "k": k,
        "selected": kelurahan or kecamatan,
        "selected_name": names.get(kelurahan or kecamatan, ""),
        "total": _rows(result, "all", names)[0],
        "kecamatan_rows": _rows(result, "kecamatan", names) if not kelurahan else [],
        "kelurahan_rows": _rows(result, "kelurahan", names),
        "strategy_labels": dict(Strategy.choices),
        "can_see_people": scope.can(Capability.VIEW_PERSONAL_DATA),
        "query": request.GET.urlencode(),
    }
    if context["can_see_people"] and frames.release is not None:
        uncovered = _page(request, result.uncovered, "uncovered")
        overlap = _page(request, result.overlap, "overlap")
        details = personal.targeting_households(
            request.user,
            frames.release,
            [*uncovered, *overlap],
            detail=f"targeting lists: {kelurahan or kecamatan or 'scope'}; k={k}",
        )
        uncovered, overlap = _fill(uncovered, result.uncovered, details), _fill(overlap, result.overlap, details)
        query = request.GET.copy()
        for name in ("uncovered_page", "overlap_page"):
            query.pop(name, None)
        context.update({"uncovered": uncovered, "overlap": overlap, "list_query": query.urlencode()})
    return render(request, "interventions/targeting_page.html", context)


def _summary_sheet(result: Targeting, names: dict[str, str]) -> pl.DataFrame:
    levels = {"kelurahan": _("Kelurahan"), "kecamatan": _("Kecamatan"), "all": _("All in the work area")}
    rows = [
        {
            _("Level"): levels[row["level"]],
            _("Code"): row["area"],
            _("Area"): names.get(row["area"], levels["all"] if row["level"] == "all" else row["area"]),
            _("Households"): row["households"],
            _("Desil 1-4 households"): row["eligible"],
            _("Reached"): row["reached"],
            _("Proposed only"): row["proposed_only"],
            _("Not reached"): row["uncovered"],
            _("Coverage (%)"): None if row["coverage"] is None else round(100 * row["coverage"], 2),
            _("Exclusion error (%)"): None
            if row["exclusion_error"] is None
            else round(100 * row["exclusion_error"], 2),
            _("Overlap households (k=%(k)s)") % {"k": result.k}: row["overlap"],
            _("Beneficiary links"): row["links"],
            _("Outside the registry"): row["outside_registry"],
            _("Desil 5 and above"): row["desil_5_plus"],
            _("Unranked"): row["unranked"],
            _("Leakage (%)"): None if row["leakage"] is None else round(100 * row["leakage"], 2),
            _("Households reached (any desil)"): row["reached_households"],
            _("Planned budget (Rp)"): targeting_data.rupiah(row["planned"]),
            _("Realised budget (Rp)"): targeting_data.rupiah(row["realised"]),
            _("Planned per household reached (Rp)"): targeting_data.rupiah(row["planned_per_household"]),
            _("Realised per household reached (Rp)"): targeting_data.rupiah(row["realised_per_household"]),
        }
        for row in result.summary.iter_rows(named=True)
    ]
    return pl.DataFrame(rows, infer_schema_length=None)


def _strategy_sheet(result: Targeting, names: dict[str, str]) -> pl.DataFrame:
    labels = dict(Strategy.choices)
    return pl.DataFrame(
        [
            {
                _("Code"): row["area"],
                _("Area"): names.get(row["area"], _("All in the work area") if row["level"] == "all" else row["area"]),
                _("Strategy"): str(labels[row["strategy"]]),
                _("Desil 1-4 households"): row["eligible"],
                _("Reached"): row["reached"],
                _("Coverage (%)"): None if row["coverage"] is None else round(100 * row["coverage"], 2),
            }
            for row in result.by_strategy.iter_rows(named=True)
        ],
        infer_schema_length=None,
    )


def _household_sheet(frame: pl.DataFrame, details: dict[int, Any], extra: dict[str, str]) -> pl.DataFrame:
    yes = _("yes")
    headers = [_("Kecamatan"), _("Kelurahan"), _("Registry household id"), _("Address"), _("RT"), _("RW")]
    headers += [_("Household head"), _("Head's NIK"), _("Desil"), *extra.values()]
    headers += [str(d.label) for d in DEPRIVATIONS]
    if not frame.height:
        return pl.DataFrame(schema=dict.fromkeys(headers, pl.String))
    rows = []
    for row in frame.iter_rows(named=True):
        household = details[row["household"]]
        flags = {d.key for d in household.flags}
        rows.append(
            {
                _("Kecamatan"): household.kelurahan.parent.name if household.kelurahan.parent else "",
                _("Kelurahan"): household.kelurahan.name,
                _("Registry household id"): household.registry_id,
                _("Address"): household.address,
                _("RT"): household.rt,
                _("RW"): household.rw,
                _("Household head"): household.head_name,
                _("Head's NIK"): household.head_nik,
                _("Desil"): row["desil"],
                **{label: row[key] for key, label in extra.items()},
                **{str(d.label): yes if d.key in flags else "" for d in DEPRIVATIONS},
            }
        )
    return pl.DataFrame(rows, infer_schema_length=None)


@login_required
def targeting_export(request: SignedInRequest) -> HttpResponse:
    """The page's tables as .xlsx; the household lists only for roles that may see personal data."""
    _form, kelurahan, kecamatan, k = _selection(request)
    result, frames = targeting_data.targeting_for(request.scope, kecamatan=kecamatan, kelurahan=kelurahan, k=k)
    names = _names(result)
    sheets = {_("Summary"): _summary_sheet(result, names), _("By strategy"): _strategy_sheet(result, names)}
    scope = request.scope
    if scope.can(Capability.VIEW_PERSONAL_DATA) and frames.release is not None:
        details = personal.targeting_households(
            request.user,
            frames.release,
            [*result.uncovered["household"], *result.overlap["household"]],
            detail=f"targeting .xlsx: {kelurahan or kecamatan or 'scope'}; k={k}",
            purpose=Purpose.EXPORT,
        )
        sheets[_("Not reached")] = _household_sheet(result.uncovered, details, {"proposed_only": _("Proposed only")})
        sheets[_("Overlap")] = _household_sheet(
            result.overlap,
            details,
            {
                "interventions": _("Interventions"),
                "poorer_unreached": _("Poorer households not reached"),
                "poorest_unreached_desil": _("Poorest desil not reached"),
            },
        )
    response = HttpResponse(write_xlsx(sheets), content_type=XLSX)
    name = f"sasaran-{kelurahan or kecamatan or 'semua'}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
