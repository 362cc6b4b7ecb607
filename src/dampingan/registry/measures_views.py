"""The poverty measures page (/ukuran-kemiskinan/): the multidimensional poverty index and the desil
distribution per kelurahan or kecamatan of the user's scope, with the cutoff k chosen on the page.
Aggregates only (registry/measures.py); every role sees its own area."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from fractions import Fraction
from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from dampingan.access.requests import SignedInRequest
from dampingan.lib.spreadsheets import TableError, check_upload

from . import fgt_input, measures
from .models import RegistryRelease, ReleaseStatus
from .queries import current_release, visible_releases

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

    release = forms.TypedChoiceField(label=_("Registry release"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, releases: Sequence[RegistryRelease] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["release"]).choices = [(r.pk, _release_label(r)) for r in releases]
        if releases:
            self.fields["release"].initial = releases[0].pk

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


def _release_label(release: RegistryRelease) -> str:
    day = formats.date_format(release.data_date, "M Y") if release.data_date else ""
    return f"{release}{f' ({day})' if day else ''}"


@login_required
def measures_page(request: SignedInRequest) -> HttpResponse:
    # The releases whose figures a user may read, newest first; the current one by default.
    current = current_release()
    releases = [r for r in visible_releases(request.scope) if r.status != ReleaseStatus.DRAFT]
    if current is not None:
        releases.sort(key=lambda r: (r.pk != current.pk, -(r.data_date or dt.date.min).toordinal()))
    asked = MeasuresForm(request.GET or None, releases=releases)
    k, level, unit, chosen = (asked.choice(name) for name in ("k", "level", "unit", "release"))
    form = MeasuresForm({"k": k, "level": level, "unit": unit, "release": chosen}, releases=releases)
    context: dict[str, object] = {"active_nav": "registry", "form": form, "level": level, "unit": unit}
    if current is not None:
        report, desil = measures.reports_for(request.scope, release_id=int(chosen), k=Fraction(k))
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


class FgtForm(forms.Form):
    file = forms.FileField(
        label=_("Table of per-capita expenditure (.xlsx or .csv)"),
        required=False,
        help_text=_(
            "Columns: pengeluaran (per capita per month), and if the table has them bobot, jumlah ART, "
            "garis kemiskinan per row, and the area to group by (kelurahan, kode kelurahan, kode wilayah …)."
        ),
    )
    line = forms.CharField(
        label=_("Poverty line (Rp per capita per month)"),
        required=False,
        help_text=_("For rows without their own line, e.g. 502.031."),
    )
    group_column = forms.CharField(label=_("Group column"), required=False, max_length=120)
    # The table already sent, kept for a quarter of an hour so that naming the group column needs no new upload.
    token = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > fgt_input.MAX_FILE_BYTES:
                raise forms.ValidationError(_("The file is larger than 20 MB."))
            # Refused before the table is read and kept: empty, renamed, a zip bomb.
            try:
                check_upload(upload, upload.name or "")
            except TableError as exc:
                raise forms.ValidationError(str(exc)) from exc
            data["content"], data["file_name"] = upload.read(), upload.name
            data["token"] = fgt_input.keep_table(data["content"], data["file_name"])
        elif data.get("token") and (kept := fgt_input.kept_table(data["token"])) is not None:
            data["content"], data["file_name"] = kept
        else:
            raise forms.ValidationError(_("Choose the table to measure."))
        return data


@login_required
def fgt_page(request: SignedInRequest) -> HttpResponse:
    """FGT P0, P1 and P2 of an uploaded table of per-capita expenditure, total and per group; nothing stored
    (the same reading and formula as ``POST /api/measures/fgt/table``)."""
    form = FgtForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"active_nav": "registry", "form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            table = fgt_input.frame_from_table(data["content"], data["file_name"], data["group_column"])
            line = fgt_input.parse_number(data["line"], "line") if data["line"].strip() else None
            result = fgt_input.measure(table.frame, line, table.rows)
        except fgt_input.FgtInputError as error:
            context["errors"] = error.messages()
        except (fgt_input.MissingLine, ValueError) as error:
            form.add_error("line", str(error))
        else:
            context.update(result=result, table=table, file_name=data["file_name"], token=data["token"])
    return render(request, "registry/fgt.html", context, status=422 if context.get("errors") else 200)
