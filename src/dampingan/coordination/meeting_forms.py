"""Forms of the meeting pages. Built for a camat on a phone recording a Catur Pilar with six OPDs: one form
for the meeting and its whole participant list (OPDs, users and partners ticked, community bodies ticked in
a small table, guests and speakers typed one per line), one form for the attendance.

Forms turn input into what ``meetings.py`` takes (``ParticipantSpec`` lines, aware datetimes); the
services check again whatever the form let through.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dampingan.access.scope import Scope
from dampingan.accounts.models import User
from dampingan.interventions.models import Partner
from dampingan.lib.service_input import service_input
from dampingan.mentoring.models import Opd
from dampingan.regions.models import Region, RegionLevel

from . import access, meeting_attachments, meeting_queries
from .meetings import MeetingFields, ParticipantSpec, spec_of
from .models import KIND_LEVEL, CommunityBody, Meeting, MeetingKind, MeetingStatus, Participant, ParticipantRole

# "Name — position — topic": an em or en dash, a vertical bar, or a hyphen with spaces around it (so that
# "Dindagkop-UKM" stays one word).
SEPARATOR = re.compile(r"\s*[\u2014\u2013|]\s*|\s+-\s+")
LINE_JOIN = " — "


def _user_label(user: User) -> str:
    who = user.get_full_name() or user.get_username()
    return f"{who} ({user.role_label})"


def split_line(line: str, parts: int) -> list[str]:
    """``line`` cut at the separators into at most ``parts`` fields (padded with ""); ValueError if more."""
    fields = [f.strip() for f in SEPARATOR.split(line.strip())]
    if len(fields) > parts:
        raise ValueError(line)
    return fields + [""] * (parts - len(fields))


def parse_lines(text: str, *, role: str, what: str) -> tuple[list[ParticipantSpec], list[str]]:
    """Participant lines typed one per line ("name — position" or "name — position — topic" for speakers).

    Returns the lines and the problems, each naming the line number.
    """
    specs, problems = [], []
    parts = 3 if role == ParticipantRole.SPEAKER else 2
    for number, raw in enumerate((text or "").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            name, position, *rest = split_line(raw, parts)
        except ValueError:
            problems.append(
                str(_("%(what)s, line %(line)s: too many separators; write “name — position — topic”."))
                % {"what": what, "line": number}
                if parts == 3
                else str(_("%(what)s, line %(line)s: too many separators; write “name — position”."))
                % {"what": what, "line": number}
            )
            continue
        if not name:
            problems.append(str(_("%(what)s, line %(line)s: the name is missing.")) % {"what": what, "line": number})
            continue
        specs.append(ParticipantSpec(name=name, position=position, role=role, topic=rest[0] if rest else ""))
    return specs, problems


def format_line(participant: Participant, *, with_topic: bool) -> str:
    fields = [participant.name, participant.position] + ([participant.topic] if with_topic else [])
    while len(fields) > 1 and not fields[-1]:
        fields.pop()
    return LINE_JOIN.join(fields)


class BodyTable:
    """The community bodies of the form as rows of the small table the template draws."""

    def __init__(self, form: MeetingForm) -> None:
        self.form = form

    def __iter__(self) -> Iterator[dict[str, Any]]:
        here = set(self.form["bodies_here"].value() or [])
        each = set(self.form["bodies_each"].value() or [])
        for value, label in CommunityBody.choices:
            yield {"value": value, "label": label, "here": value in here, "each": value in each}


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=MeetingKind.choices)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none())
    title = forms.CharField(label=_("Title"), max_length=250)
    theme = forms.CharField(label=_("Theme"), max_length=300, required=False)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start_time = forms.TimeField(label=_("Starts"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label=_("Ends"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_date = forms.DateField(
        label=_("Ends on another day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Only for a meeting over several days."),
    )
    venue = forms.CharField(label=_("Venue"), max_length=250)
    chair = forms.CharField(label=_("Chair"), max_length=200, help_text=_("Name and position of who chairs it."))
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(MeetingStatus.PLANNED, MeetingStatus.PLANNED.label), (MeetingStatus.HELD, MeetingStatus.HELD.label)],
        initial=MeetingStatus.PLANNED,
        help_text=_("“Held” for a meeting recorded after the fact."),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        required=False,
        help_text=_("Where the record comes from, e.g. a news release."),
    )

    mentoring_opds = forms.BooleanField(
        label=_("Invite the OPDs mentoring the kelurahan of this region"),
        required=False,
        help_text=_("Adds them to the OPDs ticked below when saving."),
    )
    opds = forms.ModelMultipleChoiceField(
        label=_("OPDs"), queryset=Opd.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    users = forms.ModelMultipleChoiceField(
        label=_("Users"), queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners"), queryset=Partner.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    bodies_here = forms.MultipleChoiceField(choices=CommunityBody.choices, required=False)
    bodies_each = forms.MultipleChoiceField(choices=CommunityBody.choices, required=False)
    bodies_kept = forms.TypedMultipleChoiceField(
        label=_("Also recorded"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Untick to remove from the list."),
    )
    speakers = forms.CharField(
        label=_("Speakers (narasumber)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("Name — position — topic, one per line")}),
        help_text=_("One per line: name — position or institution — topic."),
    )
    guests = forms.CharField(
        label=_("Named guests"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("Name — position, one per line")}),
        help_text=_("One per line: name — position or institution."),
    )

    def __init__(self, *args: Any, scope: Scope, meeting: Meeting | None = None, **kwargs: Any) -> None:
        self.meeting = meeting
        self.people = list(meeting.participants.select_related(*meeting_queries.PARTICIPANT_RELATED)) if meeting else []
        if meeting is not None and "initial" not in kwargs:
            kwargs["initial"] = self._initial(meeting, self.people)
        super().__init__(*args, **kwargs)
        regions = access.regions_user_may_run(scope).order_by("code")
        if meeting is not None:
            regions = regions | Region.objects.filter(pk=meeting.region_id)
        region_field = cast(forms.ModelChoiceField, self.fields["region"])
        opds_field = cast(forms.ModelMultipleChoiceField, self.fields["opds"])
        users_field = cast(forms.ModelMultipleChoiceField, self.fields["users"])
        partners_field = cast(forms.ModelMultipleChoiceField, self.fields["partners"])
        region_field.queryset = regions.order_by("code")
        # Replacing ``label_from_instance`` on the instance is Django's documented way; mypy takes the
        # instance attribute for the unbound method.
        region_field.label_from_instance = lambda r: (  # type: ignore[method-assign,assignment]
            f"{r.name} ({RegionLevel(r.level).label})" if r.level != RegionLevel.DESA_KELURAHAN else r.name
        )
        # ``__in`` leaves out None anyway: the query is the same.
        chosen = {p.opd_id for p in self.people if p.opd_id is not None}
        opds_field.queryset = Opd.objects.filter(pk__in=chosen) | Opd.objects.active()
        opds_field.label_from_instance = lambda o: f"{o.abbreviation} — {o.name}"  # type: ignore[method-assign,assignment]
        users_field.queryset = User.objects.filter(is_active=True).order_by("first_name", "username")
        users_field.label_from_instance = _user_label  # type: ignore[method-assign,assignment]
        partners_field.queryset = Partner.objects.filter(is_active=True) | Partner.objects.filter(
            pk__in={p.partner_id for p in self.people}
        )
        kept = self._bodies(meeting, self.people)[2] if meeting is not None else []
        cast(forms.ChoiceField, self.fields["bodies_kept"]).choices = [(p.pk, p.label) for p in kept]
        if not kept:
            del self.fields["bodies_kept"]
        if meeting is not None:
            del self.fields["status"]  # changed by its own buttons on the meeting page
        elif not self.is_bound and len(owned := list(regions[:2])) == 1:
            # A camat or lurah holds meetings for one region: chosen already, with the type held there.
            self.initial.setdefault("region", owned[0].pk)
            kind = next((k for k, level in KIND_LEVEL.items() if level == owned[0].level), None)
            if kind:
                self.initial.setdefault("kind", kind)
        self.body_table = BodyTable(self)

    # --- initial values of an existing meeting ----------------------------------------------------------

    @staticmethod
    def _bodies(meeting: Meeting, people: list[Participant]) -> tuple[list[str], list[str], list[Participant]]:
        """Unnamed body lines as the table shows them: bodies of the meeting's region, bodies of each region
        below it, and the lines neither column can show (a body of some kelurahan only), kept apart."""
        children = set(meeting_queries.children(meeting.region).values_list("code", flat=True))
        by_body: dict[str, list[Participant]] = defaultdict(list)
        for p in people:
            if p.body and not p.name and not (p.opd_id or p.user_id or p.partner_id):
                by_body[p.body].append(p)
        here, each, kept = [], [], []
        for body, lines in by_body.items():
            regions = {p.body_region_id for p in lines}
            if meeting.region_id in regions:
                here.append(body)
            if children and children <= regions:
                each.append(body)
            shown = ({meeting.region_id} if body in here else set()) | (children if body in each else set())
            kept += [p for p in lines if p.body_region_id not in shown]
        return here, each, kept

    @staticmethod
    def _initial(meeting: Meeting, people: list[Participant]) -> dict[str, Any]:
        start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
        unnamed = [p for p in people if not p.name]
        here, each, kept = MeetingForm._bodies(meeting, people)
        return {
            "kind": meeting.kind,
            "region": meeting.region_id,
            "title": meeting.title,
            "theme": meeting.theme,
            "date": start.date(),
            "start_time": start.time(),
            "end_time": end.time(),
            "end_date": end.date() if end.date() != start.date() else None,
            "venue": meeting.venue,
            "chair": meeting.chair,
            "agenda": meeting.agenda,
            "source": meeting.source,
            "opds": [p.opd_id for p in unnamed if p.opd_id],
            "users": [p.user_id for p in unnamed if p.user_id],
            "partners": [p.partner_id for p in unnamed if p.partner_id],
            "bodies_here": here,
            "bodies_each": each,
            "bodies_kept": [p.pk for p in kept],
            "speakers": "\n".join(
                format_line(p, with_topic=True) for p in people if p.name and p.role == ParticipantRole.SPEAKER
            ),
            "guests": "\n".join(
                format_line(p, with_topic=False) for p in people if p.name and p.role != ParticipantRole.SPEAKER
            ),
        }

    # --- cleaning -------------------------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        cleaned = cast(dict[str, Any], super().clean())  # a plain form's ``clean`` returns ``cleaned_data``
        day, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            zone = timezone.get_current_timezone()
            cleaned["starts_at"] = timezone.make_aware(dt.datetime.combine(day, start), zone)
            cleaned["ends_at"] = timezone.make_aware(dt.datetime.combine(cleaned.get("end_date") or day, end), zone)
            if cleaned["ends_at"] <= cleaned["starts_at"]:
                self.add_error(
                    "end_time",
                    _("The meeting must end after it starts (%(start)s).") % {"start": start.strftime("%H:%M")},
                )
        self.speaker_lines, problems = parse_lines(
            cleaned.get("speakers", ""), role=ParticipantRole.SPEAKER, what=str(_("Speakers"))
        )
        if problems:
            self.add_error("speakers", problems)
        self.guest_lines, problems = parse_lines(
            cleaned.get("guests", ""), role=ParticipantRole.PARTICIPANT, what=str(_("Named guests"))
        )
        if problems:
            self.add_error("guests", problems)
        return cleaned

    def meeting_data(self) -> MeetingFields:
        data = {
            name: self.cleaned_data[name]
            for name in ("kind", "region", "title", "theme", "starts_at", "ends_at", "venue", "chair", "agenda")
        }
        data["source"] = self.cleaned_data.get("source", "")
        if "status" in self.fields:
            data["status"] = self.cleaned_data["status"]
        return service_input(MeetingFields, data)

    def participant_specs(self) -> list[ParticipantSpec]:
        """The whole list: speakers, users, OPDs, partners, community bodies, named guests."""
        data = self.cleaned_data
        region: Region = data["region"]
        specs = list(self.speaker_lines)
        specs += [ParticipantSpec(user_id=u.pk) for u in data.get("users", [])]
        opds = list(data.get("opds", []))
        if data.get("mentoring_opds"):
            day = data["starts_at"].date() if data.get("starts_at") else None
            opds += [o for o in meeting_queries.mentoring_opds(region, day) if o not in opds]
        specs += [ParticipantSpec(opd_id=o.pk) for o in opds]
        specs += [ParticipantSpec(partner_id=p.pk) for p in data.get("partners", [])]
        children = list(meeting_queries.children(region).values_list("code", flat=True))
        for body in CommunityBody.values:
            if body in data.get("bodies_here", []):
                specs.append(ParticipantSpec(body=body, body_region_id=region.code))
            if body in data.get("bodies_each", []):
                specs += [ParticipantSpec(body=body, body_region_id=code) for code in children]
        if self.meeting is not None and data.get("bodies_kept"):
            lines = {p.pk: p for p in self.people}
            chosen = [spec_of(lines[pk]) for pk in data["bodies_kept"] if pk in lines]
            specs += [s for s in chosen if s.key() not in {x.key() for x in specs}]
        specs += self.guest_lines
        return specs


class AttendanceForm(forms.Form):
    attended = forms.TypedMultipleChoiceField(
        label=_("Who came"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    walk_ins = forms.CharField(
        label=_("Came without an invitation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("Name — position, one per line")}),
        help_text=_("One per line: name — position or institution."),
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        people = list(meeting.participants.select_related(*meeting_queries.PARTICIPANT_RELATED))
        kwargs.setdefault("initial", {"attended": [p.pk for p in people if p.attended]})
        super().__init__(*args, **kwargs)
        self.people = people
        cast(forms.ChoiceField, self.fields["attended"]).choices = [
            (p.pk, meeting_queries.display_name(p)) for p in people
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = cast(dict[str, Any], super().clean())  # a plain form's ``clean`` returns ``cleaned_data``
        self.walk_in_lines, problems = parse_lines(
            cleaned.get("walk_ins", ""), role=ParticipantRole.PARTICIPANT, what=str(_("Came without an invitation"))
        )
        if problems:
            self.add_error("walk_ins", problems)
        return cleaned


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "Markdown: ## heading, **bold**, *italic*, - list, 1. numbered list, [text](https://…) for a link, "
            "tables with | between columns."
        ),
    )


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 4}))
    kelurahan = forms.ModelMultipleChoiceField(
        label=_("Kelurahan it concerns"),
        queryset=Region.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["kelurahan"]).queryset = meeting_queries.kelurahan_of(meeting.region)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Photo or document"),
        widget=forms.ClearableFileInput(attrs={"accept": meeting_attachments.ACCEPT}),
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A photo (JPEG, PNG, WebP) or a document (PDF, DOCX, XLSX, ODT, ODS), at most %(limit)s."
        ) % {"limit": meeting_attachments.limit_label()}

    def clean_file(self) -> Any:
        # Checked here too so the page names a wrong file at once; the service checks again.
        upload = self.cleaned_data["file"]
        try:
            meeting_attachments.check_attachment(upload.name or "", upload.size or 0, upload.file)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc
        return upload


class MeetingFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), required=False)
    level = forms.ChoiceField(label=_("Level"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    year = forms.ChoiceField(label=_("Year"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", _("All types")), *MeetingKind.choices]
        cast(forms.ChoiceField, self.fields["level"]).choices = [
            ("", _("All levels")),
            *((str(level.value), level.label) for level in map(RegionLevel, meeting_queries.MEETING_LEVELS)),
        ]
        cast(forms.ChoiceField, self.fields["region"]).choices = [
            ("", _("All regions")),
            *((r.code, r.name) for r in meeting_queries.region_filter_choices(scope)),
        ]
        cast(forms.ChoiceField, self.fields["year"]).choices = [
            ("", _("All years")),
            *((str(y), str(y)) for y in meeting_queries.years(scope)),
        ]
        cast(forms.ChoiceField, self.fields["status"]).choices = [("", _("All statuses")), *MeetingStatus.choices]
