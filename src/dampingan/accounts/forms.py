from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from dampingan.access.roles import Role
from dampingan.regions.models import Region

from .models import User


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Wrong username or password. Capital and small letters count as different."),
        "inactive": _("This account is inactive. Ask the TKPK administrator."),
    }


class UserForm(forms.ModelForm):
    password = forms.CharField(
        label=_("New password"),
        widget=forms.PasswordInput(render_value=False),
        required=False,
        help_text=_("Leave empty to keep the current password (a new account without one must use password reset)."),
    )

    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "phone",
            "role",
            "opd",
            "region",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model field's own queryset (the OPD manager): accounts does not import the mentoring app.
        self.fields["opd"].queryset = self.fields["opd"].queryset.active()
        self.fields["region"].queryset = Region.objects.in_deployment().select_related("parent")
        self.fields["region"].label_from_instance = lambda r: f"{r.code} {r.get_kind_display()} {r.name}"

    def clean_password(self) -> str:
        password = self.cleaned_data.get("password") or ""
        if password:
            validate_password(password, self.instance)
        return password

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role != Role.OPD_MENTOR:
            cleaned["opd"] = None
        if role not in (Role.CAMAT, Role.LURAH):
            cleaned["region"] = None
        return cleaned


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=80, help_text=_("What will use it, e.g. 'Excel Dinsos'."))


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(attrs={"type": "search"}))
    actor = forms.CharField(label=_("User"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    model = forms.ChoiceField(label=_("Kind of record"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
