"""How the programme is steered: meetings (Rakor TKPK, Catur Pilar, musyawarah kelurahan), the decisions
they take, the action items that follow each decision up to its owner, and the TKPK's own structure.

A decision nobody follows up is the failure to prevent, so an action item cannot exist without an owner
and a due date (database checks, not only form checks), and every change of its status is a dated update.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dampingan.regions.models import RegionLevel


class MeetingKind(models.TextChoices):
    RAKOR_TKPK = "rakor_tkpk", _("TKPK coordination meeting (rakor)")
    CATUR_PILAR = "catur_pilar", _("Catur Pilar of the kecamatan")
    MUSYAWARAH_KELURAHAN = "musyawarah_kelurahan", _("Kelurahan deliberation (musyawarah)")
    EVALUATION = "evaluasi", _("Evaluation meeting")
    OTHER = "lainnya", _("Other meeting")


# The level of region each kind is held for; kinds not listed may be held at any level.
KIND_LEVEL: dict[str, int] = {
    MeetingKind.RAKOR_TKPK: RegionLevel.KABUPATEN_KOTA,
    MeetingKind.CATUR_PILAR: RegionLevel.KECAMATAN,
    MeetingKind.MUSYAWARAH_KELURAHAN: RegionLevel.DESA_KELURAHAN,
}


class MeetingStatus(models.TextChoices):
    PLANNED = "direncanakan", _("Planned")
    HELD = "terlaksana", _("Held")
    CANCELLED = "dibatalkan", _("Cancelled")


class Meeting(models.Model):
    kind = models.CharField(_("type"), max_length=24, choices=MeetingKind.choices)
    # The kab/kota itself for a city meeting, a kecamatan or a kelurahan; the level follows from it.
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=250)
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=250)
    chair = models.CharField(_("chair"), max_length=200, help_text=_("Name and position of who chairs it."))
    agenda = models.TextField(_("agenda"), blank=True)
    # Markdown, written by the organiser; shown only through the sanitiser (coordination/markdown.py).
    minutes = models.TextField(_("minutes"), blank=True)
    status = models.CharField(_("status"), max_length=14, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Where the record comes from, e.g. a news release.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["region", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def local_start(self) -> dt.datetime:
        return timezone.localtime(self.starts_at)


class ParticipantRole(models.TextChoices):
    SPEAKER = "narasumber", _("Speaker")
    PARTICIPANT = "peserta", _("Participant")
    ORGANISER = "panitia", _("Organiser")


class CommunityBody(models.TextChoices):
    """Bodies the seeds name at meetings; their people rarely have accounts, so they are listed by kind."""

    LURAH = "lurah", _("Lurah")
    LPM = "lpm", _("LPM (community empowerment board)")
    BKM = "bkm", _("BKM (community self-help board)")
    TP_PKK = "tp_pkk", _("TP-PKK (family welfare movement)")
    KARANG_TARUNA = "karang_taruna", _("Karang Taruna (youth organisation)")
    FASKEL = "faskel", _("Faskel (kelurahan facilitator)")
    DPRD = "dprd", _("DPRD")
    RELIGIOUS_LEADERS = "tokoh_agama", _("Religious leaders")
    COMMUNITY_LEADERS = "tokoh_masyarakat", _("Community leaders")
    WOMEN = "organisasi_perempuan", _("Women's organisations")
    FINANCIAL = "lembaga_keuangan", _("Financial institutions")
    OTHER = "lainnya", _("Other body")


class Participant(models.Model):
    """One line of the invitation list: an OPD, a user, a partner, a community body or a named guest."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    opd = models.ForeignKey(
        "mentoring.Opd", verbose_name=_("OPD"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_participations",
    )
    partner = models.ForeignKey(
        "interventions.Partner",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_participations",
    )
    body = models.CharField(_("community body"), max_length=24, choices=CommunityBody.choices, blank=True)
    # The kecamatan or kelurahan a community body or lurah comes from (TP-PKK Kecamatan vs Kelurahan).
    body_region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("of region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200, blank=True, help_text=_("A named guest or representative."))
    position = models.CharField(pgettext_lazy("meeting participant", "position"), max_length=250, blank=True)
    role = models.CharField(
        _("role"), max_length=12, choices=ParticipantRole.choices, default=ParticipantRole.PARTICIPANT
    )
    topic = models.CharField(_("topic"), max_length=250, blank=True, help_text=_("What a speaker presents."))
    invited = models.BooleanField(_("invited"), default=True)
    # Unknown (None) until the attendance is taken.
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=Q(opd__isnull=False)
                | Q(user__isnull=False)
                | Q(partner__isnull=False)
                | ~Q(body="")
                | ~Q(name=""),
                name="participant_is_someone",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        # The relations are read only when their id is set (``None`` comes back without a query).
        if self.opd is not None:
            return self.opd.abbreviation
        if self.partner is not None:
            return self.partner.name
        if self.user is not None:
            return self.user.get_full_name() or self.user.get_username()
        if self.body:
            label = str(CommunityBody(self.body).label)
            return f"{label} {self.body_region.name}" if self.body_region is not None else label
        return self.name


class MeetingAttachment(models.Model):
    """A photo or document of a meeting. Served only through a view that checks the scope."""

    # Set by ``meeting_queries`` on the attachments a page shows.
    is_photo: bool

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="meetings/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("meeting attachment")
        verbose_name_plural = _("meeting attachments")

    def __str__(self) -> str:
        return self.caption or self.original_name


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("decision"))
    kelurahan = models.ManyToManyField("regions.Region", verbose_name=_("kelurahan"), blank=True, related_name="+")
    # Illustrative content the demo adds where the sources say nothing (shown with a "demo data" badge).
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="decision_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"


