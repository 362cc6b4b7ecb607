"""Forms of the map page and of the boundary upload."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .choropleth import MAX_CLASSES, Method
from .map_indicators import MAP_INDICATORS
from .models import BoundaryFormat


class MapChoiceForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"), required=False)
    method = forms.ChoiceField(
        label=_("Classes by"),
        required=False,
        choices=[(Method.QUANTILE.value, _("Quantiles")), (Method.EQUAL_INTERVAL.value, _("Equal intervals"))],
    )
    classes = forms.TypedChoiceField(
        label=_("Number of classes"),
        required=False,
        coerce=int,
        choices=[(n, str(n)) for n in range(3, MAX_CLASSES + 1)],
        empty_value=5,  # type: ignore[arg-type]  # any value may stand for "empty"; the stubs allow only a str
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["indicator"]).choices = [(i.key, i.label) for i in MAP_INDICATORS]

    def choice(self) -> tuple[str, str, int]:
        """(indicator key, method, classes), the defaults where the query string was wrong or empty."""
        data = self.cleaned_data if self.is_valid() else {}
        return (
            data.get("indicator") or MAP_INDICATORS[0].key,
            data.get("method") or Method.QUANTILE.value,
            data.get("classes") or 5,
        )


class BoundaryUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Boundary file (.sql of wilayah_boundaries, .geojson or .json)"),
        help_text=_("Kemendagri codes identify the regions; features of other regions are left out."),
    )
    file_format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("Recognise from the content")), *BoundaryFormat.choices],
    )
    code_property = forms.CharField(
        label=_("GeoJSON property holding the code"),
        required=False,
        max_length=80,
        help_text=_("Leave empty to recognise it (kode, code, kode_wilayah, KDEPUM, …)."),
    )

    # A kab/kota's kelurahan file upstream is at most about 1.5 MB; a province's GeoJSON may be larger.
    MAX_BYTES = 50 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB; upload the file of your kabupaten/kota."))
        return upload


class BoundaryConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    skip_unmatched = forms.BooleanField(
        label=_("Import the matching features and leave out those that match no region"), required=False
    )
