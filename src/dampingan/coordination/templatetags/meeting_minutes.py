"""``{{ meeting.minutes|minutes_html }}``: the minutes' Markdown as sanitised HTML (coordination/minutes.py)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from dampingan.coordination.minutes import render_minutes

register = template.Library()


@register.filter
def minutes_html(text: str | None) -> SafeString:
    return render_minutes(text or "")
