"""Reports generated from the records, their sign-off and their files (the jobs that make them are jobs.Job).

One ``Report`` per kind and subject (the OPD mentoring report of DLH for 2025): generating it again
replaces its draft figures, never those of an approved one. The sign-off follows DHIS2's data approval:
draft → reviewed (the TKPK secretariat checked it) → approved (by whoever answers for the figures: the
OPD, the lurah, the TKPK secretary). Approval freezes the document: ``frozen_content`` holds the figures
as they were approved, and every later file is rendered from it, whatever happens to the records.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .kinds import ReportKind


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Reviewed")
    APPROVED = "approved", _("Approved")


class Report(models.Model):
    kind = models.CharField(_("type"), max_length=20, choices=ReportKind.choices)
    subject_key = models.CharField(max_length=80)
    parameters = models.JSONField(_("parameters"))
    year = models.PositiveSmallIntegerField(_("year"))
    opd = models.ForeignKey(
        "mentoring.Opd", verbose_name=_("OPD"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kelurahan = models.ForeignKey(
        "regions.Region",
        verbose_name=_("kelurahan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=250)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    # The document (document.Document.to_json()) of the latest generation; None until the first job ends.
    content = models.JSONField(_("content"), null=True, blank=True)
    content_built_at = models.DateTimeField(_("figures read at"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    # The figures as approved: set once, at approval, and never rebuilt.
    frozen_content = models.JSONField(_("approved figures"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-year", "kind", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_key"],
                name="report_one_per_kind_and_subject",
                violation_error_message=_("This report already exists."),
            ),
            models.CheckConstraint(
                condition=Q(status=ReportStatus.DRAFT) | Q(reviewed_by__isnull=False, reviewed_at__isnull=False),
                name="report_reviewed_has_reviewer",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.APPROVED)
                | Q(approved_by__isnull=False, approved_at__isnull=False, frozen_content__isnull=False),
                name="report_approved_is_frozen",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_approved(self) -> bool:
        return self.status == ReportStatus.APPROVED

    @property
    def shown_content(self) -> dict | None:
        """What the files show: the frozen figures once approved, otherwise the latest generation."""
        return self.frozen_content if self.is_approved else self.content


class ReportFormat(models.TextChoices):
    DOCX = "docx", "DOCX"
    XLSX = "xlsx", "XLSX"
    PDF = "pdf", "PDF"


def report_file_path(instance: ReportFile, filename: str) -> str:
    return f"reports/{instance.report_id}/{filename}"


class ReportFile(models.Model):
    """A generated file, kept so that it can be downloaded again exactly as it was made."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")
    # The generation that made it (a jobs.Job of kind "reports.generate").
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    format = models.CharField(_("format"), max_length=4, choices=ReportFormat.choices)
    file = models.FileField(_("file"), upload_to=report_file_path)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # The report's status when the file was made: a draft's file stays a draft's file.
    report_status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices)
    generated_at = models.DateTimeField(_("generated at"), default=timezone.now)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("generated by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["-generated_at", "-pk"]

    def __str__(self) -> str:
        assert self.file.name is not None  # the file is required
        return self.file.name


from .lp2kd_narrative import Lp2kdNarrative  # noqa: E402, F401 - the LP2KD's own text, a model of this app
