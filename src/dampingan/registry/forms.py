from django import forms
from django.utils.translation import gettext_lazy as _


class ApprovalForm(forms.Form):
    sk_number = forms.CharField(label=_("SK number"), max_length=120)
    sk_date = forms.DateField(label=_("SK date"), widget=forms.DateInput(attrs={"type": "date"}))
