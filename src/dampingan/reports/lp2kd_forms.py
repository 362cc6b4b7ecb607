"""The form on the LP2KD's page where the TKPK writes its own text for the year (``lp2kd_narrative``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .lp2kd_narrative import Lp2kdNarrative


class Lp2kdNarrativeForm(forms.ModelForm):
    class Meta:
        model = Lp2kdNarrative
        fields = ["perda", "problems", "recommendations"]
        widgets = {
            "problems": forms.Textarea(attrs={"rows": 6}),
            "recommendations": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "problems": _("Plain text; leave a blank line between paragraphs."),
            "recommendations": _("Plain text; leave a blank line between paragraphs."),
        }
