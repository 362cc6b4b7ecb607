"""Forms of the action item pages. They parse and offer choices; ``action_items`` decides.

Owner emptiness and double owners are judged by the service (one message for the page and the API), so
the three owner fields are all optional here.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dampingan.access.scope import Scope
from dampingan.accounts.models import User
from dampingan.interventions.models import Intervention, Partner
from dampingan.interventions.queries import visible_interventions
from dampingan.mentoring.models import Opd
from dampingan.regions.models import Region, RegionLevel

from .action_queries import DUE_OVERDUE, DUE_SOON, OPEN_ANY
from .meeting_queries import visible_meetings
from .models import ActionStatus, Meeting


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.username})" if name else obj.username


class OpdChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.abbreviation} — {obj.name}"


def villages_of(region: Region) -> Any:
    """The kelurahan an item of a meeting held for ``region`` may point to."""
    if region.level == RegionLevel.DESA_KELURAHAN:
        return Region.objects.filter(code=region.code)
    return Region.objects.within(region.code).villages()


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("What has to be done"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    owner_opd = OpdChoiceField(label=_("OPD"), queryset=Opd.objects.none(), required=False)
    owner_partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.none(), required=False)
    owner_user = UserChoiceField(label=_("User"), queryset=User.objects.none(), required=False)
    due_date = forms.DateField(label=_("Due date"), widget=DateInput(), required=False)
    kelurahan = forms.ModelChoiceField(
        label=_("Kelurahan"), queryset=Region.objects.none(), required=False, empty_label=_("(none)")
    )
    intervention = forms.ModelChoiceField(
        label=_("Intervention"), queryset=Intervention.objects.none(), required=False, empty_label=_("(none)")
    )

    OWNER_FIELDS = ("owner_opd", "owner_partner", "owner_user")

    def __init__(self, *args: Any, scope: Scope, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = cast(dict[str, forms.ModelChoiceField], self.fields)  # every field set below is a model choice
        fields["owner_opd"].queryset = Opd.objects.active().order_by("abbreviation")
        fields["owner_partner"].queryset = Partner.objects.filter(is_active=True).order_by("name")
        fields["owner_user"].queryset = User.objects.filter(is_active=True).order_by("first_name", "username")
        fields["kelurahan"].queryset = villages_of(meeting.region).order_by("name")
        fields["intervention"].queryset = visible_interventions(scope).order_by("title")
        for name in self.OWNER_FIELDS:
            fields[name].empty_label = "—"

    @property
    def owner_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.OWNER_FIELDS]

    @property
    def other_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("due_date", "kelurahan", "intervention")]


class UpdateForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("What was done, what is in the way, or why the item is closed."),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    on = forms.DateField(label=_("Date"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(ActionStatus.choices)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("No change (%(status)s)") % {"status": labels[current]}),
            *[(value, label) for value, label in ActionStatus.choices if value != current],
        ]
        today = timezone.localdate()
        self.fields["on"].initial = today
        self.fields["on"].widget.attrs["max"] = today.isoformat()


class ActionFilterForm(forms.Form):
    """The list's filters; choices come from what the user may see."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    due = forms.ChoiceField(
        label=_("Due"),
        required=False,
        choices=[
            ("", _("Any date")),
            (DUE_OVERDUE, _("Overdue")),
            (DUE_SOON, _("Due in the next 14 days")),
        ],
    )
    opd = OpdChoiceField(label=_("Person in charge (OPD)"), queryset=Opd.objects.none(), required=False)
    kelurahan = forms.ModelChoiceField(label=_("Kelurahan"), queryset=Region.objects.none(), required=False)
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.none(), required=False)

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("Any status")),
            (OPEN_ANY, _("Not closed")),
            *ActionStatus.choices,
        ]
        fields = cast(dict[str, forms.ModelChoiceField], self.fields)  # every field set below is a model choice
        fields["opd"].queryset = Opd.objects.active().order_by("abbreviation")
        fields["kelurahan"].queryset = Region.objects.in_deployment().villages().order_by("name")
        fields["meeting"].queryset = visible_meetings(scope).order_by("-starts_at")
        for name in ("opd", "kelurahan", "meeting"):
            fields[name].empty_label = _("Any")
