"""``{% lp2kd_narrative report %}``: the LP2KD's text form on the report's page, for who may write it."""

from __future__ import annotations

from typing import Any

from django import template

from dampingan.access.requests import scope_of

from ..kinds import ReportKind
from ..lp2kd_forms import Lp2kdNarrativeForm
from ..lp2kd_narrative import may_edit, narrative_for

register = template.Library()


@register.inclusion_tag("reports/_lp2kd_narrative.html", takes_context=True)
def lp2kd_narrative(context: dict[str, Any], report: Any) -> dict[str, Any]:
    shown = report.kind == ReportKind.LP2KD and not report.is_approved and may_edit(scope_of(context["request"]))
    narrative = narrative_for(report.year) if shown else None
    form = context.get("narrative_form") or (Lp2kdNarrativeForm(instance=narrative) if shown else None)
    return {
        "shown": shown,
        "form": form,
        "report": report,
        "narrative": narrative,
        "csrf_token": context.get("csrf_token"),
    }
