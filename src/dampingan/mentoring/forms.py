from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Opd, ProblemCategory
from .services import OWN_OPD_FIELDS


class OpdForm(forms.ModelForm):
    problem_categories = forms.MultipleChoiceField(
        label=_("Problem categories it can act on"),
        choices=ProblemCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Opd
        fields = [
            "name",
            "abbreviation",
            "kind",
            "head_name",
            "head_position",
            "phone",
            "email",
            "address",
            "problem_categories",
            "is_active",
        ]

    def __init__(self, *args, own_opd_only: bool = False, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if own_opd_only:
            for name in list(self.fields):
                if name not in OWN_OPD_FIELDS:
                    del self.fields[name]


class OpdImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (.xlsx, .xls or .csv)"),
        help_text=_("One OPD per row. Existing OPDs are matched by abbreviation and updated."),
    )

    MAX_BYTES = 2 * 1024 * 1024

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB; an OPD list is much smaller."))
        if not upload.name.lower().endswith((".xlsx", ".xls", ".csv")):
            raise forms.ValidationError(_("Upload a .xlsx, .xls or .csv file."))
        return upload