class ActionStatus(models.TextChoices):
    # "Open" alone is the verb elsewhere (visits: open a report); the status needs its own translation.
    OPEN = "terbuka", pgettext_lazy("action item status", "Open")
    IN_PROGRESS = "berjalan", _("In progress")
    DONE = "selesai", _("Done")
    CANCELLED = "dibatalkan", _("Cancelled")


CLOSED_STATUSES = (ActionStatus.DONE, ActionStatus.CANCELLED)


class ActionItemQuerySet(models.QuerySet["ActionItem"]):
    def still_open(self) -> ActionItemQuerySet:
        return self.exclude(status__in=CLOSED_STATUSES)

    def overdue(self, today: dt.date | None = None) -> ActionItemQuerySet:
        return self.still_open().filter(due_date__lt=today or timezone.localdate())

    def upcoming(self, days: int = 14, today: dt.date | None = None) -> ActionItemQuerySet:
        today = today or timezone.localdate()
        return self.still_open().filter(due_date__gte=today, due_date__lte=today + dt.timedelta(days=days))

    def owned_by(self, user_id: int | None, opd_id: int | None) -> ActionItemQuerySet:
        """Items a user answers for: its own, and its OPD's when it works for one."""
        owned = Q(owner_user_id=user_id) if user_id is not None else Q(pk__in=[])
        if opd_id:
            owned |= Q(owner_opd_id=opd_id)
        return self.filter(owned)


