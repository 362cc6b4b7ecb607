from django import forms

from .models import RegionOffice


class RegionOfficeForm(forms.ModelForm):
    class Meta:
        model = RegionOffice
        fields = ["head_name", "address", "phone", "email"]
