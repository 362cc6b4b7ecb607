from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from dampingan.lib.spreadsheets import SUPPORTED_SUFFIXES, TableError, check_upload

from . import imports, queries
from .models import Indicator, IndicatorImport, Kind


class FigureForm(forms.Form):
    """One figure. Values are text so that "7,59" reaches the service, which says what is wrong with it."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.VALUE)
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.all(), to_field_name="code")
    region = forms.ChoiceField(label=_("Region"))
    year = forms.CharField(label=_("Year"), max_length=4, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    value = forms.CharField(
        label=_("Value"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("Decimals with a comma, e.g. 7,59; a count without separators or with dots: 20.520."),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=250,
        help_text=_(
            "For a value: publisher and survey (BPS Kota Pekalongan, Susenas Maret 2020); for a target: "
            "the plan (RPJMD Kota Pekalongan 2021-2026)."
        ),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    # Offered (entry.html) only once the service has said that a figure exists: the user confirms with the
    # old value in view.
    replace = forms.BooleanField(label=_("Replace the existing figure"), required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["region"]).choices = [(c.code, c.label) for c in queries.region_choices()]
        # Names that carry their code already ("Poverty rate (P0)") are not followed by it twice. Replacing
        # ``label_from_instance`` on the instance is Django's documented way; mypy takes the instance attribute
        # for the unbound method.
        cast(forms.ModelChoiceField, self.fields["indicator"]).label_from_instance = lambda i: (  # type: ignore[method-assign,assignment]
            i.label if f"({i.code})" in i.label else f"{i.label} ({i.code})"
        )
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            (value, capfirst(label)) for value, label in Kind.choices
        ]
        self.fields["year"].initial = timezone.localdate().year - 1


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv"}),
        help_text=_("At most %(mb)s MB and %(rows)s rows.") % {"mb": imports.MAX_FILE_MB, "rows": imports.MAX_ROWS},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(SUPPORTED_SUFFIXES):
            raise forms.ValidationError(_("The file %(name)s is not a CSV, XLSX or XLS file.") % {"name": upload.name})
        if upload.size > imports.MAX_FILE_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file %(name)s is larger than %(mb)s MB.") % {"name": upload.name, "mb": imports.MAX_FILE_MB}
            )
        try:
            check_upload(upload, upload.name or "")
        except TableError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    expected_conflicts = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    on_conflict = forms.ChoiceField(
        label=_("Figures that already exist"),
        choices=IndicatorImport.OnConflict.choices,
        widget=forms.RadioSelect,
        required=False,
    )
