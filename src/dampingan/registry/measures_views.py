"""The poverty measures page (/ukuran-kemiskinan/): the multidimensional poverty index and the desil
distribution per kelurahan or kecamatan of the user's scope, with the cutoff k chosen on the page.
Aggregates only (registry/measures.py); every role sees its own area."""

from __future__ import annotations

from fractions import Fraction

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from . import measures
from .queries import current_release

CUTOFFS = [
    ("1/5", _("1/5 (20 %)")),
    ("1/4", _("1/4 (25 %)")),
    ("1/3", _("1/3 (33 %, as the global MPI)")),
    ("2/5", _("2/5 (40 %)")),
    ("1/2", _("1/2 (50 %)")),
]


class MeasuresForm(forms.Form):
    k = forms.ChoiceField(label=_("Poverty cutoff k"), choices=CUTOFFS, initial="1/3", required=False)
    level = forms.ChoiceField(
        label=_("Areas"),
        choices=[("kelurahan", _("Kelurahan")), ("kecamatan", _("Kecamatan"))],
        initial="kelurahan",
        required=False,
    )
    unit = forms.ChoiceField(
        label=_("Count"),
        choices=[("household", _("Households")), ("person", _("Persons"))],
        initial="household",
        required=False,
    )

    def choice(self, name: str) -> str:
        """The valid value of a field, or its default (an unknown k from a hand-edited address shows 1/3)."""
        if self.is_bound:
            self.is_valid()
        value = getattr(self, "cleaned_data", {}).get(name)
        return value or str(self.fields[name].initial)


def _percent(value: object) -> float | None:
    return None if value is None else 100 * float(value)  # type: ignore[arg-type]


def _with_percents(row: dict[str, object], keys: tuple[str, ...]) -> dict[str, object]:
    """``row`` with ``<key>_pct`` (0-100) for each share in ``keys``, for the template."""
    return {**row, **{f"{key}_pct": _percent(row.get(key)) for key in keys}}


@login_required
def measures_page(request: HttpRequest) -> HttpResponse:
    asked = MeasuresForm(request.GET or None)
    k, level, unit = (asked.choice(name) for name in ("k", "level", "unit"))
    form = MeasuresForm({"k": k, "level": level, "unit": unit})  # shows what is computed
    context: dict[str, object] = {"active_nav": "registry", "form": form, "level": level, "unit": unit}
    if current_release() is not None:
        report, desil = measures.reports_for(request.user, k=Fraction(k))
        weights = report.indicator_set.weights
        context.update(
            release=report.release,
            report=report,
            rows=[
                {
                    **_with_percents(row, ("H", "A")),
                    "dimension_pct": [_percent(row["by_dimension"][key]) for key in measures.mpi_indicators.DIMENSIONS],
                }
                for row in report.rows(level, unit)
            ],
            total=_with_percents(report.area("all", "", unit) or {}, ("H", "A")),
            desil_rows=[
                _with_percents(row, ("share_1_4_households", "share_1_4_persons"))
                for row in desil.summary.filter(desil.summary["level"] == level).iter_rows(named=True)
            ],
            dimensions=[(key, measures.DIMENSION_LABELS[key]) for key in measures.mpi_indicators.DIMENSIONS],
            indicators=[
                {
                    **_with_percents(row, ("uncensored", "censored", "contribution")),
                    "label": measures.INDICATOR_LABELS[row["indicator"]][0],
                    "definition": measures.INDICATOR_LABELS[row["indicator"]][1],
                    "dimension_label": measures.DIMENSION_LABELS[row["dimension"]],
                    "fraction": weights[row["indicator"]],
                }
                for row in report.indicators.filter(
                    (report.indicators["level"] == "all") & (report.indicators["unit"] == unit)
                ).iter_rows(named=True)
            ],
        )
    return render(request, "registry/measures.html", context)
