from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Region, RegionOffice


class RegionOfficeForm(forms.ModelForm):
    class Meta:
        model = RegionOffice
        fields = ["head_name", "address", "phone", "email"]


class AliasForm(forms.Form):
    name = forms.CharField(
        label=_("Other name"), max_length=120, help_text=_("As registry files write it, e.g. Duwet.")
    )
    kelurahan = forms.ModelChoiceField(label=_("Kelurahan"), queryset=Region.objects.none())
    note = forms.CharField(label=_("Note"), max_length=200, required=False, help_text=_("Where the name comes from."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["kelurahan"]
        field.queryset = Region.objects.in_deployment().villages().select_related("parent").order_by("name")
        field.label_from_instance = lambda v: f"{v.name} ({v.parent.name})" if v.parent else v.name
