from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from dampingan.access.scope import Scope
from dampingan.analytics.release_diff import STATUSES
from dampingan.lib.spreadsheets import TableError, check_upload
from dampingan.regions.queries import visible_regions

if TYPE_CHECKING:
    from django.http import QueryDict

    from .models import RegistryRelease
    from .queries import HouseholdFilter


class ApprovalForm(forms.Form):
    # Shown inline in the release list without labels: the placeholder and aria-label say what goes where.
    sk_number = forms.CharField(
        label=_("SK number"),
        max_length=120,
        widget=forms.TextInput(attrs={"placeholder": _("SK number"), "aria-label": _("SK number")}),
    )
    sk_date = forms.DateField(
        label=_("SK date"), widget=forms.DateInput(attrs={"type": "date", "aria-label": _("SK date")})
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Registry file (.xlsx, .xls or .csv)"))
    source = forms.ChoiceField(label=_("Source"), choices=[])
    sk_number = forms.CharField(label=_("SK number"), max_length=120, required=False)
    sk_date = forms.DateField(label=_("SK date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    data_date = forms.DateField(label=_("Data as of"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        from .codes import Source

        super().__init__(*args, **kwargs)
        self.fields["source"].choices = Source.choices

    def clean_file(self):
        from .imports import MAX_FILE_MB, check_container
        from .services import RegistryImportError

        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB. Split it by kecamatan and upload the parts.")
                % {"limit": MAX_FILE_MB}
            )
        if not upload.name.lower().endswith((".xlsx", ".xls", ".csv")):
            raise forms.ValidationError(_("Upload a .xlsx, .xls or .csv file."))
        # Refused here, before the file is stored and its check queued: an empty or renamed file, an HTML page
        # named .xls, a zip bomb. Only the first bytes and a workbook's index are read.
        head = upload.read(16)
        upload.seek(0)
        try:
            check_container(head, upload.size, upload.name)
            check_upload(upload, upload.name)
        except (RegistryImportError, TableError) as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload


def _show_defaults(form: forms.Form, *names: str) -> None:
    """A filter form is bound to the query string even when it is empty; fill in the defaults the
    result uses, so the page shows them selected."""
    if form.is_bound:
        data = cast("QueryDict | dict[str, Any]", form.data).copy()
        for name in names:
            if not data.get(name) and form.fields[name].initial is not None:
                data[name] = str(form.fields[name].initial)
        form.data = data


class HouseholdFilterForm(forms.Form):
    """The filters of the household list, read from the query string; choices are the user's scope."""

    release: forms.ModelChoiceField[RegistryRelease] = forms.ModelChoiceField(
        label=_("Release"), queryset=None, required=False, empty_label=None
    )
    kecamatan = forms.ChoiceField(
        label=_("Kecamatan"),
        required=False,
        error_messages={"invalid_choice": _("Kecamatan %(value)s is not in your work area.")},
    )
    kelurahan = forms.ChoiceField(
        label=_("Kelurahan"),
        required=False,
        error_messages={"invalid_choice": _("Kelurahan %(value)s is not in your work area.")},
    )
    desil = forms.TypedMultipleChoiceField(
        label=_("Desil"),
        required=False,
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 11)],
        widget=forms.CheckboxSelectMultiple,
    )
    deprivation = forms.MultipleChoiceField(
        label=_("Deprivations (all must apply)"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, scope: Scope, *args: Any, **kwargs: Any) -> None:
        from . import deprivations, queries

        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["release"]).queryset = queries.visible_releases(scope)
        current = queries.current_release()
        if current is not None:
            self.fields["release"].initial = current.pk
            _show_defaults(self, "release")
        villages = list(visible_regions(scope).villages().select_related("parent").order_by("code"))
        kecamatan = {v.parent.code: v.parent.name for v in villages if v.parent}
        all_label = _("All in your work area")
        cast(forms.ChoiceField, self.fields["kecamatan"]).choices = [("", all_label), *sorted(kecamatan.items())]
        cast(forms.ChoiceField, self.fields["kelurahan"]).choices = [("", all_label)] + [
            (v.code, f"{v.name} ({v.parent.name})" if v.parent else v.name) for v in villages
        ]
        cast(forms.ChoiceField, self.fields["deprivation"]).choices = [
            (d.key, d.label) for d in deprivations.DEPRIVATIONS
        ]

    def spec(self) -> HouseholdFilter | None:
        """The validated filter, or None when no release can be listed. Ages are counted on the release's own
        day, as on the kelurahan profile and the measures page, so a profile's number and its list agree."""
        from .queries import HouseholdFilter

        data = self.cleaned_data
        release = data.get("release")
        if release is None:
            return None
        return HouseholdFilter(
            release=release,
            kecamatan=data.get("kecamatan", ""),
            kelurahan=data.get("kelurahan", ""),
            desil=tuple(data.get("desil") or ()),
            deprivations=tuple(data.get("deprivation") or ()),
            on=release.ages_counted_on,
        )


class ReleaseDiffForm(forms.Form):
    """Two releases to compare (older first) and, for a list, the status and kelurahan to show."""

    old: forms.ModelChoiceField[RegistryRelease] = forms.ModelChoiceField(
        label=_("Older release"), queryset=None, required=False
    )
    new: forms.ModelChoiceField[RegistryRelease] = forms.ModelChoiceField(
        label=_("Newer release"), queryset=None, required=False
    )
    level = forms.ChoiceField(
        label=_("Compare"),
        required=False,
        choices=[("household", _("households")), ("family", _("families (No KK)"))],
    )
    status = forms.ChoiceField(required=False, widget=forms.HiddenInput)
    kelurahan = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, scope: Scope, *args: Any, **kwargs: Any) -> None:
        from . import queries

        super().__init__(*args, **kwargs)
        releases = queries.visible_releases(scope)
        for name in ("old", "new"):
            cast(forms.ModelChoiceField, self.fields[name]).queryset = releases
        cast(forms.ChoiceField, self.fields["status"]).choices = [("", ""), *((s, s) for s in STATUSES)]
        # By default: the current release against the one imported just before it.
        newest = queries.current_release() or releases.first()
        if newest is not None:
            older = releases.exclude(pk=newest.pk).filter(imported_at__lte=newest.imported_at).first()
            self.fields["new"].initial = newest.pk
            self.fields["old"].initial = older.pk if older else None
            _show_defaults(self, "old", "new")

    def clean(self):
        data = super().clean()
        data["level"] = data.get("level") or "household"
        if data.get("old") and data.get("new") and data["old"] == data["new"]:
            raise forms.ValidationError(_("Choose two different releases."))
        return data
