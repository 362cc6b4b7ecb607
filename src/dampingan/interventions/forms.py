"""Forms of the interventions and partner pages. They parse and offer choices; the services decide.

Amounts are typed the Indonesian way ("1.500.000" or "1.500.000,50") into ``AmountField``, which reads
them with ``lib.money`` and shows stored amounts back in the same form.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dampingan.access.scope import Scope
from dampingan.baseline.models import Potential, Problem
from dampingan.lib.money import format_number
from dampingan.lib.service_input import service_input
from dampingan.mentoring.models import Opd

from . import attachments, partners, queries, services
from .models import (
    BudgetLine,
    Cluster,
    FundingSource,
    Horizon,
    Intervention,
    InterventionStatus,
    InterventionType,
    OutputTarget,
    Partner,
    PartnerKind,
    Pledge,
    Strategy,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class AmountField(forms.CharField):
    """A Decimal typed as Indonesians write it; the messages are the services' own, naming the field."""

    def __init__(self, *args: Any, amount_label: str | StrPromise = "", **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(*args, **kwargs)
        self.amount_label = amount_label

    def validate(self, value: Any) -> None:
        pass  # emptiness and shape are judged in ``clean`` by the services' reader

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return format_number(value)
        return value

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if text in (None, "") and not self.required:
            return None
        try:
            return services.read_amount(text, "amount", str(self.amount_label or self.label or ""))
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["amount"]) from exc


def _person(user: Any) -> str:
    return user.get_full_name() or user.username


class InterventionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    city_wide = forms.BooleanField(
        label=_("City-wide (all kelurahan)"), required=False, help_text=_("Only the TKPK plans city-wide.")
    )
    kelurahan = forms.ModelMultipleChoiceField(
        label=_("Kelurahan"),
        queryset=queries.deployment_kelurahan(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    kind = forms.ChoiceField(label=_("Type"), choices=InterventionType.choices)
    strategy = forms.ChoiceField(label=_("Strategy"), choices=Strategy.choices)
    cluster = forms.TypedChoiceField(label=_("Cluster"), choices=Cluster.choices, coerce=int)
    horizon = forms.ChoiceField(label=_("Horizon"), choices=Horizon.choices)
    lead_opd = forms.ModelChoiceField(label=_("Lead OPD"), queryset=Opd.objects.active())
    start_date = forms.DateField(label=_("Start"), widget=DateInput())
    end_date = forms.DateField(label=_("End"), widget=DateInput(), required=False)
    problems = forms.ModelMultipleChoiceField(
        label=_("Problems it addresses"),
        queryset=Problem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    potentials = forms.ModelMultipleChoiceField(
        label=_("Potentials it builds on"),
        queryset=Potential.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners"),
        queryset=Partner.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A partner named on a budget line is added automatically."),
    )

    def __init__(self, *args: Any, scope: Scope, instance: Intervention | None = None, **kwargs: Any) -> None:
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    **{name: getattr(instance, name) for name in services.PLAN_FIELDS},
                    "city_wide": instance.city_wide,
                    "kelurahan": list(instance.kelurahan.all()),
                    "problems": list(instance.problems.all()),
                    "potentials": list(instance.potentials.all()),
                    "partners": list(instance.partners.all()),
                    "lead_opd": instance.lead_opd,
                },
            )
        super().__init__(*args, **kwargs)
        perms = queries.permissions(scope)
        manageable = list(queries.manageable_kelurahan(scope))
        codes = [k.code for k in manageable]
        # The list offers only kelurahan the user mentors; any other code still reaches the service,
        # which refuses it with 403 (a tampered form, or a decree that ended meanwhile).
        cast(forms.ModelMultipleChoiceField, self.fields["kelurahan"]).choices = [
            (k.code, f"{k.name} ({k.parent.name if k.parent else ''})") for k in manageable
        ]
        if not perms.city_wide:
            del self.fields["city_wide"]
            if len(manageable) == 1 and not self.is_bound and instance is None:
                self.initial["kelurahan"] = manageable
        problems = (
            Problem.objects.filter(kelurahan_id__in=codes)
            .select_related("kelurahan")
            .order_by("kelurahan_id", "priority", "pk")
        )
        potentials = (
            Potential.objects.filter(kelurahan_id__in=codes)
            .select_related("kelurahan")
            .order_by("kelurahan_id", "sector", "name")
        )
        # Replacing ``label_from_instance`` on the instance is Django's documented way; mypy takes the
        # instance attribute for the unbound method.
        problems_field = cast(forms.ModelMultipleChoiceField, self.fields["problems"])
        problems_field.queryset = problems
        problems_field.label_from_instance = lambda p: f"{p.kelurahan.name}: {p.title}"  # type: ignore[method-assign,assignment]
        potentials_field = cast(forms.ModelMultipleChoiceField, self.fields["potentials"])
        potentials_field.queryset = potentials
        potentials_field.label_from_instance = lambda p: f"{p.kelurahan.name}: {p.name}"  # type: ignore[method-assign,assignment]
        opds = Opd.objects.active()
        if not perms.city_wide and scope.opd_id:
            opds = opds.filter(pk=scope.opd_id)
            self.initial.setdefault("lead_opd", scope.opd_id)
        lead_opd_field = cast(forms.ModelChoiceField, self.fields["lead_opd"])
        lead_opd_field.queryset = opds
        lead_opd_field.label_from_instance = lambda o: f"{o.abbreviation} — {o.name}"  # type: ignore[method-assign,assignment]
        self.fields["start_date"].initial = timezone.localdate()

    def plan_data(self) -> services.InterventionFields:
        data = dict(self.cleaned_data)
        data["kelurahan"] = list(data.get("kelurahan") or [])
        data["city_wide"] = bool(data.get("city_wide"))
        return service_input(services.InterventionFields, data)


class TargetForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    description = forms.CharField(label=_("Output"), max_length=200, required=False)
    target = AmountField(label=_("Target"), required=False)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)


