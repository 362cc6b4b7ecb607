"""Reads of the audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    LogEntry.Action.CREATE: _("created"),
    LogEntry.Action.UPDATE: _("changed"),
    LogEntry.Action.DELETE: _("deleted"),
    LogEntry.Action.ACCESS: _("viewed or exported personal data"),
}


def audited_content_types() -> list[ContentType]:
    models = sorted(auditlog.get_models(), key=lambda m: str(m._meta.verbose_name))
    return [ContentType.objects.get_for_model(m) for m in models]


def search_audit_log(filters: dict[str, Any]) -> QuerySet[LogEntry]:
    """Entries matching the filter form's cleaned data, newest first."""
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
    if text := filters.get("q"):
        entries = entries.filter(
            Q(object_repr__icontains=text)
            | Q(changes_text__icontains=text)
            | Q(object_pk=text)
            | Q(changes__icontains=text)
        )
    if actor := filters.get("actor"):
        entries = entries.filter(Q(actor__username__icontains=actor) | Q(actor_email__icontains=actor))
    if (action := filters.get("action")) not in (None, ""):
        entries = entries.filter(action=int(action))
    if model := filters.get("model"):
        entries = entries.filter(content_type_id=int(model))
    tz = timezone.get_current_timezone()
    if date_from := filters.get("date_from"):
        entries = entries.filter(timestamp__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=tz))
    if date_to := filters.get("date_to"):
        entries = entries.filter(
            timestamp__lt=dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        )
    return entries
