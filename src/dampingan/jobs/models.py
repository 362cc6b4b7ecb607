"""Background work: one row per run of a job (a registry file checked or imported, a report generated).

The app that owns a kind of job names it (``kind``, e.g. "registry.import") and what it works on (``subject``,
e.g. "registry-upload:12", "report:5"), queues the task and marks the run; its live progress is in
jobs/progress.py. This app knows no other: ``subject`` is a string, not a foreign key.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


RUNNING_JOB_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)


class Job(models.Model):
    """One run of background work, queued by a person."""

    kind = models.CharField(_("kind"), max_length=40)
    subject = models.CharField(_("subject"), max_length=80)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    # What the run was asked to do beyond its subject, e.g. {"from_frozen": true} for a report.
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # The stage the run ended in (its live stage is in jobs/progress.py while it runs).
    stage = models.CharField(_("stage"), max_length=20, blank=True)
    error_message = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["subject", "-created_at"], name="job_subject_created")]
        constraints = [
            # Two requests for the same subject at once: the database lets one job run, the other is refused.
            models.UniqueConstraint(
                fields=["subject"],
                condition=Q(status__in=["queued", "running"]),
                name="job_one_running_per_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_JOB_STATUSES
