"""The kinds of report, what each is made for (year, OPD, kelurahan) and which builder makes it.

A builder is a module under ``reports/builders/`` with ``build(parameters, *, today) -> Document``. A kind
whose builder module does not exist yet is listed but cannot be requested (the LP2KD and the kelurahan
profile arrive in a later change, on the same engine).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import import_module
from types import ModuleType
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 2010  # Perpres 15/2010 created the TKPK; no report reaches further back


class ReportKind(models.TextChoices):
    LP2KD = "lp2kd", _("LP2KD (annual poverty reduction implementation report)")
    KELURAHAN_PROFILE = "kelurahan_profile", _("Kelurahan profile")
    OPD_MENTORING = "opd_mentoring", _("OPD mentoring report")


@dataclass(frozen=True)
class KindSpec:
    kind: ReportKind
    needs_opd: bool
    needs_kelurahan: bool
    builder: str  # module path

    def builder_module(self) -> ModuleType | None:
        try:
            return import_module(self.builder)
        except ModuleNotFoundError as exc:
            if exc.name is None or not self.builder.startswith(exc.name):
                raise  # an import error inside the builder, not a builder that does not exist yet
            return None

    @property
    def available(self) -> bool:
        return self.builder_module() is not None


KINDS: dict[str, KindSpec] = {
    ReportKind.LP2KD: KindSpec(ReportKind.LP2KD, False, False, "dampingan.reports.builders.lp2kd"),
    ReportKind.KELURAHAN_PROFILE: KindSpec(
        ReportKind.KELURAHAN_PROFILE, False, True, "dampingan.reports.builders.kelurahan_profile"
    ),
    ReportKind.OPD_MENTORING: KindSpec(
        ReportKind.OPD_MENTORING, True, False, "dampingan.reports.builders.opd_mentoring"
    ),
}


@dataclass(frozen=True)
class ReportParameters:
    """What one report is about. ``subject_key`` names it uniquely within its kind."""

    year: int
    opd_id: int | None = None
    kelurahan_code: str = ""

    @property
    def subject_key(self) -> str:
        parts = [str(self.year)]
        if self.opd_id is not None:
            parts.append(f"opd-{self.opd_id}")
        if self.kelurahan_code:
            parts.append(self.kelurahan_code)
        return "/".join(parts)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"year": self.year}
        if self.opd_id is not None:
            data["opd_id"] = self.opd_id
        if self.kelurahan_code:
            data["kelurahan_code"] = self.kelurahan_code
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReportParameters:
        return cls(int(data["year"]), data.get("opd_id"), data.get("kelurahan_code", ""))

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.year, 12, 31)
