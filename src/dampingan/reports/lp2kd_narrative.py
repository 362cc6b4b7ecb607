"""What the TKPK writes itself into the LP2KD of a year: the local Perda of its legal basis, the problems met
and the recommendations (chapter VIII). Plain text; a blank line starts a new paragraph. One record per year,
edited on the LP2KD's page by whoever may request the LP2KD (the TKPK admin) and read by the builder, so a
regenerated draft carries the text as it stands; an approved LP2KD keeps the text it was approved with.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dampingan.access.audit import acting_as
from dampingan.access.scope import Scope

if TYPE_CHECKING:
    from dampingan.accounts.models import User

MAX_CHARS = 20_000


class Lp2kdNarrative(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    perda = models.CharField(
        _("local regulation (Perda)"),
        max_length=250,
        blank=True,
        help_text=_("The region's own regulation on poverty reduction, e.g. its number, year and title."),
    )
    problems = models.TextField(_("problems met"), blank=True, max_length=MAX_CHARS)
    recommendations = models.TextField(_("recommendations"), blank=True, max_length=MAX_CHARS)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("edited by"), on_delete=models.PROTECT, related_name="+"
    )
    edited_at = models.DateTimeField(_("edited at"), default=timezone.now)

    class Meta:
        app_label = "reports"
        verbose_name = _("LP2KD narrative")
        verbose_name_plural = _("LP2KD narratives")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"LP2KD {self.year}"


def narrative_for(year: int) -> Lp2kdNarrative | None:
    return Lp2kdNarrative.objects.filter(year=year).select_related("edited_by").first()


def paragraphs(text: str) -> list[str]:
    """Paragraphs of plain text: separated by a blank line; lines inside a paragraph joined by a space."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return [" ".join(line.strip() for line in block.splitlines() if line.strip()) for block in blocks if block.strip()]


def may_edit(scope: Scope) -> bool:
    """Who may request the LP2KD may write its text (the TKPK admin)."""
    from .access import may_request
    from .kinds import ReportKind, ReportParameters

    return may_request(scope, ReportKind.LP2KD, ReportParameters(timezone.localdate().year))


def save_narrative(actor: User, year: int, *, perda: str, problems: str, recommendations: str) -> Lp2kdNarrative:
    """Create or replace the text of ``year``'s LP2KD (one transaction, audited)."""
    if not may_edit(Scope.for_user(actor)):
        raise PermissionDenied("request_reports")
    with transaction.atomic(), acting_as(actor):
        narrative, _created = Lp2kdNarrative.objects.select_for_update().get_or_create(
            year=year, defaults={"edited_by": actor}
        )
        narrative.perda = perda.strip()
        narrative.problems = problems.strip()
        narrative.recommendations = recommendations.strip()
        narrative.edited_by = actor
        narrative.edited_at = timezone.now()
        narrative.full_clean()
        narrative.save()
    return narrative
