from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dampingan.access.scope import Scope
from dampingan.mentoring.models import Opd
from dampingan.regions.models import Region
from dampingan.regions.queries import visible_regions

from .kinds import FIRST_YEAR, KINDS, ReportKind


class RequestForm(forms.Form):
    """The request for one kind of report; the choices are those the user may request (checked again by
    the service)."""

    kind = forms.ChoiceField(label=_("Report"), widget=forms.HiddenInput)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    opd = forms.ModelChoiceField(label=_("OPD"), queryset=Opd.objects.none(), required=False)
    kelurahan = forms.ModelChoiceField(
        label=_("Kelurahan"), queryset=Region.objects.none(), required=False, to_field_name="code"
    )

    def __init__(self, scope: Scope, kind: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind_value = kind
        cast(forms.ChoiceField, self.fields["kind"]).choices = [(kind, ReportKind(kind).label)]
        self.fields["kind"].initial = kind
        this_year = timezone.localdate().year
        cast(forms.ChoiceField, self.fields["year"]).choices = [
            (y, str(y)) for y in range(this_year, FIRST_YEAR - 1, -1)
        ]
        self.fields["year"].initial = this_year - 1 if timezone.localdate().month < 4 else this_year
        spec = KINDS[kind]
        if spec.needs_opd:
            opds = Opd.objects.order_by("abbreviation")
            if not scope.city_wide:
                # A region-bound user without an OPD gets none: ``pk=None`` matches no row.
                opds = opds.filter(pk=scope.opd_id)  # type: ignore[misc]
            opd_field = cast(forms.ModelChoiceField, self.fields["opd"])
            opd_field.queryset = opds
            opd_field.required = True
            # Replacing ``label_from_instance`` on the instance is Django's documented way; mypy takes the
            # instance attribute for the unbound method.
            opd_field.label_from_instance = lambda o: f"{o.abbreviation} — {o.name}"  # type: ignore[method-assign,assignment]
            if opds.count() == 1:
                self.fields["opd"].initial = opds.first()
        else:
            del self.fields["opd"]
        if spec.needs_kelurahan:
            cast(forms.ModelChoiceField, self.fields["kelurahan"]).queryset = (
                visible_regions(scope).villages().order_by("code")
            )
            self.fields["kelurahan"].required = True
        else:
            del self.fields["kelurahan"]
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("id", f"id_{kind}_{name}")
