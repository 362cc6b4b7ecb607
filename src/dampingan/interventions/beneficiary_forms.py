"""Forms of the beneficiary pages. They parse and offer choices; ``beneficiaries.py`` decides."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dampingan.access.scope import Scope
from dampingan.lib.spreadsheets import TableError, check_upload
from dampingan.registry.forms import HouseholdFilterForm
from dampingan.registry.queries import current_release

from .beneficiaries import START_STATUSES
from .beneficiary_import import MAX_FILE_MB
from .forms import AmountField, DateInput
from .models import BeneficiaryStatus, Intervention

if TYPE_CHECKING:
    from django.db.models import QuerySet


# The choices of a ChoiceField as Django holds them: (value, label) pairs.
_Pairs = list[tuple[str, Any]]


class BeneficiaryFilterForm(HouseholdFilterForm):
    """The household list's filters, held to the current release and the intervention's kelurahan."""

    def __init__(self, scope: Scope, intervention: Intervention, *args: Any, **kwargs: Any) -> None:
        super().__init__(scope, *args, **kwargs)
        release = current_release()
        release_field = cast(forms.ModelChoiceField, self.fields["release"])
        # HouseholdFilterForm has set the queryset (the stubs allow None, as before it is set).
        release_field.queryset = cast("QuerySet[Any]", release_field.queryset).filter(
            pk=release.pk if release else None
        )
        release_field.widget = forms.HiddenInput()
        if not intervention.city_wide:
            codes = set(intervention.kelurahan.values_list("code", flat=True))
            kelurahan_field = cast(forms.ChoiceField, self.fields["kelurahan"])
            # Django keeps choices as a list of pairs; the stubs also allow what may be given (a callable).
            kelurahan = [(c, label) for c, label in cast(_Pairs, kelurahan_field.choices) if c in codes]
            kelurahan_field.choices = [("", _("All of the intervention's kelurahan")), *kelurahan]
            parents = {c.rsplit(".", 1)[0] for c in codes}
            kecamatan_field = cast(forms.ChoiceField, self.fields["kecamatan"])
            kecamatan_field.choices = [
                (c, label) for c, label in cast(_Pairs, kecamatan_field.choices) if c == "" or c in parents
            ]


class StartForm(forms.Form):
    """How new beneficiaries start: proposed, or active when they already receive."""

    status = forms.ChoiceField(
        label=_("Status of the new beneficiaries"),
        choices=[(s.value, s.label) for s in BeneficiaryStatus if s.value in START_STATUSES],
        initial=BeneficiaryStatus.PROPOSED,
    )
    on = forms.DateField(label=_("Date"), widget=DateInput(), required=False)
    reason = forms.CharField(label=_("Reason (optional)"), max_length=250, required=False)

    def start(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "status": data["status"],
            "on": data.get("on") or timezone.localdate(),
            "reason": data.get("reason", ""),
        }


class ImportForm(StartForm):
    file = forms.FileField(label=_("List of beneficiaries (.xlsx, .xls or .csv) with a column NIK or No KK"))

    field_order = ["file", "status", "on", "reason"]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_MB * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than %(limit)s MB.") % {"limit": MAX_FILE_MB})
        if not upload.name.lower().endswith((".xlsx", ".xls", ".csv")):
            raise forms.ValidationError(_("Upload a .xlsx, .xls or .csv file."))
        # Refused before the file is read and kept for the preview: empty, renamed, a zip bomb.
        try:
            check_upload(upload, upload.name)
        except TableError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=BeneficiaryStatus.choices)
    on = forms.DateField(label=_("Date"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), max_length=250)

    def __init__(self, *args: Any, choices: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if choices is not None:
            cast(forms.ChoiceField, self.fields["status"]).choices = choices
        self.fields["on"].initial = timezone.localdate()


class ReceiptForm(forms.Form):
    on = forms.DateField(label=_("Date received"), widget=DateInput())
    amount = AmountField(label=_("Amount (Rp)"), amount_label=_("amount"), required=False)
    item = forms.CharField(label=_("Item"), max_length=200, required=False)
    notes = forms.CharField(label=_("Notes"), max_length=250, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