class ActionItem(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="action_items")
    title = models.CharField(_("what"), max_length=300)
    # Exactly one owner: an OPD, a partner or a user (database check).
    owner_opd = models.ForeignKey(
        "mentoring.Opd",
        verbose_name=_("owner OPD"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    owner_partner = models.ForeignKey(
        "interventions.Partner",
        verbose_name=_("owner partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    kelurahan = models.ForeignKey(
        "regions.Region",
        verbose_name=_("kelurahan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    intervention = models.ForeignKey(
        "interventions.Intervention",
        verbose_name=_("intervention"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionItemQuerySet.as_manager()

    # Set by ``action_queries`` and the views on the items a page shows.
    days_overdue: int

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        indexes = [models.Index(fields=["status", "due_date"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(owner_opd__isnull=False, owner_partner__isnull=True, owner_user__isnull=True)
                    | Q(owner_opd__isnull=True, owner_partner__isnull=False, owner_user__isnull=True)
                    | Q(owner_opd__isnull=True, owner_partner__isnull=True, owner_user__isnull=False)
                ),
                name="action_item_has_one_owner",
            ),
            # A done item says when; an open one has no completion date.
            models.CheckConstraint(
                condition=Q(status=ActionStatus.DONE, completed_on__isnull=False)
                | (~Q(status=ActionStatus.DONE) & Q(completed_on__isnull=True)),
                name="action_item_completion_date_iff_done",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def owner(self) -> models.Model:
        owner = self.owner_opd or self.owner_partner or self.owner_user
        assert owner is not None  # a constraint makes every item have exactly one owner
        return owner

    @property
    def owner_label(self) -> str:
        if self.owner_opd is not None:
            return self.owner_opd.abbreviation
        if self.owner_partner is not None:
            return self.owner_partner.name
        assert self.owner_user is not None  # a constraint makes every item have exactly one owner
        return self.owner_user.get_full_name() or self.owner_user.get_username()

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return not self.is_closed and self.due_date < (today or timezone.localdate())


class ActionItemUpdate(models.Model):
    """A dated note on an action item; a status change is always recorded as one."""

    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    note = models.TextField(_("note"))
    status_before = models.CharField(_("status before"), max_length=12, choices=ActionStatus.choices)
    status_after = models.CharField(_("status after"), max_length=12, choices=ActionStatus.choices)

    class Meta:
        ordering = ["item", "created_at", "pk"]
        verbose_name = _("action item update")
        verbose_name_plural = _("action item updates")

    def __str__(self) -> str:
        return self.note[:80]


class ReminderKind(models.TextChoices):
    UPCOMING = "upcoming", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


class ReminderSent(models.Model):
    """One reminder e-mail per item, kind and day, so a re-run of the task never sends it twice."""

    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    sent_on = models.DateField()
    recipients = models.TextField(help_text="Comma-separated addresses the reminder went to.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "kind", "sent_on"], name="reminder_once_a_day")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.kind} {self.sent_on}"


class TkpkPosition(models.TextChoices):
    KETUA = "ketua", _("Chair (ketua)")
    WAKIL_KETUA = "wakil_ketua", _("Deputy chair (wakil ketua)")
    SEKRETARIS = "sekretaris", _("Secretary (sekretaris)")
    KETUA_POKJA = "ketua_pokja", _("Working group head (ketua pokja)")
    ANGGOTA_POKJA = "anggota_pokja", _("Working group member (anggota pokja)")
    ANGGOTA = "anggota", _("Member (anggota)")


POKJA_POSITIONS = (TkpkPosition.KETUA_POKJA, TkpkPosition.ANGGOTA_POKJA)


class TkpkTeam(models.Model):
    """The TKPK as a decree sets it up for a period (Perpres 15/2010, Permendagri 53/2020)."""

    decree_number = models.CharField(_("decree number"), max_length=120)
    decree_date = models.DateField(_("decree date"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("TKPK team")
        verbose_name_plural = _("TKPK teams")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="tkpk_team_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.decree_number


class TkpkWorkingGroup(models.Model):
    team = models.ForeignKey(TkpkTeam, on_delete=models.CASCADE, related_name="working_groups")
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["team", "order", "pk"]
        verbose_name = _("working group (pokja)")
        verbose_name_plural = _("working groups (pokja)")
        constraints = [models.UniqueConstraint(fields=["team", "name"], name="tkpk_pokja_name_unique")]

    def __str__(self) -> str:
        return self.name


def validate_nip(value: str) -> None:
    """A NIP (Nomor Induk Pegawai) of a civil servant: 18 digits, the birth date (YYYYMMDD), the month the
    appointment began (YYYYMM), the sex (1 or 2) and a serial (BKN's structure)."""
    if not (len(value) == 18 and value.isdigit()):
        raise ValidationError(_("A NIP has 18 digits."), code="nip_length")
    try:
        dt.date(int(value[:4]), int(value[4:6]), int(value[6:8]))
        dt.date(int(value[8:12]), int(value[12:14]), 1)
    except ValueError:
        raise ValidationError(
            _("A NIP begins with a birth date (YYYYMMDD) and the month of appointment (YYYYMM)."), code="nip_dates"
        ) from None
    if value[14] not in "12":
        raise ValidationError(_("The 15th digit of a NIP is the sex: 1 or 2."), code="nip_sex")


class TkpkMember(models.Model):
    """A seat in the team: the office (jabatan) holds it; the person, user, OPD or partner fill it."""

    # Set by ``tkpk_queries`` on the seats a page shows.
    holder: str

    team = models.ForeignKey(TkpkTeam, on_delete=models.CASCADE, related_name="members")
    position = models.CharField(_("position"), max_length=14, choices=TkpkPosition.choices)
    working_group = models.ForeignKey(
        TkpkWorkingGroup, verbose_name=_("working group"), null=True, blank=True, on_delete=models.CASCADE
    )
    office = models.CharField(_("office (jabatan)"), max_length=250)
    person_name = models.CharField(_("name"), max_length=200, blank=True)
    # Printed under the name where a civil servant signs for the team (the LP2KD); an elected chair has none.
    nip = models.CharField(_("NIP"), max_length=18, blank=True, validators=[validate_nip])
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL
    )
    opd = models.ForeignKey("mentoring.Opd", verbose_name=_("OPD"), null=True, blank=True, on_delete=models.PROTECT)
    partner = models.ForeignKey(
        "interventions.Partner", verbose_name=_("partner"), null=True, blank=True, on_delete=models.PROTECT
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["team", "order", "pk"]
        verbose_name = _("TKPK member")
        verbose_name_plural = _("TKPK members")
        constraints = [
            # Pokja seats belong to a pokja; the chair, deputy, secretary and plain members do not.
            models.CheckConstraint(
                condition=Q(position__in=POKJA_POSITIONS, working_group__isnull=False)
                | (~Q(position__in=POKJA_POSITIONS) & Q(working_group__isnull=True)),
                name="tkpk_member_pokja_iff_pokja_position",
            ),
            models.UniqueConstraint(
                fields=["team", "position"],
                condition=Q(position__in=["ketua", "wakil_ketua", "sekretaris"]),
                name="tkpk_one_chair_deputy_secretary",
            ),
            models.UniqueConstraint(
                fields=["working_group"],
                condition=Q(position="ketua_pokja"),
                name="tkpk_one_head_per_pokja",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_position_display()}: {self.office}"
