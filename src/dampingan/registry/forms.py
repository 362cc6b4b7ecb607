from django import forms
from django.utils.translation import gettext_lazy as _


class ApprovalForm(forms.Form):
    sk_number = forms.CharField(label=_("SK number"), max_length=120)
    sk_date = forms.DateField(label=_("SK date"), widget=forms.DateInput(attrs={"type": "date"}))


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Registry file (.xlsx, .xls or .csv)"))
    source = forms.ChoiceField(label=_("Source"), choices=[])
    sk_number = forms.CharField(label=_("SK number"), max_length=120, required=False)
    sk_date = forms.DateField(label=_("SK date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    data_date = forms.DateField(label=_("Data as of"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        from .codes import Source

        super().__init__(*args, **kwargs)
        self.fields["source"].choices = Source.choices

    def clean_file(self):  # type: ignore[no-untyped-def]
        from .imports import MAX_FILE_MB

        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB. Split it by kecamatan and upload the parts.")
                % {"limit": MAX_FILE_MB}
            )
        if not upload.name.lower().endswith((".xlsx", ".xls", ".csv")):
            raise forms.ValidationError(_("Upload a .xlsx, .xls or .csv file."))
        return upload
