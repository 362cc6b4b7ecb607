"""The matcher page: propose which OPD mentors which kelurahan, and turn the proposal into a draft decree.

Running the matcher only reads, so its choices travel in the query string (a proposal can be bookmarked
and shared); turning it into a draft decree is a POST that goes through ``decrees.save_decree``.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dampingan.access.requests import SignedInRequest
from dampingan.access.roles import Capability
from dampingan.regions.models import Region

from . import decrees, matching
from .models import Assignment, Decree, DecreeStatus, Opd


def _pair(value: str) -> tuple[str, int]:
    code, _sep, opd_id = value.partition(":")
    return code, int(opd_id)


class MatcherForm(forms.Form):
    scope = forms.ChoiceField(label=gettext_lazy("Kelurahan to match"), required=False)
    opds = forms.ModelMultipleChoiceField(
        label=gettext_lazy("OPDs taking part"),
        queryset=Opd.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    lock = forms.MultipleChoiceField(
        label=gettext_lazy("Keep these assignments in force (locked pairs)"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, in_force: list[Assignment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kecamatan = Region.objects.in_deployment().kecamatan().order_by("code")
        cast(forms.ChoiceField, self.fields["scope"]).choices = [
            ("", _("All kelurahan of the kabupaten/kota")),
            *((k.code, _("Kecamatan %(name)s") % {"name": k.name}) for k in kecamatan),
        ]
        active = Opd.objects.active().order_by("abbreviation")
        cast(forms.ModelMultipleChoiceField, self.fields["opds"]).queryset = active
        self.fields["opds"].initial = [o.pk for o in active if o.kind in matching.DEFAULT_KINDS]
        cast(forms.ChoiceField, self.fields["lock"]).choices = [
            (f"{a.kelurahan_id}:{a.opd_id}", f"{a.kelurahan.name} \N{EN DASH} {a.opd.abbreviation}") for a in in_force
        ]
        self.fields["lock"].initial = [f"{a.kelurahan_id}:{a.opd_id}" for a in in_force]

    def clean_lock(self) -> list[tuple[str, int]]:
        pairs = [_pair(v) for v in self.cleaned_data["lock"]]
        opd_ids = [opd_id for _code, opd_id in pairs]
        if len(set(opd_ids)) < len(opd_ids):
            raise ValidationError(_("An OPD can be locked to one kelurahan only: the matcher proposes one to one."))
        return pairs

    def villages(self) -> list[Region]:
        villages = Region.objects.in_deployment().villages().select_related("parent").order_by("code")
        if scope := self.cleaned_data.get("scope"):
            villages = villages.within(scope)
        return list(villages)


# The browser's date picker reads and writes ISO dates whatever the page's language.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DraftDecreeForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("Decree number"), max_length=80)
    date = forms.DateField(label=gettext_lazy("Date"), widget=DATE_INPUT)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=250, required=False)
    valid_from = forms.DateField(label=gettext_lazy("Valid from"), widget=DATE_INPUT)
    valid_until = forms.DateField(label=gettext_lazy("Valid until"), required=False, widget=DATE_INPUT)
    # The proposal as shown ("kelurahan code:OPD id"), and the matcher's query to show it again on an error.
    line = forms.Field(widget=forms.MultipleHiddenInput, required=False)
    query = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, lines: list[tuple[str, int]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["date"].initial = today
        self.fields["valid_from"].initial = today
        self.fields["title"].initial = _("Assignment of mentoring OPDs to kelurahan")
        if lines is not None:
            self.fields["line"].initial = [f"{code}:{opd_id}" for code, opd_id in lines]

    def _lines(self) -> list[decrees.Line]:
        try:
            pairs = [_pair(v) for v in self.cleaned_data.get("line") or []]
        except ValueError as exc:
            raise ValidationError(_("The proposal sent is damaged; run the matcher again.")) from exc
        if not pairs:
            raise ValidationError(_("The proposal has no pairs to put in a decree."))
        villages = Region.objects.in_deployment().villages().in_bulk([code for code, _opd in pairs])
        opds = Opd.objects.in_bulk([opd_id for _code, opd_id in pairs])
        if any(code not in villages or opd_id not in opds for code, opd_id in pairs):
            raise ValidationError(_("The proposal sent is damaged; run the matcher again."))
        return [decrees.Line(villages[code], opds[opd_id]) for code, opd_id in pairs]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The period ends before it starts."))
        # The lines travel hidden: their problems are shown above the form, not beside an invisible field.
        data["lines"] = self._lines()
        return data


def _page(request: HttpRequest, params: QueryDict, draft: DraftDecreeForm | None = None) -> HttpResponse:
    today = timezone.localdate()
    in_force = matching.in_force_pairs(today)
    form = MatcherForm(params if "run" in params else None, in_force=in_force)
    result = None
    if form.is_bound and form.is_valid():
        opds = list(form.cleaned_data["opds"])
        result = matching.run_matcher(form.villages(), opds, form.cleaned_data["lock"], today)
        if draft is None:
            draft = DraftDecreeForm(lines=result.lines, initial={"query": params.urlencode()})
    return render(
        request,
        "mentoring/matcher.html",
        {"active_nav": "assignments", "form": form, "result": result, "draft": draft},
    )


@login_required
def matcher(request: SignedInRequest) -> HttpResponse:
    """The choices, and once run the proposal, the fit matrix and the draft-decree form."""
    request.scope.require(Capability.MANAGE_DECREES)
    return _page(request, request.GET)


@require_POST
@login_required
def matcher_draft(request: SignedInRequest) -> HttpResponse:
    """A draft decree with exactly the proposal's pairs; nothing binds until the TKPK signs it."""
    request.scope.require(Capability.MANAGE_DECREES)
    draft = DraftDecreeForm(request.POST)
    if draft.is_valid():
        data = draft.cleaned_data
        lines = data["lines"]
        decree = Decree(
            number=data["number"],
            date=data["date"],
            title=data["title"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
            status=DecreeStatus.DRAFT,
            notes=_("Drafted from the matcher's proposal on %(date)s (%(n)s pairs); check it before signing.")
            % {"date": date_format(timezone.localdate(), "j F Y"), "n": len(lines)},
        )
        try:
            saved = decrees.save_decree(request.user, decree, lines)
        except ValidationError as exc:
            for message in exc.messages:
                draft.add_error(None, message)
        else:
            messages.success(request, _("Draft decree %(number)s created from the proposal.") % {"number": saved})
            return redirect("mentoring:decree_detail", pk=saved.pk)
    return _page(request, QueryDict(request.POST.get("query", "")), draft)
