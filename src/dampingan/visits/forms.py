from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dampingan.accounts.models import User
from dampingan.lib.service_input import service_input

from .models import MonthlyReport, TeamRole, Visit
from .photos import MAX_PHOTO_BYTES, check_photo
from .services import VisitFields

# Fixed photo slots, each with its caption: simpler for a phone than a multi-file picker with captions.
PHOTO_SLOTS = 3
ACCEPT = "image/jpeg,image/png,image/webp"


class VisitForm(forms.ModelForm):
    class Meta:
        model = Visit
        fields = ["date", "activity", "participants", "participant_users", "findings", "follow_ups"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "activity": forms.Textarea(attrs={"rows": 3}),
            "participants": forms.Textarea(attrs={"rows": 2}),
            "findings": forms.Textarea(attrs={"rows": 3}),
            "follow_ups": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, opd_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()
        participants = cast(forms.ModelMultipleChoiceField, self.fields["participant_users"])
        # opd_id None finds the users without an OPD (an exact None is IS NULL); the stubs want a value.
        participants.queryset = User.objects.filter(is_active=True, opd_id=opd_id).order_by(  # type: ignore[misc]
            "first_name", "username"
        )
        participants.help_text = _("People of the OPD with an account who took part.")
        # Replacing ``label_from_instance`` on the instance is Django's documented way; mypy takes the
        # instance attribute for the unbound method.
        participants.label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[method-assign,assignment]
        self.fields["date"].initial = timezone.localdate()
        for n in range(1, PHOTO_SLOTS + 1):
            self.fields[f"photo_{n}"] = forms.FileField(
                label=_("Photo %(n)s") % {"n": n},
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
                help_text=_("JPEG, PNG or WebP, at most %(mb)s MB.") % {"mb": MAX_PHOTO_BYTES // (1024 * 1024)}
                if n == 1
                else "",
            )
            self.fields[f"caption_{n}"] = forms.CharField(
                label=_("Caption of photo %(n)s") % {"n": n}, required=False, max_length=200
            )

    def clean(self) -> dict[str, Any]:
        # Checked here too, so a wrong photo is named together with the other mistakes of the form;
        # services.record_visit checks again for callers that do not come through this form.
        cleaned = cast(dict[str, Any], super().clean())  # a ModelForm's clean() returns its cleaned_data
        for n in range(1, PHOTO_SLOTS + 1):
            upload = cleaned.get(f"photo_{n}")
            if upload:
                head = upload.read(16)
                upload.seek(0)
                try:
                    check_photo(upload.name or "", upload.size or 0, head)
                except ValidationError as exc:
                    self.add_error(f"photo_{n}", exc)
        return cleaned

    def photo_pairs(self) -> list[tuple[Any, str]]:
        pairs = []
        for n in range(1, PHOTO_SLOTS + 1):
            upload = self.cleaned_data.get(f"photo_{n}")
            if upload:
                pairs.append((upload, self.cleaned_data.get(f"caption_{n}", "")))
        return pairs

    def visit_data(self) -> VisitFields:
        return service_input(
            VisitFields,
            {k: self.cleaned_data[k] for k in ("date", "activity", "participants", "findings", "follow_ups")},
        )


class MonthlyReportForm(forms.ModelForm):
    class Meta:
        model = MonthlyReport
        fields = ["summary", "activities", "obstacles", "next_steps"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Review note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when returning the report: say what to change."),
    )


class TeamMemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("Role in the team"), choices=TeamRole.choices, initial=TeamRole.ANGGOTA)
    since = forms.DateField(label=_("Member since"), widget=forms.DateInput(attrs={"type": "date"}), required=False)

    def __init__(self, *args: Any, opd_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The list offers the OPD's own people; the service refuses anyone else whatever is posted.
        user = cast(forms.ModelChoiceField, self.fields["user"])
        # opd_id None finds the users without an OPD (an exact None is IS NULL); the stubs want a value.
        user.queryset = User.objects.filter(is_active=True, opd_id=opd_id).order_by(  # type: ignore[misc]
            "first_name", "username"
        )
        user.label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[method-assign,assignment]
