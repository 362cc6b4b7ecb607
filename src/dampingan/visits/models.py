"""The mentoring team of an OPD in its kelurahan, its visits, and its monthly reports to the TKPK."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TeamRole(models.TextChoices):
    KETUA = "ketua", _("Coordinator (ketua)")
    ANGGOTA = "anggota", _("Member (anggota)")


class TeamMemberQuerySet(models.QuerySet["TeamMember"]):
    def active(self, on: dt.date | None = None) -> TeamMemberQuerySet:
        day = on or timezone.localdate()
        return self.filter(since__lte=day).filter(Q(until__isnull=True) | Q(until__gte=day))

    def of(self, kelurahan_code: str) -> TeamMemberQuerySet:
        # The coordinator first, then members by seniority.
        coordinator_first = models.Case(models.When(role=TeamRole.KETUA, then=0), default=1)
        return (
            self.filter(kelurahan_id=kelurahan_code)
            .select_related("user", "opd")
            .order_by(coordinator_first, "since", "user__first_name")
        )


class TeamMember(models.Model):
    """A person of an OPD on the team that mentors one kelurahan, for a period."""

    opd = models.ForeignKey("mentoring.Opd", verbose_name=_("OPD"), on_delete=models.PROTECT, related_name="team")
    kelurahan = models.ForeignKey(
        "regions.Region", verbose_name=_("kelurahan"), on_delete=models.PROTECT, related_name="team_members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="team_memberships"
    )
    role = models.CharField(_("role in the team"), max_length=10, choices=TeamRole.choices, default=TeamRole.ANGGOTA)
    since = models.DateField(_("member since"))
    until = models.DateField(_("member until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TeamMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["kelurahan", "role", "since"]
        constraints = [
            # An open-ended membership is the active one; a person holds at most one per OPD and kelurahan.
            models.UniqueConstraint(
                fields=["opd", "kelurahan", "user"],
                condition=Q(until__isnull=True),
                name="team_member_one_active_membership",
                violation_error_message=_("This person is already on the team."),
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="team_member_period_ordered",
                violation_error_message=_("A membership cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.opd})"

    def clean(self) -> None:
        super().clean()
        if self.user_id and self.opd_id and self.user.opd_id != self.opd_id:
            raise ValidationError({"user": _("Only a user of the OPD itself can join its mentoring team.")})


class VisitQuerySet(models.QuerySet["Visit"]):
    def of(self, kelurahan_code: str) -> VisitQuerySet:
        return (
            self.filter(kelurahan_id=kelurahan_code)
            .select_related("opd", "recorded_by", "kelurahan")
            .prefetch_related("photos")
            .order_by("-date", "-created_at")
        )


class Visit(models.Model):
    """One mentoring visit of an OPD to its kelurahan: what was done, who took part, what was found."""

    kelurahan = models.ForeignKey(
        "regions.Region", verbose_name=_("kelurahan"), on_delete=models.PROTECT, related_name="visits"
    )
    opd = models.ForeignKey("mentoring.Opd", verbose_name=_("OPD"), on_delete=models.PROTECT, related_name="visits")
    date = models.DateField(_("date of the visit"))
    activity = models.TextField(_("activity"))
    participants = models.TextField(
        _("participants"), blank=True, help_text=_("Names and bodies present: lurah, LPM, PKK, residents…")
    )
    participant_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("participants with an account"), blank=True, related_name="+"
    )
    findings = models.TextField(_("findings"), blank=True)
    follow_ups = models.TextField(_("follow-ups"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-date", "-created_at"]
        indexes = [models.Index(fields=["kelurahan", "-date"])]

    def __str__(self) -> str:
        return f"{self.kelurahan} {self.date:%Y-%m-%d}"


class VisitPhoto(models.Model):
    """A photo of a visit. Served only through a view that checks the scope, never as public media."""

    visit = models.ForeignKey(Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to="visits/%Y/%m/")
    content_type = models.CharField(_("content type"), max_length=20)
    size = models.PositiveIntegerField(_("size in bytes"))
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("visit photo")
        verbose_name_plural = _("visit photos")
        ordering = ["pk"]

    def __str__(self) -> str:
        # The image is required: a stored photo always has a file name.
        return self.caption or cast(str, self.image.name)


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    REVIEWED = "reviewed", _("Reviewed")
    RETURNED = "returned", _("Returned")


class MonthlyReportQuerySet(models.QuerySet["MonthlyReport"]):
    def of(self, kelurahan_code: str) -> MonthlyReportQuerySet:
        return self.filter(kelurahan_id=kelurahan_code).select_related("opd", "submitted_by", "reviewed_by")


class MonthlyReport(models.Model):
    """The monthly progress report an OPD sends the TKPK on its kelurahan: draft → submitted → reviewed,
    or returned with a note and submitted again."""

    kelurahan = models.ForeignKey(
        "regions.Region", verbose_name=_("kelurahan"), on_delete=models.PROTECT, related_name="monthly_reports"
    )
    opd = models.ForeignKey(
        "mentoring.Opd", verbose_name=_("OPD"), on_delete=models.PROTECT, related_name="monthly_reports"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month reported on."))
    # Blank while drafting; submit_report requires it.
    summary = models.TextField(_("progress summary"), blank=True)
    activities = models.TextField(_("activities"), blank=True)
    obstacles = models.TextField(_("obstacles"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    objects = MonthlyReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        ordering = ["kelurahan", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["kelurahan", "month"],
                name="monthly_report_one_per_kelurahan_month",
                violation_error_message=_("This kelurahan already has a report for that month."),
            ),
            models.CheckConstraint(
                condition=Q(month__day=1),
                name="monthly_report_month_is_first_day",
                violation_error_message=_("The month is stored as its first day."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[ReportStatus.SUBMITTED, ReportStatus.REVIEWED])
                | Q(submitted_by__isnull=False, submitted_at__isnull=False),
                name="monthly_report_submitted_has_submitter",
                violation_error_message=_("A submitted report records who submitted it and when."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[ReportStatus.REVIEWED, ReportStatus.RETURNED])
                | Q(reviewed_by__isnull=False, reviewed_at__isnull=False),
                name="monthly_report_reviewed_has_reviewer",
                violation_error_message=_("A reviewed or returned report records who reviewed it and when."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.RETURNED) | ~Q(review_note=""),
                name="monthly_report_returned_has_note",
                violation_error_message=_("A returned report needs a note saying what to change."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kelurahan} {self.month:%Y-%m}"

    @property
    def is_editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
