"""Forms of the TKPK structure page: the decree and period with the pokja names, and one row per seat.
They parse and offer choices; ``tkpk.save_team`` decides."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from dampingan.accounts.models import User
from dampingan.interventions.models import Partner
from dampingan.mentoring.models import Opd

from . import tkpk
from .action_forms import DateInput, OpdChoiceField, UserChoiceField
from .models import TkpkPosition, TkpkTeam

EXTRA_SEATS = 4


class TeamForm(forms.Form):
    decree_number = forms.CharField(label=_("Decree number"), max_length=120, required=False)
    decree_date = forms.DateField(label=_("Decree date"), widget=DateInput(), required=False)
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput(), required=False)
    valid_until = forms.DateField(
        label=_("Valid until"), widget=DateInput(), required=False, help_text=_("Empty while no end is set.")
    )
    working_groups = forms.CharField(
        label=_("Working groups (pokja)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One name per line, in the order they are listed in the decree."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    @classmethod
    def initial_from(cls, team: TkpkTeam, *, copy: bool = False) -> dict[str, Any]:
        """The form's values for ``team``; a copy for a new period keeps pokja and notes but not the decree."""
        groups = "\n".join(team.working_groups.order_by("order", "pk").values_list("name", flat=True))
        if copy:
            return {"working_groups": groups}
        return {
            "decree_number": team.decree_number,
            "decree_date": team.decree_date,
            "valid_from": team.valid_from,
            "valid_until": team.valid_until,
            "working_groups": groups,
            "notes": team.notes,
        }

    def working_group_names(self) -> list[str]:
        return [line.strip() for line in (self.cleaned_data.get("working_groups") or "").splitlines() if line.strip()]


class SeatForm(forms.Form):
    position = forms.ChoiceField(label=_("Position"), required=False)
    working_group = forms.CharField(
        label=_("Working group (pokja)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"list": "pokja-names"}),
    )
    office = forms.CharField(label=_("Office (jabatan)"), required=False, max_length=250)
    person_name = forms.CharField(label=_("Name"), required=False, max_length=200)
    nip = forms.CharField(
        label=_("NIP"), required=False, max_length=18, help_text=_("Civil servants only: printed under the name.")
    )
    user = UserChoiceField(label=_("User"), queryset=User.objects.none(), required=False)
    opd = OpdChoiceField(label=_("OPD"), queryset=Opd.objects.none(), required=False)
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.none(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every row is read, blank or not: a formset skips "unchanged" extra rows, and a row posted back
        # exactly as it was shown would be dropped. Blank rows are left out by ``team_data`` instead.
        self.empty_permitted = False
        cast(forms.ChoiceField, self.fields["position"]).choices = [("", "—"), *TkpkPosition.choices]
        user_field = cast(forms.ModelChoiceField, self.fields["user"])
        opd_field = cast(forms.ModelChoiceField, self.fields["opd"])
        partner_field = cast(forms.ModelChoiceField, self.fields["partner"])
        user_field.queryset = User.objects.filter(is_active=True).order_by("first_name", "username")
        opd_field.queryset = Opd.objects.active().order_by("abbreviation")
        partner_field.queryset = Partner.objects.filter(is_active=True).order_by("name")
        for field in (user_field, opd_field, partner_field):
            field.empty_label = "—"

    def is_blank(self) -> bool:
        # Rows of an existing team are initial data, so "unchanged" does not mean "empty": look at the values.
        return not any(self.cleaned_data.get(name) for name in self.fields if name != "DELETE")

    def seat(self, number: int | None = None) -> tkpk.Seat:
        data = self.cleaned_data
        return tkpk.Seat(
            number=number,
            position=data.get("position") or "",
            office=data.get("office") or "",
            working_group=data.get("working_group") or "",
            person_name=data.get("person_name") or "",
            nip=data.get("nip") or "",
            user=data.get("user"),
            opd=data.get("opd"),
            partner=data.get("partner"),
        )


SeatFormSet = forms.formset_factory(SeatForm, extra=EXTRA_SEATS, can_delete=True)


def seat_initial(team: TkpkTeam) -> list[dict[str, Any]]:
    return [
        {
            "position": m.position,
            "working_group": m.working_group.name if m.working_group is not None else "",
            "office": m.office,
            "person_name": m.person_name,
            "nip": m.nip,
            "user": m.user_id,
            "opd": m.opd_id,
            "partner": m.partner_id,
        }
        for m in team.members.select_related("working_group").order_by("order", "pk")
    ]


def team_data(form: TeamForm, seats: Any) -> tkpk.TeamData:
    """The service's input from the two bound, valid forms; blank rows and rows marked for deletion are left out."""
    data = form.cleaned_data
    return tkpk.TeamData(
        decree_number=data.get("decree_number") or "",
        decree_date=data.get("decree_date"),
        valid_from=data.get("valid_from"),
        valid_until=data.get("valid_until"),
        notes=data.get("notes") or "",
        working_groups=form.working_group_names(),
        seats=[
            seat_form.seat(number)
            for number, seat_form in enumerate(seats.forms, start=1)
            if not seat_form.is_blank() and not seat_form.cleaned_data.get("DELETE")
        ],
    )
