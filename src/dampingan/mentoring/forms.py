from django import forms
from django.utils.translation import gettext_lazy as _

from dampingan.lib.spreadsheets import TableError, check_upload

from .models import Decree, Opd, ProblemCategory, ProgrammeSettings
from .services import OWN_OPD_FIELDS


def _checked_table(upload):
    """An uploaded table that a reader may open: not empty, not renamed, not a zip bomb."""
    try:
        check_upload(upload, upload.name or "")
    except TableError as exc:
        raise forms.ValidationError(str(exc)) from exc
    return upload


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

    def __init__(self, *args, own_opd_only: bool = False, **kwargs):
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

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB; an OPD list is much smaller."))
        if not upload.name.lower().endswith((".xlsx", ".xls", ".csv")):
            raise forms.ValidationError(_("Upload a .xlsx, .xls or .csv file."))
        return _checked_table(upload)


class DecreeForm(forms.ModelForm):
    class Meta:
        model = Decree
        fields = ["number", "date", "signer", "title", "valid_from", "valid_until", "status", "notes"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_until": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    # The period's order is the model's rule (Decree.clean), checked by the form's model validation.
    pdf = forms.FileField(label=_("Decree (PDF)"), required=False)


class DecreeLinesForm(forms.Form):
    """One OPD choice per kelurahan of the deployment: the whole decree on one screen."""

    def __init__(self, *args, villages, opds, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *((str(o.pk), f"{o.abbreviation} — {o.name}") for o in opds)]
        self.villages = list(villages)
        for village in self.villages:
            self.fields[f"line_{village.code}"] = forms.ChoiceField(label=village.name, choices=choices, required=False)

    def rows(self):
        """(village, bound field) pairs for the template."""
        return [(v, self[f"line_{v.code}"]) for v in self.villages]

    def chosen(self) -> dict[str, int]:
        """kelurahan code → OPD id for every row with an OPD."""
        return {name.removeprefix("line_"): int(value) for name, value in self.cleaned_data.items() if value}


class DecreeImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (.xlsx, .xls or .csv)"),
        help_text=_(
            "One line per row: a kelurahan code or name, and the OPD's abbreviation or name. "
            "The file replaces the decree's lines."
        ),
    )

    # A decree has a line per kelurahan: a few hundred rows, a few kilobytes.
    MAX_MB = 2

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_MB * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than %(limit)s MB.") % {"limit": self.MAX_MB})
        return _checked_table(upload)


class ProgrammeSettingsForm(forms.ModelForm):
    class Meta:
        model = ProgrammeSettings
        fields = ["max_kelurahan_per_opd"]
