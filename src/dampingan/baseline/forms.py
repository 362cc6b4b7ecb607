from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dampingan.registry.kelurahan_indicators import indicator_labels

from .models import (
    ENTERPRISES_NON_NEGATIVE,
    WORKERS_NON_NEGATIVE,
    Comment,
    Potential,
    PotentialUpdate,
    Problem,
    ProblemUpdate,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _counts_say_what_is_wrong(form: forms.BaseForm) -> None:
    # The form field's own minimum says "greater than or equal to 0"; the model's validator names the count.
    for name, validator in (("enterprises", ENTERPRISES_NON_NEGATIVE), ("workers", WORKERS_NON_NEGATIVE)):
        field = form.fields[name]
        field.validators = [v for v in field.validators if not isinstance(v, MinValueValidator)] + [validator]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def evidence_choices() -> list[tuple[str, StrOrPromise]]:
    return [("", _("No registry evidence")), *((k, str(v)) for k, v in indicator_labels().items())]


class ProblemForm(forms.ModelForm):
    evidence_indicator = forms.ChoiceField(
        label=_("Evidence from the registry"),
        required=False,
        help_text=_(
            "The value is taken from the current registry release when you save, and stays as it was on that day."
        ),
    )

    class Meta:
        model = Problem
        fields = [
            "title",
            "category",
            "severity",
            "priority",
            "description",
            "root_cause",
            "status",
            "evidence_indicator",
            "recorded_on",
        ]
        widgets = {
            "recorded_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "root_cause": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["evidence_indicator"]).choices = evidence_choices()
        self.fields["recorded_on"].initial = timezone.localdate()
        if not editing:
            # A new problem is open; afterwards the status follows the monitoring entries (and may be corrected).
            del self.fields["status"]
        else:
            self.fields["refresh_evidence"] = forms.BooleanField(
                label=_("Take the evidence again from the current release"), required=False
            )


class PotentialForm(forms.ModelForm):
    class Meta:
        model = Potential
        fields = ["name", "sector", "enterprises", "workers", "markets", "notes", "recorded_on"]
        widgets = {
            "recorded_on": DateInput(),
            "markets": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recorded_on"].initial = timezone.localdate()
        _counts_say_what_is_wrong(self)


class ProblemUpdateForm(forms.ModelForm):
    class Meta:
        model = ProblemUpdate
        fields = ["on", "movement", "narrative"]
        widgets = {"on": DateInput(), "narrative": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class PotentialUpdateForm(forms.ModelForm):
    class Meta:
        model = PotentialUpdate
        fields = ["on", "enterprises", "workers", "narrative"]
        widgets = {"on": DateInput(), "narrative": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
        _counts_say_what_is_wrong(self)


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form: on the field it names when the form has it, above otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)