TargetFormSet = forms.formset_factory(TargetForm, extra=2, can_delete=True)


def target_formset(data: Any = None, instance: Intervention | None = None) -> forms.BaseFormSet:
    initial = []
    if instance is not None:
        initial = [
            {"id": t.pk, "description": t.description, "target": t.target, "unit": t.unit}
            for t in instance.targets.order_by("pk")
        ]
    return TargetFormSet(data, initial=initial, prefix="targets")


def target_rows(formset: forms.BaseFormSet) -> list[services.OutputTargetFields]:
    """Rows for the service: deleted rows and empty extra rows left out."""
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        rows.append(service_input(services.OutputTargetFields, {k: v for k, v in data.items() if k != "DELETE"}))
    return rows


class BudgetLineForm(forms.ModelForm):
    planned = AmountField(label=_("Planned (Rp)"), amount_label=_("planned amount"))
    realised = AmountField(label=_("Realised (Rp)"), amount_label=_("realised amount"), required=False)

    class Meta:
        model = BudgetLine
        fields = ["source", "partner", "year", "planned", "realised", "over_reason", "notes"]
        widgets = {"over_reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, intervention: Intervention, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # As in InterventionForm: ``label_from_instance`` replaced on the instance, as Django documents it.
        partner_field = cast(forms.ModelChoiceField, self.fields["partner"])
        partner_field.queryset = Partner.objects.filter(is_active=True).order_by("name")
        partner_field.label_from_instance = lambda p: f"{p.name} ({p.get_kind_display()})"  # type: ignore[method-assign,assignment]
        self.fields["partner"].help_text = _("Required for CSR, bank programmes and BAZNAS: whose contribution it is.")
        self.fields["year"].widget.attrs.update({"min": intervention.start_date.year, "inputmode": "numeric"})
        if not self.is_bound and self.instance.pk is None:
            self.initial["year"] = max(timezone.localdate().year, intervention.start_date.year)

    def _post_clean(self) -> None:
        # The form only parses; the service validates the line (its constraints too) with messages that
        # name the problem, e.g. the missing reason for an overrun instead of a constraint's name.
        pass

    def line_data(self) -> services.BudgetLineFields:
        return service_input(services.BudgetLineFields, self.cleaned_data)


class ProgressForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    physical_percent = forms.CharField(
        label=_("Physical progress (%)"),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("0 to 100; decimals with a comma, e.g. 37,5."),
    )
    budget_realised = AmountField(
        label=_("Budget realised to date (Rp)"), amount_label=_("budget realised"), required=False
    )
    narrative = forms.CharField(label=_("Narrative"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": attachments.ACCEPT}),
        help_text=_("PDF, JPEG or PNG, at most %(mb)s MB.")
        % {"mb": attachments.MAX_ATTACHMENT_BYTES // attachments.MIB},
    )

    def __init__(self, *args: Any, intervention: Intervention, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["date"].initial = today
        self.fields["date"].widget.attrs.update({"min": intervention.start_date.isoformat(), "max": today.isoformat()})
        self.targets: list[OutputTarget] = list(intervention.targets.order_by("pk"))
        for target in self.targets:
            self.fields[f"output_{target.pk}"] = forms.CharField(
                label=_("%(output)s achieved to date (target %(target)s %(unit)s)")
                % {"output": target.description, "target": format_number(target.target), "unit": target.unit},
                required=False,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )

    def clean(self) -> dict[str, Any]:
        # Checked here too, so a wrong file is named together with the other mistakes of the form.
        cleaned = cast("dict[str, Any]", super().clean())  # forms.Form.clean returns cleaned_data, never None
        upload = cleaned.get("attachment")
        if upload:
            head = upload.read(16)
            upload.seek(0)
            try:
                attachments.check_attachment(upload.name or "", upload.size or 0, head)
            except ValidationError as exc:
                self.add_error("attachment", exc)
        return cleaned

    def clean_physical_percent(self) -> Decimal:
        try:
            return services.read_percent(self.cleaned_data.get("physical_percent"))
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["physical_percent"]) from exc

    def output_fields(self) -> list[forms.BoundField]:
        return [self[f"output_{t.pk}"] for t in self.targets]

    def report_data(self) -> services.ProgressReportFields:
        fields = ("date", "physical_percent", "budget_realised", "narrative")
        return service_input(services.ProgressReportFields, {k: self.cleaned_data.get(k) for k in fields})

    def outputs(self) -> dict[int | str, Any]:
        return {t.pk: self.cleaned_data.get(f"output_{t.pk}") for t in self.targets}


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=InterventionStatus.choices)


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["name", "kind", "contact_name", "phone", "email", "address", "notes", "is_active"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class PledgeForm(forms.ModelForm):
    amount = AmountField(label=_("Amount (Rp)"), amount_label=_("pledged amount"), required=False)

    class Meta:
        model = Pledge
        fields = ["what", "amount", "kelurahan", "intervention", "pledged_on", "due_on"]
        widgets = {"pledged_on": DateInput(), "due_on": DateInput()}

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["kelurahan"]).queryset = queries.manageable_kelurahan(scope)
        self.fields["kelurahan"].required = False
        cast(forms.ModelChoiceField, self.fields["intervention"]).queryset = queries.manageable_interventions(
            scope
        ).order_by("title")
        self.fields["intervention"].label = _("Intervention")
        self.fields["pledged_on"].initial = timezone.localdate()
        self.fields["pledged_on"].required = False

    def _post_clean(self) -> None:
        pass  # as for budget lines: the service validates the pledge

    def pledge_data(self) -> partners.PledgeFields:
        return service_input(partners.PledgeFields, self.cleaned_data)


class PartnerFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=[("", _("All types")), *PartnerKind.choices], required=False)


class InterventionFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False)
    kelurahan = forms.ChoiceField(label=_("Kelurahan"), required=False)
    strategy = forms.ChoiceField(
        label=_("Strategy"), choices=[("", _("All strategies")), *Strategy.choices], required=False
    )
    cluster = forms.ChoiceField(label=_("Cluster"), choices=[("", _("All clusters")), *Cluster.choices], required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *InterventionStatus.choices], required=False
    )
    source = forms.ChoiceField(
        label=_("Funding source"), choices=[("", _("All sources")), *FundingSource.choices], required=False
    )
    opd = forms.ChoiceField(label=_("Lead OPD"), required=False)

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kecamatan, kelurahan = queries.region_filter_choices(scope)
        cast(forms.ChoiceField, self.fields["kecamatan"]).choices = [
            ("", _("All kecamatan")),
            *((k.code, k.name) for k in kecamatan),
        ]
        cast(forms.ChoiceField, self.fields["kelurahan"]).choices = [
            ("", _("All kelurahan")),
            *((k.code, k.name) for k in kelurahan),
        ]
        cast(forms.ChoiceField, self.fields["opd"]).choices = [
            ("", _("All OPDs")),
            *((str(o.pk), o.abbreviation) for o in Opd.objects.filter(interventions__isnull=False).distinct()),
        ]
